"""What a presenter and a donor see: the timeline's headlines in full with no label over another,
and a story that fits the screen and moves with the keys a presentation clicker sends.

Runs against ``streamlit run`` in the system Chromium, at the sizes people use: a laptop, a
projector, a large screen and a phone.
"""

import html
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import wsclient
from appserver import (
    CHOSEN,
    CHROMIUM_ARGS,
    app_server,
    chart,
    choose_marker,
    chromium_path,
    fresh_page,
    require_browser,
    wait_for_app,
)
from pptx import Presentation

from clfj_data import format_date, load_milestones, shipped_milestones_path
from clfj_data.story import slide_label, story_order

pytestmark = pytest.mark.browser
playwright_api = require_browser()

SHIPPED = load_milestones(shipped_milestones_path()).milestones
HEADLINES = sorted(
    f"{format_date(m.date, m.precision)} · {m.title}" for m in SHIPPED.itertuples()
)  # as each label reads: its date, then the headline
SIZES = [(1400, 900), (1280, 720), (1920, 1080), (390, 844)]
LABELS = """() => [...document.querySelectorAll('.annotation')].map(a => {
    const box = a.querySelector('rect.bg').getBoundingClientRect();
    return {text: [...a.querySelectorAll('text tspan.line')].map(t => t.textContent).join(' ')
                  || a.querySelector('text').textContent,
            lines: a.querySelectorAll('text tspan.line').length || 1,
            box: [box.left, box.top, box.right, box.bottom]};
})"""
MARKER_BOXES = """() => [...document.querySelectorAll('.cartesianlayer .scatterlayer .point')].map(p => {
    const box = p.getBoundingClientRect(); return [box.left, box.top, box.right, box.bottom];
})"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("db") / "clfj.sqlite3"
    with app_server(env={"CLFJ_DATABASE_URL": f"sqlite:///{database}"}) as url:
        yield url


def laid_out_timeline(page, url: str):
    """Open ``url`` and wait for the timeline (drawn only once laid out for its width)."""
    page.goto(url)
    page.locator(".st-key-timeline_chart .main-svg").first.wait_for(timeout=30_000)
    wait_for_app(page)


def overlapping(a, b, gap: float = 0) -> bool:
    return a[0] < b[2] - gap and b[0] < a[2] - gap and a[1] < b[3] - gap and b[1] < a[3] - gap


@pytest.mark.parametrize("lanes", ["sector", "state"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_headline_is_written_and_no_label_covers_another(server, browser, width, height, lanes):
    with fresh_page(browser, width, height) as page:
        laid_out_timeline(page, f"{server}/timeline?lanes={lanes}")
        labels = [label for label in page.evaluate(LABELS) if " · " in label["text"]]  # not a lane's name
        texts = sorted({" ".join(label["text"].split()) for label in labels})
        assert texts == HEADLINES  # each headline in full (by state, a two-state one twice)
        assert not any("…" in label["text"] for label in labels)
        if width < 500:  # a phone: wrapped to three lines at most; each milestone a tap away
            assert all(label["lines"] <= 3 for label in labels)
            keys = page.locator(".st-key-timeline_chart .clfj-chart-keys button").all_text_contents()
            assert sorted(keys) == HEADLINES
        boxes = [label["box"] for label in labels]
        for i, box in enumerate(boxes):
            assert all(not overlapping(box, other) for other in boxes[i + 1 :]), labels[i]["text"]
        left, right = page.evaluate(
            "() => { const b = document.querySelector('.clfj-chart').getBoundingClientRect();"
            " return [b.left, b.right]; }"
        )
        assert all(box[0] >= left and box[2] <= right for box in boxes)  # none cut off at the sides
        markers = page.evaluate(MARKER_BOXES)
        assert all(not overlapping(box, marker, gap=1) for box in boxes for marker in markers)


# Each ring round a chosen milestone's marker, with the id of the marker it is centred on.
RINGED = """() => {
    const centre = box => [(box.left + box.right) / 2, (box.top + box.bottom) / 2];
    const markers = [...document.querySelectorAll('.cartesianlayer .scatterlayer .point')].map(p => {
        const trace = p.closest('.trace').__data__[0].trace;
        return {id: trace.customdata[p.__data__.i].milestone, at: centre(p.getBoundingClientRect())};
    });
    // Rings are drawn above the chart; lanes and eras lie below it.
    return [...document.querySelectorAll('.layer-above .shapelayer path')].map(ring => {
        const box = ring.getBoundingClientRect(), [x, y] = centre(box);
        const under = markers.find(m => Math.hypot(m.at[0] - x, m.at[1] - y) < 1);
        return {id: under ? under.id : null, box: [box.left, box.top, box.right, box.bottom]};
    });
}"""


def rings_round(page, milestone: str, count: int) -> list[dict]:
    """The rings once there are ``count``, each round a marker of ``milestone``."""
    page.wait_for_function(
        f"id => {{ const rings = ({RINGED})();"
        f" return rings.length === {count} && rings.every(r => r.id === id); }}",
        arg=milestone,
        timeout=10_000,
    )
    return page.evaluate(RINGED)


def test_a_chosen_milestones_ring_touches_no_label(server, browser):
    with fresh_page(browser, 1280, 720) as page:
        laid_out_timeline(page, f"{server}/timeline?lanes=state&milestone=testimony-by-videoconference")
        rings = rings_round(page, "testimony-by-videoconference", 2)  # Rajasthan and Bihar
        boxes = [label["box"] for label in page.evaluate(LABELS)]
        assert all(not overlapping(ring["box"], box) for ring in rings for box in boxes)


def test_choosing_another_milestone_moves_its_ring_and_leaves_the_chart_as_drawn(server, browser):
    with fresh_page(browser, 1280, 720) as page:
        laid_out_timeline(page, f"{server}/timeline")
        assert page.evaluate(RINGED) == []
        page.evaluate("() => document.querySelectorAll('.scatterlayer .point').forEach(p => (p.kept = 1))")
        markers = chart(page, "timeline_chart").locator(".cartesianlayer .scatterlayer .point")
        first = choose_marker(page, markers.nth(0), set())
        rings_round(page, first, 1)
        # The milestone opens in a dialog over the chart: its Next chooses another.
        page.locator(".st-key-detail_next button").click()
        page.wait_for_function(f"first => {CHOSEN} && {CHOSEN} !== first", arg=first, timeout=10_000)
        wait_for_app(page)
        rings_round(page, page.evaluate(f"() => {CHOSEN}"), 1)
        # Only the ring moved: every marker is the element first drawn, and no other is there.
        assert page.evaluate(
            "() => [...document.querySelectorAll('.scatterlayer .point')].every(p => p.kept === 1)"
        )
        assert markers.count() == len(SHIPPED)


TOOLBAR_SIZES = [(1400, 900), (1280, 720), (390, 844)]
# The elements inside ``key``'s chart that Tab stops at.
TAB_STOPS = """key => [...document.querySelectorAll(`.st-key-${key} a[href], .st-key-${key} button,
    .st-key-${key} [tabindex]`)].filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length)
    .length"""
RESET = ".st-key-timeline_chart .clfj-chart-reset"
DRAWN_RANGE = "() => document.querySelector('.st-key-timeline_chart .js-plotly-plot').layout.xaxis.range"
BOX = "e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }"


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize(("width", "height"), TOOLBAR_SIZES, ids=[f"{w}x{h}" for w, h in TOOLBAR_SIZES])
def test_a_zoomed_timeline_offers_one_button_in_the_pages_language_that_covers_nothing(
    server, browser, width, height, lang
):
    """No plotly.js toolbar (seven Tab stops, English titles, over the chart's top): the chart is
    one Tab stop, and once panned, one button more, in the page's language, above the chart,
    that shows every date again."""
    options = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if width < 640 else {}
    with fresh_page(browser, width, height, **options) as page:
        laid_out_timeline(page, f"{server}/timeline?lanes=state&lang={lang}")
        drag = chart(page, "timeline_chart").locator(".nsewdrag").first
        drag.hover(force=True)
        assert page.locator(".modebar, .modebar-btn, [data-title]").count() == 0
        assert page.evaluate(TAB_STOPS, "timeline_chart") == 1  # the milestones' list
        assert page.locator(RESET).is_hidden()
        if not page.evaluate("() => document.querySelector('.rangeslider-container') !== null"):
            return  # a timeline that does not zoom (a phone's, of few milestones) offers no button
        shown = page.evaluate(DRAWN_RANGE)
        box = drag.bounding_box()
        middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.move(*middle)
        page.mouse.down()
        page.mouse.move(middle[0] - 150, middle[1], steps=8)  # pans the timeline to later dates
        page.mouse.up()
        reset = page.locator(RESET)
        reset.wait_for(state="visible", timeout=10_000)
        assert page.evaluate(DRAWN_RANGE) != shown
        assert reset.inner_text() == ("सभी तारीख़ें दिखाएँ" if lang == "hi" else "Show all dates")
        assert page.evaluate(TAB_STOPS, "timeline_chart") == 2
        # It covers no headline, no lane's name, no date and no legend.
        button = reset.evaluate(BOX)
        words = page.locator(
            ".st-key-timeline_chart .annotation rect.bg, .st-key-timeline_chart .main-svg text, "
            ".st-key-timeline_chart .legend"
        ).evaluate_all(f"parts => parts.map({BOX})")
        assert words and [w for w in words if w[2] > w[0] and overlapping(button, w)] == []
        reset.click()
        reset.wait_for(state="hidden", timeout=10_000)
        assert page.evaluate(DRAWN_RANGE) == shown


def position(page) -> str:
    return page.locator(".st-key-story_progress strong").inner_text().strip()


def story(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.locator(".st-key-story_slide h1").wait_for()


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_every_slide_fits_the_screen_with_nothing_to_scroll(server, browser, width, height):
    with fresh_page(browser, width, height) as page:
        story(page, f"{server}/story")
        for step in range(1, len(SHIPPED) + 2):
            assert position(page) == (f"{step} of {len(SHIPPED)}" if step <= len(SHIPPED) else "The end")
            for part in (".st-key-story_slide", ".st-key-story_nav", ".st-key-story_top"):
                box = page.locator(part).bounding_box()
                assert box["y"] >= 0 and box["y"] + box["height"] <= height, (step, part)
            if step <= len(SHIPPED):
                box = page.locator(".st-key-story_timeline").bounding_box()
                assert box["y"] + box["height"] <= height, step
            # Streamlit's own chrome is hidden: no toolbar, no sidebar toggle.
            assert not page.locator("[data-testid='stToolbar']").is_visible()
            if step <= len(SHIPPED):
                page.locator(".st-key-story_next button").click()
                page.wait_for_function(
                    "s => !document.querySelector(\"[data-test-script-state='running']\") "
                    "&& document.querySelector('.st-key-story_progress').innerText.includes(s)",
                    arg=f"{step + 1} of" if step < len(SHIPPED) else "The end",
                )


# Each lane name of the story's small timeline, as its box on the page.
LANE_NAMES = """() => [...document.querySelectorAll('.st-key-story_timeline .ytick text')].map(t => {
    const box = t.getBoundingClientRect(); return [box.left, box.top, box.right, box.bottom]; })"""


# A phone as Chromium emulates one: a touch screen, a mobile viewport, two device pixels a pixel.
PHONE = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2}
# Whether the ring round the slide's milestone is drawn whole: inside the chart, and either inside
# the plot area or not cut to it (plotly.js cuts a shape placed on the axes at the plot's edges).
RING_WHOLE = """() => {
    const ring = document.querySelector('.st-key-story_timeline .layer-above .shapelayer path');
    const shape = ring.getBoundingClientRect(), line = parseFloat(getComputedStyle(ring).strokeWidth) / 2;
    const box = {left: shape.left - line, right: shape.right + line, top: shape.top - line,
                 bottom: shape.bottom + line};  // its line drawn half outside the shape
    const chart = document.querySelector('.st-key-story_timeline .main-svg').getBoundingClientRect();
    const plot = document.querySelector('.st-key-story_timeline .nsewdrag').getBoundingClientRect();
    const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5
        && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    const cut = [];  // the clip paths it is drawn within
    for (let e = ring; e.tagName !== 'svg'; e = e.parentElement) {
        if (getComputedStyle(e).clipPath !== 'none') cut.push(e);
    }
    return inside(box, chart) && (inside(box, plot) || cut.length === 0);
}"""


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_on_a_phone_the_ring_round_a_slides_milestone_is_whole_and_covers_no_lane_name(server, browser, lang):
    ordered = story_order(SHIPPED)
    with fresh_page(browser, 390, 844, **PHONE) as page:
        for step, milestone in enumerate(ordered["id"], start=1):
            story(page, f"{server}/story?step={step}&lang={lang}")
            page.locator(".st-key-story_timeline").scroll_into_view_if_needed()  # drawn once seen
            page.locator(".st-key-story_timeline .main-svg").first.wait_for()
            wait_for_app(page)
            (ring,) = rings_round(page, milestone, 1)
            names = page.evaluate(LANE_NAMES)
            assert len(names) == ordered["sector"].nunique()
            assert not [name for name in names if overlapping(ring["box"], name)], (step, ring, names)
            assert page.evaluate(RING_WHOLE), step  # the first and the last milestone's too


# The room above and below each part of a slide's words, top to bottom: the headline, what
# changed, why it matters, the facts.
SLIDE_GAPS = """() => {
    const box = selector => document.querySelector(selector).getBoundingClientRect();
    const parts = ['.st-key-story_slide h1', '.st-key-story_slide [data-testid=stColumn]',
                   '.st-key-story_why', '.st-key-story_facts'].map(box);  // the first column: what changed
    return parts.slice(1).map((part, i) => part.top - parts[i].bottom);
}"""


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_on_a_phone_a_slides_words_stand_evenly_apart(server, browser, lang):
    with fresh_page(browser, 390, 844, **PHONE) as page:
        for step in (1, len(SHIPPED)):
            story(page, f"{server}/story?step={step}&lang={lang}")
            gaps = page.evaluate(SLIDE_GAPS)
            assert all(12 <= gap <= 32 for gap in gaps), (step, gaps)  # none tight, none a hole
            assert max(gaps) - min(gaps) <= 12, (step, gaps)


def test_on_a_phone_nothing_scrolls_sideways_and_the_navigation_stays_in_reach(server, browser):
    with fresh_page(browser, 390, 844) as page:
        story(page, f"{server}/story?step=7")
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        nav = page.locator(".st-key-story_nav").bounding_box()
        assert nav["y"] + nav["height"] <= 844 and nav["y"] > 844 / 2  # fixed at the bottom
        for name in ("First", "Previous", "Next", "Last"):
            box = (
                page.locator(".st-key-story_nav").get_by_role("button", name=name, exact=True).bounding_box()
            )
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_on_a_phone_nothing_of_a_slide_ever_sits_under_the_navigation(server, browser):
    """Room is kept under a slide for the fixed navigation: scrolled to its end, the slide's last
    part (why it matters, the facts, the small timeline) ends above the navigation's top, and so
    does whatever part of it is scrolled into view."""
    with fresh_page(browser, 390, 844, **PHONE) as page:
        last = len(SHIPPED)
        for step, lang in [(1, "en"), (2, "en"), (4, "en"), (last, "en"), (1, "hi"), (last, "hi")]:
            story(page, f"{server}/story?step={step}&lang={lang}")
            nav = page.locator(".st-key-story_nav").bounding_box()
            assert nav["y"] + nav["height"] <= 844.5
            page.mouse.move(195, 300)
            for _ in range(8):  # a reader's scrolling, to the end of the slide
                page.mouse.wheel(0, 400)
            page.wait_for_timeout(400)
            for part in (".st-key-story_why", ".st-key-story_facts", ".st-key-story_timeline"):
                box = page.locator(part).bounding_box()
                assert box["y"] + box["height"] <= nav["y"] + 0.5, (step, part, box, nav)
            for part in (".st-key-story_timeline", ".st-key-story_facts", ".st-key-story_why"):
                page.locator(part).evaluate("e => e.scrollIntoView({block: 'end'})")
                box = page.locator(part).bounding_box()
                assert box["y"] + box["height"] <= nav["y"] + 0.5, (step, part, box, nav)


# The room between the lines of a slide's headline, as drawn, and "What changed" under it, and how
# many lines the headline takes.
UNDER_HEADLINE = """() => {
    const h1 = document.querySelector('.st-key-story_slide h1'), range = document.createRange();
    range.selectNodeContents(h1);
    const bottom = Math.max(...[...range.getClientRects()].map(r => r.bottom));
    const changed = document.querySelector(
        '.st-key-story_slide [data-testid=stColumn] [data-testid=stMarkdownContainer]'
    ).getBoundingClientRect();
    const line = parseFloat(getComputedStyle(h1).lineHeight);
    return {gap: changed.top - bottom, lines: Math.round(h1.getBoundingClientRect().height / line)};
}"""


@pytest.mark.parametrize(
    ("width", "height"), [(1280, 720), (1400, 900), (390, 844)], ids=["1280x720", "1400x900", "390x844"]
)
@pytest.mark.parametrize(("lang", "step"), [("en", 10), ("hi", 5)])  # the longest headline in each
def test_a_long_headline_keeps_clear_of_what_changed_beneath_it(server, browser, width, height, lang, step):
    with fresh_page(browser, width, height) as page:
        story(page, f"{server}/story?step={step}&lang={lang}")
        under = page.evaluate(UNDER_HEADLINE)
        assert under["lines"] >= 2 and under["gap"] >= 12, under


DRAFT_LINE = """() => [...document.querySelectorAll(".st-key-story_slide [data-testid=stCaptionContainer] p")
    ].map(p => { const s = getComputedStyle(p), box = p.getBoundingClientRect();
        let faded = 1;
        for (let e = p; e; e = e.parentElement) faded *= parseFloat(getComputedStyle(e).opacity);
        const facts = document.querySelector('.st-key-story_facts [data-testid="stMarkdownContainer"] p');
        return {text: p.innerText, size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight),
                factsSize: parseFloat(getComputedStyle(facts).fontSize), color: s.color, faded,
                bottom: box.bottom}; })"""


def contrast(color: str) -> float:
    """The contrast of an ``rgb(r, g, b)`` colour on white (WCAG's formula)."""
    channels = [int(v) / 255 for v in re.findall(r"\d+", color)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (390, 844)], ids=["1280x720", "390x844"])
