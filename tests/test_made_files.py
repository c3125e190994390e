"""Files made on request are made once per view for everyone, and never more than a few at once."""

import threading

import pytest

from clfj_data.export import Rendered
from clfj_data.filters import Filters
from clfj_ui import made_files

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def nothing_kept():
    made_files.forget()
    yield
    made_files.forget()


def test_a_second_request_for_the_same_view_is_answered_from_the_first():
    key = made_files.view_key("png", 3, Filters(), {"chart": "timeline"}, ["a", "b"])
    calls = []

    def make():
        calls.append(1)
        return Rendered(b"image", "x.png", "image/png")

    assert made_files.made(key, make).data == b"image"
    assert made_files.made(key, make).data == b"image"
    assert len(calls) == 1


def test_another_version_filter_or_set_of_milestones_is_another_file():
    keys = {
        made_files.view_key("png", 3, Filters(), {}, ["a"]),
        made_files.view_key("png", 4, Filters(), {}, ["a"]),
        made_files.view_key("svg", 3, Filters(), {}, ["a"]),
        made_files.view_key("png", 3, Filters(sectors=("Justice",)), {}, ["a"]),
        made_files.view_key("png", 3, Filters(), {}, ["a", "staff-only"]),
    }
    assert len(keys) == 5


def test_past_the_files_made_at_once_a_request_is_told_to_try_again():
    release, started = threading.Event(), threading.Barrier(made_files.MAKING_AT_ONCE + 1)

    def slow():
        started.wait()
        release.wait(10)
        return Rendered(b"deck", "x.pptx", "application/octet-stream")

    threads = [
        threading.Thread(target=made_files.made, args=(("deck", i), slow))
        for i in range(made_files.MAKING_AT_ONCE)
    ]
    for thread in threads:
        thread.start()
    started.wait()
    with pytest.raises(made_files.Busy, match="try again in a moment"):
        made_files.made(("deck", "one more"), slow)
    release.set()
    for thread in threads:
        thread.join()
