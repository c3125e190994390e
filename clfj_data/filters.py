"""The dashboard's filters: what they are, how they travel in a URL, and how they cut a table."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from . import i18n
from .dates import MONTH, format_date, span_ends
from .i18n import N_
from .sectors import SECTORS, match_sector, sector_labels, sector_order
from .states import ALIASES, ALL_STATES, CITIES, NOT_SPECIFIED, name_key

# URL query parameters, shared by every page, e.g.
# ?state=Bihar&state=Rajasthan&sector=Justice&from=2020-01&to=2021-12&q=court
STATE, SECTOR, FROM, TO, SEARCH = "state", "sector", "from", "to", "q"
PARAMETERS = (STATE, SECTOR, FROM, TO, SEARCH)
# A parameter as a page in another language than English names it in a sentence (in English, and
# on the command line, a sentence names the parameter itself: "The state value", "The --to value").
PARAMETER_NAMES = {STATE: N_("States"), SECTOR: N_("Sectors"), FROM: N_("Dates from"), TO: N_("Dates up to")}
# Searched in both languages: a Hindi word finds a milestone by its Hindi text.
SEARCHED_COLUMNS = ("title", "description", "rationale", "place", "sector", "title_hi", "description_hi",
                    "rationale_hi", "place_hi")  # fmt: skip
MAX_SEARCH = 200  # characters: past a few hundred KB a search is a pattern too large to match
DATE_FORMS = N_("a year (2020), a month (2020-03) or a day (2020-03-15)")
SHOWN_VALUE = 60  # characters of a refused value that its message repeats


@dataclass(frozen=True)
class Filters:
    """A view of the milestones. Empty means "all": no state chosen shows every state."""

    states: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    start: dt.date | None = None  # first day shown
    end: dt.date | None = None  # last day shown
    search: str = ""

    @property
    def active(self) -> bool:
        return self != Filters()

    def describe(self, lang: str = i18n.ENGLISH) -> str:
        """The filters in words, for exports, in ``lang``: ``Rajasthan; Justice; from Jan 2020;
        matching "court"``."""
        _ = i18n.translator(lang)
        parts = [_(name) for name in (*self.states, *self.sectors)]
        if self.start:
            parts.append(_("from {start}").format(start=format_date(self.start, "month", lang)))
        if self.end:
            parts.append(_("to {end}").format(end=format_date(self.end, "month", lang)))
        if self.search:
            parts.append(_('matching "{search}"').format(search=self.search))
        return "; ".join(parts)

    def to_query(self) -> dict[str, list[str] | str]:
        """The query parameters for these filters; defaults are left out to keep links short."""
        query: dict[str, list[str] | str] = {}
        if self.states:
            query[STATE] = list(self.states)
        if self.sectors:
            query[SECTOR] = list(self.sectors)
        if self.start:
            query[FROM] = self.start.isoformat()[: 10 if self.start.day != 1 else 7]
        if self.end:
            query[TO] = _end_text(self.end)
        if self.search:
            query[SEARCH] = self.search
        return query

    @classmethod
    def from_query(cls, get_all) -> Filters:
        """Filters from query parameters. ``get_all(name)`` returns that parameter's values
        (``st.query_params.get_all`` fits). Dates that cannot be read are dropped; states and
        sectors are kept as written. :func:`read_query` also says what it could not read."""

        def first(name: str) -> str:
            return next((v for v in get_all(name) if v), "")

        return cls(
            states=_unique(get_all(STATE)),
            sectors=_unique(get_all(SECTOR)),
            start=_period(first(FROM), end=False),
            end=_period(first(TO), end=True),
            search=first(SEARCH).strip()[:MAX_SEARCH],
        )


def narrowing(chosen: Iterable[str], options: Iterable[str]) -> tuple[str, ...]:
    """The values chosen of a filter that offers ``options``, or none where all of them are
    chosen: every value is the same as no filter, and a link then carries no parameter for it."""
    chosen = tuple(chosen)
    options = set(options)
    return () if options and options <= set(chosen) else chosen


def read_query(
    get_all, sectors: Iterable[str] = (), prefix: str = "", lang: str = i18n.ENGLISH
) -> tuple[Filters, list[str]]:
    """Filters from query parameters, and one plain sentence for each value that cannot be
    read; such a value is left out, so that the others still apply.

    ``get_all(name)`` returns that parameter's values (``st.query_params.get_all`` fits).
    A state is a state or union territory of India, by any name the loader accepts (Orissa
    is Odisha), or "Not specified". A sector is one of the vocabulary's (by any of its names),
    "Not specified", or one of ``sectors``: those the data has, since a file may bring sectors
    of its own. A date is a year, a month or a day (2020, 2020-03, 2020-03-15). Each sentence
    names the parameter with ``prefix`` before it (``--`` for the command line) and its value,
    in ``lang`` (the states and sectors it names as that language's pages name them).
    """
    problems: list[str] = []
    _ = i18n.translator(lang)

    def refuse(name: str, value: str, why: str) -> None:
        problems.append(_refusal(name, value, why, prefix, lang))

    def first(name: str) -> str:
        return next((v for v in get_all(name) if v and v.strip()), "")

    chosen_states = []
    for value in _unique(get_all(STATE)):
        state = _STATE_KEYS.get(name_key(value))
        if state is None:
            refuse(STATE, value, _unknown_state(value, _))
        chosen_states.append(state)
    known_sectors = {name_key(s): s for s in (*SECTORS, NOT_SPECIFIED, *sectors)}
    chosen_sectors = []
    for value in _unique(get_all(SECTOR)):
        sector = value if value in known_sectors.values() else None
        sector = sector or match_sector(value) or known_sectors.get(name_key(value))
        if sector is None:
            close = difflib.get_close_matches(name_key(value), known_sectors, n=1, cutoff=0.75)
            names = ", ".join(_(name) for name in sector_order(known_sectors.values()))
            why = _("is not one of the sectors ({sectors}).").format(sectors=names)
            if close:
                why += _(" Did you mean {name}?").format(name=_(known_sectors[close[0]]))
            refuse(SECTOR, value, why)
        chosen_sectors.append(sector)
    ends = {}
    for name, end in ((FROM, False), (TO, True)):
        text = first(name)
        ends[name] = _period(text, end=end) if text else None
        if text and ends[name] is None:
            refuse(name, text.strip(), _("is not a date: write {forms}.").format(forms=_(DATE_FORMS)))
    filters = Filters(
        states=_unique(s for s in chosen_states if s),
        sectors=_unique(s for s in chosen_sectors if s),
        start=ends[FROM],
        end=ends[TO],
        search=first(SEARCH).strip()[:MAX_SEARCH],
    )
    return filters, problems


def _refusal(name: str, value: str, why: str, prefix: str, lang: str) -> str:
    """'The {name} value "{value}" {why}', the parameter named as ``lang``'s pages name it."""
    _ = i18n.translator(lang)
    shown = value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 1] + "…"
    named = prefix + name if i18n.language(lang) == i18n.ENGLISH else _(PARAMETER_NAMES[name])
    return _('The {name} value "{value}" {why}').format(name=named, value=shown, why=why)


