"""Key figures, the milestone tables people read and download, the lines that say where a version came
from, and text made safe for where it is shown."""

import codecs
import csv
import dataclasses
import datetime as dt
import html
import io
import re

import openpyxl
import pandas as pd
import pytest
from milestone_rows import load_rows

from clfj_data import load_milestones, load_programme, store
from clfj_data.columns import TEMPLATE_COLUMNS
from clfj_data.export import export_name, formula_safe, to_csv, to_xlsx
from clfj_data.markup import escape_markdown, holds_html, in_its_language, plotly_text
from clfj_data.summary import KeyFigures, key_figures, latest_first, latest_rows, names_line
from clfj_data.tables import (
    local_date,
    milestones_reading_rows,
    milestones_reading_table,
    milestones_table,
    version_banner,
    version_banner_parts,
    version_line,
    version_line_parts,
)

pytestmark = pytest.mark.unit

HEADER = "id,date,title,description,rationale,states,sector"
FIRST_IN_MARCH = "first-in-march,Mar 2022,First in March,Courts convict.,Deterrence.,Rajasthan; Bihar,Justice"
OLDEST = "oldest,Feb 2019,Care plans,Shelters plan care.,Recovery.,Rajasthan,"
SECOND_IN_MARCH = "second-in-march,Mar 2022,Second in March,Committees track.,Support.,Bihar,Child protection"
YEAR_ONLY = "year-only,2020,Producer company,Women own a company.,Power shifts.,,Livelihoods"
ON_A_DAY = "on-a-day,15 Mar 2022,Testimony rules,Rules issued.,Accuracy.,Rajasthan,Justice"

FORMULAS = {
    "title": "@everyone courts act",
    "description": '=HYPERLINK("http://example.com","click")',
    "rationale": "+91 for more testimony",
}
# Quoted as a spreadsheet writes them.
FORMULA_CELLS = ",".join('"' + text.replace('"', '""') + '"' for text in FORMULAS.values())
FORMULA_ROW = f"formulas,Mar 2022,{FORMULA_CELLS},Bihar,Justice"

MARKDOWN = [
    "[x](javascript:alert(1))",
    "![i](http://x)",
    "<b>bold</b>",
    ":red[x]",
    "$x$",
    "# h",
    "**b** _i_ `c` ~~s~~ | t |",
    "1. not a list",
    ":material/home: icon",
    "a \\ backslash",
]
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">x</a>'
LONG = "Courts hear children by videoconference in Rajasthan and Bihar"


def frame(*rows: str) -> pd.DataFrame:
    return load_rows(HEADER, *rows)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def by_id(rows) -> list[dict]:
    return sorted(rows, key=lambda row: row["id"])


# Key figures


def test_key_figures_of_the_shipped_data_agree_with_the_file(shipped):
    # data/milestones.csv: ten rows, naming Rajasthan and Bihar, in six sectors, Feb 2019 to Mar 2022.
    figures = key_figures(shipped)
    assert (figures.changes, figures.states, figures.sectors, figures.years) == (10, 2, 6, "2019–2022")


def test_the_latest_change_is_the_first_of_the_latest_month_in_file_order(shipped):
    # Two rows are dated Mar 2022, the latest month: the Bihar dashboard, then the Jaipur convictions.
    figures = key_figures(shipped)
    assert (figures.latest_id, figures.latest_date) == ("bihar-cpc-dashboard", "Mar 2022")
    assert figures.latest_title == "Bihar child protection committees track progress on a digital dashboard"


def test_key_figures_count_two_states_and_leave_out_a_missing_sector():
    figures = key_figures(frame(OLDEST, FIRST_IN_MARCH, SECOND_IN_MARCH))
    assert (figures.changes, figures.states, figures.sectors) == (3, 2, 2)
    assert figures.latest_id == "first-in-march"
    assert figures.state_names == ("Bihar", "Rajasthan")
    assert figures.sector_names == ("Justice", "Child protection")  # in the charts' order


