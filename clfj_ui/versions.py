"""The Data page's downloads and version history: the current data and the blank template;
every version on a line, one shown in full with its downloads, and for staff the file as
uploaded and a way to restore it."""

from __future__ import annotations

import dataclasses
import hashlib
import logging

import pandas as pd
import streamlit as st

from clfj_data import i18n, publishing, review, store
from clfj_data.diff import Diff, diff_milestones
from clfj_data.filters import Filters
from clfj_data.markup import escape_inline, escape_markdown
from clfj_data.tables import is_shipped, local_time, version_line_parts
from clfj_data.template import template_csv, template_xlsx
from clfj_ui import dataset, export_buttons, language, signin
from clfj_ui.language import N_, _, ngettext

SHOWN = "data_version"  # the version shown in full
SHOW_NEXT = "data_version_next"  # the version to show once the history is drawn again
PUBLISHED = "data_published"  # the version just published or restored, for the next run's message
RESTORED = "data_restored"  # and the version it restored, if it was a restore
WRITTEN_NOTHING = {
    "published": N_(
        "The database is busy or cannot be reached, so nothing was published. Try again in a minute."
    ),
    "restored": N_(
        "The database is busy or cannot be reached, so nothing was restored. Try again in a minute."
    ),
}


# Up to this many changes are a table of the page's own, every cell wrapped; more scroll in a grid.
TABLED_CHANGES = 100


def changes_table(table: pd.DataFrame, key: str) -> None:
    """Every change, one a row (:func:`clfj_data.review.changes_table`). A few are a plain table
    whose cells wrap, so it reads whole on a phone and carries no toolbar over the sentence
    above it; many scroll in Streamlit's grid, set a little below that sentence."""
    with st.container(key=key):
        if len(table) <= TABLED_CHANGES:
            # st.table reads each cell as Markdown: a headline is shown as written, never as markup.
            st.table(table.map(escape_markdown), hide_index=True, border="horizontal")
        else:
            st.space("small")  # the grid's hover toolbar sits above its top edge
            st.dataframe(table, hide_index=True)


def version_changes(before: int, after: int) -> tuple[Diff, pd.DataFrame]:
    """What version ``after`` changes in version ``before`` (0: none, so every milestone is new),
    and that as a table in the language being viewed, each made once (versions never change).
    The history shows each version's changes from the one before it; restoring a version shows
    what it changes in the current one."""

    def compare():
        links = pictures_of(before) if before else {}, pictures_of(after)
        old = dataset.milestones_of(before) if before else None
        return diff_milestones(old, dataset.milestones_of(after), links)

    shared, lang = dataset.shared(after), language.current()
    diff = shared.get(("changes from", before), compare)
    return diff, shared.get(("changes table", before, lang), lambda: review.changes_table(diff, lang))


def pictures_of(version: int) -> dict[str, str]:
    """A version's pictures (the sha256 of each by file name), read once (versions never change)."""
    engine = dataset.engine()

    def read():
        return dataset.from_database(lambda: store.picture_links(engine, version))

    return dataset.shared(version).get("picture links", read)


def written_nothing(error: store.DatabaseUnavailable, what: str) -> None:
    """The database was busy or out of reach, so nothing was ``what`` ("published" or "restored"):
    say so plainly (the log says where and why)."""
    logging.getLogger(__name__).warning("%s", error)
    st.error(_(WRITTEN_NOTHING[what]))


def now_current(version: int, restored: int | None = None) -> None:
    """After a publish or a restore (of version ``restored``): the next run says so, and shows
    the new current version."""
    st.session_state[SHOW_NEXT] = version
    st.session_state[PUBLISHED] = version
    st.session_state[RESTORED] = restored
    st.rerun()


def now_current_said(version: int) -> str:
    """What the page says of the version just published or restored (:func:`now_current`)."""
    restored = st.session_state.pop(RESTORED, None)
    if restored is not None:
        return _(
            "Restored version {restored} as version {version}: it is now the version every page shows."
        ).format(restored=restored, version=version)
    return _("Published version {version}: it is now the version every page shows.").format(version=version)


def note_input(label: str, key: str) -> str:
    """A note for the history, at most ``store.MAX_NOTE`` characters: the box takes no more, and
    Streamlit cuts a longer one a forged client sends short. The empty box says it is required,
    before any click: inside a form, a button cannot follow what is typed until it is pressed."""
    required = _("Required: the button needs a note")
    return st.text_input(label, key=key, max_chars=store.MAX_NOTE, placeholder=required)


