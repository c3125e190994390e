"""Story mode: the milestones one at a time, and which one a link points at."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pandas as pd

from . import i18n
from .summary import latest_first
from .wording import milestone_when

if TYPE_CHECKING:  # the exports take the story's order without loading Plotly
    import plotly.graph_objects as go

INK = "#1F2933"
PRESENTING_FONT = 16  # a slide's lane names and dates, in pixels (the charts' are 12)
STORY_LANES_PX = 120  # the least height a slide's timeline gives its lanes: one lane is not a sliver


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


MOVES = ("next", "previous", "first", "last")


def moved(step: int, move: str, slides: int) -> int:
    """The slide a presenter's ``move`` ("next", "previous", "first" or "last") goes to."""
    targets = {"next": step + 1, "previous": step - 1, "first": 1, "last": slides}
    return min(max(targets[move], 1), slides)


def moved_by(step: int, moves, slides: int) -> int:
    """The slide ``moves`` lead to from ``step``, one after the other (as keys pressed in a
    row); anything that is not one of :data:`MOVES` is passed over."""
    for move in moves:
        if move in MOVES:
            step = moved(step, move, slides)
    return step


def slide_at(ordered: pd.DataFrame, step: int) -> pd.Series:
    """The milestone on (1-based) slide ``step`` of :func:`story_order`'s table."""
    return ordered.iloc[step - 1]


def slide_label(ordered: pd.DataFrame, step: int, lang: str = i18n.ENGLISH) -> str:
    """``4. Mar 2021 · Rajasthan and Bihar courts take evidence by video link`` for a jump list:
    the whole headline (in ``lang`` where it has that translation), which the list wraps to its
    width; ``11. The end: what it adds up to`` for the closing slide."""
    if step > len(ordered):
        _ = i18n.translator(lang)
        return _("{step}. The end: what it adds up to").format(step=step)
    milestone = slide_at(ordered, step)
    title = " ".join(i18n.text_in(milestone, "title", lang)[0].split())
    return f"{step}. {milestone_when(milestone, lang)} · {title}"


def story_timeline(frame: pd.DataFrame, eras=(), lang: str = i18n.ENGLISH) -> go.Figure:
    """The compact timeline under a slide, its lane names and dates large and dark enough to
    read from the back of a room; ``eras`` (framing.Era) shaded as on the Timeline page; its
    names in ``lang``."""
    from .charts import timeline_figure
    from .timeline_labels import APP_LABELS

    labels = replace(APP_LABELS, size=PRESENTING_FONT)
    fig = timeline_figure(frame, compact=True, eras=eras, labels=labels, lang=lang)
    if not frame.empty:  # the lane names' margin is measured at that size
        tick_font = {"size": PRESENTING_FONT, "color": INK}
        # The ring round the slide's marker reaches past the plot's left edge by up to its
        # radius where the marker is near the axis's start (on a phone, a few pixels in): the
        # lane names stand that far off, in a margin as much wider.
        fig.update_yaxes(tickfont=tick_font, ticklabelstandoff=labels.ring)
        fig.update_layout(margin_l=fig.layout.margin.l + labels.ring)
        fig.update_xaxes(tickfont=tick_font)
        _stretch_lanes(fig, STORY_LANES_PX)
    return fig


def _stretch_lanes(fig: go.Figure, least: float) -> None:
    """Make the lanes of a timeline (its y axis counts pixels from the top) at least ``least``
    pixels tall together, markers and lane names kept in proportion."""
    lanes = fig.layout.yaxis.range[0]
    if lanes >= least:
        return
    scale = least / lanes
    for trace in fig.data:
        if trace.y is not None:
            trace.y = [None if y is None else y * scale for y in trace.y]  # a span's bars end with a gap
    fig.update_yaxes(range=[least, 0], tickvals=[v * scale for v in fig.layout.yaxis.tickvals])
    fig.update_layout(height=round(fig.layout.height + least - lanes))
