"""The current data version, read once per run, and what is made from each version for everyone.

Shared by the pages; not a page itself.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
from collections import OrderedDict

import pandas as pd
import streamlit as st

from clfj_data import i18n, load_programme, store, translation
from clfj_data.framing import Framing
from clfj_data.markup import escape_inline
from clfj_data.tables import version_banner_parts
from clfj_data.visibility import visible, withdrawn
from clfj_ui import language
from clfj_ui.language import N_, _
from clfj_ui.staff import current_staff

UNAVAILABLE = N_(
    "The dashboard cannot read its data right now: its database is busy or not answering. "
    "Please try again in a few minutes."
)
_log = logging.getLogger(__name__)
_this_run = threading.local()
# Kept in this module rather than in st.cache_resource: any client can ask Streamlit to clear its
# caches, and one visitor's request must not drop every visitor's engine and shared tables.
_engines: dict[str, object] = {}
_engines_lock = threading.Lock()


def engine():
    """The store's engine for ``CLFJ_DATABASE_URL`` (default: the embedded SQLite file)."""
    url = store.database_url()
    with _engines_lock:
        if url not in _engines:
            made = store.connect(url)
            store.ensure_ready(made)
            _engines[url] = made
        return _engines[url]


def read_current_version() -> None:
    """Read the current version for this run (the entry script calls it first, so that a
    database the app cannot use gives every page the same notice instead of a traceback)."""
    _this_run.info = from_database(lambda: store.current_version(engine()))


def from_database(read):
    """``read()``; if the database cannot be used, a notice in place of the page, and the run
    stops. Visitors get a plain sentence; the server's log gets the store's (where, and why)."""
    try:
        return read()
    except store.DatabaseUnavailable as error:
        _log.warning("%s", error)
        st.error(_(UNAVAILABLE), icon=":material/cloud_off:")
        st.stop()


def forget_current_version() -> None:
    """End of a run: the next one reads the current version again."""
    _this_run.info = None


def current_info() -> store.VersionInfo:
    """The current version: read once per run of the entry script, so a new publish shows at
    the next run and every part of a page shows the same version."""
    info = getattr(_this_run, "info", None)
    return info if info is not None else from_database(lambda: store.current_version(engine()))


def sees_staff_only() -> bool:
    """Whether this session is signed-in staff, who see the staff-only milestones too."""
    return current_staff() is not None


class Shared:
    """What has been made from one version's milestones for one audience (visitors, or
    staff), shared by every session of that audience.

    Versions never change, so neither does anything made from one; the least recently used
    entries go past ``limit``. Whoever gets an entry must not change it.
    """

    def __init__(self, limit: int):
        self._limit = limit
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two sessions may both make it, and one keeps it
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._limit:
                self._items.popitem(last=False)
        return value


# (database URL, version, staff or not) -> Shared, the 16 last used
_versions: OrderedDict = OrderedDict()
_versions_lock = threading.Lock()


def shared(version: int, staff: bool | None = None) -> Shared:
    """What has been made from ``version`` of this app's database for staff (``staff``) or for
    visitors, by default for this session's audience: nothing made for staff is ever given to
    a visitor."""
    staff = sees_staff_only() if staff is None else staff
    # A visitor's view of a version depends on the current version too, whose staff-only
    # milestones are withdrawn from every version.
    key = (store.database_url(), version, staff, None if staff else current_info().version)
    with _versions_lock:
        if key not in _versions:
            _versions[key] = Shared(limit=64)
        _versions.move_to_end(key)
        while len(_versions) > 16:
            _versions.popitem(last=False)
        return _versions[key]


def milestones_of(version: int, public: bool = False) -> pd.DataFrame:
    """A version's milestones as this session may see them (as a visitor sees them, where
    ``public``), read once for every session of its audience (callers must not change them). A
    visitor's never hold a staff-only milestone: every page, count, chart and export is made from
    these, on the server, so none is ever sent."""
    staff = (
        sees_staff_only() and not public
    )  # asked once: a sign-in that ended in between must not mix the two

    def read() -> pd.DataFrame:
        frame = from_database(lambda: store.read_milestones(engine(), version))
        return frame if staff else visible(frame, staff=False, withdrawn=withdrawn_now())

    return shared(version, staff).get("milestones", read)


def in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` (the current version's milestones as this session sees them, or some of them)
    as a reader of ``lang`` sees them. The whole version is translated once for every session of
    its audience and the rows of ``frame`` taken from it; any other frame is translated here."""
    if i18n.language(lang) == i18n.ENGLISH:
        return frame
    number = current_info().version
    whole = shared(number).get(
        ("in language", lang), lambda: translation.in_language(milestones_of(number), lang)
    )
    if frame.index.isin(whole.index).all():
        rows = whole.loc[frame.index]
        if len(rows) == len(frame) and (rows["id"].to_numpy() == frame["id"].to_numpy()).all():
            return rows
    return translation.in_language(frame, lang)


def withdrawn_now() -> frozenset[str]:
    """The ids the current version makes staff-only, read once for every visitor."""
    current = current_info().version

    def read() -> frozenset[str]:
        return withdrawn(from_database(lambda: store.read_milestones(engine(), current)))

    return shared(current, staff=False).get("withdrawn", read)


def picture(name: str, version: int | None = None):
    """The picture (photos.Photo) a milestone of ``version`` (default: the current one) names,
    read once for every session; None where there is none."""
    number = current_info().version if version is None else version

    def read():
        return from_database(lambda: store.read_pictures(engine(), number, [name]).get(name))

    return shared(number).get(("picture", name), read) if name else None


def milestones(public: bool = False) -> pd.DataFrame:
    """The current version's milestones (as a visitor sees them, where ``public``)."""
    return milestones_of(current_info().version, public)


def counted(info: store.VersionInfo) -> store.VersionInfo:
    """``info`` with the milestones this session may see counted (a visitor's leave out the
    staff-only ones)."""
    seen = len(milestones_of(info.version))
    return info if seen == info.milestones else dataclasses.replace(info, milestones=seen)


@functools.cache
def programme():
    """The programme's framing sentences (``data/programme.toml``): the dashboard's own name.

    Read once for the process, and shared: the file ships with the app and the value is frozen.
    (``st.cache_data`` would hand each call a copy of its own, about 0.15 ms a call in a run,
    and a run asks for it up to six times.)"""
    return load_programme()


def framing_of(version: int) -> Framing:
    """A version's title and eras (read once for every session)."""
    return shared(version).get(
        "framing", lambda: from_database(lambda: store.read_framing(engine(), version))
    )


def framing() -> Framing:
    """The current version's title and eras."""
    return framing_of(current_info().version)


def titled_programme():
    """:func:`programme` headed by the current version's title where its sheet had a title row:
    the Overview's heading and intro, the story's opening, the exports' titles."""
    return framing().titled(programme())


def updated_banner() -> None:
    """When the data last changed, and for staff by whom (the name is staff's own text: shown
    literally, marked with its language where that is not the page's)."""
    parts = version_banner_parts(current_info(), language.current(), named=sees_staff_only())
    language.caption("".join(language.span(escape_inline(text), lang) for text, lang in parts))
