"""A PowerPoint deck of the milestones for presenters: title, timeline, counts, one slide per change."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

from . import i18n
from .counts import TWO_STATES_NOTE, count_by_sector, count_by_state, counts_sentence, names_two_states
from .dates import DAY, format_date, period_ends
from .devanagari import mark_devanagari
from .framing import Framing
from .links import qr_png
from .markup import xml_safe
from .programme import Programme
from .schema import ONE_WEB_LINK as _WEB_LINK
from .sectors import OKABE_ITO, sector_colour, sector_labels, sector_order
from .slides import Slides
from .states import NOT_SPECIFIED
from .story import story_order
from .summary import key_figures
from .timeline_labels import DECK_LABELS, Mark, lay_out
from .translation import any_draft, draft_line, in_language, is_draft
from .wording import (
    facts_line,
    frame_span,
    key_figures_sentence,
    list_words,
    milestone_when,
    picture_line,
    plural,
)

if TYPE_CHECKING:
    from .store import VersionInfo

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: PowerPoint's 16:9
WIDE = 13.333
INK, MUTED, ACCENT, BOX = "#222222", "#55606B", OKABE_ITO["blue"], "#EAF2F8"
WARNING = "#A33C00"  # Okabe-Ito's vermillion, darkened to 6:1 on white for text
TITLE_SIZES = (36, 32, 28, 24)
TITLE_ROOM = 6.4  # inches of the title slide below its top margin, for the title block
TITLE_BLOCK = (4.3, 5.5)  # the height its words take without, and with, the version and filters
BODY_SIZES = (20, 18, 16, 14, 12, 10, 9)
RATIONALE_SIZES = (24, 22, 20, 18, 16, 14, 12, 10, 9)
# The native timeline, in inches: the line, its markers, and the label boxes above and below it.
LINE_Y, DOT, TRACK = 4.05, 0.28, (0.35, WIDE - 0.35)
LABEL_SIZES = (14, 13, 12)  # 12 pt still reads from the back of a room
# In points from the line: labels start clear of the year ticks and of an era's band, and end
# before the title above and the legend below.
CLEAR_OF_LINE, LABEL_ROOM = 33, 190
MOST_LABELS = 60  # milestones the timeline slide tries to label; the notes list every one
LEADER = "#B8C0C8"
ERA_FILL, ERA_TOP, ERA_BOTTOM = "#EEF1F4", 3.62, 4.48  # an era's band about the line, behind the markers
QR_BOX = (9.75, 1.3, 3.0, 3.0)  # where the closing slide's QR code sits
PICTURE_BOX, CREDIT_HEIGHT = (7.25, 2.45, 5.45, 4.15), 0.45  # a milestone's picture, and its credit below
MORE = "(continued in the speaker notes)"
# Past this many milestones the deck gives a slide to the latest of them only, and one slide
# says which it left out: its time, and a presenter's patience, stay bounded.
MAX_MILESTONE_SLIDES = 1_000
CHAR_EM, LINE_EM = 0.55, 1.2  # a generous average glyph width and line height, in ems


def to_pptx(
    frame: pd.DataFrame,
    programme: Programme,
    *,
    version: VersionInfo | None = None,
    filters_text: str = "",
    dashboard_url: str | None = None,
    progress: Callable[[int, int], object] | None = None,
    pictures: dict | None = None,
    notice: str = "",
    framing: Framing | None = None,
    lang: str = i18n.ENGLISH,
) -> bytes:
    """The milestones as a 16:9 PowerPoint deck, returned as the bytes of a .pptx file.

    Slides: a title slide (the programme, what its changes add up to, then the framing line
    that speaks of them; the data version and ``filters_text`` when given); the timeline, drawn
    with native shapes that stay editable (markers, dates and full headlines, as many as fit;
    the rest in the speaker notes); milestones by state and by sector as native, editable bar
    charts (two slides); one slide per milestone in date order, its rationale also in the
    speaker notes (for the latest :data:`MAX_MILESTONE_SLIDES` only, where there are more, and
    then a slide naming the rest); and a closing slide that ends the meeting as the story does: the key
    figures, the sources, thanks, and a QR code for ``dashboard_url`` (the live dashboard
    showing the same filters), or for the programme's results page where there is none.
    ``progress(done, total)`` is called after each slide. A milestone's picture (from
    ``pictures``, photos.Photo by file name) is on its slide, its alt text as the picture's
    description and its credit beneath. Spreadsheet text is written as plain text, never as
    markup or formulas. A ``notice`` (that the deck is not for public sharing) stands at the
    top of the title slide. ``framing``'s title names the title slide in place of the
    programme's name and intro (the closing slide's source stays the programme's own results
    page); its eras are shaded bands on the timeline, behind the markers.

    In Hindi (``lang="hi"``) each milestone and the programme's framing read in Hindi where they
    have it (English where not), a draft translation says so on the title slide and on its
    milestone's slide, and every run of Devanagari carries a Devanagari font (see
    :mod:`clfj_data.devanagari`).
    """
    pictures = pictures or {}
    framing = framing or Framing()
    frame = in_language(story_order(frame), lang)  # oldest first, as the story tells them
    programme = programme.in_language(lang)
    draft = draft_line(lang) if lang != i18n.ENGLISH and (programme.is_draft or any_draft(frame)) else ""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    slides = Slides(deck)
    left_out, shown = frame.iloc[:-MAX_MILESTONE_SLIDES], frame.iloc[-MAX_MILESTONE_SLIDES:]
    steps = [
        partial(_title_slide, frame, framing.titled(programme), version, filters_text, notice, draft),
        partial(_timeline_slide, frame, programme, framing.eras),
        partial(_chart_slide, frame, "state"),
        partial(_chart_slide, frame, "sector"),
        *(
            partial(_milestone_slide, row, pictures.get(row.image), lang)
            for row in shown.itertuples(index=False)
        ),
        *([partial(_left_out_slide, left_out, len(frame))] if len(left_out) else []),
        partial(_closing_slide, frame, programme, dashboard_url, lang),
    ]
    for done, step in enumerate(steps, start=1):
        step(slides.add(deck.slide_layouts[6]))  # the blank layout
        if progress is not None:
            progress(done, len(steps))
    mark_devanagari(deck)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _title_slide(frame, programme, version, filters_text, notice, draft, slide):
    _bar(slide, (0, 0, 0.25, 7.5), ACCENT, "Accent")
    if notice:
        _text(slide, (0.8, 0.15, 11.7, 0.5), notice, (18, 16), "Notice", bold=True, colour=WARNING)
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
    _text(slide, (0.8, top, 11.7, 0.6), programme.heading, (20,), "Heading", bold=True, colour=ACCENT)
    _text(slide, (0.8, top + 0.55, 11.7, 1.2), programme.name, (40, 36, 32, 28), "Programme", bold=True)
    partnership = (0.8, top + 1.75, 11.7, 1.0)
    _text(slide, partnership, programme.partnership, (18, 16, 14, 12), "Partnership", colour=MUTED)
    # What the changes add up to, then the framing line that speaks of the figures.
    figures = key_figures_sentence(key_figures(frame))
    _text(slide, (0.8, top + 2.8, 11.7, 1.0), figures, (24, 20, 18, 16), "Key figures", bold=True)
    _text(slide, (0.8, top + 3.85, 11.7, 0.8), programme.intro, (24, 20, 18, 16), "Intro")
    if holds:
        box = (0.8, top + 4.8, 11.7, 1.4)
        _text(slide, box, "\n".join(holds), (20, 18, 16, 14), "Deck contents", colour=MUTED)
    if draft:  # quietly, at the foot of the slide
        _text(slide, (0.8, 6.95, 11.7, 0.4), draft, (12,), "Translation", colour=MUTED)


def _left_out_slide(left_out: pd.DataFrame, total: int, slide) -> None:
    """What the deck gave no slide of its own: how many, over which dates, and where they are."""
    _title(slide, "Milestones without a slide")
    shown = total - len(left_out)
    text = (
        f"This deck has a slide for each of the latest {shown:,} of {total:,} milestones. The other "
        f"{len(left_out):,}, {frame_span(left_out)}, are on the timeline and in the counts, and "
        "listed in this slide's speaker notes; the dashboard and its CSV download hold every one."
    )
    _text(slide, (0.7, 1.6, 11.9, 3.0), text, BODY_SIZES, "Left out")
    lines = (f"{format_date(r.date, r.precision)}: {r.title}" for r in left_out.itertuples(index=False))
    slide.notes_slide.notes_text_frame.text = _plain("\n".join(lines))


def _timeline_slide(frame, programme, eras, slide):
    _title(slide, programme.timeline_heading)
    if frame.empty:
        _text(slide, (0.7, 3.4, 11.9, 0.8), "No milestones to show.", (24,), "Empty", colour=MUTED)
        return
    _native_timeline(slide, frame, eras)


def _native_timeline(slide, frame: pd.DataFrame, eras=()) -> None:
    """A line through time with one marker per milestone on it, and labels (date and full
    headline) above and below it, laid out by the timeline's own engine
    (:func:`clfj_data.timeline_labels.lay_out`, in points, the text measured in its font): none
    overlaps another or the line, no leader crosses a label or another leader, and each label
    is joined to its marker by a short upright leader. Each era (framing.Era) is a shaded band
    about the line, named in it, behind the markers; the line's dates reach far enough to hold
    every era whole."""
    frame = frame.sort_values("date", kind="stable").reset_index(drop=True)
    middles = frame["date"] + (period_ends(frame) - frame["date"]) / 2
    starts, afters = [pd.Timestamp(era.start) for era in eras], [pd.Timestamp(era.after) for era in eras]
    low, high = min([middles.min(), *starts]), max([middles.max(), *afters])
    span = high - low
    left, right = TRACK[0] + 0.5, TRACK[1] - 0.5

    def x_of(moment) -> float:
        return left + (moment - low) / span * (right - left) if span else WIDE / 2

    layout, size = _timeline_layout(frame, [x_of(m) for m in middles])
    for era, start, after in zip(eras, starts, afters, strict=True):
        _era_band(slide, era.headline, x_of(start), x_of(after))
    _line(slide, TRACK[0], LINE_Y, TRACK[1], LINE_Y, MUTED, 2)
    _year_ticks(slide, low, span, left, right)
    dots, labels = [], []
    rows = zip(frame.itertuples(index=False), sector_labels(frame), strict=True)
    for index, (row, sector) in enumerate(rows):
        x = TRACK[0] + layout.places[index][0] / 72  # on the line, clear of its neighbours
        dots.append(((x - DOT / 2, LINE_Y - DOT / 2, DOT, DOT), sector, row.id))
        label = layout.labels.get(index)
        if label is None:
            continue
        near, far = (LINE_Y + label.side * edge / 72 for edge in (label.near, label.far))
        box = (TRACK[0] + label.left / 72, min(near, far), (label.right - label.left) / 72, abs(far - near))
        _line(slide, x, LINE_Y, TRACK[0] + label.leader_x / 72, near, LEADER, 1)
        labels.append((box, row, label, size))
    for box, sector, milestone_id in dots:
        dot = _bar(slide, box, sector_colour(sector), f"Marker: {milestone_id}", MSO_SHAPE.OVAL)
        dot.line.color.rgb, dot.line.width = RGBColor(255, 255, 255), Pt(1)
    for box, row, label, size in labels:
        _label(slide, box, row, label, size)
    legend = _text(slide, (0.7, 6.75, 11.9, 0.5), "", (14,), "Legend").text_frame.paragraphs[0]
    for sector in sector_order(sector_labels(frame)):
        _run(legend, "● ", 14, colour=sector_colour(sector))
        _run(legend, f"{sector}      ", 14, colour=MUTED)
    periods = [f"Era: {era.headline} ({era.when})" for era in eras]  # its name in full, whatever fits
    labelled = {index for index, label in layout.labels.items() if label is not None}
    slide.notes_slide.notes_text_frame.text = _plain("\n".join([_timeline_notes(frame, labelled), *periods]))


def _timeline_layout(frame: pd.DataFrame, xs: list[float]):
    """The labels' layout in points along the track, in the largest of LABEL_SIZES that labels
    the most milestones (at most MOST_LABELS of them, spread evenly over time)."""
    count = len(frame)
    chosen = (
        set(range(count)) if count <= MOST_LABELS
        else {round(i * (count - 1) / (MOST_LABELS - 1)) for i in range(MOST_LABELS)}
    )  # fmt: skip
    marks = [
        Mark(index, (x - TRACK[0]) * 72, 0, milestone_when(row), _plain(row.title), index in chosen)
        for index, (x, row) in enumerate(zip(xs, frame.itertuples(index=False), strict=True))
    ]
    best = None
    for size in LABEL_SIZES:
        lines = {"size": size, "date_size": size + 2, "line": size * LINE_EM}
        style = replace(DECK_LABELS, **lines, clearance=CLEAR_OF_LINE, room=LABEL_ROOM)
        layout = lay_out(marks, (TRACK[1] - TRACK[0]) * 72, style)
        if best is None or layout.missing < best[0].missing:
            best = (layout, size)
    return best


def _label(slide, box, row, label, size: int) -> None:
    """A label's text box, its insets the layout's padding, its text against its leader's side
    and the line's (the layout measured its lines; the box has a little room for another font)."""
    left, top, width, height = box
    shape = slide.shapes.add_textbox(*(Inches(v) for v in (left, top, width * 1.03, height)))
    shape.name = f"Label: {row.id}"
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
    inset = Pt(DECK_LABELS.pad)
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = inset
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if label.side < 0 else MSO_ANCHOR.TOP
    date, headline = frame.paragraphs[0], frame.add_paragraph()
    alignment = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT}.get(label.anchor, PP_ALIGN.CENTER)
    date.alignment = headline.alignment = alignment
    _run(date, milestone_when(row), size + 2, bold=True)
    _run(headline, row.title, size)


