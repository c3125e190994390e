"""An upload: the spreadsheet and the pictures its ``image`` column names, from several files
uploaded at once, a folder (``--media DIR``) or one ZIP holding them all.

The pictures are checked with the spreadsheet (:func:`picture_problems`, called by the loader),
so a missing or refused picture is an error on the row that names it, like any other.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyarrow as pa

from .i18n import N_
from .problems import Message, Problem, UnreadableFile, said_of
from .sheet import Limits
from .zips import open_zip, read_member

SPREADSHEETS = (".csv", ".xlsx", ".xlsm")
PICTURE_TYPES = ("jpg", "jpeg", "png", "webp")  # what an uploader offers; the decoder decides
ZIP_DAMAGED = Message(N_("The ZIP file is damaged and cannot be read: make it again."))
UPLOADED = N_("uploaded with the spreadsheet")
NOT_NAMED = N_("No milestone names this file in its image column, so it was not kept.")


@dataclass(frozen=True)
class Media:
    """The files uploaded with a spreadsheet, by file name; each is read when a row names it."""

    files: dict[str, Callable[[], bytes]] = field(default_factory=dict)
    # For messages: where a missing file was looked for (marked for the catalog, or a folder's path).
    where: str | Message = UPLOADED

    def find(self, name: str) -> str | None:
        """The uploaded file ``name`` means: the same name, else the only one differing in case."""
        if name in self.files:
            return name
        same = [known for known in self.files if known.casefold() == name.casefold()]
        return same[0] if len(same) == 1 else None


@dataclass(frozen=True)
class Upload:
    """A spreadsheet's name and bytes, and the files that came with it."""

    name: str
    data: bytes
    media: Media = field(default_factory=Media)


def from_files(files: Iterable[tuple[str, bytes]], limits: Limits | None = None) -> Upload:
    """Several files uploaded at once: one spreadsheet and its pictures, or one ZIP of them."""
    files = list(files)
    if len(files) == 1 and _is_zip_name(files[0][0]):
        return from_zip(files[0][1], limits)
    named = [(Path(name).name, (lambda data=data: data)) for name, data in files]
    return _upload(named, _AMONG_UPLOADED, UPLOADED)


def from_zip(data: bytes, limits: Limits | None = None) -> Upload:
    """A ZIP holding one spreadsheet and its pictures (in any folder), checked as an XLSX is
    before anything in it is unpacked."""
    archive, members = open_zip(data, limits or Limits.from_env(), "ZIP file", ZIP_DAMAGED)
    named = [
        (PurePosixPath(m.filename.replace("\\", "/")).name, lambda m=m: read_member(archive, m, ZIP_DAMAGED))
        for m in members
        if not m.is_dir() and not _hidden(m.filename)
    ]
    return _upload(named, _AMONG_ZIPPED, N_("in the ZIP file"))


def from_path(path: Path, media_dir: Path | None = None, limits: Limits | None = None) -> Upload:
    """The command line's ``FILE [--media DIR]``: a spreadsheet (its pictures in ``media_dir``) or a ZIP."""
    from .read import read_file

    limits = limits or Limits.from_env()
    data = read_file(path, limits)
    if _is_zip_name(path.name):
        if media_dir is not None:
            raise UnreadableFile(
                Message(N_("A ZIP file holds its own pictures: leave out {option}."), option="--media")
            )
        return from_zip(data, limits)
    if media_dir is None:
        return Upload(path.name, data, Media(where=Message(N_("given with {option}"), option="--media")))
    try:
        names = [entry.name for entry in os.scandir(media_dir) if not _hidden(entry.name)]
    except OSError as error:
        raise UnreadableFile(
            Message(
                N_("There is no readable folder at {path} ({why})."),
                path=str(media_dir),
                why=str(error.strerror),
            )
        ) from None
    files = {name: (lambda name=name: _read_picture(media_dir / name)) for name in names}
    return Upload(path.name, data, Media(files, Message(N_("in {folder}"), folder=str(media_dir))))


