"""Staff sign-in for the data page: a password by default, or the identity provider when
``[auth]`` is configured (then staff are the e-mail addresses on the allow-list).

A sign-in ends after half an hour unused and after eight hours in all
(:class:`clfj_data.auth.SignIn`). A password sign-in holds only over the connection it was
made on: a session resumed over a new websocket (the same tab after a network drop, or a
client that learned the id of a closed tab's session) signs in again, and a client presenting
the id of a session still open gets a session of its own
(:func:`clfj_ui.internals.keep_sessions_on_their_connections`). A reload of the tab keeps it:
the tab holds a signed token of the sign-in in its ``sessionStorage``
(:mod:`clfj_data.sign_in_tokens`), which a new session of that tab sends once and the server
checks, under the same throttle as a password. Failed password tries are kept in the store,
never in ``st.cache_resource``, which any client can ask Streamlit to clear.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
import weakref

import streamlit as st

from clfj_data import sign_in_tokens, store, throttle
from clfj_data.auth import (
    TOTAL_LIMIT,
    SignIn,
    Staff,
    client_address,
    parse_allow_list,
    password_matches,
    staff_for_email,
)
from clfj_ui import dataset, internals, language
from clfj_ui.language import N_, _, ngettext
from clfj_ui.staff import STAFF_KEY, current_staff

ENDED_KEY = "data_staff_ended"  # an identity provider's sign-in that has ended, until it signs in anew
CONNECTION_KEY = "data_staff_connection"  # the connection it was made on (a weak reference)
NOTICE_KEY = "data_signin_notice"
TOKEN_KEY = "data_staff_token"  # (sign_in_tokens.Kept, token) of this session's password sign-in
PRESENTED_KEY = "data_staff_presented"  # a token the tab sent back after a reload, to be checked
FORGET_KEY = "data_staff_forget"  # the tab is to drop its token: the sign-in ended
TAB_KEY = "staff_tab"
ANSWERED_KEY = "data_staff_tab_answered"  # the tab said whether it keeps a sign-in
ASKED_KEY = "data_staff_tab_asked"  # the words this session asks the tab to answer by
# Set by the tab beside its token (and cleared with it): a tab of this browser may keep a sign-in,
# so the Data page waits for its answer rather than show a sign-in form it would then take away.
# A hint only, naming no one: the token itself never leaves the tab's sessionStorage but to this server.
TAB_HINT = "clfj_staff_tab"
TOKEN_REFRESH = 60  # seconds of use before the tab's token is made again: a sign-in lapses at most this early
SIGNIN_SECRET = "CLFJ_SIGNIN_SECRET"
_process_secret = secrets.token_bytes(32)  # without a configured secret: tokens end with the process
EXPIRED = N_("Your sign-in has expired: sign in again.")
TRUSTED_PROXIES = "CLFJ_TRUSTED_PROXIES"
MAX_PASSWORD = 1_000  # characters: the box takes no more, and a forged longer one is cut short
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


def _bound_to(connection):
    """Something that gives ``connection`` back while it is open, and never another one."""
    return (lambda: None) if connection is None else weakref.ref(connection)


def _end(notice: str | None = None) -> None:
    if st.session_state.pop(STAFF_KEY, None) is not None:
        st.session_state[FORGET_KEY] = True
    st.session_state.pop(CONNECTION_KEY, None)
    st.session_state.pop(TOKEN_KEY, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def renew() -> None:
    """Count this run as use of the sign-in, or end it where it has lapsed (then the sign-in
    form says so). The entry script calls it once, before anything asks who is signed in:
    :func:`clfj_ui.staff.current_staff` only reads what this leaves."""
    now = clock()
    if login_configured():
        _renew_login(now)
        return
    sign_in, presented = st.session_state.get(STAFF_KEY), st.session_state.pop(PRESENTED_KEY, None)
    if sign_in is None:
        _restore(presented, now)
        return
    bound = st.session_state.get(CONNECTION_KEY)
    if bound is None or bound() is not internals.connection() or sign_in.expired(now):
        _end(notice=EXPIRED)
        return
    st.session_state[STAFF_KEY] = sign_in.used(now)


def _renew_login(now: float) -> None:
    """Staff signed in through the identity provider. Its sign-in began when the provider
    issued the identity token (``auth_time`` or ``iat``), which a new session does not change."""
    staff = None
    if _logged_in():
        allowed = parse_allow_list(os.environ.get("CLFJ_STAFF_EMAILS") or _secret("staff_emails"))
        staff = staff_for_email(st.user.get("email"), allowed)
    issued = st.user.get("auth_time") or st.user.get("iat") if staff else None
    if staff is None or not isinstance(issued, int | float):  # no time to count from: ended
        _end(notice=EXPIRED if staff else None)
        return
    sign_in = st.session_state.get(STAFF_KEY) or st.session_state.get(ENDED_KEY)
    if sign_in is None or (sign_in.staff, sign_in.started) != (staff, issued):
        sign_in = SignIn(staff, float(issued), now)
    if sign_in.expired(now):
        _end(notice=EXPIRED)
        st.session_state[ENDED_KEY] = sign_in  # stays ended until the provider signs them in anew
        return
    st.session_state.pop(ENDED_KEY, None)
    st.session_state[STAFF_KEY] = sign_in.used(now)


def staff_for_writing() -> Staff | None:
    """The signed-in staff member, for a write. When the sign-in has ended, says so and gives
    None: the caller writes nothing."""
    staff = current_staff()
    if staff is None:
        st.session_state.pop(NOTICE_KEY, None)
        st.error(_(EXPIRED))
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


SIGN_IN_OFF = N_(
    "Staff sign-in is off on this server. An administrator turns it on by setting the "
    "`CLFJ_STAFF_PASSWORD` environment variable (or `staff_password` in `.streamlit/secrets.toml`) "
    "and restarting the app; staff then sign in here with that password."
)


PHONE_STACKED = (
    "<style>@media (max-width: 640px) { .st-key-data_signin_fields { flex-direction: column; "
    "align-items: stretch; } .st-key-data_signin_fields > div { flex: 0 0 auto; } }</style>"
)


def sign_in_form() -> None:
    """The way in for staff: says plainly when a sign-in has ended; where it is not set up, how
    an administrator sets it up (and a line in the server's log, once a session)."""
    notice = st.session_state.pop(NOTICE_KEY, None)
    if login_configured():
        if notice and _logged_in():
            st.warning(_(notice))
            st.button(_("Sign in again"), key="data_login", on_click=st.login, type="primary")
        elif _logged_in():
            st.warning(_("You are signed in, but your address is not on the staff list."))
            st.button(_("Sign out"), key="data_logout", on_click=st.logout)
        else:
            st.button(_("Staff sign-in"), key="data_login", on_click=st.login, type="primary")
        return
    expected = _staff_password()
    if not expected:
        if not st.session_state.get("data_signin_unset_logged"):
            log.warning("Staff sign-in is not set up: set CLFJ_STAFF_PASSWORD or staff_password in secrets.")
            st.session_state["data_signin_unset_logged"] = True
        st.info(_(SIGN_IN_OFF), icon=":material/lock:")
        return
    if notice:
        st.warning(_(notice))
    st.html(PHONE_STACKED)  # a name and a password side by side leave each label too narrow on a phone
    with st.form("data_signin", border=True, enter_to_submit=True):
        st.markdown(_("**Staff sign-in**: staff publish new versions of the data here."))
        with st.container(horizontal=True, vertical_alignment="bottom", key="data_signin_fields"):
            name = st.text_input(
                _("Your name, for the version history"), key="data_name", max_chars=store.MAX_NAME
            )
            password = st.text_input(
                _("Staff password"), type="password", key="data_password", max_chars=MAX_PASSWORD
            )
            submitted = st.form_submit_button(_("Sign in"), type="primary")
    if submitted:
        _check(name.strip(), password, expected)


def _staff_password() -> str | None:
    return os.environ.get("CLFJ_STAFF_PASSWORD") or _secret("staff_password")


def _check(name: str, password: str, expected: str) -> None:
    if not name:
        st.error(_("Give your name: the history records who published each version."))
        return
    try:
        store.one_line(name, N_("Your name"))
    except ValueError as refused:
        st.error(language.error_text(refused))
        return
    engine, who = dataset.engine(), _who_tries()
    try:
        _wait_for_turn(engine, who)
    except throttle.TooManyTries as refused:
        _refuse(_("Too many sign-in tries."), refused.wait)
        return
    if not password_matches(password, expected):
        address = [
            key for key in who if not key.startswith(throttle.ACCOUNT)
        ]  # the account keeps its own pace
        wait = dataset.from_database(lambda: throttle.sign_in_wait(engine, address, now=clock()))
        _refuse(_("That password is not right."), wait)
        return
    dataset.from_database(lambda: throttle.forget_sign_in_failures(engine, who))
    now = clock()
    _begin(SignIn(Staff(name, "password"), now, now), sign_in_tokens.new_id())
    st.rerun()


def _wait_for_turn(engine, who: list[str]) -> None:
    """Book this try with the throttle and wait for its turn (raises throttle.TooManyTries)."""
    moment = dataset.from_database(lambda: throttle.book_sign_in_check(engine, who, now=clock()))
    wait = moment - clock()
    if wait > 0:
        with st.spinner(_("Checking…")):
            time.sleep(wait)


def _begin(sign_in: SignIn, token_id: str) -> None:
    """``sign_in`` in force for this session, on this connection; its token made anew."""
    st.session_state[STAFF_KEY] = sign_in
    st.session_state[CONNECTION_KEY] = _bound_to(internals.connection())
    st.session_state[TOKEN_KEY] = (sign_in_tokens.Kept(sign_in, token_id), None)
    st.session_state.pop(FORGET_KEY, None)


def _signing_key() -> bytes | None:
    """The key of this server's sign-in tokens (None where the password sign-in is off)."""
    password = _staff_password()
    if not password or login_configured():  # the identity provider's sign-in has its own cookie
        return None
    secret = os.environ.get(SIGNIN_SECRET) or _secret("signin_secret")
    return sign_in_tokens.signing_key(secret.encode("utf-8") if secret else _process_secret, password)


def _restore(token, now: float) -> None:
    """The sign-in a token the tab kept restores, after a reload; checked under the throttle,
    as a password is. A token refused (forged, lapsed, ended by signing out) restores nothing,
    and the tab drops it."""
    key = _signing_key()
    if token is None or key is None:
        return
    st.session_state[FORGET_KEY] = True  # unless it holds
    engine, who = dataset.engine(), _who_tries()
    try:
        _wait_for_turn(engine, who)
        kept = sign_in_tokens.read_token(token, key, clock())
    except throttle.TooManyTries:
        return
    except sign_in_tokens.Refused as refused:
        if refused.genuine:  # a lapsed sign-in of this server's: no failed try
            dataset.from_database(lambda: throttle.forget_sign_in_failures(engine, who))
            st.session_state[NOTICE_KEY] = EXPIRED
        else:
            log.warning("A staff sign-in token was refused: %s.", refused)
        return
    dataset.from_database(lambda: throttle.forget_sign_in_failures(engine, who))
    if dataset.from_database(lambda: sign_in_tokens.is_ended(engine, kept)):
        return
    _begin(kept.sign_in, kept.id)


def _presented() -> None:
    st.session_state[ANSWERED_KEY] = True
    token = (st.session_state.get(TAB_KEY) or {}).get("token")
    if isinstance(token, str):
        st.session_state[PRESENTED_KEY] = token


def _answered() -> None:
    st.session_state[ANSWERED_KEY] = True


def tab_may_keep_sign_in() -> bool:
    """Whether this session's tab may yet send a kept sign-in back: a tab of this browser kept
    one, and this one has not said whether it does. The Data page then says it is checking,
    rather than show a sign-in form that would be taken away a moment later."""
    if _signing_key() is None or st.session_state.get(ANSWERED_KEY):
        return False
    return TAB_HINT in st.context.cookies.to_dict()  # by its keys: a test client's mapping finds any key


# The tab's side of a kept sign-in: it stores the token it is given (and a hint cookie that a
# tab of this browser keeps one), drops both when told, and otherwise sends back the token it
# holds, once a page load (a reload starts a new session); asked to answer, it says it has none.
_TAB_JS = """
const KEY = "clfj-staff-sign-in";
export default function ({ data, setTriggerValue }) {
  let token = null;
  try {
    if (data.keep) {
      sessionStorage.setItem(KEY, data.keep);
      document.cookie = `${data.hint}=1; path=/; max-age=${data.hint_age}; samesite=strict`;
      return;
    }
    if (data.forget) {
      sessionStorage.removeItem(KEY);
      document.cookie = `${data.hint}=; path=/; max-age=0; samesite=strict`;
      return;
    }
    token = sessionStorage.getItem(KEY);
  } catch (error) {
    // sessionStorage switched off: staff sign in again after a reload
  }
  if (!data.ask) {
    return;
  }
  if (token && window.clfjStaffTokenSent !== token) {
    window.clfjStaffTokenSent = token;
    setTriggerValue("token", token);
  } else if (!token && data.answer && window.clfjStaffAnswered !== data.answer) {
    window.clfjStaffAnswered = data.answer;
    setTriggerValue("none", true);
  }
}
"""
_tab = st.components.v2.component("clfj_staff_tab", html="", js=_TAB_JS)


def keep_in_tab() -> None:
    """Draw the element that keeps a password sign-in across a reload of the tab: the token of
    the sign-in in force (made again after TOKEN_REFRESH seconds of use), or word to drop it once
    the sign-in ended. The entry script draws it on every page, after :func:`renew`."""
    key = _signing_key()
    if key is None:
        return
    sign_in, (kept, token) = st.session_state.get(STAFF_KEY), st.session_state.get(TOKEN_KEY, (None, None))
    if sign_in is not None and kept is not None:
        if token is None or sign_in.last_used - kept.sign_in.last_used >= TOKEN_REFRESH:
            kept = sign_in_tokens.Kept(sign_in, kept.id)
            token = sign_in_tokens.make_token(kept, key)
            st.session_state[TOKEN_KEY] = (kept, token)
        data = {"keep": token}
    elif st.session_state.pop(FORGET_KEY, False):
        data = {"forget": True}
    else:
        data = {"ask": sign_in is None}
        if sign_in is None and tab_may_keep_sign_in():  # asked anew in each session
            data["answer"] = st.session_state.setdefault(ASKED_KEY, secrets.token_hex(8))
    data |= {"hint": TAB_HINT, "hint_age": TOTAL_LIMIT}  # the hint lasts as long as a sign-in may
    _tab(
        key=TAB_KEY, data=data, on_token_change=_presented, on_none_change=_answered,
        width="content", height="content",
    )  # fmt: skip


def _refuse(reason: str, wait: float) -> None:
    """Says why a sign-in was refused, and in how many whole seconds (at least one) to try again."""
    seconds = max(1, round(wait))
    again = ngettext("Try again in {count} second.", "Try again in {count} seconds.", seconds)
    st.error(" ".join((reason, again.format(count=language.number(seconds)))))


def sign_out() -> None:
    if login_configured():
        st.logout()
    kept, _token = st.session_state.get(TOKEN_KEY, (None, None))
    if kept is not None:  # its token, wherever it was copied to, is refused from now on
        engine = dataset.engine()
        dataset.from_database(lambda: sign_in_tokens.end(engine, kept, clock()))
    _end()
