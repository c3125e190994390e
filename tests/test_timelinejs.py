"""The TimelineJS export: the JSON's shape and escaping, then the pinned TimelineJS drawing it in Chromium.

The browser tests install ``tests/timelinejs`` (``npm ci``) when its node_modules is missing, and are
skipped, with the reason, where npm, Playwright or Chromium is missing, unless CLFJ_REQUIRE_BROWSER=1
(as in CI) makes that a failure.
"""

import csv
import dataclasses
import functools
import html
import io
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from appserver import fresh_page, npm_package

from clfj_data import Programme, load_milestones, load_programme
from clfj_data.timelinejs import timelinejs_json, to_timelinejs

PROGRAMME = Programme(
    name="Child Labour Free Jaipur",
    short_name="CLFJ",
    heading="Results",
    intro="Numbers tell part of the story.",
    partnership="A partnership of government & communities.",
    timeline_heading="Timeline",
    source_url="https://www.clfjaipur.org/results/",
)
HEADER = ["id", "date", "title", "description", "rationale", "states", "sector"]
ONE_OF_EACH = [
    ["by-year", "2019", "A year", "Happened in 2019.", "It lasts.", "Rajasthan", "Justice"],
    ["by-month", "Mar 2020", "A month", "Happened in March.", "It spreads.", "Bihar", ""],
    ["by-day", "15 June 2021", "A day", "Happened on the 15th.", "It counts.", "", "Education"],
]
PWN = "window.pwned=1"
XSS = f"<img src=x onerror={PWN}>"
XSS_AS_ENTITIES = html.escape(XSS)  # typed into a cell as "&lt;img …&gt;"
# Markup in every text field, and a sector typed as entities (which TimelineJS would decode).
HOSTILE_ROWS = [
    [
        "hostile-title",
        "Jan 2020",
        XSS,
        f"<script>{PWN}</script> & <b>b</b>",
        f"\"'><svg onload={PWN}>",
        "",
        XSS,
    ],
    ["hostile-sector", "Feb 2020", "Fine & dandy", "Plain.", "Plain.", "", XSS_AS_ENTITIES],
    ["hostile-link", "Mar 2020", f"<a href=javascript:{PWN}>click</a>", "Text.", "Why.", "", "Justice"],
]
HOSTILE_PROGRAMME = dataclasses.replace(PROGRAMME, name=f"CLFJ {XSS}", intro=XSS)


def milestones(rows: list[list[str]]):
    """The loader's frame for ``rows`` under :data:`HEADER`."""
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    result = load_milestones(out.getvalue().encode(), filename="milestones.csv")
    assert result.ok, result.errors
    return result.milestones


@pytest.mark.unit
def test_json_has_exactly_the_timelinejs_shape():
    data = to_timelinejs(milestones(ONE_OF_EACH), PROGRAMME)
    assert data.keys() == {"title", "events"}
    assert data["title"].keys() == {"text"} and data["title"]["text"].keys() == {"headline", "text"}
    for event in data["events"]:
        assert list(event) == ["start_date", "text", "group", "unique_id"]
        assert event["text"].keys() == {"headline", "text"}
        assert {"year", "display_date"} <= event["start_date"].keys()


@pytest.mark.unit
def test_title_slide_is_the_programme():
    title = to_timelinejs(milestones(ONE_OF_EACH), PROGRAMME)["title"]["text"]
    assert title["headline"] == "Child Labour Free Jaipur"
    assert title["text"] == (
        "<p>A partnership of government &amp; communities.</p>"
        "<p>3 systemic changes in 2 states (Bihar and Rajasthan) and 2 sectors, 2019 to 15 Jun 2021.</p>"
        "<p>Numbers tell part of the story.</p>"
    )  # the framing line after the figures it speaks of


