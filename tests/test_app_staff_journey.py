"""The staff journey through AppTest: a file of the wrong kind refused in words, in English and
Hindi; and the staff-only tick saying what it does to the milestones, who sees them and where."""

import pytest
from appserver import REPO, STAFF_PASSWORD
from milestone_rows import shipped_with
from streamlit.testing.v1 import AppTest
from test_app_data import EDITED

from clfj_data import store
from clfj_data.auth import Staff

pytestmark = pytest.mark.apptest

CASE = {
    "id": "shelter-case", "date": "Jun 2022", "title": "A shelter case", "description": "In court.",
    "rationale": "It protects children.", "states": "Rajasthan", "visibility": "staff",
}  # fmt: skip


def staff(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    at.text_input(key="data_name").input("Asha")
    at.text_input(key="data_password").input(STAFF_PASSWORD)
    at.button[-1].click()  # the form's submit button comes last
    return at.run()


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "notes.txt is not a spreadsheet: upload a .csv or .xlsx file"),
        ("hi", "notes.txt स्प्रेडशीट नहीं है: .csv या .xlsx फ़ाइल अपलोड करें"),
    ],
)
def test_a_file_of_another_kind_is_refused_in_words_naming_it(app_engine, lang, said):
    at = staff(lang)
    assert at.get("file_uploader"), [e.value for e in at.error]
    at.get("file_uploader")[0].upload("notes.txt", b"call the district office\n", "text/plain")
    at.run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # as read: Markdown's escapes gone
    assert len(errors) == 1 and errors[0].startswith(said), errors
    assert not [b for b in at.button if b.label in ("Publish", "प्रकाशित करें")]
    assert store.current_version(app_engine).version == 1


def test_a_file_of_another_kind_beside_a_spreadsheet_is_ignored_and_it_publishes(app_engine):
    at = staff()
    notes = ("notes.txt", b"call the district office\n", "text/plain")
    sheet = ("good.csv", EDITED, "text/csv")
    at.get("file_uploader")[0].set_value([notes, sheet])
    for _run in range(2):  # the same page on the next run
        at.run()
        assert not at.exception and not at.error, [e.value for e in at.error]
        warned = [w.value.replace("\\", "") for w in at.warning]  # as read: Markdown's escapes gone
        ignored = [said for said in warned if "notes.txt" in said]
        assert ignored == [
            "notes.txt ignored: not a spreadsheet, a photo or a .zip, so it is not read and changes nothing. "
            "good.csv is read without it."
        ]
        assert any(s.value.replace("\\", "").startswith("good.csv: 10 milestones") for s in at.success)
        assert not [m for m in at.markdown if "In use" in m.value]
        at.text_input(key="data_note").input("One date corrected").run()
    at.button(key="data_publish").click().run()
    assert store.current_version(app_engine).version == 2


def test_a_file_of_another_kind_is_not_kept_when_a_later_spreadsheet_replaces_an_earlier(app_engine):
    at = staff()
    old, notes = ("old.csv", EDITED, "text/csv"), ("notes.txt", b"call\n", "text/plain")
    at.get("file_uploader")[0].set_value([old, notes, ("good.csv", EDITED, "text/csv")])
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert next(m.value for m in at.markdown if "In use" in m.value).startswith("**In use: good\\.csv**")
    assert not at.get("file_uploader")[0].value  # emptied: the refused file is not kept either
    at.text_input(key="data_note").input("One date corrected").run()
    at.button(key="data_publish").click().run()
    assert store.current_version(app_engine).version == 2


@pytest.mark.parametrize(
    "page, key, says",
    [
        ("milestones", "milestones_include_staff_only", "marked “Staff only” on every page"),
        ("story", "story_include_staff_only", "the story shows them as slides too"),
    ],
)
def test_the_staff_only_tick_says_who_sees_the_milestones_and_where(app_engine, page, key, says):
    store.publish_version(app_engine, shipped_with(CASE), "case.csv", by=Staff("Asha", "test"), note="A case")
    at = staff()
    at.switch_page(f"pages/{page}.py")
    at.run()
    box = at.checkbox(key=key)
    assert "seen only by signed-in staff" in box.help and "visitors never see them" in box.help
    assert says in box.help
    assert "not for public sharing" in box.help  # and what it does to the files
