"""A PowerPoint deck of the milestones for presenters: title, timeline, counts, one slide per change.

The slides are drawn by :mod:`clfj_data.deck_ends` (the first and last), :mod:`clfj_data.deck_timeline`,
:mod:`clfj_data.deck_charts` and :mod:`clfj_data.deck_milestones`, with the shapes of
:mod:`clfj_data.deck_shapes`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd
from pptx import Presentation
from pptx.util import Emu

from . import i18n
from .deck_charts import chart_slide
from .deck_ends import closing_slide, title_slide
from .deck_milestones import left_out_slide, milestone_slide
from .deck_shapes import MORE
from .deck_timeline import timeline_slide
from .devanagari import mark_devanagari
from .framing import Framing
from .programme import Programme
from .slides import Slides
from .story import story_order
from .translation import any_draft, draft_line, in_language

if TYPE_CHECKING:
    from .store import VersionInfo

__all__ = ["MAX_MILESTONE_SLIDES", "MORE", "SLIDE_HEIGHT", "SLIDE_WIDTH", "to_pptx"]

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: PowerPoint's 16:9
# Past this many milestones the deck gives a slide to the latest of them only, and one slide
# says which it left out: its time, and a presenter's patience, stay bounded.
MAX_MILESTONE_SLIDES = 1_000


def to_pptx(
    frame: pd.DataFrame,
    programme: Programme,
    *,
    version: VersionInfo | None = None,
    filters_text: str = "",
    dashboard_url: str | None = None,
    progress: Callable[[int, int], object] | None = None,
    pictures: dict | None = None,
    notice: str = "",
    framing: Framing | None = None,
    lang: str = i18n.ENGLISH,
) -> bytes:
    """The milestones as a 16:9 PowerPoint deck, returned as the bytes of a .pptx file.

    Slides: a title slide (the programme, what its changes add up to, then the framing line
    that speaks of them; the data version and ``filters_text`` when given); the timeline, drawn
    with native shapes that stay editable (markers, dates and full headlines, as many as fit;
    the rest in the speaker notes); milestones by state and by sector as native, editable bar
    charts (two slides); one slide per milestone in date order, its rationale also in the
    speaker notes (for the latest :data:`MAX_MILESTONE_SLIDES` only, where there are more, and
    then a slide naming the rest); and a closing slide that ends the meeting as the story does: the key
    figures, the sources, thanks, and a QR code for ``dashboard_url`` (the live dashboard
    showing the same filters), or for the programme's results page where there is none.
    ``progress(done, total)`` is called after each slide. A milestone's picture (from
    ``pictures``, photos.Photo by file name) is on its slide, its alt text as the picture's
    description and its credit beneath. Spreadsheet text is written as plain text, never as
    markup or formulas. A ``notice`` (that the deck is not for public sharing) stands at the
    top of the title slide. ``framing``'s title names the title slide in place of the
    programme's name and intro (the closing slide's source stays the programme's own results
    page); its eras are shaded bands on the timeline, behind the markers.

    In Hindi (``lang="hi"``) each milestone and the programme's framing read in Hindi where they
    have it (English where not), a draft translation says so once, in one quiet line on the
    title slide and on the closing slide with the sources, and every run of Devanagari carries
    a Devanagari font (see :mod:`clfj_data.devanagari`).
    """
    frame = in_language(story_order(frame), lang)  # oldest first, as the story tells them
    programme = programme.in_language(lang)
    draft = draft_line(lang) if lang != i18n.ENGLISH and (programme.is_draft or any_draft(frame)) else ""
    framing = framing or Framing()
    first = partial(title_slide, frame, framing.titled(programme), version, filters_text, notice, draft, lang)
    later = _later_slides(frame, programme, framing.eras, pictures or {}, dashboard_url, draft, lang)
    steps = [first, *later]
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    slides = Slides(deck)
    for done, step in enumerate(steps, start=1):
        step(slides.add(deck.slide_layouts[6]))  # the blank layout
        if progress is not None:
            progress(done, len(steps))
    mark_devanagari(deck)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _later_slides(frame, programme, eras, pictures: dict, dashboard_url, draft, lang: str) -> list[Callable]:
    """Each slide after the title as a step that draws it on a blank slide, in the deck's order."""
    left_out, shown = frame.iloc[:-MAX_MILESTONE_SLIDES], frame.iloc[-MAX_MILESTONE_SLIDES:]
    rows = shown.itertuples(index=False)
    return [
        partial(timeline_slide, frame, programme, eras, lang),
        partial(chart_slide, frame, "state", lang),
        partial(chart_slide, frame, "sector", lang),
        *(partial(milestone_slide, row, pictures.get(row.image), lang) for row in rows),
        *([partial(left_out_slide, left_out, len(frame), lang)] if len(left_out) else []),
        partial(closing_slide, frame, programme, dashboard_url, draft, lang),
    ]
