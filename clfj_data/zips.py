"""Zip archives opened safely (an XLSX workbook, or a ZIP of a spreadsheet and its pictures):
refused unread when they hold too many entries, would unpack past the limits (zip bombs) or
name a member outside the archive (an absolute path, ``..``, a symbolic link)."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import PurePosixPath

from .i18n import N_
from .problems import Count, Message, UnreadableFile
from .sheet import MB, Limits

# A member may unpack to this many times its packed size only while it stays small.
RATIO_APPLIES_ABOVE = 5 * MB


# How the messages name an archive: at the start of a sentence, and within one.
_NAMED = {
    "workbook": (Message(N_("The workbook")), Message(N_("the workbook"))),
    "ZIP file": (Message(N_("The ZIP file")), Message(N_("the ZIP file"))),
}


def open_zip(data: bytes, limits: Limits, what: str, damaged: Message) -> tuple[zipfile.ZipFile, list]:
    """The archive and its members, checked against ``limits`` before any member is unpacked.

    ``what`` is the kind of archive ("workbook", "ZIP file"); ``damaged`` is the sentence for an
    archive zipfile cannot read. Raises :class:`UnreadableFile`.
    """
    starts, within = _NAMED[what]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # zipfile raises BadZipFile, NotImplementedError, ValueError... on damage
        raise UnreadableFile(damaged) from None
    if len(members) > limits.max_zip_entries:
        raise UnreadableFile(
            Message(
                N_("{What} holds {count} files; the limit is {limit}, so it was not opened."),
                What=starts, count=Count(len(members)), limit=Count(limits.max_zip_entries),
            )
        )  # fmt: skip
    for member in members:
        if not safe_member_name(member):
            raise UnreadableFile(
                Message(
                    N_(
                        "{What} names a file outside itself ({name}: an absolute path, '..' or a link), "
                        "as an attack does, so it was not opened."
                    ),
                    What=starts, name=repr(member.filename),
                )
            )  # fmt: skip
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unzipped_bytes:
        raise UnreadableFile(
            Message(
                N_("{What} unpacks to {size} MB, over the limit of {limit} MB, so it was not opened."),
                What=starts, size=Count(round(unpacked / MB)),
                limit=Count(round(limits.max_unzipped_bytes / MB)),
            )
        )  # fmt: skip
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_APPLIES_ABOVE and ratio > limits.max_zip_ratio:
            raise UnreadableFile(
                Message(
                    N_("Part of {what} ({name}) unpacks to {ratio} times its size, as a zip bomb does, "
                       "so it was not opened."),
                    what=within, name=member.filename, ratio=Count(round(ratio)),
                )
            )  # fmt: skip
    return archive, members


def safe_member_name(member: zipfile.ZipInfo) -> bool:
    """Whether a member's name stays inside the archive and it is not a symbolic link."""
    name = member.filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):  # /etc/passwd, C:/Windows
        return False
    if ".." in PurePosixPath(name).parts:
        return False
    return not stat.S_ISLNK(member.external_attr >> 16)


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, damaged: Message) -> bytes:
    """A member's bytes, never more than its directory entry declares (a bomb may understate it)."""
    try:
        with archive.open(member) as part:
            data = part.read(member.file_size + 1)
    except Exception:  # a member that does not unpack as its directory says
        raise UnreadableFile(damaged) from None
    if len(data) > member.file_size:
        raise UnreadableFile(damaged)
    return data