@pytest.mark.unit
def test_one_event_per_milestone_in_date_order():
    frame = milestones(ONE_OF_EACH).iloc[::-1]
    events = to_timelinejs(frame, PROGRAMME)["events"]
    assert [event["unique_id"] for event in events] == ["by-year", "by-month", "by-day"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("row", "start_date"),
    [
        (0, {"year": 2019, "display_date": "2019"}),
        (1, {"year": 2020, "month": 3, "display_date": "Mar 2020"}),
        (2, {"year": 2021, "month": 6, "day": 15, "display_date": "15 Jun 2021"}),
    ],
)
def test_start_date_has_the_parts_its_precision_knows(row, start_date):
    assert to_timelinejs(milestones(ONE_OF_EACH), PROGRAMME)["events"][row]["start_date"] == start_date


@pytest.mark.unit
def test_group_is_the_sector_or_not_specified():
    events = to_timelinejs(milestones(ONE_OF_EACH), PROGRAMME)["events"]
    assert [event["group"] for event in events] == ["Justice", "Not specified", "Education"]


@pytest.mark.unit
def test_text_is_the_description_then_why_it_matters_then_where_and_the_source():
    events = to_timelinejs(milestones(ONE_OF_EACH), PROGRAMME)["events"]
    assert events[0]["text"] == {
        "headline": "A year",
        "text": "<p>Happened in 2019.</p><p><strong>Why it matters:</strong> It lasts.</p>"
        '<p class="clfj-facts">Rajasthan · Justice</p>',
    }
    frame = milestones(ONE_OF_EACH).assign(place="Jaipur", source="https://www.clfjaipur.org/results/")
    assert to_timelinejs(frame, PROGRAMME)["events"][0]["text"]["text"].endswith(
        '<p class="clfj-facts">Rajasthan · Jaipur · Justice</p>'
        '<p class="clfj-source"><a href="https://www.clfjaipur.org/results/">Source</a></p>'
    )


@pytest.mark.unit
def test_no_rationale_leaves_out_why_it_matters():
    frame = milestones(ONE_OF_EACH).assign(rationale="")  # the loader requires one; other frames may not
    assert to_timelinejs(frame, PROGRAMME)["events"][0]["text"]["text"].startswith(
        '<p>Happened in 2019.</p><p class="clfj-facts">'
    )


@pytest.mark.unit
def test_spreadsheet_markup_arrives_escaped():
    events = to_timelinejs(milestones(HOSTILE_ROWS), HOSTILE_PROGRAMME)["events"]
    assert events[0]["text"]["headline"] == "&lt;img src=x onerror=window.pwned=1&gt;"
    assert events[0]["text"]["text"] == (
        "<p>&lt;script&gt;window.pwned=1&lt;/script&gt; &amp; &lt;b&gt;b&lt;/b&gt;</p>"
        "<p><strong>Why it matters:</strong> &quot;&#x27;&gt;&lt;svg onload=window.pwned=1&gt;</p>"
        '<p class="clfj-facts">State not specified · &lt;img src=x onerror=window.pwned=1&gt;</p>'
    )
    assert events[1]["text"]["headline"] == "Fine &amp; dandy"


@pytest.mark.unit
def test_group_is_escaped_twice_because_timelinejs_decodes_it_once():
    events = to_timelinejs(milestones(HOSTILE_ROWS), PROGRAMME)["events"]
    assert html.unescape(events[0]["group"]) == html.escape(XSS)
    assert html.unescape(events[1]["group"]) == html.escape(XSS_AS_ENTITIES)


@pytest.mark.unit
def test_line_breaks_in_a_description_are_kept():
    rows = [["two-lines", "2020", "Title", "First line.\nSecond line.", "Why.", "", ""]]
    text = to_timelinejs(milestones(rows), PROGRAMME)["events"][0]["text"]["text"]
    assert text.startswith("<p>First line.<br>Second line.</p>")


@pytest.mark.unit
def test_shipped_data_round_trips_to_ten_events(shipped):
    text = timelinejs_json(shipped, load_programme())
    data = json.loads(text)
    assert data == to_timelinejs(shipped, load_programme())
    assert [event["unique_id"] for event in data["events"]] == list(shipped["id"])
    assert len(data["events"]) == 10
    assert "children’s" in text and text.startswith('{\n  "title"')  # UTF-8 kept, indented


