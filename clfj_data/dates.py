"""Dates as people write them, kept at the precision they were written in."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import i18n
from .i18n import N_
from .problems import Message

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = (DAY, MONTH, YEAR)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9

_MONTH = r"(?P<month_name>[A-Za-z]+)\.?"
_PATTERNS = [
    re.compile(p)
    for p in (
        r"(?P<year>\d{4})",  # 2019
        r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})",  # 2022-03
        r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:[ T]00:00(?::00)?)?",
        r"(?P<month>\d{1,2})[-/.](?P<year>\d{4})",  # 03/2022
        _MONTH + r",?\s+(?P<year>\d{4})",  # Mar 2022, March 2022, Sept 2019
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})",
        _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",  # March 15, 2022
    )
]
# The forms the loader reads, as a cell holds them (in English, whatever the page's language).
_FORMS_READ = ("Mar 2022, 15 March 2022, 2022-03-15, 2022-03", "2022")
_NUMERIC_DAY_MONTH = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")


@dataclass(frozen=True)
class When:
    """A date at its precision, as :func:`format_date` writes it in each language;
    ``whole``: with the month's whole name in English too (``4 March 2022``)."""

    date: dt.date
    precision: str
    whole: bool = False

    def text(self, lang: str) -> str:
        if self.whole and i18n.language(lang) == i18n.ENGLISH:
            month = f"{calendar.month_name[self.date.month]} {self.date.year}"
            return f"{self.date.day} {month}" if self.precision == DAY else month
        return format_date(self.date, self.precision, lang)


class DateError(ValueError):
    """A date cell that cannot be read, with a sentence saying how to write it."""


@lru_cache(maxsize=8192)
def parse_date(text: str) -> tuple[dt.date, str]:
    """Read ``text`` as a date; return the first day of its period and its precision.

    >>> parse_date("Mar 2022")
    (datetime.date(2022, 3, 1), 'month')
    """
    text = " ".join(text.split())
    if not text:
        raise DateError(N_("The date is missing."))
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _build(match.groupdict())
    numeric = _NUMERIC_DAY_MONTH.fullmatch(text)
    if numeric:
        raise DateError(_day_month_message(*numeric.groups()))
    raise DateError(
        Message(
            N_("This is not a date the loader understands: write it as {forms} or {last}."),
            forms=_FORMS_READ[0],
            last=_FORMS_READ[1],
        )
    )


def date_from_parts(year: str, month: str = "", day: str = "") -> tuple[dt.date, str]:
    """Build a date from separate Year, Month and Day cells (the TimelineJS template)."""
    year, month, day = (_whole_number(part) for part in (year, month, day))
    if not year:
        raise DateError(N_("The year is missing."))
    if day and not month:
        raise DateError(N_("A day is given without a month."))
    parts = {"year": year, "month": month or None, "day": day or None}
    if month and not month.isdigit():
        parts["month"], parts["month_name"] = None, month
    if not all(p.isdigit() for p in (year, day or "0")):
        raise DateError(N_("Year and day must be whole numbers."))
    return _build(parts)


# How Babel writes a date at each precision in a language other than English (CLDR patterns):
# in Hindi "मार्च 2022", "14 मार्च 2023", "2019". Hindi's abbreviated months ("अग॰") are not
# what people write, so the month is written whole.
_BABEL_PATTERNS = {YEAR: "y", MONTH: "MMMM y", DAY: "d MMMM y"}


def format_date(date: dt.date, precision: str, lang: str = i18n.ENGLISH) -> str:
    """Write a date as a person would at its precision: ``Mar 2022``, ``15 Mar 2022``, ``2019``;
    in Hindi ``मार्च 2022``, ``14 मार्च 2023``, ``2019`` (Babel's ``hi_IN``)."""
    if i18n.language(lang) != i18n.ENGLISH:
        return _babel_date(date, precision, i18n.locale(lang))
    if precision == YEAR:
        return f"{date.year}"
    if precision == MONTH:
        return f"{calendar.month_abbr[date.month]} {date.year}"
    return f"{date.day} {calendar.month_abbr[date.month]} {date.year}"


@lru_cache(maxsize=4096)
def _babel_date(date: dt.date, precision: str, locale: str) -> str:
    from babel.dates import format_date as babel_format_date  # its locale data loads only when asked

    day = date.date() if isinstance(date, dt.datetime) else date  # a pandas Timestamp is one
    return babel_format_date(day, _BABEL_PATTERNS[precision], locale=locale)


def period_last_day(date: dt.date, precision: str) -> dt.date:
    """The last day of the period ``date`` starts at its precision (2022-03-31 for Mar 2022)."""
    if precision == YEAR:
        return dt.date(date.year, 12, 31)
    if precision == MONTH:
        return dt.date(date.year, date.month, calendar.monthrange(date.year, date.month)[1])
    return date


