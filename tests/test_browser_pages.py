"""The overview, the milestones table and the data page as a visitor sees them in a real browser:
a milestone opens where the visitor is looking, the table fits, the filters outlive the data page.

Skipped, with the reason, where Chromium or Playwright is missing, unless CLFJ_REQUIRE_BROWSER=1.
"""

import re

import pytest
from appserver import after_rerun, app_server, fresh_page, require_browser, wait_for_app

from clfj_data import load_milestones, shipped_milestones_path

# What only a browser shows.
pytestmark = pytest.mark.browser

playwright_api = require_browser()

SHIPPED = load_milestones(shipped_milestones_path()).milestones
RATIONALE = dict(zip(SHIPPED["id"], SHIPPED["rationale"], strict=True))
DIALOG = "[role='dialog']"
IN_VIEW = """selector => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = f"sqlite:///{tmp_path_factory.mktemp('db') / 'clfj.sqlite3'}"
    with app_server(env={"CLFJ_DATABASE_URL": database}) as url:
        yield url


@pytest.fixture
def page(browser):
    with fresh_page(browser, 1400, 900) as page:
        yield page


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def test_read_more_at_the_foot_of_the_overview_opens_the_milestone_in_view(server, page):
    open_page(page, server)
    last = page.locator("[class*='st-key-overview_open_']").last
    milestone = re.search(r"st-key-overview_open_(\S+)", last.get_attribute("class")).group(1)
    last.locator("button").scroll_into_view_if_needed()
    assert page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollTop") > 0
    last.locator("button").click()
    page.wait_for_url(re.compile(rf"milestone={milestone}"))
    page.locator(f"{DIALOG} .st-key-detail_rationale").wait_for()
    wait_for_app(page)
    assert RATIONALE[milestone] in page.locator(f"{DIALOG} .st-key-detail_rationale").inner_text()
    assert page.evaluate(IN_VIEW, f"{DIALOG} .st-key-detail_rationale")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('milestone=')")
    wait_for_app(page)
    assert page.locator(DIALOG).count() == 0


def test_a_deep_link_opens_the_milestone_in_a_dialog(server, page):
    open_page(page, f"{server}/breakdown?milestone=testimony-by-videoconference")
    panel = page.locator(f"{DIALOG} .st-key-detail_rationale")
    panel.wait_for()
    assert RATIONALE["testimony-by-videoconference"] in panel.inner_text()
    page.locator(f"{DIALOG} .st-key-detail_close button").click()
    page.wait_for_function("() => !location.search.includes('milestone=')")
    wait_for_app(page)
    assert page.locator(DIALOG).count() == 0


def test_selecting_a_row_opens_its_milestone_and_closing_it_does_not_reopen_it(server, page):
    open_page(page, f"{server}/milestones")
    grid = page.locator(".st-key-milestones_table [data-testid='stDataFrameResizable']").bounding_box()
    row = 2  # the third milestone in date order
    page.mouse.click(grid["x"] + 16, grid["y"] + 38 + 130 * row + 65)  # its row marker (checkbox)
    page.wait_for_url(re.compile(r"milestone="))
    page.locator(f"{DIALOG} .st-key-detail_rationale").wait_for()
    expected = SHIPPED.sort_values("date", kind="stable")["id"].iloc[row]
    assert f"milestone={expected}" in page.url
    assert RATIONALE[expected] in page.locator(f"{DIALOG} .st-key-detail_rationale").inner_text()
    after_rerun(page, lambda: page.keyboard.press("Escape"))  # the run that closing it starts
    page.wait_for_function("() => !location.search.includes('milestone=')")
    assert page.locator(DIALOG).count() == 0 and "milestone=" not in page.url


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1280, 720)])
def test_why_it_matters_shows_without_scrolling_sideways(server, browser, width, height):
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/milestones")
        scroller = ".st-key-milestones_table .dvn-scroller"
        page.locator(scroller).wait_for()
        overflow = page.evaluate(f"() => {{ const s = document.querySelector({scroller!r}); "
                                 "return s.scrollWidth - s.clientWidth; }")  # fmt: skip
        assert overflow <= 1, f"the table scrolls sideways by {overflow}px at {width}×{height}"


def test_the_data_page_hides_the_filters_and_the_next_page_still_has_them(server, page):
    open_page(page, f"{server}/milestones?sector=Justice")
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("link", name="Data").click()
    page.wait_for_url(re.compile(r"/data"))
    wait_for_app(page)
    assert "sector=Justice" in page.url
    assert sidebar.get_by_text("Filters", exact=True).count() == 0
    assert page.get_by_text("not set up").count() == 0  # a setup hint is for the server's log
    sidebar.get_by_role("link", name="Milestones").click()
    page.wait_for_url(re.compile(r"/milestones"))
    wait_for_app(page)
    assert "sector=Justice" in page.url
    assert "Justice" in page.locator(".st-key-filter_sectors").inner_text()
    justice = (SHIPPED["sector"] == "Justice").sum()
    assert page.get_by_text(f"{justice} milestones, in date order.").count() == 1
