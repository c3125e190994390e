"""Zip archives opened safely (an XLSX workbook, or a ZIP of a spreadsheet and its pictures):
refused unread when they hold too many entries, would unpack past the limits (zip bombs) or
name a member outside the archive (an absolute path, ``..``, a symbolic link)."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import PurePosixPath

from .problems import UnreadableFile
from .sheet import MB, Limits

# A member may unpack to this many times its packed size only while it stays small.
RATIO_APPLIES_ABOVE = 5 * MB


def open_zip(data: bytes, limits: Limits, what: str, damaged: str) -> tuple[zipfile.ZipFile, list]:
    """The archive and its members, checked against ``limits`` before any member is unpacked.

    ``what`` names the archive in messages ("workbook", "ZIP file"); ``damaged`` is the
    sentence for an archive zipfile cannot read. Raises :class:`UnreadableFile`.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # zipfile raises BadZipFile, NotImplementedError, ValueError... on damage
        raise UnreadableFile(damaged) from None
    if len(members) > limits.max_zip_entries:
        raise UnreadableFile(
            f"The {what} holds {len(members):,} files; the limit is {limits.max_zip_entries:,}, "
            "so it was not opened."
        )
    for member in members:
        if not safe_member_name(member):
            raise UnreadableFile(
                f"The {what} names a file outside itself ({member.filename!r}: an absolute path, "
                "'..' or a link), as an attack does, so it was not opened."
            )
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unzipped_bytes:
        raise UnreadableFile(
            f"The {what} unpacks to {unpacked / MB:,.0f} MB, over the limit of "
            f"{limits.max_unzipped_bytes / MB:,.0f} MB, so it was not opened."
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_APPLIES_ABOVE and ratio > limits.max_zip_ratio:
            raise UnreadableFile(
                f"Part of the {what} ({member.filename}) unpacks to {ratio:,.0f} times its "
                "size, as a zip bomb does, so it was not opened."
            )
    return archive, members


def safe_member_name(member: zipfile.ZipInfo) -> bool:
    """Whether a member's name stays inside the archive and it is not a symbolic link."""
    name = member.filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):  # /etc/passwd, C:/Windows
        return False
    if ".." in PurePosixPath(name).parts:
        return False
    return not stat.S_ISLNK(member.external_attr >> 16)


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, damaged: str) -> bytes:
    """A member's bytes, never more than its directory entry declares (a bomb may understate it)."""
    try:
        with archive.open(member) as part:
            data = part.read(member.file_size + 1)
    except Exception:  # a member that does not unpack as its directory says
        raise UnreadableFile(damaged) from None
    if len(data) > member.file_size:
        raise UnreadableFile(damaged)
    return data
