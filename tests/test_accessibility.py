"""Accessibility in a real browser: an axe-core audit of every page, and each page's main action
done with the keyboard alone.

axe-core is the npm package pinned in tests/a11y (installed there with ``npm ci`` when missing)
and injected into the page by Playwright. Skipped, with the reason, where Playwright, Chromium or
npm is missing, unless CLFJ_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
"""

import csv
import json
import re
import tomllib
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from appserver import REPO, STAFF_PASSWORD, app_server, fresh_page, npm_package, require_browser, wait_for_app

from clfj_data.wording import UNSPECIFIED

pytestmark = pytest.mark.browser

playwright_api = require_browser()

AXE_DIR = Path(__file__).resolve().parent / "a11y"
PRIMARY = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())["theme"]["primaryColor"]
GRAVE = ("serious", "critical")
TAB_LIMIT = 80


@dataclass(frozen=True)
class Known:
    """A serious or critical axe finding we know of: ``rule`` on any node inside ``selector``."""

    rule: str
    selector: str
    why: str


# Serious or critical findings that come from Streamlit's own chrome and widgets or from plotly.js,
# markup the app cannot change from Python. Everything else fails the audit. Keep it strict: an entry
# names one rule inside one piece of third-party markup, and says why the app cannot fix it.
#
# Empty on purpose. Streamlit 1.67 and plotly.js gave no serious or critical finding in any page
# audited below (sidebar navigation and filters, toolbar, buttons, segmented control, multiselect and
# selectbox, select slider, text and password inputs, form, file uploader, data grid, expanders,
# Plotly charts and modebar). What they do give is moderate or minor and not gated here: "region" on
# an open multiselect/selectbox list (its popover sits outside any landmark) and
# "presentation-role-conflict" on the file uploader's dropzone (role="presentation" with aria-label).
# Not covered by axe at all: the contrast of Plotly's SVG text (tick labels, legends), which it
# calls undecidable because plotly.js lays its drag layer over it; the chart colours are ours.
STREAMLIT_OWN: tuple[Known, ...] = ()


@pytest.fixture(scope="module")
def shipped_states(shipped) -> set[str]:
    """Every state a shipped milestone names."""
    return {state for names in shipped["states"] for state in names}


EXPANDERS_FILLED = """() => [...document.querySelectorAll("[data-testid='stExpander'] details[open]")]
    .every(details => details.querySelector("[data-testid='stElementContainer']"))"""


def settle(page) -> None:
    """wait_for_app, and for the elements Streamlit loads lazily to replace their skeletons.

    A chart is an ``stSkeleton`` until its component has loaded; wait_for_app alone takes no
    chart yet for every chart drawn.
    """
    wait_for_app(page)
    page.wait_for_function("() => !document.querySelector(\"[data-testid='stSkeleton']\")")
    wait_for_app(page)


