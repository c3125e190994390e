"""Nothing moves as a page loads: a first visit's cumulative layout shift, as Chromium records it
(a ``layout-shift`` PerformanceObserver, buffered, from before the page's first byte), stays
under 0.1, Google's line for a good page.

Each visit is a new browser context, so Streamlit's scripts and the fonts come as they come to
a first-time visitor: late, on a busy machine. The sizes are a phone, a laptop, and Lighthouse's
desktop screen.
"""

import pytest
from appserver import fresh_page, require_browser, wait_for_app

pytestmark = pytest.mark.browser
playwright_api = require_browser()

GOOD = 0.1  # web.dev's threshold for a good cumulative layout shift
# Every shift, with the elements it moved and where from and to (for the failure's message).
OBSERVE = """
window.clfjShifts = [];
const named = node => !node || node.nodeType !== 1 ? String(node && node.nodeName)
    : node.tagName.toLowerCase() + (node.dataset.testid ? `[${node.dataset.testid}]` : "")
      + [...node.classList].filter(name => name.startsWith("st-key-")).map(name => "." + name).join("");
const box = r => [r.x, r.y, r.width, r.height].map(Math.round);
new PerformanceObserver(list => list.getEntries().forEach(entry => window.clfjShifts.push({
    value: entry.value, input: entry.hadRecentInput,
    moved: entry.sources.map(s => `${named(s.node)} ${box(s.previousRect)} -> ${box(s.currentRect)}`),
}))).observe({type: "layout-shift", buffered: true});
"""
SIZES = [(390, 844), (1400, 900), (1350, 940)]
PAGES = {"story": "/story", "overview": "/", "timeline": "/timeline"}
CASES = [("story", w, h) for w, h in SIZES] + [(name, 1350, 940) for name in ("overview", "timeline")]


def first_visit_shifts(browser, url: str, width: int, height: int) -> list[dict]:
    """Every layout shift of a first visit to ``url``, until the page is drawn and a moment after
    (a late font or a style sheet that comes after the page would still move it then)."""
    with fresh_page(browser, width, height) as page:
        page.add_init_script(OBSERVE)
        page.goto(url)
        wait_for_app(page, 60_000)
        page.wait_for_timeout(1500)
        return page.evaluate("() => window.clfjShifts.filter(shift => !shift.input)")


# Measured and not yet removed (one visit each, direct from the app): the story's style sheet
# (st.html; st.markdown with HTML was tried and comes as late) is applied after the slide is
# painted, so the slide moves up by Streamlit's header (68 px to 10 px) and its words and
# navigation resize (0.42-0.58 on a phone, 0.10-0.13 on a desktop); on a desktop the app's
# skeleton is painted in Streamlit's centred layout before the page's wide one (0.06-0.22),
# and on the Overview and the Timeline the sidebar opens after the page is painted and pushes
# it right by its width (0.22-0.24).
@pytest.mark.xfail(reason="style sheets applied after the first paint; the sidebar opens late", strict=False)
@pytest.mark.parametrize(("name", "width", "height"), CASES, ids=[f"{n}-{w}x{h}" for n, w, h in CASES])
def test_a_first_visit_moves_nothing_once_drawn(server, browser, name, width, height):
    shifts = first_visit_shifts(browser, server + PAGES[name], width, height)
    total = sum(shift["value"] for shift in shifts)
    assert total < GOOD, f"cumulative layout shift {total:.3f}:\n" + "\n".join(
        f"  {shift['value']:.3f}: " + "; ".join(shift["moved"]) for shift in shifts
    )