def test_a_draft_translation_says_so_once_a_slide_in_one_quiet_legible_line(server, browser, width, height):
    with fresh_page(browser, width, height) as page:
        story(page, f"{server}/story?step=2&lang=hi")
        (line,) = page.evaluate(DRAFT_LINE)  # once on the slide
        assert line["text"] == "हिन्दी अनुवाद: मसौदा, अभी इसकी समीक्षा नहीं हुई है"
        assert line["size"] <= 0.85 * line["factsSize"] and line["size"] >= 12 and line["weight"] <= 400
        assert line["faded"] == 1 and contrast(line["color"]) >= 4.5  # quiet, yet legible
        nav = page.locator(".st-key-story_nav").bounding_box()
        if width > 640:  # beside the facts, and the slide still fits the projector's screen
            assert nav["y"] + nav["height"] <= height and line["bottom"] <= nav["y"]


SUBSET_STYLE = """e => { const s = getComputedStyle(e);
    return {text: e.innerText, size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight),
            color: s.color, background: s.backgroundColor}; }"""


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (390, 844)], ids=["1280x720", "390x844"])
def test_a_filtered_story_says_plainly_that_it_is_a_subset(server, browser, width, height):
    with fresh_page(browser, width, height) as page:
        story(page, f"{server}/story?sector=Justice")
        badge = page.locator(".st-key-story_subset p > span").first
        shown = badge.evaluate(SUBSET_STYLE)
        assert "Justice milestones: 3 of the 10" in shown["text"]
        # As large as the slide's other top line, bold, white on the programme's blue (5:1).
        assert shown["size"] >= 16 and shown["weight"] >= 700, shown
        assert (shown["color"], shown["background"]) == ("rgb(255, 255, 255)", "rgb(0, 114, 178)")
        box = badge.bounding_box()
        assert box["y"] >= 0 and box["x"] + box["width"] <= width


