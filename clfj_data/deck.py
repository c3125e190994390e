"""A PowerPoint deck of the milestones for presenters: title, timeline, counts, one slide per change."""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

from .charts import timeline_sentence
from .counts import TWO_STATES_NOTE, count_by_sector, count_by_state, counts_sentence, names_two_states
from .dates import DAY, format_date, period_ends
from .markup import xml_safe
from .programme import Programme
from .sectors import OKABE_ITO, sector_colour, sector_labels, sector_order
from .states import NOT_SPECIFIED
from .store import VersionInfo
from .wording import facts_line, frame_span, plural, shorten

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: PowerPoint's 16:9
WIDE = 13.333
INK, MUTED, ACCENT, BOX = "#222222", "#55606B", OKABE_ITO["blue"], "#EAF2F8"
TITLE_SIZES = (36, 32, 28, 24)
BODY_SIZES = (20, 18, 16, 14, 12, 10, 9)
RATIONALE_SIZES = (24, 22, 20, 18, 16, 14, 12, 10, 9)
LINE_Y, DOT, LABEL_WIDTH = 4.0, 0.28, 1.8  # the native timeline, in inches
LANES = (-1.2, 0.55, -1.9, 1.25, -2.6, 1.95)  # label tops from the line: near ones first
MORE = "(continued in the speaker notes)"
CHAR_EM, LINE_EM = 0.55, 1.2  # a generous average glyph width and line height, in ems
_WEB_LINK = re.compile(r"https?://\S+", re.IGNORECASE)


