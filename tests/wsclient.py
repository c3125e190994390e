"""A raw Streamlit client for security tests and load benchmarks: one websocket speaking the
browser's protocol.

It sends what a browser tab sends (``BackMsg`` protobufs: a rerun with widget values, or a
request to clear the caches) and reads the server's ``ForwardMsg`` replies until the script
has finished, so a test can do what a hostile client could: reconnect with another tab's
session id, clear every cache, or open many sessions at once (benchmarks/sessions.py opens
twenty, and times their runs). Only 127.0.0.1 is accepted,
and every wait is bounded in time and in the number of messages read.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

MAX_MESSAGES = 5_000  # per run: the data page sends a few hundred
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class Element:
    kind: str  # the element's type in the protobuf: "alert", "button", "text_input", ...
    text: str  # its body or label
    widget_id: str  # for widgets, else ""
    proto: object
    seconds: float  # when it came, from the request that started the run


@dataclass
class Run:
    """What one script run (and the reruns it asked for) drew."""

    elements: list[Element] = field(default_factory=list)
    started: float = 0.0  # time.monotonic() when the request was sent
    seconds: float = 0.0  # from the request to the end of the run

    def texts(self, kind: str | None = None) -> list[str]:
        return [e.text for e in self.elements if kind is None or e.kind == kind]

    def shows(self, words: str) -> bool:
        return any(words in text for text in self.texts())

    def first(self, words: str) -> Element | None:
        """The first element whose text holds ``words``."""
        return next((e for e in self.elements if words in e.text), None)

    def widget(self, key: str = "", label: str = "") -> str:
        """The id of the widget keyed ``key`` (ids end with the key), or labelled ``label``."""
        for element in self.elements:
            if element.widget_id and (
                (key and element.widget_id.endswith(f"-{key}")) or (label and element.text == label)
            ):
                return element.widget_id
        raise LookupError(f"no widget {key or label!r} in this run")

    def has_widget(self, key: str) -> bool:
        return any(e.widget_id.endswith(f"-{key}") for e in self.elements if e.widget_id)


class StreamlitClient:
    """One browser tab's connection. Use :func:`connect`."""

    def __init__(self, socket, timeout: float):
        self._socket = socket
        self._timeout = timeout
        self.session_id = ""

    async def run(
        self,
        page: str = "",
        query: str = "",
        text: dict[str, str] | None = None,
        click: str | None = None,
        timeout: float | None = None,
        values: tuple = (),
    ) -> Run:
        """Ask for a run of ``page`` with the text inputs ``text`` (widget id -> value), any other
        ``values`` (as :func:`rerun_message` takes them) and the button ``click`` (a widget id)
        pressed, and read until the script has finished."""
        values = [*values, *((widget_id, "string_value", value) for widget_id, value in (text or {}).items())]
        values += [(click, "trigger_value", True)] if click else []
        started = time.monotonic()
        await self._socket.send(rerun_message(page, query, values))
        run = await self._read_run(started, timeout or self._timeout)
        run.started, run.seconds = started, time.monotonic() - started
        return run

    async def deferred_file(self, file_id: str, timeout: float | None = None) -> str:
        """What a download button whose file is made on demand sends when pressed: the server
        makes the file and answers with its address. Raises RuntimeError with the server's
        sentence when it could not."""
        request_id = f"clfj-{time.monotonic_ns()}"
        await self._socket.send(deferred_file_message(request_id, file_id, self.session_id))
        deadline = time.monotonic() + (timeout or self._timeout)
        for _ in range(MAX_MESSAGES):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                message = forward_message(await asyncio.wait_for(self._socket.recv(), left))
            except TimeoutError:
                break
            answer = message.backend_operation_response
            if message.WhichOneof("type") == "backend_operation_response" and answer.request_id == request_id:
                if answer.error_msg:
                    raise RuntimeError(answer.error_msg)
                return answer.deferred_file.url
        raise TimeoutError(f"no file within {timeout or self._timeout} s")

    async def clear_cache(self) -> None:
        """What the app menu's "Clear cache" sends (any client may send it)."""
        await self._socket.send(clear_cache_message())

    async def _read_run(self, started: float, timeout: float) -> Run:
        run = Run()
        deadline = started + timeout
        for _ in range(MAX_MESSAGES):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                data = await asyncio.wait_for(self._socket.recv(), left)
            except TimeoutError:
                break
            message = forward_message(data)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.session_id = message.new_session.initialize.session_id or self.session_id
                run.elements.clear()  # a rerun the script asked for starts afresh
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                run.elements.append(_element(message.delta.new_element, time.monotonic() - started))
            elif kind == "script_finished" and message.script_finished in FINISHED:
                return run
        raise TimeoutError(f"the script did not finish within {timeout} s")


