"""Story mode's order and which slide a link opens (the page itself is in test_app_story.py)."""

import pytest

from clfj_data.story import (
    PRESENTING_FONT,
    moved,
    moved_by,
    resolve_step,
    slide_label,
    story_order,
    story_timeline,
)
from clfj_data.text_width import APP
from clfj_data.wording import milestone_when

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("step", "milestone", "expected"),
    [(None, None, 1), ("3", None, 3), ("99", None, 10), ("-2", None, 1), ("x", None, 1),
     ("3", "individual-care-plans", 1), (None, "no-such-id", 1)],
)  # fmt: skip
def test_resolve_step(shipped, step, milestone, expected):
    assert resolve_step(story_order(shipped), step, milestone) == expected


@pytest.mark.parametrize(
    ("step", "move", "expected"),
    [
        (1, "next", 2),
        (11, "next", 11),
        (1, "previous", 1),
        (5, "previous", 4),
        (5, "first", 1),
        (5, "last", 11),
    ],
)
def test_a_presenters_move_stays_within_the_slides(step, move, expected):
    assert moved(step, move, slides=11) == expected


def test_the_closing_slide_follows_the_milestones(shipped):
    assert resolve_step(story_order(shipped), "99", closing=True) == len(shipped) + 1


@pytest.mark.parametrize(
    ("step", "moves", "expected"),
    [
        (1, ["next", "next", "next"], 4),  # three presses, three slides
        (10, ["next", "next", "previous"], 10),  # the end stops the first two: back one from 11
        (5, ["last", "previous", "first", "next"], 2),
        (3, ["next", "sideways", 7, None], 4),  # what is not a move is passed over
        (3, [], 3),
    ],
)
def test_presses_in_a_row_move_one_after_the_other(step, moves, expected):
    assert moved_by(step, moves, slides=11) == expected


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_jump_list_gives_each_headline_whole_and_names_the_closing_slide(shipped, lang):
    ordered = story_order(shipped)
    for step in range(1, len(ordered) + 1):
        milestone = ordered.iloc[step - 1]
        title = milestone["title_hi"] if lang == "hi" and milestone["title_hi"] else milestone["title"]
        assert slide_label(ordered, step, lang) == f"{step}. {milestone_when(milestone, lang)} · {title}"
    closing = slide_label(ordered, len(ordered) + 1, lang)
    assert closing.startswith("11. ") and (closing == "11. The end: what it adds up to") == (lang == "en")


def test_the_slides_timeline_names_its_lanes_large_enough_for_a_room(shipped):
    fig = story_timeline(shipped)
    assert fig.layout.yaxis.tickfont.size == PRESENTING_FONT >= 16
    assert fig.layout.xaxis.tickfont.size == PRESENTING_FONT
    # The longest lane name fits, measured in the app's font at that size.
    assert fig.layout.margin.l >= APP.width("Child protection", PRESENTING_FONT) + 8


def test_the_slides_timeline_shades_the_eras_as_the_timeline_page_does(shipped):
    import datetime as dt

    from clfj_data.charts import timeline_figure
    from clfj_data.framing import Era

    era = Era(dt.date(2020, 3, 1), "month", dt.date(2021, 6, 1), "month", "Lockdowns")
    fig = story_timeline(shipped, eras=(era,))
    (band,) = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    (page,) = [shape for shape in timeline_figure(shipped, compact=True, eras=(era,)).layout.shapes
               if shape.type == "rect"]  # fmt: skip
    assert (band.x0, band.x1, band.fillcolor) == (page.x0, page.x1, page.fillcolor)
    assert band.x0.startswith("2020-03-01") and band.x1.startswith("2021-07-01")
    assert not [shape for shape in story_timeline(shipped).layout.shapes if shape.type == "rect"]


def test_the_slides_timeline_keeps_its_lane_names_clear_of_the_ring(shipped):
    from clfj_data.label_text import APP_LABELS

    fig = story_timeline(shipped)
    standoff = fig.layout.yaxis.ticklabelstandoff
    assert standoff >= APP_LABELS.ring  # the ring's reach past the plot's left edge
    assert fig.layout.margin.l >= APP.width("Child protection", PRESENTING_FONT) + standoff + 8
