"""What the command-line commands share: exit codes, reading FILE, and what they print and write."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .load import LoadResult
from .problems import CannotWrite, Problem
from .read import Limits
from .visibility import STAFF
from .wording import plural, span

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE, EXIT_UNAVAILABLE = 0, 1, 2, 3
SHOWN_PROBLEMS = 50


def write_file(path: Path, data: bytes) -> None:
    """``data`` written to ``path``, or :class:`CannotWrite` saying in one sentence why not
    (a folder, a missing folder, a full disk, a place nobody may write)."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CannotWrite(f"Cannot write {path}: {error.strerror or error}.") from None


def read_upload(args):
    """FILE (and --media DIR) as an upload; raises UnreadableFile."""
    from .uploads import from_path

    return from_path(args.file, args.media, Limits.from_env())


def summary(path: Path, result: LoadResult) -> str:
    lines = []
    if result.ok:
        found, order = result.in_file_order, result.order
        dates = ""
        if found.num_rows:
            earliest, latest = (
                (found["date"][i].as_py(), found["precision"][i].as_py())
                for i in (order[0].as_py(), order[-1].as_py())
            )
            dates = f", {span(earliest, latest)}"
        staff_only = found["visibility"].to_pylist().count(STAFF)
        marked = f" ({staff_only:,} staff-only)" if staff_only else ""
        lines.append(f"{path}: OK, {plural(found.num_rows, 'milestone')}{marked}{dates} ({result.source}).")
    else:
        lines.append(f"{path}: {plural(len(result.errors), 'error')}; the file was not accepted.")
        lines += listed(result.errors)
    if result.warnings:
        lines.append(f"{plural(len(result.warnings), 'warning')}:")
        lines += listed(result.warnings)
    return "\n".join(lines)


def listed(problems: list[Problem]) -> list[str]:
    lines = [f"  {problem}" for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"  ... and {len(problems) - SHOWN_PROBLEMS} more (use --json to see all).")
    return lines


def print_json(obj: dict) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
