"""The one way in for milestone data: read a spreadsheet, normalize it, validate it."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from . import arrow, dates, sectors, states
from .columns import ALIASES, HeaderMatch, match_headers
from .framing import Era, Framing
from .problems import Problem
from .read import FIRST_DATA_ROW, Limits, RawTable, Source, read_bytes, read_table
from .schema import (
    KNOWN_VISIBILITIES,
    MAX_LENGTH,
    MILESTONE_COLUMNS,
    MILESTONE_TYPES,
    NO_CHARACTERS,
    WEB_LINK,
    _rows,
    validate,
)
from .states import name_key
from .timelinejs_sheet import media_markup, plain_text, row_types
from .uploads import Media, Upload, picture_problems
from .visibility import PUBLIC
from .wording import plural, shorten

if TYPE_CHECKING:
    import pandas as pd

LISTED_IGNORED_COLUMNS = 20  # more unknown columns than this get one warning, not one each
LISTED_NOTICES = 10  # rows named one by one for each thing the loader filled in; the rest in one line
SLUG_LENGTH = 50  # the most characters of a title an id made from it keeps
NO_MILESTONES = "The file has a header row but no milestones: nothing to publish."
MADE_TITLE = (
    "There is no title, so this one was made from the description: write a title if it does not read well."
)
MADE_ID = (
    "There is no id, so this one was made from the date and title: copy it into the file, so the "
    "milestone keeps its id (and its links) when the title is edited."
)


@dataclass
class LoadResult:
    """What the loader made of a file: the milestones when valid, and every problem found.

    ``in_file_order`` holds the milestones in Arrow, with the columns and types of
    :data:`~clfj_data.schema.MILESTONE_TYPES`, in the order the file lists them; it is
    ``None`` when there are errors. ``table`` is the same sorted by date, and ``milestones``
    that as the pandas frame the dashboard draws from.
    """

    in_file_order: pa.Table | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""  # how the file was read, e.g. "CSV, utf-8, comma-separated"
    rows: list[int] = field(default_factory=list)  # the spreadsheet row of each of in_file_order's
    # The pictures the image column names, prepared (photos.Photo), by that name.
    pictures: dict = field(default_factory=dict)
    framing: Framing = field(default_factory=Framing)  # the sheet's title row and era rows
    columns: frozenset[str] = frozenset()  # the milestone columns the sheet has, by their names here

    def rows_by_id(self) -> dict[str, int]:
        """Each milestone's spreadsheet row, by id (empty when there are errors)."""
        if self.in_file_order is None:
            return {}
        return dict(zip(self.in_file_order["id"].to_pylist(), self.rows, strict=True))

    @property
    def ok(self) -> bool:
        return not self.errors

    @functools.cached_property
    def order(self) -> pa.Array | None:
        """The positions of the milestones in ``in_file_order``, by date. The sort is stable:
        milestones of one date keep the file's order."""
        if self.in_file_order is None:
            return None
        return pc.sort_indices(self.in_file_order, sort_keys=[("date", "ascending")])

    @functools.cached_property
    def table(self) -> pa.Table | None:
        """The milestones sorted by date (made when first asked for: a check needs only the
        first and last, and copying a large table is a good part of reading it)."""
        if self.in_file_order is None:
            return None
        return self.in_file_order.take(self.order)

    @functools.cached_property
    def milestones(self) -> pd.DataFrame | None:
        """The milestones as a frame (``None`` when there are errors): ``date`` as datetime64,
        ``states`` as tuples of canonical names (empty when the file names none), the other
        columns as text ("" when empty)."""
        if self.table is None:
            return None
        # Imported here: checking a file never needs pandas, which takes longer to import
        # than checking 100,000 rows.
        from .records import frame_from_table

        return frame_from_table(self.table)


