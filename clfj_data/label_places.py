"""Where one label may go beside its marker, and whether a place is free: the candidate boxes
(on the lane's line, or tier by tier above and below it) and the checks that keep each label
clear of the others, their leaders and the markers. :mod:`clfj_data.timeline_labels` chooses
among them for a whole timeline."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from dataclasses import dataclass

from .label_text import LabelStyle, wrap


@dataclass(frozen=True)
class Mark:
    """A marker to label: ``x`` from the plot's left edge, in its ``lane``."""

    key: Hashable
    x: float
    lane: Hashable
    when: str
    title: str
    labelled: bool = True  # False: placed, and kept clear of, but not labelled


@dataclass(frozen=True)
class Label:
    """Where one marker's label is written.

    ``lines``: its text, the date first (on its own line where the style says so, else
    starting the first). ``side``: -1 above the lane's line, +1 below, 0 on it beside its
    marker (no leader: its ``near`` and ``far`` edges are then above and below the line, -
    and +); ``tier``: 0 nearest.
    ``anchor``: "left", the text runs right from its marker; "right", it ends there; "center",
    it stands over (or under) it.
    ``left`` and ``right``: the box's edges from the plot's left; ``near`` and ``far``: its
    edges' distances from the lane's line.
    """

    lines: tuple[str, ...]
    side: int
    tier: int
    anchor: str
    left: float
    right: float
    near: float = 0.0
    far: float = 0.0
    shortened: bool = False

    @property
    def leader_x(self) -> float:
        """Where the leader meets the label: the corner on its marker's side, or its middle."""
        if self.anchor == "left":
            return self.left
        return self.right if self.anchor == "right" else (self.left + self.right) / 2


def candidates(
    mark: Mark, x: float, offset: float, plot_px: float, style: LabelStyle, widths, later, reach=None
):
    """The places a label may go, best first: beside its marker on the line; then tier by tier
    from the line, and within a tier the box over the fewest markers still to be labelled
    (their leaders must pass it), at the layout's width before a narrower one, on its marker's
    side of the line first. ``reach``: on each side, how many tiers are worth trying (one past
    the outermost in use: a tier further out meets just what that one meets)."""
    first = -1 if offset <= 0 else 1
    if style.beside and offset == 0:
        for width in widths:
            yield from _beside(mark, x, plot_px, style, width)
    options = []
    for number, width in enumerate(widths):
        for rank, box in enumerate(_boxes(mark, x, plot_px, style, width)):
            over = sum(box.left <= other <= box.right for other in later)
            options += [(over, number, side != first, rank, side, box) for side in (first, -first)]
    # The same order in every tier: sorted once (most candidates are tried and found taken).
    options.sort(key=lambda option: option[:4])
    reach = reach or {-1: style.tiers, 1: style.tiers}
    for tier in range(min(style.tiers, max(reach.values()))):
        for *_, side, box in options:
            if tier < reach[side]:
                yield Label(box.lines, side, tier, box.anchor, box.left, box.right, shortened=box.shortened)


@functools.lru_cache(maxsize=4096)  # each placing order asks again for the same marker's boxes
def _boxes(mark: Mark, x: float, plot_px: float, style: LabelStyle, width: float) -> tuple[Label, ...]:
    """The label's box running right from its marker, running left, and centred over it, where
    each fits in the plot at ``width``; a side with less room than that has its box wrapped
    narrower to fit (if any side has the room a label needs at the narrowest)."""
    # The box's corner on each side of its marker, inside the plot.
    starts = {"left": max(x - style.leader, 0.0), "right": min(x + style.leader, plot_px)}
    rooms = {"left": plot_px - starts["left"], "right": starts["right"]}
    fitting, narrowed = [], []
    for anchor in sorted(starts, key=lambda a: -rooms[a]):
        start, room = starts[anchor], rooms[anchor]
        lines, shortened, text_px = wrap(mark.when, mark.title, min(width, room) - 2 * style.pad, style)
        box_px = text_px + 2 * style.pad
        if box_px <= room and (room >= width or room >= style.widths[0] or not fitting + narrowed):
            edges = (start, start + box_px) if anchor == "left" else (start - box_px, start)
            (fitting if room >= width else narrowed).append(
                Label(lines, 0, 0, anchor, *edges, shortened=shortened)
            )
    return (*fitting, *_centred(mark, x, plot_px, style, width), *narrowed)


