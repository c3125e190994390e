"""The milestones as a TimelineJS 3 story: the JSON its ``new TL.Timeline(element, data)`` draws.

TimelineJS (https://timeline.knightlab.com/docs/json-format.html) renders an event's
headline and text as HTML, so every piece of spreadsheet text is HTML-escaped here and
only this module's own ``<p>``, ``<strong>`` and ``<br>`` are markup.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from . import i18n
from .dates import DAY, MONTH, format_date
from .programme import Programme
from .schema import STARTS_WEB_LINK
from .sectors import sector_labels
from .story import story_order
from .summary import key_figures
from .translation import any_draft, draft_line, in_language
from .wording import facts_line, key_figures_sentence, milestone_when


def to_timelinejs(
    frame: pd.DataFrame, programme: Programme, pictures: dict | None = None, eras=(), lang: str = i18n.ENGLISH
) -> dict:
    """The TimelineJS 3 JSON for ``frame`` (the milestones) framed by ``programme``, with each
    milestone's picture from ``pictures`` (photos.Photo by file name).

    ``{"title": {"text": {"headline", "text"}}, "events": [...]}``: the title's text is the
    partnership line, the key figures, then the framing line; one event per milestone in date
    order::

        {"start_date": {"year", "month", "day", "display_date"}, "end_date": {...},
         "text": {"headline", "text"}, "group", "unique_id"}

    ``month`` is there when the milestone's precision is month or day, ``day`` when it is
    day; ``display_date`` is the date as a person writes it ("Mar 2022", or the span "Aug 2019
    – Mar 2022"). ``end_date`` is there for a span (its last period). The text is the
    description, then the rationale as "Why it matters", then where and in which sector
    ("Rajasthan · Jaipur · Justice") and the source (a link where it is one). ``group`` is the sector ("Not
    specified" when empty), escaped twice: TimelineJS decodes it once before showing it. A
    milestone with a picture has ``"media": {"url", "alt", "caption", "credit"}``, the picture
    inside a ``data:`` address (so the file needs no other to be drawn), the alt text as its
    caption. A media link is never given: every visitor's browser would fetch it. ``eras``
    (framing.Era) become TimelineJS's ``eras``, shaded periods, where there are any.

    In Hindi (``lang="hi"``) the words are the milestones' and the programme's Hindi where they
    have it (English where not), dates are written in Hindi ("मार्च 2022"), and a draft
    translation says so at the end of the title's text. The keys are the same in both languages.
    """
    ordered = in_language(story_order(frame), lang)
    programme = programme.in_language(lang)
    groups = sector_labels(ordered)
    pictures = pictures or {}
    events = [
        _event(row, group, pictures.get(row.image) if row.image else None, lang)
        for row, group in zip(ordered.itertuples(index=False), groups, strict=True)
    ]
    story = {"title": _title(ordered, programme, lang), "events": events}
    if eras:
        story["eras"] = [_era(era, lang) for era in eras]
    return story


def timelinejs_json(
    frame: pd.DataFrame, programme: Programme, pictures: dict | None = None, eras=(), lang: str = i18n.ENGLISH
) -> str:
    """:func:`to_timelinejs` as JSON text (UTF-8 characters kept, indented), for a ``.json`` file."""
    return json.dumps(to_timelinejs(frame, programme, pictures, eras, lang), ensure_ascii=False, indent=2)


def _title(ordered: pd.DataFrame, programme: Programme, lang: str) -> dict:
    """The title slide: the programme, what its changes add up to, then the framing line that
    speaks of them, and a draft translation's line."""
    draft = lang != i18n.ENGLISH and (programme.is_draft or any_draft(ordered))
    paragraphs = (
        programme.partnership,
        key_figures_sentence(key_figures(ordered, lang), lang),
        programme.intro,
        *([draft_line(lang)] if draft else []),
    )
    return {"text": {"headline": _escape(programme.name), "text": "".join(map(_paragraph, paragraphs))}}


def _era(era, lang: str) -> dict:
    return {
        "start_date": _date(era.start, era.start_precision, lang),
        "end_date": _date(era.end, era.end_precision, lang),
        "text": {"headline": _escape(era.headline), "text": _paragraph(era.text) if era.text else ""},
    }


def _event(row, group: str, picture, lang: str = i18n.ENGLISH) -> dict:
    _ = i18n.translator(lang)
    text = _paragraph(row.description) if row.description else ""
    if row.rationale:
        text += _paragraph(row.rationale, lead=_("Why it matters:"))
    # Where, as the dashboard's detail panel says it; TimelineJS has no field of its own for it.
    text += f'<p class="clfj-facts">{_escape(facts_line(row, lang=lang))}</p>'
    source = _escape(_("Source"))
    if STARTS_WEB_LINK.match(row.source):
        text += f'<p class="clfj-source"><a href="{_escape(row.source)}">{source}</a></p>'
    elif row.source:
        text += f'<p class="clfj-source">{source}: {_escape(row.source)}</p>'
    start = _date(row.date, row.precision, lang)
    start["display_date"] = milestone_when(row, lang)
    event = {
        "start_date": start,
        **({"end_date": _date(row.end_date, row.end_precision, lang)} if pd.notna(row.end_date) else {}),
        "text": {"headline": _escape(row.title), "text": text},
        # TimelineJS strips markup from a group with the browser's HTML parser, which decodes
        # entities, then sets the result as innerHTML: escaped once, "&lt;img …&gt;" would run.
        "group": _escape(_escape(_(group))),
        # An id is a slug (schema.ID_PATTERN); TimelineJS slugifies it again and never shows it.
        "unique_id": row.id,
    }
    if picture is not None:
        # The caption and credit are set as HTML; the alt text as an attribute, by the browser.
        event["media"] = {
            "url": picture.data_uri(),
            "alt": row.image_alt,
            "caption": _escape(row.image_caption or row.image_alt),
            "credit": _escape(row.image_credit),
        }
    return event


def _date(date, precision: str, lang: str = i18n.ENGLISH) -> dict:
    """A TimelineJS date: the parts ``precision`` knows, and the date as a person writes it."""
    parts: dict[str, int | str] = {"year": date.year}
    if precision in (MONTH, DAY):
        parts["month"] = date.month
    if precision == DAY:
        parts["day"] = date.day
    parts["display_date"] = format_date(date, precision, lang)
    return parts


def _paragraph(text: str, lead: str = "") -> str:
    """``<p>`` around escaped ``text`` (line breaks kept as ``<br>``), after a bold ``lead``."""
    strong = f"<strong>{_escape(lead)}</strong> " if lead else ""
    return f"<p>{strong}{'<br>'.join(_escape(line) for line in text.splitlines())}</p>"


def _escape(text: str) -> str:
    return html.escape(str(text), quote=True)
