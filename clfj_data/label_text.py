"""How a timeline's label reads and how wide it is: each surface's label style (its font,
sizes and the room it allows) and a headline wrapped after its date, measured in the font it is
drawn in (:mod:`clfj_data.text_width`). Where the labels go is :mod:`clfj_data.timeline_labels`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from .text_width import APP, DECK, SYSTEM, Typeface

ELLIPSIS = "…"
DATE_SEPARATOR = " · "
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
    # Stretches along the line, each (left, right, side), that no leader may cross on that side:
    # the deck's year labels under its line.
    keep_clear: tuple[tuple[float, float, int], ...] = ()

    def box_height(self, lines: int) -> float:
        # plotly.js draws a label's box up to a pixel taller than its lines: one more is kept.
        date = self.date_size * 1.3 if self.date_size else 0.0
        return date + lines * self.line + 2 * self.pad + 1


# The app's chart: 14 px Source Sans, read from the back of a room on a projector.
APP_LABELS = LabelStyle(APP, 14, 18.2, widths=(175, 220, 280, 340, 400, 470, 540, 600), clearance=22)
# An image for a slide (1600 x 900): 18 px text reads across a room.
IMAGE_LABELS = LabelStyle(
    SYSTEM, 18, 23.4, widths=(220, 280, 340, 400, 470), pad=4, gap=10, clearance=28, marker=18, ring=17,
    tiers=3,
)  # fmt: skip
# The offline report and the static site: drawn in a visitor's browser, without Source Sans.
PAGE_LABELS = LabelStyle(SYSTEM, 12, 15.6)
# The deck's slide, in points: 14 pt headlines under a 16 pt date, on one line through time.
DECK_LABELS = LabelStyle(
    DECK, 14, 14 * 1.2, date_size=16, widths=(150, 190, 230, 280, 330), pad=5, gap=9, clearance=16,
    marker=20, ring=12, tiers=2, leader=0, fan="along", beside=False,
)  # fmt: skip


def phone(style: LabelStyle) -> LabelStyle:
    """``style`` for a chart on a phone, held close: 12 px text, each headline whole, in labels
    as wide as the screen allows (a headline cut short read as half a sentence)."""
    return replace(style, size=12, line=15.6, max_lines=None, widths=(200, 240, 280, 320), tiers=5)


@functools.lru_cache(maxsize=4096)  # a layout tries each label at each width in several orders
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
