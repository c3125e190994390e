"""A TimelineJS sheet published and seen in a real browser: its title heads the Overview, its spans
are bars on the timeline and its era a shaded period, on a laptop and on a phone.

Skipped, with the reason, where Chromium or Playwright is missing, unless CLFJ_REQUIRE_BROWSER=1.
"""

from pathlib import Path

import pytest
from appserver import app_server, chart, fresh_page, require_browser, wait_for_app

from clfj_data import store
from clfj_data.auth import Staff

pytestmark = pytest.mark.browser

playwright_api = require_browser()

SHEET = Path(__file__).parent / "fixtures" / "timelinejs-19-columns.csv"
TITLE = "Women in Computing (test sample)"
SIZES = {"laptop": (1400, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'clfj.sqlite3'}"
    engine = store.connect(url)
    store.ensure_ready(engine)
    store.publish_version(engine, SHEET.read_bytes(), SHEET.name, by=Staff("Priya", "password"), note="Sheet")
    engine.dispose()
    with app_server(env={"CLFJ_DATABASE_URL": url}) as address:
        yield address


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_timeline_draws_spans_as_bars_and_the_era_shaded(server, browser, size):
    with fresh_page(browser, *size) as page:
        page.goto(f"{server}/timeline")
        wait_for_app(page)
        plot = chart(page, "timeline_chart")
        # Two spans: a line with two ends in the sectors' traces, beneath the markers.
        bars = plot.locator(
            ".cartesianlayer .scatterlayer .trace path.js-line"
        )  # not the range slider's copy
        assert bars.count() == 2
        assert all(bars.nth(i).bounding_box()["width"] > 20 for i in range(2))
        # The era's band, among the shapes below the chart (the lanes' bands lie there too).
        era_widths = plot.evaluate(
            """element => {
                const gd = element.closest('.js-plotly-plot') || element.querySelector('.js-plotly-plot');
                return gd.layout.shapes.flatMap((shape, index) => {
                    if (shape.name === 'lane band' || shape.name === 'between lanes') return [];
                    const drawn = gd.querySelector(`.layer-below .shapelayer path[data-index="${index}"]`);
                    return [drawn ? drawn.getBoundingClientRect().width : 0];
                });
            }"""
        )
        assert len(era_widths) == 1 and era_widths[0] > 20
        assert "The Second World War" in plot.locator(".annotation-text").all_text_contents()


def test_the_overview_is_headed_by_the_sheets_title(server, browser):
    with fresh_page(browser, 1400, 900) as page:
        page.goto(server)
        wait_for_app(page)
        assert TITLE in page.locator("h1").first.inner_text()
        assert "Test data for the TimelineJS import" in page.locator("[data-testid='stMain']").inner_text()
