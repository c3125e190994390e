"""Reviewing an upload in a real browser: removed words struck through in red, added ones in
green, the change timeline drawn, and the link to the new version after publishing."""

import pytest
from appserver import (
    STAFF_PASSWORD,
    after_rerun,
    app_server,
    chart,
    fresh_page,
    require_browser,
    staff_sign_in,
    staff_upload,
    wait_for_app,
)

from clfj_data import shipped_milestones_path

pytestmark = pytest.mark.browser
require_browser()

REWORDED = (
    shipped_milestones_path()
    .read_bytes()
    .replace(b"convictions creates deterrence", b"convictions builds deterrence")
)


@pytest.fixture
def page(browser):
    with fresh_page(browser, 1400, 1400) as page:
        yield page


@pytest.fixture
def server(tmp_path):
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    with app_server(env={"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}) as address:
        yield address


def signed_in_with_upload(page, server, content: bytes) -> None:
    page.goto(f"{server}/data")
    wait_for_app(page)
    staff_sign_in(page, STAFF_PASSWORD)
    staff_upload(page, "reworded.csv", content)


def colour_of(locator) -> tuple[int, ...]:
    rgb = locator.evaluate("e => getComputedStyle(e).color")
    return tuple(int(part) for part in rgb.removeprefix("rgb(").rstrip(")").split(",")[:3])


def test_the_preview_strikes_removed_words_in_red_and_shows_added_ones_in_green(server, page):
    signed_in_with_upload(page, server, REWORDED)
    removed = page.locator("[data-testid='stMarkdownContainer'] del", has_text="creates")
    added = page.locator("[data-testid='stMarkdownContainer'] strong", has_text="builds")
    assert removed.count() == 1 and added.count() == 1
    red, green = colour_of(removed), colour_of(added)
    assert red[0] > max(red[1:]) + 60  # red
    assert green[1] == max(green) and green[1] > green[0] + 40  # green
    drawn = chart(page, "data_change_chart")
    drawn.locator(".main-svg").first.wait_for(timeout=15_000)
    assert drawn.locator(".legendtext", has_text="Changed (1)").count() == 1


def test_after_publishing_the_link_opens_the_new_version_on_the_timeline(server, page):
    signed_in_with_upload(page, server, REWORDED)
    page.get_by_label("Note for the history (required): what changed and why").fill("Deterrence builds")
    after_rerun(page, page.get_by_role("button", name="Publish").click)
    assert page.get_by_text("Published version 2").count() == 1
    assert page.get_by_label("Note for the history (required): what changed and why").count() == 0
    after_rerun(page, page.get_by_role("link", name="See version 2 on the timeline").click)
    assert page.url.endswith("/timeline")
    assert page.get_by_text("(version 2)").count() >= 1
