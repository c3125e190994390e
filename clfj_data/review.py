"""Reviewing an upload before it is published: which of the files dropped are read, what
publishing them would change, and whether restoring a version would change anything.

The Data page draws what these give; nothing here knows about sessions or widgets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from . import i18n, translation, uploads
from .charts import change_timeline_figure
from .diff import Diff, diff_milestones, same_milestones
from .framing import Framing
from .i18n import N_
from .load import LoadResult, load_upload
from .problems import Message, Problem, UnreadableFile, column_named, rows_named, said_of
from .similar import near_duplicates
from .visibility import is_staff_only
from .xlsx import downloaded_from

File = tuple[str, bytes]  # a file's name and bytes, as the uploader gives them
CHANGE_HEADERS = {
    "change": N_("Change"),
    "id": N_("Milestone id"),
    "title": N_("Headline"),
    "fields": N_("Fields changed"),
}
CHANGE_KINDS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}


@dataclass(frozen=True)
class Chosen:
    """The files of an upload that are read, and those left out because a later one replaces them."""

    files: tuple[File, ...]
    replaced: tuple[str, ...] = ()

    @property
    def names(self) -> str:
        return ", ".join(name for name, _ in self.files)


@dataclass(frozen=True)
class Checked:
    """An upload that has been read: kept while the same files stay in the uploader."""

    digest: str  # see files_digest
    name: str  # the spreadsheet's
    result: LoadResult
    base: int  # the version the preview compares with, and that publishing expects to replace
    upload: uploads.Upload  # the spreadsheet and its pictures, to publish
    replaced: tuple[str, ...] = ()  # files dropped earlier that a later one replaces
    downloaded_from: int | None = None  # the version an XLSX download was made of, where it says


@dataclass(frozen=True)
class Preview:
    """What publishing a checked file would change, made once per file and base version."""

    digest: str
    base: int
    diff: Diff
    table: pd.DataFrame  # every change, one a row, under CHANGE_HEADERS
    chart: go.Figure  # the change timeline
    near: tuple[Problem, ...] = field(default=())  # new milestones that read almost like published ones
    # Staff-only milestones of the base version that the file makes public by having no
    # visibility column (their titles): publishing them needs a deliberate yes.
    made_public: tuple[str, ...] = field(default=())
    # How many of the new version's milestones have no Hindi, how many have some but lack their
    # headline, what changed or why it matters in Hindi (a Hindi reader sees those in English),
    # and how many of those with Hindi show a draft: three counts that never count one twice.
    no_hindi: int = 0
    partial_hindi: int = 0
    draft_hindi: int = 0
    # Hindi fields kept from before their English changed, by row and column: publishing
    # leaves them empty, so the Hindi view shows the English there.
    stale_hindi: tuple[Problem, ...] = field(default=())
    # Sectors and states no milestone of the base version has, each with the rows that bring it
    # (a typo makes one as surely as a new field of work): publishing them needs a deliberate yes.
    new_names: tuple[NewName, ...] = field(default=())


@dataclass(frozen=True)
class NewName:
    """A sector or state (``kind``) that an upload brings and its base version does not have."""

    kind: str  # "sector" or "state"
    name: str
    rows: tuple[int, ...]


class Unreadable(UnreadableFile):
    """The files chosen cannot be read: the message names them and says why (``said``, in any
    language)."""

    def __init__(self, names: str, said: Message):
        super().__init__(Message(N_("{files} cannot be read. {reason}"), files=names, reason=said))
        self.names, self.said = names, said

    @property
    def reason(self) -> str:
        """Why, in English."""
        return str(self.said)


def files_digest(files: Sequence[File]) -> str:
    """The sha256 of the files' names and bytes, in order: the same files give the same digest."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(hashlib.sha256(name.encode() + b"\0" + data).digest())
    return digest.hexdigest()


def _is_sheet_or_zip(name: str) -> bool:
    return name.lower().endswith((*uploads.SPREADSHEETS, ".zip"))


