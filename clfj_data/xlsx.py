"""Reading XLSX workbooks safely: zip limits and a count of the XML first, then openpyxl on defusedxml."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import unicodedata
import zipfile

from .columns import match_headers
from .i18n import N_
from .problems import Count, Message, UnreadableFile
from .sheet import CELLS_PER_ROW, FIRST_DATA_ROW, MB, Limits, RawTable, check_width, text_table
from .zips import open_zip

EXCEL_LAST_ROW = 1_048_576
# Excel writes a control character (or U+FFFE, U+FFFF) as _xHHHH_, and escapes a typed "_x"
# before four hex digits and "_" as _x005F_x...: read both back as written. openpyxl already
# turns _x005F_x into _x in shared strings, and leaves inline strings alone.
_EXCEL_ESCAPE = re.compile(r"_x005F_(x[0-9A-Fa-f]{4}_)|_x(00[01][0-9A-Fa-f]|[Ff]{3}[EeFf])_")
_DAMAGED_ZIP = Message(N_("The file looks like a zip but is damaged: save it again as .xlsx."))
# openpyxl spends its time per XML element; a cell with a value is two or three (<c>, <v>, or
# <c>, <is>, <t>), a row one more. Styles, theme and the rest add thousands, more where styles pile up.
_ELEMENTS_PER_CELL = 3
_OTHER_ELEMENTS = 100_000
_CHUNK = MB
# How a cell's formula element starts, <f> or <x:f ...>: found with bytes.find, which scans MB in
# well under a millisecond where a pattern takes tens (a false find costs only a second look).
_FORMULA_STARTS = tuple(lead + b"f" + end for lead in (b"<", b":") for end in (b">", b" ", b"/"))


def _holds_formula(xml: bytes) -> bool:
    return any(start in xml for start in _FORMULA_STARTS)


def downloaded_from(data: bytes) -> int | None:
    """The version an XLSX was downloaded from, as the app's downloads record it in the
    document's properties (None for any other file, or one it cannot tell)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            info = book.getinfo("docProps/core.xml")
            if info.file_size > 64 * 1024:  # a few hundred bytes as written: never read a large one
                return None
            core = book.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    found = re.search(r"<dc:identifier[^>]*>\s*clfj-milestones-version-(\d{1,9})\s*</dc:identifier>", core)
    return int(found.group(1)) if found else None


def read_xlsx(data: bytes, limits: Limits) -> RawTable:
    """Read the ``milestones`` sheet (any case), else the first sheet whose headers match."""
    has_formulas = _check_archive(data, limits)
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise UnreadableFile(
            Message(N_("XLSX files cannot be read safely here: install {package}."), package="defusedxml")
        )
    with _opened(openpyxl, data, data_only=True) as workbook:
        sheet = _choose_sheet(workbook, limits)
        table = _read_sheet(sheet, limits)
    if has_formulas:
        # Formulas are read only where the XML holds one, as a second pass: a workbook written
        # by a program other than Excel may store a formula without its value, which reads as empty.
        with _opened(openpyxl, data, data_only=False) as workbook:
            table.formula_cells = _unsaved_formulas(workbook[sheet.title], table)
    return table


