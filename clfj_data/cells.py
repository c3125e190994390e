"""Reading each kind of cell of a milestone sheet: dates (one column, or Year, Month and Day),
states, sectors, picture file names and links, visibility and translation status."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from . import arrow, dates, sectors, states
from .columns import HeaderMatch
from .dates import When
from .i18n import N_
from .problems import Message, Problem, rows_named, said_of
from .schema import KNOWN_STATUSES, KNOWN_VISIBILITIES, NO_CHARACTERS, WEB_LINK
from .states import name_key
from .visibility import PUBLIC


def clean(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trim each cell (of what Python's ``str.strip`` trims); otherwise keep the text exactly as
    written (it is NFC already)."""
    return pc.utf8_trim_whitespace(column)


def alt_texts(alt, caption):
    return pc.if_else(has_text(alt), alt, caption)


def has_text(column) -> pa.ChunkedArray:
    return pc.greater(pc.utf8_length(column), NO_CHARACTERS)


_FALSE = arrow.scalar(False, pa.bool_())


def parse_dates(cells: dict, match: HeaderMatch, rows: list[int], empty: pa.Array):
    if "date" in cells:
        codes, parsed, errors = map_unique(cells["date"], dates.parse_date, match.label("date"), rows)
    else:
        # The TimelineJS template spreads a date over Year, Month and Day columns.
        parts = [cells.get(part, empty) for part in ("year", "month", "day")]
        codes, parsed, errors = map_unique(
            pc.binary_join_element_wise(*parts, _JOINER),
            lambda text: dates.date_from_parts(*text.split(_JOIN)),
            date_label(match),
            rows,
            shown=lambda text: " ".join(text.split(_JOIN)).strip(),
        )
    firsts = arrow.array([p[0] if p else None for p in parsed], pa.date32())
    precisions = arrow.array([p[1] if p else "" for p in parsed], pa.string())
    return firsts.take(codes), precisions.take(codes), errors


_JOIN = "\x1f"  # the ASCII unit separator: never typed in a spreadsheet cell
_JOINER = arrow.scalar(_JOIN, pa.string())  # as a scalar: a Python string would have pyarrow load pandas


def date_label(match: HeaderMatch) -> str:
    return match.label("date") if "date" in match.fields else match.label("year")


def end_label(match: HeaderMatch) -> str:
    return match.label("end_date") if "end_date" in match.fields else match.label("end_year")


def parse_end_dates(cells: dict, match: HeaderMatch, rows: list[int], empty: pa.Array):
    """Each row's end date (null where it has none) and its precision ("" where none), read as
    the start date is: from an end date column, or from End Year, End Month and End Day."""
    if "end_date" in cells:
        codes, parsed, errors = map_unique(
            cells["end_date"], lambda text: dates.parse_date(text) if text else None, end_label(match), rows
        )
    elif "end_year" in cells:
        parts = [cells.get(part, empty) for part in ("end_year", "end_month", "end_day")]
        codes, parsed, errors = map_unique(
            pc.binary_join_element_wise(*parts, _JOINER),
            lambda text: dates.date_from_parts(*text.split(_JOIN)) if text.strip(_JOIN) else None,
            end_label(match),
            rows,
            shown=lambda text: " ".join(text.split(_JOIN)).strip(),
        )
    else:
        return arrow.array([None] * len(rows), pa.date32()), empty, []
    firsts = arrow.array([p[0] if p else None for p in parsed], pa.date32())
    precisions = arrow.array([p[1] if p else "" for p in parsed], pa.string())
    return firsts.take(codes), precisions.take(codes), errors


def ends_before_starts(
    date, precision, end_date, end_precision, rows: list[int], label: str
) -> list[Problem]:
    """An error for each row whose end comes before its start (an end in the start's own period,
    such as 2022 for Mar 2022, is the start's period)."""
    problems = []
    for position in pc.indices_nonzero(pc.fill_null(pc.less(end_date, date), _FALSE)).to_pylist():
        start, start_precision = date[position].as_py(), precision[position].as_py()
        end, precision_of_end = end_date[position].as_py(), end_precision[position].as_py()
        if dates.period_last_day(end, precision_of_end) >= start:
            continue
        message = Message(
            N_("The end ({end}) is before the start ({start}): correct one of them, or swap them."),
            end=When(end, precision_of_end), start=When(start, start_precision),
        )  # fmt: skip
        problems.append(Problem(rows[position], label, dates.format_date(end, precision_of_end), message))
    return problems


def parse_states(column, label: str, rows: list[int]) -> tuple[pa.Array, list[Problem]]:
    codes, parsed, errors = map_unique(
        column, lambda text: states.parse_states(text) if text else (), label, rows
    )
    values = arrow.array([p or () for p in parsed], pa.list_(pa.string()))
    return values.take(codes), errors


