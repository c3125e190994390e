"""The app's pages are painted in their layout from the first paint, through the shipped nginx
site (deploy/nginx/clfj.conf), as the public deployment serves it.

Streamlit draws a page's own style sheet (``st.html``) only after it has fetched the script that
draws it, a moment after the page is painted; and it draws a button, a card (``st.metric``), a
switch, a progress bar or a page link only once it has fetched that element's script, painting a
placeholder 40 px tall in its place until then. What was painted then moved: on the Story the
slide moved up by Streamlit's header, the phone's navigation into its place at the foot (a
cumulative layout shift of 0.42 on a phone); on the Overview the text below the cards moved down
by 150 px. nginx puts the pages' style sheets (static/<page>.css) and the script that marks
``<html>`` with the page shown (static/page-class.js) into every page's head, so the header is
hidden and the page's padding is the Story's when Streamlit first puts them into the page, and
each placeholder of a late element has that element's size; and the app's own links to another
page bring Streamlit's header back there.

Each visit is a new browser context, as a first-time visitor's. The sizes are a phone, a laptop,
and Lighthouse's desktop screen.
"""

import re

import pytest
from appserver import fresh_page, nginx_binary, require_browser, running_nginx, wait_for_app

pytestmark = pytest.mark.browser
playwright_api = require_browser()

# The style Streamlit's header, sidebar and page block have when each is first put into the page,
# read at once (a mutation observer runs before the browser paints what was added).
FIRST_STYLE = """
window.clfjFirst = {};
const watched = {header: '[data-testid="stHeader"]', sidebar: '[data-testid="stSidebar"]',
                 block: '[data-testid="stMainBlockContainer"]'};
new MutationObserver(() => {
  for (const [name, selector] of Object.entries(watched)) {
    const element = document.querySelector(selector);
    if (element && !(name in window.clfjFirst)) {
      const style = getComputedStyle(element);
      window.clfjFirst[name] = {display: style.display, paddingTop: style.paddingTop};
    }
  }
}).observe(document, {childList: true, subtree: true});
"""
SIZES = [(390, 844), (1280, 720), (1400, 900)]
STORY_PADDING = "9.6px"  # static/story.css: 0.6rem above the slide


@pytest.fixture(scope="module")
def site(server):
    """The app behind the shipped nginx site, as the public deployment serves it."""
    with running_nginx([server], nginx_binary()) as proxy:
        yield proxy.url


def header_shown(page) -> bool:
    return page.locator('[data-testid="stHeader"]').is_visible()


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_story_is_painted_in_its_layout_from_the_start(site, browser, width, height):
    with fresh_page(browser, width, height) as page:
        page.add_init_script(FIRST_STYLE)
        page.goto(site + "/story")
        wait_for_app(page, 60_000)
        first = page.evaluate("() => window.clfjFirst")
        # Streamlit's header and the app's sidebar never shown, not even for a moment
        assert first["header"]["display"] == "none", first
        assert first.get("sidebar", {"display": "none"})["display"] == "none", first
        # the slide's place at the top is the Story's from the start, not Streamlit's
        assert first["block"]["paddingTop"] == STORY_PADDING, first
        assert not header_shown(page)


def test_leaving_the_story_by_its_link_brings_streamlits_header_back(site, browser):
    with fresh_page(browser, 1280, 720) as page:
        page.goto(site + "/story")
        wait_for_app(page, 60_000)
        assert not header_shown(page)
        page.get_by_role("link", name="Leave the story").click()
        page.wait_for_url(site + "/", timeout=30_000)
        page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
        header = page.locator('[data-testid="stHeader"]')
        playwright_api.expect(header).to_be_visible(timeout=10_000)
        playwright_api.expect(page.locator("html")).not_to_have_class(re.compile("clfj-story"))
        page.go_back()  # the browser's back button: the Story again, in its layout
        page.wait_for_url("**/story*", timeout=30_000)
        page.locator(".st-key-story_slide").wait_for(timeout=30_000)
        playwright_api.expect(header).to_be_hidden(timeout=10_000)


GOOD = 0.1  # web.dev's threshold for a good cumulative layout shift
# Every shift since the page's navigation, with the elements it moved and where from and to (for
# the failure's message); read from the browser's buffer, so that a shift of the last frame,
# which an observer would be told of only later, is in too.
SHIFTS = """() => {
const named = node => !node || node.nodeType !== 1 ? String(node && node.nodeName)
    : node.tagName.toLowerCase() + (node.dataset.testid ? `[${node.dataset.testid}]` : "")
      + [...node.classList].filter(name => name.startsWith("st-key-")).map(name => "." + name).join("");
const box = r => [r.x, r.y, r.width, r.height].map(Math.round);
const observer = new PerformanceObserver(() => {});
observer.observe({type: "layout-shift", buffered: true});
const shifts = observer.takeRecords();
observer.disconnect();
return shifts.filter(entry => !entry.hadRecentInput).map(entry => ({
    value: entry.value,
    moved: entry.sources.map(s => `${named(s.node)} ${box(s.previousRect)} -> ${box(s.currentRect)}`),
}));
}"""
# Resolves once the page's fonts are loaded and what they change is painted.
FONTS_PAINTED = """() => document.fonts.ready.then(
    () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))))"""
PAGES = {"overview": "/", "timeline": "/timeline", "story": "/story"}
PHONE = {"is_mobile": True, "has_touch": True}
# A mid-range phone's processor, as Lighthouse's mobile run slows Chromium's: the elements'
# scripts then arrive as late after the first paint as they do on a phone.
PHONE_SLOWDOWN = 4


def assert_nothing_moves(page, url: str) -> None:
    """Open ``url`` in ``page`` (a new visitor's) and assert that its cumulative layout shift, from
    the navigation until the page is drawn and all it asked for has come, stays under :data:`GOOD`."""
    page.goto(url)
    wait_for_app(page, 120_000)
    # A late style sheet, font, image or element's script would still move it: wait until the
    # page has asked for nothing for half a second, and what came is painted.
    page.wait_for_load_state("networkidle")
    page.evaluate(FONTS_PAINTED)
    wait_for_app(page)
    shifts = page.evaluate(SHIFTS)
    total = sum(shift["value"] for shift in shifts)
    assert total < GOOD, f"cumulative layout shift {total:.3f}:\n" + "\n".join(
        f"  {shift['value']:.3f}: " + "; ".join(shift["moved"]) for shift in shifts
    )


@pytest.mark.parametrize("name", PAGES)
def test_nothing_moves_as_a_page_loads_on_a_phone(site, browser, name):
    with fresh_page(browser, 390, 844, **PHONE) as page:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": PHONE_SLOWDOWN})
        assert_nothing_moves(page, site + PAGES[name])


# Streamlit paints a page before the script's first answer without the sidebar, which on a desktop
# then opened beside the page and pushed all of it 300 px right (0.24 at 1400x900).
@pytest.mark.parametrize("name", ["overview", "timeline"])
def test_nothing_moves_as_a_page_loads_on_a_desktop(site, browser, name):
    with fresh_page(browser, 1400, 900) as page:
        assert_nothing_moves(page, site + PAGES[name])
