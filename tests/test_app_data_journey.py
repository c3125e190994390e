"""The Data page through AppTest, as a staff member meets it editing copies of the app's own
downloads: a made headline, Hindi left out, one name per column, restores, old copies."""

import csv
import io
import re

import pytest
from test_app_data import signed_in, table_with, upload
from test_store import csv_file

from clfj_data import shipped_milestones_path, store
from clfj_data.auth import Staff

pytestmark = pytest.mark.apptest

SHIPPED = shipped_milestones_path().read_bytes()


def edited(row: int, column: str, value: str) -> bytes:
    """The shipped CSV with the cell of spreadsheet ``row`` (the header is row 1) in ``column`` set."""
    rows = list(csv.DictReader(io.StringIO(SHIPPED.decode("utf-8-sig"))))
    rows[row - 2][column] = value
    return csv_file(rows)


def seen(markdown: str) -> str:
    """Markdown as a person reads it: escapes gone."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture
def engine(app_engine):
    return app_engine


def test_a_made_headline_is_said_in_the_summary_with_its_notice_beside_it(engine):
    at = upload(signed_in(), "edited.csv", edited(7, "title", ""))
    summary = seen(at.success[0].value)
    made = "1 headline made from its description (row 7): check it before publishing."
    assert f"10 milestones, no problems; {made}" in summary
    notice = seen(at.warning[0].value)  # the first notice, right under the summary
    assert notice.startswith("Row 7, column 'title': There is no title")
    headline = "Rajasthan Dept. for Child Rights has set up a digital documentation system…"
    assert headline in notice
    assert list(table_with(at, "Change")["Headline"]) == [headline]
    (changed,) = [
        seen(m.value) for m in at.markdown if m.value.startswith("**") and "Rajasthan Dept" in m.value
    ]
    assert "headline made from its description" in changed  # marked where the change is listed


def test_a_made_headline_is_published_only_once_someone_says_they_checked_it(engine):
    at = upload(signed_in(), "edited.csv", edited(7, "title", ""))
    at.text_input(key="data_note").input("Row 7's headline left to the description").run()
    assert at.button(key="data_publish").disabled
    said = [c.value for c in at.main.get_by_key("data_publish_row").caption]
    assert said == ["Tick the boxes above to publish"]  # what the button waits for
    (tick,) = [c for c in at.checkbox if c.key.startswith("data_made_titles_")]
    assert tick.label == "I have checked the headline made from its description" and not tick.value
    tick.check().run()
    at.button(key="data_publish").click().run()
    assert store.current_version(engine).version == 2
    assert not [
        c for c in at.checkbox if c.key.startswith("data_made_titles_")
    ]  # not asked of a file without


def test_hindi_left_out_on_publishing_is_said_plainly_and_listed_as_changed(engine):
    at = upload(signed_in(), "edited.csv", edited(2, "rationale", "Every village's children are counted."))
    (stale,) = [seen(w.value) for w in at.warning if "Hindi" in w.value]
    assert stale.startswith("Row 2, column 'rationale_hi': the English beside it changed and this Hindi")
    assert "publishing leaves it out (version 1 keeps it)" in stale
    fields = [seen(m.value).split("  \n")[0] for m in at.markdown if "Before:" in m.value]
    assert fields == ["*rationale*", "*rationale_hi*"]  # the Hindi field is in the Changed list
    assert list(table_with(at, "Change")["Fields changed"]) == ["rationale, rationale_hi"]
    at.text_input(key="data_note").input("Why the dashboard matters, reworded").run()
    at.button(key="data_publish").click().run()
    at.selectbox(key="data_version").set_value(2).run()
    # The history names the fields as the page's tables head them, not as one file did.
    assert list(table_with(at, "Change")["Fields changed"]) == ["Why it matters, Why it matters (Hindi)"]
    at.query_params["lang"] = "hi"
    at.run()
    named = list(table_with(at, "बदलाव")["क्या बदला गया"])
    assert named == ["यह क्यों मायने रखता है, यह क्यों मायने रखता है (हिन्दी)"]


def test_a_column_has_one_name_in_every_message_and_hindi_names_it_beside_its_header(engine):
    at = upload(signed_in(), "edited.csv", edited(3, "date", "sometime"))
    assert any(t.value.startswith("Row 3, column 'date':") for t in at.text)
    retitled = edited(2, "title", "Bihar committees track progress digitally")
    headed = retitled.replace(b"title,", b"Headline,", 1)
    at = upload(signed_in(), "headed.csv", headed)
    (stale,) = [seen(w.value) for w in at.warning if "Hindi" in w.value]
    assert stale.startswith("Row 2, column 'title_hi':")  # the file has no 'Headline (Hindi)'
    assert list(table_with(at, "Change")["Fields changed"]) == ["Headline, title_hi"]
    at.query_params["lang"] = "hi"
    at.run()
    (stale,) = [seen(w.value) for w in at.warning if "title_hi" in seen(w.value)]
    assert stale.startswith("पंक्ति 2, कॉलम 'शीर्षक (हिन्दी) (title_hi)': ")
    assert list(table_with(at, "बदलाव").iloc[:, -1]) == ["शीर्षक (Headline), शीर्षक (हिन्दी) (title_hi)"]


def test_a_restore_is_reported_as_a_restore_and_its_note_asks_why(engine):
    first = Staff("Bo", "password")
    for version in (2, 3):
        store.publish_version(engine, edited(2, "date", f"Apr 202{version}"), "e.csv", by=first, note="edit")
    at = signed_in()
    at.selectbox(key="data_version").set_value(1).run()
    assert at.button(key="data_rollback").disabled  # until the note says why
    at.text_input(key="data_rollback_note").input("back to the page's dates").run()
    at.button(key="data_rollback").click().run()
    assert at.success[0].value.startswith("Restored version 1 as version 4: it is now the version every page")


def test_version_1s_note_is_said_once(engine):
    at = signed_in()
    at.selectbox(key="data_version").set_value(1).run()
    said = [t.value for t in at.text] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    details = [line for line in said if " · " not in line]  # all but the history's own line
    assert sum("as shipped" in line for line in details) == 1


def test_a_file_that_could_not_be_read_is_not_named_as_replaced(engine):
    at = signed_in()
    empty = ("empty.csv", b"", "text/csv")
    at.get("file_uploader")[0].set_value([empty]).run()
    assert any("cannot be read" in e.value for e in at.error)
    bad = (
        "bad.csv",
        b"date,description,rationale,sector\nMarhc 2022,Courts use video.,,Justise\n",
        "text/csv",
    )
    at.get("file_uploader")[0].set_value([empty, bad]).run()
    (in_use,) = [seen(m.value) for m in at.markdown if "In use" in m.value]
    assert in_use == "**In use: bad.csv**. Drop another spreadsheet to replace it."
    problems = [t.value for t in at.text if t.value.startswith("Row ")]
    notices = [w.value for w in at.warning]
    assert (len(problems), len(notices)) == (3, 2)  # no title, no id: each made, and said
    assert seen(at.error[0].value).startswith(
        "bad.csv has 3 problems and 2 notices, and nothing can be published"
    )


def test_an_old_copy_says_which_version_it_came_from_and_who_published_since(engine):
    from clfj_data.export import to_xlsx
    from clfj_data.xlsx import downloaded_from

    old_copy = to_xlsx(store.read_milestones(engine, 1), version=1)
    assert downloaded_from(old_copy) == 1 and downloaded_from(SHIPPED) is None
    store.publish_version(
        engine, edited(2, "date", "Apr 2022"), "e.csv", by=Staff("Bo", "password"), note="Apr"
    )
    at = signed_in()
    at.get("file_uploader")[0].upload("old.xlsx", old_copy, "application/octet-stream").run()
    (warned,) = [seen(w.value) for w in at.warning if "downloaded from" in w.value]
    assert warned.startswith(
        "This file was downloaded from version 1; version 2 has been published since (by Bo, on "
    )
    assert warned.endswith("): check that its changes are not undone.")
    at.query_params["lang"] = "hi"
    at.run()
    assert [w for w in at.warning if "Bo" in w.value]  # said in Hindi too


def test_a_hindi_page_names_milestones_by_their_hindi_headlines(engine):
    rows = list(csv.DictReader(io.StringIO(SHIPPED.decode("utf-8-sig"))))
    hindi = rows[0]["title_hi"]
    assert hindi  # the shipped milestone has a Hindi headline
    store.publish_version(
        engine, edited(2, "date", "Apr 2022"), "e.csv", by=Staff("Bo", "password"), note="Apr"
    )
    at = signed_in()
    at.query_params["lang"] = "hi"
    at.run()
    at.selectbox(key="data_version").set_value(2).run()
    assert list(table_with(at, "शीर्षक")["शीर्षक"]) == [hindi]  # the version's changes
    at = upload(at, "edited.csv", edited(2, "date", "May 2022"))
    assert [m.value for m in at.markdown if m.value == f"**{hindi}**"]  # the preview's Changed list
