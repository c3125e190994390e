"""The deck's slide for each milestone (its picture beside the words), and the slide that names
the milestones a very long deck gives no slide of their own."""

from __future__ import annotations

import io

import pandas as pd
from pptx.util import Inches

from . import i18n
from .dates import format_date
from .deck_shapes import ACCENT, BODY_SIZES, BOX, MUTED, TITLE_SIZES, bar, describe, plain, text_box, title
from .sectors import sector_colour
from .states import NOT_SPECIFIED
from .wording import facts_line, frame_span, milestone_when, picture_line

RATIONALE_SIZES = (24, 22, 20, 18, 16, 14, 12, 10, 9)
PICTURE_BOX, CREDIT_HEIGHT = (7.25, 2.45, 5.45, 4.15), 0.45  # a milestone's picture, and its credit below


def milestone_slide(row, picture, lang, slide):
    """What changed and why it matters, under the milestone's date and headline; its picture
    (photos.Photo, or None) on the right; its facts at the foot; all its words in the notes."""
    _ = i18n.translator(lang)
    sector = row.sector or NOT_SPECIFIED
    bar(slide, (0, 0, 0.2, 7.5), sector_colour(sector), "Sector colour")
    when = milestone_when(row, lang)
    text_box(slide, (0.7, 0.4, 11.9, 0.55), when, (20,), "Date", colour=MUTED, bold=True)
    text_box(slide, (0.7, 0.95, 11.9, 1.4), row.title, TITLE_SIZES, "Headline", bold=True, lang=lang)
    if picture is None:  # what changed on the left, why it matters in a box on the right
        changed, why = (0.7, 2.45, 6.6, 4.1), (7.7, 2.45, 5.0, 4.1)
    else:  # both on the left, one above the other, and the picture on the right
        changed, why = (0.7, 2.45, 6.2, 1.75), (0.7, 4.3, 6.2, 2.25)
        _picture(slide, row, picture, PICTURE_BOX, lang)
    left, top, width, height = changed
    heading = (left, top, width, 0.45)
    text_box(slide, heading, _("What changed"), (16,), "What changed", colour=ACCENT, bold=True)
    text_box(
        slide, (left, top + 0.45, width, height - 0.45), row.description, BODY_SIZES, "Description", lang=lang
    )
    _why_it_matters(slide, why, row.rationale, sector_colour(sector), _("Why it matters"), lang)
    details = facts_line(row, separator="   ·   ", labelled=True, lang=lang)
    text_box(slide, (0.7, 6.7, 11.9, 0.5), details, (14, 12, 10), "Details", colour=MUTED, lang=lang)
    why, changed = _("Why it matters"), _("What changed")
    notes = [f"{why}: {row.rationale}", f"{changed}: {row.description}"]
    notes += [_("Source: {link}").format(link=row.source)] if row.source else []
    slide.notes_slide.notes_text_frame.text = plain("\n\n".join(notes))


def _why_it_matters(slide, box, rationale: str, colour: str, heading: str, lang: str) -> None:
    """The rationale in a tinted box, an accent in the sector's colour down its left side."""
    left, top, width, height = box
    bar(slide, box, BOX, "Why it matters box")
    bar(slide, (left, top, 0.12, height), colour, "Why it matters accent")
    label = (left + 0.3, top + 0.15, width - 0.5, 0.45)
    text_box(slide, label, heading, (16,), "Why it matters", colour=ACCENT, bold=True)
    words = (left + 0.3, top + 0.6, width - 0.5, height - 0.75)
    text_box(slide, words, rationale, RATIONALE_SIZES, "Rationale", lang=lang)


def _picture(slide, row, picture, box, lang: str) -> None:
    """The picture as large as fits ``box`` (its proportions kept), its credit beneath it."""
    left, top, width, height = box
    line = picture_line(row)
    room = height - (CREDIT_HEIGHT if line else 0)
    scale = min(width / picture.width, room / picture.height)
    shown_width, shown_height = picture.width * scale, picture.height * scale
    left += (width - shown_width) / 2
    placed = (Inches(v) for v in (left, top, shown_width, shown_height))
    shape = slide.shapes.add_picture(io.BytesIO(picture.data), *placed)
    shape.name = f"Picture: {row.id}"
    describe(shape, row.image_alt)
    if line:
        credit = (left, top + shown_height + 0.05, shown_width, CREDIT_HEIGHT - 0.05)
        text_box(slide, credit, line, (12, 10, 9), "Picture credit", colour=MUTED, lang=lang)


def left_out_slide(left_out: pd.DataFrame, total: int, lang: str, slide) -> None:
    """What the deck gave no slide of its own: how many, over which dates, and where they are."""
    _ = i18n.translator(lang)
    title(slide, _("Milestones without a slide"))
    shown = total - len(left_out)
    text = _(
        "This deck has a slide for each of the latest {shown} of {total} milestones. The other "
        "{others}, {span}, are on the timeline and in the counts, and listed in this slide's "
        "speaker notes; the dashboard and its CSV download hold every one."
    ).format(
        shown=f"{shown:,}", total=f"{total:,}", others=f"{len(left_out):,}", span=frame_span(left_out, lang)
    )
    text_box(slide, (0.7, 1.6, 11.9, 3.0), text, BODY_SIZES, "Left out", lang=lang)
    lines = (f"{format_date(r.date, r.precision, lang)}: {r.title}" for r in left_out.itertuples(index=False))
    slide.notes_slide.notes_text_frame.text = plain("\n".join(lines))