def _era_band(slide, headline: str, x0: float, x1: float) -> None:
    """An era: a native rectangle about the line, drawn before (so behind) the markers, its name
    at its top left in small muted type (a presenter can move or restyle either)."""
    width = max(x1 - x0, 0.05)
    band = _bar(slide, (x0, ERA_TOP, width, ERA_BOTTOM - ERA_TOP), ERA_FILL, f"Era: {_plain(headline)}")
    _describe(band, f"Era: {headline}")
    _text(slide, (x0 + 0.05, ERA_TOP - 0.02, max(width - 0.1, 1.2), 0.3), headline, (11, 10, 9), "Era name",
          colour=MUTED)  # fmt: skip


def _year_ticks(slide, low, span, left: float, right: float) -> None:
    """A tick and the year at each new year the line passes, so distances read as time."""
    if not span:
        return
    for year in range(low.year + 1, (low + span).year + 1):
        x = left + (pd.Timestamp(year=year, month=1, day=1) - low) / span * (right - left)
        _line(slide, x, LINE_Y - 0.09, x, LINE_Y + 0.09, MUTED, 1.5)
        tick = _text(
            slide, (x - 0.4, LINE_Y + 0.1, 0.8, 0.3), str(year), (12,), f"Year: {year}", colour=MUTED
        )
        tick.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER


