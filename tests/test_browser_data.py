"""The data page in a real browser: who gets the uploader, errors by row, and two app
instances sharing one PostgreSQL database."""

import re

import pytest
import sqlalchemy as sa
from appserver import (
    STAFF_PASSWORD,
    after_rerun,
    app_server,
    fresh_page,
    require_browser,
    staff_publish,
    staff_sign_in,
    staff_upload,
    wait_for_app,
)
from test_app_data import BAD, EDITED

from clfj_data import store
from clfj_data.auth import Staff

pytestmark = pytest.mark.browser

require_browser()


@pytest.fixture(scope="module")
def edited() -> bytes:
    """The shipped file with one date changed."""
    return EDITED


@pytest.fixture
def page(browser):
    with fresh_page(browser, 1400, 1400) as page:
        yield page


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'clfj.sqlite3'}"
    with app_server(env={"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}) as address:
        yield address


def open_data_page(page, server):
    page.goto(f"{server}/data")
    wait_for_app(page)


def uploader(page):
    return page.locator("[data-testid='stFileUploader']")


def test_an_anonymous_visitor_sees_no_uploader(server, page):
    open_data_page(page, server)
    assert page.get_by_role("heading", name="Version history").count() == 1
    assert uploader(page).count() == 0


def test_a_wrong_password_shows_no_uploader(server, page):
    open_data_page(page, server)
    staff_sign_in(page, "not the password")
    assert page.get_by_text("That password is not right.").count() == 1
    assert uploader(page).count() == 0


def test_the_staff_password_opens_the_uploader_and_errors_show_by_row(server, page):
    open_data_page(page, server)
    staff_sign_in(page, STAFF_PASSWORD)
    assert uploader(page).count() == 1
    staff_upload(page, "bad.csv", BAD)
    problems = page.locator(".st-key-data_problem_list").inner_text()
    assert re.search(r"Row 2, column 'states': 'Rajastan' is not a state.*Did you mean Rajasthan\?", problems)
    assert re.search(r"Row 3, column 'date': This date is ambiguous", problems)
    assert page.get_by_role("button", name="Publish").count() == 0


def test_a_corrected_file_dropped_after_one_with_errors_replaces_it_and_shows_its_own_preview(
    server, page, edited
):
    open_data_page(page, server)
    staff_sign_in(page, STAFF_PASSWORD)
    staff_upload(page, "bad.csv", BAD)
    dropzone = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    corrected = [{"name": "corrected.csv", "mimeType": "text/csv", "buffer": edited}]
    after_rerun(page, lambda: dropzone.set_input_files(files=corrected))
    page.get_by_role("button", name="Publish").wait_for()
    assert page.locator(".st-key-data_problem_list").count() == 0
    assert page.get_by_text("cannot be read").count() == 0
    assert (
        page.get_by_text(
            re.compile(r"^corrected\.csv: 10 milestones, no problems\. Compared with version \d+: 1 changed")
        ).count()
        == 1
    )
    # The uploader is emptied: it never lists the replaced file as if it counted, and one
    # line names the file in use.
    assert "bad.csv" not in uploader(page).inner_text()
    in_use = page.locator(".st-key-data_in_use").inner_text()
    assert "In use: corrected.csv, replacing the earlier bad.csv. Drop another" in in_use


def test_removing_the_file_in_use_leaves_nothing_to_publish(server, page, edited):
    open_data_page(page, server)
    staff_sign_in(page, STAFF_PASSWORD)
    staff_upload(page, "bad.csv", BAD)
    staff_upload(page, "corrected.csv", edited)
    after_rerun(page, lambda: page.locator(".st-key-data_remove_kept button").click())
    assert page.locator(".st-key-data_in_use").count() == 0
    assert page.get_by_role("button", name="Publish").count() == 0
    staff_upload(page, "corrected.csv", edited)  # the empty uploader takes a file again
    assert page.get_by_role("button", name="Publish").count() == 1


def test_a_version_published_through_one_instance_is_shown_by_the_other(postgres_url, page, edited):
    env = {"CLFJ_DATABASE_URL": postgres_url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}
    with app_server(env=env) as first, app_server(env=env) as second:
        page.goto(f"{second}/milestones?q=Bihar%20Child%20Protection")
        wait_for_app(page)
        assert page.get_by_text("Data from the programme's public results page (version 1).").count() == 1

        open_data_page(page, first)
        staff_sign_in(page, STAFF_PASSWORD, name="Asha from instance one")
        staff_upload(page, "edited.csv", edited)
        staff_publish(page, "April, not March")
        assert page.get_by_text("Published version 2").count() == 1

        page.goto(f"{second}/timeline?milestone=bihar-cpc-dashboard")
        wait_for_app(page)
        banner = page.get_by_text("Data last updated").inner_text()  # when, and not who, for a visitor
        assert banner.endswith("(version 2).") and "Asha" not in banner
        page.locator(".st-key-detail_panel").get_by_text(re.compile(r"^Apr 2022 · ")).wait_for()
    with store.connect(postgres_url).connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(store.versions)).scalar() == 2


def test_right_after_publishing_the_version_shown_is_the_new_current_one(tmp_path, page, edited):
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    with app_server(env={"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}) as address:
        open_data_page(page, address)
        staff_sign_in(page, STAFF_PASSWORD)
        shown = page.locator(".st-key-data_version input[role='combobox']")
        assert shown.input_value() == "Version 1 (current)"
        staff_upload(page, "edited.csv", edited)
        staff_publish(page, "April, not March")
        assert shown.input_value() == "Version 2 (current)"
        assert page.get_by_role("button", name=re.compile(r"^Restore version")).count() == 0


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 720)])
def test_a_versions_changes_read_whole_on_a_phone_with_nothing_over_the_sentence_above(
    tmp_path, browser, width, height
):
    """The table of changes wraps within the screen, and no grid toolbar covers the sentence."""
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    engine = store.connect(url)
    store.ensure_ready(engine)
    store.publish_version(engine, EDITED, "edited.csv", by=Staff("Bo", "x"), note="April, not March")
    engine.dispose()
    with (
        app_server(env={"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}) as address,
        fresh_page(browser, width, height) as page,
    ):
        open_data_page(page, address)
        staff_sign_in(page, STAFF_PASSWORD)
        changes = page.locator(".st-key-data_version_diff")
        changes.scroll_into_view_if_needed()
        changes.hover()
        assert changes.locator("table").count() == 1
        bihar = "Bihar child protection committees track progress"
        assert changes.get_by_role("cell", name=re.compile(bihar)).count() == 1
        box = changes.locator("table").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.locator("[data-testid='stElementToolbar']").count() == 0
