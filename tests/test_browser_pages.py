"""The pages as a visitor sees them in a real browser: a milestone opens where the visitor is
looking, on every page and every screen, the table fits, the filters outlive the data page.

The app runs on the shipped data, seen on a 1400 x 900 screen unless a test says otherwise
(conftest's ``server`` and ``page``). Skipped, with the reason, where Chromium or Playwright is
missing, unless CLFJ_REQUIRE_BROWSER=1.
"""

import re

import pytest
import wsclient
from appserver import (
    CHOSEN,
    after_rerun,
    app_server,
    chart,
    choose_marker,
    close_dialog,
    fresh_page,
    open_page,
    require_browser,
    wait_for_app,
    wait_until,
)

from clfj_data import i18n, load_milestones, shipped_milestones_path
from clfj_data.tables import milestones_reading_table

# What only a browser shows.
pytestmark = pytest.mark.browser

playwright_api = require_browser()

SHIPPED = load_milestones(shipped_milestones_path()).milestones
RATIONALE = dict(zip(SHIPPED["id"], SHIPPED["rationale"], strict=True))
TITLE = dict(zip(SHIPPED["id"], SHIPPED["title"], strict=True))
DIALOG = "[role='dialog']"
IN_VIEW = """selector => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
}"""
SIZES = [(1400, 900), (1280, 720), (390, 844)]  # a laptop, a projector, a phone
MARKERS = ".cartesianlayer .scatterlayer .point"  # the timeline's, not its range slider's copies
HEADLINE, WHY = f"{DIALOG} h2", f"{DIALOG} .st-key-detail_rationale"
PAGE_TITLES = ["Overview", "Timeline", "Breakdown", "Milestones", "Story", "Data"]
# Before the page's own scripts: every link text the sidebar ever shows, from the first paint on.
SIDEBAR_LINKS_SEEN = """
window.sidebarLinksSeen = new Set();
new MutationObserver(() => {
    for (const link of document.querySelectorAll("[data-testid='stSidebar'] a"))
        window.sidebarLinksSeen.add(link.innerText.trim().split("\\n").pop());
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


@pytest.mark.parametrize("path", ["", "timeline?milestone=testimony-by-videoconference"])
def test_the_first_visit_to_a_fresh_server_lists_only_the_six_pages(page, tmp_path, path):
    with app_server(env={"CLFJ_DATABASE_URL": f"sqlite:///{tmp_path / 'clfj.sqlite3'}"}) as fresh:
        page.add_init_script(SIDEBAR_LINKS_SEEN)
        open_page(page, f"{fresh}/{path}")
        sidebar = page.locator("[data-testid='stSidebar']")
        links = sidebar.locator("a").all_inner_texts()
        assert [text.split("\n")[-1] for text in links] == PAGE_TITLES
        assert sorted(page.evaluate("() => [...window.sidebarLinksSeen]")) == sorted(PAGE_TITLES)


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


def assert_headline_and_why_in_view(page, milestone: str) -> None:
    page.locator(WHY).wait_for()
    wait_for_app(page)
    assert page.locator(HEADLINE).inner_text().strip() == TITLE[milestone]
    assert RATIONALE[milestone] in page.locator(WHY).inner_text()
    size = page.viewport_size
    for part in (HEADLINE, WHY):
        assert page.evaluate(IN_VIEW, part), f"{part} is out of view at {size}"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_markers_click_shows_its_headline_and_why_it_matters_in_view(server, browser, width, height):
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/timeline")
        markers = chart(page, "timeline_chart").locator(MARKERS)
        playwright_api.expect(markers).to_have_count(len(SHIPPED))
        seen = set()
        for index in (0, len(SHIPPED) - 1):  # the top lane, then the lowest: far down on a phone
            milestone = choose_marker(page, markers.nth(index), seen)
            assert_headline_and_why_in_view(page, milestone)
            close_dialog(page)
            seen.add(milestone)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_link_to_a_milestone_on_the_timeline_shows_it_in_view(server, browser, width, height):
    milestone = "jaipur-trafficking-convictions"  # the longest headline and "what changed"
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/timeline?milestone={milestone}")
        assert_headline_and_why_in_view(page, milestone)


def test_previous_and_next_step_through_the_milestones_the_filters_let_through(server, page):
    justice = SHIPPED[SHIPPED["sector"] == "Justice"].sort_values("date", kind="stable")["id"].tolist()
    open_page(page, f"{server}/timeline?sector=Justice&milestone={justice[0]}")
    page.locator(WHY).wait_for()
    assert page.get_by_role("button", name="Previous").is_disabled()
    assert page.locator(DIALOG).get_by_text(f"1 of {len(justice)}", exact=True).count() == 1
    for milestone in justice[1:]:
        page.locator(DIALOG).get_by_role("button", name="Next").click()
        page.wait_for_url(re.compile(rf"milestone={milestone}"))
        assert_headline_and_why_in_view(page, milestone)
    assert page.get_by_role("button", name="Next").is_disabled()
    page.locator(DIALOG).get_by_role("button", name="Previous").click()
    page.wait_for_url(re.compile(rf"milestone={justice[-2]}"))
    assert_headline_and_why_in_view(page, justice[-2])
    assert page.locator(f"{DIALOG} button").filter(has_text=re.compile("^Close$")).count() == 0


def test_a_deep_link_opens_the_milestone_in_a_dialog(server, page):
    open_page(page, f"{server}/breakdown?milestone=testimony-by-videoconference")
    panel = page.locator(f"{DIALOG} .st-key-detail_rationale")
    panel.wait_for()
    assert RATIONALE["testimony-by-videoconference"] in panel.inner_text()
    page.locator(DIALOG).get_by_role("button", name="Close").click()  # its ×, the only close control
    page.wait_for_function("() => !location.search.includes('milestone=')")
    wait_for_app(page)
    assert page.locator(DIALOG).count() == 0


# Each way a visitor closes the dialog, on a page whose chart redraws as the overlay goes (a
# Hindi page: its × is named in Hindi).
CLOSE_IN_HINDI = i18n.translator("hi")("Close")
CLOSINGS = {
    "Escape": lambda page: page.keyboard.press("Escape"),
    "its ×": lambda page: page.locator(f"{DIALOG} button[aria-label='{CLOSE_IN_HINDI}']").click(),
    "a click beside it": lambda page: page.mouse.click(5, page.viewport_size["height"] - 5),
}


@pytest.mark.parametrize("closing", CLOSINGS)
@pytest.mark.parametrize(("width", "height"), [SIZES[0], SIZES[2]])
def test_closing_the_dialog_any_way_clears_the_milestone_and_keeps_the_rest(
    server, browser, closing, width, height
):
    query = "sector=Justice&lang=hi"
    with fresh_page(browser, width, height) as page:
        for path in ("", "timeline"):
            open_page(page, f"{server}/{path}?{query}&milestone=testimony-by-videoconference")
            page.locator(WHY).wait_for()
            page.wait_for_function("() => document.activeElement.closest('[role=dialog]')")
            CLOSINGS[closing](page)
            page.wait_for_function(f"() => !{CHOSEN} && !document.querySelector('[role=dialog]')")
            wait_for_app(page)
            assert page.locator(DIALOG).count() == 0
            assert page.url.endswith(f"/{path}?{query}")
            page.reload()
            wait_for_app(page)
            assert page.locator(DIALOG).count() == 0 and page.url.endswith(f"/{path}?{query}")


def test_a_run_asked_for_before_the_closing_reached_the_browser_does_not_reopen_it(server, page):
    """The browser asks for a run (the chart's new width, here) before the server's answer to the
    closing has reached it, so that run still carries ?milestone=: the answers are held back
    until it has."""
    held, asked, finished = [], [], []

    def between(socket):
        app = socket.connect_to_server()
        socket.on_message(lambda message: (asked.append(message), app.send(message)))

        app.on_message(lambda answer: held.append((socket, answer)) if held else answer_from(socket, answer))

    def answer_from(socket, message):
        if wsclient.forward_message(message).WhichOneof("type") == "script_finished":
            finished.append(message)
        socket.send(message)

    page.route_web_socket(re.compile(r"/_stcore/stream$"), between)
    # While held holds anything (the first entry marks the hold), the server's messages wait.
    open_page(page, f"{server}/timeline?lang=hi&sector=Justice&milestone=testimony-by-videoconference")
    page.wait_for_function("() => document.activeElement.closest('[role=dialog]')")
    held.append(None)
    before = len(asked)
    page.keyboard.press("Escape")
    page.locator(DIALOG).wait_for(state="detached")
    page.set_viewport_size({"width": 1300, "height": 900})  # the chart reports its new width
    two_runs = "the closing and the chart's width asked for two runs"
    wait_until(lambda: len(asked) >= before + 2, 30, two_runs, page=page)
    waiting, ended = held[1:], len(finished)
    held.clear()
    for socket, message in waiting:
        answer_from(socket, message)
    wait_until(lambda: len(finished) >= ended + 2, 30, "both runs ended in the browser", page=page)
    page.wait_for_function("() => !document.querySelector(\"[data-test-script-state='running']\")")
    assert page.locator(DIALOG).count() == 0
    assert page.url.endswith("/timeline?lang=hi&sector=Justice")


TABLE = ".st-key-milestones_table table"


def test_selecting_a_row_opens_its_milestone_and_closing_it_does_not_reopen_it(server, page):
    open_page(page, f"{server}/milestones")
    row = 2  # the third milestone in date order
    page.locator(f"{TABLE} tbody tr").nth(row).locator("td").last.click()  # anywhere in its row
    page.wait_for_url(re.compile(r"milestone="))
    page.locator(f"{DIALOG} .st-key-detail_rationale").wait_for()
    expected = SHIPPED.sort_values("date", kind="stable")["id"].iloc[row]
    assert f"milestone={expected}" in page.url
    assert RATIONALE[expected] in page.locator(f"{DIALOG} .st-key-detail_rationale").inner_text()
    wait_for_app(page)  # the runs the selection started are over: the dialog is the one that stays
    page.locator(f"{DIALOG} button[aria-label='Close']").click()
    page.wait_for_function(
        "() => !location.search.includes('milestone=') && !document.querySelector('[role=dialog]')"
    )
    wait_for_app(page)
    assert page.locator(DIALOG).count() == 0 and "milestone=" not in page.url
    # A keyboard: Tab reaches each row's headline, Enter opens it.
    headline = page.locator(f"{TABLE} tbody tr").nth(row + 1).locator("button")
    headline.focus()
    page.keyboard.press("Enter")
    expected = SHIPPED.sort_values("date", kind="stable")["id"].iloc[row + 1]
    page.wait_for_url(re.compile(rf"milestone={expected}"))
    page.locator(f"{DIALOG} .st-key-detail_rationale").wait_for()
    assert RATIONALE[expected] in page.locator(f"{DIALOG} .st-key-detail_rationale").inner_text()


# Each cell of the table whose text does not show in full: cut off at its box (scrolled out of
# it, or overflowing it) or at the table's, or out of the page's width.
CLIPPED_CELLS = """table => {
    const edge = table.parentElement.getBoundingClientRect();
    return [...table.querySelectorAll("th, td")].filter(cell => {
        const box = cell.getBoundingClientRect();
        const inner = cell.querySelector("button") || cell;
        return cell.scrollHeight > cell.clientHeight + 1 || cell.scrollWidth > cell.clientWidth + 1
            || inner.scrollWidth > inner.clientWidth + 1 || inner.scrollHeight > inner.clientHeight + 1
            || box.left < edge.left - 1 || box.right > edge.right + 1 || box.right > window.innerWidth;
    }).map(cell => cell.innerText.slice(0, 60));
}"""


# The words of the table's cells that are broken across two lines (a line may end after a hyphen).
BROKEN_WORDS = """table => [...table.querySelectorAll("th, td")].flatMap(cell => {
    const text = cell.querySelector("button")?.firstChild || cell.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) return [];
    const broken = [];
    for (const found of text.textContent.matchAll(/[^\\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(text, found.index);
        range.setEnd(text, found.index + found[0].length);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (lines.size > 1) broken.push(found[0]);
    }
    return broken;
})"""


@pytest.mark.parametrize(("width", "height"), SIZES[:2])
def test_every_cell_of_the_table_shows_its_text_in_full(server, browser, width, height):
    reading = milestones_reading_table(SHIPPED.sort_values("date", kind="stable")).reset_index(drop=True)
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/milestones")
        table = page.locator(TABLE)
        assert table.evaluate(CLIPPED_CELLS) == []
        assert table.evaluate(BROKEN_WORDS) == []  # "Rajastha / n" reads as two words
        rows = table.locator("tbody tr")
        assert rows.count() == len(SHIPPED)
        for row, milestone in reading.iterrows():
            cells = [" ".join(text.split()) for text in rows.nth(row).locator("th, td").all_inner_texts()]
            # Every word of each field, the longest "What changed" included, in the order shown.
            shown = ["Date", "Headline", "Why it matters", "What changed", "States", "Sector"]
            assert cells == [" ".join(milestone[header].split()) for header in shown], row


@pytest.mark.parametrize(("width", "height"), SIZES[:2])
def test_the_table_grows_with_its_rows_and_scrolls_with_the_page(server, browser, width, height):
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/milestones")
        box = page.locator(".st-key-milestones_table")
        inner = box.evaluate("b => b.scrollHeight - b.clientHeight")
        assert inner <= 1, f"the table scrolls inside its box by {inner}px at {width}×{height}"
        sideways = box.evaluate("b => b.scrollWidth - b.clientWidth")
        assert sideways <= 1, f"the table scrolls sideways by {sideways}px at {width}×{height}"
        headers = page.locator(f"{TABLE} thead th").all_inner_texts()
        assert headers[:3] == ["Date", "Headline", "Why it matters"]
        assert page.locator(f"{TABLE} tbody").bounding_box()["height"] > 60 * len(SHIPPED)


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
    assert page.get_by_text(f"{justice} of {len(SHIPPED)} milestones match, in date order.").count() == 1


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_state_chart_is_as_tall_as_the_sector_chart_beside_it(server, browser, width, height):
    """Side by side, the two charts are as tall; on a phone, one above the other, each is as
    tall as its own bars, with no empty place under the state chart's three."""
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/breakdown")
        drawn = []
        for kind in ("states", "sectors"):
            svg = chart(page, f"breakdown_{kind}").locator(".main-svg").first
            svg.wait_for()
            drawn.append(svg.bounding_box()["height"])
        boxes = [page.locator(f".st-key-breakdown_{kind}").bounding_box() for kind in ("states", "sectors")]
        assert [box["height"] for box in boxes] == pytest.approx(drawn, abs=2)  # each place, filled
        if boxes[1]["y"] < boxes[0]["y"] + boxes[0]["height"]:  # side by side
            assert boxes[0]["height"] == pytest.approx(boxes[1]["height"], abs=2)
        else:
            assert width < 640
            assert boxes[0]["height"] < boxes[1]["height"] - 60  # three bars, not six's room


CARDS = ".st-key-milestones_table .clfj-cards li"
UNSPECIFIED = {"States": "State not specified", "Sector": "Sector not specified"}


def test_on_a_phone_each_milestone_is_a_card_with_every_field_and_a_tap_opens_it(server, browser):
    reading = milestones_reading_table(SHIPPED.sort_values("date", kind="stable")).reset_index(drop=True)
    with fresh_page(browser, 390, 844, has_touch=True, is_mobile=True) as page:
        open_page(page, f"{server}/milestones")
        assert not page.locator(TABLE).is_visible()  # no columns off the screen
        cards = page.locator(CARDS)
        assert cards.count() == len(SHIPPED)
        for row, milestone in reading.iterrows():
            card = cards.nth(row)
            words = " ".join(card.inner_text().split())
            for field in ("Headline", "Date", "States", "Sector", "Why it matters"):
                # No label beside them on a card: a blank state or sector says which it is.
                wanted = UNSPECIFIED[field] if milestone[field] == "Not specified" else milestone[field]
                assert " ".join(wanted.split()) in words, (row, field)
            box = card.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert page.get_by_text("Read in full").count() == 0  # the cards themselves open, no choice above
        for row, by_keyboard in ((2, False), (5, True)):
            card = cards.nth(row)
            if by_keyboard:  # Tab reaches the card's headline; Enter opens it
                card.locator("button").focus()
                assert card.evaluate("c => getComputedStyle(c).borderColor") == "rgb(0, 114, 178)"
                page.keyboard.press("Enter")
            else:  # a tap on the card's words, below its headline
                card.locator("p").last.tap()
            rationale = page.locator(f"{DIALOG} .st-key-detail_rationale")
            rationale.wait_for()
            assert RATIONALE[reading["id"].iloc[row]] in rationale.inner_text()
            close_dialog(page)


@pytest.mark.parametrize(("width", "height"), SIZES[:2])
def test_on_a_wide_screen_the_rows_are_a_table_not_cards(server, browser, width, height):
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/milestones")
        assert page.locator(TABLE).is_visible()
        assert page.locator(CARDS).first.is_hidden()


def test_the_heat_map_and_per_year_chart_export_with_one_click_png_beside_svg(server, browser, kaleido):
    with fresh_page(browser, 1400, 900, accept_downloads=True) as page:
        open_page(page, f"{server}/breakdown")
        after_rerun(page, lambda: page.get_by_text("Export the charts").click())
        for key, name in (("export_state_sector", "state-sector"), ("export_per_year", "per-year")):
            png, svg = (page.locator(f".st-key-{key}_{fmt}_download button") for fmt in ("png", "svg"))
            png_box, svg_box = png.bounding_box(), svg.bounding_box()
            assert png_box["y"] == svg_box["y"] and 0 < svg_box["x"] - (png_box["x"] + png_box["width"]) <= 24
            for button, fmt, start in ((png, "png", b"\x89PNG\r\n\x1a\n"), (svg, "svg", b"<svg")):
                assert button.inner_text().strip().endswith(f"Download {fmt.upper()}")
                with page.expect_download(timeout=60_000) as started:  # one click: made, then downloaded
                    button.click()
                assert name in started.value.suggested_filename and started.value.suggested_filename.endswith(
                    fmt
                )
                with open(started.value.path(), "rb") as image:
                    assert start in image.read(200)


def test_the_overviews_timeline_labels_every_marker_with_its_headline(server, page):
    open_page(page, server)
    labels = chart(page, "overview_timeline").locator(".annotation-text")
    labels.first.wait_for()
    texts = labels.evaluate_all(
        "labels => labels.map(l => [...l.querySelectorAll('tspan.line')].map(t => t.textContent).join(' ')"
        " || l.textContent)"
    )
    shown = " ".join(" ".join(texts).split())
    missing = [title for title in SHIPPED["title"] if " ".join(title.split()) not in shown]
    assert not missing, f"headlines not written beside their markers: {missing}"


@pytest.mark.parametrize("path", ["", "timeline", "breakdown", "milestones", "data"])
def test_every_page_starts_just_under_the_headers_menu(server, browser, path):
    for width, height in SIZES[1:]:
        with fresh_page(browser, width, height) as page:
            open_page(page, f"{server}/{path}")
            first = page.locator("[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']")
            top = first.first.bounding_box()["y"]
            header = page.locator("[data-testid='stHeader']").bounding_box()["height"]
            assert top - header <= 16, (
                f"{top - header:.0f}px of empty page under the header at {width}×{height}"
            )


def test_on_a_phone_the_five_key_figures_read_as_a_set_of_two_rows(server, browser):
    with fresh_page(browser, 390, 844) as page:
        open_page(page, server)
        cards = page.locator(".st-key-overview_figures [data-testid='stMetric']")
        assert cards.count() == 5
        boxes = [cards.nth(i).bounding_box() for i in range(5)]
        rows = sorted({round(box["y"]) for box in boxes})
        assert len(rows) == 2  # the three counts, then the two dates: no card alone on a row
        assert [round(box["y"]) for box in boxes] == [rows[0]] * 3 + [rows[1]] * 2
        for row in ([0, 1, 2], [3, 4]):  # each row fills the width, its cards alike
            assert {round(boxes[i]["width"]) for i in row} == {round(boxes[row[0]]["width"])}
        assert abs((boxes[2]["x"] + boxes[2]["width"]) - (boxes[4]["x"] + boxes[4]["width"])) <= 1
        labels = page.locator(".st-key-overview_figures [data-testid='stMetricLabel']")
        assert all(label.evaluate("e => e.scrollWidth <= e.clientWidth + 1") for label in labels.all())
        assert "Systemic changes" in labels.first.inner_text()


def test_no_heading_on_any_page_shows_a_link_to_itself(server, page):
    """Streamlit draws a link icon beside a heading unless told not to: none of ours has one."""
    for path in ["", "timeline", "breakdown", "milestones", "story", "data"]:
        open_page(page, f"{server}/{path}")
        assert page.locator("h1, h2, h3, h4").count() > 0, path
        assert page.locator("[data-testid='stHeaderActionElements'] a").count() == 0, path


@pytest.mark.parametrize(("lang", "words"), [("", "Skip to main content"), ("hi", "मुख्य सामग्री पर जाएँ")])
def test_the_first_tab_stop_skips_to_the_main_content_in_the_pages_language(server, page, lang, words):
    for path in ("", "timeline", "milestones"):
        open_page(page, f"{server}/{path}?lang={lang}")
        page.keyboard.press("Tab")
        link = page.locator(":focus")
        assert link.get_attribute("data-testid") == "stSkipToContent"
        playwright_api.expect(link).to_have_text(words)  # set by the page's language element, once it has run
        box = link.bounding_box()  # shown while it has the focus
        assert box and box["width"] > 50 and 0 <= box["y"] < 100
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.activeElement.closest(\"[data-testid='stMain']\")")
        page.keyboard.press("Tab")  # on into the page, not back to the sidebar
        assert page.evaluate("() => !!document.activeElement.closest(\"[data-testid='stMain']\")")


SLIDER = "[data-testid='stSidebar'] [data-testid='stSlider']"


@pytest.mark.parametrize(
    ("lang", "names", "months"),
    [("", ("Dates from", "Dates up to"), ("Jan 2020", "Mar 2022")),
     ("hi", ("शुरुआती तारीख़", "अंतिम तारीख़"), ("जनवरी 2020", "मार्च 2022"))],
)  # fmt: skip
def test_each_handle_of_the_date_slider_is_named_and_says_its_month(server, page, lang, names, months):
    open_page(page, f"{server}/timeline?lang={lang}&from=2020-01")
    tree = page.locator(SLIDER).aria_snapshot()
    assert [f'slider "{name}"' in tree for name in names] == [True, True], tree
    assert "start" not in tree and "end" not in tree and "—" not in tree
    handles = page.locator(f"{SLIDER} input[type=range]")
    assert [handles.nth(i).get_attribute("aria-valuetext") for i in (0, 1)] == list(months)


def test_select_all_sectors_is_no_filter(server, page):
    open_page(page, f"{server}/milestones?lang=hi&q=court")
    page.locator(".st-key-filter_sectors input").click()
    after_rerun(page, lambda: page.get_by_role("option", name="सभी चुनें").click())
    page.keyboard.press("Escape")
    assert page.url.endswith("/milestones?lang=hi&q=court")
    box = page.locator(".st-key-filter_sectors")
    assert box.inner_text().split() == ["क्षेत्र"]  # its label, and no sector chosen
    assert box.locator("input").get_attribute("placeholder") == "सभी क्षेत्र"


@pytest.mark.parametrize(
    ("lang", "query", "count"),
    [("", "q=court", "3 of 10 milestones match"),
     ("", "q=court&from=2020-01", "1 of 10 milestones matches"),
     ("hi", "q=court", "10 में से 3 पड़ाव मेल खाते हैं"),
     ("hi", "q=court&from=2020-01", "10 में से 1 पड़ाव मेल खाता है")],
)  # fmt: skip
def test_a_search_says_how_many_of_all_the_milestones_match(server, page, lang, query, count):
    open_page(page, f"{server}/milestones?lang={lang}&{query}")
    captions = "[data-testid='stCaptionContainer']"
    assert count in page.locator(f"[data-testid='stSidebar'] {captions}").all_inner_texts()
    assert page.locator(f"[data-testid='stMain'] {captions}").all_inner_texts()[-1].startswith(count + ",")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_empty_band_under_the_sidebars_language_switch(server, browser, width, height):
    """Under the switch comes the divider, then the programme's name: no more than the sidebar's
    gap either side of the line (elements that draw nothing once left a band 70 px tall)."""
    with fresh_page(browser, width, height) as page:
        open_page(page, server)
        if width < 769:  # a phone's sidebar is closed: open it as a visitor would
            page.locator("[data-testid='stExpandSidebarButton']").click()
            page.locator(".st-key-sidebar_language").wait_for(state="visible")
        switch = page.locator(".st-key-sidebar_language").bounding_box()
        name = page.locator("[data-testid='stSidebarUserContent'] hr").locator("xpath=following::p[1]")
        gap = name.bounding_box()["y"] - (switch["y"] + switch["height"])
        assert gap <= 40, f"{gap:.0f}px between the language switch and the programme's name"


def test_on_a_projector_the_overviews_timeline_starts_in_the_first_screen(server, browser):
    """At 1280x720 the first lanes of the timeline show before any scrolling, their labels 14 px."""
    with fresh_page(browser, 1280, 720) as page:
        open_page(page, server)
        top = page.locator(".st-key-overview_timeline").bounding_box()["y"]
        assert top <= 720 - 240, f"the timeline starts {top:.0f}px down a 720px screen"
        labels = chart(page, "overview_timeline").locator(".annotation-text")
        sizes = labels.evaluate_all("labels => labels.map(l => parseFloat(getComputedStyle(l).fontSize))")
        assert sizes and min(sizes) >= 14