def load_milestones(
    source: Source, *, filename: str | None = None, limits: Limits | None = None, media: Media | None = None
) -> LoadResult:
    """Read milestones from a path, bytes or binary file object (CSV or XLSX), with the
    pictures its image column names from ``media`` (the files uploaded with it).

    Returns a :class:`LoadResult`: the normalized milestones, or every problem with
    its spreadsheet row. Raises :class:`~clfj_data.problems.UnreadableFile` (and only
    that) when the input is not a spreadsheet it can read or is over a limit.
    """
    limits = limits or Limits.from_env()
    data, name = read_bytes(source, limits)
    return normalize(read_table(data, filename or name, limits), media)


def load_upload(upload: Upload, limits: Limits | None = None) -> LoadResult:
    """An upload's spreadsheet read with its pictures (see :mod:`clfj_data.uploads`)."""
    return load_milestones(upload.data, filename=upload.name, limits=limits, media=upload.media)


def normalize(table: RawTable, media: Media | None = None) -> LoadResult:
    """Turn a sheet of text cells into the milestone table, collecting every problem."""
    match = match_headers(table.headers)
    errors, warnings = _header_problems(match, table)
    if match.missing:
        return LoadResult(None, errors, warnings, table.detail)
    errors += [Problem(row, None, None, OVERFLOW) for row in table.overflow_rows]
    cells, rows = _filled_rows(table, match)
    if rows:
        cells, rows, framing, sheet_errors, sheet_notices = _prepared(cells, match, rows)
        errors, warnings = errors + sheet_errors, warnings + sheet_notices
    if not rows:
        errors.append(Problem(None, None, None, NO_MILESTONES))
        return LoadResult(None, errors, warnings, table.detail)
    milestones, parse_errors, notices = _milestone_table(cells, match, rows)
    formula_errors = _formula_problems(table, match)
    unsaved = {(p.row, p.column) for p in formula_errors}
    parse_errors = formula_errors + [p for p in parse_errors if (p.row, p.column) not in unsaved]
    reported = {(p.row, p.column) for p in parse_errors}
    date_label = _date_label(match)
    labels = {name: match.label(name) for name in MILESTONE_COLUMNS}
    labels |= {"date": date_label, "precision": date_label, "end_precision": _end_label(match)}
    schema_errors = [p for p in validate(milestones, rows, labels) if (p.row, p.column) not in reported]
    pictures, picture_errors, picture_warnings = {}, [], []
    if media is not None or "image" in match.fields:
        skip = reported | {(p.row, p.column) for p in schema_errors}
        pictures, picture_errors, picture_warnings = picture_problems(milestones, rows, labels, media, skip)
    order = {match.label(name): position for name, position in match.fields.items()}
    found = parse_errors + schema_errors + picture_errors
    errors += sorted(found, key=lambda p: (p.row or 0, order.get(p.column, 0)))
    warnings += notices + picture_warnings
    if errors:
        return LoadResult(None, errors, warnings, table.detail, rows)
    return LoadResult(
        milestones, errors, warnings, table.detail, rows, pictures, framing, frozenset(match.fields)
    )


OVERFLOW = (
    "This row has more cells than there are headers: is there a comma inside text that is not in quotes?"
)


def _filled_rows(table: RawTable, match: HeaderMatch) -> tuple[dict, list[int]]:
    """The cells of each field, trimmed, without the blank rows; and the spreadsheet row of each."""
    cells = {name: _clean(table.cells.column(position)) for name, position in match.fields.items()}
    filled = functools.reduce(pc.or_, [_has_text(column) for column in cells.values()])
    if not pc.all(filled).as_py():
        cells = {name: column.filter(filled) for name, column in cells.items()}  # blank rows go
    return cells, [position + FIRST_DATA_ROW for position in pc.indices_nonzero(filled).to_pylist()]


def _prepared(cells: dict, match: HeaderMatch, rows: list[int]):
    """The cells as plain text with their media markup read, and a sheet's title and era rows
    split off from its milestones: (cells, rows, framing, errors, notices)."""
    cells, sheet_notices = plain_text(cells, match, rows)
    cells, media_notices = media_markup(cells, match.label("image"), rows)
    cells, rows, framing, framing_errors, framing_notices = _split_rows(cells, match, rows)
    return cells, rows, framing, framing_errors, sheet_notices + media_notices + framing_notices


