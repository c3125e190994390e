"""Uploaded files are kept only for sessions whose page shows an uploader: staff's Data page.

Streamlit keeps every file PUT to ``/_stcore/upload_file/<session>/<file>`` in the server's
memory for the session's life, for any session, whether or not its page shows an uploader: one
visitor's tab got 26 files of 19 MB kept (over 500 MB). :func:`install` wraps the server's
upload manager so that it drops a file for any session the app has not opened with
:func:`open_for_this_session`, which the Data page calls where it draws its uploader.
Streamlit's upload manager is private API: this module alone reaches into it, and
``tests/test_limits.py`` fails plainly if an upgrade changes it.
"""

from __future__ import annotations

import logging
import threading

from streamlit.runtime.scriptrunner import get_script_run_ctx

from clfj_ui import internals

_open: set[str] = set()  # session ids
_lock = threading.Lock()
_log = logging.getLogger(__name__)


def install() -> None:
    """Drop uploads for sessions not opened to them (once per server process)."""
    internals.wrap_once(lambda server: server.uploaded_file_mgr, "add_file", _kept_if_opened)


def _kept_if_opened(_manager, keep):
    """``add_file`` that keeps a file only for a session opened to uploads."""

    def add_file(session_id: str, file) -> None:
        if session_id in _open:
            keep(session_id=session_id, file=file)
        else:
            dropped = "An upload for a session that shows no uploader was dropped (%d bytes)."
            _log.warning(dropped, len(file.data))

    return add_file


def open_for_this_session() -> None:
    """This session's page shows an uploader: keep the files it sends."""
    context = get_script_run_ctx()
    if context is None or internals.server() is None:
        return
    install()
    with _lock:
        _open.add(context.session_id)
