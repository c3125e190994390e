"""The one way in for milestone data: read a spreadsheet, normalize it, validate it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import dates, sectors, states
from .columns import ALIASES, HeaderMatch, match_headers
from .problems import Problem
from .read import Limits, RawTable, Source, read_bytes, read_table
from .schema import MAX_LENGTH, MILESTONE_COLUMNS, _rows, validate

LISTED_IGNORED_COLUMNS = 20  # more unknown columns than this get one warning, not one each
TEXT_FIELDS = ("id", "title", "description", "rationale", "place", "sector", "source")


@dataclass
class LoadResult:
    """What the loader made of a file: the milestones when valid, and every problem found.

    ``milestones`` has the columns of :data:`MILESTONE_COLUMNS`, sorted by date; it is
    ``None`` when there are errors. ``states`` holds tuples of canonical names (empty
    when the file names none); the other text columns hold "" when empty.
    """

    milestones: pd.DataFrame | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""  # how the file was read, e.g. "CSV, utf-8, comma-separated"

    @property
    def ok(self) -> bool:
        return not self.errors


def load_milestones(
    source: Source, *, filename: str | None = None, limits: Limits | None = None
) -> LoadResult:
    """Read milestones from a path, bytes or binary file object (CSV or XLSX).

    Returns a :class:`LoadResult`: the normalized milestones, or every problem with
    its spreadsheet row. Raises :class:`~clfj_data.problems.UnreadableFile` (and only
    that) when the input is not a spreadsheet it can read or is over a limit.
    """
    limits = limits or Limits.from_env()
    data, name = read_bytes(source, limits)
    return normalize(read_table(data, filename or name, limits))


def normalize(table: RawTable) -> LoadResult:
    """Turn a sheet of text cells into the milestone table, collecting every problem."""
    match = match_headers(table.headers)
    errors, warnings = _header_problems(match, table)
    if match.missing:
        return LoadResult(None, errors, warnings, table.detail)
    errors += [
        Problem(
            row,
            None,
            None,
            "This row has more cells than there are headers: is there a "
            "comma inside text that is not in quotes?",
        )
        for row in table.overflow_rows
    ]

    cells = {name: _clean(table.rows[position]) for name, position in match.fields.items()}
    filled = pd.concat(list(cells.values()), axis=1).ne("").any(axis=1) if cells else None
    cells = {name: column[filled] for name, column in cells.items()}
    index = table.rows.index[filled]
    empty = pd.Series("", index=index, dtype="str")

    date, precision, date_errors = _parse_dates(cells, match, index)
    state_values, state_errors = _parse_states(cells.get("states", empty), match.label("states"))
    sector, sector_warnings = _match_sectors(cells.get("sector", empty), match.label("sector"))
    description = cells["description"]
    title = _derive_titles(cells.get("title", empty), description)
    frame = pd.DataFrame(
        {
            "id": _derive_ids(cells.get("id", empty), date, title, description),
            "date": date,
            "precision": precision,
            "title": title,
            "description": description,
            "rationale": cells["rationale"],
            "states": state_values,
            "place": cells.get("place", empty),
            "sector": sector,
            "source": cells.get("source", empty),
        },
        index=index,
    )
    parse_errors = date_errors + state_errors
    reported = {(p.row, p.column) for p in parse_errors}
    date_label = _date_label(match)
    labels = {name: match.label(name) for name in MILESTONE_COLUMNS}
    labels |= {"date": date_label, "precision": date_label}
    schema_errors = [p for p in validate(frame, labels) if (p.row, p.column) not in reported]
    order = {match.label(name): position for name, position in match.fields.items()}
    errors += sorted(parse_errors + schema_errors, key=lambda p: (p.row or 0, order.get(p.column, 0)))
    warnings += sector_warnings
    if errors:
        return LoadResult(None, errors, warnings, table.detail)
    frame = frame.sort_values("date", kind="stable").reset_index(drop=True)
    return LoadResult(frame, errors, warnings, table.detail)


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
        if table.rows[position].str.strip().ne("").any():
            warnings.append(
                Problem(
                    1, f"column {position + 1}", "", "This column has no header, so its values were ignored."
                )
            )
    return errors, warnings


def _clean(column: pd.Series) -> pd.Series:
    """Trim each cell; otherwise keep the text exactly as written (it is NFC already)."""
    return column.astype("str").fillna("").str.strip()


def _parse_dates(cells: dict, match: HeaderMatch, index: pd.Index):
    if "date" in cells:
        codes, parsed, errors = _map_unique(cells["date"], dates.parse_date, match.label("date"))
    else:
        # The TimelineJS template spreads a date over Year, Month and Day columns.
        blank = pd.Series("", index=index, dtype="str")
        year, month, day = (cells.get(part, blank) for part in ("year", "month", "day"))
        codes, parsed, errors = _map_unique(
            year + _JOIN + month + _JOIN + day,
            lambda text: dates.date_from_parts(*text.split(_JOIN)),
            _date_label(match),
            shown=lambda text: " ".join(text.split(_JOIN)).strip(),
        )
    firsts = pd.to_datetime([p[0] if p else None for p in parsed]).to_numpy()
    precisions = pd.array([p[1] if p else "" for p in parsed], dtype="str")
    date = pd.Series(firsts[codes], index=index)
    precision = pd.Series(precisions[codes], index=index)
    return date, precision, errors


_JOIN = "\x1f"  # the ASCII unit separator: never typed in a spreadsheet cell


def _date_label(match: HeaderMatch) -> str:
    return match.label("date") if "date" in match.fields else match.label("year")


def _parse_states(column: pd.Series, label: str) -> tuple[pd.Series, list[Problem]]:
    codes, parsed, errors = _map_unique(column, lambda text: states.parse_states(text) if text else (), label)
    values = np.empty(len(parsed), dtype=object)
    values[:] = [p if p is not None else () for p in parsed]
    return pd.Series(values[codes], index=column.index), errors


def _map_unique(column: pd.Series, parse: Callable, label: str, shown: Callable = str):
    """Apply ``parse`` once per distinct value of ``column``.

    Returns the codes of each row's value, the parsed distinct values (None where
    parsing failed) and a Problem for each row whose value failed with a ValueError.
    """
    codes, uniques = pd.factorize(column)
    parsed, messages = [], {}
    for code, text in enumerate(uniques):
        try:
            parsed.append(parse(text))
        except ValueError as error:
            parsed.append(None)
            messages[code] = str(error)
    problems = [
        Problem(int(row), label, shown(uniques[code]), messages[code])
        for row, code in zip(column.index, codes, strict=True)
        if code in messages
    ]
    return codes, parsed, problems


def _match_sectors(column: pd.Series, label: str) -> tuple[pd.Series, list[Problem]]:
    codes, uniques = pd.factorize(column)
    canonical = [sectors.match_sector(text) or text for text in uniques]
    warnings = []
    for code, text in enumerate(uniques):
        if text and sectors.match_sector(text) is None:
            rows = column.index[codes == code].tolist()
            where = _rows(rows[:5]) + (" and more" if len(rows) > 5 else "")
            warnings.append(
                Problem(
                    int(rows[0]),
                    label,
                    text,
                    f"'{text}' is not one of the sectors ({', '.join(sectors.SECTORS)}); it was "
                    f"kept as a new sector ({where}). Check the spelling if it should be one of them.",
                )
            )
    return pd.Series(pd.array(canonical, dtype="str")[codes], index=column.index), warnings


def _derive_titles(titles: pd.Series, descriptions: pd.Series) -> pd.Series:
    missing = titles.eq("")
    if not missing.any():
        return titles
    derived = descriptions[missing].map(_headline_from)
    return titles.mask(missing, derived).astype("str")


def _headline_from(description: str) -> str:
    """A title from a description: its first sentence, shortened at a word to fit 80 characters."""
    limit = MAX_LENGTH["title"]
    first = re.split(r"(?<=[.!?])\s", " ".join(description.split()), maxsplit=1)[0].rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0] if " " in first[: limit - 1] else first[: limit - 1]
    return cut.rstrip(",;: ") + "…"


def _derive_ids(ids: pd.Series, date: pd.Series, title: pd.Series, description: pd.Series) -> pd.Series:
    missing = ids.eq("")
    if not missing.any():
        return ids
    taken = set(ids[~missing])
    made = []
    for row in ids.index[missing]:
        when = date[row]
        stem = _slug(title[row]) or hashlib.sha1(description[row].encode()).hexdigest()[:8]
        base = f"{when:%Y-%m}-{stem}" if pd.notna(when) else stem
        base = base[: MAX_LENGTH["id"] - 4].rstrip("-")
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        made.append(candidate)
    ids = ids.copy()
    ids[missing] = made
    return ids


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:50].rstrip("-")
