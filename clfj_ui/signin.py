"""Staff sign-in for the data page: a password by default, or the identity provider when
``[auth]`` is configured (then staff are the e-mail addresses on the allow-list).

A sign-in ends after half an hour unused and after eight hours in all
(:class:`clfj_data.auth.SignIn`). A password sign-in holds only over the connection it was
made on: a session resumed over a new websocket (the same tab after a network drop, or a
client that learned the session's id) signs in again. Failed password tries are kept in the
store, never in ``st.cache_resource``, which any client can ask Streamlit to clear.
"""

from __future__ import annotations

import logging
import os
import time
import weakref

import streamlit as st
from streamlit import runtime
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from clfj_data import store, throttle
from clfj_data.auth import SignIn, Staff, client_address, parse_allow_list, password_matches, staff_for_email
from clfj_ui import dataset

STAFF_KEY = "data_staff"  # the SignIn
CONNECTION_KEY = "data_staff_connection"  # the connection it was made on (a weak reference)
NOTICE_KEY = "data_signin_notice"
EXPIRED = "Your sign-in has expired: sign in again."
TRUSTED_PROXIES = "CLFJ_TRUSTED_PROXIES"
ACCOUNT = f"{throttle.ACCOUNT}staff"  # one password for all staff: every password try is for this account
log = logging.getLogger(__name__)

clock = time.time  # tests move it rather than wait half an hour


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except FileNotFoundError:  # no secrets.toml at all
        return None


def login_configured() -> bool:
    return bool(_secret("auth"))


def _logged_in() -> bool:
    return bool(getattr(st.user, "is_logged_in", False))


def _connection():
    """The connection this session is served over now: a new object for every websocket,
    so a resumed session never matches the one it was signed in on. None without a server
    (AppTest runs scripts under a stand-in runtime, a new one for every run)."""
    context = get_script_run_ctx()
    server = runtime.get_instance() if runtime.exists() else None
    if context is None or not issubclass(type(server), Runtime):
        return None
    client = server.get_client(context.session_id)
    return None if client is None else client.client_context


def _bound_to(connection):
    """Something that gives ``connection`` back while it is open, and never another one."""
    return (lambda: None) if connection is None else weakref.ref(connection)


def _end(notice: str | None = None) -> None:
    st.session_state.pop(STAFF_KEY, None)
    st.session_state.pop(CONNECTION_KEY, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def current_staff() -> Staff | None:
    """The signed-in staff member, or None for a visitor and for a sign-in that has ended
    (then the sign-in form says so). Each call counts as use of the sign-in."""
    now = clock()
    if login_configured():
        return _login_staff(now)
    sign_in = st.session_state.get(STAFF_KEY)
    if sign_in is None:
        return None
    bound = st.session_state.get(CONNECTION_KEY)
    if bound is None or bound() is not _connection() or sign_in.expired(now):
        _end(notice=EXPIRED)
        return None
    st.session_state[STAFF_KEY] = sign_in.used(now)
    return sign_in.staff


def _login_staff(now: float) -> Staff | None:
    """Staff signed in through the identity provider. Its sign-in began when the provider
    issued the identity token (``auth_time`` or ``iat``), which a new session does not change."""
    if not _logged_in():
        return None
    allowed = parse_allow_list(os.environ.get("CLFJ_STAFF_EMAILS") or _secret("staff_emails"))
    staff = staff_for_email(st.user.get("email"), allowed)
    if staff is None:
        return None
    issued = st.user.get("auth_time") or st.user.get("iat")
    if not isinstance(issued, int | float):  # no time to count from: treat it as ended
        st.session_state[NOTICE_KEY] = EXPIRED
        return None
    sign_in = st.session_state.get(STAFF_KEY)
    if sign_in is None or (sign_in.staff, sign_in.started) != (staff, issued):
        sign_in = SignIn(staff, float(issued), now)
    if sign_in.expired(now):
        st.session_state[STAFF_KEY] = sign_in  # stays ended until the provider signs them in anew
        st.session_state[NOTICE_KEY] = EXPIRED
        return None
    st.session_state[STAFF_KEY] = sign_in.used(now)
    return staff


def staff_for_writing() -> Staff | None:
    """The signed-in staff member, checked again just before a write. When the sign-in has
    ended, says so and gives None: the caller writes nothing."""
    staff = current_staff()
    if staff is None:
        st.session_state.pop(NOTICE_KEY, None)
        st.error(EXPIRED)
    return staff


def _trusted_proxies() -> int:
    try:
        return max(0, int(os.environ.get(TRUSTED_PROXIES) or 0))
    except ValueError:  # not a number: trust no proxy, the safe reading
        return 0


def _who_tries() -> list[str]:
    """The keys a password try counts against: the client's address and the staff account."""
    peer = st.context.ip_address
    peer = peer if isinstance(peer, str) else None  # None on localhost (and in AppTest)
    trusted, forwarded = _trusted_proxies(), st.context.headers.get_all("X-Forwarded-For")
    # With no proxy trusted the header is ignored; but the web server (uvicorn) may already have
    # put its claim in the peer's place for a connection from 127.0.0.1, so that peer is unknown.
    address = client_address(peer, forwarded, trusted) if trusted else (None if forwarded else peer)
    return [f"address {address or 'unknown'}", ACCOUNT]


def sign_in_form() -> None:
    """The way in for staff: says plainly when a sign-in has ended; where it is not set up,
    nothing on the page (visitors cannot set it up) and a line in the server's log, once a session."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if login_configured():
        if notice and _logged_in():
            st.warning(notice)
            st.button("Sign in again", key="data_login", on_click=st.login, type="primary")
        elif _logged_in():
            st.warning("You are signed in, but your address is not on the staff list.")
            st.button("Sign out", key="data_logout", on_click=st.logout)
        else:
            st.button("Staff sign-in", key="data_login", on_click=st.login, type="primary")
        return
    expected = os.environ.get("CLFJ_STAFF_PASSWORD") or _secret("staff_password")
    if not expected:
        if not st.session_state.get("data_signin_unset_logged"):
            log.warning("Staff sign-in is not set up: set CLFJ_STAFF_PASSWORD or staff_password in secrets.")
            st.session_state["data_signin_unset_logged"] = True
        return
    if notice:
        st.warning(notice)
    with st.form("data_signin", border=True):
        st.markdown("**Staff sign-in**")
        name = st.text_input("Your name, for the version history", key="data_name")
        password = st.text_input("Staff password", type="password", key="data_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        _check(name.strip(), password, expected)


def _check(name: str, password: str, expected: str) -> None:
    if not name:
        st.error("Give your name: the history records who published each version.")
        return
    try:
        store.one_line(name, "Your name")
    except ValueError as refused:
        st.error(str(refused))
        return
    engine, who = dataset.engine(), _who_tries()
    try:
        moment = dataset.from_database(lambda: throttle.book_sign_in_check(engine, who, now=clock()))
    except throttle.TooManyTries as refused:
        st.error(str(refused))
        return
    wait = moment - clock()
    if wait > 0:
        with st.spinner("Checking…"):
            time.sleep(wait)
    if not password_matches(password, expected):
        st.error("That password is not right.")
        return
    dataset.from_database(lambda: throttle.forget_sign_in_failures(engine, who))
    now = clock()
    st.session_state[STAFF_KEY] = SignIn(Staff(name, "password"), now, now)
    st.session_state[CONNECTION_KEY] = _bound_to(_connection())
    st.rerun()


def sign_out() -> None:
    if login_configured():
        st.logout()
    _end()
