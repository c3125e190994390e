"""Files made on request (decks, offline reports, images), kept for everyone who asks for the
same view: the same version, filters, milestones and format. A second press costs nothing.

Kept in this module rather than in ``st.cache_resource``, which any client can ask Streamlit to
clear. At most :data:`MAKING_AT_ONCE` files are made at a time in a process; one more request
gets :class:`Busy` at once rather than a place in a queue that any visitor could lengthen.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from clfj_data.export import Rendered
from clfj_data.i18n import N_

MAKING_AT_ONCE = 2
KEPT_BYTES = 64 * 2**20  # the most recently used files, up to this many bytes in all


class Busy(RuntimeError):
    def __init__(self):
        super().__init__(N_("The server is busy making files for other people: try again in a moment."))


_kept: OrderedDict[Hashable, Rendered] = OrderedDict()
_kept_lock = threading.Lock()
_making = threading.BoundedSemaphore(MAKING_AT_ONCE)
_view_locks: dict[Hashable, threading.Lock] = {}


def view_key(fmt: str, version: int, filters, options: dict, ids) -> Hashable:
    """What a made file depends on: its format and options, the version and filters, and which
    milestones it holds in which order (staff-only ones included or not)."""
    holds = hashlib.sha256("\x1f".join(map(str, ids)).encode("utf-8")).hexdigest()
    return (fmt, version, filters, tuple(sorted(options.items())), holds)


def made(key: Hashable, make: Callable[[], Rendered]) -> Rendered:
    """The file for ``key``: kept from before, or made now by ``make()``. Two requests for one
    view make it once; the second waits for the first."""
    with _kept_lock:
        lock = _view_locks.setdefault(key, threading.Lock())
    with lock:
        with _kept_lock:
            if key in _kept:
                _kept.move_to_end(key)
                return _kept[key]
        if not _making.acquire(blocking=False):
            raise Busy()
        try:
            result = make()
        finally:
            _making.release()
        _keep(key, result)
        return result


def _keep(key: Hashable, result: Rendered) -> None:
    with _kept_lock:
        _kept[key] = result
        while sum(len(r.data) for r in _kept.values()) > KEPT_BYTES and len(_kept) > 1:
            old, _ = _kept.popitem(last=False)
            _view_locks.pop(old, None)


def forget() -> None:
    """Drop every kept file (the tests start from nothing)."""
    with _kept_lock:
        _kept.clear()
        _view_locks.clear()
