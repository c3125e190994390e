"""What the upload preview says beside its summary: the headlines the loader made, and a copy
downloaded from a version older than the current one."""

from __future__ import annotations

from . import i18n
from .load import LoadResult
from .problems import Count, rows_named
from .review import Checked
from .tables import local_time


def made_titles_said(result: LoadResult, lang: str = i18n.ENGLISH) -> str:
    """The summary's words for the titles made from their descriptions: "1 headline made from
    its description (row 7): check it before publishing" ("" where none was made)."""
    count = len(result.made_titles)
    if not count:
        return ""
    ngettext = i18n.plural_translator(lang)
    said = ngettext(
        "{count} headline made from its description ({rows}): check it before publishing",
        "{count} headlines made from their descriptions ({rows}): check them before publishing",
        count,
    )
    return said.format(count=Count(count).text(lang), rows=rows_named(list(result.made_titles)).text(lang))


def made_title_ids(result: LoadResult) -> frozenset[str]:
    """The ids of the milestones whose title was made from their description."""
    made = set(result.made_titles)
    return frozenset(milestone for milestone, row in result.rows_by_id().items() if row in made)


def older_copy(checked: Checked, since, lang: str = i18n.ENGLISH) -> str:
    """What to check in a file downloaded from a version older than the one it would replace:
    ``since`` are the versions published after it (store.VersionInfo), oldest first ("" where
    the file is not such a copy)."""
    if checked.downloaded_from is None or not since:
        return ""
    _, latest = i18n.translator(lang), since[-1]
    said = (
        _(
            "This file was downloaded from version {old}; version {newer} has been published since (by "
            "{by}, on {when}): check that its changes are not undone."
        )
        if len(since) == 1
        else _(
            "This file was downloaded from version {old}; versions {first} to {newer} have been published "
            "since (the latest by {by}, on {when}): check that their changes are not undone."
        )
    )
    return said.format(
        old=checked.downloaded_from, first=since[0].version, newer=latest.version,
        by=latest.published_by, when=local_time(latest.published_at, lang=lang),
    )  # fmt: skip