def _milestone_table(cells: dict, match: HeaderMatch, rows: list[int]):
    """The milestones as the schema's Arrow table; the cells that could not be read (dates,
    states, sectors); and the notices of what was read in another way or filled in."""
    empty, public = arrow.filled("", len(rows)), arrow.filled(PUBLIC, len(rows))
    date, precision, date_errors = _parse_dates(cells, match, rows, empty)
    end_date, end_precision, end_errors = _parse_end_dates(cells, match, rows, empty)
    end_errors += _ends_before_starts(date, precision, end_date, end_precision, rows, _end_label(match))
    state_values, state_errors = _parse_states(cells.get("states", empty), match.label("states"), rows)
    sector, sector_errors, sector_warnings = _match_sectors(
        cells.get("sector", empty), match.label("sector"), rows
    )
    description = cells["description"]
    title, made_titles = _derive_titles(cells.get("title", empty), description)
    ids, made_ids = _derive_ids(cells.get("id", empty), date, title, description)
    image, media_link, link_warnings = _media_links(cells, match.label("image"), rows, empty)
    milestones = pa.table(
        {
            "id": ids,
            "date": date,
            "precision": precision,
            "end_date": end_date,
            "end_precision": end_precision,
            "display_date": cells.get("display_date", empty),
            "title": title,
            "description": description,
            "rationale": cells["rationale"],
            "states": state_values,
            "place": cells.get("place", empty),
            "sector": sector,
            "source": cells.get("source", empty),
            "image": image,
            # Where no alt text is written (the 18-column TimelineJS template has no column for
            # it), the caption shown beside the picture says what it shows.
            "image_alt": _alt_texts(cells.get("image_alt", empty), cells.get("image_caption", empty)),
            "image_caption": cells.get("image_caption", empty),
            "image_credit": cells.get("image_credit", empty),
            "media_link": media_link,
            "visibility": _visibilities(cells["visibility"]) if "visibility" in cells else public,
        },
        schema=MILESTONE_TYPES,
    )
    notices = sector_warnings + link_warnings
    notices += _notices(made_titles, rows, title, match.label("title"), MADE_TITLE)
    notices += _notices(made_ids, rows, ids, match.label("id"), MADE_ID)
    return milestones, date_errors + end_errors + state_errors + sector_errors, notices


def _header_problems(match: HeaderMatch, table: RawTable) -> tuple[list[Problem], list[Problem]]:
    errors = [
        Problem(
            None,
            name,
            None,
            f"There is no {name} column: add one headed '{name}' "
            f"(or {' / '.join(repr(a) for a in ALIASES[name][1:3])}).",
        )
        for name in match.missing
    ]
    errors += [
        Problem(
            1,
            header,
            header,
            f"This column is read as {name}, and so is '{match.headers[name]}': keep only one of them.",
        )
        for header, name in match.repeated
    ]
    if len(match.ignored) > LISTED_IGNORED_COLUMNS:
        shown = ", ".join(repr(h) for h in match.ignored[:LISTED_IGNORED_COLUMNS])
        warnings = [
            Problem(1, None, None, f"{len(match.ignored):,} columns are not used by the dashboard and were "
                    f"ignored: {shown} and more.")
        ]  # fmt: skip
    else:
        warnings = [
            Problem(1, header, header, "The dashboard does not use this column, so it was ignored.")
            for header in match.ignored
        ]
    for position in match.unnamed:
        if pc.any(_has_text(_clean(table.cells.column(position)))).as_py():
            warnings.append(
                Problem(
                    1, f"column {position + 1}", "", "This column has no header, so its values were ignored."
                )
            )
    return errors, warnings


def _formula_problems(table: RawTable, match: HeaderMatch) -> list[Problem]:
    """An error for each formula cell with no value saved in a column the dashboard reads."""
    read = set(match.fields.values())
    return [
        Problem(
            row,
            table.headers[position].strip(),
            None,
            f"{table.headers[position].strip()} holds a formula, and the file has no value saved for it: "
            "paste the value instead (Paste Special, Values).",
        )
        for row, position in table.formula_cells
        if position in read
    ]


