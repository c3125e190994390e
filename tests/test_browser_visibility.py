"""A staff-only milestone in a real browser: a visitor's Chromium never receives it, on any page,
in any frame, over the websocket or in any download; signed-in staff see it.

Skipped, with the reason, where Chromium or Playwright is missing, unless CLFJ_REQUIRE_BROWSER=1.
"""

import io
import re
import zipfile

import pytest
from appserver import STAFF_PASSWORD, app_server, fresh_page, require_browser, staff_sign_in, wait_for_app
from milestone_rows import shipped_with

from clfj_data import store
from clfj_data.auth import Staff

pytestmark = pytest.mark.browser

PlaywrightTimeout = require_browser().TimeoutError

WORD = "Zanzibarquokka"  # in the staff-only milestone's title and text, and nowhere else
SECRET_ID = "court-case-kx7q"
UNKNOWN_ID = "court-case-zz9w"  # no milestone's; as long as SECRET_ID, so an echo of either reads the same
# Its state, place and sector are no other milestone's: a filter option or a count would give it away.
SECRET = {
    "id": SECRET_ID, "date": "Jun 2022", "title": f"{WORD} shelter case in court",
    "description": f"The {WORD} shelter home case is before the court.",
    "rationale": "Naming the home would put its children at risk.",
    "states": "Goa", "place": "Panaji", "sector": "Sealed cases", "visibility": "staff",
}  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'clfj.sqlite3'}"
    data = shipped_with(SECRET)
    engine = store.connect(url)
    store.ensure_ready(engine)
    store.publish_version(engine, data, "with-a-case.csv", by=Staff("Asha", "test"), note="A case in court")
    engine.dispose()
    with app_server(env={"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}) as address:
        yield address


class Watched:
    """A page, with every websocket frame it received and every file it downloaded."""

    def __init__(self, page):
        self.page, self.frames, self.files = page, [], []  # files: (name, bytes)
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode())

    def open(self, path: str) -> None:
        self.page.goto(f"{self.server}{path}")
        wait_for_app(self.page)

    def documents(self) -> list[bytes]:
        """The page and each frame in it (the timeline's chart draws in one), as HTML."""
        return [frame.content().encode() for frame in self.page.frames]

    def download(self, button) -> bytes:
        """The file ``button`` gives in one click (made then, where it is made on request)."""
        with self.page.expect_download(timeout=60_000) as started:
            button.click()
        download = started.value
        assert download.failure() is None
        with open(download.path(), "rb") as handle:
            self.files.append((download.suggested_filename, handle.read()))
        wait_for_app(self.page)
        return self.files[-1][1]

    def download_every_button(self) -> None:
        buttons = self.page.locator("[data-testid='stDownloadButton'] button")
        for index in range(buttons.count()):
            self.download(buttons.nth(index))


def shown(locator, timeout: float = 3_000) -> bool:
    """Whether ``locator`` is visible within ``timeout`` ms."""
    try:
        locator.wait_for(state="visible", timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


def unzipped(data: bytes) -> list[bytes]:
    """A file's bytes, or for a zipped format (XLSX, PPTX) each of its members."""
    if not data.startswith(b"PK"):
        return [data]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(name) for name in archive.namelist()]


def holding(texts: list[bytes], secret: str) -> int:
    """How many times ``secret`` occurs in ``texts`` (any case)."""
    return sum(text.lower().count(secret.lower().encode()) for text in texts)


def received(watched: Watched) -> dict[str, list[bytes]]:
    files = [member for _, data in watched.files for member in unzipped(data)]
    return {
        "the page or a frame": watched.documents(),
        "a websocket frame": watched.frames,
        "a download": files,
    }


def assert_never_received(watched: Watched) -> None:
    for where, texts in received(watched).items():
        for secret in (WORD, SECRET_ID, "Sealed cases", "Panaji"):
            assert not holding(texts, secret), f"{secret!r} reached the visitor in {where}"


@pytest.fixture
def watched(browser, server):
    with fresh_page(browser, 1400, 1000, accept_downloads=True) as page:
        seen = Watched(page)
        seen.server = server
        yield seen


def test_a_visitor_never_receives_it_on_the_overview(watched):
    watched.open("/")
    assert watched.page.get_by_text("Systemic changes").count() == 1
    assert_never_received(watched)


def test_a_visitor_never_receives_it_on_the_timeline_in_either_lanes(watched, kaleido):
    watched.open("/timeline")
    watched.page.locator(".st-key-timeline_lane").get_by_text("By state").click()
    watched.page.wait_for_url(re.compile(r"lanes=state"))
    wait_for_app(watched.page)
    watched.page.get_by_text("Export the timeline").click()
    wait_for_app(watched.page)
    for key in ("export_timeline_png", "export_timeline_svg", "export_timelinejs"):  # one click each
        watched.download(watched.page.locator(f".st-key-{key}_download button"))
    assert len(watched.files) == 3
    assert_never_received(watched)


def test_a_visitor_never_receives_it_on_the_breakdown(watched, kaleido):
    watched.open("/breakdown")
    assert watched.page.locator(".st-key-breakdown_states").count() == 1
    watched.page.get_by_text("Export the charts").click()
    wait_for_app(watched.page)
    for kind in ("state", "sector"):
        for fmt in ("png", "svg"):
            watched.download(watched.page.locator(f".st-key-export_counts_{kind}_{fmt}_download button"))
    assert len(watched.files) == 4
    assert_never_received(watched)


def test_a_visitor_never_receives_it_stepping_through_the_story(watched):
    watched.open("/story")
    page = watched.page
    steps = 1
    while not page.get_by_role("button", name="Next").is_disabled():
        page.get_by_role("button", name="Next").click()
        page.wait_for_url(re.compile(rf"step={steps + 1}\b"))
        wait_for_app(page)
        steps += 1
    assert steps == 11  # the ten public milestones, then the closing slide

    def options() -> None:
        page.get_by_role("button", name="Options and exports").click()

    options()
    for key in ("export_pptx", "export_html"):  # one click each: made, then downloaded
        button = page.locator(f".st-key-{key}_download button")
        if not shown(button):
            options()
        watched.download(button)
    assert len(watched.files) == 2
    assert_never_received(watched)


def test_a_visitor_never_receives_it_in_the_milestones_table_downloads_or_search(watched):
    watched.open("/milestones")
    watched.download_every_button()
    assert len(watched.files) == 2
    search = watched.page.locator("[data-testid='stSidebar']").get_by_label("Search")
    # Words of the staff-only milestone's text (not the unique word: the page rightly repeats a
    # search back to whoever typed it), then a word many milestones share.
    shown = ("No milestones match these filters.", re.compile(r"milestones? match(?:es)?, in date order"))
    for words, answer in zip(("Naming the home", "court"), shown, strict=True):
        search.fill(words)
        search.press("Enter")
        watched.page.wait_for_url(re.compile("q=" + words.replace(" ", r"(?:\+|%20)")))
        watched.page.get_by_text(answer).wait_for()
        wait_for_app(watched.page)
    assert_never_received(watched)


def test_a_visitor_never_receives_it_on_the_data_page_or_in_its_downloads(watched):
    watched.open("/data")
    watched.download_every_button()
    assert {"clfj-milestones-template.csv", "clfj-milestones-template.xlsx"} < {n for n, _ in watched.files}
    assert len(watched.files) == 6  # the current data and version 2, each as CSV and XLSX; the templates
    assert_never_received(watched)


@pytest.mark.parametrize("path", ["/", "/timeline", "/story"])
def test_a_link_to_it_answers_a_visitor_as_a_link_to_no_milestone_does(browser, server, path):
    answers = {}
    for milestone in (SECRET_ID, UNKNOWN_ID):
        with fresh_page(browser, 1400, 1000) as page:
            seen = Watched(page)
            seen.server = server
            seen.open(f"{path}?milestone={milestone}")
            texts = received(seen)
            answers[milestone] = {where: holding(found, milestone) for where, found in texts.items()} | {
                "shown": page.locator("body").inner_text().replace(milestone, "<id>")
            }
            assert not holding(texts["the page or a frame"] + texts["a websocket frame"], WORD)
    assert answers[SECRET_ID] == answers[UNKNOWN_ID]


def test_signed_in_staff_see_it_marked_and_download_it_only_when_they_ask(browser, server):
    with fresh_page(browser, 1400, 1000, accept_downloads=True) as page:
        seen = Watched(page)
        seen.server = server
        seen.open("/data")
        staff_sign_in(page, STAFF_PASSWORD)
        # The app's own links keep the session, and with it the sign-in.
        page.locator("a[data-testid='stPageLink-NavLink']", has_text="Overview").click()
        page.get_by_role("heading", name=re.compile(WORD)).wait_for()
        wait_for_app(page)
        assert holding(seen.documents(), WORD) and holding(seen.frames, SECRET_ID)
        assert "Staff only" in page.locator("[data-testid='stMain']").inner_text()

        page.locator("a[data-testid='stPageLink-NavLink']", has_text="Milestones").click()
        page.get_by_text("Include staff-only milestones").wait_for()
        wait_for_app(page)
        csv = page.get_by_role("button", name="Download CSV")
        assert WORD.encode() not in seen.download(csv)
        page.get_by_text("Include staff-only milestones").click()
        wait_for_app(page)
        assert WORD.encode() in seen.download(csv)
        assert ["-staff-only-" in name for name, _ in seen.files] == [False, True]