def test_key_figures_of_the_shipped_data_for_the_overview(shipped):
    figures = key_figures(shipped)
    assert (figures.changes, figures.states, figures.sectors) == (10, 2, 6)
    assert (figures.first_date, figures.latest_date) == ("Feb 2019", "Mar 2022")
    assert figures.state_names == ("Bihar", "Rajasthan")
    assert set(figures.sector_names) == set(shipped["sector"])


def test_the_first_change_is_written_at_its_precision_whatever_the_row_order():
    figures = key_figures(frame(FIRST_IN_MARCH, YEAR_ONLY, ON_A_DAY))
    assert (figures.first_date, figures.latest_date) == ("2020", "15 Mar 2022")


def test_key_figures_of_nothing():
    figures = key_figures(frame(OLDEST).iloc[:0])
    assert figures == KeyFigures(0, 0, 0, None, None, None, None, None)
    assert figures.years == "–"


@pytest.mark.parametrize(
    ("rows", "years", "latest_date"),
    [((FIRST_IN_MARCH, SECOND_IN_MARCH), "2022", "Mar 2022"), ((OLDEST, YEAR_ONLY), "2019–2020", "2020")],
)
def test_key_figures_years_and_latest_date_as_written(rows, years, latest_date):
    figures = key_figures(frame(*rows))
    assert (figures.years, figures.latest_date) == (years, latest_date)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (None, ["first-in-march", "second-in-march", "year-only", "oldest"]),
        (2, ["first-in-march", "second-in-march"]),
    ],
)
def test_latest_first_keeps_file_order_among_equal_dates(count, expected):
    milestones = frame(OLDEST, FIRST_IN_MARCH, YEAR_ONLY, SECOND_IN_MARCH)
    assert list(latest_first(milestones, count)["id"]) == expected


def test_latest_rows_are_the_latest_milestones_to_show_one_by_one():
    rows = latest_rows(frame(OLDEST, FIRST_IN_MARCH, YEAR_ONLY, SECOND_IN_MARCH), 2)
    assert [(row.id, row.title) for row in rows] == [
        ("first-in-march", "First in March"),
        ("second-in-march", "Second in March"),
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "States named: Bihar, Rajasthan. Sectors named: Justice, Child protection."),
        ("hi", "States named: बिहार, राजस्थान. Sectors named: न्याय, बाल संरक्षण."),
    ],
)
def test_the_overview_names_each_state_and_sector_once_in_the_language_viewed(lang, expected):
    milestones = frame(FIRST_IN_MARCH, SECOND_IN_MARCH, ON_A_DAY)
    assert names_line(milestones, "States named: {names}.", "Sectors named: {names}.", lang) == expected


def test_the_overview_leaves_out_a_sentence_without_names():
    assert names_line(frame(YEAR_ONLY), "States: {names}.", "Sectors: {names}.") == "Sectors: Livelihoods."


# The table people download


def test_milestones_table_of_the_shipped_data_is_the_file(shipped, shipped_rows):
    table = milestones_table(shipped)
    assert list(table.columns) == list(TEMPLATE_COLUMNS)
    # The shipped file has no visibility column (every milestone of the public page is public),
    # and no span, caption or display date.
    absent = {"visibility": "public", "end_date": "", "image_caption": "", "display_date": ""}
    assert by_id(table.to_dict("records")) == by_id([row | absent for row in shipped_rows])


@pytest.mark.parametrize("written", ["2019", "Mar 2022", "15 Mar 2022"])
def test_milestones_table_writes_dates_at_their_precision(written):
    table = milestones_table(frame(OLDEST.replace("Feb 2019", written)))
    assert table["date"].item() == written


@pytest.mark.parametrize(
    ("written", "shown"),
    [("Rajasthan; Bihar", "Rajasthan; Bihar"), ("Bihar, Rajasthan", "Bihar; Rajasthan"), ("", "")],
)
def test_milestones_table_joins_states_with_semicolons(written, shown):
    table = milestones_table(frame(OLDEST.replace(",Rajasthan,", f',"{written}",')))
    assert table["states"].item() == shown


