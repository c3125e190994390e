"""How a milestone, and a set of them, is put in words: the same on every page, slide and file."""

from __future__ import annotations

from . import i18n
from .dates import format_date
from .i18n import N_
from .states import NOT_SPECIFIED
from .visibility import STAFF, STAFF_ONLY

SEPARATOR = " · "
# A fact left blank, said without its label ("Not specified" beside "States:" or under a
# States heading; standing alone, it names what is not specified).
UNSPECIFIED = {"States": N_("State not specified"), "Sector": N_("Sector not specified")}


def plural(count: int, noun: str) -> str:
    """``1 milestone``, ``2 milestones``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def list_words(names, conjunction: str = "and") -> str:
    """Names as a sentence writes them: ``Rajasthan``, ``Rajasthan and Bihar``, ``Bihar, Delhi
    and Rajasthan`` ("" for none); ``conjunction`` "or" for a choice among them."""
    names = [str(name) for name in names]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def key_figures_sentence(figures, lang: str = i18n.ENGLISH, dated: bool = True) -> str:
    """What the changes add up to, in one sentence in ``lang``, as the title slide, the offline
    report and TimelineJS open: ``10 systemic changes in 2 states (Bihar and Rajasthan) and 6
    sectors, Feb 2019 to Mar 2022.`` (``figures`` is a summary.KeyFigures, its dates written in
    ``lang``); without the dates where not ``dated`` (a title that names the period above it)."""
    _, ngettext = i18n.translator(lang), i18n.plural_translator(lang)
    if not figures.changes:
        return _("No systemic changes to show.")
    count = {name: f"{getattr(figures, name):,}" for name in ("changes", "states", "sectors")}
    states = ngettext("{count} state", "{count} states", figures.states).format(count=count["states"])
    if figures.state_names:
        states += " (" + list_words([_(name) for name in figures.state_names], _("and")) + ")"
    said = {
        "changes": ngettext("{count} systemic change", "{count} systemic changes", figures.changes),
        "states": states,
        "sectors": ngettext("{count} sector", "{count} sectors", figures.sectors),
    }
    said["changes"], said["sectors"] = (said[k].format(count=count[k]) for k in ("changes", "sectors"))
    if not dated:
        return _("{changes} in {states} and {sectors}.").format(**said)
    when = figures.first_date if figures.first_date == figures.latest_date else (
        _("{first} to {last}").format(first=figures.first_date, last=figures.latest_date)
    )  # fmt: skip
    return _("{changes} in {states} and {sectors}, {when}.").format(**said, when=when)


def where_sentence(figures, lang: str = i18n.ENGLISH) -> str:
    """Where the changes happened, as the story's and the deck's closing slides say it, in
    ``lang``: ``In Bihar and Rajasthan, across 2 sectors: Justice and Education.``, or for one
    sector ``In Rajasthan, within the Justice sector.`` (without states, from "Across" or
    "Within"; without sectors, the states alone, or nothing)."""
    _ = i18n.translator(lang)
    states = list_words([_(name) for name in figures.state_names], _("and"))
    sectors = [_(name) for name in figures.sector_names]
    if not sectors:
        return _("In {states}.").format(states=states) if states else ""
    if len(sectors) == 1:
        where = _("In {states}, within the {sector} sector.") if states else _("Within the {sector} sector.")
    else:
        where = _("In {states}, across {count} sectors: {sectors}.") if states else (
            _("Across {count} sectors: {sectors}.")
        )  # fmt: skip
    return where.format(
        states=states,
        sector="".join(sectors[:1]),
        sectors=list_words(sectors, _("and")),
        count=f"{len(sectors):,}",
    )


def subset_line(filters, shown: int, total: int, lang: str = i18n.ENGLISH) -> str:
    """What a filtered view holds, against everything there is, in ``lang``: ``Justice milestones:
    3 of the 10``, ``Justice milestones in Rajasthan or Bihar, from Jan 2020: 2 of the 10``
    (``filters`` is a filters.Filters). Worded so that it never reads as a slide's "n of m"."""
    _ = i18n.translator(lang)
    kinds = list_words([_(name) for name in filters.sectors], _("or"))
    words = _("{sectors} milestones").format(sectors=kinds) if kinds else _("Milestones")
    if filters.states:
        states = list_words([_(name) for name in filters.states], _("or"))
        words = _("{milestones} in {states}").format(milestones=words, states=states)
    if filters.start or filters.end:
        start, end = (format_date(day, "month", lang) if day else "" for day in (filters.start, filters.end))
        period = (
            _("from {start} to {end}") if start and end else _("from {start}") if start else _("to {end}")
        ).format(start=start, end=end)
        words = _("{milestones}, {period}").format(milestones=words, period=period)
    if filters.search:
        words = _('{milestones} matching "{search}"').format(milestones=words, search=filters.search)
    return _("{milestones}: {shown} of the {total}").format(
        milestones=words, shown=f"{shown:,}", total=f"{total:,}"
    )


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word to fit ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:  # the cut falls inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"


def facts(milestone, lang: str = i18n.ENGLISH) -> list[tuple[str, str]]:
    """Where and in which sector, labelled: states ("Not specified" where none), place, sector;
    and "Staff only" for a milestone visitors never see; in ``lang`` (the labels stay English,
    for :func:`facts_line` to say).

    ``milestone`` is a row with ``states``, ``place``, ``sector`` and ``visibility`` (a pandas
    row or a named tuple); the place is left out where it is blank, the sector shows "Not
    specified"."""
    _ = i18n.translator(lang)
    states = list_words([_(name) for name in _field(milestone, "states")], _("and")) or _(NOT_SPECIFIED)
    place = i18n.text_in(milestone, "place", lang)[0] if lang != i18n.ENGLISH else _field(milestone, "place")
    sector = _field(milestone, "sector")
    staff_only = _visibility(milestone) == STAFF
    return [
        (N_("States"), states),
        *([(N_("Place"), place)] if place else []),
        (N_("Sector"), _(sector) if sector else _(NOT_SPECIFIED)),
        *([(N_("Visibility"), _(STAFF_ONLY))] if staff_only else []),
    ]


