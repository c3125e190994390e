"""The data page through AppTest: who sees what, upload, preview, publish, stale previews, rollback."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from clfj_data import shipped_milestones_path, store
from clfj_data.auth import Staff
from clfj_data.markup import escape_markdown

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
SHIPPED = shipped_milestones_path().read_bytes()
EDITED = SHIPPED.replace(b"Mar 2022,Bihar child", b"Apr 2022,Bihar child")  # one date changes
BAD = b"date,description,rationale,states\nMar 2022,Courts use video.,Kids,Rajastan\n03/04/2022,B.,R,\n"


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    monkeypatch.setenv("CLFJ_DATABASE_URL", url)
    monkeypatch.setenv("CLFJ_STAFF_PASSWORD", PASSWORD)
    engine = store.connect(url)
    store.ensure_ready(engine)
    return engine


def data_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    at.switch_page("pages/data.py")
    return at.run()


def signed_in(name: str = "Asha") -> AppTest:
    at = data_page()
    at.text_input(key="data_name").input(name)
    at.text_input(key="data_password").input(PASSWORD)
    at.button[[b.label for b in at.button].index("Sign in")].click()
    return at.run()


def table_with(at: AppTest, column: str):
    """The value of the first table that has ``column`` (tables without selection carry no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


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
    history = table_with(at, "published (UTC)")
    assert list(history["version"]) == [1] and list(history["by"]) == [store.SHIPPED_BY]


def test_a_wrong_password_opens_nothing(engine):
    at = data_page()
    at.text_input(key="data_name").input("Mallory")
    at.text_input(key="data_password").input("guess")
    at.button[[b.label for b in at.button].index("Sign in")].click().run()
    assert "not right" in at.error[0].value
    assert not uploaders(at)


def test_without_a_configured_password_sign_in_is_off(engine, monkeypatch):
    monkeypatch.delenv("CLFJ_STAFF_PASSWORD")
    at = data_page()
    assert "not set up" in at.info[0].value
    assert not uploaders(at)


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


def test_preview_diff_then_publish_with_a_note(engine):
    at = upload(signed_in(), "edited.csv", EDITED)
    diff = table_with(at, "change")
    assert list(diff["change"]) == ["changed"] and list(diff["fields"]) == ["date"]
    at.button(key="data_publish").click().run()  # without the required note
    assert "note" in at.error[0].value and len(store.history(engine)) == 1
    at.text_input(key="data_note").input("Bihar committees: April, not March")
    at.button(key="data_publish").click().run()
    latest = store.current_version(engine)
    assert (latest.version, latest.published_by, latest.file_name) == (2, "Asha", "edited.csv")
    assert "Published version 2" in at.success[0].value
    assert any("by Asha" in c.value for c in at.caption)  # the banner


def test_publish_refuses_a_preview_made_against_an_older_version(engine):
    at = upload(signed_in(), "edited.csv", EDITED)
    other = SHIPPED.replace(b"Feb 2019", b"Mar 2019")
    store.publish_version(engine, other, "other.csv", by=Staff("Bo", "password"), note="someone else")
    at.text_input(key="data_note").input("mine")
    at.button(key="data_publish").click().run()
    assert store.current_version(engine).published_by == "Bo"
    assert "was published since the preview" in at.error[0].value
    diff = table_with(at, "change")
    assert set(diff["fields"]) == {"date"} and len(diff) == 2  # now against version 2


def test_staff_can_restore_an_older_version(engine):
    store.publish_version(engine, EDITED, "edited.csv", by=Staff("Bo", "password"), note="edit")
    at = signed_in()
    at.selectbox(key="data_version").set_value(1).run()
    at.text_input(key="data_rollback_note").input("back to the page's dates")
    at.button(key="data_rollback").click().run()
    latest = store.current_version(engine)
    assert (latest.version, latest.restores, latest.published_by) == (3, 1, "Asha")
    assert store.read_milestones(engine, 3).equals(store.read_milestones(engine, 1))


def test_visitors_cannot_restore(engine):
    store.publish_version(engine, EDITED, "edited.csv", by=Staff("Bo", "password"), note="edit")
    at = data_page()
    at.selectbox(key="data_version").set_value(1).run()
    assert "data_rollback" not in [b.key for b in at.button]


def test_with_an_identity_provider_staff_sign_in_goes_through_it(engine):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x",
        "client_id": "id",
        "client_secret": "s",
        "server_metadata_url": "https://idp.invalid/.well-known/openid-configuration",
    }
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    assert "Staff sign-in" in [b.label for b in at.button]
    assert "data_password" not in [t.key for t in at.text_input]
    assert not uploaders(at)


def test_every_page_says_when_the_data_was_last_updated(engine):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    for page in ("overview", "timeline", "breakdown", "milestones", "data"):
        at.switch_page(f"pages/{page}.py")
        at.run()
        shown = escape_markdown(store.SHIPPED_BY)  # the caption is Markdown: names are escaped
        assert any(c.value.startswith("Data last updated") and shown in c.value for c in at.caption)


def test_an_open_session_shows_a_new_version_at_its_next_rerun(engine):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    at.switch_page("pages/milestones.py").run()
    assert "(version 1)" in at.caption[0].value
    assert table_with(at, "title").set_index("id").at["bihar-cpc-dashboard", "date"] == "Mar 2022"
    store.publish_version(engine, EDITED, "edited.csv", by=Staff("Bo", "password"), note="edit")
    at.run()
    assert "(version 2)" in at.caption[0].value and "Bo" in at.caption[0].value
    assert table_with(at, "title").set_index("id").at["bihar-cpc-dashboard", "date"] == "Apr 2022"


def test_each_version_shows_what_it_changed_from_the_one_before(engine):
    store.publish_version(engine, EDITED, "edited.csv", by=Staff("Bo", "password"), note="edit")
    at = data_page()
    assert list(table_with(at, "published (UTC)")["changes"]) == ["1 changed", "10 added"]
    at.selectbox(key="data_version").set_value(2).run()
    diff = table_with(at, "change")
    assert list(zip(diff["id"], diff["fields"], strict=True)) == [("bihar-cpc-dashboard", "date")]


def test_only_staff_may_download_a_file_as_it_was_uploaded(engine):
    """The original carries every sheet and column the loader ignored, formulas unguarded."""
    store.publish_version(engine, SHIPPED, "milestones.csv", by=Staff("Asha", "test"), note="shipped")
    visitor = data_page()
    labels = [b.label for b in visitor.get("download_button")]
    assert "CSV" in labels and "XLSX" in labels
    assert "Uploaded file" not in labels
    staff = signed_in()
    assert "Uploaded file" in [b.label for b in staff.get("download_button")]
