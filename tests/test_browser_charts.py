"""The app's chart element in the browser: one plotly.js for the page, clicks never lost,
milestones reachable by keyboard, and the parts of plotly.js it reads still there.

Runs against ``streamlit run`` in the system Chromium.
"""

import re

import pytest
from appserver import (
    REPO,
    app_server,
    chart,
    fresh_page,
    nginx_binary,
    require_browser,
    running_nginx,
    scroll_to_charts,
    wait_for_app,
)

from clfj_data import format_date, load_milestones, shipped_milestones_path

pytestmark = pytest.mark.browser
require_browser()

SHIPPED = load_milestones(shipped_milestones_path()).milestones
MARKERS = ".cartesianlayer .scatterlayer .point"
KEYS = ".st-key-timeline_chart .clfj-chart-keys button"
CHOSEN = "new URL(location).searchParams.get('milestone')"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("db") / "clfj.sqlite3"
    with app_server(env={"CLFJ_DATABASE_URL": f"sqlite:///{database}"}) as url:
        yield url


def test_the_plotly_internals_the_chart_reads_are_there(browser):
    """An upgrade of plotly.js that renames what assets/plotly_internals.js reads fails here."""
    with fresh_page(browser, 800, 600) as page:
        page.set_content('<div id="plot" style="width: 400px; height: 300px"></div>')
        page.add_script_tag(path=str(REPO / "static" / "plotly-charts.min.js"))
        page.add_script_tag(path=str(REPO / "clfj_ui" / "assets" / "plotly_internals.js"))
        missing = page.evaluate("() => internalsMissing(Plotly, document.getElementById('plot'))")
    assert missing == [], f"plotly.js no longer has: {', '.join(missing)}"


def test_a_page_evaluates_the_apps_plotly_js_once_however_many_charts_and_pages(server, browser):
    with fresh_page(browser, 1400, 900) as page:
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{server}/breakdown")
        wait_for_app(page)
        scroll_to_charts(page)
        assert page.locator(".clfj-chart .main-svg").count() >= 4  # four charts, drawn
        # The app's own links: the same page in the browser, and each draws its charts.
        for name, heading in (("Timeline", "Timeline"), ("Overview", "Results"), ("Breakdown", "Breakdown")):
            page.locator("a[data-testid='stPageLink-NavLink']", has_text=name).first.click()
            page.wait_for_function(
                "heading => document.querySelector('h1')?.innerText.includes(heading)", arg=heading
            )
            wait_for_app(page)
        assert len([url for url in fetched if url.endswith("/plotly-charts.min.js")]) == 1
        assert (
            page.evaluate("() => document.querySelectorAll('script[src$=\"plotly-charts.min.js\"]').length")
            == 1
        )


HEIGHT_SETTLED = """selector => new Promise(done => {
  const plot = document.querySelector(selector);
  let last = -1, still = 0;
  const look = () => {
    const now = plot.getBoundingClientRect().height;
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 15) done(true); else setTimeout(look, 100);
  };
  look();
})"""  # the chart's place unchanged for 1.5 s


