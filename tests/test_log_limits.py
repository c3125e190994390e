"""The traceback limit on the server's log: a few a minute from each logger, then a count."""

import logging
import sys

import pytest

from clfj_ui.log_limits import TracebackLimit, install

pytestmark = pytest.mark.unit


def record(name: str = "streamlit.x", traceback: bool = True) -> logging.LogRecord:
    try:
        raise KeyError("forged")
    except KeyError:
        info = sys.exc_info() if traceback else None
    return logging.LogRecord(name, logging.ERROR, __file__, 1, "Uncaught app execution", None, info)


def test_a_minute_lets_ten_tracebacks_through_then_says_how_many_it_left_out():
    now = [0.0]
    limit = TracebackLimit(per_minute=10, clock=lambda: now[0])
    assert [limit.filter(record()) for _ in range(25)] == [True] * 10 + [False] * 15
    assert limit.filter(record(traceback=False))  # other lines always pass
    assert limit.filter(record("streamlit.other"))  # counted per logger
    now[0] = 61
    later = record()
    assert limit.filter(later)
    assert later.msg == "Uncaught app execution (15 more like it in the last minute were left out of the log)"


def test_a_streamlit_logger_made_after_the_first_run_gets_one_limit_too():
    install()  # as every run does
    handler = logging.NullHandler()
    logging.getLogger("streamlit.made_later_by_a_lazy_import").addHandler(handler)
    install()
    install()
    assert [type(f) for f in handler.filters] == [TracebackLimit]
