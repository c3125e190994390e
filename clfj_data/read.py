"""Reading a spreadsheet's bytes into a table of text cells: CSV in its usual encodings, or XLSX."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import arrow
from .i18n import N_
from .problems import Count, Message, UnreadableFile
from .sheet import FIRST_DATA_ROW, MB, Limits, RawTable, check_width, text_table
from .xlsx import read_xlsx

Source = str | os.PathLike | bytes | bytearray | BinaryIO


def read_bytes(source: Source, limits: Limits) -> tuple[bytes, str | None]:
    """Take a path, bytes or a binary file object; return its bytes and its file name if known."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), None
    elif isinstance(source, (str, os.PathLike)):
        data, name = read_file(source, limits), Path(source).name
    elif hasattr(source, "read"):
        data, name = source.read(limits.max_bytes + 1), getattr(source, "name", None)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise UnreadableFile(
            Message(N_("Cannot read a {kind}: give a path, bytes or a file."), kind=type(source).__name__)
        )
    if len(data) > limits.max_bytes:
        raise UnreadableFile(_too_big(len(data), limits))
    return data, (str(name) if name else None)


def read_file(path: str | os.PathLike, limits: Limits) -> bytes:
    """The bytes of the file at ``path``, reading no more than ``limits.max_bytes`` allows.

    Raises :class:`UnreadableFile` for a missing or unreadable path, for a folder, a device or a
    pipe (which are never read: /dev/zero never ends, a pipe may never be written to), and for a
    file over the size limit.
    """
    path = Path(path)
    try:
        # Without O_NONBLOCK, opening a pipe waits until something opens it to write.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UnreadableFile(Message(N_("There is no file at {path}."), path=str(path))) from None
    except OSError as error:
        raise UnreadableFile(_no_readable_file(path, error)) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = _kind(status.st_mode)
            raise UnreadableFile(
                Message(
                    N_("{path} is {kind}, not a file: give the spreadsheet's own path."),
                    path=str(path),
                    kind=kind,
                )
            )
        if status.st_size > limits.max_bytes:
            raise UnreadableFile(_too_big(status.st_size, limits))
        with open(descriptor, "rb", closefd=False) as file:
            return file.read(limits.max_bytes + 1)  # a file still growing is caught by the caller
    except OSError as error:
        raise UnreadableFile(_no_readable_file(path, error)) from None
    finally:
        os.close(descriptor)


def _no_readable_file(path: Path, error: OSError) -> Message:
    # The system's own words for why (its strerror) stay as the system gives them.
    return Message(
        N_("There is no readable file at {path} ({why})."), path=str(path), why=str(error.strerror)
    )


def _kind(mode: int) -> Message:
    if stat.S_ISDIR(mode):
        return Message(N_("a folder"))
    if stat.S_ISFIFO(mode):
        return Message(N_("a pipe"))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Message(N_("a device"))
    return Message(N_("a socket") if stat.S_ISSOCK(mode) else N_("a special file"))


def read_table(data: bytes, filename: str | None, limits: Limits) -> RawTable:
    """Read a CSV or XLSX file's bytes into a :class:`RawTable`, or raise :class:`UnreadableFile`."""
    suffix = Path(filename).suffix.lower() if filename else ""
    if not data or data.isspace():
        raise UnreadableFile(Message(N_("The file is empty.")))
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            Message(N_("This is an old Excel file (.xls): open it in Excel and save it as .xlsx or CSV."))
        )
    if data.startswith(b"%PDF"):
        raise UnreadableFile(Message(N_("This is a PDF, not a spreadsheet: upload the CSV or XLSX file.")))
    if suffix in (".xlsx", ".xlsm"):
        raise UnreadableFile(
            Message(
                N_(
                    "The file is named {suffix} but is not an Excel workbook: it may be damaged, "
                    "or another kind of file renamed."
                ),
                suffix=suffix,
            )
        )
    return read_csv(data, limits)


def read_csv(data: bytes, limits: Limits) -> RawTable:
    """Read CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 or latin-1."""
    table = _read_utf8_fast(data, limits)
    if table is not None:
        return table
    decoded, encoding = _decode(data)
    if "\x00" in decoded:
        raise UnreadableFile(Message(N_("This is not a text file, so not a CSV spreadsheet.")))
    # NFC once for the whole text: cheaper than cell by cell, and the same, since the
    # delimiters and quotes between cells never compose with what follows them.
    text = decoded if decoded.isascii() else unicodedata.normalize("NFC", decoded)
    first_line = _first_line(text)
    delimiter = _sniff_delimiter(first_line)
    table = None
    if encoding not in ("utf-8", "utf-8-sig"):  # UTF-8 was tried above
        table = _read_csv_fast(text.encode("utf-8"), first_line, delimiter, limits)
    headers, cells, overflow = table or _read_csv_exact(text, delimiter, limits)
    return RawTable(headers, cells, "csv", _detail(encoding, delimiter), overflow)


