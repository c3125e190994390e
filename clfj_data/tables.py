"""The milestones, problems and versions as tables people read on a page or in a file."""

from __future__ import annotations

import pandas as pd

from .columns import TEMPLATE_COLUMNS
from .dates import format_dates


def milestones_table(frame: pd.DataFrame, latest: int | None = None) -> pd.DataFrame:
    """The milestones with the template's columns, as a person writes them: ``Mar 2022``,
    states joined with "; ". Reloading this table gives the same milestones back.

    With ``latest``, only that many of the most recent (still in date order)."""
    if latest is not None:
        frame = frame.tail(latest)
    table = frame.assign(
        date=format_dates(frame["date"], frame["precision"]),
        states=frame["states"].map("; ".join),
    )
    return table.loc[:, list(TEMPLATE_COLUMNS)].reset_index(drop=True)


def id_at(table: pd.DataFrame, position: int) -> str:
    """The id of the milestone in row ``position`` (0-based, as a table widget reports a selection)."""
    return table["id"].iloc[position]


def problems_table(problems) -> pd.DataFrame:
    """Errors or warnings as a table: row, column, value, message."""
    return pd.DataFrame([p.to_dict() for p in problems], columns=["row", "column", "value", "message"])


def history_table(versions, changes: dict[int, str]) -> pd.DataFrame:
    """The version history as people read it, newest first; ``changes`` summarizes each version."""
    return pd.DataFrame(
        {
            "version": [v.version for v in versions],
            "published (UTC)": [v.published_at.strftime("%Y-%m-%d %H:%M") for v in versions],
            "by": [v.published_by for v in versions],
            "note": [v.note for v in versions],
            "milestones": [v.milestones for v in versions],
            "changes": [changes.get(v.version, "") for v in versions],
            "current": [v.current for v in versions],
        }
    )
