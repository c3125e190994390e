"""The offline report reads plainly: its header in everyday words, its timeline readable on a phone
(what the report holds, and that it is safe: test_report.py)."""

import contextlib
import datetime as dt
import html
import re

import pytest
from appserver import fresh_page

from clfj_data import format_date, load_programme
from clfj_data.report import to_html
from clfj_data.store import VersionInfo
from clfj_data.story import story_order
from clfj_data.tables import local_date

PROGRAMME = load_programme()
VERSION = VersionInfo(
    version=1, published_at=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC), published_by="Asha",
    note="", milestones=10, sha256="0" * 64, file_name="milestones.csv", restores=None, current=True,
)  # fmt: skip
PHONE = (390, 844)


def header(document: bytes) -> str:
    """The line under the intro, as a reader sees it (tags dropped, entities read)."""
    (line,) = re.findall(r'<p class="meta">(.*?)</p>', document.decode("utf-8"))[:1]
    return html.unescape(re.sub(r"<[^>]+>", "", line))


@pytest.mark.unit
def test_the_header_says_where_the_data_is_from_and_when_the_file_was_made(shipped):
    today = format_date(local_date(), "day")
    assert header(to_html(shipped, PROGRAMME, version=VERSION)) == (
        f"Data from the programme's results page, version 1 · Made {today}"
    )


@pytest.mark.unit
def test_the_framing_line_follows_the_figures_it_speaks_of(shipped):
    document = to_html(shipped, PROGRAMME).decode("utf-8")
    figures = "10 systemic changes in 2 states (Bihar and Rajasthan) and 6 sectors, Feb 2019 to Mar 2022."
    assert f'<p class="figures">{figures}</p>' in document
    assert document.index(figures) < document.index(PROGRAMME.intro)
    assert not re.search(
        r"\d",
        re.sub(r"<[^>]+>", "", document.split(PROGRAMME.intro)[0].split("<body>")[1]).replace(figures, ""),
    )


@pytest.mark.unit
def test_the_header_links_the_results_page_and_names_the_filters(shipped):
    document = to_html(shipped.iloc[:3], PROGRAMME, filters_text="Justice").decode("utf-8")
    line = re.search(r'<p class="meta">(.*?)</p>', document).group(1)
    assert f'<a href="{PROGRAMME.source_url}"' in line
    assert header(document.encode()).startswith("Data from ") and " · Showing Justice · Made " in line
    assert "3 systemic changes in 1 state (Rajasthan)" in document


@pytest.mark.unit
def test_an_empty_view_has_a_header_too(shipped):
    document = to_html(shipped.iloc[:0], PROGRAMME)
    assert header(document).startswith("Data from") and b"No systemic changes to show." in document


@pytest.mark.unit
def test_the_milestones_run_oldest_first_as_the_story_tells_them(shipped):
    shuffled = shipped.sample(frac=1, random_state=3)
    ids = re.findall(r'<article id="([^"]+)"', to_html(shuffled, PROGRAMME).decode("utf-8"))
    assert ids == list(story_order(shuffled)["id"])


@pytest.mark.unit
def test_a_list_timeline_holds_every_headline_oldest_first(shipped):
    document = to_html(shipped, PROGRAMME).decode("utf-8")
    (steps,) = re.findall(r'<ol class="steps"[^>]*>(.*?)</ol>', document)
    headlines = [html.unescape(h) for h in re.findall(r'<a href="#[^"]*">(.*?)</a>', steps)]
    assert headlines == list(shipped.sort_values("date", kind="stable")["title"])


@pytest.fixture
def report_file(tmp_path, shipped):
    path = tmp_path / "report.html"
    path.write_bytes(to_html(shipped, PROGRAMME, version=VERSION))
    return path


@pytest.mark.browser
def test_on_a_phone_nothing_scrolls_sideways_and_every_headline_is_on_screen(browser, report_file, shipped):
    with fresh_page(browser, *PHONE) as page:
        page.goto(report_file.as_uri())
        page.wait_for_selector("#chart-sectors .main-svg")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        text = page.evaluate("document.body.innerText")
        for title in shipped["title"]:
            assert title in text
        # The timeline on a phone is the list, every headline whole; the lanes chart waits for a wider screen.
        assert page.is_visible("ol.steps") and not page.is_visible("#chart-timeline")
        steps = page.inner_text("ol.steps")
        assert all(title in steps for title in shipped["title"])


