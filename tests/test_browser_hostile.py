"""Hostile text published, and hostile files uploaded, in a real browser.

On every page of a data set whose every text field holds script, Markdown-link, image,
formula, right-to-left and zero-width payloads: no script runs, no javascript: link appears,
nothing is fetched from another host, and the text shows as written. Through the staff upload,
every refused file is refused with its message and the current version stays as it was.

Skipped, with the reason, where Chromium or Playwright is missing, unless CLFJ_REQUIRE_BROWSER=1.
"""

import csv
import io
import re

import pytest
from appserver import (
    app_server,
    chart,
    choose_marker,
    close_dialog,
    fresh_page,
    require_browser,
    staff_sign_in,
    wait_for_app,
)
from hostile.corpus import (
    HOST,
    MARKDOWN_IMAGE,
    MARKDOWN_LINK,
    REFUSED,
    SCRIPT,
    SHOWN,
    STREAMLIT_MARKUP,
    TEXT_FIELDS,
    Rejected,
    Unreadable,
    csv_file,
    row,
    showcase_csv,
)

from clfj_data import load_programme, store
from clfj_data.auth import Staff
from clfj_data.report import to_html
from clfj_data.summary import latest_first

pytestmark = pytest.mark.browser

playwright_api = require_browser()

PASSWORD = "hostile staff password"
STAFF = Staff("Hostile tester", "password")
NOTE = f"{SCRIPT} {MARKDOWN_LINK} {MARKDOWN_IMAGE}"  # shown on the data page
LOCAL = re.compile(r"^((https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/|data:|blob:|about:)")
MARKERS = ".cartesianlayer .scatterlayer .point"  # in the timeline's chart
UPLOAD_LIMIT = "File must be 20.0MB or smaller."
RUNNING = "document.querySelector(\"[data-test-script-state='running']\")"
# What an uploaded file leaves on the page.
LAST_FILE = ", ".join(
    (
        "[data-testid='stFileChip']",
        "[data-testid='stExpander']",
        ".st-key-data_problem_list",
        "[data-testid='stAlert']",
    )
)
TIMEOUT = 10_000  # ms: far more than any refusal takes (test_hostile holds them to 2 s)
QUOTED = {name for name, text in SHOWN.items() if '"' in text}

# What a page holds that could run or fetch something, read after the browser's own cleaning
# (a browser drops tabs, newlines and leading control characters from a URL). ``data`` allows
# the scripts in which the offline report hands its charts their data.
FINDINGS = """data => {
    // The page and the frames it holds (the timeline's chart draws in one).
    const frames = [...document.querySelectorAll('iframe')].map(f => f.contentWindow).filter(w => w);
    const documents = [document, ...frames.map(w => w.document)];
    const all = documents.flatMap(d => [...d.querySelectorAll('*')]);
    const scheme = value => value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
    const html = element => element.outerHTML.slice(0, 200);
    return {
        pwned: [window, ...frames].map(w => w.pwned).find(p => p !== undefined) ?? null,
        javascriptLinks: all.filter(e => ['href', 'src', 'action', 'formaction', 'xlink:href']
            .some(a => e.hasAttribute(a) && scheme(e.getAttribute(a)).startsWith('javascript:'))).map(html),
        scripts: documents.flatMap(d => [...d.scripts]).filter(s => s.textContent.includes('pwned')
            && !(data && s.textContent.includes('Plotly.newPlot('))).map(html),
        handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).map(html),
        exceptions: document.querySelectorAll("[data-testid='stException']").length,
        // A link is no fetch (GFM makes one of a URL in Markdown text: see the report).
        fetchesFromHost: all.filter(e => e.tagName !== 'A' && ['src', 'srcset', 'href', 'data', 'poster']
            .some(a => (e.getAttribute(a) || '').includes('HOST'))).map(html),
    };
}""".replace("HOST", HOST)


