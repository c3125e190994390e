"""Key figures of a milestone table, for the overview and the exports."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import i18n
from .dates import format_date
from .markup import escape_markdown
from .sectors import sector_labels, sector_order
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
    first_date: str | None = None  # the earliest change's date, as a person writes it
    state_names: tuple[str, ...] = ()  # alphabetical
    sector_names: tuple[str, ...] = ()  # in the order charts list them

    @property
    def years(self) -> str:
        if self.first_year is None:
            return "–"
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


def key_figures(frame: pd.DataFrame, lang: str = i18n.ENGLISH) -> KeyFigures:
    """Counts and the latest change of ``frame`` (milestones sorted by date); the first and
    latest change's dates as ``lang`` writes them."""
    if frame.empty:
        return KeyFigures(0, 0, 0, None, None, None, None, None)
    named = sorted({state for states in frame["states"] for state in states})
    sectors = sector_order(set(sector_labels(frame)) - {NOT_SPECIFIED})
    latest, earliest = latest_first(frame, 1).iloc[0], frame.iloc[frame["date"].argmin()]
    return KeyFigures(
        changes=len(frame),
        states=len(named),
        sectors=len(sectors),
        first_year=int(frame["date"].min().year),
        last_year=int(frame["date"].max().year),
        latest_title=latest["title"],
        latest_date=format_date(latest["date"], latest["precision"], lang),
        latest_id=latest["id"],
        first_date=format_date(earliest["date"], earliest["precision"], lang),
        state_names=tuple(named),
        sector_names=tuple(sectors),
    )


def latest_first(frame: pd.DataFrame, count: int | None = None) -> pd.DataFrame:
    """The most recent milestones first (file order kept among equal dates)."""
    ordered = frame.sort_values("date", ascending=False, kind="stable")
    return ordered if count is None else ordered.head(count)


def latest_rows(frame: pd.DataFrame, count: int) -> list[tuple]:
    """:func:`latest_first`'s ``count`` milestones as named tuples, to be shown one by one (a
    page makes them once: each ``itertuples`` makes a tuple type for the table's columns)."""
    return list(latest_first(frame, count).itertuples())


def names_line(frame: pd.DataFrame, states: str, sectors: str, lang: str = i18n.ENGLISH) -> str:
    """The states and the sectors ``frame`` names, each in ``lang`` and escaped for Markdown, in
    the sentences ``states`` and ``sectors`` (``"States: {names}."``), one after the other; a
    sentence without names is left out."""
    _ = i18n.translator(lang)
    figures = key_figures(frame, lang)
    return " ".join(
        label.format(names=", ".join(escape_markdown(_(name)) for name in names))
        for label, names in ((states, figures.state_names), (sectors, figures.sector_names))
        if names
    )
