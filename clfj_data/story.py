"""Story mode: the milestones one at a time, and which one a link points at."""

from __future__ import annotations

import pandas as pd

from .summary import latest_first
from .wording import milestone_when


def story_order(frame: pd.DataFrame, newest_first: bool = False) -> pd.DataFrame:
    """The milestones in the order the story tells them (file order kept among equal dates)."""
    ordered = latest_first(frame) if newest_first else frame.sort_values("date", kind="stable")
    return ordered.reset_index(drop=True)


def resolve_step(
    ordered: pd.DataFrame, step: str | None = None, milestone: str | None = None, closing: bool = False
) -> int:
    """The 1-based step a link asks for: ``?milestone=<id>`` wins when it is in the story,
    else ``?step=N`` (kept within 1..len, or len + 1 where a ``closing`` slide follows the
    milestones), else the first."""
    if ordered.empty:
        return 0
    if milestone:
        matches = ordered.index[ordered["id"] == milestone]
        if len(matches):
            return int(matches[0]) + 1
    try:
        number = int(str(step).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), len(ordered) + closing)


def moved(step: int, move: str, slides: int) -> int:
    """The slide a presenter's ``move`` ("next", "previous", "first" or "last") goes to."""
    targets = {"next": step + 1, "previous": step - 1, "first": 1, "last": slides}
    return min(max(targets[move], 1), slides)


def slide_at(ordered: pd.DataFrame, step: int) -> pd.Series:
    """The milestone on (1-based) slide ``step`` of :func:`story_order`'s table."""
    return ordered.iloc[step - 1]


def slide_label(ordered: pd.DataFrame, step: int) -> str:
    """``4. Mar 2021 · Rajasthan and Bihar courts take children's testimony…`` for a jump list."""
    milestone = slide_at(ordered, step)
    return f"{step}. {milestone_when(milestone)} · {milestone['title']}"
