"""The data page through AppTest: who sees what, upload, preview, publish, stale previews, rollback."""

import io
import json
import logging
import re
import sqlite3
from zoneinfo import ZoneInfo

import apptest_events
import pytest
from appserver import IDENTITY_PROVIDER, REPO, STAFF_PASSWORD
from streamlit.testing.v1 import AppTest

from clfj_data import shipped_milestones_path, store
from clfj_data.auth import Staff
from clfj_data.markup import escape_markdown

pytestmark = pytest.mark.apptest

SHIPPED = shipped_milestones_path().read_bytes()
EDITED = SHIPPED.replace(b"Mar 2022,Bihar child", b"Apr 2022,Bihar child")  # one date changes
REWORDED = SHIPPED.replace(b"convictions creates deterrence", b"convictions builds deterrence")
BAD = b"date,description,rationale,states\nMar 2022,Courts use video.,Kids,Rajastan\n03/04/2022,B.,R,\n"


@pytest.fixture(scope="session")
def edited() -> bytes:
    """The shipped file with one date changed."""
    return EDITED


@pytest.fixture
def engine(app_engine):
    return app_engine


def data_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    at.switch_page("pages/data.py")
    return at.run()


def signed_in(name: str = "Asha") -> AppTest:
    at = data_page()
    at.text_input(key="data_name").input(name)
    at.text_input(key="data_password").input(STAFF_PASSWORD)
    at.button[[b.label for b in at.button].index("Sign in")].click()
    return at.run()


def table_with(at: AppTest, column: str):
    """The value of the first table that has ``column``: a grid, or a table of a few rows (whose
    cells are Markdown, escaped: read as a person sees them)."""
    grids = [d.value for d in at.dataframe]
    tables = [t.value.map(lambda cell: re.sub(r"\\(.)", r"\1", cell)) for t in at.table]
    return next(frame for frame in [*grids, *tables] if column in frame.columns)


def history(at: AppTest) -> list[str]:
    """The version history's lines, newest first (Markdown: names and notes escaped)."""
    return [m.value for m in at.markdown if m.value.startswith("**Version ") and " · " in m.value]


