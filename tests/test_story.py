"""Story mode's order and which slide a link opens (the page itself is in test_app_story.py)."""

import pytest

from clfj_data.story import moved, resolve_step, story_order

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
