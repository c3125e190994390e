"""Hindi kept from before its English changed: the preview warns by row and column, and the
published version leaves it empty so the Hindi view shows the English (older versions keep it)."""

import pytest
from test_store import csv_file

from clfj_data import review, store, translation
from clfj_data.auth import Staff

pytestmark = pytest.mark.unit

PRIYA = Staff("Priya Sharma", "password")


@pytest.fixture
def sqlite_store(tmp_path, shipped_database):
    import shutil

    path = tmp_path / "clfj.sqlite3"
    shutil.copyfile(shipped_database, path)
    engine = store.connect(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def edited(shipped_rows, **fields):
    """The shipped rows with the fourth milestone's (spreadsheet row 5) fields replaced."""
    rows = [dict(row) for row in shipped_rows]
    rows[3].update(fields)
    return rows


def checked_against(engine, rows):
    checked = review.check_files([("edit.csv", csv_file(rows))], 1)
    return checked, review.make_preview(checked, store.read_milestones(engine, 1), {})


def test_hindi_left_as_published_under_changed_english_is_named_and_not_published(sqlite_store, shipped_rows):
    rows = edited(shipped_rows, title="A corrected headline", rationale="A corrected reason.")
    milestone = rows[3]["id"]
    checked, preview = checked_against(sqlite_store, rows)
    assert [problem.text("en") for problem in preview.stale_hindi] == [
        "Row 5, column 'Headline (Hindi)': kept from before the English changed; the Hindi view will "
        "show the English until it is translated again",
        "Row 5, column 'Why it matters (Hindi)': kept from before the English changed; the Hindi view "
        "will show the English until it is translated again",
    ]
    hindi = [problem.text("hi") for problem in preview.stale_hindi]
    assert "पंक्ति 5" in hindi[0] and "शीर्षक (हिन्दी)" in hindi[0] and "अनुवाद" in hindi[0]

    store.publish_version(sqlite_store, checked.upload.data, "edit.csv", by=PRIYA, note="New headline")
    new = store.read_milestones(sqlite_store).set_index("id").loc[milestone]
    assert (new["title"], new["title_hi"], new["rationale_hi"]) == ("A corrected headline", "", "")
    assert new["description_hi"] == shipped_rows[3]["description_hi"]  # its English did not change
    seen = translation.in_language(store.read_milestones(sqlite_store), "hi").set_index("id").loc[milestone]
    assert seen["title"] == "A corrected headline" and "title" in seen[translation.FALLBACK]
    assert (
        store.read_milestones(sqlite_store, 1).set_index("id").loc[milestone, "title_hi"]
        == (shipped_rows[3]["title_hi"])
    )  # the older version keeps its words


def test_hindi_translated_again_or_english_unchanged_is_kept(sqlite_store, shipped_rows):
    rows = edited(shipped_rows, title="A corrected headline", title_hi="एक सुधरा शीर्षक")
    checked, preview = checked_against(sqlite_store, rows)
    assert preview.stale_hindi == ()
    store.publish_version(sqlite_store, checked.upload.data, "edit.csv", by=PRIYA, note="Both")
    published = store.read_milestones(sqlite_store).set_index("id")
    assert published.loc[rows[3]["id"], "title_hi"] == "एक सुधरा शीर्षक"