def dates_not_applied(get_all, filters: Filters, months: list[Month], lang: str = i18n.ENGLISH) -> list[str]:
    """One plain sentence for each date of a link that reads as a date but cannot be applied to
    ``months`` (the span the milestones cover): a start after the latest month, an end before the
    earliest, or a start after the end. The page then shows the whole span, and says why."""
    _ = i18n.translator(lang)
    if not months:
        return []
    first, last = months[0], months[-1]
    low = pd.Period(filters.start, "M") if filters.start else None
    high = pd.Period(filters.end, "M") if filters.end else None
    said = []
    if low is not None and high is not None and low > high:
        said.append((FROM, _("is after the end date, so the dates are not applied.")))
    elif low is not None and low > last:
        said.append((FROM, _("is after the latest milestone ({month}), so it is not applied.")))
    elif high is not None and high < first:
        said.append((TO, _("is before the earliest milestone ({month}), so it is not applied.")))
    month = {FROM: last, TO: first}
    return [
        _refusal(
            name,
            next(v for v in get_all(name) if v and v.strip()).strip(),
            why.format(month=format_date(month[name].to_timestamp().date(), MONTH, lang)),
            "",
            lang,
        )
        for name, why in said
    ]


_STATE_KEYS = (
    {name_key(name): name for name in (*ALL_STATES, NOT_SPECIFIED)}
    | {name_key(alias): name for alias, name in ALIASES.items()}
)  # fmt: skip
_CITY_STATES = {name_key(city): state for city, state in CITIES.items()}