KEYS = [  # (key, the slide it leads to from the one before)
    ("ArrowRight", "2 of"), ("PageDown", "3 of"), ("Space", "4 of"), ("ArrowLeft", "3 of"),
    ("PageUp", "2 of"), ("End", "The end"), ("Home", "1 of"),
]  # fmt: skip


def test_each_presenter_key_moves_the_slide(server, browser):
    with fresh_page(browser, 1280, 720) as page:
        story(page, f"{server}/story")
        assert position(page).startswith("1 of")
        for key, expected in KEYS:
            page.keyboard.press(key)
            page.wait_for_function(
                "s => !document.querySelector(\"[data-test-script-state='running']\") "
                "&& document.querySelector('.st-key-story_progress').innerText.startsWith(s)",
                arg=expected,
                timeout=15_000,
            )
            assert position(page).startswith(expected), key


def test_end_goes_to_the_closing_slide_and_last_to_the_last_milestone(server, browser):
    """The End key ends the meeting on the closing slide, as Next does from the last milestone;
    the Last button goes to the last milestone, and from the closing slide back to it."""
    last = f"{len(SHIPPED)} of {len(SHIPPED)}"
    with fresh_page(browser, 1280, 720) as page:
        story(page, f"{server}/story")
        nav = page.locator(".st-key-story_nav")
        button = {name: nav.get_by_role("button", name=name, exact=True) for name in ("Last", "Next")}
        page.keyboard.press("End")
        settled_on(page, "The end")
        assert button["Last"].is_enabled() and not button["Next"].is_enabled()
        button["Last"].click()
        settled_on(page, last)
        assert not button["Last"].is_enabled() and button["Next"].is_enabled()
        page.keyboard.press("Home")
        settled_on(page, "1 of")
        button["Last"].click()
        settled_on(page, last)
        page.keyboard.press("End")
        settled_on(page, "The end")


