"""Where a timeline's labels go: each marker's date and headline beside it, wrapped, in tiers
above and below its lane's line, each joined to its marker by a short leader line.

One engine for every timeline that writes its headlines: the app's and the images' (Plotly
annotations, :mod:`clfj_data.timeline`) and the deck's slide (native shapes,
:mod:`clfj_data.deck_timeline`). Text is measured with the font it is drawn in (:mod:`clfj_data.text_width`),
at the width the timeline is drawn at. What it guarantees, for every label it places:

- no two labels overlap, nor come within ``gap`` of each other;
- no leader line crosses another label, another leader, or another marker;
- a label stays inside the plot, left to right, and clear of every marker and of the ring
  round a chosen one;
- a label that finds no room is left out (its marker stays, and a tap or the hover names it).

Markers of a lane that would overlap are fanned apart, across the line (the app's lanes, whose
dates stay exact) or along it (the deck's single line, whose markers stay on it).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace

from .label_places import Label, Mark, candidates, half_height, is_free, within_room
from .label_text import (
    APP_LABELS,
    DECK_LABELS,
    IMAGE_LABELS,
    PAGE_LABELS,
    PHONE_PX,
    LabelStyle,
    phone,
    wrap,
)

__all__ = [
    "APP_LABELS", "DECK_LABELS", "IMAGE_LABELS", "PAGE_LABELS", "PHONE_PX", "Label", "LabelStyle", "Layout",
    "Mark", "lane_centres", "lay_out", "phone", "wrap",
]  # fmt: skip

LANE_GAP = 5  # above and below each lane: between two lanes' labels, a clear line


@dataclass
class Layout:
    """The labels of a timeline (None where one found no room), each marker's place (its x,
    and its offset from its lane's line, + downwards), and the room each lane takes above and
    below its line."""

    labels: dict[Hashable, Label | None]
    places: dict[Hashable, tuple[float, float]]
    extents: dict[Hashable, tuple[float, float]] = field(default_factory=dict)
    style: LabelStyle | None = None

    @property
    def lines(self) -> int:
        return sum(len(label.lines) for label in self.labels.values() if label)

    @property
    def missing(self) -> int:
        return sum(label is None for label in self.labels.values())

    @property
    def height(self) -> float:
        return sum(above + below for above, below in self.extents.values())


ORDERS = 8  # placing orders tried where the first leaves a label out


def lay_out(marks: Sequence[Mark], plot_px: float, style: LabelStyle) -> Layout:
    """The labels of ``marks`` on a plot ``plot_px`` wide: of the label widths the style tries,
    the one that labels the most markers in the least height (then in the fewest lines).

    Labels are placed one by one, each in the best place still free, from the earliest; where
    that leaves some out, other orders are tried too (the same ones every time), and the best
    kept. The same marks, width and style always give the same layout, so it is made once and
    shared (the offline report, the deck and the edition of one table each lay out its
    timeline): callers must not change it."""
    return _laid_out(tuple(marks), plot_px, style)


@functools.lru_cache(maxsize=32)
def _laid_out(marks: tuple[Mark, ...], plot_px: float, style: LabelStyle) -> Layout:
    best = None
    widths = [w for w in style.widths if w <= max(plot_px * 0.9, style.widths[0])] or style.widths[:1]
    places = _fanned(marks, style, plot_px)  # the markers stay where they are, whatever the order
    for attempt in range(ORDERS):
        order = sorted(marks, key=lambda m: m.x)
        if attempt == 1:
            order.reverse()
        elif attempt > 1:
            random.Random(attempt).shuffle(order)
        for width in widths:
            layout = _lay_out(order, plot_px, style, width, places)
            score = (layout.missing, round(layout.height), layout.lines)
            if best is None or score < best[0]:
                best = (score, layout)
        if best[0][0] == 0:
            break
    if best and best[0][0]:
        best = _repaired(marks, plot_px, style, widths, places, best)
    return best[1] if best else Layout({}, {}, {}, style)


REPAIRS = 12  # placing orders tried at each step of a repair, the labels left out first


def _repaired(marks, plot_px: float, style: LabelStyle, widths, places: dict, best):
    """Where every order left a label out: the labels left out placed first, then the rest from
    the earliest; with more tiers, as many as the lanes have room for; then with the lane's
    markers fanned along its line, so that each has a way out for its leader; then each label
    shortened to a line (its full headline in the hover or the notes), until none is left out."""
    grown = replace(style, tiers=style.tiers + len(marks))  # as many as its room holds
    along = replace(grown, fan="along", beside=False)
    narrow = tuple(sorted({w / 2 for w in style.widths[:2]} | {*style.widths[:2]}))
    steps = [(grown, widths, places), (along, widths, _fanned(marks, along, plot_px))]
    for lines, tried in ((2, widths), (1, widths), (1, narrow)):
        steps.append((replace(along, max_lines=min(lines, style.max_lines or lines)), tried, steps[1][2]))
    for relaxed, tried, fanned in steps:
        failed: dict[Hashable, None] = {}
        for attempt in range(REPAIRS):
            failed |= dict.fromkeys(k for k, label in best[1].labels.items() if label is None)
            # From the middle out: each label's box then runs over markers already labelled.
            outwards = sorted(marks, key=lambda m: (abs(fanned[m.key][0] - plot_px / 2), m.x))
            order = [m for m in outwards if m.key in failed] if attempt else []
            order += [m for m in outwards if m not in order]
            for width in tried:
                layout = _lay_out(order, plot_px, relaxed, width, fanned)
                layout.style = replace(style, fan=relaxed.fan)
                score = (layout.missing, round(layout.height), layout.lines)
                if score < best[0]:
                    best = (score, layout)
            if best[0][0] == 0:
                return best
    if style.room is None:  # the lanes may grow: a staircase, one label a tier, never fails
        return (0, 0, 0), _staircase(marks, plot_px, along, steps[-1][2])
    return best


def _staircase(marks, plot_px: float, style: LabelStyle, places: dict) -> Layout:
    """Each lane's labels one a tier: those of the markers in the plot's left half above the
    line, each running right from its marker, the one nearest the middle nearest the line; those
    in the right half below it, each ending at its marker. A label's upright leader then passes
    only labels that begin (or end) beyond it, and its box only markers labelled nearer the
    line."""
    labels: dict[Hashable, Label | None] = {}
    lanes: dict[Hashable, list[Mark]] = {}
    for mark in marks:
        labels[mark.key] = None
        if mark.labelled:
            lanes.setdefault(mark.lane, []).append(mark)
    for members in lanes.values():
        left = sorted(
            (m for m in members if places[m.key][0] <= plot_px / 2), key=lambda m: -places[m.key][0]
        )
        right = sorted((m for m in members if places[m.key][0] > plot_px / 2), key=lambda m: places[m.key][0])
        for side, group in ((-1, left), (1, right)):
            for tier, mark in enumerate(group):
                x = places[mark.key][0]
                room = plot_px - x if side < 0 else x
                lines, shortened, text_px = wrap(
                    mark.when, mark.title, min(style.widths[0], room) - 2 * style.pad, style
                )
                box_px = text_px + 2 * style.pad
                edges = (x, x + box_px) if side < 0 else (x - box_px, x)
                labels[mark.key] = Label(
                    lines, side, tier, "left" if side < 0 else "right", *edges, shortened=shortened
                )
    return _stacked(marks, labels, places, replace(style, tiers=max(len(marks), 1)))


def _lay_out(marks: Sequence[Mark], plot_px: float, style: LabelStyle, width: float, places: dict) -> Layout:
    """Each of ``marks``' labels, in their order, in the best place left for it at ``width``
    (``places``: each marker's, from :func:`_fanned`)."""
    placed: dict[Hashable, list[tuple[Label, float, float]]] = {}  # lane: (label, marker x, offset)
    labels: dict[Hashable, Label | None] = {}
    ordered = list(marks)
    in_lane: dict[Hashable, list[tuple[float, float, Hashable]]] = {}
    for mark in ordered:
        in_lane.setdefault(mark.lane, []).append((*places[mark.key], mark.key))
    for number, mark in enumerate(ordered):
        x, offset = places[mark.key]
        labels[mark.key] = None
        if not mark.labelled:
            continue
        lane = placed.setdefault(mark.lane, [])
        # The markers that could be in its way: near its leader, or anywhere beside it on the line.
        near = plot_px if style.beside else style.leader + style.marker
        others = [(ox, oo) for ox, oo, key in in_lane[mark.lane] if key != mark.key and abs(ox - x) <= near]
        later = [places[m.key][0] for m in ordered[number + 1 :] if m.lane == mark.lane and m.labelled]
        narrower = [w for w in style.widths if w < width]
        for label in candidates(mark, x, offset, plot_px, style, [width, *reversed(narrower)], later):
            if is_free(label, x, offset, lane, others, style) and within_room(label, lane, style):
                labels[mark.key] = label
                lane.append((label, x, offset))
                break
    return _stacked(marks, labels, places, style)


def _fanned(marks: Sequence[Mark], style: LabelStyle, plot_px: float) -> dict[Hashable, tuple[float, float]]:
    """Each marker's x and offset from its lane's line, so that no two of a lane overlap.

    Across the line: markers closer than a marker's width, one after the other, are fanned
    apart about the line, their dates exact. Along it: each is moved right just enough to
    clear the one before, and all of them back by the most any moved, halved (where more
    markers than fit side by side share the line, they come as close as they must)."""
    step = style.marker + 1
    places = {}
    lanes: dict[Hashable, list[Mark]] = {}
    for mark in marks:
        lanes.setdefault(mark.lane, []).append(mark)
    for members in lanes.values():
        members = sorted(members, key=lambda m: m.x)
        if style.fan == "along":
            apart = min(step, plot_px / len(members))
            xs: list[float] = []
            for mark in members:
                xs.append(max(mark.x, xs[-1] + apart) if xs else mark.x)
            back = max((x - m.x for x, m in zip(xs, members, strict=True)), default=0.0) / 2
            xs = [x - back for x in xs]
            for i in reversed(range(len(xs))):  # all of them inside the plot, still apart
                xs[i] = min(xs[i], plot_px if i == len(xs) - 1 else xs[i + 1] - apart)
            for i in range(len(xs)):
                xs[i] = max(xs[i], 0.0 if i == 0 else xs[i - 1] + apart)
            places |= {m.key: (x, 0.0) for x, m in zip(xs, members, strict=True)}
            continue
        clusters: list[list[Mark]] = []
        for mark in members:
            if clusters and mark.x - clusters[-1][-1].x < step:
                clusters[-1].append(mark)
            else:
                clusters.append([mark])
        for cluster in clusters:
            for rank, mark in enumerate(cluster):
                places[mark.key] = (mark.x, (rank - (len(cluster) - 1) / 2) * step)
    return places


def _stacked(marks, labels: dict, places: dict, style: LabelStyle) -> Layout:
    """The labels' distances from their lane's line, tier on tier (each tier as tall as its
    tallest label), and the room each lane then takes; where a lane's labels would take more
    than the style's ``room``, its outermost tier is left out, until they fit."""
    lane_of = {mark.key: mark.lane for mark in marks}
    while True:
        extents, outermost = {}, {}
        for lane in dict.fromkeys(lane_of.values()):
            members = [key for key, name in lane_of.items() if name == lane]
            sides = []
            for side in (-1, 1):
                fan = max((places[k][1] * side for k in members), default=0.0)
                start = max(style.clearance, max(fan, 0) + style.ring + 3)
                tiers = sorted({labels[k].tier for k in members if labels.get(k) and labels[k].side == side})
                if not tiers:  # room for the marker, its fan and the ring round a chosen one
                    sides.append(max(fan, 0) + style.ring + 3)
                    continue
                edge = start
                for tier in range(tiers[-1] + 1):
                    tall = max(
                        (style.box_height(len(labels[k].lines)) for k in members
                         if labels.get(k) and labels[k].side == side and labels[k].tier == tier),
                        default=0.0,
                    )  # fmt: skip
                    for k in members:
                        if labels.get(k) and labels[k].side == side and labels[k].tier == tier:
                            height = style.box_height(len(labels[k].lines))
                            labels[k] = replace(labels[k], near=edge, far=edge + height)
                    edge += tall + (style.gap if tall else 0)
                sides.append(edge - style.gap)
                if style.room is not None and sides[-1] > style.room:
                    outermost[(lane, side)] = tiers[-1]
            beside = [k for k in members if labels.get(k) and labels[k].side == 0]
            for k in beside:
                half = half_height(labels[k], style)
                labels[k] = replace(labels[k], near=-half, far=half)
            half = max((labels[k].far for k in beside), default=0.0) + 2
            extents[lane] = (max(sides[0], half), max(sides[1], half))
        if not outermost:
            return Layout(labels, places, extents, style)
        for key, label in labels.items():
            if label and outermost.get((lane_of[key], label.side)) == label.tier:
                labels[key] = None


def lane_centres(
    layout: Layout, lanes: Sequence[Hashable], top: float = 0.0, name_row: float = 0.0
) -> tuple[dict, list[float]]:
    """Each lane's line, from the top (after ``top``, and a ``name_row`` above each lane for its
    name), and where each lane's band begins and the last ends (its labels and name all inside
    it): with LANE_GAP above and below each lane, so that labels facing each other across two
    lanes never touch."""
    centres, edges = {}, [top]
    for lane in lanes:
        above, below = layout.extents.get(lane, (layout.style.ring + 3, layout.style.ring + 3))
        centres[lane] = edges[-1] + name_row + above + LANE_GAP
        edges.append(centres[lane] + below + LANE_GAP)
    return centres, edges