def test_on_a_phone_a_chart_below_the_text_loads_plotly_js_only_when_scrolled_to(server, browser):
    """The overview's timeline sits below its figures on a small phone (375x667): the page loads
    without plotly.js, the chart's place keeps its height (nothing below it moves when it is
    drawn), and scrolling to it draws it, ready for a tap on a marker."""
    with fresh_page(browser, 375, 667, is_mobile=True, has_touch=True) as page:
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(server)
        wait_for_app(page)
        plot = page.locator(".st-key-overview_timeline .clfj-chart")  # chart() would scroll to it
        # Served without the site's width cookie, the first run lays the figure out for a guessed
        # width; the chart reports its own and the page lays it out again: its place is the one
        # that second run gives, kept until the chart is drawn.
        page.wait_for_function(HEIGHT_SETTLED, arg=".st-key-overview_timeline .clfj-chart", timeout=20_000)
        wait_for_app(page)
        assert plot.get_attribute("data-waiting") == "view"
        assert not [url for url in fetched if url.endswith("/plotly-charts.min.js")]
        below = page.get_by_text("Most recent changes", exact=True)

        def gap() -> float:  # from the chart's top to the heading after it (the page scrolls inside)
            return below.bounding_box()["y"] - plot.bounding_box()["y"]

        before = gap()
        height = plot.bounding_box()["height"]
        assert height > 200  # its place is kept, at the figure's height
        scroll_to_charts(page)
        assert plot.locator(".main-svg").count() >= 1
        assert len([url for url in fetched if url.endswith("/plotly-charts.min.js")]) == 1
        assert plot.bounding_box()["height"] == height
        assert gap() == before
        markers = plot.locator(MARKERS)
        # The chart is taller than the phone's screen: its first marker brought out from under
        # the header, as a visitor would scroll to it.
        markers.first.evaluate("marker => marker.scrollIntoView({block: 'center'})")
        markers.first.click(force=True)
        page.wait_for_function(f"() => {CHOSEN}", polling=100, timeout=10_000)
        assert page.evaluate(f"() => {CHOSEN}") in set(SHIPPED["id"])


def test_a_click_while_the_chart_redraws_is_not_lost(server, browser):
    with fresh_page(browser, 1400, 900) as page:
        page.goto(f"{server}/timeline")
        wait_for_app(page)
        box = chart(page, "timeline_chart").locator(MARKERS).nth(3).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        # The figure drawn again between the press and the release (as a new version or a new
        # width draws it): every marker's element is replaced, and plotly.js forgets its hover.
        page.evaluate(
            """() => { const plot = document.querySelector('.st-key-timeline_chart .clfj-chart');
                       return Plotly.react(plot, JSON.parse(JSON.stringify(plot.data)),
                                           {...plot.layout, datarevision: Date.now()}); }"""
        )
        page.mouse.up()
        page.wait_for_function(f"() => {CHOSEN}", timeout=10_000)
        wait_for_app(page)
        assert page.locator(".st-key-detail_rationale").count() == 1


# The focused element: its text, the milestone it stands for, and its box's centre.
FOCUSED = """() => { const e = document.activeElement, box = e.getBoundingClientRect();
    return {text: e.innerText || e.textContent, milestone: e.dataset.milestone || null,
            x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2, width: box.width,
            outline: getComputedStyle(e).outlineStyle, inChart: Boolean(e.closest('.clfj-chart-keys'))}; }"""