def test_keys_leave_other_pages_alone(server, browser):
    """Space still scrolls, and arrows still move, once the presenter has left the story."""
    with fresh_page(browser, 1280, 720) as page:
        story(page, f"{server}/story")
        page.get_by_role("link", name="Leave the story").click()  # not the sidebar's page links
        page.wait_for_url(re.compile(r"/$|/\?"))
        wait_for_app(page)
        prevented = page.evaluate(
            """() => { const options = {key: 'ArrowRight', cancelable: true, bubbles: true};
                       const e = new KeyboardEvent('keydown', options);
                       document.body.dispatchEvent(e); return e.defaultPrevented; }"""
        )
        assert prevented is False


def test_the_full_screen_button_fills_the_screen(server, browser):
    with fresh_page(browser, 1280, 720) as page:
        story(page, f"{server}/story")
        page.get_by_role("button", name="Full screen").click()
        page.wait_for_function("() => document.fullscreenElement !== null", timeout=5_000)
        assert chart(page, "story_timeline") is not None
        # While full, the button offers the way out, on the next slide too; then back again.
        leave = page.get_by_role("button", name="Exit full screen")
        leave.wait_for(timeout=5_000)
        page.keyboard.press("ArrowRight")
        settled_on(page, "2 of")
        assert leave.is_visible() and document_full(page)
        leave.click()
        page.wait_for_function("() => document.fullscreenElement === null", timeout=5_000)
        page.get_by_role("button", name="Full screen", exact=True).wait_for(timeout=5_000)


