"""The one way in for milestone data: read a spreadsheet, normalize it, validate it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from . import arrow
from .cells import (
    MEDIA_LINK,
    alt_texts,
    clean,
    date_label,
    end_label,
    ends_before_starts,
    has_text,
    match_sectors,
    media_links,
    parse_dates,
    parse_end_dates,
    parse_states,
    translation_statuses,
    visibilities,
)
from .columns import ALIASES, HeaderMatch, match_headers
from .framing import Era, Framing
from .i18n import N_
from .made_fields import MADE_ID, MADE_TITLE, derive_ids, derive_titles, filled_in_notices
from .problems import Count, FieldName, Message, Problem
from .read import FIRST_DATA_ROW, Limits, RawTable, Source, read_bytes, read_table
from .schema import MILESTONE_COLUMNS, MILESTONE_TYPES, validate
from .timelinejs_sheet import media_markup, plain_text, row_types
from .translation import HINDI_COLUMNS
from .uploads import Media, Upload, picture_problems
from .visibility import PUBLIC

if TYPE_CHECKING:
    import pandas as pd

# Named here too, where callers have always found them.
__all__ = ["MADE_ID", "MADE_TITLE", "MEDIA_LINK", "NO_MILESTONES", "LoadResult", "load_milestones",
           "load_upload", "normalize"]  # fmt: skip

LISTED_IGNORED_COLUMNS = 20  # more unknown columns than this get one warning, not one each
NO_MILESTONES = N_("The file has a header row but no milestones: nothing to publish.")


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
    # How the file was read ("CSV, utf-8, comma-separated"), in any language.
    source: Message | str = ""
    rows: list[int] = field(default_factory=list)  # the spreadsheet row of each of in_file_order's
    # The pictures the image column names, prepared (photos.Photo), by that name.
    pictures: dict = field(default_factory=dict)
    framing: Framing = field(default_factory=Framing)  # the sheet's title row and era rows
    columns: frozenset[str] = frozenset()  # the milestone columns the sheet has, by their names here
    headers: dict[str, str] = field(default_factory=dict)  # field -> the sheet's header for it
    made_titles: tuple[int, ...] = ()  # the spreadsheet rows whose title was made from the description

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
    milestones, parse_errors, notices, made_titles = _milestone_table(cells, match, rows)
    formula_errors = _formula_problems(table, match)
    unsaved = {(p.row, p.column) for p in formula_errors}
    parse_errors = formula_errors + [p for p in parse_errors if (p.row, p.column) not in unsaved]
    reported = {(p.row, p.column) for p in parse_errors}
    date_header = date_label(match)
    labels = {name: match.label(name) for name in MILESTONE_COLUMNS}
    labels |= {"date": date_header, "precision": date_header, "end_precision": end_label(match)}
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
        return LoadResult(None, errors, warnings, table.detail, rows, headers=dict(match.headers))
    return LoadResult(
        milestones, errors, warnings, table.detail, rows, pictures, framing, frozenset(match.fields),
        dict(match.headers), tuple(rows[p] for p in made_titles),
    )  # fmt: skip


OVERFLOW = N_(
    "This row has more cells than there are headers: is there a comma inside text that is not in quotes?"
)


def _filled_rows(table: RawTable, match: HeaderMatch) -> tuple[dict, list[int]]:
    """The cells of each field, trimmed, without the blank rows; and the spreadsheet row of each."""
    cells = {name: clean(table.cells.column(position)) for name, position in match.fields.items()}
    filled = functools.reduce(pc.or_, [has_text(column) for column in cells.values()])
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
    states, sectors); the notices of what was read in another way or filled in; and the
    positions whose title was made."""
    empty, public = arrow.filled("", len(rows)), arrow.filled(PUBLIC, len(rows))
    date, precision, date_errors = parse_dates(cells, match, rows, empty)
    end_date, end_precision, end_errors = parse_end_dates(cells, match, rows, empty)
    end_errors += ends_before_starts(date, precision, end_date, end_precision, rows, end_label(match))
    state_values, state_errors = parse_states(cells.get("states", empty), match.label("states"), rows)
    sector, sector_errors, sector_warnings = match_sectors(
        cells.get("sector", empty), match.label("sector"), rows
    )
    description = cells["description"]
    title, made_titles = derive_titles(cells.get("title", empty), description)
    ids, made_ids = derive_ids(cells.get("id", empty), date, title, description)
    image, media_link, link_warnings = media_links(cells, match.label("image"), rows, empty)
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
            "image_alt": alt_texts(cells.get("image_alt", empty), cells.get("image_caption", empty)),
            "image_caption": cells.get("image_caption", empty),
            "image_credit": cells.get("image_credit", empty),
            "media_link": media_link,
            "visibility": visibilities(cells["visibility"]) if "visibility" in cells else public,
            **{column: cells.get(column, empty) for column in HINDI_COLUMNS},
            "translation_status": translation_statuses(cells.get("translation_status", empty)),
        },
        schema=MILESTONE_TYPES,
    )
    notices = sector_warnings + link_warnings
    notices += filled_in_notices(made_titles, rows, title, match.label("title"), MADE_TITLE, "title")
    notices += filled_in_notices(made_ids, rows, ids, match.label("id"), MADE_ID, "id")
    return milestones, date_errors + end_errors + state_errors + sector_errors, notices, made_titles