def _beside(mark: Mark, x: float, plot_px: float, style: LabelStyle, width: float) -> list[Label]:
    """The label on its lane's line, after its marker, or before it, clear of the ring round a
    chosen one, where it fits in the plot, and no taller than the labels off the line are far
    from it (so that the two never meet, whatever their tiers)."""
    lines, shortened, text_px = wrap(mark.when, mark.title, width - 2 * style.pad, style)
    box_px, clear = text_px + 2 * style.pad, style.ring + 2
    found = []
    if style.box_height(len(lines)) / 2 > style.clearance:  # it would reach the labels off the line
        return found
    if x + clear + box_px <= plot_px:
        found.append(Label(lines, 0, 0, "left", x + clear, x + clear + box_px, shortened=shortened))
    if x - clear - box_px >= 0:
        found.append(Label(lines, 0, 0, "right", x - clear - box_px, x - clear, shortened=shortened))
    return found


def _centred(mark: Mark, x: float, plot_px: float, style: LabelStyle, width: float) -> list[Label]:
    """The label's box centred over its marker, where it fits in the plot."""
    lines, shortened, text_px = wrap(mark.when, mark.title, width - 2 * style.pad, style)
    half = text_px / 2 + style.pad
    if half > min(x, plot_px - x):
        return []
    return [Label(lines, 0, 0, "center", x - half, x + half, shortened=shortened)]


def is_free(label: Label, x: float, offset: float, lane, others, style: LabelStyle) -> bool:
    """Whether ``label`` (for the marker at ``x``, ``offset`` from the line) meets nothing placed
    in its lane: no label within ``gap``, no leader across a label or another leader, nor across
    a stretch the style keeps clear, and its own leader past no other marker (``others``: the
    lane's markers, as (x, offset))."""
    if label.side == 0:
        return _free_beside(label, x, lane, others, style)
    leader = _span(x, label.leader_x, 2)
    if any(side == label.side and _meet(leader, (a, b), 0) for a, b, side in style.keep_clear):
        return False
    box, gap, half = (label.left, label.right), style.gap, style.gap / 2
    # _meet written out below: this loop runs for every place tried for every label.
    for other, other_x, _other_offset in lane:
        if other.side == 0:  # on the line: no leader through it
            reach = _span(other_x, other.left if other.anchor == "left" else other.right, 0)
            if _meet(leader, (min(reach[0], other.left), max(reach[1], other.right)), half):
                return False
            continue
        if other.side != label.side:
            continue
        if other.tier == label.tier and box[0] < other.right + gap and other.left < box[1] + gap:
            return False
        if other.tier < label.tier and leader[0] < other.right + half and other.left < leader[1] + half:
            return False
        low, high = _span(other_x, other.leader_x, 2)  # the other's leader
        if other.tier > label.tier and low < box[1] + half and box[0] < high + half:
            return False
        if leader[0] < high and low < leader[1]:
            return False
    radius = style.marker / 2
    return not any(
        (other_offset - offset) * label.side >= 0 and _meet(leader, (other_x - radius, other_x + radius), 1)
        for other_x, other_offset in others
        if abs(other_x - x) <= style.leader + style.marker
    )


def half_height(label: Label, style: LabelStyle) -> float:
    """Half the height of a label on the line."""
    return style.box_height(len(label.lines)) / 2


def _free_beside(label: Label, x: float, lane, others, style: LabelStyle) -> bool:
    """Whether a label on the line beside its marker is clear of every other marker (and the
    ring round it), every other label's leader, and every label that reaches the line."""
    reach = (min(x, label.left), max(x, label.right))
    if any(_meet(reach, (other_x - style.ring, other_x + style.ring), 1) for other_x, _ in others):
        return False
    for other, other_x, _other_offset in lane:
        if other.side == 0:
            other_reach = (min(other_x, other.left), max(other_x, other.right))
            if _meet(reach, other_reach, style.gap):
                return False
        elif _meet(_span(other_x, other.leader_x, 2), reach, style.gap / 2):
            return False
    return True


def within_room(label: Label, lane, style: LabelStyle) -> bool:
    """Whether the lane's labels on ``label``'s side, with it, still fit the style's room (each
    tier as tall as its tallest label)."""
    if style.room is None:
        return True
    tallest: dict[int, float] = {}
    for other, *_ in [(label,), *lane]:
        if other.side == label.side:
            tallest[other.tier] = max(tallest.get(other.tier, 0.0), style.box_height(len(other.lines)))
    needed = style.clearance + sum(tallest.values()) + style.gap * (len(tallest) - 1)
    return needed <= style.room


def _span(a: float, b: float, pad: float) -> tuple[float, float]:
    return min(a, b) - pad, max(a, b) + pad


def _meet(a: tuple[float, float], b: tuple[float, float], gap: float) -> bool:
    return a[0] < b[1] + gap and b[0] < a[1] + gap