# In the browser: the pinned TimelineJS from tests/timelinejs, served on 127.0.0.1.

PAGE_DIR = Path(__file__).resolve().parent / "timelinejs"
LOCAL = "127.0.0.1"


@pytest.fixture(scope="session")
def timelinejs_page() -> Path:
    """tests/timelinejs with TimelineJS installed from its package-lock.json (``npm ci``) if needed."""
    npm_package(PAGE_DIR, "@knight-lab/timelinejs")
    return PAGE_DIR


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def page_url(timelinejs_page):
    server = ThreadingHTTPServer((LOCAL, 0), functools.partial(QuietHandler, directory=timelinejs_page))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL}:{server.server_port}/index.html"
    server.shutdown()
    server.server_close()
    thread.join()


def draw(browser, page_url: str, data: dict) -> dict:
    """Open the page on ``data``; return what it drew and every error and request along the way."""
    requests, console_errors = [], []
    body = json.dumps(data, ensure_ascii=False)
    with fresh_page(browser, 1200, 800) as page:
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
        page.on("pageerror", lambda error: console_errors.append(str(error)))
        page.route("**/data.json", lambda route: route.fulfill(body=body, content_type="application/json"))
        page.goto(f"{page_url}?data=data.json")
        page.wait_for_function("window.__loaded || window.__errors.length > 0", timeout=15_000)
        # Every slide's headline drawn, every image a headline might add loaded or failed, then the
        # next frames, by when the handlers such an image carries have fired.
        slides = len(data["events"]) + ("title" in data)
        page.wait_for_function(
            """slides => window.__errors.length > 0 || (
                document.querySelectorAll(".tl-slide .tl-headline").length >= slides
                && [...document.images].every(image => image.complete))""",
            arg=slides,
        )
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        drawn = page.evaluate(
            """() => ({
                errors: window.__errors,
                markers: document.querySelectorAll(".tl-timemarker").length,
                headline: document.querySelector(".tl-slide .tl-headline")?.textContent,
                headlines: [...document.querySelectorAll(".tl-slide .tl-headline")].map(h => h.textContent),
                groups: [...document.querySelectorAll(".tl-timegroup-message")].map(g => g.textContent),
                images: document.querySelectorAll("img[src='x']").length,
                pwned: typeof window.pwned,
                eras: [...document.querySelectorAll(".tl-timeera .tl-timeera-text")].map(e => e.textContent),
                spans: document.querySelectorAll(".tl-timemarker-with-end").length,
            })"""
        )
    offsite = [url for url in requests if urlsplit(url).scheme != "data" and urlsplit(url).hostname != LOCAL]
    return drawn | {"console_errors": console_errors, "offsite": offsite}


@pytest.mark.browser
def test_timelinejs_draws_a_marker_per_shipped_milestone(browser, page_url, shipped):
    programme = load_programme()
    drawn = draw(browser, page_url, to_timelinejs(shipped, programme))
    assert drawn["errors"] == [] and drawn["console_errors"] == []
    assert drawn["markers"] == len(shipped) == 10
    assert drawn["headline"] == programme.name
    assert sorted(drawn["groups"]) == sorted(set(shipped["sector"]))
    assert drawn["offsite"] == []


@pytest.mark.browser
def test_timelinejs_shows_hostile_text_as_text(browser, page_url):
    drawn = draw(browser, page_url, to_timelinejs(milestones(HOSTILE_ROWS), HOSTILE_PROGRAMME))
    assert drawn["errors"] == [] and drawn["console_errors"] == []
    assert drawn["images"] == 0 and drawn["pwned"] == "undefined"
    assert drawn["markers"] == len(HOSTILE_ROWS)
    assert drawn["headline"] == HOSTILE_PROGRAMME.name
    assert drawn["headlines"][1:] == [row[2] for row in HOSTILE_ROWS]
    assert XSS in drawn["groups"] and XSS_AS_ENTITIES in drawn["groups"]
    assert drawn["offsite"] == []


