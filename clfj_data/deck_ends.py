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
from .wording import frame_span, key_figures_sentence, list_words, plural

TITLE_ROOM = 6.4  # inches of the title slide below its top margin, for the title block
TITLE_BLOCK = (4.3, 5.5)  # the height its words take without, and with, the version and filters
QR_BOX = (9.75, 1.3, 3.0, 3.0)  # where the closing slide's QR code sits


def title_slide(frame, programme, version, filters_text, notice, draft, slide):
    """The programme's heading, name and partnership, what its changes add up to and its
    introduction; the data's version and ``filters_text`` beneath, where given."""
    bar(slide, (0, 0, 0.25, 7.5), ACCENT, "Accent")
    if notice:
        text_box(slide, (0.8, 0.15, 11.7, 0.5), notice, (18, 16), "Notice", bold=True, colour=WARNING)
    holds = []
    if version is not None:
        when = format_date(version.published_at.date(), DAY)
        holds.append(f"Data version {version.version}, published {when}")
    if filters_text:
        holds.append(f"Filters: {filters_text}")
    # The title block stands in the middle of the slide, whether or not a line on the data's
    # version and filters follows it.
    block = TITLE_BLOCK[1] if holds else TITLE_BLOCK[0]
    top = 0.7 + (TITLE_ROOM - block) / 2
    text_box(slide, (0.8, top, 11.7, 0.6), programme.heading, (20,), "Heading", bold=True, colour=ACCENT)
    text_box(slide, (0.8, top + 0.55, 11.7, 1.2), programme.name, (40, 36, 32, 28), "Programme", bold=True)
    partnership = (0.8, top + 1.75, 11.7, 1.0)
    text_box(slide, partnership, programme.partnership, (18, 16, 14, 12), "Partnership", colour=MUTED)
    # What the changes add up to, then the framing line that speaks of the figures.
    figures = key_figures_sentence(key_figures(frame))
    text_box(slide, (0.8, top + 2.8, 11.7, 1.0), figures, (24, 20, 18, 16), "Key figures", bold=True)
    text_box(slide, (0.8, top + 3.85, 11.7, 0.8), programme.intro, (24, 20, 18, 16), "Intro")
    if holds:
        box = (0.8, top + 4.8, 11.7, 1.4)
        text_box(slide, box, "\n".join(holds), (20, 18, 16, 14), "Deck contents", colour=MUTED)
    if draft:  # quietly, at the foot of the slide
        text_box(slide, (0.8, 6.95, 11.7, 0.4), draft, (12,), "Translation", colour=MUTED)


def closing_slide(frame, programme, dashboard_url, lang, slide):
    """The end of the meeting, as the story ends it: what the changes add up to, the sources,
    thanks, and a QR code to the live dashboard (else to the programme's results page)."""
    figures = key_figures(frame)
    bar(slide, (0, 0, 0.25, 7.5), ACCENT, "Accent")
    text_box(
        slide, (0.8, 0.45, 8.4, 0.45), "What the changes add up to", (18,), "Kicker", bold=True, colour=ACCENT
    )
    heading = f"{plural(figures.changes, 'systemic change')}, {frame_span(frame, lang)}" if len(frame) else (
        "No systemic changes to show"
    )  # fmt: skip
    text_box(slide, (0.8, 0.85, 8.4, 1.05), heading, TITLE_SIZES, "Title", bold=True)
    if len(frame):
        _figure_boxes(slide, figures)
        where = [f"In {list_words(figures.state_names)}"] if figures.state_names else []
        where.append(f"across {list_words(figures.sector_names)}")
        text_box(slide, (0.8, 3.45, 8.4, 0.85), ", ".join(where) + ".", (18, 16, 14), "Where")
    sources = [s for s in dict.fromkeys(frame["source"]) if s and s != programme.source_url]
    lines = [f"{programme.name} {programme.heading.lower()} page:", programme.source_url]
    lines += ["", "The milestones also cite:", *sources] if sources else []
    text_box(slide, (0.8, 4.35, 8.4, 1.7), "\n".join(lines), (16, 14, 12, 10, 9), "Sources", link=True)
    _ = i18n.translator(lang)
    text_box(slide, (0.8, 6.15, 8.4, 0.9), _("Thank you"), (40,), "Thanks", bold=True, colour=ACCENT)
    said = _qr_code(slide, programme, dashboard_url)
    notes = [programme.source_url, *sources, "", said]
    slide.notes_slide.notes_text_frame.text = plain("\n".join(notes))


def _qr_code(slide, programme, dashboard_url) -> str:
    """The QR code for the live dashboard (else the programme's results page), its caption and
    its link beneath; returns what the speaker notes say it opens."""
    target = dashboard_url or programme.source_url
    picture = slide.shapes.add_picture(io.BytesIO(qr_png(target)), *(Inches(v) for v in QR_BOX))
    picture.name = "QR code"
    below = QR_BOX[1] + QR_BOX[3] + 0.1
    if dashboard_url:
        describe(picture, f"QR code for the live dashboard: {dashboard_url}")
        caption, name = "Scan to explore every change", "Dashboard link"
        said = f"The QR code opens the live dashboard with this deck's filters: {dashboard_url}"
    else:
        describe(picture, f"QR code for the programme's results page: {target}")
        caption, name = "Scan for every change on the results page", "Results page link"
        said = f"The QR code opens the programme's results page: {target}"
    caption = text_box(
        slide, (9.25, below, 4.0, 0.8), caption, (18, 16, 14), "QR caption", bold=True, colour=ACCENT
    )
    caption.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    link = text_box(slide, (9.25, below + 0.8, 4.0, 1.3), target, (14, 12), name, link=True)
    link.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    return said


def _figure_boxes(slide, figures) -> None:
    """The key figures in a row of boxes, the number large above what it counts."""
    shown = [  # (what it counts, the figure, how much of the row it takes)
        ("Systemic changes", f"{figures.changes:,}", 1.45),  # its label the longest
        ("States", f"{figures.states:,}", 1.0),
        ("Sectors", f"{figures.sectors:,}", 1.0),
        ("Years", figures.years, 1.55),  # "2019–2022" is longer than a count
    ]
    gap, top, height = 0.15, 2.05, 1.25
    unit = (8.4 - gap * (len(shown) - 1)) / sum(share for *_, share in shown)
    left = 0.8
    for label, value, share in shown:
        width = unit * share
        bar(slide, (left, top, width, height), BOX, f"Figure box: {label}")
        number, words = (left + 0.1, top + 0.08, width - 0.2, 0.75), (left + 0.1, top + 0.8, width - 0.2, 0.4)
        text_box(slide, number, value, (36, 32, 28, 24), f"Figure: {label}", bold=True)
        text_box(slide, words, label, (14, 12), f"Figure label: {label}", colour=MUTED)
        left += width + gap
