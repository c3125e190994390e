"""The signed token that keeps a staff password sign-in across a reload of its tab: made and read
back, refused where forged, tampered with, lapsed or ended by signing out, and checked under the
sign-in throttle as a password is."""

import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from appserver import STAFF_PASSWORD
from streamlit.testing.v1 import AppTest

from clfj_data import sign_in_tokens, store, throttle
from clfj_data.auth import IDLE_LIMIT, TOTAL_LIMIT, SignIn, Staff
from clfj_data.sign_in_tokens import Kept, Refused, make_token, read_token, signing_key

REPO = Path(__file__).resolve().parent.parent
NOW = 1_800_000_000.0
KEY = signing_key(b"the server's secret", "the staff password")
ASHA = Kept(SignIn(Staff("Asha Devi", "password"), NOW - 600, NOW - 60), "id-1")
SECRET = "a secret for these tests"


@pytest.mark.unit
def test_a_token_gives_back_its_sign_in_used_now():
    kept = read_token(make_token(ASHA, KEY), KEY, NOW)
    assert kept.id == "id-1" and kept.sign_in == SignIn(Staff("Asha Devi", "password"), NOW - 600, NOW)


@pytest.mark.unit
@pytest.mark.parametrize(
    "key",
    [
        signing_key(b"another server's secret", "the staff password"),
        signing_key(b"the server's secret", "a new staff password"),  # a new password ends every token
    ],
)
def test_a_token_signed_with_another_key_is_refused(key):
    with pytest.raises(Refused) as refused:
        read_token(make_token(ASHA, key), KEY, NOW)
    assert not refused.value.genuine


@pytest.mark.unit
def test_a_token_whose_words_were_changed_is_refused():
    payload, signature = make_token(ASHA, KEY).split(".")
    other_payload = make_token(Kept(SignIn(Staff("Mallory", "password"), NOW, NOW), "id-1"), KEY).split(".")[
        0
    ]
    for token in (
        f"{other_payload}.{signature}",
        f"{payload}.{signature[:-3]}abc",
        payload,
        "",
        None,
        "a.b.c",
    ):
        with pytest.raises(Refused):
            read_token(token, KEY, NOW)


@pytest.mark.unit
@pytest.mark.parametrize(
    "started, used",
    [(NOW - 600, NOW - IDLE_LIMIT - 1), (NOW - TOTAL_LIMIT - 1, NOW - 60), (NOW - 60, NOW + 600)],
    ids=["unused half an hour", "begun over eight hours ago", "used in the future"],
)
def test_a_lapsed_sign_in_is_refused_as_genuine(started, used):
    kept = Kept(SignIn(Staff("Asha", "password"), started, used), "id-1")
    with pytest.raises(Refused) as refused:
        read_token(make_token(kept, KEY), KEY, NOW)
    assert refused.value.genuine


@pytest.mark.unit
def test_a_sign_in_ended_by_signing_out_stays_ended_in_the_store(tmp_path):
    engine = store.connect(f"sqlite:///{tmp_path / 'clfj.sqlite3'}")
    store.ensure_ready(engine)
    other = Kept(ASHA.sign_in, "id-2")
    assert not sign_in_tokens.is_ended(engine, ASHA)
    sign_in_tokens.end(engine, ASHA, NOW)
    sign_in_tokens.end(engine, ASHA, NOW)  # twice (two tabs signing out) is once
    assert sign_in_tokens.is_ended(engine, ASHA) and not sign_in_tokens.is_ended(engine, other)
    sign_in_tokens.end(
        engine, other, ASHA.sign_in.started + TOTAL_LIMIT + 1
    )  # the first has lapsed: forgotten
    with engine.connect() as connection:
        ids = connection.execute(sa.text("SELECT id FROM clfj_ended_sign_ins")).scalars().all()
    assert ids == ["id-2"]
    engine.dispose()


def failures(engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT key, failures FROM clfj_sign_in_tries")).all()
    return dict(rows)


def presented(token: str) -> AppTest:
    """The Data page in a new session whose tab sends back ``token``."""
    from clfj_ui import signin

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    at.session_state[signin.PRESENTED_KEY] = token
    at.run()
    at.switch_page("pages/data.py")
    return at.run()


@pytest.mark.apptest
def test_forged_tokens_count_as_failed_tries_and_are_refused_when_too_many(app_engine, monkeypatch):
    monkeypatch.setenv("CLFJ_SIGNIN_SECRET", SECRET)
    now = time.time()
    forged = make_token(Kept(SignIn(Staff("Mallory", "password"), now, now), "x"), b"guessed")
    at = presented(forged)
    assert not at.get("file_uploader") and "Signed in as Mallory." not in [c.value for c in at.caption]
    # Counted as a failed try of the address (unknown in AppTest), as a wrong password is.
    assert failures(app_engine) == {"address unknown": 1, "account staff": 1}
    with pytest.raises(throttle.TooManyTries):
        for _ in range(3):
            throttle.book_sign_in_check(app_engine, ["address unknown", "account staff"], now=time.time())


@pytest.mark.apptest
def test_a_genuine_token_restores_the_sign_in_and_clears_the_address(app_engine, monkeypatch):
    monkeypatch.setenv("CLFJ_SIGNIN_SECRET", SECRET)
    now = time.time()
    kept = Kept(SignIn(Staff("Asha", "password"), now - 60, now - 60), "y")
    at = presented(make_token(kept, signing_key(SECRET.encode(), STAFF_PASSWORD)))
    assert at.get("file_uploader")
    assert "Signed in as Asha." in [c.value for c in at.caption]
    assert "address unknown" not in failures(app_engine)
