"""The milestones, problems and versions as people read them: tables on a page or in a file, and
the lines that say where each version came from."""

from __future__ import annotations

import datetime as dt
import logging
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from . import i18n
from .columns import FIELD_HEADERS as FIELD_HEADERS
from .columns import READING_HEADERS as READING_HEADERS
from .columns import TEMPLATE_COLUMNS
from .dates import format_dates
from .i18n import N_
from .states import NOT_SPECIFIED
from .visibility import STAFF_ONLY, is_staff_only

VISIBILITY_HEADER = N_("Visibility")  # a reader's table has it only where some milestone is staff-only
# What the shipped data is, in the history: the programme's own results, from its public page.
SHIPPED_RESULTS = N_("The programme's published results, as shipped from its public results page")
SHIPPED_RESULTS_AT = N_(
    "The programme's published results, as shipped from its public results page ({source})"
)
TIMEZONE = "CLFJ_TIMEZONE"  # where the team reads times: an IANA name
DEFAULT_TIMEZONE = "Asia/Kolkata"


def milestones_table(frame: pd.DataFrame, latest: int | None = None) -> pd.DataFrame:
    """The milestones with the template's columns, as a person writes them: ``Mar 2022``,
    states joined with "; ". Reloading this table gives the same milestones back.

    With ``latest``, only that many of the most recent (still in date order)."""
    table = _written(frame, latest, states_joined_by="; ")
    return table.loc[:, list(TEMPLATE_COLUMNS)].reset_index(drop=True)


def milestones_reading_table(
    frame: pd.DataFrame, latest: int | None = None, page: int = 1, lang: str = i18n.ENGLISH
) -> pd.DataFrame:
    """The milestones as a reader's table: an ``id`` column (for links and selection, not for
    showing), then :data:`READING_HEADERS` (``Date``, ``Headline``, ``What changed``, ``Why it
    matters``, ``States``, ``Sector``), dates as a person writes them, states joined with ", "
    ("Not specified" where there are none, and for a missing sector); and where some milestone is
    staff-only, ``Visibility`` ("Staff only" or "Public").

    With ``latest``, only that many of the most recent (still in date order); with ``page`` too,
    the ``page``-th such run counting back from the latest (page 2: the ``latest`` before those).
    In ``lang``, each milestone's words where it has them in that language (else its English),
    the names of states and sectors, and the visibility; the headers stay as they are (the page
    names them)."""
    _ = i18n.translator(lang)
    frame = _page_of(frame, latest, page)
    if lang != i18n.ENGLISH:  # each text in the language where the milestone has it
        frame = frame.assign(
            **{
                field: [i18n.text_in(row, field, lang)[0] for row in frame.to_dict("records")]
                for field in ("title", "description", "rationale")
            },
            states=frame["states"].map(lambda names: [_(name) for name in names]),
            sector=frame["sector"].fillna("").map(lambda name: _(name) if name else ""),
        )
    table = _written(frame, None, states_joined_by=", ", lang=lang)
    table[["states", "sector"]] = table[["states", "sector"]].fillna("").replace("", _(NOT_SPECIFIED))
    headers = dict(READING_HEADERS)
    if is_staff_only(table).any():
        shown = {True: _(STAFF_ONLY), False: _("Public")}
        table = table.assign(visibility=is_staff_only(table).map(shown))
        headers["visibility"] = VISIBILITY_HEADER
    return table.loc[:, ["id", *headers]].rename(columns=headers).reset_index(drop=True)


def _page_of(frame: pd.DataFrame, latest: int | None, page: int) -> pd.DataFrame:
    """The ``page``-th run of ``latest`` milestones counting back from the most recent (all
    of them without ``latest``)."""
    if latest is not None and page > 1:
        frame = frame.iloc[: max(0, len(frame) - (page - 1) * latest)]
    return frame if latest is None else frame.tail(latest)


def milestones_reading_rows(
    frame: pd.DataFrame, latest: int | None = None, page: int = 1, lang: str = i18n.ENGLISH
) -> list[dict]:
    """The rows of :func:`milestones_reading_table` (same arguments) as plain records, for a
    page to draw: each milestone's ``id``, its ``cells`` by header, and in ``lang`` the language
    of each cell holding its own words where that is not ``lang`` (it has no translation)."""
    rows = _page_of(frame, latest, page).to_dict("records")
    table = milestones_reading_table(frame, latest, page, lang)
    records = []
    for milestone, cells in zip(rows, table.to_dict("records"), strict=True):
        written = {header: i18n.text_in(milestone, field, lang)[1] for field, header in _OWN_WORDS.items()}
        records.append(
            {
                "id": cells.pop("id"),
                "cells": cells,
                "lang": {header: its for header, its in written.items() if its != lang},
            }
        )
    return records


_OWN_WORDS = {"title": "Headline", "description": "What changed", "rationale": "Why it matters"}


def problems_table(problems, lang: str = i18n.ENGLISH) -> pd.DataFrame:
    """Errors or warnings as a table: row, column, value, message (the message in ``lang``)."""
    records = [p.to_dict() | {"message": p.said.text(lang)} for p in problems]
    return pd.DataFrame(records, columns=["row", "column", "value", "message"])


def is_shipped(info) -> bool:
    """Whether a version (a ``store.VersionInfo``) is the data that ships with the dashboard."""
    from .store import SHIPPED_BY  # here: the exports read tables without needing the database

    return info.published_by == SHIPPED_BY