def document_full(page) -> bool:
    return page.evaluate("() => document.fullscreenElement !== null")


# Whether Streamlit's keyboard-focus frame round the main area is drawn (its ::before), and where focus is.
MAIN_FRAME = """() => ({focused: document.activeElement.dataset.testid, framed:
    getComputedStyle(document.querySelector("[data-testid='stMain']"), "::before").content !== "none"})"""


def test_a_click_on_the_slide_leaves_no_focus_frame_and_tab_still_shows_one(server, browser):
    with fresh_page(browser, 1280, 720) as page:
        story(page, f"{server}/story?step=3")
        page.locator(".st-key-story_slide h1").click()  # a presenter's click on the slide, then a key
        page.keyboard.press("ArrowRight")
        settled_on(page, "4 of 10")
        assert page.evaluate(MAIN_FRAME) == {"focused": "stMain", "framed": False}
        page.keyboard.press("Tab")  # on to the next control, and back to the main area by keyboard
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(MAIN_FRAME) == {"focused": "stMain", "framed": True}


def settled_on(page, expected: str) -> None:
    """Wait until the app has drawn the slide ``expected`` ("4 of") and is idle, then make sure
    it stays there: no press still on its way moves it further."""
    try:
        page.wait_for_function(
            "s => !document.querySelector(\"[data-test-script-state='running']\") "
            "&& document.querySelector('.st-key-story_progress').innerText.startsWith(s)",
            arg=expected,
            timeout=20_000,
        )
    except playwright_api.TimeoutError:
        raise AssertionError(f"not on {expected!r} within 20 s but on {position(page)!r}") from None
    page.wait_for_timeout(1500)
    wait_for_app(page)
    assert position(page).startswith(expected)


def test_a_run_asked_for_by_a_browser_a_slide_behind_leaves_the_story_where_it_went(server):
    """A browser asks for a run (a chart reporting its width, say) after the server has moved the
    story on but before that slide reached it: it still sends the jump list as it stood on the
    slide before, and the story stays on the slide it went to."""
    ordered = story_order(SHIPPED)

    async def scenario():
        async with wsclient.connect(server, timeout=60) as client:
            third = await client.run(page="story", query="step=3")
            (jump,) = [
                e.widget_id
                for e in third.elements
                if e.kind == "selectbox" and re.search(r"-story_jump(_at_\d+)?$", e.widget_id)
            ]
            fourth = await client.run(page="story", query="step=3", click=third.widget("story_next"))
            behind = await client.run(
                page="story", query="step=4", values=[(jump, "string_value", slide_label(ordered, 3))]
            )
            return fourth, behind

    fourth, behind = wsclient.run(scenario())
    assert fourth.shows("4 of 10")
    assert behind.shows("4 of 10"), [t for t in behind.texts() if " of 10" in t]


@pytest.mark.parametrize("gap", [50, 80])
def test_key_presses_queue_so_n_presses_move_n_slides_however_fast_they_come(server, browser, gap):
    with fresh_page(browser, 1280, 720) as page:
        story(page, f"{server}/story")
        for _ in range(3):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(gap)
        settled_on(page, "4 of")
        for key in ["PageDown"] * 5 + ["ArrowLeft"] * 2:  # a clicker, then back two
            page.keyboard.press(key)
            page.wait_for_timeout(gap)
        settled_on(page, "7 of")
        for _ in range(6):  # past the end: the closing slide is as far as it goes
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(gap)
        settled_on(page, "The end")


