"""Which of the files dropped on the Data page are read: a spreadsheet (or ZIP) and its photos,
the one dropped last replacing any before it; a file of another kind set aside, and said so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import uploads
from .i18n import N_
from .problems import Message

File = tuple[str, bytes]  # a file's name and bytes, as the uploader gives them


@dataclass(frozen=True)
class Chosen:
    """The files of an upload that are read, and those left out because a later one replaces them."""

    files: tuple[File, ...]
    replaced: tuple[str, ...] = ()

    @property
    def names(self) -> str:
        return ", ".join(name for name, _ in self.files)


def _is_sheet_or_zip(name: str) -> bool:
    return name.lower().endswith((*uploads.SPREADSHEETS, ".zip"))


# What the Data page takes: a spreadsheet, a ZIP, or a photo. Its uploader lets any file through,
# so that another kind is refused here, in words, rather than by the browser with a bare icon.
ACCEPTED = (*uploads.SPREADSHEETS, ".zip", *(f".{kind}" for kind in uploads.PICTURE_TYPES))
NOT_ACCEPTED = N_(
    "{name} is not a spreadsheet: upload a .csv or .xlsx file, with its photos (JPEG, PNG or WebP) "
    "or one .zip holding them all. Remove {name} from the list above."
)


IGNORED = N_(
    "{names} ignored: not a spreadsheet, a photo or a .zip, so it is not read and changes nothing. "
    "{file} is read without it."
)


def not_accepted(files: Sequence[File]) -> Message | None:
    """Why the upload ``files`` cannot be read, where one is of a kind the Data page does not
    take (a text file, a PDF): the first such file named, and what to upload instead."""
    for name, _data in files:
        if not name.lower().endswith(ACCEPTED):
            return Message(NOT_ACCEPTED, name=name)
    return None


def set_aside(files: Sequence[File]) -> tuple[list[File], Message | None]:
    """The files of kinds the Data page takes, in order, and what to say of the others: a file
    of another kind never blocks a spreadsheet dropped beside it. With a spreadsheet (or ZIP)
    among them it is named as ignored; with none, refused with what to upload instead."""
    taken = [(name, data) for name, data in files if name.lower().endswith(ACCEPTED)]
    sheets = [name for name, _data in taken if _is_sheet_or_zip(name)]
    if len(taken) == len(files) or not sheets:
        return taken, not_accepted(files)
    ignored = ", ".join(name for name, _data in files if not name.lower().endswith(ACCEPTED))
    return taken, Message(IGNORED, names=ignored, file=sheets[-1])


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