# Each marker's centre, by the milestone it stands for (the first of a milestone in two lanes).
MARKER_CENTRES = """() => { const plot = document.querySelector('.st-key-timeline_chart .js-plotly-plot');
    const found = {};
    plot.querySelectorAll('.cartesianlayer .scatterlayer .trace').forEach(trace => {
        const records = trace.__data__[0].trace.customdata || [];
        trace.querySelectorAll('.point').forEach((point, i) => {
            const box = point.getBoundingClientRect(), id = records[i] && records[i].milestone;
            if (id && !(id in found)) found[id] = [(box.left + box.right) / 2, (box.top + box.bottom) / 2];
        });
    });
    return found; }"""


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1280, 720), (390, 844)])
def test_a_keyboard_moves_along_the_markers_with_the_arrows_and_leaves_with_one_tab(
    server, browser, width, height
):
    """The chart is one Tab stop: the arrow keys move from milestone to milestone in date order,
    each named by its date and headline and ringed at its own marker; Enter opens it, and one
    Tab leaves the chart."""
    with fresh_page(browser, width, height) as page:
        page.goto(f"{server}/timeline")
        wait_for_app(page)
        scroll_to_charts(page)
        page.locator(".st-key-timeline_lane [role='radio'][aria-checked='true']").focus()
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["inChart"], "one Tab from the lanes switch reaches the chart's milestones"
        names, seen = [], []
        for step in range(len(SHIPPED)):
            if step:
                page.keyboard.press("ArrowRight")
            focused = page.evaluate(FOCUSED)
            names.append(" ".join(focused["text"].split()))
            seen.append(focused["milestone"])
            # Seen at the marker itself: a ring centred on it.
            marker = page.evaluate(MARKER_CENTRES)[focused["milestone"]]
            assert abs(focused["x"] - marker[0]) <= 2 and abs(focused["y"] - marker[1]) <= 2, focused
            assert focused["outline"] != "none" and focused["width"] >= 16
        # Each named by its date and headline, as a screen reader says it, in date order.
        assert sorted(names) == sorted(
            f"{format_date(m.date, m.precision)} · {' '.join(m.title.split())}" for m in SHIPPED.itertuples()
        )
        dates = SHIPPED.set_index("id")["date"]
        assert [dates[m] for m in seen] == sorted(dates)
        page.keyboard.press("ArrowRight")  # past the last: it stays
        assert page.evaluate(FOCUSED)["milestone"] == seen[-1]
        page.keyboard.press("Home")
        assert page.evaluate(FOCUSED)["milestone"] == seen[0]
        page.keyboard.press("Tab")  # one press leaves the chart
        assert not page.evaluate(FOCUSED)["inChart"]
        page.keyboard.press("Shift+Tab")  # and back: to the milestone it left
        assert page.evaluate(FOCUSED)["milestone"] == seen[0]
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        page.wait_for_function(f"id => {CHOSEN} === id", arg=seen[2], timeout=10_000)
        wait_for_app(page)
        rationale = SHIPPED.set_index("id").loc[seen[2], "rationale"]
        assert rationale in page.locator(".st-key-detail_rationale").inner_text()


def test_a_keyboard_chooses_a_state_by_its_bar_and_the_page_shows_only_that_state(server, browser):
    """The bars are one Tab stop: the arrow keys move from bar to bar, each named by its state
    and count and ringed round the bar; Enter filters by it, as a click does."""
    with fresh_page(browser, 1280, 720) as page:
        page.goto(f"{server}/breakdown")
        wait_for_app(page)
        chart(page, "breakdown_states").locator(".barlayer .point").first.wait_for()
        page.locator("h1").first.click()  # the keyboard starts from the page's heading
        for _press in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("() => Boolean(document.activeElement.closest('.st-key-breakdown_states'))"):
                break
        focused = page.evaluate(FOCUSED)
        assert focused["inChart"], "Tab reaches the state chart's bars"
        counts = SHIPPED["states"].explode().value_counts()
        names = [" ".join(focused["text"].split())]
        while not names[-1].startswith("Bihar") and len(names) < 5:
            page.keyboard.press("ArrowDown")
            names.append(" ".join(page.evaluate(FOCUSED)["text"].split()))
        assert names[0] == f"Rajasthan: {counts['Rajasthan']} milestones"  # the longest bar, on top
        assert names[-1] == f"Bihar: {counts['Bihar']} milestones"
        # Seen round the bar itself.
        ring = page.evaluate(FOCUSED)
        bars = chart(page, "breakdown_states").locator(".barlayer .point path")
        bihar = [
            box
            for box in (b.bounding_box() for b in bars.all())
            if abs(box["y"] + box["height"] / 2 - ring["y"]) <= 2
        ]
        assert len(bihar) == 1 and ring["outline"] != "none"
        assert abs(bihar[0]["x"] + bihar[0]["width"] / 2 - ring["x"]) <= 2
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"state=Bihar"), timeout=10_000)
        wait_for_app(page)
        shown = page.locator(".st-key-breakdown_chosen").inner_text()
        assert "Showing only the state you selected: Bihar." in shown
        assert "Bihar" in page.locator(".st-key-filter_states").inner_text()


# The words along a chart's axes as drawn: each one's text and box.
AXIS_WORDS = """chart => [...chart.querySelectorAll('.xtick text, .ytick text')]
    .filter(t => t.textContent.trim()).map(t => { const b = t.getBoundingClientRect();
                return {text: t.textContent, box: [b.left, b.top, b.right, b.bottom]}; })"""


