"""Who may publish (passwords, allow-lists), what a new version changes, and milestones as
plain records. The sign-in throttle and expiry: test_sign_in.py."""

import json
from types import SimpleNamespace

import pandas as pd
import pytest
from milestone_rows import load_rows

from clfj_data.auth import (
    NotStaff,
    Staff,
    parse_allow_list,
    password_matches,
    require_staff,
    staff_for_email,
)
from clfj_data.diff import Change, diff_milestones
from clfj_data.records import from_records, to_records

SECRET = "jaipur-2022"
ALLOWED = "priya@clfj.org; Ravi@CLFJ.org, anita@example.in"

HEADER = "id,date,title,description,rationale,states,place,sector,source"
COURTS = (
    "courts,Mar 2022,Courts convict traffickers,Eleven convictions.,Deterrence.,Rajasthan,Jaipur,Justice,"
)
CARE = "care,Feb 2019,Care plans,Every child has a plan.,Recovery.,Rajasthan,,Care and health,"
SCHOOLS = "schools,Dec 2019,Schools name committees,Names displayed.,Accountability.,Rajasthan,,Education,"
VIDEO = "video,Mar 2021,Testimony by video,Courts use video.,No travel.,Rajasthan; Bihar,,Justice,"


def milestones(*rows: str) -> pd.DataFrame:
    return load_rows(HEADER, *rows)


# Passwords and staff


@pytest.mark.parametrize(
    ("given", "configured", "matches"),
    [
        (SECRET, SECRET, True),
        ("jaipur-2023", SECRET, False),
        ("Jaipur-2022", SECRET, False),
        (SECRET + " ", SECRET, False),
        ("", SECRET, False),
        ("", "", False),
        (SECRET, "", False),
        ("", None, False),
        (SECRET, None, False),
        ("बाल-श्रम-मुक्त", "बाल-श्रम-मुक्त", True),
        ("café ✓", "café ✓", True),
        ("cafe ✓", "café ✓", False),
    ],
    ids=[
        "right",
        "wrong",
        "wrong-case",
        "trailing-space",
        "empty-given",
        "both-empty",
        "empty-configured",
        "none-configured-empty-given",
        "none-configured",
        "devanagari",
        "accents-and-symbols",
        "accent-missing",
    ],
)
def test_password_matches_only_the_configured_password(given, configured, matches):
    assert password_matches(given, configured) is matches


def test_require_staff_returns_the_staff_member():
    priya = Staff("Priya Sharma", "password")
    assert require_staff(priya) is priya


@pytest.mark.parametrize(
    "actor",
    [
        None,
        "Priya Sharma",
        {"name": "Priya Sharma", "method": "password"},
        SimpleNamespace(name="Priya Sharma", method="password"),
        Staff("", "password"),
        Staff(" \t", "login"),
    ],
    ids=["no-one", "a-name-as-text", "a-dict", "a-look-alike", "no-name", "blank-name"],
)
def test_require_staff_refuses_anyone_else(actor):
    with pytest.raises(NotStaff):
        require_staff(actor)
    assert issubclass(NotStaff, PermissionError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("priya@clfj.org", {"priya@clfj.org"}),
        ("Priya@CLFJ.org, ravi@clfj.org", {"priya@clfj.org", "ravi@clfj.org"}),
        ("priya@clfj.org;ravi@clfj.org", {"priya@clfj.org", "ravi@clfj.org"}),
        (
            "priya@clfj.org ravi@clfj.org\n\tanita@example.in",
            {"priya@clfj.org", "ravi@clfj.org", "anita@example.in"},
        ),
        (" , ; priya@clfj.org ;; ,\n", {"priya@clfj.org"}),
        ("PRIYA@clfj.org, priya@CLFJ.ORG", {"priya@clfj.org"}),
        (["Priya@CLFJ.org", " ravi@clfj.org ", "", "  "], {"priya@clfj.org", "ravi@clfj.org"}),
        ("", set()),
        (" ;, ", set()),
        (None, set()),
        ([], set()),
    ],
    ids=[
        "one",
        "commas",
        "semicolons",
        "spaces-and-lines",
        "stray-separators",
        "same-in-two-cases",
        "a-list",
        "empty",
        "only-separators",
        "none",
        "empty-list",
    ],
)
def test_parse_allow_list_reads_addresses_in_lower_case(text, expected):
    assert parse_allow_list(text) == frozenset(expected)


@pytest.mark.parametrize(
    ("email", "staff"),
    [
        ("priya@clfj.org", Staff("priya@clfj.org", "login")),
        ("Priya@CLFJ.org", Staff("Priya@CLFJ.org", "login")),
        ("  ravi@clfj.org ", Staff("ravi@clfj.org", "login")),
        ("ANITA@EXAMPLE.IN", Staff("ANITA@EXAMPLE.IN", "login")),
        ("visitor@clfj.org", None),
        ("priya@clfj.org.example.com", None),
        ("priya", None),
        ("", None),
        (None, None),
    ],
    ids=[
        "listed",
        "other-case",
        "spaces",
        "all-capitals",
        "not-listed",
        "look-alike-domain",
        "name-only",
        "empty",
        "none",
    ],
)
def test_staff_for_email_admits_only_listed_addresses(email, staff):
    assert staff_for_email(email, parse_allow_list(ALLOWED)) == staff


def test_an_empty_allow_list_admits_no_one():
    assert staff_for_email("priya@clfj.org", parse_allow_list("")) is None


# What a new version changes


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


# Records


def test_records_round_trip_the_shipped_milestones(shipped):
    records = to_records(shipped)
    pd.testing.assert_frame_equal(from_records(records), shipped.reset_index(drop=True))
    pd.testing.assert_frame_equal(
        from_records(json.loads(json.dumps(records))), shipped.reset_index(drop=True)
    )


def test_records_are_plain_json_with_iso_dates_and_state_lists(shipped, shipped_rows):
    records = {record["id"]: record for record in to_records(shipped)}
    assert set(records) == {row["id"] for row in shipped_rows}
    for row in shipped_rows:
        record = records[row["id"]]
        assert record["states"] == [s.strip() for s in row["states"].split(";") if s.strip()]
        assert pd.Timestamp(record["date"]).strftime("%b %Y") == row["date"]
        assert record["date"].endswith("-01") and len(record["date"]) == 10
        assert {k: record[k] for k in ("title", "description", "rationale", "place", "sector", "source")} == {
            k: row[k] for k in ("title", "description", "rationale", "place", "sector", "source")
        }
    assert json.loads(json.dumps(list(records.values()))) == list(records.values())
