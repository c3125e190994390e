"""What the loader reports: problems tied to a spreadsheet cell, and the error for files it cannot read.

A problem says what is wrong as a :class:`Message`: an interface sentence marked for the catalog
(``N_("The year {year} is outside …")``) with its named values, written in English for the command
line and its JSON, and in the language being viewed on a page (``problem.text("hi")``).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import i18n
from .columns import FIELD_HEADERS, field_of
from .i18n import N_

ENGLISH = i18n.ENGLISH


class Message:
    """An interface sentence and the values it fills in, written in any language.

    ``template`` is the English, marked with ``N_`` so that the catalogs hold it; each value is
    text written as it is (the person's own cells, file names, what a cell must say), a whole
    number, or something written in the language asked for: another :class:`Message` (a word of
    the interface: ``Message(N_("Justice"))``), a :class:`Count`, a :class:`FieldName` or a
    :class:`~clfj_data.dates.When`.
    """

    __slots__ = ("template", "values")

    def __init__(self, template: str, **values) -> None:
        self.template, self.values = template, values

    def text(self, lang: str = ENGLISH) -> str:
        translated = i18n.translator(lang)(self.template)
        if not self.values:
            return translated
        return translated.format(**{name: _written(value, lang) for name, value in self.values.items()})

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.template, self.values) == (other.template, other.values)

    def __hash__(self) -> int:
        return hash(self.template)

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.values!r})"

    def __str__(self) -> str:  # an error raised with a Message reads in English
        return self.text(ENGLISH)


def said_of(error: Exception) -> Message:
    """What an error says: the Message it was raised with, else its text as it is."""
    said = error.args[0] if len(error.args) == 1 else None
    return said if isinstance(said, Message) else Message(str(error))


@dataclass(frozen=True)
class Count:
    """A number a sentence counts with: ``5,001`` in English, grouped the Indian way elsewhere
    (``1,00,000``)."""

    number: int

    def text(self, lang: str) -> str:
        return f"{self.number:,}" if i18n.language(lang) == ENGLISH else i18n.format_number(self.number, lang)


@dataclass(frozen=True)
class FieldName:
    """A milestone field named in a sentence: ``Title (Hindi)`` in English (or ``english``), as
    the messages have always named it; in another language by the header the page's tables give it."""

    field: str
    english: str | None = None

    def text(self, lang: str) -> str:
        if i18n.language(lang) == ENGLISH:
            return self.english or _english_field(self.field)
        return i18n.translator(lang)(_heading(self.field) or _english_field(self.field))


# The fields a page's tables never head, as a sentence names them.
_OTHER_FIELDS = {
    "id": N_("Milestone id"), "end_date": N_("End date"), "display_date": N_("Date as written"),
    "image_caption": N_("Photo caption"), "media_link": N_("Media link"), "precision": N_("Date"),
    "end_precision": N_("End date"),
}  # fmt: skip


def column_named(field: str, headers: dict[str, str] | None = None, lang: str = ENGLISH) -> str:
    """A column as every message on the Data page names it: by its header in the staff
    member's file (``headers``, field -> header) where it has one, else by the template's
    (``rationale_hi``); in another language by the page's name for it, the header beside it
    ("यह क्यों मायने रखता है (rationale_hi)")."""
    written = (headers or {}).get(field) or field
    if i18n.language(lang) == ENGLISH:
        return written
    named = field_heading(field, lang) if _heading(field) else written
    return named if named == written else f"{named} ({written})"


def field_heading(field: str, lang: str = ENGLISH) -> str:
    """A field as the page's own tables head it ("Why it matters", "यह क्यों मायने रखता है"),
    where no file names it: what changed from one published version to another."""
    header = _heading(field)
    return i18n.translator(lang)(header) if header else field


def _heading(field: str) -> str | None:
    return FIELD_HEADERS.get(field) or _OTHER_FIELDS.get(field)


def _english_field(field: str) -> str:
    if field.endswith("_hi"):
        return f"{_english_field(field.removesuffix('_hi'))} (Hindi)"
    return field.capitalize().replace("_", " ")


def _written(value, lang: str) -> str:
    if isinstance(value, str | int):
        return str(value)  # the person's own text, or a whole number
    return value.text(lang)  # a Message, Count, FieldName or dates.When: written in the language


def rows_named(rows: list[int], count: int | None = None, shown: int = 5, *, starts: bool = False) -> Message:
    """The first ``count`` of ``rows`` (all by default): ``row 4``, ``rows 2, 5 and 9``, or past
    ``shown`` of them ``rows 2, 3, 4, 5, 6 and 12 more`` (a message for each of 100,000 repeated
    rows that named all the others would run to billions of characters). ``starts``: as the
    first words of a sentence (``Rows 2 and 5``)."""
    count = len(rows) if count is None else count
    listed = [str(row) for row in rows[: min(count, shown)]]
    if count == 1:
        return Message(N_("Row {row}") if starts else N_("row {row}"), row=listed[0])
    if count <= shown:
        template = N_("Rows {rows} and {last}") if starts else N_("rows {rows} and {last}")
        return Message(template, rows=", ".join(listed[:-1]), last=listed[-1])
    template = N_("Rows {rows} and {count} more") if starts else N_("rows {rows} and {count} more")
    return Message(template, rows=", ".join(listed), count=Count(count - shown))


@dataclass(frozen=True)
class Problem:
    """One error or warning, placed where a person finds it in their spreadsheet.

    ``row`` counts as the spreadsheet shows it (the header is row 1); ``None`` when
    the problem concerns the whole file. ``column`` is the header as written in the
    file where there is one, else the field's name. ``said`` is what is wrong, in any
    language (a plain string is a message without values); ``column_said`` names the
    column in another language where the file gives it no header to be named by.
    """

    row: int | None
    column: str | None
    value: str | None
    said: Message
    column_said: Message | None = None

    def __post_init__(self) -> None:
        if isinstance(self.said, str):
            object.__setattr__(self, "said", Message(self.said))

    @property
    def message(self) -> str:
        """What is wrong, in English."""
        return self.said.text(ENGLISH)

    def to_dict(self) -> dict:
        """``{"row", "column", "value", "message"}``, the message in English (``check --json``)."""
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}

    def text(self, lang: str = ENGLISH) -> str:
        """The problem as one line in ``lang``: ``Row 4, column 'Date': … (value: 'x')``."""
        _ = i18n.translator(lang)
        message = self.said.text(lang)
        column = self.column
        if self.column_said is not None and i18n.language(lang) != ENGLISH:
            column = self.column_said.text(lang)
        elif column and i18n.language(lang) != ENGLISH:  # named in the page's words, the header beside
            field = field_of(column)
            column = column_named(field, {field: column}, lang) if field else column
        if self.row is not None and column:
            line = _("Row {row}, column '{column}': {message}").format(
                row=self.row, column=column, message=message
            )
        elif self.row is not None:
            line = _("Row {row}: {message}").format(row=self.row, message=message)
        elif column:
            line = _("Column '{column}': {message}").format(column=column, message=message)
        else:
            line = message
        quoted = f"{_shorten(self.value)!r}" if self.value not in (None, "") else ""
        # A message that already quotes the value ("'Justise' is not one of the sectors") says it once.
        if quoted and quoted not in message:
            return _("{line} (value: {value})").format(line=line, value=quoted)
        return line

    def __str__(self) -> str:
        return self.text(ENGLISH)


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


def _shorten(text: str | None, limit: int = 80) -> str | None:
    """A value quoted whole up to a title's 80 characters; a longer one cut at a word."""
    if text is None or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"