@pytest.mark.browser
def test_timelinejs_draws_a_milestones_picture_from_the_file_itself(browser, page_url):
    from pictures import camera_jpeg, with_photo

    from clfj_data.load import load_upload
    from clfj_data.uploads import Media, Upload

    data = with_photo("testimony-by-videoconference", "hearing.jpg", "A hearing room", "Photograph: A. Name")
    result = load_upload(Upload("milestones.csv", data, Media({"hearing.jpg": camera_jpeg})))
    story = to_timelinejs(result.milestones, load_programme(), result.pictures)
    requests = []
    with fresh_page(browser, 1200, 800) as page:
        page.on("request", lambda request: requests.append(request.url))
        body = json.dumps(story, ensure_ascii=False)
        page.route("**/data.json", lambda route: route.fulfill(body=body, content_type="application/json"))
        page.goto(f"{page_url}?data=data.json")
        page.wait_for_function("window.__loaded || window.__errors.length > 0", timeout=15_000)
        page.evaluate("id => window.timeline.goToId(id)", "testimony-by-videoconference")
        drawn = page.wait_for_function(
            """() => {
                const image = [...document.querySelectorAll(".tl-slide .tl-media-image")]
                    .find(img => img.complete && img.naturalWidth > 0);
                return image && {src: image.src.slice(0, 23), alt: image.alt, width: image.naturalWidth,
                    shown: image.getBoundingClientRect().width,
                    credit: image.closest(".tl-media").querySelector(".tl-credit")?.textContent,
                    caption: image.closest(".tl-media").querySelector(".tl-caption")?.textContent};
            }""",
            timeout=15_000,
        ).json_value()
        errors = page.evaluate("window.__errors")
    assert errors == []
    shown = drawn.pop("shown")
    assert drawn == {"src": "data:image/jpeg;base64,", "alt": "A hearing room", "width": 1600,
                     "credit": "Photograph: A. Name", "caption": "A hearing room"}  # fmt: skip
    assert shown > 200  # drawn on the slide, not a hidden placeholder
    offsite = [url for url in requests if urlsplit(url).scheme != "data" and urlsplit(url).hostname != LOCAL]
    assert offsite == []


@pytest.mark.browser
def test_a_timelinejs_sheet_published_comes_back_as_timelinejs_with_its_span_title_and_era(
    browser, page_url, tmp_path
):
    """The round trip: Knight Lab's 19-column layout published, exported, and drawn by TimelineJS."""
    from clfj_data import store
    from clfj_data.auth import Staff
    from clfj_data.export import render

    engine = store.connect(f"sqlite:///{tmp_path / 'clfj.sqlite3'}")
    store.ensure_ready(engine)
    sheet = Path(__file__).parent / "fixtures" / "timelinejs-19-columns.csv"
    info = store.publish_version(
        engine, sheet.read_bytes(), sheet.name, by=Staff("Priya", "password"), note="Sheet"
    )
    frame, framing = store.read_milestones(engine, info.version), store.read_framing(engine, info.version)
    engine.dispose()
    story = json.loads(
        render("timelinejs", frame, programme=load_programme(), version=info, framing=framing).data
    )
    assert story["title"]["text"]["headline"] == "Women in Computing (test sample)"
    span = next(e for e in story["events"] if e["text"]["headline"] == "...And the women who made it work")
    assert span["start_date"] == {"year": 1943, "month": 7, "display_date": "Jul 1943 – 1946"}
    assert span["end_date"] == {"year": 1946, "display_date": "1946"}
    assert [era["text"]["headline"] for era in story["eras"]] == ["The Second World War"]
    drawn = draw(browser, page_url, story)
    assert drawn["errors"] == [] and drawn["console_errors"] == []
    assert drawn["markers"] == len(frame) == 5
    assert drawn["headline"] == "Women in Computing (test sample)"
    assert drawn["eras"] == ["The Second World War"]
    assert drawn["spans"] == 2  # the two milestones with an end, drawn as periods
    assert drawn["offsite"] == []