# What an upload's files can be refused for, by where they came from: several files uploaded
# at once, or one ZIP.
_AMONG_UPLOADED = {
    "none": N_(
        "There is no spreadsheet (CSV or XLSX) among the files uploaded: add the one that names the pictures."
    ),
    "several": N_("{count} spreadsheets were uploaded ({names}): upload one at a time."),
    "twice": N_("Two files named {name} were uploaded: rename one, and its row's image."),
}
_AMONG_ZIPPED = {
    "none": N_(
        "There is no spreadsheet (CSV or XLSX) among the ZIP file: add the one that names the pictures."
    ),
    "several": N_("{count} spreadsheets are in it ({names}): upload one at a time."),
    "twice": N_("Two files named {name} are in it: rename one, and its row's image."),
}


def _upload(named: list[tuple[str, Callable[[], bytes]]], refusals: dict[str, str], where: str) -> Upload:
    sheets = [(name, read) for name, read in named if name.lower().endswith(SPREADSHEETS)]
    if not sheets:
        raise UnreadableFile(Message(refusals["none"]))
    if len(sheets) > 1:
        listed = ", ".join(name for name, _ in sheets)
        raise UnreadableFile(Message(refusals["several"], count=len(sheets), names=listed))
    files: dict[str, Callable[[], bytes]] = {}
    for name, read in named:
        if (name, read) in sheets:
            continue
        if name in files:
            raise UnreadableFile(Message(refusals["twice"], name=name))
        files[name] = read
    return Upload(sheets[0][0], sheets[0][1](), Media(files, where))


def _is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


def _hidden(name: str) -> bool:
    """What an operating system adds to a folder or ZIP beside the files (.DS_Store, __MACOSX/)."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.name.startswith(".") or "__MACOSX" in path.parts


def _read_picture(path: Path) -> bytes:
    """A picture's bytes from a folder, never more than a picture may have (nor a device or pipe)."""
    from .photos import MAX_PHOTO_BYTES, PhotoRefused, too_big

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        raise FileNotFoundError(path) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PhotoRefused(Message(N_("{path} is not a file."), path=str(path)))
        if status.st_size > MAX_PHOTO_BYTES:
            raise PhotoRefused(too_big(status.st_size))
        with open(descriptor, "rb", closefd=False) as file:
            return file.read(MAX_PHOTO_BYTES + 1)
    finally:
        os.close(descriptor)


def picture_problems(
    table: pa.Table, rows: list[int], labels: dict[str, str], media: Media | None, skip: set
) -> tuple[dict, list[Problem], list[Problem]]:
    """Each picture ``table``'s image column names, read from ``media`` and prepared
    (:func:`~clfj_data.photos.prepare_photo`); an error for each row whose picture is missing or
    refused, and a warning for each uploaded file no row names. ``skip`` holds the (row, column)
    pairs already reported. Returns (pictures by the name the rows use, errors, warnings)."""
    media = media or Media()
    label = labels.get("image", "image")
    names = table["image"].to_pylist()
    wanted = sorted({name for name in names if name})
    pictures, refused = {}, {}
    if wanted:
        from .photos import PhotoRefused, prepare_photo

    where = media.where if isinstance(media.where, Message) else Message(media.where)
    for name in wanted:
        missing = Message(
            N_("There is no file named {name} {where}: add it, or correct the name."), name=name, where=where
        )
        found = media.find(name)
        if found is None:
            refused[name] = missing
            continue
        try:
            pictures[name] = prepare_photo(media.files[found]())
        except FileNotFoundError:
            refused[name] = missing
        except (PhotoRefused, UnreadableFile) as error:
            refused[name] = Message(N_("{name} was refused. {reason}"), name=name, reason=said_of(error))
    errors = [
        Problem(row, label, name, refused[name])
        for row, name in zip(rows, names, strict=True)
        if name in refused and (row, label) not in skip
    ]
    used = {media.find(name) for name in wanted}
    warnings = [Problem(None, label, name, NOT_NAMED) for name in media.files if name not in used]
    return pictures, errors, warnings
