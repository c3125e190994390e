"""What a new version changes: milestones added, removed and changed, matched by id."""

import pandas as pd
import pytest
from milestone_rows import load_rows

from clfj_data.diff import Change, diff_milestones

pytestmark = pytest.mark.unit

HEADER = "id,date,title,description,rationale,states,place,sector,source"
COURTS = (
    "courts,Mar 2022,Courts convict traffickers,Eleven convictions.,Deterrence.,Rajasthan,Jaipur,Justice,"
)
CARE = "care,Feb 2019,Care plans,Every child has a plan.,Recovery.,Rajasthan,,Care and health,"
SCHOOLS = "schools,Dec 2019,Schools name committees,Names displayed.,Accountability.,Rajasthan,,Education,"
VIDEO = "video,Mar 2021,Testimony by video,Courts use video.,No travel.,Rajasthan; Bihar,,Justice,"


def milestones(*rows: str) -> pd.DataFrame:
    return load_rows(HEADER, *rows)


def test_the_same_milestones_are_no_change():
    diff = diff_milestones(milestones(COURTS, CARE), milestones(CARE, COURTS))
    assert diff.empty and diff.summary() == "no changes"
    assert diff.table().empty and list(diff.table().columns) == ["change", "id", "title", "fields"]


def test_added_and_removed_milestones_are_matched_by_id():
    diff = diff_milestones(milestones(COURTS, CARE), milestones(COURTS, SCHOOLS, VIDEO))
    assert diff.added == (Change("schools", "Schools name committees"), Change("video", "Testimony by video"))
    assert diff.removed == (Change("care", "Care plans"),)
    assert diff.changed == ()
    assert diff.summary() == "2 added, 1 removed"


def edited(row: str, field: str, value: str) -> str:
    """``row`` with one field replaced (values here hold no commas)."""
    cells = row.split(",")
    cells[HEADER.split(",").index(field)] = value
    return ",".join(cells)


@pytest.mark.parametrize(
    ("edits", "fields"),
    [
        ({"title": "Courts convict 11 traffickers"}, ("title",)),
        (
            {"description": "Eleven convictions since 2019.", "rationale": "Traffickers fear courts."},
            ("description", "rationale"),
        ),
        ({"states": "Rajasthan; Bihar"}, ("states",)),
        ({"place": ""}, ("place",)),
        ({"sector": "Child protection"}, ("sector",)),
        ({"source": "https://www.clfjaipur.org/results/"}, ("source",)),
        ({"date": "Apr 2022"}, ("date",)),
        ({"date": "2022-03-01"}, ("date",)),
        ({"date": "2022"}, ("date",)),
        ({"date": "2022-03"}, ()),
        ({"date": "March 2022"}, ()),
        ({"states": "rajasthan"}, ()),
        ({"date": "15 Mar 2022", "title": "Courts convict", "sector": ""}, ("date", "title", "sector")),
    ],
    ids=[
        "title",
        "description-and-rationale",
        "states",
        "place",
        "sector",
        "source",
        "another-month",
        "month-to-day",
        "month-to-year",
        "same-month-written-iso",
        "same-month-spelled-out",
        "same-state-lower-case",
        "three-fields",
    ],
)
def test_a_changed_milestone_lists_exactly_the_fields_that_changed(edits, fields):
    changed_row = COURTS
    for field, value in edits.items():
        changed_row = edited(changed_row, field, value)
    new = milestones(changed_row, CARE)
    diff = diff_milestones(milestones(COURTS, CARE), new)
    assert (diff.added, diff.removed) == ((), ())
    if fields:
        assert diff.changed == (Change("courts", new.set_index("id").at["courts", "title"], fields),)
        assert diff.summary() == "1 changed"
    else:
        assert diff.empty


def test_nothing_before_means_everything_is_added():
    new = milestones(COURTS, CARE, SCHOOLS)
    diff = diff_milestones(None, new)
    assert diff.added == tuple(Change(i, t) for i, t in zip(new["id"], new["title"], strict=True))
    assert (diff.removed, diff.changed) == ((), ())
    assert diff.summary() == "3 added"


def test_summary_and_table_list_every_change():
    old = milestones(COURTS, CARE, SCHOOLS)
    new = milestones(edited(COURTS, "sector", "Child protection"), SCHOOLS, VIDEO)
    diff = diff_milestones(old, new)
    assert diff.summary() == "1 added, 1 removed, 1 changed"
    assert diff.table().to_dict("records") == [
        {"change": "added", "id": "video", "title": "Testimony by video", "fields": ""},
        {"change": "removed", "id": "care", "title": "Care plans", "fields": ""},
        {"change": "changed", "id": "courts", "title": "Courts convict traffickers", "fields": "sector"},
    ]


def test_changed_fields_in_the_table_are_joined_with_commas():
    new = milestones(edited(edited(COURTS, "title", "Eleven convictions"), "place", "Jaipur city"), CARE)
    table = diff_milestones(milestones(COURTS, CARE), new).table()
    assert table.to_dict("records") == [
        {"change": "changed", "id": "courts", "title": "Eleven convictions", "fields": "title, place"}
    ]


def test_the_summary_agrees_in_hindi_with_one_milestone_or_many():
    from clfj_data.diff import Diff

    assert Diff(("a",), ("b",), ("c",)).summary("hi") == "1 जोड़ा गया, 1 हटाया गया, 1 बदला गया"
    assert Diff(("a", "b"), (), ("c", "d")).summary("hi") == "2 जोड़े गए, 2 बदले गए"
    assert Diff(("a",), (), ("c", "d")).summary("en") == "1 added, 2 changed"
