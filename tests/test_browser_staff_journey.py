"""The staff journey on the Data page in a real browser: a sign-in kept across a reload (and
refused where forged, lapsed or ended by signing out), a file of the wrong kind refused in
words, and the upload preview's change timeline with a lane only for each kind of change it
shows and its changes labelled as on the timeline."""

import os
import re
import time
from pathlib import Path

import pytest
from appserver import (
    STAFF_PASSWORD,
    after_rerun,
    app_server,
    chart,
    fresh_page,
    require_browser,
    staff_sign_in,
    wait_for_app,
)
from test_app_data import EDITED

from clfj_data import sign_in_tokens
from clfj_data.auth import TOTAL_LIMIT, SignIn, Staff

pytestmark = pytest.mark.browser

require_browser()

SIZES = [(1400, 900), (390, 844)]  # a desktop and a phone
SHOTS = os.environ.get("CLFJ_SCREENSHOTS")  # a folder: the tests save what they looked at there
SECRET = "a secret only this test's server knows"
STORED = "clfj-staff-sign-in"  # the tab's sessionStorage key
KEY = sign_in_tokens.signing_key(SECRET.encode(), STAFF_PASSWORD)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'clfj.sqlite3'}"
    env = {"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD, "CLFJ_SIGNIN_SECRET": SECRET}
    with app_server(env=env) as address:
        yield address


@pytest.fixture
def page(browser):
    with fresh_page(browser, 1400, 900) as page:
        yield page


# After a reload, the tab's element sends back the token it kept, and the run that reads it either
# restores the sign-in or tells the tab to drop the token: settled once one of them shows.
TOKEN_ANSWERED = f"""() => !sessionStorage.getItem('{STORED}')
    || document.body.innerText.includes('Signed in as')"""


def reload(page) -> None:
    """F5: a new session of the same tab, settled once a kept sign-in was answered."""
    page.reload()
    wait_for_app(page)
    page.wait_for_function(TOKEN_ANSWERED)
    wait_for_app(page)


def is_staff(page) -> bool:
    return page.get_by_text("Signed in as Asha.").count() == 1


def is_visitor(page) -> bool:
    return page.get_by_label("Staff password").count() == 1 and not is_staff(page)


def token(started: float, used: float, token_id: str = "id", key: bytes = KEY) -> str:
    """A token of Asha's sign-in begun at ``started`` and last used at ``used``, signed with ``key``."""
    kept = sign_in_tokens.Kept(SignIn(Staff("Asha", "password"), started, used), token_id)
    return sign_in_tokens.make_token(kept, key)


def stored(page):
    return page.evaluate(f"() => sessionStorage.getItem('{STORED}')")


def open_with(page, server, token: str) -> None:
    """The Data page, its tab holding ``token`` as if kept from before."""
    page.goto(f"{server}/data")
    wait_for_app(page)
    page.evaluate(f"(t) => sessionStorage.setItem('{STORED}', t)", token)
    reload(page)


def test_a_reload_keeps_the_sign_in_and_after_signing_out_it_does_not(server, page):
    page.goto(f"{server}/data")
    wait_for_app(page)
    staff_sign_in(page, STAFF_PASSWORD)
    assert is_staff(page)
    assert "." in (stored(page) or "")  # kept in the tab, not in the address
    assert "token" not in page.url and STORED not in page.url
    reload(page)
    page.get_by_text("Signed in as Asha.").wait_for(timeout=15_000)
    assert page.get_by_text("Publish a new version").count() == 1
    after_rerun(page, lambda: page.get_by_role("button", name="Sign out").click())
    assert is_visitor(page)
    assert stored(page) is None
    reload(page)
    assert is_visitor(page)


def test_a_token_copied_before_signing_out_is_refused_after(server, page):
    page.goto(f"{server}/data")
    wait_for_app(page)
    staff_sign_in(page, STAFF_PASSWORD)
    page.wait_for_function(f"() => sessionStorage.getItem('{STORED}')")
    copied = stored(page)
    after_rerun(page, lambda: page.get_by_role("button", name="Sign out").click())
    open_with(page, server, copied)
    assert is_visitor(page)
    assert stored(page) is None  # the tab was told to drop it


def test_a_forged_token_is_refused(server, page):
    now = time.time()
    payload, signature = token(now, now).split(".")
    forged = token(now, now, key=b"a key guessed")
    for refused in (forged, f"{payload}.{signature[:-2]}AA", "not a token at all"):
        open_with(page, server, refused)
        assert is_visitor(page), refused
        assert stored(page) is None


def test_a_lapsed_token_is_refused_and_says_so(server, page):
    started = time.time() - TOTAL_LIMIT - 60  # signed in over eight hours ago, used a minute ago
    open_with(page, server, token(started, time.time() - 60))
    assert is_visitor(page)
    assert page.get_by_text("Your sign-in has expired: sign in again.").count() == 1


def test_a_token_this_server_signed_restores_the_sign_in(server, page):
    """The control for the refusals above: the same way in, with a genuine token."""
    now = time.time()
    open_with(page, server, token(now - 60, now - 60))
    page.get_by_text("Signed in as Asha.").wait_for(timeout=15_000)


def upload(page, name: str, content: bytes, mime: str) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": content}]
    )
    page.locator("[data-testid='stAlert']").first.wait_for()
    wait_for_app(page)


