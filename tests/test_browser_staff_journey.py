"""The staff journey on the Data page in a real browser: a file of the wrong kind refused in
words, and the upload preview's change timeline with a lane only for each kind of change it
shows and its changes labelled as on the timeline."""

import os
from pathlib import Path

import pytest
from appserver import (
    STAFF_PASSWORD,
    app_server,
    chart,
    fresh_page,
    require_browser,
    staff_sign_in,
    wait_for_app,
)
from test_app_data import EDITED

pytestmark = pytest.mark.browser

require_browser()

SIZES = [(1400, 900), (390, 844)]  # a desktop and a phone
SHOTS = os.environ.get("CLFJ_SCREENSHOTS")  # a folder: the tests save what they looked at there


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'clfj.sqlite3'}"
    with app_server(env={"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}) as address:
        yield address


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
        page.wait_for_timeout(1500)  # a chart laid out again for the width it reported
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
