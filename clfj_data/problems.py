"""What the loader reports: problems tied to a spreadsheet cell, and the error for files it cannot read."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One error or warning, placed where a person finds it in their spreadsheet.

    ``row`` counts as the spreadsheet shows it (the header is row 1); ``None`` when
    the problem concerns the whole file. ``column`` is the header as written in the
    file where there is one, else the field's name.
    """

    row: int | None
    column: str | None
    value: str | None
    message: str

    def to_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        prefix = prefix[:1].upper() + prefix[1:]
        quoted = f"{_shorten(self.value)!r}" if self.value not in (None, "") else ""
        # A message that already quotes the value ("'Justise' is not one of the sectors") says it once.
        value = f" (value: {quoted})" if quoted and quoted not in self.message else ""
        return f"{prefix}: {self.message}{value}" if prefix else f"{self.message}{value}"


class LoadError(Exception):
    """Base of every error the loader raises on purpose."""


class BadSetting(ValueError):
    """A setting in the environment that cannot be used; the message is one plain sentence."""


class CannotWrite(OSError):
    """A file cannot be written where asked; the message is one plain sentence."""


class UnreadableFile(LoadError):
    """The input is not a spreadsheet the loader can read (or is over a limit).

    The message is a plain sentence meant for the person who uploaded the file.
    """


def _shorten(text: str | None, limit: int = 60) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
