"""The entry script around every page: making sure a page is always drawn inside it.

Streamlit still treats a ``pages/`` folder beside the entry script as its older pages-folder
convention until the first ``st.navigation`` call of the process; this module is the one place
that works around it.
"""

from __future__ import annotations

import contextlib
import runpy
import sys
import threading
from pathlib import Path

import streamlit as st

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"
_this_run = threading.local()


def run_inside_entry() -> None:
    """Make sure the page is drawn inside the entry script.

    On a fresh server, Streamlit answers the first deep link (``/timeline``) by running
    ``pages/timeline.py`` on its own, a leftover of its pages/ folder convention. Then this
    runs the entry script, which declares the navigation and draws the page inside it, and
    stops. A page run alone as the main script (in a test) is left as it is.
    """
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if is_inside_entry() or not main or Path(main).resolve() != ENTRY:
        return
    runpy.run_path(str(ENTRY))
    st.stop()


def is_inside_entry() -> bool:
    """Whether this run draws the page inside the entry script (not alone, as a test may)."""
    return getattr(_this_run, "inside_entry", False)


@contextlib.contextmanager
def inside_entry(on_exit=None):
    """Mark the page run that the entry script makes, for :func:`run_inside_entry`.

    Each session's script runs in its own thread, so the mark is thread-local; ``on_exit`` is
    called when the page is done (to forget what was read for this run).
    """
    _this_run.inside_entry = True
    try:
        yield
    finally:
        _this_run.inside_entry = False
        if on_exit is not None:
            on_exit()
