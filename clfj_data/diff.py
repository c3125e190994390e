"""What changes between two versions of the milestone table, down to the words of each field."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pandas as pd

from . import i18n
from .dates import format_date
from .records import complete, to_records
from .schema import MILESTONE_COLUMNS

COMPARED = tuple(c for c in MILESTONE_COLUMNS if c not in ("id", "precision", "end_precision"))
KEPT, REMOVED, ADDED = "kept", "removed", "added"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Segment:
    """A run of words of a word diff: ``kind`` is "kept", "removed" or "added"."""

    kind: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    """One field of a changed milestone, before and after, as a person writes it."""

    field: str
    before: str
    after: str

    @property
    def segments(self) -> tuple[Segment, ...]:
        return word_diff(self.before, self.after)


@dataclass(frozen=True)
class Change:
    id: str
    title: str
    fields: tuple[str, ...] = ()  # for a changed milestone: the fields that differ
    # Their values; the names above already say what differs, so equality ignores these.
    edits: tuple[FieldChange, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Diff:
    """Milestones matched by id: added, removed, and changed (with the fields that changed)."""

    added: tuple[Change, ...]
    removed: tuple[Change, ...]
    changed: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self, lang: str = i18n.ENGLISH) -> str:
        """``2 added, 1 removed, 3 changed`` or ``no changes``, in ``lang``."""
        _, ngettext = i18n.translator(lang), i18n.plural_translator(lang)
        kinds = (
            (ngettext("{count} added", "{count} added", len(self.added)), self.added),
            (ngettext("{count} removed", "{count} removed", len(self.removed)), self.removed),
            (ngettext("{count} changed", "{count} changed", len(self.changed)), self.changed),
        )  # Hindi agrees with one milestone or many: 1 बदला गया, 2 बदले गए
        parts = [words.format(count=f"{len(changes):,}") for words, changes in kinds if changes]
        return ", ".join(parts) or _("no changes")

    def table(self) -> pd.DataFrame:
        """One row per change: change, id, title, fields."""
        rows = [
            {"change": kind, "id": c.id, "title": c.title, "fields": ", ".join(c.fields)}
            for kind, changes in (("added", self.added), ("removed", self.removed), ("changed", self.changed))
            for c in changes
        ]
        return pd.DataFrame(rows, columns=["change", "id", "title", "fields"])

    def as_json(self, against: int | None) -> dict:
        """The ``diff --json`` object: ``{"against", "added", "removed", "changed"}``, each
        changed field's ``before`` and ``after`` as a person writes them."""
        return {
            "against": against,
            "added": [{"id": c.id, "title": c.title} for c in self.added],
            "removed": [{"id": c.id, "title": c.title} for c in self.removed],
            "changed": [
                {
                    "id": c.id,
                    "title": c.title,
                    "fields": {e.field: {"before": e.before, "after": e.after} for e in c.edits},
                }
                for c in self.changed
            ],
        }

    def as_text(self, against: int | None) -> str:
        """The ``diff`` report: a summary line, then each change; changed words marked the
        way ``git diff --word-diff`` marks them, ``[-removed-]{+added+}``."""
        base = f"version {against}" if against is not None else "no version"
        lines = [f"Compared with {base}: {self.summary()}."]
        for kind, sign in (("added", "+"), ("removed", "-")):
            changes = getattr(self, kind)
            if changes:
                lines += ["", f"{kind.capitalize()}:"] + [f"  {sign} {c.title} ({c.id})" for c in changes]
        if self.changed:
            lines += ["", "Changed:"]
        for change in self.changed:
            lines.append(f"  ~ {change.title} ({change.id})")
            for edit in change.edits:
                lines.append(f"      {edit.field}: {git_word_diff(edit.segments)}")
        return "\n".join(lines)


NEW_PICTURE = "a new picture"


