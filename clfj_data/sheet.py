"""What every reader (CSV, XLSX) gives back, and the limits every reader keeps to (ZIPs of pictures too)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pyarrow as pa

from . import arrow
from .i18n import N_
from .problems import BadSetting, Count, Message, UnreadableFile

MB = 2**20
FIRST_DATA_ROW = 2  # the header is row 1, as a spreadsheet shows it
# The template has 9 columns and the TimelineJS import sheet 18; people add their own notes.
CELLS_PER_ROW = 20


@dataclass(frozen=True)
class Limits:
    """How much the loader accepts. Uploads over a limit are refused with a plain message."""

    max_bytes: int = 20 * MB
    max_rows: int = 100_000
    # A few hundred headers hold every known column with room to spare; far wider sheets are
    # refused before anything is built, since each column costs memory whatever it holds.
    max_columns: int = 200
    # XLSX is a zip of XML: these bound what it may unpack to, so a zip bomb is refused unread.
    max_unzipped_bytes: int = 200 * MB
    max_zip_ratio: int = 100
    # A workbook holds a few dozen files, a ZIP of a spreadsheet and its pictures a few hundred.
    max_zip_entries: int = 2_000

    @property
    def max_cells(self) -> int:
        """The cells a workbook may hold: what reading it costs grows with them, not with its size."""
        return self.max_rows * CELLS_PER_ROW

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """Limits from ``CLFJ_MAX_UPLOAD_MB`` and ``CLFJ_MAX_ROWS`` where set, else the defaults.
        Raises :class:`BadSetting` with one sentence for a value that is not such a number."""
        environ = os.environ if environ is None else environ
        limits = cls()
        if environ.get("CLFJ_MAX_UPLOAD_MB"):
            megabytes = _setting(
                environ, "CLFJ_MAX_UPLOAD_MB", float, MAX_SETTING_MB, "a number of megabytes above 0"
            )
            limits = cls(max_bytes=int(megabytes * MB), max_unzipped_bytes=int(megabytes * 10 * MB))
        if environ.get("CLFJ_MAX_ROWS"):
            rows = _setting(environ, "CLFJ_MAX_ROWS", int, MAX_SETTING_ROWS, "a whole number of rows above 0")
            limits = cls(**{**limits.__dict__, "max_rows": rows})
        return limits


MAX_SETTING_MB, MAX_SETTING_ROWS = 1_048_576, 1_000_000_000  # 1 TB; a billion rows


def _setting(environ, name: str, kind, most: int, what: str):
    text = environ[name].strip()
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or not 0 < value <= most:  # NaN fails both comparisons
        raise BadSetting(f"{name} must be {what} and at most {most:,}, not {text[:40]!r}.")
    return value


@dataclass
class RawTable:
    """A sheet as text (Unicode NFC): its header row and its data rows.

    ``cells`` holds one string column per header position ("" when empty); its row ``i``
    is spreadsheet row ``FIRST_DATA_ROW + i``, blank rows included.
    """

    headers: list[str]
    cells: pa.Table
    kind: str  # "csv" or "xlsx"
    detail: Message  # encoding and delimiter, or sheet name, for messages
    overflow_rows: tuple[int, ...] = ()  # rows with text beyond the last headed column
    # (row, column position) of each cell holding a formula with no value saved: it reads as "".
    formula_cells: tuple[tuple[int, int], ...] = ()


def text_table(records: list[list[str]], width: int) -> pa.Table:
    """Rows of ``width`` text cells as the string table :class:`RawTable` holds."""
    columns = [arrow.array([record[i] for record in records], pa.string()) for i in range(width)]
    return pa.table(columns, names=[f"c{i}" for i in range(width)])


def check_width(width: int, limits: Limits) -> None:
    """Refuse a header row wider than the column limit, before any column is built."""
    if width > limits.max_columns:
        raise UnreadableFile(
            Message(
                N_(
                    "The sheet has {count} columns; the limit is {limit}. "
                    "Delete the columns the dashboard does not use, and upload it again."
                ),
                count=Count(width),
                limit=Count(limits.max_columns),
            )
        )
