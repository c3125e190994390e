"""The deck's timeline slide: a line through time drawn with native shapes a presenter can edit.

One marker per milestone on the line, and labels (date and full headline) above and below it,
laid out by the timeline's own engine (:func:`clfj_data.timeline_labels.lay_out`); each era is a
shaded band about the line. The speaker notes list every milestone.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from . import i18n
from .dates import period_ends
from .deck_shapes import LINE_EM, MUTED, bar, describe, line, plain, run, text_box, title
from .sectors import sector_colour, sector_labels, sector_order
from .text_width import DECK
from .timeline_labels import DECK_LABELS, Mark, lay_out
from .wording import milestone_when, span_text, standing_alone

# In inches: the line, its markers, and the label boxes above and below it, within the title's
# box (deck_shapes.title: 0.7 in from the left edge, 11.9 in wide); the line starts a quarter
# inch in, so that a year's label centred under a tick at its start stays within them too.
MARGINS = (0.7, 0.7 + 11.9)
LINE_Y, DOT, TRACK = 4.1, 0.28, (MARGINS[0] + 0.25, MARGINS[1])
# The title's box ends, and the legend's begins, as far from the line: a one-line title and the
# legend take no more, and the shipped milestones' labels, in that width, need 216 pt on each
# side (two tiers of three lines at 13 pt, all ten in full).
TITLE_HEIGHT, LEGEND_TOP, LEGEND_HEIGHT = 0.7, 7.1, 0.35
LABEL_SIZES = (14, 13, 12)  # 12 pt still reads from the back of a room
# In points from the line: labels start clear of the year ticks and of an era's band, and end
# before the title above and the legend below.
CLEAR_OF_LINE = 33
LABEL_ROOM = min(LINE_Y - (0.4 + TITLE_HEIGHT), LEGEND_TOP - LINE_Y) * 72
MOST_LABELS = 60  # milestones the timeline slide tries to label; the notes list every one
LEADER = "#B8C0C8"
ERA_FILL, ERA_TOP, ERA_BOTTOM = (
    "#EEF1F4",
    LINE_Y - 0.43,
    LINE_Y + 0.43,
)  # an era's band about the line, behind the markers
YEAR_SIZE, YEAR_TOP = 12, 0.2  # each year's label, under the line, clear of the markers and the labels
YEAR_GAP = 0.03  # in inches: the least room between a year's label and a leader


def timeline_slide(frame, programme, eras, lang, slide):
    """The programme's timeline heading, then the milestones on a line (or a word that there are
    none), its words in ``lang``."""
    title(slide, programme.timeline_heading, TITLE_HEIGHT)
    if frame.empty:
        none = i18n.translator(lang)("No milestones to show.")
        text_box(slide, (0.7, 3.4, 11.9, 0.8), none, (24,), "Empty", colour=MUTED)
        return
    native_timeline(slide, frame, eras, lang)


def native_timeline(slide, frame: pd.DataFrame, eras=(), lang: str = i18n.ENGLISH) -> None:
    """A line through time with one marker per milestone on it, and labels (date and full
    headline) above and below it, laid out by the timeline's own engine
    (:func:`clfj_data.timeline_labels.lay_out`, in points, the text measured in its font): none
    overlaps another or the line, no leader crosses a label, a year or another leader, and each
    label is joined to its marker by a short upright leader. Every year the line spans has its
    tick and label under the line. Each era (framing.Era) is a shaded band
    about the line, named in it, behind the markers; the line's dates reach far enough to hold
    every era whole. Dates, sectors and notes are in ``lang``."""
    _ = i18n.translator(lang)
    frame = frame.sort_values("date", kind="stable").reset_index(drop=True)
    middles = frame["date"] + (period_ends(frame) - frame["date"]) / 2
    starts, afters = [pd.Timestamp(era.start) for era in eras], [pd.Timestamp(era.after) for era in eras]
    low, high = min([middles.min(), *starts]), max([middles.max(), *afters])
    first = pd.Timestamp(year=low.year, month=1, day=1)
    if low.year == high.year:  # milestones of one year: the whole year, its tick at the start
        low, high = first, max(high, pd.Timestamp(year=low.year, month=12, day=31))
    left, right = TRACK[0] + 0.5, TRACK[1] - 0.5

    def x_of(moment) -> float:
        return left + (moment - low) / (high - low) * (right - left)

    if x_of(first) < TRACK[0]:  # the line starts with its first year, so that it has its tick too
        low = first

    ticks = [(year, x_of(pd.Timestamp(year=year, month=1, day=1))) for year in range(low.year, high.year + 1)]
    whens = [milestone_when(row, lang) for row in frame.itertuples(index=False)]
    xs = [x_of(m) for m in middles]
    layout, size = _timeline_layout(frame, xs, whens)
    years = _year_places(ticks, _leaders_below(layout))
    if any(left is None for *_, left in years):  # leaders either side of a tick: kept off the years
        layout, size = _timeline_layout(frame, xs, whens, _centred_under(ticks))
        years = _year_places(ticks, _leaders_below(layout))
    for era, start, after in zip(eras, starts, afters, strict=True):
        _era_band(slide, era.headline, x_of(start), x_of(after), _("Era: {name}").format(name=era.headline))
    line(slide, TRACK[0], LINE_Y, TRACK[1], LINE_Y, MUTED, 2)
    _year_ticks(slide, years)
    _markers_and_labels(slide, frame, whens, layout, size)
    legend = text_box(
        slide, (0.7, LEGEND_TOP, 11.9, LEGEND_HEIGHT), "", (14,), "Legend"
    ).text_frame.paragraphs[0]
    named = standing_alone("Sector", lang)  # a legend's blank sector says it is the sector
    for sector in sector_order(sector_labels(frame)):
        run(legend, "● ", 14, colour=sector_colour(sector))
        run(legend, f"{named(sector)}      ", 14, colour=MUTED)
    periods = [  # each era's name in full, whatever fits
        _("Era: {name} ({when})").format(name=era.headline, when=_era_when(era, lang)) for era in eras
    ]
    labelled = {index for index, label in layout.labels.items() if label is not None}
    notes = _timeline_notes(frame, whens, labelled, lang)
    slide.notes_slide.notes_text_frame.text = plain("\n".join([notes, *periods]))


def _markers_and_labels(slide, frame: pd.DataFrame, whens: list[str], layout, size: int) -> None:
    """Each milestone's marker on the line and its label (its date as ``whens`` writes it, and
    its headline) where the layout found room, joined by a leader; the leaders first, then the
    markers over them, then the labels."""
    dots, labels = [], []
    rows = zip(frame.itertuples(index=False), sector_labels(frame), strict=True)
    for index, (row, sector) in enumerate(rows):
        x = TRACK[0] + layout.places[index][0] / 72  # on the line, clear of its neighbours
        dots.append(((x - DOT / 2, LINE_Y - DOT / 2, DOT, DOT), sector, row.id))
        label = layout.labels.get(index)
        if label is None:
            continue
        near, far = (LINE_Y + label.side * edge / 72 for edge in (label.near, label.far))
        box = (TRACK[0] + label.left / 72, min(near, far), (label.right - label.left) / 72, abs(far - near))
        line(slide, x, LINE_Y, TRACK[0] + label.leader_x / 72, near, LEADER, 1)
        labels.append((box, row, whens[index], label, size))
    for box, sector, milestone_id in dots:
        dot = bar(slide, box, sector_colour(sector), f"Marker: {milestone_id}", MSO_SHAPE.OVAL)
        dot.line.color.rgb, dot.line.width = RGBColor(255, 255, 255), Pt(1)
    for box, row, when, label, size in labels:
        _label(slide, box, row, when, label, size)


def _timeline_layout(frame: pd.DataFrame, xs: list[float], whens: list[str], keep_clear=()):
    """The labels' layout in points along the track, in the largest of LABEL_SIZES that labels
    the most milestones (at most MOST_LABELS of them, spread evenly over time); each label's
    date as ``whens`` writes it; no leader crosses the stretches ``keep_clear``."""
    count = len(frame)
    chosen = (
        set(range(count)) if count <= MOST_LABELS
        else {round(i * (count - 1) / (MOST_LABELS - 1)) for i in range(MOST_LABELS)}
    )  # fmt: skip
    marks = [
        Mark(index, (x - TRACK[0]) * 72, 0, when, plain(row.title), index in chosen)
        for index, (x, when, row) in enumerate(zip(xs, whens, frame.itertuples(index=False), strict=True))
    ]
    best = None
    for size in LABEL_SIZES:
        lines = {"size": size, "date_size": size + 2, "line": size * LINE_EM}
        style = replace(DECK_LABELS, **lines, clearance=CLEAR_OF_LINE, room=LABEL_ROOM, keep_clear=keep_clear)
        layout = lay_out(marks, (TRACK[1] - TRACK[0]) * 72, style)
        shortened = sum(bool(label and label.shortened) for label in layout.labels.values())
        if best is None or (layout.missing, shortened) < best[2]:
            best = (layout, size, (layout.missing, shortened))
    return best[:2]


def _label(slide, box, row, when: str, label, size: int) -> None:
    """A label's text box, its insets the layout's padding, its text against its leader's side
    and the line's (the layout measured its lines; the box has a little room for another font)."""
    left, top, width, height = box
    # Its top and bottom in whole EMUs as its leader's end is, so that the leader meets its edge
    # rather than reaching a rounding into it.
    shape = slide.shapes.add_textbox(
        Inches(left), Inches(top), Inches(width * 1.03), Inches(top + height) - Inches(top)
    )
    shape.name = f"Label: {row.id}"
    frame = shape.text_frame
    frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
    inset = Pt(DECK_LABELS.pad)
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = inset
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if label.side < 0 else MSO_ANCHOR.TOP
    date, headline = frame.paragraphs[0], frame.add_paragraph()
    alignment = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT}.get(label.anchor, PP_ALIGN.CENTER)
    date.alignment = headline.alignment = alignment
    run(date, when, size + 2, bold=True)
    # Shortened where the slide is crowded: its headline in full in the notes.
    run(headline, " ".join(label.lines[1:]) if label.shortened else row.title, size)


