"""A version's title and eras in the exports: the title heads each file, the source stays the
programme's own results page, and the eras are shaded on the offline HTML's and the deck's
timelines."""

import io
import json
import re
from pathlib import Path

import pytest
from appserver import REPO
from apptest_events import Presses
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu
from streamlit.testing.v1 import AppTest

from clfj_data import load_milestones, load_programme, store
from clfj_data.auth import Staff
from clfj_data.export import render

SHEET = Path(__file__).parent / "fixtures" / "timelinejs-19-columns.csv"  # a title row and one era
TITLE, ERA = "Women in Computing (test sample)", "The Second World War"
OWN_SOURCE = "Child Labour Free Jaipur results page"
PROGRAMME = load_programme()


@pytest.fixture(scope="module")
def sheet():
    result = load_milestones(SHEET)
    assert result.ok and result.framing.title["headline"] == TITLE
    return result


def made(fmt, sheet, **options) -> bytes:
    return render(fmt, sheet.milestones, programme=PROGRAMME, framing=sheet.framing, **options).data


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def inches(emu) -> float:
    return Emu(emu).inches


@pytest.mark.unit
def test_the_deck_is_titled_by_the_sheet_and_sourced_to_the_programmes_own_results_page(sheet):
    deck = Presentation(io.BytesIO(made("pptx", sheet)))
    first, last = deck.slides[0], deck.slides[-1]
    assert TITLE in texts(first)
    closing = "\n".join(texts(last))
    assert f"{OWN_SOURCE}:" in closing
    assert TITLE not in closing
    assert TITLE not in last.notes_slide.notes_text_frame.text


@pytest.mark.unit
def test_the_decks_timeline_shades_an_era_behind_its_markers_over_its_years(sheet):
    slide = Presentation(io.BytesIO(made("pptx", sheet))).slides[1]
    shapes = list(slide.shapes)
    (band,) = [s for s in shapes if s.name == f"Era: {ERA}"]
    assert band.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE  # a native rectangle a presenter can edit
    assert ERA in texts(slide)
    assert f"Era: {ERA} (Sep 1939 – Sep 1945)" in slide.notes_slide.notes_text_frame.text
    markers = [i for i, s in enumerate(shapes) if s.name.startswith("Marker: ")]
    assert len(markers) == len(sheet.milestones) and shapes.index(band) < min(markers)  # behind them
    # Sep 1939 to Sep 1945: from before the 1940 tick to between the 1945 and 1946 ticks.
    tick = {s.name: inches(s.left + s.width // 2) for s in shapes if s.name.startswith("Year: ")}
    left, right = inches(band.left), inches(band.left + band.width)
    year = tick["Year: 1941"] - tick["Year: 1940"]
    assert tick["Year: 1940"] - 0.4 * year < left < tick["Year: 1940"] - 0.25 * year
    assert tick["Year: 1945"] + 0.7 * year < right < tick["Year: 1946"]
    line_y = next(
        inches(s.top) for s in shapes if s.shape_type == MSO_SHAPE_TYPE.LINE and s.width > Emu(914400 * 10)
    )
    assert inches(band.top) < line_y < inches(band.top + band.height)  # about the line


@pytest.mark.unit
def test_a_deck_without_eras_draws_no_band(sheet):
    deck = Presentation(io.BytesIO(render("pptx", sheet.milestones, programme=PROGRAMME).data))
    assert not [s for s in deck.slides[1].shapes if s.name.startswith("Era: ")]


def timeline_of(page: str) -> dict:
    """The offline HTML's timeline chart as Plotly draws it: its figure's data and layout."""
    div = page[page.index('<figure class="chart-timeline"') :]
    div = div[: div.index("</figure>")]
    call = re.search(
        r'Plotly\.newPlot\(\s*"chart-timeline",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{"displaylogo"', div, re.S
    )
    return {"data": json.loads(call.group(1)), "layout": json.loads(call.group(2))}


@pytest.mark.unit
def test_the_offline_html_is_titled_by_the_sheet_and_shades_its_era_on_the_timeline(sheet):
    page = made("html", sheet).decode()
    assert f"<h1>{TITLE}: Results</h1>" in page
    assert f"{TITLE} results page" not in page
    layout = timeline_of(page)["layout"]
    (band,) = [shape for shape in layout["shapes"] if shape.get("name") not in ("lane band", "between lanes")]
    assert (band["x0"][:10], band["x1"][:10]) == ("1939-09-01", "1945-10-01")
    assert ERA in [a["text"] for a in layout["annotations"]]


@pytest.mark.unit
def test_the_timelinejs_file_is_titled_by_the_sheet_and_keeps_its_era(sheet):
    story = json.loads(made("timelinejs", sheet))
    assert story["title"]["text"]["headline"] == TITLE
    assert [era["text"]["headline"] for era in story["eras"]] == [ERA]


@pytest.mark.slow
def test_a_chart_image_names_the_programmes_own_results_page_as_its_source(kaleido, sheet):
    svg = made("svg", sheet, chart="timeline").decode()
    assert f"Source: {OWN_SOURCE}, {PROGRAMME.source_url}" in svg
    assert TITLE not in svg


@pytest.mark.apptest
def test_the_story_deck_of_a_titled_sheet_names_the_programmes_own_results_page(app_engine, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent")  # the deck then draws its own timeline
    store.publish_version(
        app_engine, SHEET.read_bytes(), SHEET.name, by=Staff("Priya", "password"), note="Sheet"
    )
    presses = Presses(monkeypatch)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/story.py").run()
    assert not at.exception
    deck = Presentation(io.BytesIO(presses.press(at, "export_pptx_download")[0]))  # what it downloads
    assert TITLE in texts(deck.slides[0])
    assert f"{OWN_SOURCE}:" in "\n".join(texts(deck.slides[-1]))
    assert [s for s in deck.slides[1].shapes if s.name == f"Era: {ERA}"]


@pytest.mark.unit
def test_the_storys_timeline_draws_a_sheet_whose_milestones_span_a_period(sheet):
    from clfj_data.story import story_timeline

    fig = story_timeline(sheet.milestones)
    bars = [trace for trace in fig.data if trace.mode == "lines"]
    assert bars and all(trace.y[-1] is None for trace in bars)  # each span's bar, still drawn apart
