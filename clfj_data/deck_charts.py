"""The deck's counts: milestones by state and by sector as native bar charts, editable in PowerPoint."""

from __future__ import annotations

from contextlib import contextmanager

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Inches, Pt
from xlsxwriter import Workbook

from . import i18n
from .counts import TWO_STATES_NOTE, count_by_sector, count_by_state, counts_sentence, names_two_states
from .deck_shapes import ACCENT, MUTED, describe, plain, rgb, text_box, title
from .sectors import sector_colour


def chart_slide(frame, by: str, lang: str, slide) -> None:
    """Milestones by state or by sector as a native bar chart, editable in PowerPoint; its
    words (the states and sectors too) in ``lang``."""
    _ = i18n.translator(lang)
    counts = count_by_state(frame) if by == "state" else count_by_sector(frame)
    colours = [ACCENT] if by == "state" else [sector_colour(sector) for sector in counts["sector"]]
    # The dashboard's rule: the note only where some milestone names two states.
    note = _(TWO_STATES_NOTE) if by == "state" and names_two_states(frame) else ""
    title(slide, _("Milestones by state") if by == "state" else _("Milestones by sector"))
    if note:
        text_box(slide, (0.7, 1.2, 11.9, 0.5), note, (18,), "Note", colour=MUTED, lang=lang)
    if counts.empty:
        none = _("No milestones to count.")
        text_box(slide, (0.7, 3.4, 11.9, 0.8), none, (24,), "Empty", colour=MUTED)
        return
    data = _TextChartData()
    data.categories = [plain(_(label)) for label in counts.iloc[:, 0]]
    data.add_series(_("Milestones"), [int(value) for value in counts["milestones"]])
    box = (Inches(0.7), Inches(1.8), Inches(11.9), Inches(5.4))
    shape = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, data)
    shape.name = f"Chart: Milestones by {by}"
    describe(shape, counts_sentence(counts, by, lang))
    _style(shape.chart, len(counts), colours)


def _style(chart, bars: int, colours: list[str]) -> None:
    """Bars largest first, labelled with their counts, in a size that fits ``bars`` of them."""
    size = max(10, min(18, 260 // bars))
    chart.has_legend, chart.font.size = False, Pt(size)
    chart.has_title = False  # the slide's title says it; PowerPoint would repeat the series name
    chart.category_axis.reverse_order = True  # the first (largest) bar on top, as people read
    chart.category_axis.tick_labels.font.size = Pt(size)
    chart.value_axis.visible, chart.value_axis.has_major_gridlines = False, False
    plot = chart.plots[0]
    plot.gap_width, plot.vary_by_categories, plot.has_data_labels = 50, False, True
    plot.data_labels.font.size, plot.data_labels.position = Pt(size), XL_LABEL_POSITION.OUTSIDE_END
    points = plot.series[0].points
    for index in range(bars):
        points[index].format.fill.solid()
        points[index].format.fill.fore_color.rgb = rgb(colours[index % len(colours)])


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
