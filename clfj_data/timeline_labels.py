"""Where a timeline's labels go: each marker's date and headline beside it, wrapped, in tiers
above and below its lane's line, each joined to its marker by a short leader line.

One engine for every timeline that writes its headlines: the app's and the images' (Plotly
annotations, :mod:`clfj_data.timeline`) and the deck's slide (native shapes,
:mod:`clfj_data.deck`). Text is measured with the font it is drawn in (:mod:`clfj_data.text_width`),
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

from .text_width import APP, DECK, SYSTEM, Typeface

ELLIPSIS = "…"
DATE_SEPARATOR = " · "
LANE_GAP = 2  # above and below each lane
PHONE_PX = 500  # a chart narrower than this is on a phone: labels of two lines at most


@dataclass(frozen=True)
class LabelStyle:
    """How a surface writes its labels. Lengths are in the surface's unit: pixels on screen and
    in images, points on a slide (``size`` is in the same unit)."""

    typeface: Typeface
    size: float  # the headline's text
    line: float  # a line's height (plotly.js sets lines 1.3 of the size apart)
    date_size: float | None = None  # the date on its own line, bold, at this size; else inline, bold
    max_lines: int | None = None  # at most this many lines, a longer headline shortened at a word
    widths: tuple[float, ...] = (150, 190, 240, 290, 340, 400)  # label widths tried, text included
    pad: float = 3  # between a label's border and its text
    gap: float = 8  # the least space between two labels, and between two tiers
    clearance: float = 20  # from a lane's line to its nearest labels: clear of a chosen marker's ring
    marker: float = 14  # a marker's diameter
    ring: float = 15  # the radius of the ring round a chosen marker, its line included
    tiers: int = 4  # on each side of a lane
    room: float | None = None  # the most a lane's labels may take on each side of its line
    leader: float = 6  # how far a leader slants: from its marker to the label's corner
    fan: str = "across"  # "across" the lane's line, or "along" it
    beside: bool = True  # a label may stand on its lane's line beside its marker, where nothing is in its way

    def box_height(self, lines: int) -> float:
        # plotly.js draws a label's box up to a pixel taller than its lines: one more is kept.
        date = self.date_size * 1.3 if self.date_size else 0.0
        return date + lines * self.line + 2 * self.pad + 1


# The app's chart: 12 px Source Sans, as the dashboard writes.
APP_LABELS = LabelStyle(APP, 12, 15.6)
# An image for a slide (1600 x 900): 18 px text reads across a room.
IMAGE_LABELS = LabelStyle(
    SYSTEM, 18, 23.4, widths=(220, 280, 340, 400, 470), pad=4, gap=10, clearance=28, marker=18, ring=17,
    tiers=3,
)  # fmt: skip
# The offline report and the static site: drawn in a visitor's browser, without Source Sans.
PAGE_LABELS = replace(APP_LABELS, typeface=SYSTEM)
# The deck's slide, in points: 14 pt headlines under a 16 pt date, on one line through time.
DECK_LABELS = LabelStyle(
    DECK, 14, 14 * 1.2, date_size=16, widths=(150, 190, 230, 280, 330), pad=5, gap=9, clearance=16,
    marker=20, ring=12, tiers=2, leader=0, fan="along", beside=False,
)  # fmt: skip


def phone(style: LabelStyle) -> LabelStyle:
    """``style`` for a chart on a phone: labels of two lines at most, as wide as it takes."""
    return replace(style, max_lines=2, widths=(200, 240, 280, 320), tiers=5)


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
        return {"left": self.left, "right": self.right}.get(self.anchor, (self.left + self.right) / 2)


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
    kept."""
    best = None
    widths = [w for w in style.widths if w <= max(plot_px * 0.9, style.widths[0])] or style.widths[:1]
    for attempt in range(ORDERS):
        order = sorted(marks, key=lambda m: m.x)
        if attempt == 1:
            order.reverse()
        elif attempt > 1:
            random.Random(attempt).shuffle(order)
        for width in widths:
            layout = _lay_out(order, plot_px, style, width)
            score = (layout.missing, round(layout.height), layout.lines)
            if best is None or score < best[0]:
                best = (score, layout)
        if best[0][0] == 0:
            break
    return best[1] if best else Layout({}, {}, {}, style)


def _lay_out(marks: Sequence[Mark], plot_px: float, style: LabelStyle, width: float) -> Layout:
    """Each of ``marks``' labels, in their order, in the best place left for it at ``width``."""
    places = _fanned(marks, style, plot_px)
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
        for label in _candidates(mark, x, offset, plot_px, style, [width, *reversed(narrower)], later):
            if _free(label, x, offset, lane, others, style) and _within_room(label, lane, style):
                labels[mark.key] = label
                lane.append((label, x, offset))
                break
    return _stacked(marks, labels, places, style)


def _candidates(mark: Mark, x: float, offset: float, plot_px: float, style: LabelStyle, widths, later):
    """The places a label may go, best first: beside its marker on the line; then tier by tier
    from the line, and within a tier the box over the fewest markers still to be labelled
    (their leaders must pass it), at the layout's width before a narrower one, on its marker's
    side of the line first."""
    first = -1 if offset <= 0 else 1
    if style.beside and offset == 0:
        for width in widths:
            yield from _beside(mark, x, plot_px, style, width)
    boxes = [(number, rank, box) for number, width in enumerate(widths)
             for rank, box in enumerate(_boxes(mark, x, plot_px, style, width))]  # fmt: skip
    for tier in range(style.tiers):
        options = [
            (sum(box.left <= other <= box.right for other in later), number, side != first, rank, side, box)
            for number, rank, box in boxes
            for side in (first, -first)
        ]
        for *_, side, box in sorted(options, key=lambda option: option[:4]):
            yield replace(box, side=side, tier=tier)


