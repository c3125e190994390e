"""Milestones out of the dashboard, in every format it offers: one registry, one way to make each.

    render("pptx", frame, programme=programme, version=info) -> Rendered(data, file_name, mime)

The pages' download buttons and the command line's ``export`` both call :func:`render`, so a
file made in the app and the same file made on the command line are the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from .columns import DATE_FORMS, MEANINGS, REQUIRED, TEMPLATE_COLUMNS
from .filters import Filters
from .framing import Framing
from .markup import excel_text
from .programme import Programme, shipped_milestones_path
from .tables import milestones_table, problems_table
from .visibility import FILE_NAME_MARK, NOT_FOR_SHARING, VISIBILITIES, includes_staff_only, visible

TEMPLATE_EXAMPLE_ID = "testimony-by-videoconference"  # two states: shows how to write them
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def export_name(
    short_name: str, what: str, version: int | None, extension: str, filtered: bool, staff_only: bool = False
) -> str:
    """A file name that says what the file holds: ``clfj-results-v3-2026-11-28-filtered.pptx``,
    and ``clfj-results-staff-only-v3-2026-11-28.pptx`` where it holds staff-only milestones."""
    parts = [short_name.lower(), what, *([FILE_NAME_MARK] if staff_only else [])]
    if version is not None:
        parts.append(f"v{version}")
    parts.append(dt.date.today().isoformat())
    if filtered:
        parts.append("filtered")
    return "-".join(parts) + "." + extension


def formula_safe(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with ``'``."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def to_csv(frame: pd.DataFrame) -> bytes:
    """The milestones as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), formula-safe."""
    table = milestones_table(frame).map(formula_safe)
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "milestones", notice: str = "") -> bytes:
    """The milestones as an XLSX workbook. Every cell is written as text, never as a formula,
    and text a spreadsheet would run is prefixed with ``'`` as in the CSV. Text is escaped as
    Excel escapes it (:func:`markup.excel_text`), so the file loads back as it was. A
    ``notice`` heads every printed page (a row of its own would load back as a milestone)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    table = milestones_table(frame)
    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet
    worksheet.append(list(table.columns))
    for row, values in enumerate(table.itertuples(index=False), start=2):
        for column, value in enumerate(values, start=1):
            cell = worksheet.cell(row=row, column=column, value=formula_safe(excel_text(value)))
            cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    for column, width in enumerate((32, 10, 10, 40, 60, 60, 20, 14, 18, 36, 24, 40, 30, 30, 16, 12), start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    worksheet.freeze_panes = "A2"
    if notice:
        worksheet.oddHeader.center.text = notice
        book.properties.subject = notice
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv() -> str:
    """A CSV with the template's headers only: an example row in it would be published as a
    milestone if the file were uploaded unchanged (the XLSX template shows one, apart)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(TEMPLATE_COLUMNS)
    return out.getvalue()


def template_example() -> dict[str, str]:
    """The shipped milestone the templates show as an example, as its CSV row."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["id"] == TEMPLATE_EXAMPLE_ID)


TEMPLATE_ROWS = 1000  # the rows of the XLSX template that offer the dropdowns and the date hint
GUIDE_SHEET, LISTS_SHEET = "how to fill in", "lists"


def template_xlsx() -> bytes:
    """A blank XLSX template: a ``milestones`` sheet with the headers only, dropdowns for the
    sector and the states, a hint on the date column, and a sheet explaining each column with
    an example milestone (kept off the milestones sheet, so it is never uploaded by mistake)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .sectors import SECTORS
    from .states import ALL_STATES

    book = Workbook()
    sheet = book.active
    sheet.title = "milestones"
    sheet.append(list(TEMPLATE_COLUMNS))
    letter = {name: get_column_letter(i) for i, name in enumerate(TEMPLATE_COLUMNS, start=1)}
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = (32, 16, 16, 40, 60, 60, 24, 14, 18, 36, 24, 40, 30, 30, 18, 12)
    for name, width in zip(TEMPLATE_COLUMNS, widths, strict=True):
        sheet.column_dimensions[letter[name]].width = width
    sheet.freeze_panes = "A2"

    def cells(name: str) -> str:
        return f"{letter[name]}2:{letter[name]}{TEMPLATE_ROWS + 1}"

    date_hint = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="Date")
    date_hint.prompt = DATE_FORMS
    sheet[f"{letter['date']}1"].comment = Comment(f"Write the date as {DATE_FORMS}.", "CLFJ")
    end_hint = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="End date")
    end_hint.prompt = f"Only for a change that ran over a period: {DATE_FORMS}"
    sector = DataValidation(type="list", formula1='"' + ",".join(SECTORS) + '"', allow_blank=True)
    sector.errorStyle, sector.showErrorMessage = "warning", True
    sector.errorTitle, sector.error = "Sector", "This is not one of the sectors: keep it as a new sector?"
    lists = book.create_sheet(LISTS_SHEET)
    for state in ALL_STATES:
        lists.append([state])
    lists.sheet_state = "hidden"
    # As Excel writes a range in a validation: no leading "=".
    states_range = f"{LISTS_SHEET}!$A$1:$A${len(ALL_STATES)}"
    states = DataValidation(type="list", formula1=states_range, allow_blank=True)
    # Several states go in one cell ("Rajasthan; Bihar"): the list helps, it does not refuse.
    states.showErrorMessage, states.showInputMessage = False, True
    states.promptTitle, states.prompt = (
        "States",
        "Pick one, or write several separated by ; (Rajasthan; Bihar)",
    )
    visibility = DataValidation(type="list", formula1='"' + ",".join(VISIBILITIES) + '"', allow_blank=True)
    visibility.errorTitle, visibility.error = "Visibility", "Write public or staff (empty is public)."
    for validation, name in (
        (date_hint, "date"), (end_hint, "end_date"), (sector, "sector"), (states, "states"),
        (visibility, "visibility"),
    ):  # fmt: skip
        validation.add(cells(name))
        sheet.add_data_validation(validation)

    guide = book.create_sheet(GUIDE_SHEET, index=1)
    guide.append(["column", "required", "what to write", "example"])
    example = template_example()
    for name in TEMPLATE_COLUMNS:
        row = [name, "yes" if name in REQUIRED else "no", MEANINGS[name], example.get(name, "")]
        guide.append([formula_safe(excel_text(value)) for value in row])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (14, 10, 70, 70), strict=True):
        guide.column_dimensions[column].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems_csv(problems) -> bytes:
    """The problems as CSV for the person fixing the file (formula-safe, like every export)."""
    table = problems_table(problems).map(lambda v: "" if v is None or v != v else formula_safe(str(v)))
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


@dataclass(frozen=True)
class Rendered:
    """A file made by :func:`render`: its bytes, the name it is offered under, its MIME type."""

    data: bytes
    file_name: str
    mime: str


@dataclass(frozen=True)
class Request:
    """What a format is asked to make: the milestones and how they were chosen."""

    frame: pd.DataFrame
    programme: Programme
    version: object  # store.VersionInfo, or None
    filters: Filters
    chart: str
    lane: str
    progress: Callable[[int, int], object] | None
    pictures: dict  # the milestones' pictures (photos.Photo) by file name
    notice: str = ""  # for the first page or slide: NOT_FOR_SHARING where staff-only milestones are in
    address: str = ""  # the dashboard's front page as it is reached, where CLFJ_PUBLIC_URL is not set
    framing: Framing = field(default_factory=Framing)  # the version's title (in programme) and eras


@dataclass(frozen=True)
class Format:
    extension: str
    mime: str
    what: str  # the file name's second word: clfj-<what>-v3-2026-11-28.<extension>
    make: Callable[[Request], bytes]
    public_only: bool = False  # never holds a staff-only milestone, whatever it is given


CHARTS = ("timeline", "counts-state", "counts-sector")


def _csv(request: Request) -> bytes:
    return to_csv(request.frame)


def _xlsx(request: Request) -> bytes:
    return to_xlsx(request.frame, notice=request.notice)


def _html(request: Request) -> bytes:
    from .report import to_html

    return to_html(
        request.frame, request.programme, version=request.version, filters_text=request.filters.describe(),
        pictures=request.pictures, notice=request.notice,
    )  # fmt: skip


def _pptx(request: Request) -> bytes:
    from .deck import to_pptx
    from .links import dashboard_link, public_url

    return to_pptx(
        request.frame,
        request.programme,
        version=request.version,
        filters_text=request.filters.describe(),
        dashboard_url=dashboard_link(public_url(request.address), request.filters),
        progress=request.progress,
        pictures=request.pictures,
        notice=request.notice,
    )


def _timelinejs(request: Request) -> bytes:
    from .timelinejs import timelinejs_json

    eras = request.framing.eras
    return timelinejs_json(request.frame, request.programme, request.pictures, eras).encode("utf-8")


def _image(fmt: str) -> Callable[[Request], bytes]:
    def make(request: Request) -> bytes:
        from . import charts
        from .images import BORDER, WIDTH, figure_image, source_line

        if request.chart == "timeline":  # its labels laid out for the width they are drawn at
            figure = charts.timeline_figure(
                request.frame, lane=request.lane, width=WIDTH - 2 * BORDER, eras=request.framing.eras
            )
            title = request.programme.timeline_heading
        elif request.chart == "counts-state":
            figure, title = charts.state_counts_figure(request.frame), "Milestones by state"
        else:
            figure, title = charts.sector_counts_figure(request.frame), "Milestones by sector"
        source = " · ".join([*([request.notice] if request.notice else []), source_line(request.programme)])
        return figure_image(figure, fmt, title=title, source=source)

    return make


FORMATS: dict[str, Format] = {
    "csv": Format("csv", "text/csv", "milestones", _csv),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "milestones", _xlsx
    ),
    "html": Format("html", "text/html", "results", _html),
    "pptx": Format(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "results", _pptx
    ),
    "png": Format("png", "image/png", "", _image("png")),
    "svg": Format("svg", "image/svg+xml", "", _image("svg")),
    # Made to be embedded on the organisation's public website.
    "timelinejs": Format("json", "application/json", "timelinejs", _timelinejs, public_only=True),
}


def render(
    fmt: str,
    frame: pd.DataFrame,
    *,
    programme: Programme,
    version=None,
    filters: Filters | None = None,
    chart: str = "timeline",
    lane: str = "sector",
    progress: Callable[[int, int], object] | None = None,
    pictures: dict | None = None,
    address: str = "",
    framing: Framing | None = None,
) -> Rendered:
    """``frame`` (milestones of ``version``, narrowed by ``filters``) as a file in format ``fmt``.

    ``chart`` picks the picture for png and svg (one of :data:`CHARTS`; the timeline's lanes
    by ``lane``). ``progress(done, total)`` is called as a deck's slides are made. ``pictures``
    holds the milestones' pictures by file name (``store.read_pictures``), for the deck, the
    offline HTML and TimelineJS, which embed them. ``address`` is the dashboard's front page
    as a visitor reached it: the deck links to it (with the filters) where ``CLFJ_PUBLIC_URL``
    is not set and it is not this machine's own. ``framing`` is the version's title, which
    titles every file in place of the programme's heading and intro, and its eras. Raises
    ``images.ImagesUnavailable`` for a picture where no browser can draw it, and KeyError
    for a format or chart that does not exist.

    Staff-only milestones in ``frame`` are kept (the caller chose to include them), except by
    a format made for the public (TimelineJS); a file that holds any says so on its first page
    or slide (:data:`~clfj_data.visibility.NOT_FOR_SHARING`) and in its name.
    """
    if chart not in CHARTS:
        raise KeyError(f"no chart {chart!r}: choose one of {', '.join(CHARTS)}")
    spec, filters = FORMATS[fmt], filters or Filters()
    if spec.public_only:
        frame = visible(frame, staff=False)
    staff_only = includes_staff_only(frame)
    notice = NOT_FOR_SHARING if staff_only else ""
    framing = framing or Framing()
    programme = framing.titled(programme)
    request = Request(
        frame, programme, version, filters, chart, lane, progress, pictures or {}, notice, address, framing
    )
    data = spec.make(request)
    number = getattr(version, "version", None)
    return Rendered(data, file_name(fmt, programme, number, filters, chart, staff_only=staff_only), spec.mime)


def file_name(
    fmt: str,
    programme: Programme,
    version: int | None,
    filters: Filters,
    chart: str = "timeline",
    *,
    staff_only: bool = False,
):
    """The name :func:`render` gives a file, known before the file is made: ``staff_only``
    where it holds staff-only milestones (never for a format made for the public)."""
    spec = FORMATS[fmt]
    marked = staff_only and not spec.public_only
    return export_name(
        programme.short_name, spec.what or chart, version, spec.extension, filters.active, marked
    )
