"""At most a few tracebacks a minute in the server's log from any one place.

A client can send widget values Streamlit's own code cannot read (a number where a list
belongs); Streamlit then logs a traceback for every such message, about 45 KB a second from
one websocket. :func:`install` puts a filter on the handlers of Streamlit's logger that lets
:data:`TRACEBACKS_A_MINUTE` tracebacks a minute through from each logger, and then one line
saying how many it left out.
"""

from __future__ import annotations

import logging
import threading
import time

TRACEBACKS_A_MINUTE = 10


class TracebackLimit(logging.Filter):
    """Lets through at most ``per_minute`` records with a traceback a minute from each logger;
    the first record after a minute that left some out says how many."""

    def __init__(self, per_minute: int = TRACEBACKS_A_MINUTE, clock=time.monotonic):
        super().__init__()
        self._per_minute, self._clock = per_minute, clock
        self._windows: dict[str, tuple[float, int, int]] = {}  # logger -> (start, let through, left out)
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info:
            return True
        now = self._clock()
        with self._lock:
            start, passed, dropped = self._windows.get(record.name, (now, 0, 0))
            if now - start >= 60:
                if dropped:
                    record.msg = (
                        f"{record.msg} ({dropped} more like it in the last minute were left out of the log)"
                    )
                start, passed, dropped = now, 0, 0
            if passed >= self._per_minute:
                self._windows[record.name] = (start, passed, dropped + 1)
                return False
            self._windows[record.name] = (start, passed + 1, dropped)
            return True


_installed: list[logging.Handler] = []
_loggers_seen = [0]  # how many loggers the process had when install() last looked at them


def install() -> None:
    """Limit the tracebacks every handler of Streamlit's loggers writes (Streamlit gives each of
    its loggers a handler of its own; each handler gets one filter). Every run calls it, and it
    looks again only once a module has made a logger since: loggers are never taken away."""
    loggers = logging.Logger.manager.loggerDict
    if len(loggers) == _loggers_seen[0]:
        return
    _loggers_seen[0] = len(loggers)
    names = [name for name in list(loggers) if name.split(".")[0] == "streamlit"]
    for name in names:
        for handler in logging.getLogger(name).handlers:
            if handler not in _installed:
                handler.addFilter(TracebackLimit())
                _installed.append(handler)