def signed_in(browser, server, width: int, height: int, lang: str = "en"):
    page_context = fresh_page(browser, width, height)
    page = page_context.__enter__()
    page.goto(f"{server}/data")
    wait_for_app(page)
    staff_sign_in(page, STAFF_PASSWORD)
    if lang != "en":  # a reload keeps the sign-in
        page.goto(f"{server}/data?lang={lang}")
        page.locator("[data-testid='stFileUploader']").wait_for(timeout=20_000)
        wait_for_app(page)
    return page_context, page


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("width, height", SIZES)
def test_a_text_file_is_refused_in_words_naming_it(browser, server, width, height):
    context, page = signed_in(browser, server, width, height)
    try:
        upload(page, "notes.txt", b"call the district office on Monday\n", "text/plain")
        said = page.get_by_text("notes.txt is not a spreadsheet: upload a .csv or .xlsx file")
        said.wait_for()
        assert said.is_visible()
        assert page.get_by_role("button", name="Publish").count() == 0
        said.scroll_into_view_if_needed()
        shot(page, f"wrong-type-en-{width}")
    finally:
        context.__exit__(None, None, None)


# The preview's timeline is laid out for a width (layout.meta.width) and drawn; one laid out for a
# width too far from its own asks the app for another layout (clfj_ui/assets/chart.js).
LAID_OUT_FOR_ITS_WIDTH = """chart => {
    const laidOutFor = ((chart.layout || {}).meta || {}).width;
    return chart.dataset.drawnWidth && Math.abs(laidOutFor - chart.clientWidth) <= 0.06 * chart.clientWidth;
}"""


@pytest.mark.parametrize(
    "width, height, lang", [(1400, 900, "en"), (390, 844, "en"), (1400, 900, "hi"), (390, 844, "hi")]
)
def test_the_preview_timeline_has_no_empty_lane_and_labels_the_change(browser, server, width, height, lang):
    context, page = signed_in(browser, server, width, height, lang)
    try:
        upload(page, "edited.csv", EDITED, "text/csv")
        drawn = chart(page, "data_change_chart")
        drawn.locator(".main-svg").first.wait_for(timeout=20_000)
        drawn.scroll_into_view_if_needed()
        page.wait_for_function(LAID_OUT_FOR_ITS_WIDTH, arg=drawn.locator(".clfj-chart").element_handle())
        wait_for_app(page)
        lanes = drawn.locator(".ytick text").all_text_contents()
        labels = " ".join(drawn.locator(".annotation-text").all_text_contents())
        if lang == "en":
            assert "Removed" not in lanes and "Added" not in lanes
            if width > 600:
                assert lanes == ["Changed", "Unchanged"]
            assert "Apr 2022" in labels and "Bihar" in labels
        else:
            assert "हटाए गए" not in lanes
            assert "अप्रैल 2022" in labels
        shot(page, f"preview-{lang}-{width}")
    finally:
        context.__exit__(None, None, None)


def test_a_hindi_data_pages_uploader_says_its_own_words_in_hindi(browser, server):
    context, page = signed_in(browser, server, 1400, 900, "hi")
    try:
        uploader = page.locator("[data-testid='stFileUploader']")
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='stFileUploader']\").innerText.includes('अपलोड करें')"
        )
        words = uploader.inner_text()
        assert "हर फ़ाइल अधिकतम" in words
        assert not re.search(r"Upload|Drag and drop|per file|Browse", words), words
    finally:
        context.__exit__(None, None, None)