def test_the_closing_slide_links_the_room_to_the_overview_and_fills_a_projectors_screen(server, browser):
    """Reached at an address others can open, the closing slide's link and QR code lead to the
    Overview with the story's filters, never to the presenter's /story."""
    port = urlsplit(server).port
    # A name that is not this machine's own, as a dashboard on a real address is reached.
    resolving = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP results.test 127.0.0.1"]
    elsewhere = browser.browser_type.launch(executable_path=chromium_path(), args=resolving)
    try:
        with fresh_page(elsewhere, 1280, 720) as page:
            story(page, f"http://results.test:{port}/story?sector=Justice&step=4")
            assert position(page) == "The end"
            page.locator(".st-key-story_qr img").wait_for()
            link = page.locator(".st-key-story_qr a").get_attribute("href")
            parts = urlsplit(link)
            assert (parts.netloc, parts.path) == (f"results.test:{port}", "/"), link
            assert parse_qs(parts.query) == {"sector": ["Justice"]} and "story" not in link
            assert page.locator(".st-key-story_closing").get_by_text("Thank you").is_visible()
            # A presenter's pointer resting on the heading shows the room no link icon beside it.
            page.locator(".st-key-story_closing h1").hover()
            anchor = page.locator(".st-key-story_closing [data-testid='stHeaderActionElements']")
            assert not anchor.is_visible()
            # It fills the screen: the words and the code across the width, from under the progress
            # bar down to the navigation at the foot of the screen, and nothing to scroll.
            box = {name: page.locator(f".st-key-story_{name}").bounding_box() for name in
                   ("progress", "closing", "qr", "nav")}  # fmt: skip
            assert page.evaluate("() => document.documentElement.scrollHeight") <= 720
            assert box["nav"]["y"] + box["nav"]["height"] >= 720 - 40  # at the foot of the screen
            assert box["qr"]["x"] + box["qr"]["width"] >= 0.85 * 1280
            room = box["nav"]["y"] - (box["progress"]["y"] + box["progress"]["height"])
            assert max(box["closing"]["height"], box["qr"]["height"]) >= 0.7 * room
            # The link opens the Overview, filtered as the story was.
            page.goto(link)
            wait_for_app(page)
            assert page.locator("h1").first.inner_text().startswith("Child Labour Free Jaipur")
            assert "sector=Justice" in page.url and "/story" not in page.url
    finally:
        elsewhere.close()


def test_a_filtered_story_at_this_machines_own_address_gives_the_room_the_results_page(server, browser):
    """Reached only at 127.0.0.1, which no phone in the room can open, the QR code leads to the
    programme's results page, and the dashboard with the story's filters is offered as a link for
    this computer only."""
    with fresh_page(browser, 1280, 720) as page:
        story(page, f"{server}/story?sector=Justice&step=4")
        assert position(page) == "The end"
        page.locator(".st-key-story_qr img").wait_for()
        room = page.locator(".st-key-story_qr p a").first.get_attribute("href")
        assert urlsplit(room).hostname not in ("127.0.0.1", "localhost") and "story" not in room, room
        assert page.locator(".st-key-story_qr img").get_attribute("alt").endswith(room)
        local = page.locator(".st-key-story_local")
        assert "this computer only" in local.inner_text()
        parts = urlsplit(local.locator("a").get_attribute("href"))
        assert (parts.netloc, parts.path) == (urlsplit(server).netloc, "/")
        assert parse_qs(parts.query) == {"sector": ["Justice"]}
        assert page.evaluate("() => document.documentElement.scrollHeight") <= 720  # still one screen


def test_a_story_no_milestone_matches_says_which_filters_and_leads_back_to_the_whole_story(server, browser):
    """No blank page: the filters in words, a button that clears them, and a link, opened in
    the same tab, to the whole story."""
    empty = f"{server}/story?sector=Justice&state=Bihar&from=2022&lang=hi"
    with fresh_page(browser, 1280, 720) as page:
        page.goto(empty)
        wait_for_app(page)
        shown = page.locator(".st-key-story_empty")
        assert "बिहार में न्याय के पड़ाव, जनवरी 2022 से" in shown.inner_text()
        with page.expect_navigation():
            shown.locator("a[target='_self']").click()
        assert len(page.context.pages) == 1
        page.locator(".st-key-story_slide h1").wait_for()
        assert position(page) == f"{len(SHIPPED)} में से 1"
        assert not {"sector", "state", "from"} & set(parse_qs(urlsplit(page.url).query))
        page.goto(empty)
        wait_for_app(page)
        page.locator(".st-key-story_empty_clear button").click()
        page.locator(".st-key-story_slide h1").wait_for()
        assert not page.locator(".st-key-story_subset").is_visible()  # the whole story, unfiltered
        assert position(page) == f"{len(SHIPPED)} में से 1"
        assert not {"sector", "state", "from"} & set(parse_qs(urlsplit(page.url).query))


# The width of a text as the element shows it, in its own font.
TEXT_WIDTH = """([element, text]) => {
    const canvas = document.createElement('canvas').getContext('2d');
    canvas.font = getComputedStyle(element).font;
    return canvas.measureText(text).width;
}"""


# The jump list's options as shown: each one's text, lines, and whether any of it is cut.
OPTIONS_SHOWN = """() => [...document.querySelectorAll('[role=listbox] [role=option]')].map(o => {
    const line = parseFloat(getComputedStyle(o.querySelector('*') || o).lineHeight) || 24;
    const text = [...o.querySelectorAll('*')].find(e => !e.childElementCount && e.textContent.trim()) || o;
    return {text: o.innerText.trim(), lines: Math.round(text.getBoundingClientRect().height / line),
            whole: [o, ...o.querySelectorAll('*')].every(e => e.scrollWidth <= e.clientWidth + 1)}; })"""