def facts_line(
    milestone, separator: str = SEPARATOR, labelled: bool = False, lang: str = i18n.ENGLISH
) -> str:
    """The facts on one line: ``Rajasthan · Jaipur · Justice``, or labelled ``States: Rajasthan ·
    Place: Jaipur · Sector: Justice``. Unlabelled, a missing one says what it is: "State not specified"."""
    _ = i18n.translator(lang)
    if labelled:
        return separator.join(f"{_(label)}: {value}" for label, value in facts(milestone, lang))
    return separator.join(
        _(UNSPECIFIED[label]) if value == _(NOT_SPECIFIED) else value
        for label, value in facts(milestone, lang)
    )


def standing_alone(label: str, lang: str = i18n.ENGLISH):
    """How the names of ``label``'s values ("States" or "Sector") read in ``lang`` where nothing
    beside them says what they name (a timeline's lanes, its legend): each translated, and "Not
    specified" as "State not specified" or "Sector not specified"."""
    _ = i18n.translator(lang)
    return lambda name: _(UNSPECIFIED[label]) if name == NOT_SPECIFIED else _(name)


def span(earliest: tuple, latest: tuple, lang: str = i18n.ENGLISH) -> str:
    """``Feb 2019 to Mar 2022`` from two (date, precision) pairs; one date where both read the same."""
    first, last = format_date(*earliest, lang), format_date(*latest, lang)
    if first == last:
        return first
    _ = i18n.translator(lang)
    return _("{first} to {last}").format(first=first, last=last)


def span_text(start, start_precision: str, end, end_precision: str, lang: str = i18n.ENGLISH) -> str:
    """A period as a person writes it: ``Aug 2019 – Mar 2022`` (``अगस्त 2019 – मार्च 2022``);
    one date where both ends read the same."""
    first, last = format_date(start, start_precision, lang), format_date(end, end_precision, lang)
    return first if first == last else f"{first} – {last}"


def milestone_when(milestone, lang: str = i18n.ENGLISH) -> str:
    """How a milestone's date reads wherever it is shown: the date its sheet wrote for readers
    (Display Date) where there is one, else its span (``Aug 2019 – Mar 2022``) or its date at
    its precision (``Mar 2022``). ``milestone`` is a pandas row, a named tuple or a record."""
    shown = _optional(milestone, "display_date")
    if shown:
        return shown
    start, precision = _field(milestone, "date"), _field(milestone, "precision")
    end = _optional(milestone, "end_date")
    if end is None or end != end or end == "":  # none, NaT (never equal to itself), or a record's ""
        return format_date(start, precision, lang)
    return span_text(start, precision, end, _optional(milestone, "end_precision"), lang)


def picture_line(milestone) -> str:
    """What is written under a milestone's picture: its caption, then its credit
    (``A hearing room · Photograph: A. Name``); "" where it has neither."""
    parts = (_optional(milestone, "image_caption"), _optional(milestone, "image_credit"))
    return SEPARATOR.join(part for part in parts if part)


def frame_span(frame, lang: str = i18n.ENGLISH) -> str:
    """:func:`span` of a milestone frame's earliest and latest milestones ("" for none)."""
    if frame.empty:
        return ""
    return span(*_first_and_last(frame), lang)


def period_line(frame, lang: str = i18n.ENGLISH) -> str:
    """The period a milestone frame spans, as a title names it: ``Milestones from Feb 2019 to
    Mar 2022`` (``Milestones of Mar 2022`` where both ends read the same; "" for none)."""
    if frame.empty:
        return ""
    _ = i18n.translator(lang)
    first, last = (format_date(*end, lang) for end in _first_and_last(frame))
    if first == last:
        return _("Milestones of {date}").format(date=first)
    return _("Milestones from {first} to {last}").format(first=first, last=last)


def _first_and_last(frame) -> tuple[tuple, tuple]:
    """The (date, precision) of a frame's earliest and of its latest milestone."""
    first, last = (frame.loc[i] for i in (frame["date"].idxmin(), frame["date"].idxmax()))
    return (first["date"], first["precision"]), (last["date"], last["precision"])


def staff_only_sentence(count: int, total: int, lang: str = i18n.ENGLISH) -> str:
    """How many of ``total`` milestones only staff will see, for the preview of an upload, in ``lang``."""
    _, ngettext = i18n.translator(lang), i18n.plural_translator(lang)
    if not count:
        return _("No milestone is staff-only: visitors will see all {total}.").format(total=f"{total:,}")
    of = ngettext("{count} of the {total} milestone", "{count} of the {total} milestones", total)
    said = ngettext(
        "{milestones} is staff-only: visitors will not see it on any page, count or download.",
        "{milestones} are staff-only: visitors will not see them on any page, count or download.",
        count,
    )
    return said.format(milestones=of.format(count=f"{count:,}", total=f"{total:,}"))


def _field(milestone, name: str):
    return getattr(milestone, name) if isinstance(milestone, tuple) else milestone[name]


def _optional(milestone, name: str):
    """A field a row made before it existed may lack (None then)."""
    if isinstance(milestone, tuple):
        return getattr(milestone, name, None)
    return milestone.get(name)


def _visibility(milestone) -> str:
    """A milestone's visibility ("" for a row made without one)."""
    if isinstance(milestone, tuple):
        return getattr(milestone, "visibility", "")
    return milestone.get("visibility", "")
