"""What staff upload as XLSX: sheets, real Excel dates, text as Excel escapes it, and files built to
hurt the server."""

import datetime as dt
import io
import re
import time
import zipfile

import openpyxl
import pytest
import xlsxwriter
from hostile.corpus import rewrite

from clfj_data import Limits, UnreadableFile, load_milestones

pytestmark = pytest.mark.unit

HEADERS = ["Date", "What changed", "Why it matters", "States", "Sector"]
ROWS = [
    ["Mar 2022", "Courts use videoconferencing.", "Children testify more.", "Rajasthan; Bihar", "Justice"],
    ["Feb 2019", "Every child gets a care plan.", "Care helps recovery.", "Rajasthan", "care"],
]


def workbook(*sheets: tuple[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_plain_workbook_reads_like_the_csv():
    result = load_milestones(workbook(("Sheet1", [HEADERS, *ROWS])), filename="m.xlsx")
    assert result.ok, result.errors
    assert list(result.milestones["sector"]) == ["Care and health", "Justice"]
    assert str(result.source) == "sheet 'Sheet1'"


def test_the_sheet_named_milestones_wins_in_any_case():
    data = workbook(("Notes", [["hello"]]), ("MileStones", [HEADERS, ROWS[0]]), ("Sheet3", [HEADERS, *ROWS]))
    result = load_milestones(data)
    assert len(result.milestones) == 1


def test_else_the_first_sheet_whose_headers_match():
    data = workbook(("Cover", [["Results 2022"], ["by CLFJ"]]), ("Data", [HEADERS, *ROWS]))
    result = load_milestones(data)
    assert result.ok and len(result.milestones) == 2


def test_without_a_matching_sheet_the_first_sheet_is_reported():
    result = load_milestones(workbook(("Cover", [["Results"], ["x"]])))
    assert sorted(e.column for e in result.errors) == ["date", "description", "rationale"]


@pytest.mark.parametrize(
    ("number_format", "date", "precision"),
    [
        ("mmm yyyy", dt.date(2022, 3, 1), "month"),
        ("mmmm\\ yyyy", dt.date(2022, 3, 1), "month"),
        ("mmm-yy", dt.date(2022, 3, 1), "month"),
        ("dd/mm/yyyy", dt.date(2022, 3, 15), "day"),
        ("yyyy-mm-dd", dt.date(2022, 3, 15), "day"),
        ("General", dt.date(2022, 3, 15), "day"),
        ('"Year "yyyy', dt.date(2022, 1, 1), "year"),
    ],
)
def test_excel_date_cells_keep_the_precision_they_display(number_format, date, precision):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([dt.datetime(2022, 3, 15), "Text.", "Why.", "", ""])
    sheet["A2"].number_format = number_format if number_format != "General" else "yyyy-mm-dd h:mm"
    out = io.BytesIO()
    book.save(out)
    row = load_milestones(out.getvalue()).milestones.iloc[0]
    assert (row["date"].date(), row["precision"]) == (date, precision)


def test_numbers_in_cells_are_read_as_people_typed_them():
    data = workbook(("m", [["Year", "Text", "Rationale", "Headline"], [2019.0, "Text.", "Why.", 11]]))
    row = load_milestones(data).milestones.iloc[0]
    assert (row["date"].year, row["precision"], row["title"]) == (2019, "year", "11")


def test_rows_are_numbered_as_excel_numbers_them():
    data = workbook(("m", [HEADERS, ROWS[0], [None] * 5, ["Mar 2022", "Text.", "", "Rajastan", ""]]))
    result = load_milestones(data)
    assert [(e.row, e.column) for e in result.errors] == [(4, "Why it matters"), (4, "States")]


def refused_quickly(data: bytes, words: str, **kwargs) -> None:
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match=words):
        load_milestones(data, **kwargs)
    assert time.perf_counter() - started < 2


def test_zip_bomb_is_refused_unopened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    refused_quickly(out.getvalue(), "zip bomb")
    refused_quickly(out.getvalue(), "unpacks to 20 MB", limits=Limits(max_unzipped_bytes=2**20))


def test_billion_laughs_is_refused():
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
        )
        + "]>"
    )
    data = rewrite(
        workbook(("m", [HEADERS, *ROWS])),
        "xl/worksheets/sheet1.xml",
        lambda xml: laughs + re.sub(r'<dimension ref="[^"]*"', '<dimension ref="&lol9;"', xml),
    )
    refused_quickly(data, "This workbook cannot be read: it is damaged, or not a real Excel file.")


