"""New milestones that nearly repeat published ones: reworded, or the same change with its date moved.

Checked when a file is compared with the current version (the Data page's preview, the command
line's ``diff``). A milestone whose id is new, but whose title and description read almost like
those of a published milestone, is most often that milestone edited under a new id (its id was
cleared, or made again from an edited title): published as it is, it would show twice.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from . import i18n
from .dates import When
from .i18n import N_
from .problems import Message, Problem
from .wording import shorten

# Scores are rapidfuzz's ratio (0-100, the Indel similarity difflib's ratio also measures) of
# title and description together, in lower case without punctuation. benchmarks/near_duplicates.py
# measures it on rewordings, cuts, additions and moved dates of the shipped milestones and on
# unrelated ones: every edit scores 75 or more (all but one over 80), while no two different
# shipped milestones reach 55, nor does any generated one score 75 against them.
THRESHOLD = 75.0
_SHOWN_TITLE = 60
_SCORES_AT_ONCE = 2_000_000
_OPENING = 64
_ALIKE_OPENINGS = 60.0


def near_duplicates(
    new_frame, old_frame, *, rows: Mapping[str, int] | None = None, threshold: float = THRESHOLD
) -> list[Problem]:
    """A warning for each new milestone (its id is not in ``old_frame``) whose text nearly
    matches a milestone of ``old_frame``, naming that milestone's id and title.

    Both frames have the milestone columns (``id``, ``date``, ``precision``, ``title``,
    ``description``), as :attr:`LoadResult.milestones` and :func:`store.read_milestones` give
    them. ``rows`` maps a new milestone's id to its spreadsheet row (see
    :meth:`LoadResult.rows_by_id`); without it the warnings name no row. Each new milestone gets
    one warning at most, for the milestone it matches best.
    """
    if new_frame is None or old_frame is None or new_frame.empty or old_frame.empty:
        return []
    old_ids = set(old_frame["id"])
    added = new_frame[~new_frame["id"].isin(old_ids)]
    if added.empty:
        return []
    kept = set(new_frame["id"])
    best, best_score = _best_matches(_texts(added), _texts(old_frame), threshold)
    if "title_hi" in added and "title_hi" in old_frame:
        _better_in_hindi(added, old_frame, threshold, best, best_score)
    warnings = []
    for position, milestone in enumerate(added.itertuples(index=False)):
        if best_score[position] < threshold:
            continue
        old = old_frame.iloc[best[position]]
        warnings.append(
            Problem(
                (rows or {}).get(milestone.id),
                None,
                milestone.title,
                _message(milestone, old, still_there=old["id"] in kept),
            )
        )
    return warnings


def _better_in_hindi(added, old_frame, threshold: float, best: list, best_score: list) -> None:
    """Raise each new milestone's best match to its Hindi one where that scores higher: a change
    reworded in Hindi is found as one reworded in English is. Only milestones with a Hindi title or
    description are compared."""
    has = [i for i, pair in enumerate(_texts(added, "_hi")) if any(pair)]
    had = [i for i, pair in enumerate(_texts(old_frame, "_hi")) if any(pair)]
    if not has or not had:
        return
    new_texts, old_texts = _texts(added, "_hi"), _texts(old_frame, "_hi")
    found, scores = _best_matches(
        [new_texts[i] for i in has], [old_texts[i] for i in had], threshold, normalise=_words_of_any_script
    )
    for position, match, score in zip(has, found, scores, strict=True):
        if score > best_score[position]:
            best[position], best_score[position] = had[match], score


def _texts(frame, suffix: str = "") -> list[tuple[str, str]]:
    return list(zip(frame[f"title{suffix}"], frame[f"description{suffix}"], strict=True))


def _words_of_any_script(text: str) -> str:
    """``text`` in lower case with punctuation as spaces, keeping the vowel signs and viramas of
    Devanagari, which rapidfuzz's own processing takes for punctuation."""
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text.lower())
    return " ".join(kept.split())


def _best_matches(new: list[tuple[str, str]], old: list[tuple[str, str]], threshold: float, normalise=None):
    """For each new (title, description), the position of the old one it matches best and the
    score; scores under ``threshold`` read as 0.

    Scoring every pair of whole texts costs seconds at 100 x 10,000. A pair is scored only where
    the openings of the titles or of the descriptions are alike (:data:`_OPENING` characters,
    which rapidfuzz compares in one machine word each), as every edit keeps one or the other.
    """
    from rapidfuzz import fuzz, process, utils

    normalise = normalise or utils.default_process

    def prepared(pairs):
        titles = [normalise(title) for title, _ in pairs]
        descriptions = [normalise(description) for _, description in pairs]
        whole = [f"{t} {d}" for t, d in zip(titles, descriptions, strict=True)]
        return [t[:_OPENING] for t in titles], [d[:_OPENING] for d in descriptions], whole

    old_titles, old_descriptions, old_whole = prepared(old)
    new_titles, new_descriptions, new_whole = prepared(new)
    best, best_score = [0] * len(new), [0.0] * len(new)
    step = max(1, _SCORES_AT_ONCE // len(old))  # slices keep the score matrices a few MB
    for start in range(0, len(new), step):
        alike = [
            process.cdist(
                queries[start : start + step],
                choices,
                scorer=fuzz.ratio,
                score_cutoff=_ALIKE_OPENINGS,
                dtype="uint8",
                workers=-1,
            )
            for queries, choices in ((new_titles, old_titles), (new_descriptions, old_descriptions))
        ]
        for row, column in zip(*((alike[0] > 0) | (alike[1] > 0)).nonzero(), strict=True):
            position = start + int(row)
            score = fuzz.ratio(new_whole[position], old_whole[column], score_cutoff=threshold)
            if score > best_score[position]:
                best[position], best_score[position] = int(column), score
    return best, best_score


def _message(new, old, *, still_there: bool) -> Message:
    when, new_when = When(old["date"], old["precision"]), When(new.date, new.precision)
    found = Message(
        N_("This new milestone reads almost like '{id}' ({title}, {when})"),
        id=old["id"], title=shorten(old["title"], _SHOWN_TITLE), when=when,
    )  # fmt: skip
    if new_when.text(i18n.ENGLISH) != when.text(i18n.ENGLISH):
        found = Message(N_("{found} (the new one is dated {when})"), found=found, when=new_when)
    if still_there:
        return Message(
            N_("{found}, which the file also has: if they are the same change, keep only one."), found=found
        )
    return Message(
        N_(
            "{found}, which the file no longer has: if it is the same change, give it the id '{id}' "
            "again, so its links and history are kept."
        ),
        found=found, id=old["id"],
    )  # fmt: skip