# Where the text's side margins are, and the timeline list's edges and the right end of its words.
LIST_MARGINS = """() => {
    const body = getComputedStyle(document.body), list = document.querySelector('ol.steps');
    const words = [...list.querySelectorAll('li')].flatMap(li => {
        const range = document.createRange(); range.selectNodeContents(li);
        return [...range.getClientRects()].map(r => r.right); });
    const box = list.getBoundingClientRect();
    return {margin: parseFloat(body.paddingLeft), left: box.left, right: innerWidth - box.right,
            words: innerWidth - Math.max(...words)}; }"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_on_a_phone_the_timeline_list_keeps_the_texts_side_margins(browser, tmp_path, shipped, lang):
    path = tmp_path / "report.html"
    path.write_bytes(to_html(shipped, PROGRAMME, version=VERSION, lang=lang))
    with fresh_page(browser, *PHONE) as page:
        page.goto(path.as_uri())
        page.locator("ol.steps").wait_for()
        seen = page.evaluate(LIST_MARGINS)
        # The list sits in the text's column, inset as far on the right as its line is on the left,
        # and none of its words comes nearer the screen's edge than that.
        assert seen["left"] >= seen["margin"] and abs(seen["right"] - seen["left"]) <= 1, seen
        assert seen["words"] >= seen["left"] - 0.5, seen


@pytest.mark.browser
def test_on_a_wide_screen_the_timeline_is_the_chart(browser, report_file):
    with fresh_page(browser, 1400, 900) as page:
        page.goto(report_file.as_uri())
        page.wait_for_selector("#chart-timeline .main-svg")
        assert page.is_visible("#chart-timeline") and not page.is_visible("ol.steps")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


CHARTS = ("timeline", "states", "sectors")


@contextlib.contextmanager
def charts_drawn(browser, report_file):
    """The report on a wide screen, each of its charts drawn."""
    with fresh_page(browser, 1400, 900) as page:
        page.goto(report_file.as_uri())
        for chart in CHARTS:
            page.wait_for_selector(f"#chart-{chart} .main-svg text")
        yield page


@pytest.mark.browser
def test_the_charts_text_is_in_the_reports_own_font(browser, report_file):
    with charts_drawn(browser, report_file) as page:
        body = page.evaluate("getComputedStyle(document.body).fontFamily")
        fonts = page.evaluate(
            "() => [...document.querySelectorAll('.main-svg text')].map(t => getComputedStyle(t).fontFamily)"
        )
        assert fonts and {" ".join(f.replace('"', "").split()) for f in fonts} == {
            " ".join(body.replace('"', "").split())
        }, (body, set(fonts))


MOBILE = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, (820, 900), (1400, 900)], ids=["phone", "two-columns", "wide"])
def test_no_chart_draws_plotlys_toolbar_over_its_words(browser, report_file, size):
    """Plotly's toolbar showed its icons over the charts' titles (on a phone, over the charts),
    titled in English whatever the page's language, and offered to send the data to Plotly's
    cloud: none is drawn, however the pointer or a finger reaches a chart."""
    with fresh_page(browser, *size, **(MOBILE if size == PHONE else {})) as page:
        page.goto(report_file.as_uri())
        page.wait_for_selector("#chart-sectors .main-svg text")
        shown = [chart for chart in CHARTS if page.is_visible(f"#chart-{chart}")]
        assert "states" in shown and "sectors" in shown
        for chart in shown:
            if size == PHONE:
                page.tap(f"#chart-{chart} .nsewdrag", force=True)
            else:
                page.hover(f"#chart-{chart} .nsewdrag", force=True)
            assert page.locator(f"#chart-{chart} .modebar, #chart-{chart} [data-title]").count() == 0, chart


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, (1400, 900)], ids=["phone", "wide"])
def test_the_timelines_range_slider_has_solid_grips(browser, report_file, size):
    """plotly.js draws the grips as thin white boxes, which read as empty: here they are solid."""
    with fresh_page(browser, *size, **(MOBILE if size == PHONE else {})) as page:
        page.goto(report_file.as_uri())
        page.wait_for_selector("#chart-sectors .main-svg text")
        grips = page.locator(
            "#chart-timeline .rangeslider-handle-min, #chart-timeline .rangeslider-handle-max"
        )
        fills = grips.evaluate_all(
            "gs => gs.map(g => [getComputedStyle(g).fill, g.getBoundingClientRect().width])"
        )
        assert len(fills) == 2
        for fill, width in fills:
            assert fill == "rgb(0, 114, 178)" and (width >= 6 or size == PHONE), fills