# Streamlit's browser protocol (its protobufs are not a public API): every message this client
# and the tests send or read is made or read here, and tests/test_streamlit_internals.py fails
# plainly when an upgrade changes the fields used.


def rerun_message(page: str = "", query: str = "", values=()) -> bytes:
    """A ``BackMsg`` asking for a run of ``page`` with ``query``, and each widget's value given
    as (widget id, the ``WidgetState`` field to set, value): ``("…-data_name", "string_value",
    "Asha")``, ``(id, "trigger_value", True)`` for a button, ``(id, "string_array_value",
    ["Bihar"])`` for a multiselect, or any other field a forged client might set."""
    message = BackMsg()
    state = message.rerun_script
    state.page_name, state.query_string = page, query
    for widget_id, field_name, value in values:
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        if isinstance(value, list):  # the array fields are messages holding a list
            getattr(widget, field_name).data.extend(value)
        else:
            setattr(widget, field_name, value)
    return message.SerializeToString()


def clear_cache_message() -> bytes:
    """What the app menu's "Clear cache" sends."""
    message = BackMsg()
    message.clear_cache = True
    return message.SerializeToString()


def deferred_file_message(request_id: str, file_id: str, session_id: str = "") -> bytes:
    """What a download button made with a callable sends when pressed (its ``deferred_file_id``),
    from the session ``session_id``."""
    message = BackMsg()
    request = message.backend_operation_request
    request.request_id, request.session_id = request_id, session_id
    request.deferred_file.file_id = file_id
    return message.SerializeToString()


def forward_message(data: bytes) -> ForwardMsg:
    """A message from the server, read."""
    message = ForwardMsg()
    message.ParseFromString(data)
    return message


def _element(proto, seconds: float) -> Element:
    kind = proto.WhichOneof("type") or ""
    if not kind:
        return Element("", "", "", None, seconds)
    inner = getattr(proto, kind)
    fields = inner.DESCRIPTOR.fields_by_name
    text = next(
        (getattr(inner, name) for name in ("body", "label") if name in fields and getattr(inner, name)), ""
    )
    widget_id = inner.id if "id" in fields else ""
    return Element(kind, text, widget_id, inner, seconds)


@contextlib.asynccontextmanager
async def connect(
    base_url: str,
    session_id: str = "",
    timeout: float = 30,
    source: str = "127.0.0.1",
    headers: dict | None = None,
):
    """A websocket to the app at ``base_url`` (127.0.0.1 only), resuming ``session_id`` if given,
    sent from the loopback address ``source`` (nginx counts its limits and places a visitor
    without a cookie by address: distinct sources are distinct visitors), with ``headers``
    added to the handshake.

    Streamlit reads the reconnecting session's id from the third entry of the subprotocol
    header; the second is the XSRF token, which a raw client does not have (Streamlit then
    only ignores the sign-in cookies of ``st.login``).
    """
    address = urlparse(base_url)
    if address.hostname != "127.0.0.1":
        raise ValueError("the raw client only talks to 127.0.0.1")
    protocols = ["streamlit", "no-xsrf-token", session_id] if session_id else ["streamlit"]
    async with websockets.connect(
        f"ws://{address.netloc}/_stcore/stream",
        subprotocols=protocols,
        origin=f"http://{address.netloc}",
        open_timeout=timeout,
        max_size=2**26,
        proxy=None,  # never through an HTTP proxy named in the environment
        local_addr=(source, 0),
        additional_headers=headers,
    ) as socket:
        yield StreamlitClient(socket, timeout)


def run(coroutine):
    """``asyncio.run(coroutine)`` on a thread of its own: Playwright's sync API may already run
    an event loop on this one (the browser tests share one Chromium), and asyncio.run refuses
    to start a second."""
    import threading

    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