def diff_milestones(
    old: pd.DataFrame | None, new: pd.DataFrame, pictures: tuple[dict, dict] | None = None
) -> Diff:
    """Compare two milestone tables (``old`` None: everything in ``new`` is added).

    ``pictures`` holds the sha256 of each picture, by file name, before and after: a milestone
    whose image keeps its name but not its picture has changed too."""
    old = new.iloc[:0] if old is None else old
    before, after = old.set_index("id"), new.set_index("id")
    added = [Change(i, after.at[i, "title"]) for i in after.index if i not in before.index]
    removed = [Change(i, before.at[i, "title"]) for i in before.index if i not in after.index]
    changed = []
    for i in after.index.intersection(before.index):
        was, now = before.loc[i], after.loc[i]
        edits = tuple(
            FieldChange(f, written(was, f), written(now, f))
            for f in COMPARED
            if written(was, f) != written(now, f)
        )
        name = now["image"]
        if pictures and name and name == was["image"] and pictures[0].get(name) != pictures[1].get(name):
            edits += (FieldChange("image", name, f"{name} ({NEW_PICTURE})"),)
        if edits:
            changed.append(Change(i, now["title"], tuple(e.field for e in edits), edits))
    return Diff(tuple(added), tuple(removed), tuple(changed))


def written(milestone: pd.Series, name: str) -> str:
    """A field as a person writes it: dates like ``Mar 2022``, states joined with ``; ``."""
    if name == "date":  # "Mar 2022" and "2022-03-01" (day) are different dates to a reader
        return format_date(milestone["date"], milestone["precision"])
    if name == "end_date":
        end = milestone["end_date"]
        return "" if end is None or end != end else format_date(end, milestone["end_precision"])  # NaT != NaT
    if name == "states":
        return "; ".join(milestone["states"])
    return str(milestone[name])


def same_milestones(old: pd.DataFrame | list[dict], new: pd.DataFrame | list[dict]) -> bool:
    """Whether two tables (frames, or records as the store keeps them) hold exactly the same
    milestones, in whatever order: then publishing one over the other would change nothing."""
    return _by_id(old) == _by_id(new)


def _by_id(milestones: pd.DataFrame | list[dict]) -> list[dict]:
    records = to_records(milestones) if isinstance(milestones, pd.DataFrame) else milestones
    return sorted(({**complete(r), "states": list(r["states"])} for r in records), key=lambda r: r["id"])


def word_diff(before: str, after: str) -> tuple[Segment, ...]:
    """``before`` and ``after`` compared word by word (difflib.SequenceMatcher over the words):
    runs of kept, removed and added words, in reading order, a removed run before the added
    one that replaces it. Each run is its words as written (with the spaces and line breaks
    between them); runs are read with a space between them."""
    old, new = list(_WORD.finditer(before)), list(_WORD.finditer(after))
    words = [m.group() for m in old], [m.group() for m in new]
    matcher = difflib.SequenceMatcher(None, *words, autojunk=False)
    segments = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment(KEPT, _run(after, new[j1:j2])))
            continue
        if i2 > i1:
            segments.append(Segment(REMOVED, _run(before, old[i1:i2])))
        if j2 > j1:
            segments.append(Segment(ADDED, _run(after, new[j1:j2])))
    return tuple(segments)


def _run(text: str, words: list[re.Match]) -> str:
    return text[words[0].start() : words[-1].end()]


def git_word_diff(segments: tuple[Segment, ...]) -> str:
    """Segments on one line as ``git diff --word-diff`` writes them: ``[-removed-]{+added+}``."""
    marks = {KEPT: "{}", REMOVED: "[-{}-]", ADDED: "{{+{}+}}"}
    line = ""
    for before, segment in zip((None, *segments), segments, strict=False):
        # A replacement reads as git writes it: [-old-]{+new+}, with no space between.
        joint = "" if before is None or (before.kind, segment.kind) == (REMOVED, ADDED) else " "
        line += joint + marks[segment.kind].format(segment.text)
    return line