def _read_utf8_fast(data: bytes, limits: Limits) -> RawTable | None:
    """Most files, read without decoding the whole text: UTF-8 with rows as wide as the header.

    pyarrow parses the bytes as they are and checks that they are UTF-8, and only the columns
    holding non-ASCII text are brought to NFC. None for any other file.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    utf8 = data[len(codecs.BOM_UTF8) :] if encoding == "utf-8-sig" else data
    if b"\x00" in utf8:
        return None
    try:
        first_line = unicodedata.normalize("NFC", _first_line_bytes(utf8).decode("utf-8"))
    except UnicodeDecodeError:
        return None
    delimiter = _sniff_delimiter(first_line)
    table = _read_csv_fast(utf8, first_line, delimiter, limits)
    if table is None:
        return None
    headers, cells, overflow = table
    for position, column in enumerate(cells.columns):
        if not _in_nfc(column):
            normalized = [unicodedata.normalize("NFC", text) for text in column.to_pylist()]
            cells = cells.set_column(position, cells.field(position), arrow.array(normalized, pa.string()))
    return RawTable(headers, cells, "csv", _detail(encoding, delimiter), overflow)


def _in_nfc(column: pa.ChunkedArray) -> bool:
    """Whether every cell is in Unicode NFC already, as nearly all are. Only cells with
    non-ASCII text can be otherwise, and they are checked as one text: joining NFC cells
    keeps it NFC, except in the rare case where one cell's end composes with the next one's
    start, which reads as "no" and so costs only a cell-by-cell normalization."""
    non_ascii = column.filter(pc.invert(pc.string_is_ascii(column)))
    return unicodedata.is_normalized("NFC", arrow.text_bytes(non_ascii).decode("utf-8"))


def _detail(encoding: str, delimiter: str) -> Message:
    return Message(
        N_("CSV, {encoding}, {delimiter}-separated"),
        encoding=Message(_ENCODINGS_READ[encoding]),
        delimiter=Message(_DELIMITER_NAMES[delimiter]),
    )


_DELIMITER_NAMES = {",": N_("comma"), ";": N_("semicolon"), "\t": N_("tab")}
# The encodings a CSV is read in, by Python's names for them (as English says them); another
# language names them as people know them.
_ENCODINGS_READ = {
    "utf-8": N_("utf-8"), "utf-8-sig": N_("utf-8-sig"), "utf-16": N_("utf-16"), "cp1252": N_("cp1252"),
    "latin-1": N_("latin-1"),
}  # fmt: skip
_SEPARATOR_NAMES = {",": Message(N_("commas")), ";": Message(N_("semicolons")), "\t": Message(N_("tabs"))}
# Quoted text may hold delimiters too, but no milestone's cells hold anything like this many.
_MOST_SEPARATORS = 100_000
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16"}


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = None
    if encoding:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise UnreadableFile(
                Message(
                    N_(
                        "The file says it is {encoding} but contains bytes that are not: "
                        "save it again as CSV UTF-8."
                    ),
                    encoding=_ENCODING_NAMES[encoding],
                )
            ) from None
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _first_line(text: str) -> str:
    # Excel for old Macs ends lines with a lone CR.
    return re.match(r"[^\r\n]*", text).group()


def _first_line_bytes(data: bytes) -> bytes:
    return re.match(rb"[^\r\n]*", data).group()


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in _DELIMITER_NAMES}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv_fast(utf8: bytes, first_line: str, delimiter: str, limits: Limits):
    """Parse with pyarrow when the file is regular (every row as wide as the header, no blank
    lines); return None otherwise, so the exact parser can say which row is irregular."""
    # No header has more cells than delimiters and one, and without quotes it has exactly that
    # many: only a quoted header that may be too wide is parsed to count its cells.
    width = first_line.count(delimiter) + 1
    if width > limits.max_columns:
        if '"' in first_line:
            width = len(next(csv.reader([first_line], delimiter=delimiter)))
        check_width(width, limits)
    if first_line.count('"') % 2:
        return None  # a header cell spans lines
    if utf8.count(b'"') % 2:
        return None  # a quote is never closed (or a lone " is typed in a cell): the exact parser tells
    header = next(csv.reader([first_line], delimiter=delimiter), [])
    if not header:
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(utf8),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=True),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                # Only a quoted cell can hold a line break; without quotes pyarrow may split
                # the file at any line and parse the pieces in parallel, which is faster.
                newlines_in_values=b'"' in utf8,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError):
        return None
    if table.num_rows > limits.max_rows:
        raise UnreadableFile(_too_many_rows(table.num_rows, limits))
    return header, table, ()


def _read_csv_exact(text: str, delimiter: str, limits: Limits):
    """Parse record by record so that every row keeps the number a spreadsheet shows it under."""
    lines = _Lines(text, delimiter)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    try:
        header = next(reader, [])
        lines.row_read()
        width = len(header)
        check_width(width, limits)
        records, overflow = [], []
        for number, record in enumerate(reader, start=FIRST_DATA_ROW):
            lines.row_read()
            if len(records) >= limits.max_rows and any(c.strip() for c in record):
                raise UnreadableFile(_too_many_rows(None, limits))
            if len(record) > width and any(c.strip() for c in record[width:]):
                overflow.append(number)
            record = (record + [""] * width)[:width]
            records.append(record)
    except csv.Error as error:
        if lines.quotes % 2:  # inside a quote: the rest of the file, or one very long cell?
            if (lines.quotes + text.count('"', lines.offset)) % 2:
                raise UnreadableFile(_unclosed_quote(lines.row)) from None
            raise UnreadableFile(
                Message(
                    N_(
                        "The CSV cannot be read: row {row} has a cell of more than {count} characters, "
                        "far more than a milestone holds."
                    ),
                    row=lines.row,
                    count=Count(csv.field_size_limit()),
                )
            ) from None
        # The csv module's own words for what it met stay as it gives them.
        raise UnreadableFile(Message(N_("The CSV cannot be read: {error}."), error=str(error))) from None
    if lines.last_quotes % 2 and lines.last_lines > 1:
        # Within the field limit the csv module reads an unclosed quote to the end of the file as
        # one cell, and later rows would silently become part of that cell.
        raise UnreadableFile(_unclosed_quote(lines.last_row))
    return header, text_table(records, width), tuple(overflow)


def _unclosed_quote(row: int) -> Message:
    return Message(
        N_(
            'Row {row} opens a quote (") that is never closed, so the rest of the file reads as one '
            "cell: close the quote where the text ends, or delete it."
        ),
        row=row,
    )


class _Lines:
    """The lines of a CSV text for the csv module, refusing a row with far more delimiters than
    a row of milestones holds: the module builds all of a row's cells at once, and a 20 MB row
    of commas would be twenty million of them."""

    def __init__(self, text: str, delimiter: str):
        self.text, self.delimiter = text, delimiter
        # The spreadsheet row being read, and its delimiters, quotes and lines so far.
        self.row, self.separators, self.quotes, self.lines = 1, 0, 0, 0
        self.offset = 0  # where in the text the lines read so far end
        self.last_row, self.last_quotes, self.last_lines = 0, 0, 0  # the same for the row read last

    def row_read(self) -> None:
        self.last_row, self.last_quotes, self.last_lines = self.row, self.quotes, self.lines
        self.row, self.separators, self.quotes, self.lines = self.row + 1, 0, 0, 0

    def __iter__(self):
        for line in io.StringIO(self.text, newline=""):
            self.separators += line.count(self.delimiter)
            self.quotes += line.count('"')
            self.lines += 1
            self.offset += len(line)
            if self.separators > _MOST_SEPARATORS:
                raise UnreadableFile(
                    Message(
                        N_(
                            "Row {row} has more than {count} {separators}, far more than a row of milestones "
                            "holds: check that this is the spreadsheet to upload."
                        ),
                        row=self.row,
                        count=Count(_MOST_SEPARATORS),
                        separators=_SEPARATOR_NAMES[self.delimiter],
                    )
                )
            yield line


def _too_big(size: int, limits: Limits) -> Message:
    return Message(
        N_(
            "The file is {size} MB; the limit is {limit} MB. "
            "Split it, or ask the administrator to raise {setting}."
        ),
        size=f"{size / MB:.1f}",
        limit=f"{limits.max_bytes / MB:.0f}",
        setting="CLFJ_MAX_UPLOAD_MB",
    )


def _too_many_rows(count: int | None, limits: Limits) -> Message:
    """The sheet's ``count`` rows (None: more than the limit, counted no further) are too many."""
    if count is None:
        template = N_("The sheet has more than {limit} rows; the limit is {limit}. Split it, or ask the "
                      "administrator to raise {setting}.")  # fmt: skip
    else:
        template = N_("The sheet has {count} rows; the limit is {limit}. Split it, or ask the "
                      "administrator to raise {setting}.")  # fmt: skip
    return Message(template, count=Count(count or 0), limit=Count(limits.max_rows), setting="CLFJ_MAX_ROWS")