def map_unique(column, parse: Callable, label: str, rows: list[int], shown: Callable = str):
    """Apply ``parse`` once per distinct value of ``column``.

    Returns the codes of each row's value, the parsed distinct values (None where
    parsing failed) and a Problem for each row whose value failed with a ValueError.
    """
    codes, uniques = factorize(column)
    parsed, messages = [], {}
    for code, text in enumerate(uniques):
        try:
            parsed.append(parse(text))
        except ValueError as error:
            parsed.append(None)
            messages[code] = said_of(error)
    problems = []
    if messages:
        failing = pc.indices_nonzero(pc.is_in(codes, arrow.array(list(messages), codes.type)))
        for position in failing.to_pylist():
            code = codes[position].as_py()
            problems.append(Problem(rows[position], label, shown(uniques[code]), messages[code]))
    return codes, parsed, problems


def factorize(column) -> tuple[pa.Array, list[str]]:
    """Each cell's code, and the distinct values the codes point to."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)
    return encoded.indices, encoded.dictionary.to_pylist()


def match_sectors(column, label: str, rows: list[int]) -> tuple[pa.Array, list[Problem], list[Problem]]:
    """Each sector as the vocabulary names it; an error on every row of a sector that is a
    misspelt one ("did you mean Justice?"); a notice for one read under another of its names,
    and for one that is really new (kept as written)."""
    codes, uniques = factorize(column)
    matched = [sectors.match_sector(text) for text in uniques]
    errors, warnings = [], []
    for code, (text, sector) in enumerate(zip(uniques, matched, strict=True)):
        if not text or (sector is not None and name_key(text) == name_key(sector)):
            continue  # as the vocabulary writes it, but for case and spacing
        holding = pc.equal(codes, arrow.scalar(code, codes.type))
        found = [rows[p] for p in pc.indices_nonzero(holding).to_pylist()]
        where = rows_named(found[:5])
        if len(found) > 5:
            where = Message(N_("{rows} and more"), rows=where)
        near = sectors.misspelt_sector(text) if sector is None else None
        # The sectors a message names are what a cell holds: as the vocabulary writes them, in English.
        if near is not None:
            message = Message(
                N_("'{text}' is not one of the sectors: did you mean {sector}?"), text=text, sector=near
            )
            errors += [Problem(row, label, text, message) for row in found]
            continue
        if sector is None:
            message = Message(
                N_(
                    "'{text}' is not one of the sectors ({sectors}); it was kept as a new sector ({rows}). "
                    "Check the spelling if it should be one of them."
                ),
                text=text, sectors=", ".join(sectors.SECTORS), rows=where,
            )  # fmt: skip
        elif len(found) > 1:
            message = Message(
                N_("'{text}' was read as the sector {sector} ({rows})."), text=text, sector=sector, rows=where
            )
        else:
            message = Message(N_("'{text}' was read as the sector {sector}."), text=text, sector=sector)
        warnings.append(Problem(found[0], label, text, message))
    canonical = [sector or text for text, sector in zip(uniques, matched, strict=True)]
    return arrow.array(canonical, pa.string()).take(codes), errors, warnings


MEDIA_LINK = N_(
    "This is a link, so it was kept as the milestone's media link, which is never fetched or "
    "shown (a visitor's browser would ask another site for it). To show the picture, upload it "
    "with the spreadsheet and write its file name here."
)


def media_links(cells: dict, label: str, rows: list[int], empty: pa.Array):
    """The image file names, and the links (a TimelineJS sheet's Media column holds them) moved
    from there to the media link, with a warning for each: a link is never fetched."""
    image, media_link = cells.get("image", empty), cells.get("media_link", empty)
    links = pc.match_substring_regex(image, WEB_LINK)
    positions = pc.indices_nonzero(links).to_pylist()
    if not positions:
        return image, media_link, []
    warnings = [Problem(rows[p], label, image[p].as_py(), MEDIA_LINK) for p in positions]
    own = pc.greater(pc.utf8_length(media_link), NO_CHARACTERS)
    media_link = pc.if_else(pc.and_not(links, own), image, media_link)
    return pc.if_else(links, _NOTHING, image), media_link, warnings


_NOTHING = arrow.scalar("", pa.string())


_PUBLIC = arrow.scalar(PUBLIC, pa.string())


def translation_statuses(column):
    """Each milestone's translation status in lowercase ("" where the cell is empty); a value
    that is neither draft nor reviewed stays as written, for the schema to refuse."""
    lower = pc.utf8_lower(column)
    return pc.if_else(pc.is_in(lower, KNOWN_STATUSES), lower, column)


def visibilities(column):
    """Each milestone's visibility in lowercase, public where the cell is empty; a value that
    is neither stays as written, for the schema to refuse."""
    lower = pc.utf8_lower(column)
    known = pc.if_else(pc.is_in(lower, KNOWN_VISIBILITIES), lower, column)
    return pc.if_else(has_text(column), known, _PUBLIC)