def as_seen(changes: str) -> str:
    """A version's changes as this session sees them. A visitor's diff leaves staff-only
    milestones out, so a version that changed only those (or only the title or eras) reads
    "no changes" there: say what is true for a visitor instead. Staff see the diff as it is."""
    if changes == _("no changes") and not dataset.sees_staff_only():
        return _("no change to the public milestones")
    return changes


def _details(info: store.VersionInfo, staff: bool) -> None:
    diff, table = version_changes(info.version - 1, info.version)
    if is_shipped(info):
        first = ngettext(
            "**Version {version}**: the programme's published results, as shipped, with {count} milestone.",
            "**Version {version}**: the programme's published results, as shipped, with {count} milestones.",
            info.milestones,
        )
        st.markdown(first.format(version=info.version, count=language.number(info.milestones)))
        loaded = _("Loaded into this database {when}, when it was first set up.")
        st.caption(loaded.format(when=local_time(info.published_at, lang=language.current())))
    elif info.version == 1:
        first = ngettext(
            "**Version 1**: the first, with {count} milestone.",
            "**Version 1**: the first, with {count} milestones.",
            info.milestones,
        )
        st.markdown(first.format(count=language.number(info.milestones)))
    else:
        changed = _("**Version {version}**: {changes} from the version before.")
        st.markdown(changed.format(version=info.version, changes=as_seen(diff.summary(language.current()))))
    # The shipped data's own note says what its first line says: it is not said twice.
    if not (is_shipped(info) and info.note == store.SHIPPED_NOTE):
        if i18n.written_in(info.note) == language.current():
            st.text(_("Note: {note}").format(note=info.note))
        else:  # staff's own words in another language than the page's, marked as theirs
            language.markdown(language.typed_into(_("Note: {note}"), "note", info.note))
    if not diff.empty and info.version > 1:
        changes_table(table, "data_version_diff")
    if info.restores:  # a restore uploaded no file: it says whose content it made current again
        st.caption(_("Restores version {version}.").format(version=info.restores))
    exported = export_buttons.staff_choice(
        dataset.milestones_of(info.version), "data_version_include_staff_only"
    )
    with st.container(horizontal=True, key="data_version_downloads"):
        for fmt in ("csv", "xlsx"):
            label = _("Version {version} ({format})").format(version=info.version, format=fmt.upper())
            key = f"data_version_{fmt}"
            export_buttons.deferred_download(label, key, fmt, exported, version=info, filters=Filters())
        if staff and uploaded(info):  # every sheet and column, formulas unguarded: for staff only
            engine = dataset.engine()
            st.download_button(
                # Named for the file it gives, which its accessible name says too.
                _("Uploaded file ({name})").format(name=escape_markdown(info.file_name)),
                lambda: store.read_file(engine, info.version)[1],
                info.file_name,
                key="data_version_original",
                on_click="ignore",
                icon=":material/download:",
            )
    if staff and not info.current:
        _restore_form(info)


def uploaded(info: store.VersionInfo) -> bool:
    """Whether a version was made from a file staff uploaded: not the data that ships with the
    dashboard, nor a restore (which makes an older version's content current again)."""
    return not is_shipped(info) and info.restores is None


def _restore_form(info: store.VersionInfo) -> None:
    current = dataset.current_info().version
    unchanged = dataset.shared(info.version).get(
        ("same as", current),
        lambda: review.changes_nothing(
            dataset.milestones_of(info.version),
            pictures_of(info.version),
            dataset.milestones_of(current),
            pictures_of(current),
        ),
    )
    if unchanged:
        st.info(review.nothing_to_restore(current, language.current()))
    else:  # what the room's data would lose or regain, before the button that does it
        diff, table = version_changes(current, info.version)
        sentence = _("Restoring version {version} makes it current again: {changes} from version {current}.")
        st.markdown(
            sentence.format(version=info.version, changes=diff.summary(language.current()), current=current)
        )
        if not diff.empty:
            changes_table(table, "data_restore_diff")
    with st.form("data_rollback_form", border=False):
        note = note_input(
            _("Note for restoring version {version} (required): why").format(version=info.version),
            "data_rollback_note",
        )
        restore = st.form_submit_button(
            _("Restore version {version}").format(version=info.version),
            key="data_rollback",
            disabled=unchanged,
        )
    if not restore or unchanged:
        return
    if not note.strip():  # said as the field asks it
        st.error(_("A note saying why you restore this version is required."))
        return
    staff = signin.staff_for_writing()
    if staff is None:
        return
    try:
        new = publishing.rollback(dataset.engine(), info.version, by=staff, note=note)
    except store.DatabaseUnavailable as error:
        written_nothing(error, "restored")
        return
    except ValueError as error:
        st.error(escape_markdown(language.error_text(error)))
        return
    now_current(new.version, restored=info.version)