@pytest.mark.parametrize(
    ("width", "height", "lang"), [(1280, 720, "en"), (1280, 720, "hi"), (390, 844, "en")],
    ids=["1280x720-en", "1280x720-hi", "390x844-en"],
)  # fmt: skip
def test_the_jump_list_shows_each_headline_to_its_width_and_the_options_cut_no_label(
    server, browser, width, height, lang
):
    """The open list gives every headline whole, wrapped to two lines where it needs them; shut,
    it shows the slide's headline to the box's width, an ellipsis where it goes on."""
    ordered = story_order(SHIPPED)
    labels = [slide_label(ordered, step, lang) for step in range(1, len(ordered) + 2)]
    with fresh_page(browser, width, height) as page:
        story(page, f"{server}/story?step=9&lang={lang}")
        jump = ".st-key-story_jump input"
        options_button = page.locator(".st-key-story_top button").first  # "Options and exports"
        if width < 640:  # a phone's jump list is in the options
            options_button.click()
            jump = ".st-key-story_jump_phone input"
        box = page.locator(jump)
        assert box.input_value() == labels[8]  # the whole headline, not four words of it
        # Shown to the box's width, an ellipsis where it goes on (the page's style may come after it).
        page.wait_for_function(
            "s => getComputedStyle(document.querySelector(s)).textOverflow === 'ellipsis'", arg=jump
        )
        box.click()
        page.locator("[role=listbox] [role=option]").first.wait_for()
        options = page.evaluate(OPTIONS_SHOWN)
        assert [option["text"] for option in options] == labels[: len(options)] and len(options) >= 5
        assert all(option["whole"] and option["lines"] <= 2 for option in options), options
        page.keyboard.press("Escape")
        if width >= 640:
            options_button.click()
        for name in ("Download PowerPoint", "Download offline HTML"):
            button = page.locator(f"button:has-text('{name}')") if lang == "en" else None
            if button is None:
                break
            button.wait_for()
            # Shown whole: the text is as wide as the button lets it be, not cut with an ellipsis.
            assert button.evaluate(
                "b => [...b.querySelectorAll('p')].every(p => p.scrollWidth <= p.clientWidth + 1)"
            ), name


def downloaded(page, button) -> tuple[str, bytes]:
    """The file one click on ``button`` gives: its name and bytes."""
    with page.expect_download(timeout=90_000) as started:
        button.click()
    assert started.value.failure() is None
    return started.value.suggested_filename, Path(started.value.path()).read_bytes()


def test_the_deck_the_offline_report_and_timelinejs_each_download_in_one_click(server, browser):
    justice = SHIPPED[SHIPPED["sector"] == "Justice"]
    with fresh_page(browser, 1280, 720, accept_downloads=True) as page:
        story(page, f"{server}/story?sector=Justice")
        page.get_by_role("button", name="Options and exports").click()
        name, deck = downloaded(page, page.get_by_role("button", name="Download PowerPoint"))
        assert name.endswith("-filtered.pptx")
        slides = Presentation(io.BytesIO(deck)).slides
        words = "\n".join(s.text_frame.text for slide in slides for s in slide.shapes if s.has_text_frame)
        assert all(title in words for title in justice["title"])
        assert not [b for b in page.get_by_role("button").all_inner_texts() if b.startswith("Make ")]
        name, report = downloaded(page, page.get_by_role("button", name="Download offline HTML"))
        assert name.endswith("-filtered.html") and report.lower().startswith(b"<!doctype html>")
        assert all(html.escape(title) in report.decode() for title in justice["title"])
        page.goto(f"{server}/timeline")
        wait_for_app(page)
        page.get_by_text("Export the timeline").click()
        name, made = downloaded(page, page.get_by_role("button", name="Download TimelineJS (JSON)"))
        assert name.endswith(".json")
        headlines = [html.unescape(event["text"]["headline"]) for event in json.loads(made)["events"]]
        assert sorted(headlines) == sorted(SHIPPED["title"])


# Each element's text in full: no part of it holds more than it shows (an ellipsis hides the rest).
SHOWN_WHOLE = """elements => elements.every(
    v => [v, ...v.querySelectorAll('*')].every(e => e.scrollWidth <= e.clientWidth + 1))"""


# The closing slide's small heading and its headline: font size and lines of each.
CLOSING_HEADINGS = """() => [document.querySelector('.st-key-story_closing .st-key-story_when p'),
    document.querySelector('.st-key-story_closing h1')].map(e => {
        const size = parseFloat(getComputedStyle(e).fontSize);
        return {size, lines: Math.round(e.getBoundingClientRect().height / (size * 1.2))}; })"""


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_on_a_phone_the_closing_slide_opens_on_its_summary_and_the_qr_code_follows(server, browser, lang):
    """The phone already holds the page: what the changes add up to comes first, the QR code
    (for the room's screen) after it, with its link; nothing hides behind the navigation."""
    with fresh_page(browser, 390, 844, **PHONE) as page:
        story(page, f"{server}/story?step=99&lang={lang}")
        page.locator(".st-key-story_qr img").wait_for()
        nav = page.locator(".st-key-story_nav").bounding_box()
        headline = page.locator(".st-key-story_closing h1").bounding_box()
        assert headline["y"] >= 0 and headline["y"] + headline["height"] <= nav["y"]  # in the first screen
        qr = page.locator(".st-key-story_qr img").bounding_box()
        figures = page.locator(".st-key-story_figures").bounding_box()
        assert qr["y"] >= figures["y"] + figures["height"]  # the summary first, the code after
        small, large = page.evaluate(CLOSING_HEADINGS)
        assert small["size"] < large["size"] and small["lines"] == 1, (small, large)
        # Scrolled to the end, the last words of the slide stand clear of the navigation.
        page.mouse.move(195, 300)
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(500)
        nav = page.locator(".st-key-story_nav").bounding_box()
        for part in (".st-key-story_thanks", ".st-key-story_figures", ".st-key-story_qr a"):
            box = page.locator(part).bounding_box()
            assert box["y"] + box["height"] <= nav["y"], part
        # Every figure and its name in full, the span of years too: nothing cut short with an ellipsis.
        values = page.locator(".st-key-story_figures [data-testid='stMetricValue']")
        assert values.all_inner_texts() == ["10", "2", "6", "2019–2022"]
        assert values.evaluate_all(SHOWN_WHOLE)
        assert page.locator(".st-key-story_figures [data-testid='stMetricLabel']").evaluate_all(SHOWN_WHOLE)