def banner(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Data "))


def uploaders(at: AppTest) -> list:
    return at.get("file_uploader")


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    uploaders(at)[0].upload(name, content, "text/csv")
    return at.run()


def test_a_visitor_sees_history_and_downloads_but_no_uploader(engine):
    at = data_page()
    assert not at.exception
    assert not uploaders(at)
    assert "Publish" not in [b.label for b in at.button]
    labels = [d.label for d in at.get("download_button")]
    assert {"Current data (CSV)", "Current data (XLSX)", "Blank template (CSV)"} <= set(labels)
    loaded = store.current_version(engine).published_at.astimezone(ZoneInfo("Asia/Kolkata"))
    # What version 1 is comes first; when this database was first set up, last.
    assert history(at) == [
        "**Version 1** :green-badge[Current] · "
        + escape_markdown(
            "The programme's published results, as shipped from its public results page "
            f"(https://www.clfjaipur.org/results/) · 10 milestones · loaded {loaded:%-d %b %Y at %H:%M} IST"
        )
    ]
    assert not at.dataframe and not at.table  # a list to read, not a grid
    details = [m.value for m in at.markdown if m.value.startswith("**Version 1**:")]
    assert details == ["**Version 1**: the programme's published results, as shipped, with 10 milestones."]
    # Its note says what its history line and first line say: it is not said a third time.
    assert not [t.value for t in at.text if t.value.startswith("Note:")]
    assert f"Loaded into this database {loaded:%-d %b %Y at %H:%M} IST, when it was first set up." in [
        c.value for c in at.caption
    ]


def test_version_1_is_worded_as_the_shipped_results_in_hindi(engine):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    at.query_params["lang"] = "hi"
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    (line,) = [m.value for m in at.markdown if m.value.startswith("**संस्करण ") and " · " in m.value]
    assert line.startswith(
        "**संस्करण 1** :green-badge[वर्तमान] · "
        + escape_markdown(
            "कार्यक्रम के प्रकाशित परिणाम, उसके सार्वजनिक परिणाम पृष्ठ (https://www.clfjaipur.org/results/) से"
        )
    )
    assert line.endswith("भारतीय मानक समय को लोड किया गया") and "10 पड़ाव" in line
    details = [m.value for m in at.markdown if m.value.startswith("**संस्करण 1**:")]
    assert details == ["**संस्करण 1**: कार्यक्रम के प्रकाशित परिणाम, जैसे वे डैशबोर्ड के साथ आए, 10 पड़ावों के साथ।"]


def test_a_wrong_password_opens_nothing(engine):
    at = data_page()
    at.text_input(key="data_name").input("Mallory")
    at.text_input(key="data_password").input("guess")
    at.button[[b.label for b in at.button].index("Sign in")].click().run()
    assert "not right" in at.error[0].value
    assert not uploaders(at)


def test_without_a_configured_password_the_page_says_how_to_turn_sign_in_on(engine, monkeypatch, caplog):
    monkeypatch.delenv("CLFJ_STAFF_PASSWORD")
    with caplog.at_level(logging.WARNING):
        at = data_page()
    assert not uploaders(at) and "data_password" not in [t.key for t in at.text_input]
    assert [i.value for i in at.info] == [
        "Staff sign-in is off on this server. An administrator turns it on by setting the "
        "`CLFJ_STAFF_PASSWORD` environment variable (or `staff_password` in `.streamlit/secrets.toml`) "
        "and restarting the app; staff then sign in here with that password."
    ]
    assert [r.getMessage() for r in caplog.records if "CLFJ_STAFF_PASSWORD" in r.getMessage()] == [
        "Staff sign-in is not set up: set CLFJ_STAFF_PASSWORD or staff_password in secrets."
    ]
    at.run()  # once a session, not on every run
    assert sum("CLFJ_STAFF_PASSWORD" in r.getMessage() for r in caplog.records) == 1


def test_the_staff_password_opens_the_uploader(engine):
    at = signed_in()
    assert uploaders(at)
    assert any("Signed in as Asha" in c.value for c in at.caption)


def test_a_file_with_errors_lists_them_by_row_and_publishes_nothing(engine):
    at = upload(signed_in(), "bad.csv", BAD)
    problems = [t.value for t in at.text if t.value.startswith("Row ")]
    assert [p.split(":")[0] for p in problems] == ["Row 2, column 'states'", "Row 3, column 'date'"]
    assert "Publish" not in [b.label for b in at.button]
    assert len(store.history(engine)) == 1


def test_preview_diff_then_publish_with_a_note(engine, edited):
    at = upload(signed_in(), "edited.csv", edited)
    assert at.text_input(key="data_note").placeholder == "Required: the button needs a note"
    diff = table_with(at, "Change")
    assert list(diff["Change"]) == ["changed"] and list(diff["Fields changed"]) == ["date"]
    at.button(key="data_publish").click().run()  # without the required note
    assert "note" in at.error[0].value and len(store.history(engine)) == 1
    at.text_input(key="data_note").input("Bihar committees: April, not March")
    at.button(key="data_publish").click().run()
    latest = store.current_version(engine)
    assert (latest.version, latest.published_by, latest.file_name) == (2, "Asha", "edited.csv")
    assert "Published version 2" in at.success[0].value
    assert any("by Asha" in c.value for c in at.caption)  # the banner


def test_publish_refuses_a_preview_made_against_an_older_version(engine, edited, shipped_file):
    at = upload(signed_in(), "edited.csv", edited)
    other = shipped_file.replace(b"Feb 2019", b"Mar 2019")
    store.publish_version(engine, other, "other.csv", by=Staff("Bo", "password"), note="someone else")
    at.text_input(key="data_note").input("mine")
    at.button(key="data_publish").click().run()
    assert store.current_version(engine).published_by == "Bo"
    assert "was published since the preview" in at.error[0].value
    diff = table_with(at, "Change")
    assert set(diff["Fields changed"]) == {"date"} and len(diff) == 2  # now against version 2


def test_staff_can_restore_an_older_version(engine, edited):
    store.publish_version(engine, edited, "edited.csv", by=Staff("Bo", "password"), note="edit")
    at = signed_in()
    at.selectbox(key="data_version").set_value(1).run()
    # Before the button: what restoring would change in the current version, milestone by milestone.
    said = [m.value for m in at.markdown if m.value.startswith("Restoring version 1")]
    assert said == ["Restoring version 1 makes it current again: 1 changed from version 2."], said
    restoring = table_with(at, "Fields changed")  # version 1 has no diff of its own to show
    assert list(restoring["Fields changed"]) == ["date"] and "Bihar" in restoring["Headline"].iloc[0]
    note = at.text_input(key="data_rollback_note")
    assert note.label == "Note for restoring version 1 (required): why"
    assert note.placeholder == "Required: the button needs a note"
    at.button(key="data_rollback").click().run()  # without the note: refused, nothing stored
    assert any("note" in e.value for e in at.error) and store.current_version(engine).version == 2
    at.text_input(key="data_rollback_note").input("back to the page's dates")
    at.button(key="data_rollback").click().run()
    latest = store.current_version(engine)
    assert (latest.version, latest.restores, latest.published_by) == (3, 1, "Asha")
    assert store.read_milestones(engine, 3).equals(store.read_milestones(engine, 1))


def test_visitors_cannot_restore(engine, edited):
    store.publish_version(engine, edited, "edited.csv", by=Staff("Bo", "password"), note="edit")
    at = data_page()
    at.selectbox(key="data_version").set_value(1).run()
    assert "data_rollback" not in [b.key for b in at.button]


def test_with_an_identity_provider_staff_sign_in_goes_through_it(engine):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    at.secrets["auth"] = IDENTITY_PROVIDER
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    assert "Staff sign-in" in [b.label for b in at.button]
    assert "data_password" not in [t.key for t in at.text_input]
    assert not uploaders(at)


def test_every_page_says_the_shipped_data_is_the_programmes_results_page(engine):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    for page in ("overview", "timeline", "breakdown", "milestones", "data"):
        at.switch_page(f"pages/{page}.py")
        at.run()
        # The caption is Markdown: its text is escaped to show as written.
        assert banner(at) == escape_markdown("Data from the programme's public results page (version 1).")


def test_the_banner_says_when_the_data_last_changed_and_only_staff_see_by_whom(engine, edited):
    store.publish_version(engine, edited, "edited.csv", by=Staff("Bo (field office)", "password"), note="e")
    published = store.current_version(engine).published_at
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    published = published.astimezone(ZoneInfo("Asia/Kolkata"))
    expected = f"Data last updated {published:%-d %b %Y at %H:%M} IST (version 2)."
    assert banner(at) == escape_markdown(expected)  # a visitor: when, not who
    staff = banner(signed_in())
    assert staff == escape_markdown(expected.replace(" (version", " by Bo (field office) (version"))


def test_an_open_session_shows_a_new_version_at_its_next_rerun(engine, edited):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    at.switch_page("pages/milestones.py").run()
    assert banner(at).endswith(escape_markdown("(version 1)."))
    assert apptest_events.milestones_table(at).set_index("id").at["bihar-cpc-dashboard", "Date"] == "Mar 2022"
    store.publish_version(engine, edited, "edited.csv", by=Staff("Bo", "password"), note="edit")
    at.run()
    assert banner(at).endswith(escape_markdown("IST (version 2)."))
    assert apptest_events.milestones_table(at).set_index("id").at["bihar-cpc-dashboard", "Date"] == "Apr 2022"


def test_each_version_shows_what_it_changed_from_the_one_before(engine, edited):
    store.publish_version(engine, edited, "edited.csv", by=Staff("Bo", "password"), note="edit")
    at = data_page()
    newest, first = history(at)
    assert newest.startswith("**Version 2** :green-badge[Current] · ")
    # A visitor reads when, not who.
    assert newest.endswith(escape_markdown("IST · “edit” · 10 milestones · 1 changed"))
    assert first.startswith("**Version 1** · The programme") and " · 10 milestones · loaded " in first
    at.selectbox(key="data_version").set_value(2).run()
    diff = table_with(at, "Change")
    assert list(zip(diff["Milestone id"], diff["Fields changed"], strict=True)) == [
        ("bihar-cpc-dashboard", "date")
    ]


def test_only_staff_may_download_a_file_as_it_was_uploaded(engine, shipped_file):
    """The original carries every sheet and column the loader ignored, formulas unguarded."""
    store.publish_version(engine, EDITED, "milestones.csv", by=Staff("Asha", "test"), note="edited")
    visitor = data_page()
    labels = [b.label for b in visitor.get("download_button")]
    assert "Version 2 (CSV)" in labels and "Version 2 (XLSX)" in labels
    assert not [label for label in labels if label.startswith("Uploaded file")]
    staff = signed_in()
    # Named for the file it gives: "milestones.csv", Markdown-escaped in the label.
    assert "Uploaded file (milestones\\.csv)" in [b.label for b in staff.get("download_button")]


def uploaded_file_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button") if b.label.startswith("Uploaded file")]


def test_the_uploaded_file_is_offered_only_for_a_version_made_from_an_upload(engine):
    """The shipped data was never uploaded, and a restore uploads nothing: it names the version
    it restored instead."""
    store.publish_version(engine, EDITED, "edited.csv", by=Staff("Bo", "test"), note="edited")
    store.rollback(engine, 1, by=Staff("Bo", "test"), note="back")
    at = signed_in()
    assert at.selectbox(key="data_version").value == 3
    assert uploaded_file_labels(at) == []
    assert "Restores version 1." in [c.value for c in at.caption]
    at.selectbox(key="data_version").set_value(2).run()
    assert uploaded_file_labels(at) == ["Uploaded file (edited\\.csv)"]
    at.selectbox(key="data_version").set_value(1).run()
    assert uploaded_file_labels(at) == []


def test_a_publish_against_a_locked_database_says_so_and_writes_nothing(engine, edited, tmp_path):
    at = upload(signed_in(), "edited.csv", edited)
    at.text_input(key="data_note").input("Bihar committees: April, not March")
    writer = sqlite3.connect(tmp_path / "clfj.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        at.button(key="data_publish").click().run(timeout=60)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert not at.exception
    assert "nothing was published" in at.error[0].value
    assert len(store.history(engine)) == 1


def markdown_with(at: AppTest, text: str) -> list[str]:
    return [m.value for m in at.markdown if text in m.value]


def test_the_preview_shows_each_changed_field_before_and_after_with_its_words_marked(engine):
    at = upload(signed_in(), "reworded.csv", REWORDED)
    assert not at.exception
    shown, hindi = markdown_with(at, "Before:")  # the Hindi no longer says it, so is left out
    field, before, after = shown.split("  \n")[:3]
    assert field == "*rationale*"  # as the file's header names it, as every message does
    assert hindi.startswith("*rationale\\_hi*")
    assert before.startswith("Before: A series of well\\-publicised convictions :red[~~creates~~] deterrence")
    assert after.startswith("After: A series of well\\-publicised convictions :green[**builds**] deterrence")
    title = "Jaipur Judiciary has handed down 11 convictions of traffickers since August 2019"
    assert markdown_with(at, escape_markdown(title))
    (chart,) = [c for c in at.get("bidi_component") if c.proto.component_name.endswith("clfj_chart")]
    names = {trace["name"] for trace in json.loads(json.loads(chart.proto.json)["spec"])["data"]}
    assert {"Changed (1)", "Unchanged (9)"} <= names


def test_the_preview_lists_added_and_removed_milestones_by_title(engine):
    lines = SHIPPED.decode("utf-8").splitlines(keepends=True)
    removed_title = lines[1].split(",")[2]
    added = lines[2].replace("jaipur-trafficking-convictions", "jaipur-second-convictions", 1)
    added = added.replace("has handed down 11", "hands down a 12th").rstrip("\n")
    kept = "".join(lines[2:]).rstrip("\n")
    at = upload(signed_in(), "changed.csv", f"{lines[0]}{kept}\n{added}\n".encode())
    assert not at.error
    assert any(escape_markdown(removed_title) in m for m in markdown_with(at, "**Removed** (1)"))
    assert any("hands down a 12th" in m for m in markdown_with(at, "**Added** (1)"))
    # An added milestone shows what to check before publishing: its date, states and sector.
    assert any("Mar 2022 · Rajasthan · Jaipur · Justice" in m for m in markdown_with(at, "**Added** (1)"))


def test_an_identical_file_cannot_be_published_and_the_page_says_why(engine):
    resaved = SHIPPED.replace(b"\n", b"\r\n")  # other bytes, the same milestones
    at = upload(signed_in(), "resaved.csv", resaved)
    assert at.info[0].value == (
        "Publish is off: this file holds exactly the milestones of version 1, "
        "so a new version would change nothing."
    )
    assert at.button(key="data_publish").disabled
    assert len(store.history(engine)) == 1 and not at.exception


def tick_new_names(at: AppTest) -> AppTest:
    """Say yes to the new sectors and states the preview names."""
    key = next(c.key for c in at.checkbox if c.key.startswith("data_new_names_"))
    return at.checkbox(key=key).check().run()


def test_a_new_sector_by_typo_is_named_with_its_row_and_waits_for_a_tick(engine):
    typo = SHIPPED.replace(b"Care and health", b"Helthcare", 1)
    at = upload(signed_in(), "typo.csv", typo)
    assert not at.exception
    (said,) = [w.value.replace("\\", "") for w in at.warning if "filters and counts" in w.value]
    assert "- New sector 'Helthcare' (row 4)" in said
    assert at.button(key="data_publish").disabled
    assert len(store.history(engine)) == 1  # nothing stored
    tick_new_names(at)
    at.text_input(key="data_note").input("A new sector, on purpose")
    at.button(key="data_publish").click().run()
    assert store.current_version(engine).version == 2


def test_a_new_title_alone_can_be_published_and_the_same_sheet_again_cannot(engine):
    sheet = (REPO / "tests" / "fixtures" / "timelinejs-19-columns.csv").read_bytes()
    at = upload(signed_in(), "timeline.csv", sheet)
    tick_new_names(at)  # another programme's sheet: its sectors are new here
    at.text_input(key="data_note").input("The TimelineJS sheet")
    at.button(key="data_publish").click().run()
    assert "Published version 2" in at.success[0].value
    at = upload(at, "timeline.csv", sheet)  # the same sheet again: nothing would change
    assert at.button(key="data_publish").disabled
    assert any("would change nothing" in i.value for i in at.info)
    retitled = sheet.replace(b"Women in Computing (test sample)", b"Women who shaped computing (test sample)")
    at = upload(at, "retitled.csv", retitled)
    assert any("the title or the eras change" in i.value for i in at.info)
    assert not at.button(key="data_publish").disabled
    at.text_input(key="data_note").input("A new title")
    at.button(key="data_publish").click().run()
    assert "Published version 3" in at.success[0].value
    assert store.read_framing(engine, 3).title["headline"] == "Women who shaped computing (test sample)"


def test_after_publishing_the_forms_clear_and_the_message_links_to_the_timeline(engine):
    at = upload(signed_in(), "edited.csv", EDITED)
    at.text_input(key="data_note").input("Bihar committees: April")
    at.button(key="data_publish").click().run()
    assert "Published version 2" in at.success[0].value
    (link,) = at.main.get("page_link")  # the sidebar holds the six pages' links
    assert link.proto.label == "See version 2 on the timeline" and link.proto.page.endswith("timeline")
    assert "data_note" not in [t.key for t in at.text_input]
    assert not uploaders(at)[0].value  # the uploader is a fresh one
    at = upload(at, "reworded.csv", REWORDED)
    assert at.text_input(key="data_note").value == ""


def test_a_restore_that_would_change_nothing_is_off(engine):
    store.publish_version(engine, EDITED, "edited.csv", by=Staff("Bo", "password"), note="edit")
    store.rollback(engine, 1, by=Staff("Bo", "password"), note="back")
    at = signed_in()
    at.selectbox(key="data_version").set_value(1).run()
    assert any("holds exactly the milestones of version 3, the current one" in i.value for i in at.info)
    assert at.button(key="data_rollback").disabled
    at.selectbox(key="data_version").set_value(2).run()
    assert not at.button(key="data_rollback").disabled


def test_staff_upload_a_spreadsheet_and_its_photo_at_once_and_the_detail_dialog_shows_it(engine):
    from pictures import camera_jpeg, scene, with_photo

    milestone = "testimony-by-videoconference"
    sheet = with_photo(milestone, "hearing.jpg", "A hearing room", "Photograph: A. Name")
    at = signed_in()
    files = [("milestones.csv", sheet, "text/csv"), ("hearing.jpg", camera_jpeg(), "image/jpeg")]
    uploaders(at)[0].set_value(files).run()
    assert not at.exception and "10 milestones and 1 picture, no problems" in at.success[0].value
    at.text_input(key="data_note").input("A photo of the hearing room")
    at.button(key="data_publish").click().run()
    assert store.current_version(engine).version == 2

    at.query_params["milestone"] = milestone
    at.switch_page("pages/milestones.py").run()
    (image,) = [img for element in at.get("image") for img in element.proto.imgs]
    assert image.alt == "A hearing room" and "/media/" in image.url  # served by the app itself
    assert escape_markdown("Photograph: A. Name") in [c.value for c in at.caption]

    # The same spreadsheet with another photo under the same name: a change, ready to publish.
    other = io.BytesIO()
    scene(900, 600).rotate(180).save(other, "JPEG")
    at.switch_page("pages/data.py").run()
    uploaders(at)[0].set_value([files[0], ("hearing.jpg", other.getvalue(), "image/jpeg")]).run()
    diff = table_with(at, "Change")
    assert list(diff["Fields changed"]) == ["image"]
    assert not at.button(key="data_publish").disabled


def test_a_refused_photo_is_named_by_row_and_column(engine):
    from pictures import png_zip_polyglot, with_photo

    sheet = with_photo("testimony-by-videoconference", "hearing.png", "A hearing room")
    at = signed_in()
    uploaders(at)[0].set_value(
        [("m.csv", sheet, "text/csv"), ("hearing.png", png_zip_polyglot(), "image/png")]
    )
    at.run()
    (problem,) = [t.value for t in at.text if t.value.startswith("Row ")]
    assert problem.startswith("Row 5, column 'image': hearing.png was refused.")
    assert "Publish" not in [b.label for b in at.button] and len(store.history(engine)) == 1


# The staff journey: signing in, a file that cannot be read, and the version just published


def in_order(node):
    """Every element under ``node`` in the order the page shows them."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for child in children.values():
        yield from in_order(child)


def test_the_sign_in_sits_near_the_top_above_the_downloads_and_the_history(engine):
    at = data_page()
    shown = list(in_order(at.main))
    sign_in = next(i for i, e in enumerate(shown) if getattr(e, "key", None) == "data_name")
    headers = {e.value: i for i, e in enumerate(shown) if e.type == "header"}
    assert sign_in < headers["Download"] < headers["Version history"]


def test_a_wrong_password_says_how_long_to_wait(engine):
    at = data_page()
    at.text_input(key="data_name").input("Mallory")
    at.text_input(key="data_password").input("guess")
    at.button[[b.label for b in at.button].index("Sign in")].click().run()
    assert [e.value for e in at.error] == ["That password is not right. Try again in 1 second."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The file is empty."),
        ("court.jpg", b"\x89PNG", "There is no spreadsheet (CSV or XLSX)"),
    ],
)
def test_what_cannot_be_read_says_why_naming_the_file(engine, name, content, message):
    at = upload(signed_in(), name, content)
    said = f"**{escape_markdown(name)}** cannot be read. {escape_markdown(message)}"
    assert len(at.error) == 1 and at.error[0].value.startswith(said)
    assert not at.get("expander") and not at.exception


def test_right_after_publishing_the_new_version_is_shown_as_current_with_no_restore(engine):
    at = signed_in()
    assert at.selectbox(key="data_version").value == 1
    at = upload(at, "edited.csv", EDITED)
    at.text_input(key="data_note").input("Bihar committees: April")
    at.button(key="data_publish").click().run()
    shown = at.selectbox(key="data_version")
    assert shown.value == 2 and shown.format_func(shown.value) == "Version 2 (current)"
    assert "data_rollback" not in [b.key for b in at.button]