def downloads(current: store.VersionInfo) -> None:
    st.header(_("Download"), anchor=False)
    count = dataset.counted(current).milestones
    st.caption(
        ngettext(
            "The current data: the {count} milestone of version {version}, whatever the filters on the "
            "other pages. The template is a blank spreadsheet for new data.",
            "The current data: all {count} milestones of version {version}, whatever the filters on the "
            "other pages. The template is a blank spreadsheet for new data.",
            count,
        ).format(count=language.number(count), version=current.version)
    )
    exported = export_buttons.staff_choice(dataset.milestones(), "data_include_staff_only")
    with st.container(horizontal=True, key="data_downloads"):
        for fmt in ("csv", "xlsx"):
            label = _("Current data ({format})").format(format=fmt.upper())
            export_buttons.deferred_download(label, f"data_current_{fmt}", fmt, exported, filters=Filters())
        template = {"icon": ":material/download:", "on_click": "ignore"}
        st.download_button(
            _("Blank template (CSV)"), template_csv().encode("utf-8-sig"), "clfj-milestones-template.csv",
            "text/csv", key="data_template", **template,
        )  # fmt: skip
        st.download_button(
            _("Blank template (XLSX)"), template_xlsx, "clfj-milestones-template.xlsx",  # made when clicked
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="data_template_xlsx",
            **template,
        )  # fmt: skip


def history_lines(versions: list[store.VersionInfo]) -> dict[int, tuple[int, str]]:
    """Each version's count and changes as this session's audience sees them: read in one query,
    the missing ones (new versions, or a database from before they were stored) made and kept."""
    engine = dataset.engine()
    # A visitor's lines hold while the current version withdraws the same milestones.
    withdrawn = "\n".join(sorted(dataset.withdrawn_now())).encode("utf-8")
    audience = (
        "staff" if dataset.sees_staff_only() else f"visitors {hashlib.sha256(withdrawn).hexdigest()[:16]}"
    )
    lang = language.current()
    audience += "" if lang == i18n.DEFAULT else f" {lang}"  # the lines are in the language being viewed
    lines = dataset.from_database(lambda: store.read_history_lines(engine, audience))

    def line(version: int) -> tuple[int, str]:
        count = len(dataset.milestones_of(version))
        return count, version_changes(version - 1, version)[0].summary(lang) if version > 1 else ""

    missing = {info.version: line(info.version) for info in versions if info.version not in lines}
    dataset.from_database(lambda: store.keep_history_lines(engine, audience, missing))
    return lines | missing


def version_history(staff: bool) -> None:
    """Every version on a line, newest first; one chosen to show in full."""
    st.header(_("Version history"), anchor=False)
    versions = dataset.from_database(lambda: store.history(dataset.engine()))
    # Past a screenful of versions the list scrolls, so the chosen version's details stay near.
    lines = history_lines(versions)
    source = dataset.programme().source_url
    with st.container(border=True, key="data_history", height=320 if len(versions) > 8 else "content"):
        for info in versions:
            badge = " :green-badge[{current}]".format(current=_("Current")) if info.current else ""
            seen, changes = lines[info.version]
            seen_info = dataclasses.replace(info, milestones=seen)
            # Who published it, for staff only; the name and note marked with their language.
            parts = version_line_parts(seen_info, as_seen(changes), language.current(), source, named=staff)
            line = " · ".join(language.span(escape_inline(text), lang) for text, lang in parts)
            version = _("**Version {version}**").format(version=info.version)
            language.markdown(f"{version}{badge} · {line}")
    if (shown := st.session_state.pop(SHOW_NEXT, None)) is not None:
        # Set through the session state, before the box is drawn, so the browser shows it too:
        # a box keyed as before keeps showing its old choice in the browser when only cleared.
        st.session_state[SHOWN] = shown
    # Named now, in this run's language: a format function is also called outside the run.
    labels = {
        v.version: (_("Version {version} (current)") if v.current else _("Version {version}")).format(
            version=v.version
        )
        for v in versions
    }
    with st.container(border=True, key="data_version_shown"):
        chosen = st.selectbox(
            _("Show a version"),
            [v.version for v in versions],
            key=SHOWN,
            format_func=labels.get,
            width=320,
        )
        _details(dataset.counted(next(v for v in versions if v.version == chosen)), staff)
