"""What changes between two versions of the milestone table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .dates import format_date
from .schema import MILESTONE_COLUMNS

COMPARED = tuple(c for c in MILESTONE_COLUMNS if c not in ("id", "precision"))


@dataclass(frozen=True)
class Change:
    id: str
    title: str
    fields: tuple[str, ...] = ()  # for a changed milestone: the fields that differ


@dataclass(frozen=True)
class Diff:
    """Milestones matched by id: added, removed, and changed (with the fields that changed)."""

    added: tuple[Change, ...]
    removed: tuple[Change, ...]
    changed: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        """``2 added, 1 removed, 3 changed`` or ``no changes``."""
        parts = [f"{len(v)} {k}" for k, v in (("added", self.added), ("removed", self.removed),
                                                 ("changed", self.changed)) if v]  # fmt: skip
        return ", ".join(parts) or "no changes"

    def table(self) -> pd.DataFrame:
        """One row per change: change, id, title, fields."""
        rows = [
            {"change": kind, "id": c.id, "title": c.title, "fields": ", ".join(c.fields)}
            for kind, changes in (("added", self.added), ("removed", self.removed), ("changed", self.changed))
            for c in changes
        ]
        return pd.DataFrame(rows, columns=["change", "id", "title", "fields"])


def diff_milestones(old: pd.DataFrame | None, new: pd.DataFrame) -> Diff:
    """Compare two milestone tables (``old`` None: everything in ``new`` is added)."""
    old = new.iloc[:0] if old is None else old
    before, after = old.set_index("id"), new.set_index("id")
    added = [Change(i, after.at[i, "title"]) for i in after.index if i not in before.index]
    removed = [Change(i, before.at[i, "title"]) for i in before.index if i not in after.index]
    changed = []
    for i in after.index.intersection(before.index):
        fields = tuple(f for f in COMPARED if _shown(before.loc[i], f) != _shown(after.loc[i], f))
        if fields:
            changed.append(Change(i, after.at[i, "title"], fields))
    return Diff(tuple(added), tuple(removed), tuple(changed))


def _shown(milestone: pd.Series, field: str):
    if field == "date":  # "Mar 2022" and "2022-03-01" (day) are different dates to a reader
        return format_date(milestone["date"], milestone["precision"])
    return milestone[field]
