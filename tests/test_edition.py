"""The public edition: every public fact of the shipped data, no staff-only milestone, the tags a
shared link previews with, and a folder that a publish replaces whole while readers read it."""

import html
import io
import json
import os
import re
import subprocess
import sys
import threading
import tomllib
from html.parser import HTMLParser

import pytest
from PIL import Image

from clfj_data import load_milestones, load_programme, publishing, store
from clfj_data.auth import Staff
from clfj_data.edition import build_edition
from clfj_data.links import EDITION_PATH, SITE_SETTING
from clfj_data.site import write_edition

PROGRAMME = load_programme()
STAFF_ROW = (
    "secret-shelter,Apr 2022,Shelter home in Sikar opens its doors,A staff-only description,"
    "A staff-only rationale,Rajasthan,Sikar,Care and health,,,,"
    + "," * 7  # no Hindi, no translation status
    + ",staff"
)


def with_staff_only(shipped_file: bytes) -> bytes:
    """The shipped table with a visibility column and one staff-only milestone added."""
    lines = shipped_file.decode("utf-8").rstrip("\n").split("\n")
    return "\n".join(
        [lines[0] + ",visibility", *(line + ",public" for line in lines[1:]), STAFF_ROW]
    ).encode()


class Head(HTMLParser):
    """The meta tags (by property or name), the canonical link, every src and href."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.sources, self.links = {}, None, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            self.meta[key] = attrs.get("content")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        for name in ("src", "data-figure", "data-plotly"):
            if name in attrs:
                self.sources.append(attrs[name])
        if tag == "a":
            self.links.append(attrs.get("href"))


def parsed(page: bytes) -> Head:
    head = Head()
    head.feed(page.decode("utf-8"))
    return head


@pytest.fixture(scope="module")
def edition(shipped) -> dict[str, bytes]:
    """The shipped data's edition without a public address (made once: the tests below only read it)."""
    return build_edition(shipped, PROGRAMME, base_url="", timeline="script")


@pytest.mark.unit
def test_the_edition_holds_every_public_fact_of_the_shipped_data_verbatim(edition, shipped_rows, repo):
    page = edition["index.html"].decode("utf-8")
    framing = tomllib.loads((repo / "data" / "programme.toml").read_text(encoding="utf-8"))
    for name in ("name", "heading", "intro", "partnership", "timeline_heading", "source_url"):
        assert html.escape(framing[name]) in page, name
    for row in shipped_rows:
        for column in ("date", "title", "description", "rationale", "sector", "place", "source"):
            assert html.escape(row[column]) in page, (row["id"], column)
        for state in row["states"].split(";"):
            assert html.escape(state.strip()) in page
        assert f'<article id="{row["id"]}">' in page
    assert page.count('<div class="why">') == len(shipped_rows)


@pytest.mark.unit
def test_no_staff_only_milestone_reaches_any_file_of_the_edition(shipped_file):
    frame = load_milestones(with_staff_only(shipped_file)).milestones
    assert (frame["visibility"] == "staff").sum() == 1
    files = build_edition(frame, PROGRAMME, base_url="", timeline="script")
    for name, data in files.items():
        for secret in (b"secret-shelter", b"Shelter home in Sikar", b"staff-only", b"Sikar"):
            assert secret not in data, (name, secret)
    page = files["index.html"].decode("utf-8")
    assert page.count("<article ") == 10 and "Results: 10 systemic changes" in page


@pytest.mark.unit
def test_a_shared_link_previews_with_title_description_and_a_1200_by_630_picture(shipped):
    files = build_edition(
        shipped, PROGRAMME, base_url="https://results.example.org/story?step=3", timeline="script"
    )
    head = parsed(files["index.html"])
    canonical = "https://results.example.org" + EDITION_PATH
    assert head.canonical == canonical == head.meta["og:url"]
    assert head.meta["og:title"] == "Child Labour Free Jaipur: Results"
    assert head.meta["og:description"].startswith(
        "10 systemic changes in 2 states (Bihar and Rajasthan) and 6 sectors, Feb 2019 to Mar 2022. "
    )
    assert head.meta["description"] == head.meta["og:description"]
    assert head.meta["twitter:card"] == "summary_large_image"
    image = head.meta["og:image"]
    assert image.startswith(canonical) and head.meta["twitter:image"] == image
    with Image.open(io.BytesIO(files[image.removeprefix(canonical)])) as picture:
        assert (picture.format, picture.size) == ("PNG", (1200, 630))
    assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")


@pytest.mark.unit
def test_the_edition_fetches_nothing_from_elsewhere(edition):
    head = parsed(edition["index.html"])
    assert head.sources and all(source in edition for source in head.sources)
    assert all(href.startswith(("#", "../", "https://www.clfjaipur.org/")) for href in head.links)
    figure = json.loads(edition[next(s for s in head.sources if s.endswith(".json"))])
    assert {trace["type"] for trace in figure["data"]} == {"scatter"}