def _day_month_message(first: str, second: str, year: str) -> Message:
    """What is wrong with a date whose day and month are both figures (``03/04/2022``): which
    date it could be, read either way round; or, where neither way is a date (``13/25/2019``),
    that it is none."""
    readings = []
    for day, month in ((first, second), (second, first)):
        with contextlib.suppress(ValueError):
            readings.append(dt.date(int(year), int(month), int(day)))
    unique = sorted(set(readings))
    if not unique:
        return _not_a_date_message(int(first), int(second), int(year))
    if len(unique) == 2:
        a, b = (When(d, DAY, whole=True) for d in unique)
        doubt = Message(N_("it could be {one} or {other}"), one=a, other=b)
    else:
        doubt = Message(N_("day and month written in figures are read differently in different countries"))
    example = unique[0] if unique else dt.date(2022, 3, 15)
    # The ways to write it are what the loader reads: English month names, whatever the page's language.
    return Message(
        N_(
            "This date is ambiguous: {doubt}. Write the month in words ({in_words}) "
            "or year first ({year_first})."
        ),
        doubt=doubt,
        in_words=f"{example.day} {calendar.month_name[example.month]} {example.year}",
        year_first=example.isoformat(),
    )


def _not_a_date_message(first: int, second: int, year: int) -> Message:
    """Why day and month figures that neither way round make a date are none: a month that has
    no such day (``31/04/2022``), or no month at all among them (``13/25/2019``)."""
    months = [number for number in (first, second) if 1 <= number <= 12]
    if months:
        month = months[0]
        day = second if month == first else first
        month_of = When(dt.date(year, month, 1), MONTH, whole=True)
        return Message(N_("{month} has no day {day}."), month=month_of, day=day)
    if first == second:
        return Message(N_("There is no month {month}: months run from 1 to 12."), month=first)
    return Message(
        N_("This is not a date: neither {first} nor {second} is a month, and months run from 1 to 12."),
        first=first,
        second=second,
    )


def _unknown_month_message(parts: dict) -> Message:
    """Name the misspelt month, and suggest the date with the closest month in its place (as a
    cell is written, in English)."""
    name = parts["month_name"]
    close = difflib.get_close_matches(name.lower(), _MONTHS, n=1, cutoff=0.6)
    if not close:
        return Message(N_("'{name}' is not the name of a month."), name=name)
    try:
        suggestion = format_date(*_build({**parts, "month_name": close[0]}))
    except DateError:  # the rest of the date is wrong too: suggest the month alone
        suggestion = calendar.month_name[_MONTHS[close[0]]]
    return Message(
        N_("'{name}' is not the name of a month: did you mean {suggestion}?"),
        name=name,
        suggestion=suggestion,
    )


def _whole_number(text: str) -> str:
    text = text.strip()
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def _build(parts: dict) -> tuple[dt.date, str]:
    year = int(parts["year"])
    month = parts.get("month")
    if parts.get("month_name"):
        month = _MONTHS.get(parts["month_name"].lower())
        if month is None:
            raise DateError(_unknown_month_message(parts))
    day = parts.get("day")
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateError(
            Message(
                N_("The year {year} is outside {earliest}-{latest}: is it a typo?"),
                year=year, earliest=EARLIEST_YEAR, latest=LATEST_YEAR,
            )
        )  # fmt: skip
    if month is None:
        return dt.date(year, 1, 1), YEAR
    month = int(month)
    if not 1 <= month <= 12:
        raise DateError(Message(N_("There is no month {month}: months run from 1 to 12."), month=month))
    if day is None:
        return dt.date(year, month, 1), MONTH
    try:
        return dt.date(year, month, int(day)), DAY
    except ValueError:
        month_of = When(dt.date(year, month, 1), MONTH, whole=True)
        raise DateError(Message(N_("{month} has no day {day}."), month=month_of, day=int(day))) from None


def format_dates(dates, precisions, lang: str = i18n.ENGLISH) -> list[str]:
    """:func:`format_date` for whole columns at once (``Mar 2022``, ``15 Mar 2022``, ``2019``):
    each distinct date and precision is written once, as a table has far fewer than rows."""
    # Imported here: checking a file needs this module but never pandas, which is slow to import.
    import pandas as pd

    pairs = pd.MultiIndex.from_arrays([pd.to_datetime(pd.Series(dates)), pd.Series(precisions)])
    codes, distinct = pairs.factorize()
    labels = np.array([format_date(date, precision, lang) for date, precision in distinct], dtype=object)
    return labels[codes].tolist()


def period_ends(frame):
    """The first day after each milestone's period (its day, month or year), as a pandas Series."""
    return _after(frame["date"], frame["precision"])


def span_ends(frame):
    """The first day after each milestone's span: after its end date's period where it has one,
    else after its own period. A filter counts a span in every period it touches."""
    ends = period_ends(frame)
    if "end_date" not in frame:
        return ends
    spans = frame["end_date"].notna()
    if spans.any():
        ends[spans] = _after(frame.loc[spans, "end_date"], frame.loc[spans, "end_precision"])
    return ends


def _after(starts, precisions):
    import pandas as pd

    offsets = {DAY: pd.DateOffset(days=1), MONTH: pd.DateOffset(months=1), YEAR: pd.DateOffset(years=1)}
    ends = starts.copy()
    for precision, offset in offsets.items():
        rows = precisions == precision
        if rows.any():
            ends[rows] = starts[rows] + offset
    return ends