def to_pptx(
    frame: pd.DataFrame,
    programme: Programme,
    *,
    version: VersionInfo | None = None,
    filters_text: str = "",
    timeline_png: bytes | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> bytes:
    """The milestones as a 16:9 PowerPoint deck, returned as the bytes of a .pptx file.

    Slides: a title slide (the programme's framing, how many milestones over which dates, the
    data version and ``filters_text`` when given); the timeline (``timeline_png`` as a picture
    when given, else drawn with native shapes); milestones by state and by sector as native,
    editable bar charts (two slides); one slide per milestone in date order, its rationale
    also in the speaker notes; and the sources. ``progress(done, total)`` is called after
    each slide. Spreadsheet text is written as plain text, never as markup or formulas.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    steps = [
        partial(_title_slide, frame, programme, version, filters_text),
        partial(_timeline_slide, frame, programme, timeline_png),
        partial(_chart_slide, frame, "state"),
        partial(_chart_slide, frame, "sector"),
        *(partial(_milestone_slide, row) for row in frame.itertuples(index=False)),
        partial(_closing_slide, frame, programme),
    ]
    for done, step in enumerate(steps, start=1):
        step(deck.slides.add_slide(deck.slide_layouts[6]))  # the blank layout
        if progress is not None:
            progress(done, len(steps))
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _title_slide(frame, programme, version, filters_text, slide):
    _bar(slide, (0, 0, 0.25, 7.5), ACCENT, "Accent")
    _text(slide, (0.8, 0.7, 11.7, 0.6), programme.heading, (20,), "Heading", bold=True, colour=ACCENT)
    _text(slide, (0.8, 1.25, 11.7, 1.3), programme.name, (40, 36, 32, 28), "Programme", bold=True)
    _text(slide, (0.8, 2.6, 11.7, 0.9), programme.intro, (24, 20, 18, 16), "Intro")
    _text(slide, (0.8, 3.5, 11.7, 1.3), programme.partnership, (18, 16, 14, 12), "Partnership", colour=MUTED)
    holds = [_span(frame)]
    if version is not None:
        when = format_date(version.published_at.date(), DAY)
        holds.append(f"Data version {version.version}, published {when}")
    if filters_text:
        holds.append(f"Filters: {filters_text}")
    _text(slide, (0.8, 5.2, 11.7, 1.6), "\n".join(holds), (20, 18, 16, 14), "Deck contents", colour=MUTED)


def _span(frame: pd.DataFrame) -> str:
    return f"{plural(len(frame), 'milestone')}, {frame_span(frame)}" if len(frame) else "No milestones"


def _timeline_slide(frame, programme, timeline_png, slide):
    _title(slide, programme.timeline_heading)
    if timeline_png is not None:
        left, top, width, height = Inches(0.7), Inches(1.5), Inches(11.9), Inches(5.6)
        picture = slide.shapes.add_picture(io.BytesIO(timeline_png), left, top, width=width)
        if picture.height > height:  # keep the aspect ratio: fit the height instead
            picture.width, picture.height = int(picture.width * height / picture.height), height
        picture.left = int((SLIDE_WIDTH - picture.width) / 2)
        picture.name = "Timeline"
        _describe(picture, timeline_sentence(frame))
    elif frame.empty:
        _text(slide, (0.7, 3.4, 11.9, 0.8), "No milestones to show.", (24,), "Empty", colour=MUTED)
    else:
        _native_timeline(slide, frame)


def _native_timeline(slide, frame: pd.DataFrame) -> None:
    """A line, one marker per milestone at the middle of its period, and date labels in lanes."""
    middles = frame["date"] + (period_ends(frame) - frame["date"]) / 2
    low, span, left, right = middles.min(), middles.max() - middles.min(), 1.0, WIDE - 1.0
    xs = [left + (m - low) / span * (right - left) if span else WIDE / 2 for m in middles]
    _line(slide, left - 0.4, LINE_Y, right + 0.4, LINE_Y, MUTED, 2)
    lane_ends, stacked, dots, labels = [-math.inf] * len(LANES), Counter(), [], []
    for x, row, sector in zip(xs, frame.itertuples(index=False), sector_labels(frame), strict=True):
        stacked[round(x / DOT)] += 1  # milestones at one point stack in a short column
        y = LINE_Y + (0, -1, 1)[(stacked[round(x / DOT)] - 1) % 3] * DOT * 1.1
        dots.append(((x - DOT / 2, y - DOT / 2, DOT, DOT), sector, row.id))
        start = min(max(x - LABEL_WIDTH / 2, 0.3), WIDE - 0.3 - LABEL_WIDTH)
        lane = next((i for i, end in enumerate(lane_ends) if end + 0.05 <= start), None)
        if lane is None:
            continue  # no room left: the marker stays unlabelled
        lane_ends[lane], top = start + LABEL_WIDTH, LINE_Y + LANES[lane]
        _line(slide, x, LINE_Y, x, top + (0.6 if top < LINE_Y else 0), "#B8C0C8", 0.75)
        labels.append(((start, top, LABEL_WIDTH, 0.6), row))
    for box, sector, milestone_id in dots:
        dot = _bar(slide, box, sector_colour(sector), f"Marker: {milestone_id}", MSO_SHAPE.OVAL)
        dot.line.color.rgb, dot.line.width = RGBColor(255, 255, 255), Pt(1)
    for box, row in labels:
        paragraph = _text(slide, box, "", (11,), f"Label: {row.id}").text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        _run(paragraph, format_date(row.date, row.precision), 12, bold=True)
        paragraph.add_line_break()
        _run(paragraph, shorten(row.title, 30), 11, colour=MUTED)
    legend = _text(slide, (0.7, 6.75, 11.9, 0.5), "", (14,), "Legend").text_frame.paragraphs[0]
    for sector in sector_order(sector_labels(frame)):
        _run(legend, "● ", 14, colour=sector_colour(sector))
        _run(legend, f"{sector}      ", 14, colour=MUTED)


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


def _milestone_slide(row, slide):
    sector = row.sector or NOT_SPECIFIED
    _bar(slide, (0, 0, 0.2, 7.5), sector_colour(sector), "Sector colour")
    when = format_date(row.date, row.precision)
    _text(slide, (0.7, 0.4, 11.9, 0.55), when, (20,), "Date", colour=MUTED, bold=True)
    _text(slide, (0.7, 0.95, 11.9, 1.4), row.title, TITLE_SIZES, "Headline", bold=True)
    _text(slide, (0.7, 2.45, 6.6, 0.45), "What changed", (16,), "What changed", colour=ACCENT, bold=True)
    _text(slide, (0.7, 2.9, 6.6, 3.65), row.description, BODY_SIZES, "Description")
    _bar(slide, (7.7, 2.45, 5.0, 4.1), BOX, "Why it matters box")
    _bar(slide, (7.7, 2.45, 0.12, 4.1), sector_colour(sector), "Why it matters accent")
    _text(slide, (8.0, 2.6, 4.5, 0.45), "Why it matters", (16,), "Why it matters", colour=ACCENT, bold=True)
    _text(slide, (8.0, 3.05, 4.5, 3.35), row.rationale, RATIONALE_SIZES, "Rationale")
    details = facts_line(row, separator="   ·   ", labelled=True)
    _text(slide, (0.7, 6.7, 11.9, 0.5), details, (14, 12, 10), "Details", colour=MUTED)
    notes = [f"Why it matters: {row.rationale}", f"What changed: {row.description}"]
    notes += [f"Source: {row.source}"] if row.source else []
    slide.notes_slide.notes_text_frame.text = _plain("\n\n".join(notes))


def _closing_slide(frame, programme, slide):
    sources = [s for s in dict.fromkeys(frame["source"]) if s and s != programme.source_url]
    lines = [programme.source_url] + (["", "The milestones also cite:", *sources] if sources else [])
    _title(slide, "Sources")
    _text(slide, (0.7, 1.5, 11.9, 5.5), "\n".join(lines), BODY_SIZES, "Sources", link=True)
    slide.notes_slide.notes_text_frame.text = _plain("\n".join([programme.source_url, *sources]))


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
