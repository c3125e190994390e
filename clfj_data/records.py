"""Milestones as plain records (JSON-ready dicts) and as frames: for the CLI, the store and exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from .schema import MILESTONE_COLUMNS, TEXT_WITH_PHOTO
from .translation import HINDI_COLUMNS
from .visibility import PUBLIC

if TYPE_CHECKING:
    import pandas as pd

# pandas is imported where a frame is made: checking a file lists its milestones with
# table_records and must not wait for pandas to import.


def to_records(frame: pd.DataFrame) -> list[dict]:
    """Milestones as dicts: ``date`` in ISO form (the first day of its period), ``end_date`` too
    (None where there is none), ``states`` a list."""
    records = frame.loc[:, list(MILESTONE_COLUMNS)].to_dict("records")
    for record in records:
        record["date"] = record["date"].date().isoformat()
        end = record["end_date"]
        record["end_date"] = None if end is None or end != end else end.date().isoformat()  # NaT != NaT
        record["states"] = list(record["states"])
    return records


def table_records(table: pa.Table) -> list[dict]:
    """The loader's Arrow table as records: ``date`` and ``end_date`` in ISO form, ``states`` a list."""
    records = table.to_pylist()
    for record in records:
        record["date"] = record["date"].isoformat()
        if record["end_date"] is not None:
            record["end_date"] = record["end_date"].isoformat()
    return records


def complete(record: dict) -> dict:
    """A stored record with every column: versions published before a column existed lack it."""
    return {**_ABSENT, **record}


_ABSENT = dict.fromkeys(
    (*TEXT_WITH_PHOTO, "end_precision", "display_date", *HINDI_COLUMNS, "translation_status"), ""
) | {
    "end_date": None,
    "visibility": PUBLIC,
}
_DATES = ("date", "end_date")


def from_records(records: list[dict]) -> pd.DataFrame:
    """The milestone table :func:`to_records` was made from."""
    import pandas as pd

    records = [complete(record) for record in records]
    frame = pd.DataFrame.from_records(records, columns=list(MILESTONE_COLUMNS))
    for column in _DATES:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    frame["states"] = frame["states"].map(tuple)
    for column in MILESTONE_COLUMNS:
        if column not in (*_DATES, "states"):
            frame[column] = frame[column].astype("str")
    return frame


def frame_from_table(table: pa.Table) -> pd.DataFrame:
    """The loader's Arrow table as the frame :func:`from_records` makes."""
    import pandas as pd

    columns = {}
    for column in MILESTONE_COLUMNS:
        cells = table[column]
        if column in _DATES:
            columns[column] = cells.cast(pa.timestamp("s")).to_pandas()
        elif column == "states":
            columns[column] = pd.Series([tuple(states) for states in cells.to_pylist()], dtype=object)
        else:
            columns[column] = cells.to_pandas().astype("str")
    return pd.DataFrame(columns)