def _era_band(slide, headline: str, x0: float, x1: float, description: str) -> None:
    """An era: a native rectangle about the line, drawn before (so behind) the markers, its name
    at its top left in small muted type (a presenter can move or restyle either); its alt text
    ``description``."""
    width = max(x1 - x0, 0.05)
    band = bar(slide, (x0, ERA_TOP, width, ERA_BOTTOM - ERA_TOP), ERA_FILL, f"Era: {plain(headline)}")
    describe(band, description)
    name = (x0 + 0.05, ERA_TOP - 0.02, max(width - 0.1, 1.2), 0.3)
    text_box(slide, name, headline, (11, 10, 9), "Era name", colour=MUTED)


def _era_when(era, lang: str) -> str:
    """``Aug 2019 – Mar 2022``: an era's period in ``lang``."""
    return span_text(era.start, era.start_precision, era.end, era.end_precision, lang)


def _year_width(year: int) -> float:
    """How wide a year's label is, in inches: its text, measured in the deck's font, and room
    for another font."""
    return DECK.width(str(year), YEAR_SIZE) / 72 + 0.1


def _leaders_below(layout) -> list[tuple[float, float]]:
    """Where the leaders to the labels under the line run, each from its marker to its label's
    corner, in inches across the slide."""
    return [
        tuple(sorted((TRACK[0] + layout.places[key][0] / 72, TRACK[0] + label.leader_x / 72)))
        for key, label in layout.labels.items()
        if label is not None and label.side > 0
    ]