def test_on_a_phone_no_name_along_a_breakdown_chart_covers_another_or_is_cut(server, browser):
    """On a phone the sectors' names once stood slanted under the heat map, one over the next."""
    with fresh_page(browser, 390, 844, is_mobile=True, has_touch=True, device_scale_factor=2) as page:
        page.goto(f"{server}/breakdown")
        wait_for_app(page)
        for key in ("breakdown_states", "breakdown_sectors", "breakdown_matrix", "breakdown_years"):
            located = chart(page, key)
            located.locator(".main-svg").first.wait_for()
            place = located.bounding_box()
            svg = located.locator(".main-svg").first.bounding_box()
            assert place["height"] == pytest.approx(svg["height"], abs=2), key  # no empty place
            words = located.evaluate(AXIS_WORDS)
            assert len(words) >= 3, key
            for i, word in enumerate(words):
                left, top, right, bottom = word["box"]
                assert left >= max(svg["x"], 0) - 1 and right <= min(svg["x"] + svg["width"], 390) + 1, (
                    key,
                    word,
                )
                assert top >= svg["y"] - 1 and bottom <= svg["y"] + svg["height"] + 1, (key, word)
                for other in words[i + 1 :]:
                    b = other["box"]
                    assert not (left < b[2] and b[0] < right and top < b[3] and b[1] < bottom), (
                        key,
                        word,
                        other,
                    )


# Counts each figure plotly.js is asked to draw, by the key of the element it draws in: set
# before the page's scripts, so that it wraps the app's plotly.js as soon as that loads.
COUNT_DRAWS = """() => {
    window.clfjDraws = {};
    let loaded;
    Object.defineProperty(window, "Plotly", {
        configurable: true,
        get: () => loaded,
        set: (plotly) => {
            for (const name of ["react", "newPlot"]) {
                const draw = plotly[name];
                plotly[name] = function (element, ...rest) {
                    const key = [...(element.closest?.("[class*='st-key-']")?.classList || [])]
                        .find(c => c.startsWith("st-key-")) || "?";
                    window.clfjDraws[key] = (window.clfjDraws[key] || 0) + 1;
                    return draw.call(this, element, ...rest);
                };
            }
            loaded = plotly;
        },
    });
}"""


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_the_timeline_is_drawn_once_per_visit(server, browser, width, height):
    """Laid out for the width the chart has: the first visit waits for the width (one rerun)
    rather than drawing a figure laid out for another and drawing it again."""
    with fresh_page(browser, width, height) as page:
        page.add_init_script(f"({COUNT_DRAWS})()")
        page.goto(f"{server}/timeline")
        wait_for_app(page)
        assert page.evaluate("() => window.clfjDraws")["st-key-timeline_chart"] == 1


# Through the shipped nginx site the page tells the app the window's width (static/page-class.js):
# the first run lays the timeline out for the chart's width, and no second run is needed.
@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1280, 720), (390, 844)])
def test_through_the_site_a_first_timeline_is_drawn_after_one_run(server, browser, width, height):
    with running_nginx([server], nginx_binary()) as proxy, fresh_page(browser, width, height) as page:
        sent = []  # what the page told the app: the first run's request, then any width it reports
        page.on("websocket", lambda socket: socket.on("framesent", lambda message: sent.append(message)))
        page.add_init_script(f"({COUNT_DRAWS})()")
        page.goto(f"{proxy.url}/timeline")
        wait_for_app(page)
        assert page.evaluate("() => window.clfjDraws")["st-key-timeline_chart"] == 1
        assert len(sent) == 1, f"{len(sent)} messages to the app before the chart was drawn"