# The table people read on the milestones page


def test_reading_table_has_human_headers_and_keeps_the_id_first(shipped):
    table = milestones_reading_table(shipped)
    assert list(table.columns) == [
        "id",
        "Date",
        "Headline",
        "What changed",
        "Why it matters",
        "States",
        "Sector",
    ]
    video = table.set_index("id").loc["testimony-by-videoconference"]
    assert (video["Date"], video["States"], video["Sector"]) == ("Mar 2021", "Rajasthan, Bihar", "Justice")


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_reading_rows_carry_each_id_and_mark_words_not_in_the_pages_language(shipped, lang):
    rows = milestones_reading_rows(shipped, lang=lang)
    table = milestones_reading_table(shipped, lang=lang)
    assert [row["id"] for row in rows] == list(table["id"]) == list(shipped["id"])
    for row, milestone in zip(rows, shipped.itertuples(), strict=True):
        assert row["cells"] == table.set_index("id").loc[row["id"]].to_dict()
        for header, field in (("Headline", "title"), ("What changed", "description")):
            english = lang != "en" and row["cells"][header] == getattr(milestone, field)
            assert row["lang"].get(header) == ("en" if english else None), (row["id"], header)


def test_reading_table_says_not_specified_where_a_milestone_names_no_state_or_sector(shipped):
    table = milestones_reading_table(shipped).set_index("id")
    assert table.loc["child-rights-curriculum", "States"] == "Not specified"
    bare = milestones_reading_table(frame(OLDEST.replace(",Rajasthan,", ",,")))
    assert (bare["States"].item(), bare["Sector"].item()) == ("Not specified", "Not specified")


def test_reading_table_keeps_the_latest_in_date_order():
    table = milestones_reading_table(frame(OLDEST, YEAR_ONLY, FIRST_IN_MARCH), latest=2)
    assert list(table["id"]) == ["year-only", "first-in-march"]
    assert list(table["Date"]) == ["2020", "Mar 2022"]


def test_reading_table_leaves_the_download_table_as_it_was(shipped):
    milestones_reading_table(shipped)
    assert list(milestones_table(shipped).columns) == list(TEMPLATE_COLUMNS)


# Where a version came from


def version(number=2, by="Asha", note="Bihar dates", restores=None, milestones=10) -> store.VersionInfo:
    published = dt.datetime(2026, 11, 28, 14, 5, tzinfo=dt.UTC)
    return store.VersionInfo(
        number, published, by, note, milestones, "0" * 64, "m.csv", restores, current=True
    )


def test_the_banner_names_when_and_who():
    assert version_banner(version()) == "Data last updated 28 Nov 2026 at 19:35 IST by Asha (version 2)."
    assert version_banner(version(), named=False) == "Data last updated 28 Nov 2026 at 19:35 IST (version 2)."


def test_on_a_hindi_page_the_banner_names_the_time_zone_in_hindi_and_marks_a_name_typed_in_english():
    parts = version_banner_parts(version(), "hi")
    assert [lang for _text, lang in parts] == ["hi", "en", "hi"] and parts[1] == ("Asha", "en")
    assert "भारतीय मानक समय" in parts[0][0] and "IST" not in "".join(text for text, _lang in parts)
    assert [lang for _text, lang in version_banner_parts(version(by="प्रिया"), "hi")] == ["hi"] * 3
    line = version_line_parts(version(note="Bihar dates corrected"), lang="hi")
    assert ("“Bihar dates corrected”", "en") in line and ("Asha", "en") in line
    assert ("Asha", "en") not in version_line_parts(version(), lang="hi", named=False)


def test_times_show_in_the_teams_zone_named(monkeypatch):
    monkeypatch.setenv("CLFJ_TIMEZONE", "Europe/London")
    assert version_banner(version()) == "Data last updated 28 Nov 2026 at 14:05 GMT by Asha (version 2)."


