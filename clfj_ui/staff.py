"""Who this session is: the staff member signed in, or a visitor.

Reading it changes nothing. :func:`clfj_ui.signin.renew`, called once at the start of every run
by the entry script, is the one place that extends a sign-in in use or ends one that has lapsed.
"""

from __future__ import annotations

import streamlit as st

from clfj_data.auth import Staff

STAFF_KEY = "data_staff"  # the clfj_data.auth.SignIn in force for this run


def current_staff() -> Staff | None:
    """The signed-in staff member, or None for a visitor and for a sign-in that has ended."""
    sign_in = st.session_state.get(STAFF_KEY)
    return None if sign_in is None else sign_in.staff