class Watched:
    """A page, with every dialog it opened and every request it sent to another host."""

    def __init__(self, page):
        self.page, self.dialogs, self.outside = page, [], []
        page.on("dialog", self._dialog)
        page.on(
            "request", lambda request: None if LOCAL.match(request.url) else self.outside.append(request.url)
        )

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_nothing_ran(self, data_scripts: bool = False):
        """No payload ran or could run: no window.pwned, dialog, javascript: link, script or handler."""
        found = self.page.evaluate(FINDINGS, data_scripts)
        assert self.page.locator("a[href^='javascript:' i]").count() == 0
        assert {k: found[k] for k in ("pwned", "javascriptLinks", "scripts", "handlers", "exceptions")} == {
            "pwned": None,
            "javascriptLinks": [],
            "scripts": [],
            "handlers": [],
            "exceptions": 0,
        }
        assert self.dialogs == []

    def assert_nothing_fetched(self):
        """No request left for another host, and no element would send one."""
        assert self.page.locator(f"img[src*='{HOST}']").count() == 0
        assert self.page.evaluate(FINDINGS, False)["fetchesFromHost"] == []
        assert self.outside == []

    def assert_safe(self):
        self.assert_nothing_ran()
        self.assert_nothing_fetched()

    def text(self, selector: str = "[data-testid='stMain']") -> str:
        return self.page.locator(selector).first.inner_text()

    def chart_text(self, key: str) -> str:
        """Every label drawn in a chart (axis ticks, legend, annotations), as the browser shows it."""
        labels = chart(self.page, key).locator(".main-svg text")
        labels.first.wait_for(state="attached")
        return " | ".join(labels.all_text_contents())


# Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """Version 1 as shipped, version 2 the hostile data set."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'clfj.sqlite3'}"
    engine = store.connect(url)
    store.ensure_ready(engine)
    store.publish_version(engine, showcase_csv(), "hostile.csv", by=STAFF, note=NOTE)
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def milestones(database):
    return store.read_milestones(database[1])


@pytest.fixture(scope="module")
def server(database):
    with app_server(env={"CLFJ_DATABASE_URL": database[0], "CLFJ_STAFF_PASSWORD": PASSWORD}) as url:
        yield url


@pytest.fixture
def watched(browser):
    with fresh_page(browser, 1400, 1400) as page:
        yield Watched(page)


def visit(watched: Watched, url: str) -> None:
    watched.page.goto(url)
    wait_for_app(watched.page)


def assert_shown_as_written(shown: str, texts) -> None:
    missing = [text for text in texts if text not in shown]
    assert not missing, f"not shown as written: {missing}"


def assert_detail_panel_shows(watched: Watched, milestones, milestone_id: str) -> None:
    """The dialog shows every text field of the milestone as written (the headline is its title)."""
    found = milestones[milestones["id"] == milestone_id].iloc[0]
    assert_shown_as_written(watched.text("[role=dialog]"), [found[name] for name in TEXT_FIELDS])


def assert_deep_link_shows(watched: Watched, page_url: str, milestones, milestone_id: str) -> None:
    """``page_url`` opened on one milestone shows it in the detail panel, and nothing runs or is fetched."""
    visit(watched, f"{page_url}?milestone={milestone_id}")
    assert_detail_panel_shows(watched, milestones, milestone_id)
    watched.assert_safe()


# Pages ------------------------------------------------------------------------------------------


def test_overview(server, watched, milestones):
    visit(watched, server)
    latest = latest_first(milestones, 3)
    assert_shown_as_written(watched.text(), [*latest["title"], *latest["rationale"]])
    watched.assert_safe()


def test_timeline_hover_and_click_every_marker(server, watched, milestones):
    visit(watched, f"{server}/timeline")
    page = watched.page
    markers = chart(page, "timeline_chart").locator(MARKERS)
    playwright_api.expect(markers).to_have_count(len(milestones))
    labels = watched.chart_text("timeline_chart")
    plain = [text for name, text in SHOWN.items() if name not in QUOTED]
    assert_shown_as_written(labels, [t for t in plain if t in set(milestones["sector"])])  # the legend
    seen = set()
    # Each headline is written beside its marker (so a hover box would only cover a lane): the
    # labels are in ``labels`` above; here every marker is clicked.
    for index in range(len(milestones)):
        marker = markers.nth(index)
        marker.hover(force=True)
        watched.assert_safe()
        milestone = choose_marker(page, marker, seen)
        seen.add(milestone)
        assert_detail_panel_shows(watched, milestones, milestone)
        watched.assert_safe()
        close_dialog(page)  # the dialog covers the chart
    assert seen == set(milestones["id"])


def test_timeline_deep_link_to_a_milestone(server, watched, milestones):
    assert_deep_link_shows(watched, f"{server}/timeline", milestones, milestones["id"].iloc[0])


