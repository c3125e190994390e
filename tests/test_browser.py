"""What only a browser shows: pages drawing, clicks on chart markers and bars, deep links.

Runs against ``streamlit run`` in the system Chromium. Skipped, with the reason, where
Chromium or Playwright is missing, unless CLFJ_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
"""

import csv
import re

import pytest
from appserver import (
    app_server,
    chart,
    choose_marker,
    close_dialog,
    fresh_page,
    require_browser,
    scroll_to_charts,
    wait_for_app,
)

from clfj_data import load_milestones, store
from clfj_data.auth import Staff

pytestmark = pytest.mark.browser

playwright_api = require_browser()

# The timeline's markers, in its chart (its range slider draws a second, smaller copy of each).
MARKERS = ".cartesianlayer .scatterlayer .point"
PAGES = {"": "Child Labour Free Jaipur: Results", "timeline": "Timeline", "breakdown": "Breakdown",
         "milestones": "Milestones"}  # fmt: skip


def temporary_database(directory) -> dict[str, str]:
    """The environment for an app whose data lives in its own SQLite file."""
    return {"CLFJ_DATABASE_URL": f"sqlite:///{directory / 'clfj.sqlite3'}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(env=temporary_database(tmp_path_factory.mktemp("db"))) as url:
        yield url


@pytest.fixture(scope="module")
def rationale(shipped) -> dict[str, str]:
    """Each shipped milestone's "why it matters", by id."""
    return dict(zip(shipped["id"], shipped["rationale"], strict=True))


@pytest.fixture
def page(browser):
    with fresh_page(browser, 1400, 1000) as page:
        yield page


def rationale_shown(page) -> str:
    return page.locator(".st-key-detail_rationale [data-testid='stText']").inner_text().strip()


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_every_page_loads_without_an_exception(server, page, path):
    page.goto(f"{server}/{path}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").first.inner_text().strip() == PAGES[path]
    assert page.locator("[data-testid='stSidebar']").get_by_text("Filters", exact=True).count() == 1


def test_clicking_two_milestones_shows_two_rationales(server, page, shipped, rationale):
    page.goto(f"{server}/timeline")
    wait_for_app(page)
    points = chart(page, "timeline_chart").locator(MARKERS)
    playwright_api.expect(points).to_have_count(len(shipped))
    seen = {}
    for index in (0, 1):
        milestone = choose_marker(page, points.nth(index), seen)
        page.wait_for_function(
            "text => document.querySelector('.st-key-detail_rationale')?.innerText.includes(text)",
            arg=rationale[milestone][:40],
        )
        seen[milestone] = rationale_shown(page)
        close_dialog(page)  # the dialog covers the chart
    assert len(seen) == 2
    for milestone, text in seen.items():
        assert text == rationale[milestone]


def test_the_milestones_csv_holds_what_the_filters_let_through(server, browser, shipped):
    with fresh_page(browser, accept_downloads=True) as page:
        page.goto(f"{server}/milestones?sector=Justice")
        wait_for_app(page)
        with page.expect_download(timeout=10_000) as started:
            page.get_by_role("button", name="Download CSV").click()
        with open(started.value.path(), encoding="utf-8-sig", newline="") as handle:
            ids = [row["id"] for row in csv.DictReader(handle)]
    assert ids == list(shipped[shipped["sector"] == "Justice"]["id"])


def test_a_deep_link_to_a_fresh_server_opens_inside_the_frame(page, tmp_path, rationale):
    with app_server(env=temporary_database(tmp_path)) as fresh:
        page.goto(f"{fresh}/timeline?milestone=testimony-by-videoconference&state=Bihar")
        wait_for_app(page)
        assert rationale_shown(page) == rationale["testimony-by-videoconference"]
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.get_by_text("Filters", exact=True).count() == 1
        assert sidebar.locator("a[data-testid='stPageLink-NavLink']").count() == 6
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("h1").count() == 1


def test_the_breakdown_draws_every_chart_without_streamlits_whole_plotly_js(server, page, shipped):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{server}/breakdown")
    wait_for_app(page)
    scroll_to_charts(page)  # each chart is drawn once a visitor comes near it
    for key in ("breakdown_states", "breakdown_sectors", "breakdown_years"):
        chart(page, key).locator(".barlayer .point").first.wait_for()
    cells = chart(page, "breakdown_matrix").locator(".heatmap-label text")
    cells.first.wait_for()
    # Each milestone counted once in its sector and each state it names (or "Not specified").
    counted = sum(max(len(states), 1) for states in shipped["states"])
    assert sum(int(cell) for cell in cells.all_text_contents()) == counted
    # The app's plotly.js, once for the four charts.
    assert len([url for url in fetched if url.endswith("/plotly-charts.min.js")]) == 1
    assert not [url for url in fetched if "PlotlyChart" in url]


def test_the_breakdowns_table_is_fetched_only_when_a_visitor_opens_it(server, page, shipped):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{server}/breakdown")
    wait_for_app(page)
    grid = re.compile(r"/DataFrame\.[^/]*\.js$")  # Streamlit's data grid, its largest script
    assert not [url for url in fetched if grid.search(url)]
    page.get_by_text("Milestones per year as a table").click()
    table = page.locator(".st-key-breakdown_years_shown [data-testid='stDataFrame']")
    table.wait_for(timeout=30_000)
    wait_for_app(page)
    assert [url for url in fetched if grid.search(url)]
    assert table.locator("canvas").first.is_visible()


def test_clicking_a_bar_filters_to_that_state_and_says_so(server, page, shipped):
    page.goto(f"{server}/breakdown")
    wait_for_app(page)
    bars = chart(page, "breakdown_states").locator(".barlayer .point")
    charts = "[...document.querySelectorAll('.clfj-chart')]"
    page.evaluate(f"() => {charts}.forEach(drawn => {{ drawn.clfjBefore = true; }})")
    bars.first.click(force=True)
    page.wait_for_url(re.compile(r"state=Rajasthan"))
    wait_for_app(page)
    # The filtered figures are drawn into the charts already there, not into new ones (which
    # wait to be seen on screen before drawing).
    assert page.evaluate(f"() => {charts}.every(drawn => drawn.clfjBefore)")
    assert "Rajasthan" in page.locator(".st-key-filter_states").inner_text()
    # The page says what the click did, a screen reader hears it, and one button undoes it.
    chosen = page.locator(".st-key-breakdown_chosen")
    assert "Showing only the state you selected: Rajasthan." in chosen.inner_text()
    # Bihar keeps a bar, and the words under the chart say why.
    both = sum({"Rajasthan", "Bihar"} <= set(states) for states in shipped["states"])
    states = chart(page, "breakdown_states").locator(".yaxislayer-above text").all_text_contents()
    assert sorted(states) == ["Bihar", "Rajasthan"]
    said = f"{both} of these milestones also names Bihar: a milestone counts once under each state it names."
    assert page.locator(".st-key-breakdown_also_named").get_by_text(said).is_visible()
    rajasthan = sum("Rajasthan" in states for states in shipped["states"])
    assert announced(page) == f"Showing {rajasthan} of {len(shipped)} milestones"
    chosen.get_by_role("button", name="Show every state").click()
    page.wait_for_url(lambda url: "state=" not in url)
    wait_for_app(page)
    assert chosen.count() == 0
    page.wait_for_function(
        "() => document.getElementById('clfj-announcer').textContent.startsWith('Showing 10 of')"
    )


def announced(page) -> str:
    """What the app's live region says once it has spoken (it is emptied, then filled)."""
    region = page.locator("#clfj-announcer")
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    page.wait_for_function("() => document.getElementById('clfj-announcer').textContent !== ''")
    return region.text_content()


def test_the_live_region_says_which_milestone_a_click_opened(server, page, shipped):
    page.goto(f"{server}/timeline")
    wait_for_app(page)
    seen: set[str] = set()
    opened = choose_marker(page, chart(page, "timeline_chart").locator(MARKERS).first, seen)
    title = shipped.set_index("id").loc[opened, "title"]
    page.wait_for_function(
        "t => document.getElementById('clfj-announcer')?.textContent === t", arg=f"Opened: {title}"
    )


def test_filters_survive_a_reload(server, page):
    page.goto(f"{server}/milestones?sector=Justice")
    wait_for_app(page)
    page.reload()
    wait_for_app(page)
    assert "sector=Justice" in page.url
    assert "Justice" in page.locator(".st-key-filter_sectors").inner_text()


def test_hostile_text_stays_text_in_the_browser(tmp_path, page):
    data = tmp_path / "hostile.csv"
    data.write_text(
        "date,title,description,rationale,sector\n"
        'Mar 2022,"[x](javascript:window.pwned=1) <img src=x onerror=window.pwned=1>",'
        '"<script>window.pwned=1</script>","<b onmouseover=window.pwned=1>why</b>",Justice\n'
    )
    (milestone,) = load_milestones(data).milestones["id"]
    env = temporary_database(tmp_path)
    engine = store.connect(env["CLFJ_DATABASE_URL"])
    store.ensure_ready(engine)
    store.publish_version(engine, data.read_bytes(), data.name, by=Staff("tester", "password"), note="x")
    with app_server(env=env) as url:
        page.goto(f"{url}/timeline?milestone={milestone}")
        wait_for_app(page)
        assert "<script>window.pwned=1</script>" in page.locator(".st-key-detail_panel").inner_text()
        title = "[x](javascript:window.pwned=1) <img src=x onerror=window.pwned=1>"
        assert page.locator("[role=dialog] h2").inner_text().strip() == title
        assert page.locator("a[href^='javascript:'], img[src='x'], b[onmouseover]").count() == 0
        assert page.evaluate("() => window.pwned") is None


def test_a_presenter_clicks_through_three_slides(server, page, shipped):
    page.goto(f"{server}/story?sector=Justice")
    wait_for_app(page)
    headlines = [page.locator("h1").first.inner_text()]
    for step in (2, 3):
        page.get_by_role("button", name="Next").click()
        page.wait_for_url(re.compile(rf"step={step}\b"))
        wait_for_app(page)
        headlines.append(page.locator("h1").first.inner_text())
    justice = shipped[shipped["sector"] == "Justice"].sort_values("date", kind="stable")
    assert headlines == list(justice["title"])
    page.get_by_role("button", name="Next").click()  # after the last milestone, the closing slide
    page.wait_for_url(re.compile(r"step=4\b"))
    wait_for_app(page)
    assert page.locator(".st-key-story_progress strong").inner_text() == "The end"
    assert page.get_by_role("button", name="Next").is_disabled()  # the story ends there
    page.get_by_role("button", name="Previous").click()
    page.wait_for_url(re.compile(r"step=3\b"))
    wait_for_app(page)
    page.get_by_role("button", name="Previous").click()
    page.wait_for_url(re.compile(r"step=2\b"))
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == headlines[1]


def test_the_offline_report_draws_with_the_network_cut_off(tmp_path, page, shipped):
    from clfj_data import load_programme
    from clfj_data.report import to_html

    report = tmp_path / "report.html"
    report.write_bytes(to_html(shipped, load_programme()))
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (outside.append(route.request.url), route.abort()))  # fmt: skip
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report.as_uri())
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3")
    assert outside == [] and errors == []
    assert page.locator(".scatterlayer .point").count() >= len(shipped)
