"""The normalized milestone table's schema, written as code, and its failures as plain sentences.

The table is Arrow: each check is one vectorized expression over a whole column, and every
check runs on every row, so one pass collects all the failures (validation is lazy).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from . import arrow
from .dates import PRECISIONS
from .i18n import N_
from .markup import NOT_XML
from .problems import Count, FieldName, Message, Problem, rows_named
from .translation import HINDI_COLUMNS, HINDI_FIELDS, STATUSES
from .visibility import VISIBILITIES

MILESTONE_TYPES = pa.schema(
    [
        ("id", pa.string()),
        ("date", pa.date32()),
        ("precision", pa.string()),
        ("end_date", pa.date32()),  # the first day of the last period a span covers; null for none
        ("end_precision", pa.string()),  # "" for none
        ("display_date", pa.string()),  # the date as the sheet writes it for readers; "" for none
        ("title", pa.string()),
        ("description", pa.string()),
        ("rationale", pa.string()),
        ("states", pa.list_(pa.string())),
        ("place", pa.string()),
        ("sector", pa.string()),
        ("source", pa.string()),
        ("image", pa.string()),  # a picture's file name; the picture is stored with the version
        ("image_alt", pa.string()),
        ("image_caption", pa.string()),
        ("image_credit", pa.string()),
        ("media_link", pa.string()),  # a link to a picture elsewhere: kept, never fetched or shown
        ("visibility", pa.string()),
        # The text fields in Hindi ("" where there is none), and whether the Hindi is reviewed.
        *((column, pa.string()) for column in HINDI_COLUMNS),
        ("translation_status", pa.string()),  # "draft", "reviewed", or "" (a draft where there is Hindi)
    ]
)
MILESTONE_COLUMNS = tuple(MILESTONE_TYPES.names)

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
MAX_LENGTH = {
    "id": 80, "title": 80, "description": 5000, "rationale": 5000, "place": 200, "sector": 60,
    "source": 2000, "image": 255, "image_alt": 1000, "image_caption": 1000, "image_credit": 300,
    "media_link": 2000, "display_date": 100,
}  # fmt: skip
# Hindi holds as much as English; a headline has room for Devanagari's vowel signs, each its own
# character, so that it reads as long as an English one of 80.
MAX_LENGTH |= {column: MAX_LENGTH[name] for name, column in HINDI_FIELDS.items()} | {"title_hi": 120}
TEXT_WITH_PHOTO = ("image", "image_alt", "image_caption", "image_credit", "media_link")
TEXT_COLUMNS = (
    "title",
    "description",
    "rationale",
    "place",
    "sector",
    "source",
    "display_date",
    *TEXT_WITH_PHOTO,
    *HINDI_COLUMNS,
)
# Written for Arrow's regex engine (RE2: no lookahead); NOT_XML reads the same in both.
_HAS_SCHEME = r"^[A-Za-z][A-Za-z0-9+.-]*:"
WEB_LINK = r"^[Hh][Tt][Tt][Pp][Ss]?://"  # a cell that starts an http(s) link
STARTS_WEB_LINK = re.compile(WEB_LINK)  # the same for Python text: ``STARTS_WEB_LINK.match(text)``
ONE_WEB_LINK = re.compile(WEB_LINK + r"\S+")  # a text that is one link, nothing else (``fullmatch``)
_FOLDER_OR_HIDDEN = r"[/\\]|^\."  # a path (photos/a.jpg, C:\a.jpg) or a hidden file (.a.jpg)
_LINK_NAMES = {"source": N_("A source link must start with {http} or {https}."),
               "media_link": N_("A media link must start with {http} or {https}.")}  # fmt: skip


@dataclass(frozen=True)
class Check:
    """A rule for the cells of some columns: ``fails(cells, column)`` is true where a cell breaks
    it, or None when it can tell that no cell does."""

    name: str
    columns: tuple[str, ...]
    fails: Callable[[pa.ChunkedArray, str], pa.ChunkedArray | None]
    message: Callable[[str, str], Message | str]  # (column, the failing value) -> what to tell the person


_PRECISIONS = arrow.array(PRECISIONS, pa.string())
_END_PRECISIONS = arrow.array(("", *PRECISIONS), pa.string())
KNOWN_VISIBILITIES = arrow.array(VISIBILITIES, pa.string())
KNOWN_STATUSES = arrow.array(("", *STATUSES), pa.string())
NO_CHARACTERS = arrow.scalar(0, pa.int32())  # the length of an empty cell
# The bytes that can start what NOT_XML names in UTF-8: the C0 controls other than tab and line
# breaks, and 0xEF, which leads U+FFFE and U+FFFF (and other characters from U+F000).
_SUSPECT_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r") + b"\xef"
_INNOCENT_BYTES = bytes(b for b in range(256) if b not in _SUSPECT_BYTES)


def _control_characters(cells: pa.ChunkedArray, _) -> pa.ChunkedArray | None:
    # A scan of the column's bytes is several times faster than the pattern, and nearly always
    # shows that no cell can hold one.
    if not arrow.text_bytes(cells).translate(None, _INNOCENT_BYTES):
        return None
    return pc.match_substring_regex(cells, NOT_XML)


def _control_character_message(column: str, value: str) -> Message:
    character = re.search(NOT_XML, value).group()
    return Message(
        N_(
            "{field} holds an invisible control character ({code}), which spreadsheets cannot store: "
            "delete it (it often comes with text pasted from another program)."
        ),
        field=FieldName(column), code=f"U+{ord(character):04X}",
    )  # fmt: skip


def _one_of(name: str, column: str, allowed: pa.Array, message) -> Check:
    """The rule ``name`` that each cell of ``column`` is one of ``allowed``; ``message(column, value)``
    says what it must be."""
    return Check(name, (column,), lambda cells, _: pc.invert(pc.is_in(cells, allowed)), message)


def _precision_message(sentence: str):
    return lambda column, _: Message(sentence, field=FieldName(column), values=", ".join(PRECISIONS))


CHECKS = (
    Check(
        "not_nullable",
        ("date",),
        lambda cells, _: pc.is_null(cells),
        lambda column, _: Message(N_("{field} is missing."), field=FieldName(column)),
    ),
    _one_of("isin", "precision", _PRECISIONS, _precision_message(N_("{field} is one of {values}."))),
    _one_of(
        "isin",
        "end_precision",
        _END_PRECISIONS,
        _precision_message(N_("{field} is empty or one of {values}.")),
    ),
    _one_of(
        "visibility",
        "visibility",
        KNOWN_VISIBILITIES,
        lambda column, _: Message(
            N_(
                "{field} is {public} (everyone sees the milestone; also when empty) or {staff} (only "
                "signed-in staff see it): write one of the two."
            ),
            field=FieldName(column),
            public="public",
            staff="staff",
        ),
    ),
    _one_of(
        "translation_status",
        "translation_status",
        KNOWN_STATUSES,
        lambda column, value: Message(
            N_(
                "{field} is {draft} (the Hindi is not yet reviewed; also when empty) or {reviewed} (the "
                "programme has checked it), not '{value}': write one of the two."
            ),
            field=FieldName(column),
            value=value,
            draft="draft",
            reviewed="reviewed",
        ),
    ),
    Check(
        "id_pattern",
        ("id",),
        lambda cells, _: pc.invert(pc.match_substring_regex(cells, rf"^{ID_PATTERN}$")),
        lambda *_: Message(
            N_(
                "An id is lowercase letters, digits and hyphens, such as '{example}'; leave it empty to "
                "have one made from the date and title."
            ),
            example="testimony-by-video",
        ),
    ),
    Check(
        "required",
        ("title", "description", "rationale"),
        lambda cells, _: pc.equal(pc.utf8_length(cells), NO_CHARACTERS),
        lambda column, _: Message(N_("{field} is required, and this row has none."), field=FieldName(column)),
    ),
    Check(
        "file_name",
        ("image",),
        lambda cells, _: pc.match_substring_regex(cells, _FOLDER_OR_HIDDEN),
        lambda *_: Message(
            N_(
                "An image is the file name of a picture uploaded with the spreadsheet ({example}), "
                "without a folder."
            ),
            example="court-hearing.jpg",
        ),
    ),
    Check(
        "length",
        ("id", *TEXT_COLUMNS),
        lambda cells, column: pc.greater(pc.utf8_length(cells), arrow.scalar(MAX_LENGTH[column], pa.int32())),
        lambda column, value: Message(
            N_("{field} is {length} characters long; the most is {most}."),
            field=FieldName(column),
            length=Count(len(value)),
            most=Count(MAX_LENGTH[column]),
        ),
    ),
    Check(
        "control_character",
        TEXT_COLUMNS,
        _control_characters,
        _control_character_message,
    ),
    Check(
        "unsafe_link",
        ("source", "media_link"),
        lambda cells, _: pc.and_not(
            pc.match_substring_regex(cells, _HAS_SCHEME), pc.match_substring_regex(cells, WEB_LINK)
        ),
        lambda column, _: Message(_LINK_NAMES[column], http="http://", https="https://"),
    ),
)
_TRUE = arrow.scalar(True, pa.bool_())
_FALSE = arrow.scalar(False, pa.bool_())
_ONE = arrow.scalar(1, pa.int64())
_EMPTY = arrow.scalar("", pa.string())
_UNIT_SEPARATOR = arrow.scalar("\x1f", pa.string())
_OPENING = 40  # characters of a description compared before the whole


def validate(table: pa.Table, rows: Sequence[int], labels: dict[str, str]) -> list[Problem]:
    """Check ``table`` against the schema; return every failure as a Problem.

    ``rows`` is the spreadsheet row of each of the table's rows; ``labels`` maps a field to the
    header the file used for it, so messages name the column the person sees. A table whose
    columns or types differ from :data:`MILESTONE_TYPES` is a programming error (TypeError).
    """
    if not table.schema.equals(MILESTONE_TYPES):
        expected = MILESTONE_TYPES
        raise TypeError(f"A milestone table has these columns and types:\n{expected}\nnot\n{table.schema}")
    problems = []
    for column in MILESTONE_COLUMNS:
        for check in CHECKS:
            if column not in check.columns:
                continue
            fails = check.fails(table[column], column)
            if fails is None:
                continue
            said = {}  # each failing value's message, made once however many rows hold it
            for position in pc.indices_nonzero(pc.fill_null(fails, _TRUE)).to_pylist():
                value = table[column][position].as_py()
                if value not in said:
                    said[value] = check.message(column, value)
                text = None if value is None else str(value)
                problems.append(Problem(rows[position], labels.get(column, column), text, said[value]))
    for value, positions in _shared(table["id"]):
        shared_by = [rows[p] for p in positions]
        message = Message(
            N_("The id '{id}' is used by more than one row ({rows}); ids must be unique."),
            id=value, rows=rows_named(shared_by),
        )  # fmt: skip
        problems += [Problem(row, labels.get("id", "id"), value, message) for row in shared_by]
    alt_label = labels.get("image_alt", "image_alt")
    for position in _without_alt_text(table):
        name = table["image"][position].as_py()
        message = Message(
            N_(
                "The picture in {image} ({name}) has no alt text: write in {alt} what it shows, for people "
                "who cannot see it."
            ),
            image=FieldName("image", labels.get("image", "image")), name=name,
            alt=FieldName("image_alt", alt_label),
        )  # fmt: skip
        problems.append(Problem(rows[position], alt_label, "", message))
    label = labels.get("description", "description")
    for repeated in _repeated_milestones(table):
        description = table["description"][repeated[0]].as_py()
        repeated_rows = [rows[p] for p in repeated]
        for index, row in enumerate(repeated_rows[1:], start=1):
            message = Message(
                N_("This milestone repeats {rows} (same date and description): keep one."),
                rows=rows_named(repeated_rows, index),
            )
            problems.append(Problem(row, label, description, message))
    return problems


def _without_alt_text(table: pa.Table) -> list[int]:
    """The positions of rows naming a picture without saying what it shows."""
    has_image = pc.greater(pc.utf8_length(table["image"]), NO_CHARACTERS)
    no_alt = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(table["image_alt"])), NO_CHARACTERS)
    return pc.indices_nonzero(pc.fill_null(pc.and_(has_image, no_alt), _FALSE)).to_pylist()


def _repeated_milestones(table: pa.Table) -> list[list[int]]:
    """The positions of rows holding the same date and description, in groups."""
    # Hashing every description whole (50 MB at 100,000 rows) would cost more than all the other
    # checks together: rows are matched first on date, length and opening, and only those that
    # match there are compared in full.
    date, description = table["date"], table["description"]
    sketch = pc.binary_join_element_wise(
        pc.fill_null(pc.cast(date, pa.string()), _EMPTY),
        pc.cast(pc.binary_length(description), pa.string()),
        pc.utf8_slice_codeunits(description, 0, _OPENING),
        _UNIT_SEPARATOR,
    )
    groups = []
    for _, positions in _shared(sketch):
        taken = arrow.numbers(positions, pa.int64())
        whole = zip(pc.take(date, taken).to_pylist(), pc.take(description, taken).to_pylist(), strict=True)
        same: dict[tuple, list[int]] = {}
        for position, key in zip(positions, whole, strict=True):
            same.setdefault(key, []).append(position)
        groups += [group for group in same.values() if len(group) > 1]
    return groups


def _shared(keys: pa.ChunkedArray) -> list[tuple[str, list[int]]]:
    """Each value more than one row holds, with those rows' positions in order."""
    counts = pc.value_counts(keys)
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), _ONE))
    if not len(repeated):
        return []
    positions = pc.indices_nonzero(pc.is_in(keys, value_set=repeated))
    holders: dict[str, list[int]] = {}
    for position, key in zip(positions.to_pylist(), pc.take(keys, positions).to_pylist(), strict=True):
        holders.setdefault(key, []).append(position)
    return list(holders.items())