def test_a_version_published_late_in_the_evening_in_utc_is_dated_the_teams_next_day(monkeypatch):
    late = dt.datetime(2026, 12, 6, 20, 0, tzinfo=dt.UTC)  # 01:30 IST on 7 December
    from clfj_data.edition_body import page_body

    info = dataclasses.replace(version(), published_at=late)
    assert local_date(late) == dt.date(2026, 12, 7)
    body = page_body(load_rows(HEADER, OLDEST), load_programme(), info, {}, "", "")
    assert "published 7 Dec 2026" in body
    monkeypatch.setenv("CLFJ_TIMEZONE", "Europe/London")
    assert local_date(late) == dt.date(2026, 12, 6)


def test_the_banner_of_the_shipped_data_names_the_results_page_not_a_database_time():
    shipped = version(1, by=store.SHIPPED_BY, note="The programme's results page, as shipped.")
    assert version_banner(shipped) == "Data from the programme's public results page (version 1)."


WHEN = "28 Nov 2026 at 19:35 IST"  # 14:05 UTC, in India


@pytest.mark.parametrize(
    ("info", "changes", "line"),
    [
        (version(), "1 changed", f"{WHEN} · Asha · “Bihar dates” · 10 milestones · 1 changed"),
        (
            version(3, by="Bo", note="back", restores=1),
            "",
            f"{WHEN} · Bo · “back” · restores version 1 · 10 milestones",
        ),
        (
            version(1, by=store.SHIPPED_BY, milestones=1),
            "",
            "The programme's published results, as shipped from its public results page · 1 milestone"
            f" · loaded {WHEN}",
        ),
    ],
)
def test_a_version_reads_as_one_line(info, changes, line):
    assert version_line(info, changes) == line


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "The programme's published results, as shipped from its public results page "
            f"(https://www.clfjaipur.org/results/) · 10 milestones · loaded {WHEN}",
        ),
        (
            "hi",
            "कार्यक्रम के प्रकाशित परिणाम, उसके सार्वजनिक परिणाम पृष्ठ (https://www.clfjaipur.org/results/) से, "
            "जैसे वे डैशबोर्ड के साथ आए · 10 पड़ाव · 28 नवंबर 2026, 19:35 भारतीय मानक समय को लोड किया गया",
        ),
    ],
)
def test_the_shipped_version_says_what_it_is_and_only_then_when_it_was_loaded(lang, line):
    shipped = version(1, by=store.SHIPPED_BY, note=store.SHIPPED_NOTE)
    assert version_line(shipped, lang=lang, source="https://www.clfjaipur.org/results/") == line


def test_csv_of_the_shipped_data_loads_back_to_the_same_milestones(shipped):
    pd.testing.assert_frame_equal(load_milestones(to_csv(shipped)).milestones, shipped)


def test_csv_of_every_date_precision_and_empty_cell_loads_back_the_same():
    milestones = frame(OLDEST, FIRST_IN_MARCH, YEAR_ONLY, ON_A_DAY)
    pd.testing.assert_frame_equal(load_milestones(to_csv(milestones)).milestones, milestones)


def test_csv_starts_with_a_utf8_bom_then_the_template_header(shipped):
    data = to_csv(shipped)
    assert data.startswith(codecs.BOM_UTF8)
    assert data[len(codecs.BOM_UTF8) :].decode("utf-8").split("\r\n")[0] == ",".join(TEMPLATE_COLUMNS)


@pytest.mark.parametrize("text", ["=1+1", "+91 98765", "-5 children", "@SUM(A1)", "\tx", "\rx"])
def test_formula_safe_prefixes_what_a_spreadsheet_would_run(text):
    assert formula_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Mar 2022", "", "a=b", "'quoted", "1-2", "Rajasthan; Bihar"])
