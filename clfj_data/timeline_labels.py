"""Where a timeline's labels go: each marker's date and headline beside it, wrapped, in tiers
above and below its lane's line, each joined to its marker by a short leader line.

One engine for every timeline that writes its headlines: the app's and the images' (Plotly
annotations, :mod:`clfj_data.timeline`) and the deck's slide (native shapes,
:mod:`clfj_data.deck_timeline`). Text is measured with the font it is drawn in (:mod:`clfj_data.text_width`),
at the width the timeline is drawn at. What it guarantees:

- no two labels overlap, nor come within ``gap`` of each other;
- no leader line crosses another label, another leader, or another marker;
- a label stays inside the plot, left to right, and clear of every marker and of the ring
  round a chosen one;
- every marker has its label. Where no placing order finds room for all of them, the lanes
  that left one out are laid out again: with more tiers, then with only the labels left out
  shortened (to two lines, then one; the headline whole in the hover or the slide's notes),
  then with the lane's markers fanned along its line; and where the lanes may grow (the app,
  the images), at last one label a tier, which never fails. The deck's slide has a fixed room:
  there a label is left out only where even a shortened one finds none (its marker stays, and
  the notes name it).

Markers of a lane that would overlap are fanned apart, across the line (the app's lanes, whose
dates stay exact, unless a lane's labels need its markers moved apart along it) or along it
(the deck's single line, whose markers stay on it).
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
    that leaves some out, other orders are tried too (the same ones every time), the best kept,
    and the labels it still leaves out placed by :func:`_repaired`. The same marks, width and
    style always give the same layout, so it is made once and shared (the offline report, the
    deck and the edition of one table each lay out its timeline): callers must not change it."""
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
        return _repaired(marks, plot_px, style, widths, best[1])
    return best[1] if best else Layout({}, {}, {}, style)


def _repaired(marks, plot_px: float, style: LabelStyle, widths, best: Layout) -> Layout:
    """``best`` with a label for each marker it left out. Lanes never meet, so only the lanes
    that left one out are laid out again, each by the first of these that labels all of its
    markers: its labels kept and the left-out ones placed among them, or the lane laid out
    again with them first (with as many tiers as the lane's room holds, and only the left-out
    ones shortened where they need it); the same with its markers fanned along its line, so
    that each leader has a way out; and where the lanes may grow, one label a tier. Each step
    is a few layouts of one lane, so the repair takes about what the placing orders did."""
    labels, places = dict(best.labels), dict(best.places)
    grown = replace(style, tiers=style.tiers + len(marks))  # as many as its room holds
    along = replace(grown, fan="along", beside=False)
    lanes: dict[Hashable, list[Mark]] = {}
    for mark in marks:
        lanes.setdefault(mark.lane, []).append(mark)
    fan = style.fan
    for members in lanes.values():
        if all(labels[m.key] or not m.labelled for m in members):
            continue
        lane = _lane_repaired(members, plot_px, grown, widths, places, labels)
        if _left_out(lane, members) and style.fan != "along":
            fanned = places | _spread(members, along, plot_px, places)
            moved = _lane_repaired(members, plot_px, along, widths, fanned, None)
            if _left_out(moved, members) < _left_out(lane, members):
                lane, places, fan = moved, fanned, "along"
        if _left_out(lane, members) and style.room is None:  # the lanes may grow: this never fails
            places |= _spread(members, along, plot_px, places)
            lane, fan = _staircase(members, plot_px, along, places), "along"
        labels |= lane.labels
    return _stacked(marks, labels, places, replace(style, fan=fan))


def _spread(members, style: LabelStyle, plot_px: float, across: dict) -> dict[Hashable, tuple[float, float]]:
    """One lane's markers fanned along its line, each still as far across it as it was in
    ``across`` (those sharing a month stay apart both ways); where more than fit side by side
    share the line, every other one half a marker above it and the rest half one below, so
    that none overlaps another (each as far from the next as the line allows)."""
    places = _fanned(members, style, plot_px)
    step = style.marker + 1
    crowded = len(members) * step > plot_px
    for rank, key in enumerate(sorted(places, key=lambda k: places[k][0])):
        places[key] = (places[key][0], step / 2 * (-1 if rank % 2 else 1) if crowded else across[key][1])
    return places


def _lane_repaired(members, plot_px: float, style: LabelStyle, widths, places: dict, labels) -> Layout:
    """One lane's labels, as few left out as its markers' ``places`` allow: ``labels`` (where
    given) with the left-out ones placed among them, else the lane laid out again at each
    width, the left-out ones first, from the plot's middle out (each label's box then runs over
    markers already labelled), and those left out then placed among the rest."""
    kept = {m.key: (labels or {}).get(m.key) for m in members}
    if any(_boxed_in(mark, members, places, style) for mark in members):
        return Layout(kept, places)  # no order helps
    outwards = sorted(members, key=lambda m: (abs(places[m.key][0] - plot_px / 2), m.x))
    best = _filled(outwards, Layout(kept, places), plot_px, style, places) if labels else None
    outwards.sort(key=lambda m: kept[m.key] is not None)
    for width in widths:
        if best and not _left_out(best, members):
            break
        layout = _filled(outwards, _lay_out(outwards, plot_px, style, width, places), plot_px, style, places)
        score = (_left_out(layout, members), round(layout.height), layout.lines)
        if best is None or score < (_left_out(best, members), round(best.height), best.lines):
            best = layout
    return best