@pytest.mark.unit
def test_without_a_public_address_the_preview_picture_is_named_beside_the_page(edition):
    head = parsed(edition["index.html"])
    assert head.canonical is None and re.fullmatch(r"preview\.[0-9a-f]{12}\.png", head.meta["og:image"])


# The folder, written on publish.

EDITED = b"Mar 2022,Bihar child"


def publish(engine, data: bytes, note: str):
    return publishing.publish_version(engine, data, "milestones.csv", by=Staff("Asha", "test"), note=note)


@pytest.mark.unit
def test_every_publish_and_restore_rewrites_the_edition_where_the_site_folder_is_set(
    tmp_path, monkeypatch, shipped_file
):
    folder = tmp_path / "site" / "results"
    monkeypatch.setenv(SITE_SETTING, str(folder))
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent")  # the timeline by script: no browser to start
    engine = store.connect(f"sqlite:///{tmp_path / 'clfj.sqlite3'}")
    store.ensure_ready(engine)
    publish(engine, shipped_file.replace(EDITED, b"Apr 2022,Bihar child"), "April")
    assert "Version 2, published" in (folder / "index.html").read_text(encoding="utf-8")
    assert "Apr 2022" in (folder / "index.html").read_text(encoding="utf-8")
    publishing.rollback(engine, 1, by=Staff("Asha", "test"), note="back")
    assert "Version 3, published" in (folder / "index.html").read_text(encoding="utf-8")
    publish(engine, with_staff_only(shipped_file), "one for staff")
    assert "Sikar" not in (folder / "index.html").read_text(encoding="utf-8")
    kept = sorted(path.name for path in folder.parent.iterdir() if path.is_dir() and not path.is_symlink())
    assert len(kept) == 2  # the edition, and the one before for a reader still loading its files


@pytest.mark.slow
def test_a_reader_during_publishes_always_gets_a_whole_edition(tmp_path, monkeypatch, shipped_file):
    folder = tmp_path / "results"
    monkeypatch.setenv(SITE_SETTING, str(folder))
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent")  # the timeline by script: no browser to start
    engine = store.connect(f"sqlite:///{tmp_path / 'clfj.sqlite3'}")
    store.ensure_ready(engine)
    write_edition(engine, folder)
    done, seen, broken = threading.Event(), [], []

    def read():
        while not done.is_set():
            try:
                page = (folder / "index.html").read_bytes()
                assets = [(folder / source).read_bytes() for source in parsed(page).sources]
            except OSError as error:
                broken.append(repr(error))
                continue
            if not (page.startswith(b"<!DOCTYPE html>") and page.endswith(b"</html>\n") and all(assets)):
                broken.append(page[-60:])
            seen.append(int(re.search(rb"Version (\d+), published", page)[1]))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for month in ("Apr", "May", "Jun", "Jul", "Aug", "Sep"):
            publish(engine, shipped_file.replace(EDITED, f"{month} 2022,Bihar child".encode()), month)
    finally:
        done.set()
        reader.join()
    assert broken == []
    assert len(set(seen)) >= 3 and seen == sorted(seen) and seen[-1] == 7


@pytest.mark.slow
def test_the_command_line_writes_an_older_version_and_refuses_a_folder_it_did_not_make(tmp_path):
    env = {**os.environ, "CLFJ_DATABASE_URL": f"sqlite:///{tmp_path / 'clfj.sqlite3'}", "BROWSER_PATH": "/x"}
    env.pop(SITE_SETTING, None)

    def run(*args):
        command = [sys.executable, "-m", "clfj_data", "site", *map(str, args)]
        return subprocess.run(command, capture_output=True, text=True, env=env)

    done = run(tmp_path / "out", "--version", 1)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Wrote the public edition of version 1 to {tmp_path / 'out'}"
    assert "Version 1, published" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert run(tmp_path / "out", "--version", 9).returncode == 1
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    refused = run(tmp_path / "mine")
    assert refused.returncode == 2 and "is not an edition" in refused.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


# The offline report shares the app's plotly.js.


@pytest.mark.unit
def test_the_offline_report_embeds_the_apps_plotly_and_stays_under_one_and_a_half_mb(shipped):
    from clfj_data import charts
    from clfj_data.report import to_html
    from clfj_data.webpage import PLOTLY_BUNDLE, PLOTLY_TRACES

    report = to_html(shipped, PROGRAMME)
    assert len(report) <= 1.5 * 2**20
    assert PLOTLY_BUNDLE.read_bytes().decode("utf-8") in report.decode("utf-8")
    for figure in (charts.timeline_figure, charts.state_counts_figure, charts.sector_counts_figure):
        assert {trace.type for trace in figure(shipped).data} <= PLOTLY_TRACES, figure.__name__


