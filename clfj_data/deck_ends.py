"""The deck's first and last slides: the programme and what its changes add up to, and the
closing slide that ends a meeting as the story does (key figures, sources, thanks, a QR code)."""

from __future__ import annotations

import io

from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from . import i18n
from .dates import DAY, format_date
from .deck_shapes import ACCENT, BOX, MUTED, TITLE_SIZES, WARNING, bar, describe, plain, text_box
from .links import qr_png
from .summary import key_figures
from .tables import local_date
from .wording import frame_span, key_figures_sentence, period_line, where_sentence

SLIDE_TALL = 7.5  # inches
# The title block's height: to the end of the intro's words, and to the end of the filters' line.
TITLE_BLOCK = (4.6, 5.45)
QR_BOX = (9.75, 1.3, 3.0, 3.0)  # where the closing slide's QR code sits


def title_slide(frame, programme, version, filters_text, notice, draft, lang, slide):
    """The programme's heading and name, the period its milestones span, its partnership, what
    its changes add up to and its introduction; the filters beneath, where there are any. The
    data's version and when it was published stand apart, small, at the foot of the slide."""
    _ = i18n.translator(lang)
    bar(slide, (0, 0, 0.25, 7.5), ACCENT, "Accent")
    if notice:
        text_box(
            slide, (0.8, 0.15, 11.7, 0.5), notice, (18, 16), "Notice", bold=True, colour=WARNING, lang=lang
        )
    # The title block stands in the middle of the slide, whether or not the filters follow it.
    top = (SLIDE_TALL - TITLE_BLOCK[1 if filters_text else 0]) / 2
    text_box(
        slide, (0.8, top, 11.7, 0.6), programme.heading, (20,), "Heading", bold=True, colour=ACCENT, lang=lang
    )
    text_box(
        slide,
        (0.8, top + 0.55, 11.7, 1.1),
        programme.name,
        (40, 36, 32, 28),
        "Programme",
        bold=True,
        lang=lang,
    )
    text_box(slide, (0.8, top + 1.6, 11.7, 0.5), period_line(frame, lang), (24, 20, 18), "Period", lang=lang)
    partnership = (0.8, top + 2.2, 11.7, 0.9)  # set apart from the period above it
    text_box(
        slide, partnership, programme.partnership, (18, 16, 14, 12), "Partnership", colour=MUTED, lang=lang
    )
    # What the changes add up to (its dates are the period's, above), then the framing line that
    # speaks of the figures.
    figures = key_figures_sentence(key_figures(frame, lang), lang, dated=False)
    text_box(
        slide, (0.8, top + 3.15, 11.7, 1.0), figures, (24, 20, 18, 16), "Key figures", bold=True, lang=lang
    )
    text_box(slide, (0.8, top + 4.15, 11.7, 0.8), programme.intro, (24, 20, 18, 16), "Intro", lang=lang)
    if filters_text:
        shown = _("Filters: {filters}").format(filters=filters_text)
        text_box(
            slide, (0.8, top + 5.0, 11.7, 0.5), shown, (20, 18, 16, 14), "Filters", colour=MUTED, lang=lang
        )
    if version is not None:  # where the figures come from, not when the changes happened
        when = format_date(local_date(version.published_at), DAY, lang)
        source = _("Data: version {version}, published {date}").format(version=version.version, date=when)
        text_box(slide, (0.8, 6.6, 11.7, 0.4), source, (14, 12), "Data source", colour=MUTED, lang=lang)
    if draft:  # quietly, at the foot of the slide
        text_box(slide, (0.8, 7.0, 11.7, 0.4), draft, (12,), "Translation", colour=MUTED, lang=lang)