def test_breakdown(server, watched, milestones):
    visit(watched, f"{server}/breakdown")
    labels = watched.chart_text("breakdown_sectors")
    plain = [text for name, text in SHOWN.items() if name not in QUOTED and text in set(milestones["sector"])]
    assert_shown_as_written(labels, plain)
    watched.assert_nothing_ran()


def test_breakdown_fetches_nothing_from_outside(server, watched):
    visit(watched, f"{server}/breakdown")
    watched.page.get_by_text("Select a bar to show only that sector.").wait_for()
    watched.assert_nothing_fetched()


def test_milestones_table_and_its_detail_panel(server, watched, milestones):
    visit(watched, f"{server}/milestones")
    first = milestones.iloc[:5]
    cells = watched.page.locator(".st-key-milestones_table table :is(th, td)")
    cells.first.wait_for(state="attached")
    assert_shown_as_written(" | ".join(cells.all_text_contents()), [*first["title"], *first["description"]])
    watched.assert_safe()
    assert_deep_link_shows(watched, f"{server}/milestones", milestones, milestones["id"].iloc[5])


def test_story(server, watched, milestones):
    visit(watched, f"{server}/story")
    first = milestones.sort_values("date", kind="stable").iloc[0]
    shown = watched.text(".st-key-story_slide")
    assert_shown_as_written(
        shown, [first[name] for name in ("title", "description", "rationale", "place", "sector")]
    )
    watched.assert_safe()


def test_data_page(server, watched):
    visit(watched, f"{server}/data")
    assert_shown_as_written(watched.text(), [f"Note: {NOTE}", "(version 2)"])
    watched.assert_safe()


def test_data_page_downloads_the_current_version(server, browser):
    with fresh_page(browser, accept_downloads=True) as page:
        page.goto(f"{server}/data")
        wait_for_app(page)
        for label in ("Current data (CSV)", "Current data (XLSX)"):
            with page.expect_download(timeout=5_000) as download:  # the CSV comes in a second
                page.get_by_role("button", name=label).click()
            assert download.value.failure() is None


def test_chart_labels_show_double_quotes_as_written(server, watched, milestones):
    visit(watched, f"{server}/breakdown")
    quoted = [text for name, text in SHOWN.items() if name in QUOTED]
    assert_shown_as_written(watched.chart_text("breakdown_sectors"), quoted)


def test_the_offline_report_runs_nothing_and_fetches_nothing(watched, milestones):
    watched.page.set_content(to_html(milestones, load_programme()).decode("utf-8"), wait_until="load")
    watched.assert_nothing_ran(data_scripts=True)
    watched.assert_nothing_fetched()
    assert_shown_as_written(watched.page.inner_text("body"), [SCRIPT, MARKDOWN_LINK])


# Staff: uploads ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def staff_page(browser, server):
    """One signed-in staff session for every upload (signing in again would cost each a second)."""
    with fresh_page(browser, 1400, 1400) as page:
        watched = Watched(page)
        visit(watched, f"{server}/data")
        sign_in(watched.page)
        yield watched


def sign_in(page, name: str = "Asha") -> None:
    page.get_by_label("Your name, for the version history").fill(name)
    page.get_by_label("Staff password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").wait_for(state="attached")
    wait_for_app(page)


def upload(watched: Watched, name: str, data: bytes, tmp_path) -> None:
    """Upload a file (from disk: Playwright takes no buffer over 50 MB), after clearing the last one."""
    page = watched.page
    for delete in page.locator("[data-testid='stFileChipDeleteBtn'] button").all():
        delete.click()
    # The run after the removal clears the last file's status and problems: what shows next is new.
    page.wait_for_function(f"() => !document.querySelector({LAST_FILE!r}) && !{RUNNING}")
    path = tmp_path / name
    path.write_bytes(data)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.get_by_title(name, exact=True).wait_for()


def settled(page) -> None:
    page.wait_for_function(f"() => !{RUNNING}")


def read_by_the_app(page) -> None:
    """Wait until the app has dealt with the upload: what it says of the file shows (every
    outcome is an alert: why it cannot be read, its problems, or what it would change), and
    the run has ended."""
    page.locator("[data-testid='stAlert']").first.wait_for(timeout=TIMEOUT)
    settled(page)