# What the Data page takes: a spreadsheet, a ZIP, or a photo. Its uploader lets any file through,
# so that another kind is refused here, in words, rather than by the browser with a bare icon.
ACCEPTED = (*uploads.SPREADSHEETS, ".zip", *(f".{kind}" for kind in uploads.PICTURE_TYPES))
NOT_ACCEPTED = N_(
    "{name} is not a spreadsheet: upload a .csv or .xlsx file, with its photos (JPEG, PNG or WebP) "
    "or one .zip holding them all. Remove {name} from the list above."
)


def not_accepted(files: Sequence[File]) -> Message | None:
    """Why the upload ``files`` cannot be read, where one is of a kind the Data page does not
    take (a text file, a PDF): the first such file named, and what to upload instead."""
    for name, _data in files:
        if not name.lower().endswith(ACCEPTED):
            return Message(NOT_ACCEPTED, name=name)
    return None


def choose_files(files: Sequence[File]) -> Chosen:
    """The files to read, from everything in the uploader in the order it was dropped: the
    spreadsheet (or ZIP) dropped last replaces any dropped before it, so that dropping a
    corrected file after one with errors reads the corrected one; pictures stay, the one
    dropped last where two share a name. A ZIP holds its own pictures, so it is read alone."""
    sheets = [position for position, (name, _) in enumerate(files) if _is_sheet_or_zip(name)]
    if not sheets:
        return Chosen(tuple(files))  # no spreadsheet: the loader says so
    last = sheets[-1]
    if files[last][0].lower().endswith(".zip"):
        kept = [last]
    else:
        newest: dict[str, int] = {}
        for position, (name, _) in enumerate(files):
            if not _is_sheet_or_zip(name):
                newest[name] = position
        kept = sorted([last, *newest.values()])
    replaced = tuple(name for position, (name, _) in enumerate(files) if position not in kept)
    return Chosen(tuple(files[position] for position in kept), replaced)


def check_files(files: Sequence[File], base: int) -> Checked:
    """The upload ``files`` read and checked against the schema, to be compared with version
    ``base``. Raises :class:`Unreadable` (naming the files) when they cannot be read at all."""
    chosen = choose_files(files)
    try:
        upload = uploads.from_files(chosen.files)
        result = load_upload(upload)
    except UnreadableFile as error:
        raise Unreadable(chosen.names, said_of(error)) from None
    made_of = downloaded_from(upload.data) if upload.name.lower().endswith(".xlsx") else None
    return Checked(files_digest(files), upload.name, result, base, upload, chosen.replaced, made_of)


def made_title_notices(result: LoadResult) -> list[Problem]:
    """The notices that say a title was made from its description: the summary says so, and
    they stand beside it."""
    made, header = set(result.made_titles), result.headers.get("title", "title")
    return [p for p in result.warnings if p.row in made and p.column == header]


def other_notices(result: LoadResult) -> list[Problem]:
    """The notices but those of :func:`made_title_notices`."""
    made = made_title_notices(result)
    return [p for p in result.warnings if p not in made]


