"""English and Hindi in a real browser: the document says its language, the switches keep the
filters and the story's slide, and a link followed keeps the page in Hindi.

The app runs on the shipped data, seen on a 1400 x 900 screen (conftest's ``server`` and
``page``). Skipped, with the reason, where Chromium or Playwright is missing, unless
CLFJ_REQUIRE_BROWSER=1.
"""

import re

import pytest
from appserver import open_page, require_browser, wait_for_app

pytestmark = pytest.mark.browser

playwright_api = require_browser()


def document_language(page) -> str:
    # Set by the app's element once it is drawn, a moment after the script has finished.
    page.wait_for_function("() => document.documentElement.lang !== ''")
    return page.evaluate("() => document.documentElement.lang")


def wait_for_language(page, lang: str) -> None:
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'")


def test_a_hindi_link_sets_the_documents_language_and_a_page_link_keeps_it(server, page):
    open_page(page, f"{server}/?lang=hi&sector=Justice")
    wait_for_language(page, "hi")
    assert page.locator("h1").first.inner_text() == "बाल श्रम मुक्त जयपुर: परिणाम"  # the framing's Hindi
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("link", name="समयरेखा").click()
    page.wait_for_url(re.compile(r"/timeline\?"))
    wait_for_app(page)
    assert "lang=hi" in page.url and "sector=Justice" in page.url
    assert page.locator("h1").first.inner_text() == "समयरेखा"
    assert document_language(page) == "hi"
    # A slide in Hindi, in a document that says so (English words left are marked: test_app_language).
    open_page(page, f"{server}/story?lang=hi&step=2")
    assert re.search("[\u0900-\u097f]", page.locator(".st-key-story_slide h1").inner_text())
    assert document_language(page) == "hi"


def test_the_sidebar_switch_turns_the_page_to_english_and_back_keeping_the_filters(server, page):
    open_page(page, f"{server}/milestones?sector=Justice")
    assert document_language(page) == "en"
    sidebar = page.locator("[data-testid='stSidebar']")
    # Each option is named in its own language, and says so.
    assert sidebar.get_by_role("radio", name="हिन्दी").get_attribute("lang") == "hi"
    assert sidebar.get_by_role("radio", name="English").get_attribute("lang") == "en"
    sidebar.get_by_role("radio", name="हिन्दी").click()
    page.wait_for_url(re.compile(r"lang=hi"))
    wait_for_app(page)
    wait_for_language(page, "hi")
    assert "sector=Justice" in page.url
    assert page.locator("h1").first.inner_text() == "पड़ाव"
    assert "न्याय" in page.locator(".st-key-filter_sectors").inner_text()  # the filter, named in Hindi
    sidebar.get_by_role("radio", name="English").click()
    wait_for_language(page, "en")
    wait_for_app(page)
    assert "lang=" not in page.url and "sector=Justice" in page.url
    assert page.locator("h1").first.inner_text() == "Milestones"


def test_a_presenter_switches_language_in_the_story_without_losing_the_slide(server, page):
    open_page(page, f"{server}/story?step=4")
    assert page.locator(".st-key-story_progress").inner_text().strip().endswith("4 of 10")
    page.get_by_role("button", name="Options and exports").click()
    hindi = page.locator(".st-key-story_language").get_by_role("radio", name="हिन्दी")
    hindi.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.st-key-story_language [role=radio]').lang === 'en'"
    )
    hindi.click()
    wait_for_language(page, "hi")
    wait_for_app(page)
    assert "step=4" in page.url and "lang=hi" in page.url
    assert page.locator(".st-key-story_progress").inner_text().strip().endswith("10 में से 4")
    assert page.get_by_role("button", name="अगला").is_visible()


def test_a_filters_search_that_matches_nothing_says_so_in_hindi(server, page):
    """Streamlit writes "No results" in English only: a Hindi page says it in Hindi."""
    open_page(page, f"{server}/?lang=hi")
    wait_for_language(page, "hi")
    page.locator(".st-key-filter_states input").click()
    page.keyboard.type("zzz")
    empty = page.locator("[data-testid='stMultiSelectDropdown']")
    empty.get_by_text("कोई परिणाम नहीं").wait_for()
    assert "No results" not in empty.inner_text()


# What a screen reader reads of a control without seeing it: its name, and a box's hint.
UNSEEN_WORDS = """() => [...document.querySelectorAll('[aria-label], input[placeholder]')]
    .filter(element => !element.closest('[lang="en"]'))
    .flatMap(element => [element.getAttribute('aria-label'), element.getAttribute('placeholder')])
    .filter(words => words && /[A-Za-z]{3,}/.test(words))"""


@pytest.mark.parametrize(
    "path",
    [
        "/?lang=hi&sector=Justice",
        "/story?lang=hi&step=2",
        "/timeline?lang=hi&milestone=child-rights-curriculum",  # a dialog, and its ×
        "/data?lang=hi",  # the sign-in form's password box
    ],
)
def test_streamlits_own_controls_are_named_in_hindi_on_a_hindi_page(server, page, path):
    """The sidebar's buttons, a list's "Open" and a chosen option's "Remove", the story's
    progress bar, a select box's hint, a dialog's × and a password's "Show password", which
    Streamlit names in English only."""
    open_page(page, server + path)
    wait_for_language(page, "hi")
    page.wait_for_function(f"() => ({UNSEEN_WORDS})().length === 0", timeout=10_000)
    assert page.evaluate(UNSEEN_WORDS) == []