def _timeline_notes(frame: pd.DataFrame, labelled: set[int]) -> str:
    """Every milestone for the presenter; where some are unlabelled, how many and which."""
    rows = list(frame.itertuples(index=False))
    lines = [f"{milestone_when(r)}: {r.title}" for r in rows]
    if len(labelled) == len(rows):
        return "\n".join(lines)
    others = [line for index, line in enumerate(lines) if index not in labelled]
    head = (
        f"The slide labels {len(labelled)} of {plural(len(rows), 'milestone')}; "
        f"{len(others):,} more are marked on the line without a label:"
    )
    return "\n".join([head, *others])


def _chart_slide(frame, by: str, slide) -> None:
    """Milestones by state or by sector as a native bar chart, editable in PowerPoint."""
    counts = count_by_state(frame) if by == "state" else count_by_sector(frame)
    colours = [ACCENT] if by == "state" else [sector_colour(sector) for sector in counts["sector"]]
    # The dashboard's rule: the note only where some milestone names two states.
    note = TWO_STATES_NOTE if by == "state" and names_two_states(frame) else ""
    title = f"Milestones by {by}"
    _title(slide, title)
    if note:
        _text(slide, (0.7, 1.2, 11.9, 0.5), note, (18,), "Note", colour=MUTED)
    if counts.empty:
        _text(slide, (0.7, 3.4, 11.9, 0.8), "No milestones to count.", (24,), "Empty", colour=MUTED)
        return
    data = _TextChartData()
    data.categories = [_plain(label) for label in counts.iloc[:, 0]]
    data.add_series("Milestones", [int(value) for value in counts["milestones"]])
    box = (Inches(0.7), Inches(1.8), Inches(11.9), Inches(5.4))
    shape = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, data)
    shape.name = f"Chart: {title}"
    _describe(shape, counts_sentence(counts, by))
    chart, size = shape.chart, max(10, min(18, 260 // len(counts)))
    chart.has_legend, chart.font.size = False, Pt(size)
    chart.has_title = False  # the slide's title says it; PowerPoint would repeat the series name
    chart.category_axis.reverse_order = True  # the first (largest) bar on top, as people read
    chart.category_axis.tick_labels.font.size = Pt(size)
    chart.value_axis.visible, chart.value_axis.has_major_gridlines = False, False
    plot = chart.plots[0]
    plot.gap_width, plot.vary_by_categories, plot.has_data_labels = 50, False, True
    plot.data_labels.font.size, plot.data_labels.position = Pt(size), XL_LABEL_POSITION.OUTSIDE_END
    points = plot.series[0].points
    for index in range(len(counts)):
        points[index].format.fill.solid()
        points[index].format.fill.fore_color.rgb = _rgb(colours[index % len(colours)])


def _milestone_slide(row, picture, lang, slide):
    _ = i18n.translator(lang)
    sector = row.sector or NOT_SPECIFIED
    _bar(slide, (0, 0, 0.2, 7.5), sector_colour(sector), "Sector colour")
    when = milestone_when(row, lang)
    _text(slide, (0.7, 0.4, 11.9, 0.55), when, (20,), "Date", colour=MUTED, bold=True)
    _text(slide, (0.7, 0.95, 11.9, 1.4), row.title, TITLE_SIZES, "Headline", bold=True)
    if picture is None:  # what changed on the left, why it matters in a box on the right
        changed, why = (0.7, 2.45, 6.6, 4.1), (7.7, 2.45, 5.0, 4.1)
    else:  # both on the left, one above the other, and the picture on the right
        changed, why = (0.7, 2.45, 6.2, 1.75), (0.7, 4.3, 6.2, 2.25)
        _picture(slide, row, picture, PICTURE_BOX)
    left, top, width, height = changed
    _text(slide, (left, top, width, 0.45), _("What changed"), (16,), "What changed", colour=ACCENT, bold=True)
    _text(slide, (left, top + 0.45, width, height - 0.45), row.description, BODY_SIZES, "Description")
    left, top, width, height = why
    _bar(slide, why, BOX, "Why it matters box")
    _bar(slide, (left, top, 0.12, height), sector_colour(sector), "Why it matters accent")
    label = (left + 0.3, top + 0.15, width - 0.5, 0.45)
    _text(slide, label, _("Why it matters"), (16,), "Why it matters", colour=ACCENT, bold=True)
    _text(
        slide,
        (left + 0.3, top + 0.6, width - 0.5, height - 0.75),
        row.rationale,
        RATIONALE_SIZES,
        "Rationale",
    )
    details = facts_line(row, separator="   ·   ", labelled=True, lang=lang)
    if lang != i18n.ENGLISH and is_draft(row):
        details += f"   ·   {draft_line(lang)}"
    _text(slide, (0.7, 6.7, 11.9, 0.5), details, (14, 12, 10), "Details", colour=MUTED)
    notes = [f"Why it matters: {row.rationale}", f"What changed: {row.description}"]
    notes += [f"Source: {row.source}"] if row.source else []
    slide.notes_slide.notes_text_frame.text = _plain("\n\n".join(notes))


def _picture(slide, row, picture, box) -> None:
    """The picture as large as fits ``box`` (its proportions kept), its credit beneath it."""
    left, top, width, height = box
    line = picture_line(row)
    room = height - (CREDIT_HEIGHT if line else 0)
    scale = min(width / picture.width, room / picture.height)
    shown_width, shown_height = picture.width * scale, picture.height * scale
    left += (width - shown_width) / 2
    placed = (Inches(v) for v in (left, top, shown_width, shown_height))
    shape = slide.shapes.add_picture(io.BytesIO(picture.data), *placed)
    shape.name = f"Picture: {row.id}"
    _describe(shape, row.image_alt)
    if line:
        credit = (left, top + shown_height + 0.05, shown_width, CREDIT_HEIGHT - 0.05)
        _text(slide, credit, line, (12, 10, 9), "Picture credit", colour=MUTED)


def _closing_slide(frame, programme, dashboard_url, lang, slide):
    """The end of the meeting, as the story ends it: what the changes add up to, the sources,
    thanks, and a QR code to the live dashboard (else to the programme's results page)."""
    figures = key_figures(frame)
    _bar(slide, (0, 0, 0.25, 7.5), ACCENT, "Accent")
    _text(
        slide, (0.8, 0.45, 8.4, 0.45), "What the changes add up to", (18,), "Kicker", bold=True, colour=ACCENT
    )
    heading = f"{plural(figures.changes, 'systemic change')}, {frame_span(frame, lang)}" if len(frame) else (
        "No systemic changes to show"
    )  # fmt: skip
    _text(slide, (0.8, 0.85, 8.4, 1.05), heading, TITLE_SIZES, "Title", bold=True)
    if len(frame):
        _figure_boxes(slide, figures)
        where = [f"In {list_words(figures.state_names)}"] if figures.state_names else []
        where.append(f"across {list_words(figures.sector_names)}")
        _text(slide, (0.8, 3.45, 8.4, 0.85), ", ".join(where) + ".", (18, 16, 14), "Where")
    sources = [s for s in dict.fromkeys(frame["source"]) if s and s != programme.source_url]
    lines = [f"{programme.name} {programme.heading.lower()} page:", programme.source_url]
    lines += ["", "The milestones also cite:", *sources] if sources else []
    _text(slide, (0.8, 4.35, 8.4, 1.7), "\n".join(lines), (16, 14, 12, 10, 9), "Sources", link=True)
    _ = i18n.translator(lang)
    _text(slide, (0.8, 6.15, 8.4, 0.9), _("Thank you"), (40,), "Thanks", bold=True, colour=ACCENT)
    target = dashboard_url or programme.source_url
    picture = slide.shapes.add_picture(io.BytesIO(qr_png(target)), *(Inches(v) for v in QR_BOX))
    picture.name = "QR code"
    below = QR_BOX[1] + QR_BOX[3] + 0.1
    if dashboard_url:
        _describe(picture, f"QR code for the live dashboard: {dashboard_url}")
        caption, name = "Scan to explore every change", "Dashboard link"
        said = f"The QR code opens the live dashboard with this deck's filters: {dashboard_url}"
    else:
        _describe(picture, f"QR code for the programme's results page: {target}")
        caption, name = "Scan for every change on the results page", "Results page link"
        said = f"The QR code opens the programme's results page: {target}"
    caption = _text(
        slide, (9.25, below, 4.0, 0.8), caption, (18, 16, 14), "QR caption", bold=True, colour=ACCENT
    )
    caption.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    link = _text(slide, (9.25, below + 0.8, 4.0, 1.3), target, (14, 12), name, link=True)
    link.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    notes = [programme.source_url, *sources, "", said]
    slide.notes_slide.notes_text_frame.text = _plain("\n".join(notes))


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
        _bar(slide, (left, top, width, height), BOX, f"Figure box: {label}")
        _text(slide, (left + 0.1, top + 0.08, width - 0.2, 0.75), value, (36, 32, 28, 24), f"Figure: {label}",
              bold=True)  # fmt: skip
        _text(slide, (left + 0.1, top + 0.8, width - 0.2, 0.4), label, (14, 12), f"Figure label: {label}",
              colour=MUTED)  # fmt: skip
        left += width + gap


def _title(slide, text: str):
    return _text(slide, (0.7, 0.4, 11.9, 0.9), text, TITLE_SIZES, "Title", bold=True)


def _text(slide, box, text, sizes, name, *, colour=INK, bold=False, align=None, link=False):
    """A word-wrapped text box, in the largest of ``sizes`` the text is estimated to fit; text too
    long even at the smallest is shortened, pointing to the speaker notes (which hold all of it)."""
    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # a backstop where the estimate is short
    if not text:
        return shape
    text, size = _fit(_plain(text), width, height, sizes)
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = _run(paragraph, line, size, bold, colour)
        if link and _WEB_LINK.fullmatch(line):
            run.hyperlink.address = line
    return shape


def _fit(text: str, width: float, height: float, sizes: tuple[int, ...]) -> tuple[str, int]:
    paragraphs = text.split("\n")
    for size in sizes:
        per_line = max(1, int((width - 0.2) * 72 / (size * CHAR_EM)))  # less the box's insets
        rows = int((height - 0.1) * 72 / (size * LINE_EM))
        if sum(max(1, math.ceil(len(p) / per_line)) for p in paragraphs) <= rows:
            return text, size
    kept = []
    for paragraph in paragraphs:
        needed = max(1, math.ceil(len(paragraph) / per_line))
        if needed < rows:
            kept.append(paragraph)
            rows -= needed
            continue
        room = max(0, rows * per_line - len(MORE) - 2)
        cut = paragraph[:room]
        cut = cut.rsplit(" ", 1)[0] if " " in cut[room // 2 :] else cut
        kept.append(f"{cut}… {MORE}" if cut else MORE)
        break
    return "\n".join(kept), sizes[-1]


def _run(paragraph, text: str, size: int, bold: bool = False, colour: str = INK):
    run = paragraph.add_run()
    run.text = _plain(text)  # plain text: python-pptx escapes it for XML
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _rgb(colour)
    return run


def _bar(slide, box, colour: str, name: str, shape_type=MSO_SHAPE.RECTANGLE):
    shape = slide.shapes.add_shape(shape_type, *(Inches(v) for v in box))
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _line(slide, x1, y1, x2, y2, colour: str, points: float) -> None:
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *(Inches(v) for v in (x1, y1, x2, y2)))
    line.line.color.rgb, line.line.width = _rgb(colour), Pt(points)


def _describe(shape, text: str) -> None:
    """Alt text, which screen readers say for a picture or chart (python-pptx has no API for it)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", _plain(text))


def _plain(text) -> str:
    return xml_safe(str(text).replace("\r\n", "\n").replace("\r", "\n"))


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))


class _TextWorkbookWriter(CategoryWorkbookWriter):
    """The chart's embedded workbook (PowerPoint's "Edit Data") with every label stored as text:
    XlsxWriter would otherwise store a sector named "=HYPERLINK(...)" as a formula."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        workbook = Workbook(xlsx_file, options)
        yield workbook, workbook.add_worksheet()
        workbook.close()


class _TextChartData(CategoryChartData):
    @property
    def _workbook_writer(self):
        return _TextWorkbookWriter(self)