def signed_in(page) -> None:
    page.get_by_label("Your name, for the version history").fill("Asha")
    page.get_by_label("Staff password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("[data-testid='stFileUploader']").wait_for()
    settle(page)


# What is audited: every page as it opens, plus the states that show more of the app's own content.
AUDITED = {
    "overview": ("/", None),
    "overview-detail-panel": ("/?milestone=testimony-by-videoconference", None),
    "timeline": ("/timeline", None),
    "breakdown": ("/breakdown", None),
    "milestones": ("/milestones", None),
    "story": ("/story", None),
    "data": ("/data", None),
    "data-signed-in": ("/data", signed_in),
}

RUN_AXE = """async known => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    const where = el => {
        if (!el) return "?";
        const region = el.closest("[data-testid='stSidebar']") ? "sidebar"
            : el.closest("header") ? "header" : "main";
        const key = el.closest("[class*='st-key-']");
        const keyName = key && [...key.classList].find(c => c.startsWith("st-key-")).slice(7);
        const testid = el.closest("[data-testid]")?.dataset.testid;
        return [region, keyName, testid].filter(Boolean).join(" › ");
    };
    return results.violations.map(v => ({
        rule: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
        nodes: v.nodes.filter(n => %s.includes(n.impact)).map(n => {
            const target = n.target.flat().join(" ");
            const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
            return {
                target, html: n.html.slice(0, 160), summary: n.failureSummary, where: where(el),
                known: known.filter(([rule, selector]) => rule === v.id && el?.closest(selector))
                    .map(([, selector]) => selector),
            };
        }),
    })).filter(v => v.nodes.length);
}""" % json.dumps(list(GRAVE))  # noqa: UP031 - the JS is full of braces


def not_covered(violations: list[dict], known: tuple[Known, ...]) -> list[dict]:
    """The violations' nodes that no entry of ``known`` covers (violations left empty are dropped)."""
    selectors = {k.selector for k in known}
    left = []
    for violation in violations:
        nodes = [n for n in violation["nodes"] if not selectors.intersection(n["known"])]
        if nodes:
            left.append(violation | {"nodes": nodes})
    return left


def readable(state: str, violations: list[dict]) -> str:
    lines = [f"serious or critical axe-core violations on {state}:"]
    for v in violations:
        lines.append(f"- {v['rule']} ({v['impact']}): {v['help']} <{v['url']}>")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}  [{node['where']}]")
            lines.append(f"       {node['html']}")
            lines.extend(f"       {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


SCROLLED_OUT = """() => Math.max(0, ...[...document.querySelectorAll(
    "[data-testid='stMain'], [data-testid='stSidebarContent']")].map(e => e.scrollHeight - e.clientHeight))"""


def fit_viewport_to_page(page) -> None:
    """Make the window as tall as the page, so that nothing is scrolled out of view or under the header.

    axe's colour-contrast check silently passes over text scrolled out of view in Streamlit's
    main scroll container, and calls text under the sticky header undecidable.
    """
    # Charts that fit their labels redraw a few pixels taller or shorter for the new window (its
    # scroll bar comes or goes): grow it with room to spare, a few times if need be.
    for _ in range(5):
        hidden = page.evaluate(SCROLLED_OUT)
        if hidden <= 0:
            return
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": size["height"] + hidden + 40})
        settle(page)
    pytest.fail(f"{page.url}: still {hidden}px out of view in a {page.viewport_size['height']}px window")


# Fixtures: the pinned axe-core, and one server with its own database and staff sign-in.


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """tests/a11y's axe.min.js, installed from its package-lock.json (``npm ci``) if needed."""
    return npm_package(AXE_DIR, "axe-core") / "axe.min.js"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = f"sqlite:///{tmp_path_factory.mktemp('db') / 'clfj.sqlite3'}"
    with app_server(env={"CLFJ_DATABASE_URL": database, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}) as url:
        yield url


@pytest.fixture
def page(browser):
    with fresh_page(browser, 1400, 1000, accept_downloads=True) as page:
        yield page


@pytest.fixture(scope="module")
def audit(browser, server, axe_script):
    """``audit(state)``: the serious and critical violations on one of AUDITED, run once per module."""
    done: dict[str, list[dict]] = {}
    known = [[k.rule, k.selector] for k in STREAMLIT_OWN]

    def run(state: str) -> list[dict]:
        if state not in done:
            path, setup = AUDITED[state]
            with fresh_page(browser, 1400, 1000) as page:
                page.goto(server + path)
                settle(page)
                if setup:
                    setup(page)
                for summary in page.locator("[data-testid='stExpander'] summary").all():
                    summary.click()  # so that what the expanders hold is audited too
                # An expander may send what it holds only once opened (the Breakdown's tables).
                page.wait_for_function(EXPANDERS_FILLED)
                settle(page)
                fit_viewport_to_page(page)
                page.add_script_tag(path=str(axe_script))
                done[state] = page.evaluate(RUN_AXE, known)
        return done[state]

    return run


# The audit.


@pytest.mark.parametrize("state", AUDITED)
def test_no_serious_violation_from_the_apps_own_content(audit, state):
    left = not_covered(audit(state), STREAMLIT_OWN)
    if left:
        pytest.fail(readable(state, left), pytrace=False)


# Keyboard only: Tab, Enter, Space and arrow keys; never the mouse.

DESCRIBE_FOCUS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return "nothing (the page body)";
    const key = e.closest("[class*='st-key-']");
    const keyName = key && [...key.classList].find(c => c.startsWith("st-key-"));
    const label = e.getAttribute("aria-label") || e.innerText?.trim().slice(0, 40) || "";
    return `<${e.tagName.toLowerCase()}> "${label}"` + (keyName ? ` in .${keyName}` : "");
}"""
BUTTON_FOCUS_RING = """() => {
    const s = getComputedStyle(document.activeElement);
    if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) return true;
    return s.boxShadow !== "none";
}"""
# A Streamlit text field shows focus by turning its frame's border to the theme's primary colour.
FIELD_FRAME_HIGHLIGHTED = """primary => {
    let e = document.activeElement;
    for (; e && e.dataset.testid !== "stElementContainer"; e = e.parentElement) {
        if (getComputedStyle(e).borderTopColor === primary) return true;
    }
    return false;
}"""


def tab_to(page, selector: str, where: str, target: str) -> int:
    """Press Tab until the focused element matches ``selector``; the number of presses it took."""
    for presses in range(1, TAB_LIMIT + 1):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement?.matches(selector) ?? false", selector):
            return presses
    pytest.fail(
        f"{where}: {target} ({selector}) not reached with {TAB_LIMIT} presses of Tab; "
        f"focus ended on {page.evaluate(DESCRIBE_FOCUS)}",
        pytrace=False,
    )


def focused_text(page) -> str:
    return page.evaluate("() => document.activeElement?.innerText?.trim() ?? ''")


def assert_focus_visible(page, where: str, target: str, check: str = BUTTON_FOCUS_RING, arg=None) -> None:
    try:  # Streamlit eases its focus styles in: wait for them to land
        page.wait_for_function(check, arg=arg, timeout=2_000)
    except playwright_api.TimeoutError:
        pytest.fail(f"{where}: {target} has focus but no visible focus indicator", pytrace=False)


def css_rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


def open_page(page, server, path: str) -> None:
    page.goto(server + path)
    settle(page)


def test_keyboard_opens_a_milestones_detail_on_the_overview(server, page, shipped):
    open_page(page, server, "/")
    assert page.locator(".st-key-detail_panel").count() == 0
    tab_to(page, "[class*='st-key-overview_open_'] button", "Overview", "a “Read more” button")
    assert focused_text(page) == "Read more"
    assert_focus_visible(page, "Overview", "the “Read more” button")
    milestone = page.evaluate(
        """() => [...document.activeElement.closest("[class*='st-key-overview_open_']").classList]
            .find(c => c.startsWith("st-key-overview_open_")).slice("st-key-overview_open_".length)"""
    )
    page.keyboard.press("Enter")
    page.locator(".st-key-detail_panel").wait_for()
    settle(page)
    assert f"milestone={milestone}" in page.url
    rationale = shipped.set_index("id").loc[milestone, "rationale"]
    assert rationale in page.locator(".st-key-detail_rationale").inner_text()


def test_keyboard_switches_the_timeline_lanes_to_states(server, page, shipped, shipped_states):
    lanes = (  # the lanes named on the timeline's y axis
        "() => [...document.querySelectorAll('.st-key-timeline_chart .ytick text')].map(t => t.textContent)"
    )
    open_page(page, server, "/timeline")
    assert set(page.evaluate(lanes)) == set(shipped["sector"])
    tab_to(page, ".st-key-timeline_lane [role='radio']", "Timeline", "the lanes segmented control")
    # One Tab stop for the group (a radio group): the arrow keys move between its options.
    for _ in range(3):
        if focused_text(page) == "By state":
            break
        page.keyboard.press("ArrowRight")
    assert focused_text(page) == "By state", "Timeline: the arrow keys do not reach “By state”"
    assert_focus_visible(page, "Timeline", "the “By state” option")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lanes=state"))
    states = shipped_states | {UNSPECIFIED["States"]}  # its lane says what is not specified
    page.wait_for_function(f"() => ({lanes})().length === {len(states)}")
    settle(page)
    assert set(page.evaluate(lanes)) == states


def test_keyboard_filters_the_breakdown_to_one_state(server, page, shipped_states):
    open_page(page, server, "/breakdown")
    tab_to(page, ".st-key-filter_states input[role='combobox']", "Breakdown", "the sidebar “States” filter")
    assert_focus_visible(page, "Breakdown", "the “States” filter", FIELD_FRAME_HIGHLIGHTED, css_rgb(PRIMARY))
    option = """() => {
        const id = document.activeElement.getAttribute("aria-activedescendant");
        return id ? document.getElementById(id)?.innerText.trim() : null;
    }"""
    # The list opens on "Select all"; go down to the first state.
    choice = None
    for _ in range(4):
        page.keyboard.press("ArrowDown")
        page.wait_for_function(f"() => ({option})() !== null")
        choice = page.evaluate(option)
        if choice in shipped_states:
            break
    assert choice in shipped_states, f"Breakdown: no state in the list (at {choice!r})"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"state="))
    settle(page)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query["state"] == [choice]


def test_keyboard_downloads_the_milestones_csv(server, page, shipped):
    open_page(page, server, "/milestones")
    tab_to(page, ".st-key-milestones_download button", "Milestones", "the “Download CSV” button")
    assert_focus_visible(page, "Milestones", "the “Download CSV” button")
    with page.expect_download() as started:
        page.keyboard.press("Enter")
    download = started.value
    assert re.fullmatch(r"clfj-milestones-v\d+-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(shipped)


def test_keyboard_moves_the_story_to_the_next_slide(server, page, shipped):
    open_page(page, server, "/story")
    slide = "() => document.querySelector('.st-key-story_progress strong').innerText"
    assert page.evaluate(slide).startswith(f"1 of {len(shipped)}")
    tab_to(page, ".st-key-story_next button", "Story", "the “Next” button")
    assert_focus_visible(page, "Story", "the “Next” button")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({slide})().startsWith('2 of {len(shipped)}')")
    settle(page)
    assert "step=2" in page.url


def test_keyboard_signs_staff_in_on_the_data_page(server, page):
    open_page(page, server, "/data")
    highlighted = (FIELD_FRAME_HIGHLIGHTED, css_rgb(PRIMARY))
    tab_to(page, "input[aria-label='Your name, for the version history']", "Data", "the name field")
    assert_focus_visible(page, "Data", "the name field", *highlighted)
    page.keyboard.type("Asha")
    tab_to(page, "input[aria-label='Staff password']", "Data", "the password field")
    assert_focus_visible(page, "Data", "the password field", *highlighted)
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")  # Enter in a form's text field submits the form
    page.locator("[data-testid='stFileUploader']").wait_for()
    settle(page)
    assert page.get_by_text("Signed in as Asha.").count() == 1
