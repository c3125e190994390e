"""Milestones out of the dashboard, in every format it offers: one registry, one way to make each.

    render("pptx", frame, programme=programme, version=info) -> Rendered(data, file_name, mime)

The pages' download buttons and the command line's ``export`` both call :func:`render`, so a
file made in the app and the same file made on the command line are the same.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from . import i18n
from .filters import Filters
from .framing import Framing
from .markup import excel_text
from .programme import Programme
from .tables import local_date, milestones_table, problems_table
from .visibility import FILE_NAME_MARK, NOT_FOR_SHARING, includes_staff_only, visible

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
    parts.append(local_date().isoformat())
    if filtered:
        parts.append("filtered")
    return "-".join(parts) + "." + extension


def formula_safe(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with ``'``."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


VERSION_MARK = "clfj-milestones-version-"  # an XLSX download's identifier, before its version's number


def to_csv(frame: pd.DataFrame) -> bytes:
    """The milestones as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), formula-safe."""
    table = milestones_table(frame).map(formula_safe)
    return table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(
    frame: pd.DataFrame, sheet: str = "milestones", notice: str = "", version: int | None = None
) -> bytes:
    """The milestones as an XLSX workbook. Every cell is written as text, never as a formula,
    and text a spreadsheet would run is prefixed with ``'`` as in the CSV. Text is escaped as
    Excel escapes it (:func:`markup.excel_text`), so the file loads back as it was. A
    ``notice`` heads every printed page (a row of its own would load back as a milestone).
    The ``version`` the milestones are of is in the document's properties
    (:func:`clfj_data.xlsx.downloaded_from` reads it), so an old copy uploaded again can say so."""
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
    widths = (32, 10, 10, 40, 60, 60, 20, 14, 18, 36, 24, 40, 30, 30, 16, 12, 40, 60, 60, 20, 40, 30, 18)
    for column, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    worksheet.freeze_panes = "A2"
    if version is not None:
        book.properties.identifier = f"{VERSION_MARK}{version}"
    if notice:
        worksheet.oddHeader.center.text = notice
        book.properties.subject = notice
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems_csv(problems, lang: str = i18n.ENGLISH) -> bytes:
    """The problems as CSV for the person fixing the file, each said in ``lang`` (formula-safe,
    like every export)."""
    table = problems_table(problems, lang).map(lambda v: "" if v is None or v != v else formula_safe(str(v)))
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
    programme: Programme  # the programme's own name: the source of every file is its results page
    version: object  # store.VersionInfo, or None
    filters: Filters
    chart: str
    lane: str
    progress: Callable[[int, int], object] | None
    pictures: dict  # the milestones' pictures (photos.Photo) by file name
    notice: str = ""  # for the first page or slide: NOT_FOR_SHARING where staff-only milestones are in
    address: str = ""  # the dashboard's front page as it is reached, where CLFJ_PUBLIC_URL is not set
    framing: Framing = field(default_factory=Framing)  # the version's title and eras
    lang: str = i18n.ENGLISH  # the language of the file's words (csv and xlsx hold both)


@dataclass(frozen=True)
class Format:
    extension: str
    mime: str
    what: str  # the file name's second word: clfj-<what>-v3-2026-11-28.<extension>
    make: Callable[[Request], bytes]
    public_only: bool = False  # never holds a staff-only milestone, whatever it is given


CHARTS = ("timeline", "counts-state", "counts-sector", "state-sector", "per-year")


def _csv(request: Request) -> bytes:
    return to_csv(request.frame)


def _xlsx(request: Request) -> bytes:
    return to_xlsx(request.frame, notice=request.notice, version=getattr(request.version, "version", None))


def _html(request: Request) -> bytes:
    from .report import to_html

    return to_html(
        request.frame, request.programme, version=request.version,
        filters_text=request.filters.describe(request.lang), pictures=request.pictures, notice=request.notice,
        framing=request.framing, lang=request.lang,
    )  # fmt: skip


def _pptx(request: Request) -> bytes:
    from .deck import to_pptx
    from .links import phone_link, public_url

    return to_pptx(
        request.frame,
        request.programme,
        version=request.version,
        filters_text=request.filters.describe(request.lang),
        dashboard_url=phone_link(public_url(request.address), request.filters),
        progress=request.progress,
        pictures=request.pictures,
        notice=request.notice,
        framing=request.framing,
        lang=request.lang,
    )


def _timelinejs(request: Request) -> bytes:
    from .timelinejs import timelinejs_json

    framing = request.framing
    titled = framing.titled(request.programme)  # the timeline's own headline and introduction
    made = timelinejs_json(request.frame, titled, request.pictures, framing.eras, lang=request.lang)
    return made.encode("utf-8")


def _image(fmt: str) -> Callable[[Request], bytes]:
    def make(request: Request) -> bytes:
        from . import charts
        from .images import BORDER, WIDTH, figure_image, source_line
        from .timeline_labels import IMAGE_LABELS
        from .translation import any_draft, draft_line, in_language

        _ = i18n.translator(request.lang)
        counts = {  # each titled for what it shows
            "counts-state": (charts.state_counts_figure, _("Milestones by state")),
            "counts-sector": (charts.sector_counts_figure, _("Milestones by sector")),
            "state-sector": (charts.state_sector_figure, _("Milestones by state and sector")),
            "per-year": (charts.per_year_figure, _("Milestones per year")),
        }
        lang = request.lang
        frame, programme = in_language(request.frame, lang), request.programme.in_language(lang)
        if request.chart == "timeline":  # its labels laid out for the width and font they are drawn in
            figure = charts.timeline_figure(
                frame, lane=request.lane, width=WIDTH - 2 * BORDER, eras=request.framing.eras, lang=lang,
                labels=IMAGE_LABELS,
            )  # fmt: skip
            title = f"{programme.name}: {programme.timeline_heading}"  # the image travels alone
        else:
            build, title = counts[request.chart]
            figure = build(frame, lang=lang)
        draft = lang != i18n.ENGLISH and (programme.is_draft or any_draft(frame))
        lines = [request.notice, source_line(programme, lang), draft_line(lang) if draft else ""]
        # A filtered chart says so, as the deck's title slide does: the image travels alone.
        chosen = request.filters.describe(lang)
        subtitle = _("Filters: {filters}").format(filters=chosen) if chosen else ""
        source = " · ".join(line for line in lines if line)
        return figure_image(figure, fmt, title=title, subtitle=subtitle, source=source)

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
    lang: str = i18n.ENGLISH,
) -> Rendered:
    """``frame`` (milestones of ``version``, narrowed by ``filters``) as a file in format ``fmt``.

    ``chart`` picks the picture for png and svg (one of :data:`CHARTS`; the timeline's lanes
    by ``lane``). ``progress(done, total)`` is called as a deck's slides are made. ``pictures``
    holds the milestones' pictures by file name (``store.read_pictures``), for the deck, the
    offline HTML and TimelineJS, which embed them. ``address`` is the dashboard's front page
    as a visitor reached it: the deck links to it (with the filters) where ``CLFJ_PUBLIC_URL``
    is not set and it is not this machine's own. ``framing`` is the version's title, which
    titles every file in place of the programme's name and intro, and its eras. ``programme``
    stays the programme's own where a file names its source: the programme's results page. Raises
    ``images.ImagesUnavailable`` for a picture where no browser can draw it, and KeyError
    for a format or chart that does not exist.

    ``lang`` is the language of the file's words (``"hi"``: Hindi wherever a milestone and the
    framing have it, English where not, marked as such where the format can; a draft translation
    says so). The CSV and XLSX hold both languages' columns whatever ``lang`` is.

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
    notice = i18n.translator(lang)(NOT_FOR_SHARING) if staff_only else ""
    framing = framing or Framing()
    lang = i18n.language(lang)
    request = Request(
        frame, programme, version, filters, chart, lane, progress, pictures or {}, notice, address, framing,
        lang,
    )  # fmt: skip
    data = spec.make(request)
    number = getattr(version, "version", None)
    name = file_name(fmt, programme, number, filters, chart, staff_only=staff_only, lang=lang)
    return Rendered(data, name, spec.mime)


def file_name(
    fmt: str,
    programme: Programme,
    version: int | None,
    filters: Filters,
    chart: str = "timeline",
    *,
    staff_only: bool = False,
    lang: str = i18n.ENGLISH,
):
    """The name :func:`render` gives a file, known before the file is made: ``staff_only``
    where it holds staff-only milestones (never for a format made for the public); a file in
    another language than English says which (``clfj-results-hi-v3-2026-11-28.pptx``), except
    the CSV and XLSX, which hold both."""
    spec = FORMATS[fmt]
    marked = staff_only and not spec.public_only
    what = spec.what or chart
    if i18n.language(lang) != i18n.ENGLISH and fmt not in ("csv", "xlsx"):
        what = f"{what}-{i18n.language(lang)}"
    return export_name(programme.short_name, what, version, spec.extension, filters.active, marked)
