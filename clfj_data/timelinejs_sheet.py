"""What a TimelineJS sheet holds beyond the milestone columns: HTML in its cells, media that is
not a picture file (a link, an embed, a quote), and rows whose Type makes them the title or an era.

Each step takes the loader's cells (field -> Arrow column of trimmed text) and gives them back
changed, with a notice for what it changed: none of this is ever an error.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from . import arrow
from .columns import HeaderMatch
from .htmltext import MARKUP, embedded_link, html_text
from .i18n import N_
from .markup import NOT_XML
from .problems import Count, Message, Problem, rows_named
from .translation import HINDI_COLUMNS

TITLE, ERA = "title", "era"
EVENT_TYPES = ("", "event", "milestone")  # what TimelineJS draws as an event
CONVERTED = N_(
    "{rows} were written in HTML, as TimelineJS sheets are, and were turned into text: paragraphs "
    "as line breaks, links as their words (a row's first link is its source where it had none), "
    "other tags left out. Check that they read well."
)
QUOTE_AS_TEXT = N_(
    "The quote in this column was used as the milestone's text, which was empty. The dashboard "
    "shows pictures only, so the quote is not shown as media."
)
QUOTE_DROPPED = N_(
    "This is a quote, which the dashboard does not show as media (it shows pictures only); the "
    "row's own text is kept."
)
EMBED = N_(
    "This is an embed (HTML), which the dashboard does not show: {kept} To show a picture, upload "
    "it with the spreadsheet and write its file name here."
)
EXTRA_TITLE = N_("Only the first row whose Type is {title} is the timeline's title: this one was left out.")
UNKNOWN_TYPE = N_("Type is {title}, {era}, or empty for a milestone: this row was read as a milestone.")
_FILE_TEXT = ("title", "description", "rationale", "place", "source", "display_date", "image_alt",
              "image_caption", "image_credit", *HINDI_COLUMNS)  # fmt: skip


def plain_text(cells: dict, match: HeaderMatch, rows: list[int]) -> tuple[dict, list[Problem]]:
    """In a TimelineJS sheet, every text cell written in HTML as plain text (see
    :mod:`clfj_data.htmltext`), each row's first link as its source where it has none, and one
    notice naming the rows changed. Another sheet's cells are kept exactly as written."""
    if not match.timelinejs:
        return cells, []
    changed = set()
    links = [""] * len(rows)
    for name in (n for n in _FILE_TEXT if n in cells):
        column = cells[name]
        marked = pc.indices_nonzero(pc.match_substring_regex(column, MARKUP)).to_pylist()
        if not marked:
            continue
        values = column.to_pylist()
        for position in marked:
            values[position], link = html_text(values[position])
            if name in ("description", "rationale") and link and not links[position]:
                links[position] = link
        cells[name] = arrow.array(values, pa.string())
        changed.update(marked)
    if not changed:
        return cells, []
    sources = cells["source"].to_pylist() if "source" in cells else [""] * len(rows)
    cells["source"] = arrow.array([s or link for s, link in zip(sources, links, strict=True)], pa.string())
    listed = sorted(rows[p] for p in changed)
    notice = Message(CONVERTED, rows=rows_named(listed, starts=True))
    return cells, [Problem(listed[0], None, None, notice)]


def media_markup(cells: dict, label: str, rows: list[int]) -> tuple[dict, list[Problem]]:
    """Media cells holding HTML (a quote, an embed) instead of a file name or a link: a quote's
    words become the text where the row has none; an embed's address becomes the media link
    where the row has none. A notice on each row; the image itself is left empty."""
    if "image" not in cells:
        return cells, []
    image = cells["image"]
    marked = pc.indices_nonzero(pc.starts_with(image, "<")).to_pylist()
    if not marked:
        return cells, []
    images, notices = image.to_pylist(), []
    descriptions = cells["description"].to_pylist()
    media_links = cells["media_link"].to_pylist() if "media_link" in cells else [""] * len(rows)
    for position in marked:
        cell = images[position]
        images[position] = ""
        if "<blockquote" in cell.lower():
            words, _ = html_text(cell)
            if descriptions[position] or not words:
                notices.append(Problem(rows[position], label, cell, QUOTE_DROPPED))
            else:
                descriptions[position] = words
                notices.append(Problem(rows[position], label, cell, QUOTE_AS_TEXT))
            continue
        link = embedded_link(cell)
        if link and not media_links[position]:
            media_links[position] = link
            kept = Message(
                N_("its address ({link}) was kept as the media link, which is never fetched or shown."),
                link=link,
            )
        else:
            kept = Message(N_("it was left out."))
        notices.append(Problem(rows[position], label, cell, Message(EMBED, kept=kept)))
    cells["image"] = arrow.array(images, pa.string())
    cells["description"] = arrow.array(descriptions, pa.string())
    cells["media_link"] = arrow.array(media_links, pa.string())
    return cells, notices


def row_types(cells: dict, label: str, rows: list[int], label_of=lambda name: name):
    """Which rows are milestones, the title and eras, by the sheet's Type column.

    Returns the milestone rows' mask (an Arrow boolean array; None when every row is one), the
    title ({"headline", "text"} from the first title row, or None), the positions of the era
    rows, a notice for each other title row and each Type that is none of these, and an error
    for each title or era cell that is too long or holds a control character (``label_of`` names
    a field's column).
    """
    if "row_type" not in cells:
        return None, None, [], [], []
    kinds = pc.utf8_lower(cells["row_type"]).to_pylist()
    titles = [p for p, kind in enumerate(kinds) if kind == TITLE]
    eras = [p for p, kind in enumerate(kinds) if kind == ERA]
    notices = [
        Problem(rows[p], label, cells["row_type"][p].as_py(), Message(EXTRA_TITLE, title=TITLE))
        for p in titles[1:]
    ]
    notices += [
        Problem(rows[p], label, cells["row_type"][p].as_py(), Message(UNKNOWN_TYPE, title=TITLE, era=ERA))
        for p, kind in enumerate(kinds)
        if kind not in (TITLE, ERA, *EVENT_TYPES)
    ]
    title = None
    problems = _framing_problems(cells, label_of, rows, titles[:1] + eras)
    if titles:
        first = titles[0]
        text = {
            name: cells[name][first].as_py() if name in cells else "" for name in ("title", "description")
        }
        title = {"headline": text["title"], "text": text["description"]}
    if not titles and not eras:
        return None, None, [], notices, []
    keep = arrow.array([kind not in (TITLE, ERA) for kind in kinds], pa.bool_())
    return keep, title, eras, notices, problems


FRAMING_LENGTH = {"title": 200, "description": 5000}  # a title or era's headline, and its text


def _framing_problems(cells: dict, label_of, rows: list[int], positions: list[int]) -> list[Problem]:
    problems = []
    for name, limit in FRAMING_LENGTH.items():
        if name not in cells:
            continue
        for position in positions:
            text = cells[name][position].as_py()
            if len(text) > limit:
                message = Message(
                    N_("This is {length} characters long; the most is {most}."),
                    length=Count(len(text)), most=Count(limit),
                )  # fmt: skip
                problems.append(Problem(rows[position], label_of(name), text, message))
            elif re.search(NOT_XML, text):
                character = re.search(NOT_XML, text).group()
                message = Message(
                    N_(
                        "This holds an invisible control character ({code}), which spreadsheets "
                        "cannot store: delete it."
                    ),
                    code=f"U+{ord(character):04X}",
                )
                problems.append(Problem(rows[position], label_of(name), text, message))
    return sorted(problems, key=lambda problem: problem.row)