def changes_table(
    diff: Diff, lang: str = i18n.ENGLISH, headers: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every change as a table under :data:`CHANGE_HEADERS`, its words in ``lang``, each field
    named as every message names its column (:func:`~clfj_data.problems.column_named`: by the
    file's ``headers``, else the template's)."""
    _ = i18n.translator(lang)
    table = diff.table()
    table["change"] = [_(CHANGE_KINDS[kind]) for kind in table["change"]]
    table["title"] = [change.headline(lang) for change in _all(diff)]
    table["fields"] = [
        ", ".join(column_named(name, headers, lang) for name in names)
        for names in (c.fields for c in _all(diff))
    ]
    return table.rename(columns={name: _(header) for name, header in CHANGE_HEADERS.items()})


def _all(diff: Diff):
    return (*diff.added, *diff.removed, *diff.changed)


def make_preview(checked: Checked, old: pd.DataFrame, old_pictures: dict[str, str]) -> Preview:
    """What publishing ``checked`` over the milestones ``old`` (version ``checked.base``, whose
    pictures' sha256 by name are ``old_pictures``) would change."""
    # As publishing stores it: without the Hindi its English no longer says, which the diff shows.
    new = translation.without_stale_hindi(old, checked.result.milestones)
    pictures = {name: photo.sha256 for name, photo in checked.result.pictures.items()}
    diff = diff_milestones(old, new, (old_pictures, pictures))
    chart = change_timeline_figure(old, new, diff)
    near = tuple(near_duplicates(new, old, rows=checked.result.rows_by_id()))
    return Preview(
        checked.digest, checked.base, diff, changes_table(diff, headers=checked.result.headers), chart, near,
        made_public=made_public(checked.result, old), no_hindi=translation.without_hindi(new),
        partial_hindi=translation.partly_hindi(new), draft_hindi=translation.draft_count(new),
        stale_hindi=stale_hindi(checked.result, old, checked.base),
        new_names=new_names(checked.result, old),
    )  # fmt: skip


def new_names(result: LoadResult, old: pd.DataFrame) -> tuple[NewName, ...]:
    """The sectors, then the states, of ``result`` that no milestone of ``old`` has, each with
    the spreadsheet rows that hold it, in the order the sheet first names them."""
    rows = result.rows_by_id()
    found: dict[tuple[str, str], list[int]] = {}
    for kind, column in (("sector", "sector"), ("state", "states")):
        known: set[str] = set()
        if old is not None and not old.empty:
            for value in old[column]:
                known.update(value if isinstance(value, tuple) else (value,))
        for milestone in result.milestones.itertuples(index=False):
            value = getattr(milestone, column)
            for name in value if isinstance(value, tuple) else (value,):
                if name and name not in known:
                    found.setdefault((kind, name), []).append(rows.get(milestone.id))
    return tuple(
        NewName(kind, name, tuple(sorted(row for row in at if row is not None)))
        for (kind, name), at in found.items()
    )


def new_name_line(new: NewName, lang: str = i18n.ENGLISH) -> str:
    """One new sector or state as the preview names it: "New sector 'Helthcare' (row 4)"."""
    _ = i18n.translator(lang)
    said = _("New sector '{name}' ({rows})") if new.kind == "sector" else _("New state '{name}' ({rows})")
    return said.format(name=new.name, rows=rows_named(list(new.rows)).text(lang))


STALE_HINDI = N_(
    "the English beside it changed and this Hindi did not, so publishing leaves it out (version {version} "
    "keeps it): the Hindi view will show the English until it is translated again"
)


def stale_hindi(result: LoadResult, old: pd.DataFrame, version: int) -> tuple[Problem, ...]:
    """Each Hindi field of ``result`` that still holds ``old``'s Hindi (version ``version``)
    though its English changed, by spreadsheet row and column: what publishing leaves out."""
    rows = result.rows_by_id()
    return tuple(
        Problem(rows.get(milestone_id), column_named(column, result.headers), None,
                Message(STALE_HINDI, version=version))
        for milestone_id, column in translation.stale_hindi(old, result.milestones)
    )  # fmt: skip


def hindi_sentence(preview: Preview, total: int, lang: str = "en") -> str:
    """How much of the new version a Hindi reader reads in Hindi, for the preview, each milestone
    counted once: "1 of the 10 milestones has no Hindi: … 1 of the 10 milestones lacks part of its
    Hindi: … 8 of the 9 milestones with Hindi show a draft translation, not yet reviewed." """
    _, ngettext = i18n.translator(lang), i18n.plural_translator(lang)
    said = (
        []
        if preview.no_hindi or preview.partial_hindi
        else [_("Every milestone has its headline, what changed and why it matters in Hindi.")]
    )
    for count, among, sentence in (
        (preview.no_hindi, total, ngettext(
            "{count} of the {total} milestones has no Hindi: the Hindi view shows its English words.",
            "{count} of the {total} milestones have no Hindi: the Hindi view shows their English words.",
            preview.no_hindi)),
        (preview.partial_hindi, total, ngettext(
            "{count} of the {total} milestones lacks part of its Hindi: "
            "the Hindi view shows that part in English.",
            "{count} of the {total} milestones lack part of their Hindi: "
            "the Hindi view shows that part in English.",
            preview.partial_hindi)),
        (preview.draft_hindi, total - preview.no_hindi, ngettext(  # among those with some Hindi
            "{count} of the {total} milestones with Hindi shows a draft translation, not yet reviewed.",
            "{count} of the {total} milestones with Hindi show a draft translation, not yet reviewed.",
            preview.draft_hindi)),
    ):  # fmt: skip
        if count:
            numbers = {"count": i18n.format_number(count, lang), "total": i18n.format_number(among, lang)}
            said.append(sentence.format(**numbers))
    return " ".join(said)


def made_public(result: LoadResult, old: pd.DataFrame) -> tuple[str, ...]:
    """The titles of ``old``'s staff-only milestones that ``result`` would publish as public:
    those its visibility column says are public, or all it holds where it has no such column
    (every milestone of such a sheet is public)."""
    if old is None or old.empty:
        return ()
    new = result.milestones
    public = new.loc[~is_staff_only(new), "id"]
    staff_only = old[is_staff_only(old)]
    return tuple(staff_only.loc[staff_only["id"].isin(public), "title"])


def made_public_warning(
    name: str, titles: Sequence[str], version: int, lang: str = i18n.ENGLISH, *, column: bool = False
) -> str:
    """What a sheet does to version ``version``'s staff-only milestones ``titles``, said plainly
    (in ``lang``) before anything is published: its visibility column (``column``) says they are
    public, or it has no visibility column."""
    count, ngettext = len(titles), i18n.plural_translator(lang)
    if column:
        said = ngettext(
            "{name} makes public {count} milestone that is staff-only in version {version}: {titles}. "
            "Everyone will see it. To keep it staff-only, write 'staff' in its visibility cell and drop "
            "the file again.",
            "{name} makes public {count} milestones that are staff-only in version {version}: {titles}. "
            "Everyone will see them. To keep them staff-only, write 'staff' in their visibility cells and "
            "drop the file again.",
            count,
        )
    else:
        said = ngettext(
            "{name} has no visibility column, so every milestone in it is public. {count} milestone that is "
            "staff-only in version {version} would become public: {titles}. To keep it staff-only, add a "
            "visibility column with 'staff' on its row (the template has one) and drop the file again.",
            "{name} has no visibility column, so every milestone in it is public. {count} milestones "
            "that are staff-only in version {version} would become public: {titles}. To keep them "
            "staff-only, add a visibility column with 'staff' on their rows (the template has one) and drop "
            "the file again.",
            count,
        )
    number = f"{count:,}" if i18n.language(lang) == i18n.ENGLISH else i18n.format_number(count, lang)
    return said.format(name=name, count=number, version=version, titles="; ".join(titles))


def changes_nothing(
    milestones: pd.DataFrame,
    pictures: dict[str, str],
    current: pd.DataFrame,
    current_pictures: dict[str, str],
) -> bool:
    """Whether making ``milestones`` (with ``pictures``) current again would change nothing:
    the current version holds the same milestones and pictures."""
    return same_milestones(milestones, current) and pictures == current_pictures


def publishes_nothing(preview: Preview, framing: Framing, base_framing: Framing) -> bool:
    """Whether publishing ``preview`` would change nothing: the same milestones and pictures as
    its base version, and the same title and eras (``framing`` against ``base_framing``)."""
    return preview.diff.empty and framing == base_framing


FRAMING_ONLY = N_("The milestones are those of version {version}; the title or the eras change.")
NOTHING_TO_PUBLISH = N_(
    "Publish is off: this file holds exactly the milestones of version {version}, "
    "so a new version would change nothing."
)
NOTHING_TO_RESTORE = N_(
    "Restore is off: this version holds exactly the milestones of version {version}, "
    "the current one, so restoring it would change nothing."
)


def _of_version(sentence: str, version: int, lang: str) -> str:
    return i18n.translator(lang)(sentence).format(version=version)


def framing_only(version: int, lang: str = i18n.ENGLISH) -> str:
    """What a file changes that holds version ``version``'s milestones under a new title or eras."""
    return _of_version(FRAMING_ONLY, version, lang)


def nothing_to_publish(version: int, lang: str = i18n.ENGLISH) -> str:
    """Why Publish is off for a file that holds exactly version ``version``'s milestones."""
    return _of_version(NOTHING_TO_PUBLISH, version, lang)


def nothing_to_restore(version: int, lang: str = i18n.ENGLISH) -> str:
    """Why Restore is off for a version identical to the current one, ``version``."""
    return _of_version(NOTHING_TO_RESTORE, version, lang)
