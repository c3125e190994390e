"""Counting milestones: by state, by sector, by both, and per year, with the sentences that say so."""

from __future__ import annotations

import pandas as pd

from . import i18n
from .i18n import N_
from .sectors import sector_labels, sector_order
from .states import NOT_SPECIFIED
from .wording import list_words

TWO_STATES_NOTE = N_("A milestone that names two states counts once in each.")


def names_two_states(frame: pd.DataFrame) -> bool:
    """Whether some milestone names more than one state (so the state counts add up to more)."""
    return bool((frame["states"].map(len) > 1).any())


def state_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per milestone and state it names ("Not specified" where it names none)."""
    rows = frame.assign(state=frame["states"].map(lambda names: list(names) or [NOT_SPECIFIED]))
    return rows.explode("state")


def count_by_state(frame: pd.DataFrame) -> pd.DataFrame:
    """Milestones per state, most first, "Not specified" last. Columns: state, milestones."""
    counts = state_rows(frame)["state"].value_counts().rename_axis("state").reset_index(name="milestones")
    counts["_last"] = counts["state"] == NOT_SPECIFIED
    counts = counts.sort_values(["_last", "milestones", "state"], ascending=[True, False, True])
    return counts.drop(columns="_last").reset_index(drop=True)


def count_by_sector(frame: pd.DataFrame) -> pd.DataFrame:
    """Milestones per sector in vocabulary order. Columns: sector, milestones."""
    labels = sector_labels(frame)
    counts = labels.value_counts()
    order = sector_order(labels)
    return pd.DataFrame({"sector": order, "milestones": [int(counts[s]) for s in order]})


def count_state_by_sector(frame: pd.DataFrame) -> pd.DataFrame:
    """A states x sectors table of counts (a two-state milestone counts in both rows)."""
    rows = state_rows(frame).assign(sector=lambda f: sector_labels(f))
    matrix = pd.crosstab(rows["state"], rows["sector"])
    states = count_by_state(frame)["state"].tolist()
    return matrix.reindex(index=states, columns=sector_order(matrix.columns), fill_value=0)


def state_sector_table(frame: pd.DataFrame, lang: str = i18n.ENGLISH) -> pd.DataFrame:
    """:func:`count_state_by_sector` for people to read: states and sectors named in ``lang``,
    and a cell that counts no milestone empty (missing), not 0, so the cells that count
    something stand out."""
    _ = i18n.translator(lang)
    matrix = count_state_by_sector(frame).astype("Int64")
    matrix = matrix.mask(matrix == 0)
    matrix.index = [_(state) for state in matrix.index]
    matrix.columns = [_(sector) for sector in matrix.columns]
    return matrix.rename_axis(index=_("State"), columns=_("Sector"))


def years_table(frame: pd.DataFrame, lang: str = i18n.ENGLISH) -> pd.DataFrame:
    """:func:`years_counted` for people to read: headed, and its sectors named, in ``lang``."""
    _ = i18n.translator(lang)
    years = years_counted(frame).assign(sector=lambda table: [_(sector) for sector in table["sector"]])
    return years.rename(columns={"year": _("Year"), "sector": _("Sector"), "milestones": _("Milestones")})


def also_named_sentence(frame: pd.DataFrame, states, lang: str = i18n.ENGLISH) -> str:
    """Why a state not among the chosen ``states`` has a bar, in ``lang``: a milestone of
    ``frame`` that names a chosen state may name another too, and counts under each ("1 of
    these milestones also names Bihar: ..."). "" where nothing is chosen or no other state shows."""
    chosen = set(states)
    others = frame["states"].map(lambda names: [name for name in names if name not in chosen])
    naming = int(others.map(bool).sum())
    if not chosen or not naming:
        return ""
    _, ngettext = i18n.translator(lang), i18n.plural_translator(lang)
    named = {name for names in others for name in names}
    order = [name for name in count_by_state(frame)["state"] if name in named]  # as the bars run
    return ngettext(
        "{count} of these milestones also names {states}: a milestone counts once under each state it names.",
        "{count} of these milestones also name {states}: a milestone counts once under each state it names.",
        naming,
    ).format(count=i18n.format_number(naming, lang), states=list_words([_(name) for name in order], _("or")))


def count_per_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Milestones per year and sector. Columns: year, sector, milestones (every year in the span)."""
    rows = frame.assign(year=frame["date"].dt.year, sector=sector_labels(frame))
    counts = rows.groupby(["year", "sector"]).size().rename("milestones").reset_index()
    if counts.empty:
        return counts
    years = range(int(counts["year"].min()), int(counts["year"].max()) + 1)
    grid = pd.MultiIndex.from_product([years, sector_order(counts["sector"])], names=["year", "sector"])
    full = counts.set_index(["year", "sector"]).reindex(grid, fill_value=0).reset_index()
    return full.astype({"milestones": int})


def years_with_milestones(per_year: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`count_per_year` that count something, for a table people read."""
    return per_year[per_year["milestones"] > 0]


def years_counted(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`count_per_year` of ``frame``, only the rows that count something."""
    return years_with_milestones(count_per_year(frame))


COUNTED_BY = {"state": N_("Milestones by state: {counts}."), "sector": N_("Milestones by sector: {counts}.")}


def counts_sentence(counts: pd.DataFrame, what: str, lang: str = i18n.ENGLISH) -> str:
    """A sentence that says what a bar chart shows, in ``lang``: "Milestones by state:
    Rajasthan 8, Bihar 3."; ``what`` is "state" or "sector"."""
    _ = i18n.translator(lang)
    parts = ", ".join(
        f"{_(name)} {count}" for name, count in zip(counts.iloc[:, 0], counts.iloc[:, 1], strict=True)
    )
    return _(COUNTED_BY[what]).format(counts=parts or _("none"))