def test_formula_safe_leaves_other_text_alone(text):
    assert formula_safe(text) == text


@pytest.mark.parametrize(("column", "text"), FORMULAS.items())
def test_csv_cells_that_would_run_as_formulas_are_prefixed(column, text):
    (row,) = read_csv(to_csv(frame(FORMULA_ROW)))
    assert row[column] == "'" + text
    assert (row["id"], row["date"], row["states"]) == ("formulas", "Mar 2022", "Bihar")


def test_export_names_say_what_the_file_holds():
    name = export_name("CLFJ", "results", 3, "pptx", filtered=True)
    assert name.startswith("clfj-results-v3-") and name.endswith("-filtered.pptx")


def test_xlsx_export_of_text_xml_cannot_hold_writes_a_replacement_character(shipped):
    """The loader refuses such characters, but a table from elsewhere may hold them: still a file."""
    frame = shipped.head(1).copy()
    frame["title"] = "Red \x1b[31malert\x1b[0m"
    frame["place"] = "Jaipur\ufffe\x00"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("title") + 1).value == "Red \ufffd[31malert\ufffd[0m"
    assert sheet.cell(2, header.index("place") + 1).value == "Jaipur\ufffd\ufffd"


def test_xlsx_export_loads_back_as_written(shipped):
    frame = shipped.head(2).copy()
    frame["title"] = ["Form _x0041_ filed", "Café _x005F_ and _x12_"]
    again = load_milestones(to_xlsx(frame), filename="m.xlsx")
    assert again.ok, again.errors
    assert list(again.milestones["title"]) == list(frame["title"])


# Text for Markdown and for Plotly


def unescape(text: str) -> str:
    """Remove every Markdown backslash escape."""
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("text", MARKDOWN)
def test_escape_markdown_only_adds_backslash_escapes(text):
    assert unescape(escape_markdown(text)) == text


@pytest.mark.parametrize("text", MARKDOWN)
def test_escape_markdown_leaves_no_markup_character_unescaped(text):
    bare = re.sub(r"\\.", "", escape_markdown(text))
    assert not set(bare) & set("[]()<>$:!#*_`~|.+-")


@pytest.mark.parametrize("text", [*MARKDOWN, "5 < 6", "a \\<b>", "\\"])
def test_escaped_text_holds_no_html(text):
    assert not holds_html(escape_markdown(text))
    assert holds_html(in_its_language(escape_markdown(text), "en", "hi"))


def test_a_tag_after_an_escaped_backslash_is_html():
    assert holds_html("path \\\\<span>")  # the backslash is text, the tag is not
    assert not holds_html("path \\<span>")


def test_escape_markdown_keeps_a_new_line_as_a_line_break():
    assert escape_markdown("first line\nsecond line") == "first line  \nsecond line"


@pytest.mark.parametrize("text", [IMG, LINK, 'Tom & Jerry\'s "show"'])
def test_plotly_text_escapes_html(text):
    shown = plotly_text(text)
    assert not set(shown) & set("<>")  # quotes stay: Plotly would show &quot; as it is
    assert html.unescape(shown) == text


def test_plotly_text_collapses_whitespace():
    assert plotly_text("  Courts \n hear\tchildren  ") == "Courts hear children"


@pytest.mark.parametrize("limit", [10, 26])
def test_plotly_text_shortens_to_the_limit_with_an_ellipsis(limit):
    shown = plotly_text(LONG, limit)
    assert len(shown) == limit
    assert shown.endswith("…") and LONG.startswith(shown[:-1])


def test_plotly_text_at_the_limit_is_left_whole():
    assert plotly_text(LONG, len(LONG)) == LONG


def test_plotly_text_shortens_before_escaping_so_no_entity_is_cut():
    assert html.unescape(plotly_text("a & b & c & d", 6)) == "a & b…"


def test_plotly_text_drops_the_space_before_the_ellipsis():
    assert plotly_text("Courts hear children", 8) == "Courts…"
