"""Who may see a milestone: everyone (``public``) or only signed-in staff (``staff``).

Some changes cannot be public yet (a case still in court, a change that names a shelter home).
Visitors must never receive such a milestone, so pages, counts and exports all draw from
:func:`visible`, applied once to a version's milestones before anything is made from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .i18n import N_

if TYPE_CHECKING:
    import pandas as pd

PUBLIC, STAFF = "public", "staff"
VISIBILITIES = (PUBLIC, STAFF)  # the first is the default, for an empty cell or no column
STAFF_ONLY = N_("Staff only")  # how a staff-only milestone is marked wherever staff see it
# On the first page or slide of a file that holds staff-only milestones, and in its name.
NOT_FOR_SHARING = N_("Includes staff-only milestones — not for public sharing")
FILE_NAME_MARK = "staff-only"
STAFF_ONLY_SLIDE = N_("Staff only: not for public sharing")  # on a slide of one, when staff include it


def visible(frame: pd.DataFrame, *, staff: bool, withdrawn: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The milestones of ``frame`` that staff (``staff``) or a visitor may see: every one for
    staff; for anyone else the public ones whose id is not in ``withdrawn``.

    A version's milestones are shown to visitors with the :func:`withdrawn` ids of the current
    version: a milestone that was public once and is staff-only now is withdrawn from every
    version a visitor can reach, its history, changes, counts and downloads. Gives ``frame``
    itself where nothing is hidden."""
    if staff:
        return frame
    hidden = is_staff_only(frame)
    if withdrawn:
        hidden |= frame["id"].isin(withdrawn)
    return frame[~hidden].reset_index(drop=True) if hidden.any() else frame


def withdrawn(current: pd.DataFrame) -> frozenset[str]:
    """The ids that the current version's milestones ``current`` make staff-only: hidden from
    visitors in every version."""
    return frozenset(current.loc[is_staff_only(current), "id"])


def is_staff_only(frame: pd.DataFrame) -> pd.Series:
    """True for each staff-only milestone of ``frame``."""
    return frame["visibility"] == STAFF


def includes_staff_only(frame: pd.DataFrame) -> bool:
    return bool(is_staff_only(frame).any())