@contextlib.contextmanager
def _opened(openpyxl, data: bytes, *, data_only: bool):
    """The workbook opened read-only; whatever openpyxl raises on a damaged one is UnreadableFile."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as error:  # openpyxl raises many types on damaged input; none may escape
        raise UnreadableFile(_damaged(error)) from None
    try:
        yield workbook
    except UnreadableFile:
        raise
    except Exception as error:  # as above: a damaged sheet is the uploader's problem to hear of
        raise UnreadableFile(_damaged(error)) from None
    finally:
        workbook.close()


def _unsaved_formulas(sheet, table: RawTable) -> tuple[tuple[int, int], ...]:
    """The (row, column position) of each formula cell that read as empty: no value was saved."""
    width = len(table.headers)
    if not table.cells.num_rows:
        return ()
    found = []
    rows = sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + table.cells.num_rows - 1,
                           max_col=max(width, 1))  # fmt: skip
    for number, cells in enumerate(rows, start=FIRST_DATA_ROW):
        for position, cell in enumerate(cells[:width]):
            empty = not table.cells.column(position)[number - FIRST_DATA_ROW].as_py()
            if getattr(cell, "data_type", None) == "f" and empty:
                found.append((number, position))
    return tuple(found)


def _check_archive(data: bytes, limits: Limits) -> bool:
    """Refuse what is not a workbook or would cost too much to open; say whether a sheet holds a formula."""
    archive, members = open_zip(data, limits, "workbook", _DAMAGED_ZIP)
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        if "mimetype" in names and b"opendocument" in _read_member(archive, "mimetype")[:100]:
            raise UnreadableFile(
                Message(N_("OpenDocument spreadsheets (.ods) are not supported: save it as .xlsx or CSV."))
            )
        raise UnreadableFile(
            Message(N_("This is a zip file but not an Excel workbook: upload the .xlsx file."))
        )
    return _count_elements(archive, members, limits)


def _count_elements(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: Limits) -> bool:
    """Refuse a workbook whose XML holds more elements than ``limits.max_cells`` cells make.

    A few MB can unpack to millions of small cells, which openpyxl reads at tens of
    thousands a second: counting the tags' ``<`` as the parts unpack takes a fraction of that.
    Every part that reads as XML counts, whatever its name, since any name can hold a sheet.
    """
    budget = limits.max_cells * _ELEMENTS_PER_CELL + _OTHER_ELEMENTS
    elements, formulas = 0, False
    try:
        for member in members:
            with archive.open(member) as part:
                chunk = part.read(_CHUNK)
                head = chunk.lstrip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff")  # whitespace, UTF-8/16 marks
                if head and not head.startswith(b"<"):
                    continue  # not XML (a picture, say): no parser reads it as a sheet
                tail = b""  # the end of the chunk before, so a tag split between chunks is seen
                while chunk:
                    if not formulas and member.filename.startswith("xl/worksheets/"):
                        formulas = _holds_formula(tail + chunk[:16]) or _holds_formula(chunk)
                        tail = chunk[-16:]
                    elements += chunk.count(b"<") - chunk.count(b"</")  # a start tag each
                    if elements > budget:
                        raise UnreadableFile(
                            Message(
                                N_(
                                    "The workbook holds more than {cells} cells ({per_row} for each of the "
                                    "{rows} rows allowed), or as much XML. Split it, or ask the "
                                    "administrator to raise {setting}."
                                ),
                                cells=Count(limits.max_cells), per_row=CELLS_PER_ROW,
                                rows=Count(limits.max_rows), setting="CLFJ_MAX_ROWS",
                            )
                        )  # fmt: skip
                    chunk = part.read(_CHUNK)
    except UnreadableFile:
        raise
    except Exception as error:  # a part that does not unpack as its directory says (zip bombs do this)
        raise UnreadableFile(_damaged(error)) from None
    return formulas


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except Exception:  # as above, for a damaged member
        raise UnreadableFile(_DAMAGED_ZIP) from None


def _choose_sheet(workbook, limits: Limits):
    for sheet in workbook.worksheets:
        if sheet.title.strip().lower() == "milestones":
            return sheet
    for sheet in workbook.worksheets:
        first = next(sheet.iter_rows(max_row=1, values_only=True), ())
        headers = [_text(v) for v in first]
        if headers and not match_headers(headers).missing:
            return sheet
    if not workbook.worksheets:
        raise UnreadableFile(Message(N_("The workbook has no sheets.")))
    return workbook.worksheets[0]


def _read_sheet(sheet, limits: Limits) -> RawTable:
    declared = sheet.max_row
    if declared and declared > limits.max_rows + 1:
        raise UnreadableFile(
            Message(
                N_(
                    "The sheet '{sheet}' declares {count} rows; the limit is {limit}. "
                    "Split it, or ask the administrator to raise {setting}."
                ),
                sheet=sheet.title, count=Count(declared - 1), limit=Count(limits.max_rows),
                setting="CLFJ_MAX_ROWS",
            )
        )  # fmt: skip
    header_cells = next(sheet.iter_rows(max_row=1), ())
    headers = [_text(c.value) for c in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    check_width(width, limits)
    # Only the headed columns: openpyxl pads each row it gives to the width asked for, and a
    # sheet can declare 16,384 columns.
    rows = sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=max(width, 1))
    records, previous, record = [], None, []
    for number, cells in enumerate(rows, start=FIRST_DATA_ROW):
        # Read to the end (a row far below can hide behind empty ones), keeping rows within the limit.
        if cells is not previous:  # openpyxl gives each row missing from the sheet as one same tuple
            record, previous = [_cell_text(c) for c in cells[:width]], cells
            filled = any(record)
        if number > limits.max_rows + 1:
            # Past Excel's last row nothing is a real sheet: stop rather than walk to row 10**9.
            if filled or number > EXCEL_LAST_ROW:
                raise UnreadableFile(
                    Message(
                        N_(
                            "The sheet '{sheet}' has more than {limit} rows. Split it, "
                            "or ask the administrator to raise {setting}."
                        ),
                        sheet=sheet.title, limit=Count(limits.max_rows), setting="CLFJ_MAX_ROWS",
                    )
                )  # fmt: skip
            continue
        records.append(record + [""] * (width - len(record)))
    cells = text_table(records, width)
    detail = Message(N_("sheet '{sheet}'"), sheet=sheet.title)
    return RawTable(headers=headers, cells=cells, kind="xlsx", detail=detail)


def _cell_text(cell) -> str:
    value = getattr(cell, "value", None)
    if isinstance(value, (dt.datetime, dt.date)):
        return _date_at_displayed_precision(value, getattr(cell, "number_format", "") or "")
    return _text(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        value = _EXCEL_ESCAPE.sub(_unescape, value)
    return unicodedata.normalize("NFC", str(value))


def _unescape(match: re.Match) -> str:
    literal, code = match.groups()
    return "_" + literal if literal else chr(int(code, 16))


def _date_at_displayed_precision(value: dt.date, number_format: str) -> str:
    """Excel stores 'Mar 2022' as 1 March 2022 shown with a month-year format: keep what is shown."""
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).lower()
    if "d" in shown or not any(c in shown for c in "my"):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if "m" in shown:
        return f"{value.year:04d}-{value.month:02d}"
    return f"{value.year:04d}"


DAMAGED = N_(
    "This workbook cannot be read: it is damaged, or not a real Excel file. Open it in Excel and "
    "save it again as .xlsx, or save it as CSV."
)
_ENTITIES = N_(
    "This workbook cannot be read: it is damaged, or not a real Excel file. Open it in Excel and "
    "save it again as .xlsx, or save it as CSV. (It declares XML entities, which Excel never writes "
    "and which are refused for safety.)"
)


def _damaged(error: BaseException) -> Message:
    """One plain sentence, whatever openpyxl or the XML parser raised: the type of the error
    means nothing to the person who uploaded the file."""
    if any(type(e).__module__.startswith("defusedxml") for e in _chain(error)):
        return Message(_ENTITIES)
    return Message(DAMAGED)


def _chain(error: BaseException | None):
    """The error and the errors it was raised from (openpyxl wraps what the XML parser raised)."""
    seen = 0
    while error is not None and seen < 20:
        yield error
        error, seen = error.__cause__ or error.__context__, seen + 1