def _unknown_state(value: str, _=i18n.N_) -> str:
    """Why ``value`` is no state, with ``_`` the translator of the language it is said in (English:
    the text as written)."""
    key = name_key(value)
    if key in _CITY_STATES:
        return _("is a city, not a state: it is in {state}.").format(state=_(_CITY_STATES[key]))
    close = difflib.get_close_matches(key, _STATE_KEYS, n=1, cutoff=0.75)
    why = _('is not a state or union territory of India, nor "{none}".').format(none=_(NOT_SPECIFIED))
    return why + (_(" Did you mean {name}?").format(name=_(_STATE_KEYS[close[0]])) if close else "")


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The milestones ``filters`` let through, in the same order.

    A milestone is kept when any of its states is chosen ("Not specified" picks those
    naming none), its sector is chosen, its period overlaps the date range, and the
    search text appears (ignoring case) in its title, description, rationale, place,
    sector or states, in English or in Hindi (a state or sector by its Hindi name too).
    """
    keep = pd.Series(True, index=frame.index)
    if filters.states:
        wanted = set(filters.states)
        keep &= frame["states"].map(lambda names: bool(wanted.intersection(names or (NOT_SPECIFIED,))))
    if filters.sectors:
        keep &= sector_labels(frame).isin(filters.sectors)
    if filters.start:
        keep &= span_ends(frame) > pd.Timestamp(filters.start)
    if filters.end:
        keep &= frame["date"] <= pd.Timestamp(filters.end)
    if filters.search:
        text = _searched_names(frame)
        for column in SEARCHED_COLUMNS:
            if column in frame:
                text = text + "\n" + frame[column]
        # The cells are NFC; a search typed or linked in another form (ज़ as one character) is made so too.
        keep &= text.str.contains(unicodedata.normalize("NFC", filters.search), case=False, regex=False)
    return frame[keep]


def _searched_names(frame: pd.DataFrame) -> pd.Series:
    """Each milestone's states ("Not specified" where it names none) and sector, in English and
    as every other language of the interface names them (राजस्थान, न्याय): what a search finds
    a milestone by besides its own words."""
    translators = [i18n.translator(lang) for lang in i18n.LANGUAGES if lang != i18n.ENGLISH]
    named = frame["states"].map(lambda names: tuple(names) or (NOT_SPECIFIED,))
    if "sector" in frame:
        named = named + frame["sector"].map(lambda name: (name,) if isinstance(name, str) and name else ())
    written: dict[tuple[str, ...], str] = {}  # a few distinct sets of names, however many rows

    def in_every_language(names: tuple[str, ...]) -> str:
        if names not in written:
            written[names] = "; ".join(
                [*names, *(translate(name) for translate in translators for name in names)]
            )
        return written[names]

    return named.map(in_every_language)


Month = pd.Period
OpenPeriod = tuple["Month | None", "Month | None"]  # first and last month chosen; None is open


def filter_options(
    frame: pd.DataFrame, lang: str = i18n.ENGLISH
) -> tuple[list[Month], dict[Month, str], list[str], list[str]]:
    """What the filters offer for ``frame``: its months (and their labels, in ``lang``), the
    states it names (then "Not specified") and its sectors in their order."""
    months = months_of(frame)
    states = [*sorted({s for names in frame["states"] for s in names}), NOT_SPECIFIED]
    return months, month_labels(months, lang), states, sector_order(set(sector_labels(frame)))


def months_of(frame: pd.DataFrame) -> list[Month]:
    """Every month from the earliest milestone's to the latest's: what the date filter offers."""
    if frame.empty:
        return []
    last = frame["date"].max()
    if "end_date" in frame and frame["end_date"].notna().any():
        last = max(last, frame["end_date"].max())
    return list(pd.period_range(frame["date"].min(), last, freq="M"))


def month_labels(months: list[Month], lang: str = i18n.ENGLISH) -> dict[Month, str]:
    """Each month as people write it in ``lang``: ``Mar 2022``, ``मार्च 2022``."""
    return {month: format_date(month.to_timestamp(), "month", lang) for month in months}


def slider_ends(months: list[Month], chosen: OpenPeriod) -> tuple[Month, Month]:
    """Where the date slider's two handles stand for ``chosen``: an open end at the edge of the
    span, a month outside the span moved to its edge, the whole span if the ends would cross."""
    first, last = chosen
    low = months[0] if first is None else max(first, months[0])
    high = months[-1] if last is None else min(last, months[-1])
    return (low, high) if low <= high else (months[0], months[-1])


def chosen_period(months: list[Month], low: Month, high: Month) -> OpenPeriod:
    """The slider's handles as a choice: a handle at the edge of the span is an open end, so a
    new version with earlier or later milestones shows them instead of keeping the old span."""
    return (None if low == months[0] else low, None if high == months[-1] else high)


def period_days(chosen: OpenPeriod) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of a chosen period (None where it is open), for :class:`Filters`."""
    first, last = chosen
    start = None if first is None else first.to_timestamp().date()
    end = None if last is None else last.to_timestamp(how="end").date()
    return start, end


def period_of(filters: Filters) -> OpenPeriod | None:
    """The months a link's dates fall in, or None where it gives none (or its ends cross)."""
    if not (filters.start or filters.end):
        return None
    low = pd.Period(filters.start, "M") if filters.start else None
    high = pd.Period(filters.end, "M") if filters.end else None
    return (low, high) if low is None or high is None or low <= high else None


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _period(text: str, end: bool) -> dt.date | None:
    """``2021``, ``2021-03`` or ``2021-03-15``: the first day of it, or its last day if ``end``."""
    parts = text.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            first, last = dt.date(numbers[0], 1, 1), dt.date(numbers[0], 12, 31)
        elif len(numbers) == 2:
            first = dt.date(numbers[0], numbers[1], 1)
            last = (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
        elif len(numbers) == 3:
            first = last = dt.date(*numbers)
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return last if end else first


def _end_text(end: dt.date) -> str:
    if end == (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date():
        return end.isoformat()[:7]
    return end.isoformat()