QR_DRAWN = """() => { const img = document.querySelector('.st-key-story_qr img');
    const column = document.querySelector('.st-key-story_qr').getBoundingClientRect();
    return {src: img.src.slice(0, 26), width: img.getBoundingClientRect().width, column: column.width}; }"""


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1280, 720)], ids=["1400x900", "1280x720"])
def test_the_qr_code_is_drawn_sharp_at_the_size_the_screen_gives_it(server, browser, width, height):
    with fresh_page(browser, width, height) as page:
        story(page, f"{server}/story?step=99")
        page.locator(".st-key-story_qr img").wait_for()
        drawn = page.evaluate(QR_DRAWN)
        assert drawn["src"].startswith("data:image/svg+xml")  # sharp however large a projector makes it
        # As wide as its column, or as tall as the screen leaves under the top bar (100vh - 20rem).
        assert drawn["width"] >= min(drawn["column"], height - 320) - 2, drawn


GAPS = """() => {
    const parts = [...document.querySelectorAll(
        '.st-key-story_slide h1, .st-key-story_slide [data-testid="stText"], .st-key-story_why, '
        + '.st-key-story_facts p, .st-key-story_timeline, .st-key-story_progress, .st-key-story_nav')]
        .map(e => e.getBoundingClientRect()).filter(r => r.height > 0).sort((a, b) => a.top - b.top);
    let reach = parts[0].bottom, widest = 0;
    for (const r of parts.slice(1)) {
        widest = Math.max(widest, r.top - reach);
        reach = Math.max(reach, r.bottom);
    }
    return widest;
}"""


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (1280, 720)], ids=["1400x900", "1280x720"])
@pytest.mark.parametrize("query", ["step=1", "step=5", "sector=Justice&step=2"])
def test_a_milestone_slide_uses_the_screen_with_no_wide_empty_band(server, browser, width, height, query):
    with fresh_page(browser, width, height) as page:
        story(page, f"{server}/story?{query}")
        page.locator(".st-key-story_timeline").wait_for()
        page.wait_for_timeout(500)
        assert page.evaluate(GAPS) <= 0.15 * height
        assert page.evaluate("() => document.documentElement.scrollHeight") <= height


def test_a_filtered_storys_one_lane_timeline_is_as_tall_as_the_full_ones(server, browser):
    heights = {}
    with fresh_page(browser, 1280, 720) as page:
        for query in ("step=2", "sector=Justice&step=2"):
            story(page, f"{server}/story?{query}")
            page.locator(".st-key-story_timeline").wait_for()
            page.wait_for_timeout(500)
            heights[query] = page.locator(".st-key-story_timeline").bounding_box()["height"]
            nav = page.locator(".st-key-story_nav").bounding_box()
            timeline = page.locator(".st-key-story_timeline").bounding_box()
            assert nav["y"] - (timeline["y"] + timeline["height"]) <= 24  # no gap above the navigation
    assert heights["sector=Justice&step=2"] >= 0.9 * heights["step=2"], heights


def test_after_a_jump_the_presenters_keys_move_the_slide_at_once(server, browser):
    """A slide picked from the jump list hands the keys back to the slide: the next press moves
    on, with no click first, and the list stays shut; keys typed into the open list filter it."""
    with fresh_page(browser, 1280, 720) as page:
        story(page, f"{server}/story?step=2")
        page.locator(".st-key-story_jump input").click()
        fifth = slide_label(story_order(SHIPPED), 5)
        page.keyboard.type(fifth[-12:])  # typed into the open list: it narrows to that slide
        options = page.get_by_role("option")
        assert options.all_inner_texts() == [fifth]
        options.first.click()
        settled_on(page, "5 of")
        for key, expected in [("ArrowRight", "6 of"), ("PageDown", "7 of"), ("ArrowLeft", "6 of")]:
            page.keyboard.press(key)
            settled_on(page, expected)
            assert page.locator("[role='listbox']").count() == 0  # the list did not open again
        assert page.evaluate("() => !document.activeElement.closest('.st-key-story_jump')")


def test_on_a_phone_the_navigation_is_one_compact_row_and_the_rest_is_in_the_options(server, browser):
    with fresh_page(browser, 390, 844) as page:
        story(page, f"{server}/story?step=2")
        nav = page.locator(".st-key-story_nav")
        assert nav.bounding_box()["height"] <= 64  # not a third of the screen
        names = ("First", "Previous", "Next", "Last")
        buttons = [page.get_by_role("button", name=n, exact=True) for n in names]
        tops = {round(b.bounding_box()["y"]) for b in buttons}  # First and Last by name, as icons
        assert len(tops) == 1 and all(b.is_visible() for b in buttons)
        assert not page.locator(".st-key-story_nav .st-key-story_jump").is_visible()
        page.get_by_role("button", name="Options and exports").click()
        assert page.get_by_role("link", name="Leave the story").is_visible()
        page.locator(".st-key-story_jump_phone input").click()
        page.get_by_role("option").nth(4).click()
        settled_on(page, "5 of")
        # A Hindi slide's draft line stands clear of the navigation once scrolled to.
        story(page, f"{server}/story?step=1&lang=hi")
        draft = page.get_by_text("हिन्दी अनुवाद", exact=False).first
        draft.scroll_into_view_if_needed()
        assert draft.bounding_box()["y"] + draft.bounding_box()["height"] <= nav.bounding_box()["y"]