def _boxed_in(mark: Mark, members, places: dict, style: LabelStyle) -> bool:
    """Whether a marker to label has other markers close beside it both above and below (or on
    the line): every leader it could have would pass one, whichever labels are placed."""
    if not mark.labelled:
        return False
    x, offset = places[mark.key]
    reach = style.marker / 2 + 3  # as near as is_free lets a leader pass a marker
    close = [
        places[m.key][1] - offset for m in members if m is not mark and abs(places[m.key][0] - x) < reach
    ]
    return any(o <= 0 for o in close) and any(o >= 0 for o in close)


def _left_out(layout: Layout, marks) -> int:
    """How many of ``marks`` to label have none in ``layout``."""
    return sum(m.labelled and layout.labels.get(m.key) is None for m in marks)


def _filled(marks, layout: Layout, plot_px: float, style: LabelStyle, places: dict) -> Layout:
    """``layout``'s labels of a lane (None where one was left out), each left-out one placed among
    the others where it finds room: whole, else shortened to two lines, then to one, then to
    one of a narrower width; the labels kept stay as they are."""
    narrow = tuple(sorted({w / 2 for w in style.widths[:2]} | {*style.widths[:2]}))
    for lines, widths in ((None, style.widths), (2, style.widths), (1, style.widths), (1, narrow)):
        lines = min(lines or style.max_lines or 99, style.max_lines or 99)
        relaxed = replace(style, max_lines=lines if lines < 99 else None, widths=widths)
        if not _left_out(layout, marks):
            break
        layout = _lay_out(marks, plot_px, relaxed, widths[-1], places, layout.labels)
    layout.style = style
    return layout


def _staircase(marks, plot_px: float, style: LabelStyle, places: dict) -> Layout:
    """Each label of the lane ``marks`` one a tier: those of the markers in the plot's left half
    above the line, each running right from its marker, the one nearest the middle nearest the
    line; those in the right half below it, each ending at its marker. A label's upright leader
    then passes only labels that begin (or end) beyond it, and its box only markers labelled
    nearer the line."""
    labels: dict[Hashable, Label | None] = {mark.key: None for mark in marks}
    labelled = [m for m in marks if m.labelled]
    left = sorted((m for m in labelled if places[m.key][0] <= plot_px / 2), key=lambda m: -places[m.key][0])
    right = sorted((m for m in labelled if places[m.key][0] > plot_px / 2), key=lambda m: places[m.key][0])
    for side, group in ((-1, left), (1, right)):
        for tier, mark in enumerate(group):
            x = places[mark.key][0]
            room = plot_px - x if side < 0 else x
            text = wrap(mark.when, mark.title, min(style.widths[0], room) - 2 * style.pad, style)
            box_px = text[2] + 2 * style.pad
            edges = (x, x + box_px) if side < 0 else (x - box_px, x)
            anchor = "left" if side < 0 else "right"
            labels[mark.key] = Label(text[0], side, tier, anchor, *edges, shortened=text[1])
    return _stacked(marks, labels, places, style)


def _lay_out(
    marks: Sequence[Mark], plot_px: float, style: LabelStyle, width: float, places: dict, kept=None
) -> Layout:
    """Each of ``marks``' labels, in their order, in the best place left for it at ``width``
    (``places``: each marker's, from :func:`_fanned`); those ``kept`` gives (a label, or None)
    stay where they are."""
    placed: dict[Hashable, list[tuple[Label, float, float]]] = {}  # lane: (label, marker x, offset)
    labels: dict[Hashable, Label | None] = {}
    in_lane: dict[Hashable, list[tuple[float, float, Hashable]]] = {}
    for mark in marks:
        in_lane.setdefault(mark.lane, []).append((*places[mark.key], mark.key))
        labels[mark.key] = label = (kept or {}).get(mark.key)
        if label:
            placed.setdefault(mark.lane, []).append((label, *places[mark.key]))
    ordered = [m for m in marks if m.labelled and not labels[m.key]]
    narrower = [w for w in style.widths if w < width]
    for number, mark in enumerate(ordered):
        x, offset = places[mark.key]
        lane = placed.setdefault(mark.lane, [])
        # The markers that could be in its way: near its leader, or anywhere beside it on the line.
        near = plot_px if style.beside else style.leader + style.marker
        others = [(ox, oo) for ox, oo, key in in_lane[mark.lane] if key != mark.key and abs(ox - x) <= near]
        later = [places[m.key][0] for m in ordered[number + 1 :] if m.lane == mark.lane]
        # Past the outermost tier in use on a side, every tier meets the same: one is enough.
        reach = {side: 2 + max((o.tier for o, *_ in lane if o.side == side), default=-1) for side in (-1, 1)}
        for label in candidates(mark, x, offset, plot_px, style, [width, *reversed(narrower)], later, reach):
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
