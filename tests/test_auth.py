"""Who may publish: passwords, staff allow-lists and the sign-in throttle."""

from types import SimpleNamespace

import pytest

from clfj_data.auth import (
    NotStaff,
    SignInThrottle,
    Staff,
    parse_allow_list,
    password_matches,
    require_staff,
    staff_for_email,
)

pytestmark = pytest.mark.unit

SECRET = "jaipur-2022"
ALLOWED = "priya@clfj.org; Ravi@CLFJ.org, anita@example.in"
CEILING = 30.0


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


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


# The sign-in throttle


def test_no_wait_before_any_failure():
    assert SignInThrottle(CEILING, FakeClock()).wait("priya@clfj.org") == 0


@pytest.mark.parametrize("ceiling", [CEILING, 5.0])
def test_waits_double_after_each_failure_up_to_the_ceiling(ceiling):
    throttle = SignInThrottle(ceiling, FakeClock())
    waits = []
    for _ in range(8):
        throttle.failed("staff")
        waits.append(throttle.wait("staff"))
    assert waits == [min(2.0**n, ceiling) for n in range(8)]
    assert waits[:3] == [1, 2, 4] and waits[-1] == ceiling


def test_the_wait_runs_down_with_the_clock():
    clock = FakeClock()
    throttle = SignInThrottle(CEILING, clock)
    for _ in range(3):
        throttle.failed("staff")
    assert throttle.wait("staff") == 4
    clock.now += 1.5
    assert throttle.wait("staff") == 2.5
    clock.now += 2.5
    assert throttle.wait("staff") == 0
    clock.now += 60
    assert throttle.wait("staff") == 0  # never negative
    throttle.failed("staff")
    assert throttle.wait("staff") == 8  # the failures still count once the wait is over


def test_success_resets_the_wait():
    throttle = SignInThrottle(CEILING, FakeClock())
    for _ in range(4):
        throttle.failed("staff")
    throttle.succeeded("staff")
    assert throttle.wait("staff") == 0
    throttle.failed("staff")
    assert throttle.wait("staff") == 1


def test_keys_are_throttled_independently():
    throttle = SignInThrottle(CEILING, FakeClock())
    for _ in range(3):
        throttle.failed("priya@clfj.org")
    throttle.failed("ravi@clfj.org")
    assert (throttle.wait("priya@clfj.org"), throttle.wait("ravi@clfj.org")) == (4, 1)
    assert throttle.wait("anita@example.in") == 0
    throttle.succeeded("ravi@clfj.org")
    assert (throttle.wait("priya@clfj.org"), throttle.wait("ravi@clfj.org")) == (4, 0)
    throttle.succeeded("someone-who-never-failed")  # nothing to reset: no error
