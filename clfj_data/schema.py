"""The normalized milestone table as a pandera schema, and its failures as plain sentences."""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .dates import PRECISIONS
from .markup import NOT_XML
from .problems import Problem

MILESTONE_COLUMNS = (
    "id", "date", "precision", "title", "description", "rationale", "states", "place",
    "sector", "source",
)  # fmt: skip

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
MAX_LENGTH = {
    "id": 80, "title": 80, "description": 5000, "rationale": 5000, "place": 200, "sector": 60,
    "source": 2000,
}  # fmt: skip
# Written for pyarrow's regex engine (no lookahead), so the check runs vectorized.
_HAS_SCHEME = r"^[A-Za-z][A-Za-z0-9+.-]*:"
_WEB_LINK = r"^[Hh][Tt][Tt][Pp][Ss]?://"


class MilestoneSchema(pa.DataFrameModel):
    """A milestone table after normalization. Index: the spreadsheet row each milestone came from."""

    id: Series[str] = pa.Field(unique=True, str_matches=rf"^{ID_PATTERN}$")  # matched from the start only
    date: Series[pd.Timestamp] = pa.Field(nullable=False)
    precision: Series[str] = pa.Field(isin=PRECISIONS)
    title: Series[str]
    description: Series[str]
    rationale: Series[str]
    states: Series[object]
    place: Series[str]
    sector: Series[str]
    source: Series[str]

    @pa.check("title", "description", "rationale", error="required")
    def _is_filled(cls, series: pd.Series) -> pd.Series:
        return series.str.len() > 0

    @pa.check("id", "title", "description", "rationale", "place", "sector", "source", error="length")
    def _fits(cls, series: pd.Series) -> pd.Series:
        return series.str.len() <= MAX_LENGTH[series.name]

    @pa.check("title", "description", "rationale", "place", "sector", "source", error="control_character")
    def _storable(cls, series: pd.Series) -> pd.Series:
        return ~series.str.contains(NOT_XML)

    @pa.check("source", error="unsafe_link")
    def _safe_link(cls, series: pd.Series) -> pd.Series:
        return ~series.str.contains(_HAS_SCHEME) | series.str.contains(_WEB_LINK)

    @pa.dataframe_check(error="duplicate")
    def _no_repeats(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(["date", "description"], keep=False)

    class Config:
        strict = True
        coerce = True
        ordered = True


def validate(frame: pd.DataFrame, labels: dict[str, str]) -> list[Problem]:
    """Check ``frame`` against :class:`MilestoneSchema`; return every failure as a Problem.

    ``labels`` maps a field to the header the file used for it, so messages name the
    column the person sees.
    """
    try:
        MilestoneSchema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _explain(errors.failure_cases, frame, labels)
    return []


def _explain(cases: pd.DataFrame, frame: pd.DataFrame, labels: dict[str, str]) -> list[Problem]:
    # A dataframe-wide check fails once per column of a row: one problem per row is enough.
    repeats = cases[cases["check"] == "duplicate"].drop_duplicates("index")
    cases = cases[cases["check"] != "duplicate"]
    problems = _repeat_problems(repeats, frame, labels.get("description", "description"))
    rows_by_id = _rows_sharing(frame, cases, "field_uniqueness", ["id"])
    for case in cases.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        field = case.column if case.column in frame.columns else None
        value = None if row is None or field is None else frame.at[row, field]
        if case.check == "field_uniqueness":
            message = (
                f"The id '{value}' is used by more than one row ({_rows(rows_by_id[(value,)])}); "
                "ids must be unique."
            )
        else:
            message = _sentence(case.check, field, value)
        text = None if value is None else str(value)
        problems.append(Problem(row, labels.get(field, field), text, message))
    return problems


def _repeat_problems(repeats: pd.DataFrame, frame: pd.DataFrame, label: str) -> list[Problem]:
    problems = []
    rows_by_text = _rows_sharing(frame, repeats, "duplicate", ["date", "description"])
    for rows in rows_by_text.values():
        for position, row in enumerate(rows[1:], start=1):
            earlier = _rows(rows[:position])
            message = f"This milestone repeats {earlier} (same date and description): keep one."
            problems.append(Problem(row, label, str(frame.at[row, "description"]), message))
    return problems


def _rows_sharing(frame, cases, check, fields) -> dict[tuple, list[int]]:
    """For the rows failing ``check``: each value of ``fields`` -> the rows that share it."""
    rows = sorted(cases.loc[cases["check"] == check, "index"].dropna().astype(int).unique())
    sharing: dict[tuple, list[int]] = {}
    for row in rows:
        sharing.setdefault(tuple(frame.at[row, f] for f in fields), []).append(row)
    return sharing


def _sentence(check: str, field: str | None, value) -> str:
    label = (field or "value").capitalize()
    if check == "required":
        return f"{label} is required, and this row has none."
    if check == "length":
        return f"{label} is {len(value):,} characters long; the most is {MAX_LENGTH[field]:,}."
    if check == "control_character":
        character = re.search(NOT_XML, value).group()
        return (
            f"{label} holds an invisible control character (U+{ord(character):04X}), which spreadsheets "
            "cannot store: delete it (it often comes with text pasted from another program)."
        )
    if check == "unsafe_link":
        return "A source link must start with http:// or https://."
    if check.startswith("str_matches"):
        return (
            "An id is lowercase letters, digits and hyphens, such as 'testimony-by-video'; "
            "leave it empty to have one made from the date and title."
        )
    if check == "not_nullable":
        return f"{label} is missing."
    return f"{label} failed the check {check}."


def _rows(rows: list[int]) -> str:
    """``row 4`` or ``rows 2, 5 and 9``."""
    rows = [str(r) for r in rows]
    if len(rows) == 1:
        return f"row {rows[0]}"
    return "rows " + ", ".join(rows[:-1]) + " and " + rows[-1]
