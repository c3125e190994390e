"""Story mode's order and which slide a link opens (the page itself is in test_app_story.py)."""

import pytest

from clfj_data.story import resolve_step, story_order

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("step", "milestone", "expected"),
    [(None, None, 1), ("3", None, 3), ("99", None, 10), ("-2", None, 1), ("x", None, 1),
     ("3", "individual-care-plans", 1), (None, "no-such-id", 1)],
)  # fmt: skip
def test_resolve_step(shipped, step, milestone, expected):
    assert resolve_step(story_order(shipped), step, milestone) == expected