def version_banner(info, lang: str = i18n.ENGLISH, named: bool = True) -> str:
    """When the data last changed and, where ``named`` (for staff), by whom, in ``lang``: ``Data
    last updated 28 Nov 2026 at 19:35 IST by Asha (version 2).`` (in :func:`team_zone`); for
    the data that ships with the dashboard, where it comes from (the time it was copied into a
    database says nothing about the data)."""
    return "".join(text for text, _lang in version_banner_parts(info, lang, named))


def version_banner_parts(info, lang: str = i18n.ENGLISH, named: bool = True) -> list[tuple[str, str]]:
    """:func:`version_banner` in pieces, each with its language: the sentence's in ``lang``, the
    staff member's name as typed (:func:`i18n.written_in`), for a page to mark the name's."""
    _ = i18n.translator(lang)
    if is_shipped(info):
        said = _("Data from the programme's public results page (version {version}).")
        return [(said.format(version=info.version), lang)]
    if not named:
        said = _("Data last updated {when} (version {version}).")
        return [(said.format(when=_published(info, lang), version=info.version), lang)]
    before, after = _("Data last updated {when} by {name} (version {version}).").split("{name}")
    numbers = {"when": _published(info, lang), "version": info.version}
    name = (info.published_by, i18n.written_in(info.published_by))
    return [(before.format(**numbers), lang), name, (after.format(**numbers), lang)]


def version_line(
    info, changes: str = "", lang: str = i18n.ENGLISH, source: str = "", named: bool = True
) -> str:
    """One version of the history on one line: ``28 Nov 2026 at 19:35 IST · Asha · “Bihar dates
    corrected” · 10 milestones · 1 changed``, where ``changes`` says what changed from the
    version before (its number, and whether it is current, are left to the caller), in
    ``lang``; who published it only where ``named`` (for staff).

    The shipped data's line says what it is and where it comes from (``source``, the results
    page's address), and only then when it was loaded into this database: that time is when the
    server first started, not when the programme's results were made."""
    return " · ".join(text for text, _lang in version_line_parts(info, changes, lang, source, named))


def version_line_parts(
    info, changes: str = "", lang: str = i18n.ENGLISH, source: str = "", named: bool = True
) -> list[tuple[str, str]]:
    """:func:`version_line`'s parts, each with its language: the app's in ``lang``, the name and
    the note as staff typed them (:func:`i18n.written_in`), for a page to mark theirs."""
    _, ngettext = i18n.translator(lang), i18n.plural_translator(lang)
    count = ngettext("{count} milestone", "{count} milestones", info.milestones)
    counted = count.format(count=f"{info.milestones:,}")
    if is_shipped(info):
        what = _(SHIPPED_RESULTS) if not source else _(SHIPPED_RESULTS_AT).format(source=source)
        loaded = _("loaded {when}").format(when=_published(info, lang))
        return [(part, lang) for part in (what, counted, loaded, *([changes] if changes else []))]
    parts = [(_published(info, lang), lang)]
    if named:
        parts.append((info.published_by, i18n.written_in(info.published_by)))
    if info.note:
        parts.append((f"“{info.note}”", i18n.written_in(info.note)))
    if info.restores:
        parts.append((_("restores version {version}").format(version=info.restores), lang))
    return [*parts, (counted, lang), *([(changes, lang)] if changes else [])]


def team_zone() -> ZoneInfo:
    """The time zone times are shown in: ``CLFJ_TIMEZONE`` (default Asia/Kolkata); a name that
    is no zone is logged, and the default used."""
    name = os.environ.get(TIMEZONE) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        logging.getLogger(__name__).warning(
            "%s=%r is not a time zone: using %s", TIMEZONE, name, DEFAULT_TIMEZONE
        )
        return ZoneInfo(DEFAULT_TIMEZONE)


def local_date(moment: dt.datetime | None = None) -> dt.date:
    """The day ``moment`` (now, if None) falls on where the team reads times (:func:`team_zone`):
    the day a file's name and a version's "published" say, as the app's times do."""
    return (moment or dt.datetime.now(dt.UTC)).astimezone(team_zone()).date()


def local_time(moment: dt.datetime, zone: ZoneInfo | None = None, lang: str = i18n.ENGLISH) -> str:
    """``28 Nov 2026 at 19:35 IST``: ``moment`` in ``zone`` (default :func:`team_zone`), the zone
    named; in Hindi as Babel's ``hi_IN`` writes it, ``28 नवंबर 2026, 19:35 भारतीय मानक समय``."""
    local = moment.astimezone(zone or team_zone())
    if i18n.language(lang) != i18n.ENGLISH:
        from babel.dates import format_datetime  # its locale data loads only when asked

        # The zone's name in words ("भारतीय मानक समय"): Hindi has no abbreviation for it.
        return format_datetime(local, "d MMMM y, HH:mm zzzz", tzinfo=local.tzinfo, locale=i18n.locale(lang))
    return f"{local:%-d %b %Y at %H:%M} {local.tzname()}"


def _published(info, lang: str = i18n.ENGLISH) -> str:
    return local_time(info.published_at, lang=lang)


def _written(
    frame: pd.DataFrame, latest: int | None, states_joined_by: str, lang: str = i18n.ENGLISH
) -> pd.DataFrame:
    """The (latest) milestones with dates as a person writes them in ``lang`` and states joined."""
    if latest is not None:
        frame = frame.tail(latest)
    spans = frame["end_date"].notna()
    ends = pd.Series("", index=frame.index, dtype="str")
    if spans.any():
        ends[spans] = format_dates(frame.loc[spans, "end_date"], frame.loc[spans, "end_precision"], lang)
    return frame.assign(
        date=format_dates(frame["date"], frame["precision"], lang),
        end_date=ends,
        states=frame["states"].map(states_joined_by.join),
    )
