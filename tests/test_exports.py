"""The offline report, chart images and the export command, each parsed back."""

import html
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clfj_data import load_milestones, load_programme, shipped_milestones_path
from clfj_data.charts import state_counts_figure, timeline_figure
from clfj_data.export import export_name
from clfj_data.filters import Filters, apply_filters
from clfj_data.images import ImagesUnavailable, figure_image, image_browser
from clfj_data.report import to_html

REPO = Path(__file__).resolve().parent.parent
SHIPPED = load_milestones(shipped_milestones_path()).milestones
PROGRAMME = load_programme()
HOSTILE = load_milestones(
    b"date,title,description,rationale,sector,source\n"
    b'Mar 2022,"<img src=x onerror=alert(1)>","<script>alert(2)</script>","<a href=\'javascript:x\'>why</a>",'
    b"Justice,https://example.org/a?b=1&c=<2>\n"
).milestones
needs_browser = pytest.mark.skipif(image_browser() is None, reason="no Chrome or Chromium for kaleido")


class Links(HTMLParser):
    """Every src, every stylesheet href and every link href in a document (not inside scripts)."""

    def __init__(self):
        super().__init__()
        self.sources, self.stylesheets, self.links, self.scripts = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "src" in attrs:
            self.sources.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.stylesheets.append(attrs.get("href"))
        if tag == "a":
            self.links.append(attrs.get("href"))
        self.scripts += tag == "script"


def parsed(document: bytes) -> Links:
    links = Links()
    links.feed(document.decode("utf-8"))
    return links


def test_the_report_fetches_nothing_from_outside():
    links = parsed(to_html(SHIPPED, PROGRAMME))
    assert links.sources == [] and links.stylesheets == []
    assert links.scripts >= 4  # plotly.js itself, then one per chart
    assert all(href.startswith(("https://www.clfjaipur.org/", "#")) for href in links.links)


def test_the_report_holds_the_intro_and_every_rationale():
    text = to_html(SHIPPED, PROGRAMME).decode("utf-8")
    for sentence in (PROGRAMME.intro, PROGRAMME.partnership, *SHIPPED["rationale"], *SHIPPED["description"]):
        assert html.escape(sentence) in text
    assert text.count('<div class="why">') == len(SHIPPED)
    assert text.count('class="plotly-graph-div"') == 3


def test_the_report_shows_only_the_filtered_milestones_and_says_so():
    justice = apply_filters(SHIPPED, Filters(sectors=("Justice",)))
    text = to_html(justice, PROGRAMME, filters_text="Justice").decode("utf-8")
    assert text.count('<div class="why">') == len(justice)
    assert f"{len(justice)} changes" in text and "Showing Justice" in text
    others = SHIPPED[SHIPPED["sector"] != "Justice"]["rationale"]
    assert not any(html.escape(r) in text for r in others)


def test_spreadsheet_text_in_the_report_is_escaped():
    document = to_html(HOSTILE, PROGRAMME)
    links = parsed(document)
    assert links.sources == []
    assert "x" not in links.links and all("javascript" not in (h or "") for h in links.links)
    text = document.decode("utf-8")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text and "<script>alert(2)" not in text


def test_an_empty_view_still_makes_a_report():
    text = to_html(SHIPPED.iloc[:0], PROGRAMME).decode("utf-8")
    assert "No milestones match" in text and "0 changes" in text


@needs_browser
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_chart_images_are_what_they_claim(fmt):
    image = figure_image(timeline_figure(SHIPPED), fmt)
    assert image.startswith(b"\x89PNG\r\n\x1a\n") if fmt == "png" else b"<svg" in image[:200]


def test_without_a_browser_images_say_so_plainly(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert image_browser() is None
    with pytest.raises(ImagesUnavailable, match="Chrome or Chromium"):
        figure_image(state_counts_figure(SHIPPED), "png")


def test_export_names_say_what_the_file_holds():
    name = export_name("CLFJ", "results", 3, "pptx", filtered=True)
    assert name.startswith("clfj-results-v3-") and name.endswith("-filtered.pptx")


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "clfj_data", "export", *map(str, args)], capture_output=True, text=True,
        cwd=REPO, env=os.environ | (env or {}),
    )  # fmt: skip


@pytest.fixture
def database(tmp_path):
    return {"CLFJ_DATABASE_URL": f"sqlite:///{tmp_path / 'clfj.sqlite3'}"}


def test_export_html_and_timelinejs_from_the_command_line(tmp_path, database):
    done = run("--format", "html", "--sector", "Justice", "-o", tmp_path / "r.html", env=database)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.html").read_bytes().count(b'<div class="why">') == 3
    done = run("--format", "timelinejs", "-o", tmp_path / "t.json", env=database)
    assert done.returncode == 0, done.stderr
    assert len(json.loads((tmp_path / "t.json").read_text())["events"]) == len(SHIPPED)


@needs_browser
@pytest.mark.parametrize("chart", ["timeline", "counts-state", "counts-sector"])
def test_export_png_from_the_command_line(tmp_path, database, chart):
    done = run("--format", "png", "--chart", chart, "-o", tmp_path / "c.png", env=database)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_export_png_without_a_browser_says_so_and_csv_still_works(tmp_path, database):
    env = database | {"BROWSER_PATH": "/nonexistent/chromium"}
    done = run("--format", "png", "-o", tmp_path / "c.png", env=env)
    assert done.returncode == 2 and "Chrome or Chromium" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "c.png").exists()
    assert run("--format", "csv", "-o", tmp_path / "m.csv", env=env).returncode == 0


def test_xlsx_export_grows_linearly_with_the_table():
    """Writing cells by row number: asking openpyxl for max_row per cell made 10,000 rows take minutes."""
    import time

    from clfj_data.export import to_xlsx

    big = SHIPPED.sample(n=3000, replace=True, random_state=1).reset_index(drop=True)
    started = time.perf_counter()
    to_xlsx(big)
    assert time.perf_counter() - started < 5


def test_xlsx_export_of_text_xml_cannot_hold_writes_a_replacement_character():
    """The loader refuses such characters, but a table from elsewhere may hold them: still a file."""
    import io

    import openpyxl

    from clfj_data.export import to_xlsx

    frame = SHIPPED.head(1).copy()
    frame["title"] = "Red \x1b[31malert\x1b[0m"
    frame["place"] = "Jaipur\ufffe\x00"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame))).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("title") + 1).value == "Red \ufffd[31malert\ufffd[0m"
    assert sheet.cell(2, header.index("place") + 1).value == "Jaipur\ufffd\ufffd"


def excel_workbook(rows: list[list[str]]) -> bytes:
    """A workbook escaped as Excel escapes text (XlsxWriter does the same): _xHHHH_ codes."""
    import io

    import xlsxwriter

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


def test_xlsx_export_loads_back_as_written():
    from clfj_data.export import to_xlsx

    frame = SHIPPED.head(2).copy()
    frame["title"] = ["Form _x0041_ filed", "Café _x005F_ and _x12_"]
    again = load_milestones(to_xlsx(frame), filename="m.xlsx")
    assert again.ok, again.errors
    assert list(again.milestones["title"]) == list(frame["title"])
