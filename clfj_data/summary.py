"""Key figures of a milestone table, for the overview and the exports."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .dates import format_date
from .sectors import sector_labels
from .states import NOT_SPECIFIED


@dataclass(frozen=True)
class KeyFigures:
    changes: int
    states: int  # states and union territories named at least once
    sectors: int
    first_year: int | None
    last_year: int | None
    latest_title: str | None
    latest_date: str | None  # as a person writes it: "Mar 2022"
    latest_id: str | None

    @property
    def years(self) -> str:
        if self.first_year is None:
            return "–"
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


def key_figures(frame: pd.DataFrame) -> KeyFigures:
    """Counts and the latest change of ``frame`` (milestones sorted by date)."""
    if frame.empty:
        return KeyFigures(0, 0, 0, None, None, None, None, None)
    named = {state for states in frame["states"] for state in states}
    sectors = set(sector_labels(frame)) - {NOT_SPECIFIED}
    latest = latest_first(frame, 1).iloc[0]
    return KeyFigures(
        changes=len(frame),
        states=len(named),
        sectors=len(sectors),
        first_year=int(frame["date"].min().year),
        last_year=int(frame["date"].max().year),
        latest_title=latest["title"],
        latest_date=format_date(latest["date"], latest["precision"]),
        latest_id=latest["id"],
    )


def latest_first(frame: pd.DataFrame, count: int | None = None) -> pd.DataFrame:
    """The most recent milestones first (file order kept among equal dates)."""
    ordered = frame.sort_values("date", ascending=False, kind="stable")
    return ordered if count is None else ordered.head(count)