def _header_problems(match: HeaderMatch, table: RawTable) -> tuple[list[Problem], list[Problem]]:
    # A header to add is named as the file must write it: the loader reads English headers.
    errors = [
        Problem(
            None,
            name,
            None,
            Message(
                N_("There is no {field} column: add one headed '{header}' (or {others})."),
                field=FieldName(name, name),
                header=name,
                others=" / ".join(repr(a) for a in ALIASES[name][1:3]),
            ),
            column_said=FieldName(name),
        )
        for name in match.missing
    ]
    errors += [
        Problem(
            1,
            header,
            header,
            Message(
                N_("This column is read as {field}, and so is '{header}': keep only one of them."),
                field=FieldName(name, name),
                header=match.headers[name],
            ),
        )
        for header, name in match.repeated
    ]
    if len(match.ignored) > LISTED_IGNORED_COLUMNS:
        shown = ", ".join(repr(h) for h in match.ignored[:LISTED_IGNORED_COLUMNS])
        message = Message(
            N_("{count} columns are not used by the dashboard and were ignored: {headers} and more."),
            count=Count(len(match.ignored)), headers=shown,
        )  # fmt: skip
        warnings = [Problem(1, None, None, message)]
    else:
        warnings = [
            Problem(1, header, header, N_("The dashboard does not use this column, so it was ignored."))
            for header in match.ignored
        ]
    for position in match.unnamed:
        if pc.any(has_text(clean(table.cells.column(position)))).as_py():
            warnings.append(
                Problem(
                    1,
                    f"column {position + 1}",
                    "",
                    N_("This column has no header, so its values were ignored."),
                    column_said=Message(N_("column {number}"), number=position + 1),
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
            Message(
                N_(
                    "{header} holds a formula, and the file has no value saved for it: paste the value "
                    "instead (Paste Special, Values)."
                ),
                header=table.headers[position].strip(),
            ),
        )
        for row, position in table.formula_cells
        if position in read
    ]


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
    date, precision, errors = parse_dates(era_cells, match, era_rows, empty)
    end, end_precision, end_errors = parse_end_dates(era_cells, match, era_rows, empty)
    errors += end_errors + ends_before_starts(date, precision, end, end_precision, era_rows, end_label(match))
    failed = {p.row for p in errors}
    eras = []
    for index, row in enumerate(era_rows):
        if row in failed:
            continue
        if end[index].as_py() is None:
            message = N_("An era is a period: it needs an end date as well as a start.")
            errors.append(Problem(row, end_label(match), "", message))
            continue
        headline = era_cells["title"][index].as_py() if "title" in era_cells else ""
        text = era_cells["description"][index].as_py()
        eras.append(Era(date[index].as_py(), precision[index].as_py(), end[index].as_py(),
                        end_precision[index].as_py(), headline, text))  # fmt: skip
    return eras, errors
