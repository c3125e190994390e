"""The things the app needs from Streamlit that it offers no public API for, each behind one
function. ``tests/test_streamlit_internals.py`` fails plainly when an upgrade changes them.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
from streamlit import dataframe_util, runtime
from streamlit.proto.ForwardMsg_pb2 import BackendOperationResponse, DeferredFileResponsePayload
from streamlit.runtime import Runtime
from streamlit.runtime.backend_operation_handler import DeferredFileHandler
from streamlit.runtime.scriptrunner import get_script_run_ctx

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_wrapped: list[tuple[object, str]] = []  # (a server part, its method) wrapped, once per process


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as the Arrow table ``st.dataframe`` would send for it (Streamlit's own
    conversion, with its fixes for columns Arrow cannot take as they are)."""
    return dataframe_util.convert_pandas_df_to_arrow_table(frame)


def connection() -> object | None:
    """The connection this session is served over now: a new object for every websocket, so a
    session resumed over another one never matches it. None without a server (AppTest runs
    scripts under a stand-in runtime, a new one for every run)."""
    context, running = get_script_run_ctx(), server()
    if context is None or running is None:
        return None
    client = running.get_client(context.session_id)
    return None if client is None else client.client_context


def keep_sessions_on_their_connections() -> None:
    """A connection that presents the id of a session still open over another connection gets a
    new session of its own (once set, for the server process).

    Streamlit would hand the session over and ignore its tab from then on: whoever learned a
    session's id could take a signed-in tab's place, and the tab would answer nothing. A tab
    that reconnects after its connection has closed still resumes its session. The cost: a tab
    whose connection dropped without the server seeing it yet (until the websocket's ping times
    out) starts a new session, as after a server restart; its filters are in the address.
    """
    wrap_once(lambda running: running._session_mgr, "connect_session", _sessions_kept_apart)


def _sessions_kept_apart(manager, connect: Callable) -> Callable:
    """``connect_session`` that gives a connection its own session where the one it names is open."""

    def connect_session(*given, existing_session_id=None, **named):
        if existing_session_id and manager.get_active_session_info(existing_session_id) is not None:
            _log.warning("A connection asked for a session still open over another: it gets its own.")
            existing_session_id = None
        return connect(*given, existing_session_id=existing_session_id, **named)

    return connect_session


STREAMLIT_FAILED = "Failed to generate file for download"  # Streamlit's answer to any other failure


class Refused(Exception):
    """A file made on demand (the callable given to ``st.download_button``) that cannot be made
    now; its message is the plain sentence shown under the button."""


def say_refusals_plainly() -> None:
    """A download made on demand whose callable raises :class:`Refused` shows the refusal's own
    sentence under its button, and logs one line (once set, for the server process).

    Streamlit shows its fixed "Failed to generate file for download" for any failure of such a
    callable and logs a traceback: a visitor pressing Download PNG while the server is busy
    learned nothing, and the log filled with tracebacks of an ordinary refusal. Any other
    failure is answered and logged as Streamlit does."""
    wrap_once(lambda running: DeferredFileHandler, "handle", _refusals_said_plainly)


def _refusals_said_plainly(_handler_class, handle: Callable) -> Callable:
    """``DeferredFileHandler.handle`` that answers a :class:`Refused` with its sentence."""

    async def handle_saying_refusals(self, request, session_id):
        file_id = request.deferred_file.file_id
        try:
            url = await asyncio.to_thread(self._get_media_file_mgr().execute_deferred, file_id)
        except Exception as error:
            refused = error.__cause__ if isinstance(error.__cause__, Refused) else None
            if refused is None:  # as Streamlit's own handler answers it
                _log.exception("A file made on demand failed: %s", file_id)
            else:
                _log.info("A file made on demand was refused: %s", refused)
            said = str(refused) if refused else STREAMLIT_FAILED
            return BackendOperationResponse(request_id=request.request_id, error_msg=said)
        payload = DeferredFileResponsePayload(url=url)
        return BackendOperationResponse(request_id=request.request_id, deferred_file=payload)

    handle_saying_refusals.__wrapped__ = handle
    return handle_saying_refusals


def wrap_once(part: Callable[[Runtime], object], name: str, wrapper: Callable[..., Callable]) -> None:
    """Replace the method ``name`` of the running server's ``part`` with ``wrapper(part, method)``,
    once for the server process; nothing without a server."""
    running = server()
    if running is None:
        return
    with _lock:
        owner = part(running)
        if (owner, name) in _wrapped:
            return
        setattr(owner, name, wrapper(owner, getattr(owner, name)))
        _wrapped.append((owner, name))


def server() -> Runtime | None:
    """The running server's runtime, or None without one (AppTest runs scripts under a stand-in)."""
    running = runtime.get_instance() if runtime.exists() else None
    return running if issubclass(type(running), Runtime) else None