def _boxes(mark: Mark, x: float, plot_px: float, style: LabelStyle, width: float) -> list[Label]:
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
    return fitting + _centred(mark, x, plot_px, style, width) + narrowed


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


def _free(label: Label, x: float, offset: float, lane, others, style: LabelStyle) -> bool:
    """Whether ``label`` (for the marker at ``x``, ``offset`` from the line) meets nothing placed
    in its lane: no label within ``gap``, no leader across a label or another leader, and its
    own leader past no other marker (``others``: the lane's markers, as (x, offset))."""
    if label.side == 0:
        return _free_beside(label, x, lane, others, style)
    leader = _span(x, label.leader_x, 2)
    for other, other_x, _other_offset in lane:
        other_leader = _span(other_x, other.leader_x, 2)
        box, other_box = (label.left, label.right), (other.left, other.right)
        if other.side == 0:  # on the line: no leader through it
            reach = _span(other_x, other.left if other.anchor == "left" else other.right, 0)
            if _meet(leader, (min(reach[0], other.left), max(reach[1], other.right)), style.gap / 2):
                return False
            continue
        if other.side != label.side:
            continue
        if other.tier == label.tier and _meet(box, other_box, style.gap):
            return False
        if other.tier < label.tier and _meet(leader, other_box, style.gap / 2):
            return False
        if other.tier > label.tier and _meet(other_leader, box, style.gap / 2):
            return False
        if _meet(leader, other_leader, 0):
            return False
    radius = style.marker / 2
    return not any(
        (other_offset - offset) * label.side >= 0 and _meet(leader, (other_x - radius, other_x + radius), 1)
        for other_x, other_offset in others
        if abs(other_x - x) <= style.leader + style.marker
    )


def _half(label: Label, style: LabelStyle) -> float:
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


def _within_room(label: Label, lane, style: LabelStyle) -> bool:
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
            places |= {m.key: (x - back, 0.0) for x, m in zip(xs, members, strict=True)}
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
                half = _half(labels[k], style)
                labels[k] = replace(labels[k], near=-half, far=half)
            half = max((labels[k].far for k in beside), default=0.0) + 2
            extents[lane] = (max(sides[0], half), max(sides[1], half))
        if not outermost:
            return Layout(labels, places, extents, style)
        for key, label in labels.items():
            if label and outermost.get((lane_of[key], label.side)) == label.tier:
                labels[key] = None


def wrap(when: str, title: str, text_px: float, style: LabelStyle) -> tuple[tuple[str, ...], bool, float]:
    """``title`` after its date ``when``, in lines no wider than ``text_px`` where its words
    allow (a word is never broken), at most ``style.max_lines`` of them, the last shortened at
    a word where the headline is longer; with whether it was, and the widest line's width."""
    words = " ".join(str(title).split()).split(" ")
    if style.date_size:
        lines, first = [when], []
    else:
        lines, first = [], [when + DATE_SEPARATOR.rstrip()]
    current = first
    for word in words:
        if current and _line_px([*current, word], not lines and not style.date_size, when, style) > text_px:
            lines.append(" ".join(current))
            current = [word]
        else:
            current = [*current, word]
    if current:
        lines.append(" ".join(current))
    limit = style.max_lines and style.max_lines + (1 if style.date_size else 0)
    shortened = bool(limit) and len(lines) > limit
    if shortened:
        lines = lines[:limit]
        last = lines[-1].split(" ")
        inline = not style.date_size and len(lines) == 1
        while len(last) > 1 and _line_px([*last, ELLIPSIS], inline, when, style) > text_px:
            last = last[:-1]
        lines[-1] = " ".join(last) + " " + ELLIPSIS
    widths = [
        _line_px(line.split(" "), index == 0 and not style.date_size, when, style, bold=bool(style.date_size)
                 and index == 0)
        for index, line in enumerate(lines)
    ]  # fmt: skip
    return tuple(lines), shortened, max(widths, default=0.0)


def _line_px(words: list[str], dated: bool, when: str, style: LabelStyle, bold: bool = False) -> float:
    """The width of a line of ``words``; a ``dated`` line starts with ``when``, set in bold."""
    text = " ".join(words)
    if bold:
        return _width(style.typeface, text, style.date_size, True)
    if dated and text.startswith(when):
        return _width(style.typeface, when, style.size, True) + _width(
            style.typeface, text[len(when) :], style.size, False
        )
    return _width(style.typeface, text, style.size, False)


@functools.lru_cache(maxsize=20_000)
def _width(typeface: Typeface, text: str, size: float, bold: bool) -> float:
    return typeface.width(text, size, bold)


def lane_centres(
    layout: Layout, lanes: Sequence[Hashable], top: float = 0.0, name_row: float = 0.0
) -> tuple[dict, float]:
    """Each lane's line, from the top (after ``top``, and a ``name_row`` above each lane for its
    name), and the height all the lanes take: with LANE_GAP above and below each lane, so that
    labels facing each other across two lanes never touch."""
    centres, edge = {}, top
    for lane in lanes:
        above, below = layout.extents.get(lane, (layout.style.ring + 3, layout.style.ring + 3))
        centres[lane] = edge + name_row + above + LANE_GAP
        edge = centres[lane] + below + LANE_GAP
    return centres, edge