def closing_slide(frame, programme, dashboard_url, draft, lang, slide):
    """The end of the meeting, as the story ends it: what the changes add up to, the sources,
    thanks, and a QR code to the live dashboard (else to the programme's results page); its
    words in ``lang``, and the ``draft`` translation's line (if any) quietly at its foot."""
    _, ngettext = i18n.translator(lang), i18n.plural_translator(lang)
    figures = key_figures(frame, lang)
    bar(slide, (0, 0, 0.25, 7.5), ACCENT, "Accent")
    kicker = _("What the changes add up to")
    text_box(slide, (0.8, 0.45, 8.4, 0.45), kicker, (18,), "Kicker", bold=True, colour=ACCENT, lang=lang)
    changes = ngettext("{count} systemic change, {span}", "{count} systemic changes, {span}", figures.changes)
    heading = changes.format(count=f"{figures.changes:,}", span=frame_span(frame, lang)) if len(frame) else (
        _("No systemic changes to show.")
    )  # fmt: skip
    text_box(slide, (0.8, 0.85, 8.4, 1.05), heading, TITLE_SIZES, "Title", bold=True, lang=lang)
    if len(frame):
        _figure_boxes(slide, figures, lang)
        text_box(
            slide, (0.8, 3.45, 8.4, 0.85), where_sentence(figures, lang), (18, 16, 14), "Where", lang=lang
        )
    sources = [s for s in dict.fromkeys(frame["source"]) if s and s != programme.source_url]
    page = _("{name} {heading} page:").format(name=programme.name, heading=programme.heading.lower())
    lines = [page, programme.source_url, *(["", _("The milestones also cite:"), *sources] if sources else [])]
    text_box(
        slide, (0.8, 4.35, 8.4, 1.7), "\n".join(lines), (16, 14, 12, 10, 9), "Sources", link=True, lang=lang
    )
    text_box(
        slide, (0.8, 6.15, 8.4, 0.9), _("Thank you"), (40,), "Thanks", bold=True, colour=ACCENT, lang=lang
    )
    if draft:  # with the sources: where the words come from, and how far to trust them
        text_box(slide, (0.8, 7.05, 11.7, 0.35), draft, (12,), "Translation", colour=MUTED, lang=lang)
    said = _qr_code(slide, programme, dashboard_url, _)
    notes = [programme.source_url, *sources, "", said]
    slide.notes_slide.notes_text_frame.text = plain("\n".join(notes))


def _qr_code(slide, programme, dashboard_url, _) -> str:
    """The QR code for the live dashboard (else the programme's results page), its caption and
    its link beneath, in the words of ``_``; returns what the speaker notes say it opens."""
    target = dashboard_url or programme.source_url
    picture = slide.shapes.add_picture(io.BytesIO(qr_png(target)), *(Inches(v) for v in QR_BOX))
    picture.name = "QR code"
    below = QR_BOX[1] + QR_BOX[3] + 0.1
    if dashboard_url:
        describe(picture, _("QR code for the live dashboard: {address}").format(address=dashboard_url))
        caption, name = _("Scan to explore every change"), "Dashboard link"
        said = _("The QR code opens the live dashboard with this deck's filters: {address}")
    else:
        describe(picture, _("QR code for the programme's results page: {address}").format(address=target))
        caption, name = _("Scan for every change on the results page"), "Results page link"
        said = _("The QR code opens the programme's results page: {address}")
    caption = text_box(
        slide, (9.25, below, 4.0, 0.8), caption, (18, 16, 14), "QR caption", bold=True, colour=ACCENT
    )
    caption.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    link = text_box(slide, (9.25, below + 0.8, 4.0, 1.3), target, (14, 12), name, link=True)
    link.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    return said.format(address=target)


def _figure_boxes(slide, figures, lang: str) -> None:
    """The key figures in a row of boxes, the number large above what it counts (in ``lang``)."""
    _ = i18n.translator(lang)
    shown = [  # (what it counts, its label, the figure, how much of the row it takes)
        ("Systemic changes", _("Systemic changes"), f"{figures.changes:,}", 1.45),  # its label the longest
        ("States", _("States"), f"{figures.states:,}", 1.0),
        ("Sectors", _("Sectors"), f"{figures.sectors:,}", 1.0),
        ("Years", _("Years"), figures.years, 1.55),  # "2019–2022" is longer than a count
    ]
    gap, top, height = 0.15, 2.05, 1.25
    unit = (8.4 - gap * (len(shown) - 1)) / sum(share for *_, share in shown)
    left = 0.8
    for name, label, value, share in shown:
        width = unit * share
        bar(slide, (left, top, width, height), BOX, f"Figure box: {name}")
        number, words = (left + 0.1, top + 0.08, width - 0.2, 0.75), (left + 0.1, top + 0.8, width - 0.2, 0.4)
        text_box(slide, number, value, (36, 32, 28, 24), f"Figure: {name}", bold=True)
        text_box(slide, words, label, (14, 12), f"Figure label: {name}", colour=MUTED)
        left += width + gap
