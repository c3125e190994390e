"""Who published a version and why: the name and the note the history shows, each one line of
plain text within its bound."""

from __future__ import annotations

import re

from .auth import Staff
from .i18n import N_
from .problems import Count, Message

MAX_NAME = 200  # characters
MAX_NOTE = 2_000  # characters: a note says what changed and why, in a sentence or a paragraph


# Control characters (line breaks and tabs included), and Unicode's line and paragraph breaks.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str, what: str) -> str:
    """``text`` (a name or a note for the history) if it is one line of plain text; else a
    ValueError naming the character: the history prints it, where a line break or a
    terminal's escape would forge lines or codes. Spreadsheet cells are refused alike.
    ``what`` names the text (marked for the catalog: ``N_("The note")``); the error's
    :class:`~clfj_data.problems.Message` says it in any language."""
    found = _NOT_ONE_LINE.search(text)
    if found:
        raise ValueError(
            Message(
                N_(
                    "{what} holds an invisible control character or line break ({code}): write it on one "
                    "line, without characters pasted from a terminal."
                ),
                what=Message(what), code=f"U+{ord(found.group()):04X}",
            )
        )  # fmt: skip
    return text


def named(staff: Staff) -> Staff:
    """``staff``, if the name is at most :data:`MAX_NAME` characters on one line; else a ValueError."""
    if len(staff.name.strip()) > MAX_NAME:
        raise ValueError(Message(N_("A name is at most {count} characters."), count=Count(MAX_NAME)))
    one_line(staff.name, N_("The name"))
    return staff


def required_note(note: str) -> str:
    """``note`` trimmed, if it says something in at most :data:`MAX_NOTE` characters on one line;
    else a ValueError."""
    note = (note or "").strip()
    if not note:
        raise ValueError(N_("A note saying what changed is required."))
    if len(note) > MAX_NOTE:
        raise ValueError(Message(N_("A note is at most {count} characters."), count=Count(MAX_NOTE)))
    return one_line(note, N_("The note"))
