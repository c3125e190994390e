"""What the loader writes where a sheet leaves a cell empty: a title made from the description,
an id made from the date and title, and the notices that say so."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

from . import arrow
from .cells import has_text
from .i18n import N_
from .problems import Count, FieldName, Message, Problem
from .schema import MAX_LENGTH

LISTED_NOTICES = 10  # rows named one by one for each thing the loader filled in; the rest in one line
SLUG_LENGTH = 50  # the most characters of a title an id made from it keeps
MADE_TITLE = N_(
    "There is no title, so this one was made from the description: write a title if it does not read well."
)
MADE_ID = N_(
    "There is no id, so this one was made from the date and title: copy it into the file, so the "
    "milestone keeps its id (and its links) when the title is edited."
)


def derive_titles(titles, descriptions):
    """The titles, each missing one made from its description; and the positions made. A row
    with neither keeps its title empty (the loader's error for a missing title names it)."""
    missing = pc.indices_nonzero(pc.and_not(has_text(descriptions), has_text(titles))).to_pylist()
    if not missing:
        return titles, []
    made = titles.to_pylist()
    for position in missing:
        made[position] = headline_from(descriptions[position].as_py())
    return arrow.array(made, pa.string()), missing


def filled_in_notices(
    positions: list[int], rows: list[int], values, label: str, message: str, field: str
) -> list[Problem]:
    """A warning for each row whose ``label`` the loader filled in, naming the value it chose;
    past :data:`LISTED_NOTICES` rows, one line counting the rest."""
    notices = [Problem(rows[p], label, values[p].as_py(), message) for p in positions[:LISTED_NOTICES]]
    if len(positions) > LISTED_NOTICES:
        rest = positions[LISTED_NOTICES:]
        notices.append(
            Problem(
                rows[rest[0]],
                label,
                None,
                Message(
                    N_("{count} (from row {row}) had no {field}; each was given one in the same way."),
                    count=Message(_MORE_ROWS[len(rest) == 1], count=Count(len(rest))),
                    row=rows[rest[0]],
                    field=FieldName(field, label),
                ),
            )
        )
    return notices


_MORE_ROWS = {True: N_("{count} more row"), False: N_("{count} more rows")}


def headline_from(description: str) -> str:
    """A title from a description: its first sentence in whole words, shortened to fit 80
    characters at a clause ("Since August 2019, …") or else at a word, never ending on a word
    like "to" or "the", nor on an abbreviation ("Rajasthan Dept." does not end a sentence)."""
    limit = MAX_LENGTH["title"]
    first = first_sentence(" ".join(description.split()))
    if len(first) <= limit:
        return first
    words = first[: limit - 1].split(" ")
    if first[limit - 1] != " ":
        words = words[:-1]  # the cut falls inside a word: drop that word
    kept = " ".join(words)
    clause = max(kept.rfind(mark) for mark in CLAUSE_MARKS)
    if clause >= limit // 2:  # a clause long enough to stand as a headline ends here
        kept = kept[:clause]
    words = kept.rstrip(",;:–— ").split(" ")
    while len(words) > 1 and (words[-1].lower() in DANGLING or _abbreviation(words[-1])):
        words.pop()
    return " ".join(words).rstrip(",;:–— ") + "…"


# Words a shortened headline must not end on: it would read as cut mid-phrase.
DANGLING = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "for", "in", "on", "at", "by", "with", "from",
    "into", "onto", "over", "under", "as", "than", "that", "which", "who", "whose", "whom", "its", "their",
    "his", "her", "our", "this", "these", "those", "has", "have", "had", "is", "are", "was", "were", "be",
    "been", "being", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no",
})  # fmt: skip
CLAUSE_MARKS = (", ", "; ", ": ", " – ", " — ", " (")
# Words that end with a full stop without ending a sentence (matched without the stop, any case).
ABBREVIATIONS = frozenset({
    "dept", "govt", "no", "nos", "mr", "mrs", "ms", "dr", "st", "sr", "jr", "prof", "hon", "ltd", "co",
    "inc", "corp", "vs", "etc", "e.g", "i.e", "approx", "est", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "rs", "smt", "shri", "dist", "min", "assn", "vol", "art",
    "sec", "fig",
})  # fmt: skip


def _abbreviation(word: str) -> bool:
    """Whether ``word`` is an abbreviation or an initial ("Dept.", "Govt", "A.")."""
    bare = word.rstrip(".").lower()
    return bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (without its full stop): it ends at a ".", "!" or "?"
    followed by a word in capitals, unless the stop ends an abbreviation or an initial."""
    for end in re.finditer(r"[.!?](?=\s+[\"'“‘(]?[A-Z0-9])", text):
        before = text[: end.start() + 1].rsplit(" ", 1)[-1]
        if end.group() == "." and _abbreviation(before):
            continue
        return text[: end.start() + 1].rstrip(".")
    return text.rstrip(".")


def derive_ids(ids, date, title, description):
    """The ids, each missing one made from its date and title; and the positions made."""
    missing = pc.indices_nonzero(pc.invert(has_text(ids))).to_pylist()
    if not missing:
        return ids, []
    made = ids.to_pylist()
    taken = set(made) - {""}
    # The number each base reached: counting up from 2 again for every row of a base that
    # 100,000 rows share would be billions of tries.
    next_number: dict[str, int] = {}
    for position in missing:
        when, text = date[position].as_py(), description[position].as_py()
        stem = slug(title[position].as_py()) or hashlib.sha1(text.encode()).hexdigest()[:8]
        base = f"{when:%Y-%m}-{stem}" if when is not None else stem
        base = base[: MAX_LENGTH["id"] - 4].rstrip("-")
        number = next_number.get(base, 1)  # 1: the base itself; then base-2, base-3...
        candidate = base if number == 1 else f"{base}-{number}"
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        next_number[base] = number
        taken.add(candidate)
        made[position] = candidate
    return arrow.array(made, pa.string()), missing


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
    if len(slug) <= SLUG_LENGTH:
        return slug
    # Cut at a hyphen, so the id ends with a whole word (a lone word that long is cut anyway).
    cut = slug[: SLUG_LENGTH + 1]
    return cut.rsplit("-", 1)[0] if "-" in cut else slug[:SLUG_LENGTH]
