"""Staff sign-in for the data page: a password by default, or the identity provider when
``[auth]`` is configured (then staff are the e-mail addresses on the allow-list)."""

from __future__ import annotations

import logging
import os
import time

import streamlit as st

from clfj_data.auth import SignInThrottle, Staff, parse_allow_list, password_matches, staff_for_email

STAFF_KEY = "data_staff"
log = logging.getLogger(__name__)


@st.cache_resource
def _throttle() -> SignInThrottle:
    return SignInThrottle()


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except FileNotFoundError:  # no secrets.toml at all
        return None


def login_configured() -> bool:
    return bool(_secret("auth"))


def _logged_in() -> bool:
    return bool(getattr(st.user, "is_logged_in", False))


def current_staff() -> Staff | None:
    """The signed-in staff member, or None for a visitor."""
    if login_configured():
        if not _logged_in():
            return None
        allowed = parse_allow_list(os.environ.get("CLFJ_STAFF_EMAILS") or _secret("staff_emails"))
        return staff_for_email(st.user.get("email"), allowed)
    return st.session_state.get(STAFF_KEY)


def sign_in_form() -> None:
    """The way in for staff; where it is not set up, nothing on the page (visitors cannot set it
    up) and a line in the server's log, once a session."""
    if login_configured():
        if _logged_in():
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
    with st.form("data_signin", border=True):
        st.markdown("**Staff sign-in**")
        name = st.text_input("Your name, for the version history", key="data_name")
        password = st.text_input("Staff password", type="password", key="data_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    who = st.context.ip_address or "anyone"
    wait = _throttle().wait(who)
    if wait:
        with st.spinner("Checking…"):
            time.sleep(wait)
    if password_matches(password, expected) and name.strip():
        _throttle().succeeded(who)
        st.session_state[STAFF_KEY] = Staff(name.strip(), "password")
        st.rerun()
    elif not name.strip():
        st.error("Give your name: the history records who published each version.")
    else:
        _throttle().failed(who)
        st.error("That password is not right.")


def sign_out() -> None:
    if login_configured():
        st.logout()
    st.session_state.pop(STAFF_KEY, None)
