"""Who may publish: passwords and staff allow-lists. The sign-in throttle and expiry: test_sign_in.py."""

from types import SimpleNamespace

import pytest

from clfj_data.auth import (
    NotStaff,
    Staff,
    parse_allow_list,
    password_matches,
    require_staff,
    staff_for_email,
)

pytestmark = pytest.mark.unit

SECRET = "jaipur-2022"
ALLOWED = "priya@clfj.org; Ravi@CLFJ.org, anita@example.in"


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