def test_a_sheet_declaring_a_million_rows_is_refused():
    data = rewrite(
        workbook(("m", [HEADERS, *ROWS])),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:E1000000"', xml),
    )
    refused_quickly(data, "declares 999,999 rows")


def test_rows_beyond_the_limit_are_refused_not_dropped():
    data = workbook(("m", [HEADERS, *ROWS]))
    refused_quickly(data, "the limit is 1", limits=Limits(max_rows=1))


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}, ".ods"),
        ({"word/document.xml": "<w/>"}, "not an Excel workbook"),
        ({"xl/workbook.xml": "<not-a-workbook"}, "cannot be read"),
    ],
)
def test_other_zips_are_named_for_what_they_are(members, words):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    refused_quickly(out.getvalue(), words)


def test_a_truncated_workbook_is_refused():
    refused_quickly(workbook(("m", [HEADERS, *ROWS]))[:300], "damaged")


# Text as Excel stores it: _xHHHH_ escapes


def excel_workbook(rows: list[list[str]]) -> bytes:
    """A workbook escaped as Excel escapes text (XlsxWriter does the same): _xHHHH_ codes."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("milestones")
    for number, row in enumerate(rows):
        for column, text in enumerate(row):
            sheet.write_string(number, column, text)
    book.close()
    return out.getvalue()


EXCEL_HEADER = ["date", "title", "description", "rationale"]


def test_text_excel_escaped_loads_as_typed():
    data = excel_workbook([EXCEL_HEADER, ["Mar 2022", "Form _x0041_ filed", "Courts use video.", "Kids."]])
    result = load_milestones(data, filename="m.xlsx")
    assert result.ok, result.errors
    assert result.milestones["title"].iloc[0] == "Form _x0041_ filed"


def test_a_control_character_excel_escaped_is_refused_by_cell():
    data = excel_workbook([EXCEL_HEADER, ["Mar 2022", "Red \x1b[31malert", "Courts use video.", "Kids."]])
    result = load_milestones(data, filename="m.xlsx")
    assert not result.ok
    (error,) = result.errors
    assert (error.row, error.column) == (2, "title") and "(U+001B)" in error.message


def unsaved_formula_workbook() -> bytes:
    """A formula written by a program that does not save its value (openpyxl, many exporters)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "milestones"
    sheet.append(["Date", "Title", "Description", "Rationale"])
    for number in range(2, 6):
        sheet.append(["Mar 2022", f"Milestone {number}", f"Change {number}.", "Why."])
    sheet["C5"] = "=A1&B1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_formula_without_a_saved_value_is_named_as_a_formula():
    result = load_milestones(unsaved_formula_workbook(), filename="m.xlsx")
    assert [str(e) for e in result.errors] == [
        "Row 5, column 'Description': Description holds a formula, and the file has no value saved "
        "for it: paste the value instead (Paste Special, Values)."
    ]


def test_a_formula_with_its_value_saved_reads_as_that_value():
    data = rewrite(
        unsaved_formula_workbook(),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(
            r'<c r="C5"[^>]*>.*?</c>', '<c r="C5" t="str"><f>A1&amp;B1</f><v>DateTitle</v></c>', xml
        ),
    )
    result = load_milestones(data, filename="m.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    assert "DateTitle" in list(result.milestones["description"])


PLAINLY = "This workbook cannot be read: it is damaged, or not a real Excel file."


@pytest.mark.parametrize(
    "damage",
    [
        lambda xml: xml[: len(xml) // 2],  # cut short
        lambda xml: '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + xml,
        lambda xml: xml.replace("<sheetData>", "<sheetData><row r='2'><c r='A2' t='s'><v>99</v></c></row>"),
    ],
    ids=["cut short", "external entity", "string that is not there"],
)
def test_a_damaged_or_hostile_sheet_says_plainly_that_it_cannot_be_read(damage):
    data = rewrite(workbook(("m", [HEADERS, *ROWS])), "xl/worksheets/sheet1.xml", damage)
    with pytest.raises(UnreadableFile) as refused:
        load_milestones(data, filename="m.xlsx")
    assert str(refused.value).startswith(PLAINLY)
    assert "Error" not in str(refused.value)  # no exception's name (ParseError, IndexError...)