def refusal_shown(page, words: str) -> None:
    """The loader's refusal: one message, shown open, naming the file and saying why."""
    read_by_the_app(page)
    refusal = page.locator("[data-testid='stAlert']", has_text="cannot be read")
    assert refusal.count() == 1, page.locator("[data-testid='stAlert']").all_inner_texts()
    playwright_api.expect(refusal).to_contain_text(words, use_inner_text=True)


def problems_shown(page) -> list[str]:
    read_by_the_app(page)
    return page.locator(".st-key-data_problem_list [data-testid='stText']").all_inner_texts()


def problem_line(expected: Rejected) -> str:
    return (
        f"Row {expected.row}, column '{expected.column}': "
        if expected.row
        else f"Column '{expected.column}': "
    )


def assert_version_unchanged(watched: Watched, engine) -> None:
    assert "(version 2)" in watched.text()
    assert [v.version for v in store.history(engine)] == [2, 1]
    assert watched.page.get_by_role("button", name="Publish").count() == 0


SEPARATE = [
    case
    for case in REFUSED
    if not (
        isinstance(case.expected, Rejected) and case.file_name.endswith(".csv") and case.expected.row == 2
    )
]
TOGETHER = [case for case in REFUSED if case not in SEPARATE]


@pytest.mark.parametrize("case", SEPARATE, ids=str)
def test_staff_upload_of_a_refused_file(case, staff_page, database, tmp_path):
    name = f"{SEPARATE.index(case):02d}-{case.file_name}"
    data = case.build()
    upload(staff_page, name, data, tmp_path)
    page = staff_page.page
    chip = page.locator("[data-testid='stFileChip']", has_text=name)
    if len(data) > 20 * 2**20:
        # Over server.maxUploadSize the browser refuses the file before sending it.
        playwright_api.expect(chip).to_contain_text(UPLOAD_LIMIT)
    elif isinstance(case.expected, Unreadable):
        refusal_shown(page, case.expected.words)
    else:
        line = problem_line(case.expected)
        assert any(p.startswith(line) and case.expected.words in p for p in problems_shown(page))
    settled(page)
    assert_version_unchanged(staff_page, database[1])
    staff_page.assert_safe()


def test_staff_upload_lists_every_rejected_cell_by_row(staff_page, database, tmp_path):
    """Every cell-level refusal of the corpus, one per row of a single file."""
    rows = [next(csv.DictReader(io.StringIO(case.build().decode("utf-8")))) for case in TOGETHER]
    upload(staff_page, "rejected-cells.csv", csv_file(*rows), tmp_path)
    problems = problems_shown(staff_page.page)
    for number, case in enumerate(TOGETHER, start=2):
        line = f"Row {number}, column '{case.expected.column}': "
        assert any(p.startswith(line) and case.expected.words in p for p in problems), (case.name, line)
    assert_version_unchanged(staff_page, database[1])
    staff_page.assert_safe()


def test_staff_preview_of_hostile_text_shows_it_as_written(staff_page, tmp_path):
    upload(
        staff_page,
        "hostile-sectors.csv",
        csv_file(row(sector=MARKDOWN_IMAGE), row(date="Apr 2022", sector=STREAMLIT_MARKUP)),
        tmp_path,
    )
    read_by_the_app(staff_page.page)
    assert_shown_as_written(staff_page.text(), [MARKDOWN_IMAGE, STREAMLIT_MARKUP])
    staff_page.assert_safe()


def test_staff_preview_shows_a_hostile_file_name_as_written(staff_page, tmp_path):
    name = f"![x](https:{HOST}) [go](javascript:window.pwned=1).csv"
    upload(staff_page, name, csv_file(row()), tmp_path)
    read_by_the_app(staff_page.page)
    assert name in staff_page.text()
    staff_page.assert_safe()


def test_a_hostile_staff_name_shows_as_written_in_the_banner(watched, tmp_path):
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    engine = store.connect(url)
    store.ensure_ready(engine)
    name = f"{MARKDOWN_IMAGE} {STREAMLIT_MARKUP}"
    store.publish_version(engine, csv_file(row()), "m.csv", by=Staff(name, "password"), note="x")
    engine.dispose()
    with app_server(env={"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": PASSWORD}) as server:
        visit(watched, f"{server}/data")  # who published it is shown to staff only
        staff_sign_in(watched.page, PASSWORD)
        watched.page.get_by_text("Data last updated").wait_for()
        assert f"by {name} (version 2)" in watched.text()
        watched.assert_safe()