@pytest.mark.unit
def test_the_bundle_registers_exactly_the_traces_the_pages_may_use(repo):
    """plotly.js's core holds scatter; the entry registers the others."""
    from clfj_data.webpage import PLOTLY_TRACES

    entry = (repo / "clfj_ui" / "assets" / "bundle" / "entry.js").read_text()
    registered = {"scatter", *re.findall(r'require\("plotly\.js/lib/(\w+)"\)', entry)} - {"core"}
    assert registered == PLOTLY_TRACES


@pytest.mark.unit
def test_the_edition_folder_path_is_what_the_nginx_site_serves(repo):
    site = (repo / "deploy" / "nginx" / "clfj.conf").read_text()
    assert f"location ^~ {EDITION_PATH} {{" in site


@pytest.mark.unit
@pytest.mark.parametrize(
    ("site", "sectors", "scanned"),
    [
        ("published", (), "https://results.example.org/results/"),
        ("published", ("Justice",), "https://results.example.org/?sector=Justice"),
        ("empty", (), "https://results.example.org/"),
        ("", (), "https://results.example.org/"),
    ],
    ids=["edition", "filtered", "not-yet-written", "no-edition"],
)
def test_a_phone_is_sent_to_the_edition_where_one_is_published_and_no_filter_narrows_the_view(
    monkeypatch, tmp_path, site, sectors, scanned
):
    from clfj_data.filters import Filters
    from clfj_data.links import phone_link

    folder = tmp_path / "edition"
    folder.mkdir()
    if site == "published":
        (folder / "index.html").write_text("<!doctype html><title>Results</title>")
    monkeypatch.setenv(SITE_SETTING, str(folder) if site else "")
    assert phone_link("https://results.example.org/", Filters(sectors=sectors)) == scanned


@pytest.mark.unit
def test_a_milestones_photo_is_a_file_beside_the_page_with_its_alt_text_and_credit():
    from pictures import camera_jpeg, with_photo

    from clfj_data.load import load_upload
    from clfj_data.uploads import Media, Upload

    alt, credit = 'A hearing room <img src=x onerror="alert(1)">', "Photograph: A. Name, © Owner 2018"
    data = with_photo("testimony-by-videoconference", "hearing.jpg", alt, credit)
    result = load_upload(Upload("milestones.csv", data, Media({"hearing.jpg": camera_jpeg})))
    files = build_edition(
        result.milestones, PROGRAMME, pictures=result.pictures, base_url="", timeline="script"
    )
    page = files["index.html"].decode("utf-8")
    (path,) = [name for name in files if name.startswith("photos/")]
    assert files[path] == result.pictures["hearing.jpg"].data
    assert f'<img src="{path}" alt="{html.escape(alt)}"' in page and 'loading="lazy"' in page
    assert f"<figcaption>{html.escape(credit)}</figcaption>" in page and "<img src=x" not in page


@pytest.mark.slow
def test_where_a_browser_can_draw_it_the_wide_timeline_is_an_svg_drawn_beforehand(shipped, kaleido):
    files = build_edition(shipped, PROGRAMME, base_url="")
    head = parsed(files["index.html"])
    (svg,) = [source for source in head.sources if source.endswith(".svg")]
    drawn = " ".join(re.sub(r"<[^>]+>", " ", files[svg].decode("utf-8")).split())
    assert all(" ".join(title.split()) in drawn for title in shipped["title"])  # every headline, drawn
    assert not [name for name in files if name.endswith(".js")]  # and no plotly.js to load


@pytest.mark.unit
@pytest.mark.parametrize("base_url", ["", "https://results.example.org/"])
def test_the_edition_has_a_hindi_page_and_each_names_the_other_by_hreflang(shipped, base_url):
    files = build_edition(shipped, PROGRAMME, base_url=base_url, timeline="script")
    english, hindi = (files[name].decode("utf-8") for name in ("index.html", "hi/index.html"))
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert hindi.startswith('<!DOCTYPE html>\n<html lang="hi">')
    alternates = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)">')
    if base_url:
        edition = parsed(files["index.html"]).canonical
        assert edition.endswith(EDITION_PATH)
        expected = {"en": edition, "hi": edition + "hi/", "x-default": edition}
        assert dict(alternates.findall(english)) == dict(alternates.findall(hindi)) == expected
        assert parsed(files["hi/index.html"]).canonical == edition + "hi/"
    else:
        assert dict(alternates.findall(english)) == {"en": "./", "hi": "hi/", "x-default": "./"}
        assert dict(alternates.findall(hindi)) == {"en": "../", "hi": "../hi/", "x-default": "../"}
    # The Hindi page's words, dates and assets: every file it names is in the edition.
    assert "आश्रय गृहों में हर बच्चे की व्यक्तिगत देखभाल योजना होगी" in hindi and "फ़रवरी 2019" in hindi
    for source in parsed(files["hi/index.html"]).sources:
        assert source.startswith("../") and source.removeprefix("../") in files, source
    assert 'href="../../?lang=hi"' in hindi  # Explore the data: the dashboard, in Hindi
