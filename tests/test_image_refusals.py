"""An image that cannot be made when Download PNG is pressed (the server busy, a drawing timed
out) says so in a plain sentence under its button, in the viewer's language, with no traceback
in the log: the button's callable and Streamlit's handler of deferred downloads, both real."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.BackMsg_pb2 import BackendOperationRequest, DeferredFileRequestPayload
from streamlit.runtime.backend_operation_handler import DeferredFileHandler
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from clfj_data import images, store
from clfj_data.charts import state_counts_figure
from clfj_data.export import Rendered
from clfj_data.images import ImagesBusy, figure_image
from clfj_ui import dataset, internals, made_files
from clfj_ui.export_buttons import FILE_BUSY, made_on_press

pytestmark = pytest.mark.unit

BUSY = "The image could not be made just now: the server is busy. Try again in a moment."
PNG = Rendered(b"\x89PNG drawn", "clfj-timeline.png", "image/png")


@pytest.fixture
def every_place_taken():
    """The server making as many files as it makes at once, for other people."""
    made_files.forget()
    for _ in range(made_files.MAKING_AT_ONCE):
        assert made_files._making.acquire(blocking=False)
    yield
    for _ in range(made_files.MAKING_AT_ONCE):
        made_files._making.release()
    made_files.forget()


def pressed(callable_, wrapped: bool = True):
    """What the browser hears back when the button whose callable is ``callable_`` is pressed."""
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    file_id = manager.add_deferred(callable_, "image/png", "coordinates", "clfj-timeline.png")
    handler = DeferredFileHandler(lambda: manager)
    handle = internals._refusals_said_plainly(DeferredFileHandler, DeferredFileHandler.handle)
    asked = DeferredFileRequestPayload(file_id=file_id)
    request = BackendOperationRequest(request_id="1", deferred_file=asked)
    answer = handle if wrapped else DeferredFileHandler.handle
    # A loop of its own, in a thread of its own: the browser tests' Playwright keeps an event
    # loop running in this thread for the whole session.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, answer(handler, request, "session")).result()


def test_a_press_while_every_place_is_taken_is_refused_in_a_plain_sentence(every_place_taken, caplog):
    image = made_on_press(lambda: ("png", "busy view"), lambda: PNG, "en")
    with pytest.raises(internals.Refused, match=r"^The image could not be made just now"):
        image()
    with caplog.at_level(logging.INFO):
        answer = pressed(image)
    assert answer.error_msg == BUSY and not answer.deferred_file.url
    assert not [record for record in caplog.records if record.exc_info]  # no traceback logged


def test_without_the_plain_answer_streamlit_says_only_that_it_failed(every_place_taken):
    """What a visitor read before: Streamlit's own fixed sentence, whatever went wrong."""
    answer = pressed(made_on_press(lambda: ("png", "busy view"), lambda: PNG, "en"), wrapped=False)
    assert answer.error_msg == internals.STREAMLIT_FAILED == "Failed to generate file for download"


def test_a_drawing_refused_or_timed_out_by_the_browser_is_the_same_plain_sentence_in_hindi():
    made_files.forget()

    def refused() -> Rendered:
        raise ImagesBusy()

    answer = pressed(made_on_press(lambda: ("png", "hindi view"), refused, "hi"))
    assert answer.error_msg and answer.error_msg != BUSY
    assert "सर्वर" in answer.error_msg and not any("a" <= ch <= "z" for ch in answer.error_msg.lower())


def test_an_image_made_downloads_as_before():
    made_files.forget()
    answer = pressed(made_on_press(lambda: ("png", "made view"), lambda: PNG, "en"))
    assert not answer.error_msg and answer.deferred_file.url.startswith("/media/")


def test_a_drawing_that_times_out_is_refused_as_busy(monkeypatch, shipped):
    def too_slow(*_args):
        raise TimeoutError

    monkeypatch.setenv("BROWSER_PATH", "/usr/bin/env")  # one is installed; this one is never started
    monkeypatch.setattr(images.browser, "draw", too_slow)
    monkeypatch.setattr(images.browser, "close", lambda: None)
    with pytest.raises(ImagesBusy):
        figure_image(state_counts_figure(shipped), "png")


def test_any_other_failure_is_answered_as_streamlit_answers_it(caplog):
    def broken() -> bytes:
        raise ValueError("a bug")

    with caplog.at_level(logging.ERROR):
        assert pressed(broken).error_msg == pressed(broken, wrapped=False).error_msg
    assert [record for record in caplog.records if record.exc_info]  # with its traceback, to fix it


def test_a_deck_pressed_while_the_server_is_busy_or_its_database_unreadable_says_which(every_place_taken):
    deck = made_on_press(lambda: ("pptx", "busy view"), lambda: PNG, "en", busy=FILE_BUSY)
    assert pressed(deck).error_msg.startswith("The file could not be made just now")
    made_files._making.release()  # one place free again

    def unreadable() -> Rendered:
        raise store.DatabaseUnavailable("The database at instance/clfj.sqlite3 is locked.")

    answer = pressed(made_on_press(lambda: ("pptx", "unread view"), unreadable, "en", busy=FILE_BUSY))
    made_files._making.acquire(blocking=False)
    assert answer.error_msg == dataset.UNAVAILABLE