def _clean(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trim each cell (of what Python's ``str.strip`` trims); otherwise keep the text exactly as
    written (it is NFC already)."""
    return pc.utf8_trim_whitespace(column)


def _alt_texts(alt, caption):
    return pc.if_else(_has_text(alt), alt, caption)


def _has_text(column) -> pa.ChunkedArray:
    return pc.greater(pc.utf8_length(column), NO_CHARACTERS)


_FALSE = arrow.scalar(False, pa.bool_())


def _parse_dates(cells: dict, match: HeaderMatch, rows: list[int], empty: pa.Array):
    if "date" in cells:
        codes, parsed, errors = _map_unique(cells["date"], dates.parse_date, match.label("date"), rows)
    else:
        # The TimelineJS template spreads a date over Year, Month and Day columns.
        parts = [cells.get(part, empty) for part in ("year", "month", "day")]
        codes, parsed, errors = _map_unique(
            pc.binary_join_element_wise(*parts, _JOINER),
            lambda text: dates.date_from_parts(*text.split(_JOIN)),
            _date_label(match),
            rows,
            shown=lambda text: " ".join(text.split(_JOIN)).strip(),
        )
    firsts = arrow.array([p[0] if p else None for p in parsed], pa.date32())
    precisions = arrow.array([p[1] if p else "" for p in parsed], pa.string())
    return firsts.take(codes), precisions.take(codes), errors


_JOIN = "\x1f"  # the ASCII unit separator: never typed in a spreadsheet cell
_JOINER = arrow.scalar(_JOIN, pa.string())  # as a scalar: a Python string would have pyarrow load pandas


def _date_label(match: HeaderMatch) -> str:
    return match.label("date") if "date" in match.fields else match.label("year")


def _end_label(match: HeaderMatch) -> str:
    return match.label("end_date") if "end_date" in match.fields else match.label("end_year")


def _parse_end_dates(cells: dict, match: HeaderMatch, rows: list[int], empty: pa.Array):
    """Each row's end date (null where it has none) and its precision ("" where none), read as
    the start date is: from an end date column, or from End Year, End Month and End Day."""
    if "end_date" in cells:
        codes, parsed, errors = _map_unique(
            cells["end_date"], lambda text: dates.parse_date(text) if text else None, _end_label(match), rows
        )
    elif "end_year" in cells:
        parts = [cells.get(part, empty) for part in ("end_year", "end_month", "end_day")]
        codes, parsed, errors = _map_unique(
            pc.binary_join_element_wise(*parts, _JOINER),
            lambda text: dates.date_from_parts(*text.split(_JOIN)) if text.strip(_JOIN) else None,
            _end_label(match),
            rows,
            shown=lambda text: " ".join(text.split(_JOIN)).strip(),
        )
    else:
        return arrow.array([None] * len(rows), pa.date32()), empty, []
    firsts = arrow.array([p[0] if p else None for p in parsed], pa.date32())
    precisions = arrow.array([p[1] if p else "" for p in parsed], pa.string())
    return firsts.take(codes), precisions.take(codes), errors


def _ends_before_starts(
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
        written, begins = dates.format_date(end, precision_of_end), dates.format_date(start, start_precision)
        message = f"The end ({written}) is before the start ({begins}): correct one of them, or swap them."
        problems.append(Problem(rows[position], label, written, message))
    return problems


def _split_rows(cells: dict, match: HeaderMatch, rows: list[int]):
    """The milestone rows' cells and spreadsheet rows, with the sheet's title and eras (a
    TimelineJS sheet marks them in Type), the errors of its era rows and the notices."""
    keep, title, era_positions, notices, errors = row_types(cells, match.label("row_type"), rows, match.label)
    if keep is None:
        return cells, rows, Framing(title), [], notices
    eras, era_errors = _eras(cells, match, rows, era_positions)
    errors += era_errors
    kept = pc.indices_nonzero(keep).to_pylist()
    cells = {name: column.filter(keep) for name, column in cells.items()}
    return cells, [rows[p] for p in kept], Framing(title, tuple(eras)), errors, notices


def _eras(
    cells: dict, match: HeaderMatch, rows: list[int], positions: list[int]
) -> tuple[list[Era], list[Problem]]:
    """The era rows as eras: each needs a start and an end, the end not before the start."""
    if not positions:
        return [], []
    taken = arrow.numbers(positions, pa.int64())
    era_cells = {name: column.take(taken) for name, column in cells.items()}
    era_rows = [rows[p] for p in positions]
    empty = arrow.filled("", len(positions))
    date, precision, errors = _parse_dates(era_cells, match, era_rows, empty)
    end, end_precision, end_errors = _parse_end_dates(era_cells, match, era_rows, empty)
    errors += end_errors + _ends_before_starts(
        date, precision, end, end_precision, era_rows, _end_label(match)
    )
    failed = {p.row for p in errors}
    eras = []
    for index, row in enumerate(era_rows):
        if row in failed:
            continue
        if end[index].as_py() is None:
            message = "An era is a period: it needs an end date as well as a start."
            errors.append(Problem(row, _end_label(match), "", message))
            continue
        headline = era_cells["title"][index].as_py() if "title" in era_cells else ""
        text = era_cells["description"][index].as_py()
        eras.append(Era(date[index].as_py(), precision[index].as_py(), end[index].as_py(),
                        end_precision[index].as_py(), headline, text))  # fmt: skip
    return eras, errors


def _parse_states(column, label: str, rows: list[int]) -> tuple[pa.Array, list[Problem]]:
    codes, parsed, errors = _map_unique(
        column, lambda text: states.parse_states(text) if text else (), label, rows
    )
    values = arrow.array([p or () for p in parsed], pa.list_(pa.string()))
    return values.take(codes), errors


def _map_unique(column, parse: Callable, label: str, rows: list[int], shown: Callable = str):
    """Apply ``parse`` once per distinct value of ``column``.

    Returns the codes of each row's value, the parsed distinct values (None where
    parsing failed) and a Problem for each row whose value failed with a ValueError.
    """
    codes, uniques = _factorize(column)
    parsed, messages = [], {}
    for code, text in enumerate(uniques):
        try:
            parsed.append(parse(text))
        except ValueError as error:
            parsed.append(None)
            messages[code] = str(error)
    problems = []
    if messages:
        failing = pc.indices_nonzero(pc.is_in(codes, arrow.array(list(messages), codes.type)))
        for position in failing.to_pylist():
            code = codes[position].as_py()
            problems.append(Problem(rows[position], label, shown(uniques[code]), messages[code]))
    return codes, parsed, problems


def _factorize(column) -> tuple[pa.Array, list[str]]:
    """Each cell's code, and the distinct values the codes point to."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)
    return encoded.indices, encoded.dictionary.to_pylist()


def _match_sectors(column, label: str, rows: list[int]) -> tuple[pa.Array, list[Problem], list[Problem]]:
    """Each sector as the vocabulary names it; an error on every row of a sector that is a
    misspelt one ("did you mean Justice?"); a notice for one read under another of its names,
    and for one that is really new (kept as written)."""
    codes, uniques = _factorize(column)
    matched = [sectors.match_sector(text) for text in uniques]
    errors, warnings = [], []
    for code, (text, sector) in enumerate(zip(uniques, matched, strict=True)):
        if not text or (sector is not None and name_key(text) == name_key(sector)):
            continue  # as the vocabulary writes it, but for case and spacing
        holding = pc.equal(codes, arrow.scalar(code, codes.type))
        found = [rows[p] for p in pc.indices_nonzero(holding).to_pylist()]
        where = _rows(found[:5]) + (" and more" if len(found) > 5 else "")
        near = sectors.misspelt_sector(text) if sector is None else None
        if near is not None:
            message = f"'{text}' is not one of the sectors: did you mean {near}?"
            errors += [Problem(row, label, text, message) for row in found]
            continue
        if sector is None:
            message = (
                f"'{text}' is not one of the sectors ({', '.join(sectors.SECTORS)}); it was "
                f"kept as a new sector ({where}). Check the spelling if it should be one of them."
            )
        else:
            also = f" ({where})" if len(found) > 1 else ""
            message = f"'{text}' was read as the sector {sector}{also}."
        warnings.append(Problem(found[0], label, text, message))
    canonical = [sector or text for text, sector in zip(uniques, matched, strict=True)]
    return arrow.array(canonical, pa.string()).take(codes), errors, warnings


MEDIA_LINK = (
    "This is a link, so it was kept as the milestone's media link, which is never fetched or "
    "shown (a visitor's browser would ask another site for it). To show the picture, upload it "
    "with the spreadsheet and write its file name here."
)


def _media_links(cells: dict, label: str, rows: list[int], empty: pa.Array):
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


def _visibilities(column):
    """Each milestone's visibility in lowercase, public where the cell is empty; a value that
    is neither stays as written, for the schema to refuse."""
    lower = pc.utf8_lower(column)
    known = pc.if_else(pc.is_in(lower, KNOWN_VISIBILITIES), lower, column)
    return pc.if_else(_has_text(column), known, _PUBLIC)


def _derive_titles(titles, descriptions):
    """The titles, each missing one made from its description; and the positions made."""
    missing = pc.indices_nonzero(pc.invert(_has_text(titles))).to_pylist()
    if not missing:
        return titles, []
    made = titles.to_pylist()
    for position in missing:
        made[position] = _headline_from(descriptions[position].as_py())
    return arrow.array(made, pa.string()), missing


def _notices(positions: list[int], rows: list[int], values, label: str, message: str) -> list[Problem]:
    """A warning for each row whose ``label`` the loader filled in, naming the value it chose;
    past :data:`LISTED_NOTICES` rows, one line counting the rest."""
    notices = [Problem(rows[p], label, values[p].as_py(), message) for p in positions[:LISTED_NOTICES]]
    if len(positions) > LISTED_NOTICES:
        rest = positions[LISTED_NOTICES:]
        notices.append(
            Problem(
                rows[rest[0]],
                label,
                None,
                f"{plural(len(rest), 'more row')} (from row {rows[rest[0]]}) had no {label}; "
                "each was given one in the same way.",
            )
        )
    return notices


def _headline_from(description: str) -> str:
    """A title from a description: its first sentence, shortened at a word to fit 80 characters."""
    limit = MAX_LENGTH["title"]
    first = re.split(r"(?<=[.!?])\s", " ".join(description.split()), maxsplit=1)[0].rstrip(".")
    return shorten(first, limit)


def _derive_ids(ids, date, title, description):
    """The ids, each missing one made from its date and title; and the positions made."""
    missing = pc.indices_nonzero(pc.invert(_has_text(ids))).to_pylist()
    if not missing:
        return ids, []
    made = ids.to_pylist()
    taken = set(made) - {""}
    # The number each base reached: counting up from 2 again for every row of a base that
    # 100,000 rows share would be billions of tries.
    next_number: dict[str, int] = {}
    for position in missing:
        when, text = date[position].as_py(), description[position].as_py()
        stem = _slug(title[position].as_py()) or hashlib.sha1(text.encode()).hexdigest()[:8]
        base = f"{when:%Y-%m}-{stem}" if when is not None else stem
        base = base[: MAX_LENGTH["id"] - 4].rstrip("-")
        number = next_number.get(base, 1)  # 1: the base itself; then base-2, base-3...
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        next_number[base] = number
        taken.add(candidate)
        made[position] = candidate
    return arrow.array(made, pa.string()), missing


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
    if len(slug) <= SLUG_LENGTH:
        return slug
    # Cut at a hyphen, so the id ends with a whole word (a lone word that long is cut anyway).
    cut = slug[: SLUG_LENGTH + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else slug[:SLUG_LENGTH]