def _year_places(ticks: list[tuple[int, float]], leaders) -> list[tuple[int, float, float | None]]:
    """Each year, its tick's place and its label's left edge: centred under the tick, else just
    after it (where a year begins, read left to right), wherever it stays on the line and no
    leader under the line crosses it; None where neither is free."""
    placed = []
    for year, x in ticks:
        width = _year_width(year)
        free = [
            left for left in (x - width / 2, x + 0.04)
            if MARGINS[0] <= left and left + width <= MARGINS[1]
            and not any(a < left + width + YEAR_GAP and left - YEAR_GAP < b for a, b in leaders)
        ]  # fmt: skip
        placed.append((year, x, free[0] if free else None))
    return placed


def _centred_under(ticks: list[tuple[int, float]]) -> tuple[tuple[float, float, int], ...]:
    """The stretches, in points along the track, that the years' labels take centred under
    their ticks (and a little more), for the layout to keep every leader under the line off."""
    return tuple(
        (
            (x - _year_width(year) / 2 - YEAR_GAP - TRACK[0]) * 72,
            (x + _year_width(year) / 2 + YEAR_GAP - TRACK[0]) * 72,
            1,
        )
        for year, x in ticks
    )


def _year_ticks(slide, years: list[tuple[int, float, float]]) -> None:
    """A tick and the year at each 1 January on the line (``years``: each year, its tick's
    place and its label's left edge), so distances read as time; each tick reaches below a
    marker that sits on it."""
    for year, x, left in years:
        line(slide, x, LINE_Y - 0.09, x, LINE_Y + YEAR_TOP - 0.02, MUTED, 1.5).name = f"Tick: {year}"
        width = _year_width(year)
        box = slide.shapes.add_textbox(*(Inches(v) for v in (left, LINE_Y + YEAR_TOP, width, 0.22)))
        box.name = f"Year: {year}"
        frame = box.text_frame
        frame.word_wrap, frame.auto_size = True, MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        run(frame.paragraphs[0], str(year), YEAR_SIZE, colour=MUTED)


def _timeline_notes(frame: pd.DataFrame, whens: list[str], labelled: set[int], lang: str) -> str:
    """Every milestone for the presenter; where some are unlabelled, how many and which."""
    lines = [f"{when}: {row.title}" for when, row in zip(whens, frame.itertuples(index=False), strict=True)]
    if len(labelled) == len(lines):
        return "\n".join(lines)
    others = [text for index, text in enumerate(lines) if index not in labelled]
    ngettext = i18n.plural_translator(lang)
    head = ngettext(
        "The slide labels {labelled} of {count} milestone; {more} more are marked on the line "
        "without a label:",
        "The slide labels {labelled} of {count} milestones; {more} more are marked on the line "
        "without a label:",
        len(lines),
    ).format(labelled=len(labelled), count=f"{len(lines):,}", more=f"{len(others):,}")
    return "\n".join([head, *others])