# The Story closes the sidebar, and Streamlit keeps it closed on the page after: the Overview its
# link leads to lays its timeline out for the width it has there. A second run asked for at once
# (the chart's width) was a window in which the browser's Back, sending its own run, met
# Streamlit's lost cached message and stayed on the Overview.
def test_the_overview_reached_from_the_story_draws_its_timeline_after_one_run(server, browser):
    with running_nginx([server], nginx_binary()) as proxy, fresh_page(browser, 1280, 720) as page:
        sent = []  # what the page told the app
        page.on("websocket", lambda socket: socket.on("framesent", lambda message: sent.append(message)))
        page.goto(f"{proxy.url}/story")
        wait_for_app(page, 60_000)
        before = len(sent)
        page.get_by_role("link", name="Leave the story").click()
        page.wait_for_url(f"{proxy.url}/", timeout=30_000)
        chart(page, "overview_timeline").locator(".main-svg").first.wait_for(timeout=30_000)
        wait_for_app(page)
        after = len(sent) - before  # the link's run, then any width the chart reported
        assert after == 1, f"{after} messages to the app before the Overview's timeline was drawn"


@pytest.mark.parametrize("lanes", ["sector", "state"])
def test_on_a_projector_the_whole_timeline_fits_the_first_screen(server, browser, lanes):
    """At 1280x720: the chart at most 640 px tall, and every lane's name, every label and the
    date axis's labels inside the window, before any scrolling."""
    with fresh_page(browser, 1280, 720) as page:
        page.goto(f"{server}/timeline" + ("?lanes=state" if lanes == "state" else ""))
        wait_for_app(page)
        timeline = chart(page, "timeline_chart")
        assert timeline.locator(".clfj-chart").bounding_box()["height"] <= 640
        parts = {
            "lane names": timeline.locator(".cartesianlayer .ytick text"),
            "dates": timeline.locator(".cartesianlayer .xtick text"),
            "labels": timeline.locator(".annotation"),
        }
        for name, found in parts.items():
            boxes = [found.nth(i).bounding_box() for i in range(found.count())]
            assert boxes, name
            for box in boxes:
                assert box["y"] >= 0 and box["y"] + box["height"] <= 720, name


# The grouped markers' data and their places in the drawing, by trace and point.
GROUPED = """() => {
    const plot = document.querySelector('.st-key-timeline_chart .js-plotly-plot');
    const found = [];
    plot.data.forEach((trace, t) => (trace.customdata || []).forEach((record, i) => {
        if (record && record.group) found.push({trace: t, index: i, group: record.group});
    }));
    return found;
}"""


def test_a_click_on_a_marker_for_many_lists_them_and_each_opens_its_own(tmp_path, browser):
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    url = generate.published_database(tmp_path, 2_000)  # past 1,500 markers: one per lane and period
    with app_server(env={"CLFJ_DATABASE_URL": url}) as server, fresh_page(browser, 1400, 900) as page:
        page.goto(f"{server}/timeline")
        wait_for_app(page, 60_000)
        grouped = page.evaluate(GROUPED)
        assert grouped, "no marker stands for many milestones"
        first = grouped[0]
        traces = chart(page, "timeline_chart").locator(".cartesianlayer .scatterlayer .trace")
        traces.nth(first["trace"]).locator(".point").nth(first["index"]).click(force=True)
        dialog = page.locator("[role='dialog']")
        listed = dialog.locator(".st-key-timeline_group_list button")
        listed.first.wait_for(timeout=30_000)
        # The chooser is titled with how many milestones the marker holds, in which lane and when.
        title = dialog.locator("h2, [data-testid='stDialogTitle'], [role='heading']").first.inner_text()
        assert "milestones in " in title and first["group"]["when"] in title, title
        button = listed.nth(1)
        key = next(
            c
            for c in button.locator("xpath=ancestor::*[contains(@class, 'st-key-timeline_open_')]")
            .first.get_attribute("class")
            .split()
            if c.startswith("st-key-timeline_open_")
        )
        chosen_id = key.removeprefix("st-key-timeline_open_")
        headline = button.inner_text().split(" · ", 1)[1]
        button.click()
        page.wait_for_function(f"id => {CHOSEN} === id", arg=chosen_id, timeout=30_000)
        wait_for_app(page, 60_000)
        assert page.locator(".st-key-detail_panel, [role='dialog']").first.inner_text().count(headline) >= 1
