"""A milestone's words in Hindi: which fields have a Hindi version, whether it is reviewed, and
the milestones as a reader of either language sees them.

Each text field may have a Hindi version in a column of its own (``title_hi`` beside ``title``).
Where one is empty, a Hindi reader sees the English words, marked as English wherever the
surface can say so (``lang="en"`` in HTML). ``translation_status`` says whether the programme has
reviewed the Hindi: ``draft`` (or empty) until it has, ``reviewed`` after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import i18n
from .columns import HINDI_TEXT

if TYPE_CHECKING:
    import pandas as pd

DRAFT, REVIEWED = "draft", "reviewed"
STATUSES = (DRAFT, REVIEWED)
# Each text field's Hindi column.
HINDI_FIELDS = {name: f"{name}_hi" for name in HINDI_TEXT}
HINDI_COLUMNS = tuple(HINDI_FIELDS.values())
# The fields a milestone is said to "have Hindi" by: the words a reader reads.
READ_FIELDS = ("title", "description", "rationale")
FALLBACK = "english_fields"  # a localised frame's column: the fields shown in English, by name


def draft_line(lang: str) -> str:
    """The quiet line a surface in ``lang`` shows where a draft translation is on it:
    "Hindi translation: a draft, not yet reviewed", in that language."""
    _ = i18n.translator(lang)
    return _("Hindi translation: a draft, not yet reviewed")


def _value(milestone, name: str) -> str:
    if isinstance(milestone, tuple):
        return getattr(milestone, name, "") or ""
    return milestone.get(name, "") or ""


def has_hindi(milestone) -> bool:
    """Whether a milestone (a pandas row, a named tuple or a record) has its headline, what
    changed and why it matters in Hindi."""
    return all(_value(milestone, HINDI_FIELDS[name]).strip() for name in READ_FIELDS)


def has_any_hindi(milestone) -> bool:
    return any(_value(milestone, column).strip() for column in HINDI_COLUMNS)


def is_draft(milestone) -> bool:
    """Whether a milestone shows Hindi that the programme has not reviewed: it has some Hindi
    and its ``translation_status`` is not ``reviewed``. For the UI and every export's draft line."""
    return has_any_hindi(milestone) and _value(milestone, "translation_status") != REVIEWED


def without_hindi(frame: pd.DataFrame) -> int:
    """How many milestones of ``frame`` have no Hindi at all: a Hindi reader reads them in English."""
    if frame is None or frame.empty:
        return 0
    return sum(not has_any_hindi(row) for row in frame.itertuples(index=False))


def partly_hindi(frame: pd.DataFrame) -> int:
    """How many milestones of ``frame`` have some Hindi but lack their headline, what changed or
    why it matters in Hindi: disjoint from :func:`without_hindi`, so the two counts add up."""
    if frame is None or frame.empty:
        return 0
    return sum(has_any_hindi(row) and not has_hindi(row) for row in frame.itertuples(index=False))


def draft_count(frame: pd.DataFrame) -> int:
    """How many milestones of ``frame`` show a draft translation."""
    if frame is None or frame.empty:
        return 0
    return sum(is_draft(row) for row in frame.itertuples(index=False))


def any_draft(frame: pd.DataFrame) -> bool:
    """Whether any milestone of ``frame`` shows a draft translation."""
    return draft_count(frame) > 0


def in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The milestones as a reader of ``lang`` sees them: in Hindi, each text field holds its
    Hindi version where there is one and its English words where not, and the column
    :data:`FALLBACK` names (as a tuple) the fields left in English. English gives ``frame``."""
    if i18n.language(lang) == i18n.ENGLISH:
        return frame
    shown = frame.copy()
    fallbacks = [[] for _ in range(len(frame))]
    for name, column in HINDI_FIELDS.items():
        hindi = frame[column] if column in frame else frame[name].map(lambda _: "")
        present = hindi.fillna("").str.strip() != ""
        shown[name] = frame[name].where(~present, hindi)
        for position, (english, has) in enumerate(zip(frame[name], present, strict=True)):
            if not has and english:
                fallbacks[position].append(name)
    shown[FALLBACK] = [tuple(names) for names in fallbacks]
    return shown


def in_english(milestone, name: str) -> bool:
    """Whether field ``name`` of a milestone from :func:`in_language` is shown in English."""
    return name in (_value(milestone, FALLBACK) or ())


def stale_hindi(old: pd.DataFrame | None, new: pd.DataFrame) -> list[tuple[str, str]]:
    """Where ``new``'s Hindi no longer translates its English: each (milestone id, Hindi column)
    whose English field changed from ``old`` (the published version) while the Hindi column
    still holds exactly ``old``'s Hindi. A Hindi view must not state what the English no longer
    does, so publishing leaves those fields empty (see :func:`without_stale_hindi`)."""
    if old is None or old.empty or new is None or new.empty:
        return []
    before = old.drop_duplicates("id").set_index("id")
    stale = []
    for milestone in new.to_dict("records"):
        if milestone["id"] not in before.index:
            continue
        published = before.loc[milestone["id"]]
        for name, column in HINDI_FIELDS.items():
            hindi = (milestone.get(column) or "").strip()
            if not hindi or column not in published or name not in published:
                continue
            english_changed = (milestone.get(name) or "").strip() != (published[name] or "").strip()
            if english_changed and hindi == (published[column] or "").strip():
                stale.append((milestone["id"], column))
    return stale


def without_stale_hindi(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """``new`` with each Hindi field :func:`stale_hindi` finds left empty (``new`` itself when
    there is none), so the Hindi view shows the English there, marked as English."""
    stale = stale_hindi(old, new)
    if not stale:
        return new
    kept = new.copy()
    for milestone_id, column in stale:
        kept.loc[kept["id"] == milestone_id, column] = ""
    return kept
