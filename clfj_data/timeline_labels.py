"""Where a timeline's labels go: each marker's date and headline written in full beside it,
wrapped, in tiers above and below its lane's line, so that no two labels touch at the width
the figure is drawn at."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd

from .markup import plotly_text

LABEL_FONT, LINE_PX, CHAR_PX = 12, 15, 6.9  # 12 px Source Sans: a generous average glyph width
LABEL_MAX_PX, LABEL_MIN_PX = 330, 150
MARKER_CLEARANCE = 20  # from a marker's centre to its label: clear of the ring round a chosen one (13 px)
TIER_GAP, LABEL_PAD = 8, 4
BARE_SIDE_PX = 18  # a lane's side with no labels: room for the marker and the ring round a chosen one
MAX_TIERS = 4  # on each side of a lane; a label with no room left is not drawn (hover names it)
BAND_PX = {"compact": 21, "unlabelled": 64}


@dataclass(frozen=True)
class Label:
    """Where one marker's headline is written: its lines, on which side and tier, and anchored how."""

    lines: tuple[str, ...]
    side: int  # -1 above the lane's line, +1 below
    tier: int  # 0 is nearest the line
    anchor: str  # "left": the text starts at the marker and runs right; "right": it ends there
    width: float  # in pixels


def _label_lines(point, width_px: float) -> tuple[str, ...]:
    """The date, then the headline, wrapped (never cut) to ``width_px``."""
    characters = max(12, int(width_px / CHAR_PX))
    text = f"{point.when} · {' '.join(str(point.title).split())}"
    return tuple(textwrap.wrap(text, characters, break_on_hyphens=False, break_long_words=False))


def place_labels(points: pd.DataFrame, x_range, plot_px: float) -> dict[int, Label | None]:
    """Each labelled point's :class:`Label`, or None where no tier has room.

    Labels of a lane are placed from the earliest: each goes in the nearest tier (above, then
    below, then further out) where it touches no label already there; a label runs right from
    its marker, or left where the plot would cut it off.
    """
    low, high = x_range
    px_per_day = plot_px / max((high - low) / pd.Timedelta(days=1), 1)
    box = min(LABEL_MAX_PX, max(LABEL_MIN_PX, plot_px / 3.2))
    placed: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    labels: dict[int, Label | None] = {}
    for index, point in points.sort_values("x").iterrows():
        x = (point["x"] - low) / pd.Timedelta(days=1) * px_per_day
        # Run right from the marker where the label fits, else left; where neither side has
        # room for it, wrap it narrower to fit the side with more.
        room = max(plot_px - x, x) - 2 * LABEL_PAD
        lines = _label_lines(point, box if box <= max(plot_px - x, x) else room)
        text_px = max(len(line) for line in lines) * CHAR_PX + 2 * LABEL_PAD
        anchor = "left" if x + text_px <= plot_px or plot_px - x >= x else "right"
        left, right = (x - 6, x + text_px) if anchor == "left" else (x - text_px, x + 6)
        labels[index] = None
        for tier in range(MAX_TIERS):
            for side in (-1, 1):
                taken = placed.setdefault((point["lane"], side, tier), [])
                if all(right + TIER_GAP < start or left > end + TIER_GAP for start, end in taken):
                    taken.append((left, right))
                    labels[index] = Label(tuple(lines), side, tier, anchor, text_px)
                    break
            if labels[index] is not None:
                break
    return labels


def _tier_px(labels: dict[int, Label | None]) -> float:
    """The height of a tier: the tallest label's lines, and a gap."""
    tallest = max((len(label.lines) for label in labels.values() if label), default=1)
    return tallest * LINE_PX + 2 * LABEL_PAD + TIER_GAP


def lane_centres(points: pd.DataFrame, lanes: list[str], labels, compact: bool):
    """Each lane's line, in pixels from the top, and the height all the lanes take."""
    if labels is None:
        band = BAND_PX["compact" if compact else "unlabelled"]
        return {name: band * (i + 0.5) for i, name in enumerate(lanes)}, band * max(len(lanes), 1)
    tier = _tier_px(labels)
    depth = {(name, side): 0 for name in lanes for side in (-1, 1)}
    for index, label in labels.items():
        if label is not None:
            key = (points.at[index, "lane"], label.side)
            depth[key] = max(depth[key], label.tier + 1)
    centres, top = {}, 0.0
    for name in lanes:
        above, below = depth[(name, -1)], depth[(name, 1)]
        centres[name] = top + (MARKER_CLEARANCE + above * tier if above else BARE_SIDE_PX)
        top = centres[name] + (MARKER_CLEARANCE + below * tier if below else BARE_SIDE_PX)
    return centres, top


def label_annotations(points: pd.DataFrame, labels: dict[int, Label | None]) -> list[dict]:
    """The labels as Plotly annotations, each with a leader line to its marker."""
    tier = _tier_px(labels)
    annotations = []
    for index, label in labels.items():
        if label is None:
            continue
        point = points.loc[index]
        first, when = label.lines[0], str(point["when"])
        lines = [
            f"<b>{plotly_text(when)}</b> {plotly_text(first[len(when) :].strip())}",
            *(plotly_text(line) for line in label.lines[1:]),
        ]
        offset = MARKER_CLEARANCE + label.tier * tier - TIER_GAP / 2
        annotations.append(
            {
                "x": point["x"],
                "y": point["y"],
                "text": "<br>".join(lines),
                "align": label.anchor,
                "xanchor": label.anchor,
                "yanchor": "bottom" if label.side < 0 else "top",
                "ax": -6 if label.anchor == "left" else 6,
                "ay": label.side * offset,
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1,
                "arrowcolor": "#9AA5B1",
                "standoff": 8,
                "bgcolor": "rgba(255,255,255,0.92)",
                "borderpad": LABEL_PAD - 1,
                "font": {"size": LABEL_FONT, "color": "#2F3A45"},
                "name": point["id"],
            }
        )
    return annotations
