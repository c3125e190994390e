"""Data: the version history and downloads for everyone; upload, preview and publish for staff."""

import dataclasses
import hashlib
import logging

import streamlit as st

from clfj_data import store, uploads
from clfj_data.charts import change_timeline_figure
from clfj_data.diff import diff_milestones, same_milestones
from clfj_data.export import problems_csv, template_csv, template_xlsx
from clfj_data.filters import Filters
from clfj_data.load import load_upload
from clfj_data.markup import escape_markdown, markdown_word_diff
from clfj_data.problems import UnreadableFile
from clfj_data.similar import near_duplicates
from clfj_data.tables import milestones_table, version_line
from clfj_data.visibility import is_staff_only
from clfj_data.wording import plural, staff_only_sentence
from clfj_ui import dataset, entry, export_buttons, plot, signin, upload_gate

entry.run_inside_entry()

SHOWN_PROBLEMS = 100
SHOWN_CHANGES = 100  # changed milestones written out word by word; the table lists them all
CHECKED = "data_checked"  # the Checked upload
PREVIEW = "data_preview_made"  # its Preview
DIFF_HEADERS = {"change": "Change", "id": "Milestone id", "title": "Headline", "fields": "Fields changed"}


@dataclasses.dataclass(frozen=True)
class Checked:
    """An upload that has been read: kept while the same file stays in the uploader."""

    digest: str  # sha256 of the files' names and bytes
    name: str  # the spreadsheet's
    result: object  # clfj_data.LoadResult
    base: int  # the version the preview compares with, and that publishing expects to replace
    upload: object  # clfj_data.uploads.Upload: the spreadsheet and its pictures, to publish


@dataclasses.dataclass(frozen=True)
class Preview:
    """What publishing a checked file would change, made once per file and base version."""

    digest: str
    base: int
    diff: object  # clfj_data.diff.Diff
    diff_table: object
    new_table: object
    chart: str  # the change timeline, as the JSON the chart draws
    near: tuple  # clfj_data.similar warnings: new milestones that read almost like published ones


def changes_in(version: int):
    """What a version changed from the one before it, and that as a table, made once
    (versions never change)."""

    def compare():
        before = dataset.milestones_of(version - 1) if version > 1 else None
        links = pictures_of(version - 1) if version > 1 else {}, pictures_of(version)
        diff = diff_milestones(before, dataset.milestones_of(version), links)
        return diff, diff.table()

    return dataset.shared(version).get("changes", compare)


def pictures_of(version: int) -> dict[str, str]:
    """A version's pictures (the sha256 of each by file name), read once (versions never change)."""
    engine = dataset.engine()

    def read():
        return dataset.from_database(lambda: store.picture_links(engine, version))

    return dataset.shared(version).get("picture links", read)


def preview(checked: Checked) -> Preview:
    """What publishing the checked file would change, and its table, made once per file and base."""
    kept = st.session_state.get(PREVIEW)
    if not kept or (kept.digest, kept.base) != (checked.digest, checked.base):
        old, new = dataset.milestones_of(checked.base), checked.result.milestones
        pictures = {name: photo.sha256 for name, photo in checked.result.pictures.items()}
        diff = diff_milestones(old, new, (pictures_of(checked.base), pictures))
        chart = plot.as_spec(change_timeline_figure(old, new, diff))
        near = tuple(near_duplicates(new, old, rows=checked.result.rows_by_id()))
        kept = Preview(checked.digest, checked.base, diff, diff.table(), milestones_table(new), chart, near)
        st.session_state[PREVIEW] = kept
    return kept


def show_problems(result) -> None:
    st.error(
        f"{plural(len(result.errors), 'problem')}: nothing can be published until "
        f"{'it is' if len(result.errors) == 1 else 'they are'} fixed in the file."
    )
    # Each problem once, as a line; the download holds them all as a table.
    with st.container(border=True, key="data_problem_list"):
        for problem in result.errors[:SHOWN_PROBLEMS]:
            st.text(str(problem))
        if len(result.errors) > SHOWN_PROBLEMS:
            st.caption(f"… and {len(result.errors) - SHOWN_PROBLEMS:,} more in the download.")
    st.download_button(
        "Download the problems (CSV)",
        problems_csv(result.errors),
        "problems.csv",
        "text/csv",
        key="data_errors_download",
        on_click="ignore",
    )


def check_upload(files) -> Checked | None:
    """The uploaded files (a spreadsheet and its pictures, or one ZIP of them), read and checked
    once (None where they cannot be read at all)."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(hashlib.sha256(file.name.encode() + b"\0" + file.getvalue()).digest())
    digest = digest.hexdigest()
    checked = st.session_state.get(CHECKED)
    if checked and checked.digest == digest:
        return checked
    shown_name = escape_markdown(", ".join(file.name for file in files))
    with st.status(f"Reading {shown_name}…", expanded=False) as status:
        try:
            upload = uploads.from_files([(file.name, file.getvalue()) for file in files])
            result = load_upload(upload)
        except UnreadableFile as error:
            status.update(label=f"The {'file' if len(files) == 1 else 'files'} cannot be read", state="error")
            st.error(escape_markdown(str(error)))
            return None
        status.update(label=f"Read {shown_name} ({escape_markdown(result.source)})", state="complete")
    checked = Checked(digest, upload.name, result, dataset.current_info().version, upload)
    st.session_state[CHECKED] = checked
    return checked


def show_preview(checked: Checked) -> Preview:
    """What publishing the file would change: where in time, which milestones, and in each
    changed one every changed field before and after, word by word."""
    made = preview(checked)
    diff = made.diff
    new, pictures = checked.result.milestones, checked.result.pictures
    with_pictures = f" and {plural(len(pictures), 'picture')}" if pictures else ""
    st.success(
        f"{escape_markdown(checked.name)}: {plural(len(new), 'milestone')}"
        f"{with_pictures}, no problems. Compared with version {checked.base}: {diff.summary()}."
    )
    st.caption(staff_only_sentence(int(is_staff_only(new).sum()), len(new)))
    if diff.empty:
        return made
    plot.plotly_chart(
        made.chart,
        key="data_change_chart",
        alt=f"Where in time the upload changes the milestones: {diff.summary()}.",
    )
    for kind in ("added", "removed"):
        changes = getattr(diff, kind)
        if changes:
            listed = "\n".join(f"- {escape_markdown(c.title)}" for c in changes[:SHOWN_CHANGES])
            st.markdown(f"**{kind.capitalize()}** ({len(changes):,})\n\n{listed}")
    if diff.changed:
        st.markdown(f"**Changed** ({len(diff.changed):,})")
    with st.container(key="data_changes"):
        for change in diff.changed[:SHOWN_CHANGES]:
            with st.container(border=True):
                st.markdown(f"**{escape_markdown(change.title)}**")
                for edit in change.edits:
                    segments = edit.segments
                    st.markdown(
                        f"*{edit.field}*  \n"
                        f"Before: {markdown_word_diff(segments, 'before')}  \n"
                        f"After: {markdown_word_diff(segments, 'after')}"
                    )
    shown = sum(min(len(c), SHOWN_CHANGES) for c in (diff.added, diff.removed, diff.changed))
    if shown < len(diff.added) + len(diff.removed) + len(diff.changed):
        st.caption("Only the first changes of each kind are written out: the table lists them all.")
    for warning in made.near:
        st.warning(escape_markdown(str(warning)))
    with st.expander("Every change as a table"):
        st.dataframe(made.diff_table, hide_index=True, key="data_diff")
    return made


def written_nothing(error: store.DatabaseUnavailable, what: str) -> None:
    """The database was busy or out of reach: say so plainly (the log says where and why)."""
    logging.getLogger(__name__).warning("%s", error)
    st.error(f"The database is busy or cannot be reached, so nothing was {what}. Try again in a minute.")


def publish(checked: Checked, note: str) -> None:
    staff = signin.staff_for_writing()
    if staff is None:
        return
    upload = checked.upload
    try:
        info = store.publish_version(
            dataset.engine(), upload.data, upload.name, by=staff, note=note, expected_current=checked.base,
            media=upload.media,
        )  # fmt: skip
    except store.StaleVersion as stale:
        st.session_state[CHECKED] = dataclasses.replace(checked, base=stale.latest.version)
        st.session_state["data_message"] = f"{stale} The changes shown are now against that version."
        st.rerun()
    except store.DatabaseUnavailable as error:
        written_nothing(error, "published")
        return
    except ValueError as error:
        st.error(escape_markdown(str(error)))
        return
    st.session_state.pop(CHECKED, None)
    st.session_state.pop(PREVIEW, None)
    st.session_state.pop("data_note", None)  # the next upload starts with a blank note
    st.session_state["data_upload_generation"] = st.session_state.get("data_upload_generation", 0) + 1
    st.session_state["data_published"] = info.version
    st.rerun()


def upload_and_publish() -> None:
    st.header("Publish a new version")
    st.caption(
        "Upload the milestone spreadsheet you edit (CSV or XLSX) with the photos its image column "
        "names (JPEG, PNG or WebP, up to 10 MB each), or one ZIP holding them all. Everything is "
        "checked before anything changes; photos are shrunk and stripped of their metadata (GPS included)."
    )
    generation = st.session_state.get("data_upload_generation", 0)
    upload_gate.open_for_this_session()
    files = st.file_uploader(
        "Spreadsheet and its photos",
        type=["csv", "xlsx", "zip", *uploads.PICTURE_TYPES],
        accept_multiple_files=True,
        key=f"data_upload_{generation}",
    )
    checked = check_upload(files) if files else None
    if checked is None:
        return
    if st.session_state.get("data_message"):
        st.error(st.session_state.pop("data_message"))
    for warning in checked.result.warnings:
        st.warning(escape_markdown(str(warning)))
    if not checked.result.ok:
        show_problems(checked.result)
        return
    made = show_preview(checked)
    if made.diff.empty:
        st.info(f"Publish is off: {store.NoChanges(checked.base)}, so a new version would change nothing.")
    with st.form("data_publish_form", border=False):
        note = st.text_input("Note for the history (required): what changed and why", key="data_note")
        st.caption("Visitors read the history too: say nothing in the note of a staff-only milestone.")
        submitted = st.form_submit_button(
            "Publish", key="data_publish", type="primary", disabled=made.diff.empty
        )
    if submitted and not made.diff.empty:
        publish(checked, note)


def version_details(info: store.VersionInfo, staff) -> None:
    diff, table = changes_in(info.version)
    if info.version == 1:
        st.markdown(f"**Version 1**: the first, with {plural(info.milestones, 'milestone')}.")
    else:
        st.markdown(f"**Version {info.version}**: {diff.summary()} from the version before.")
    st.text(f"Note: {info.note}")
    if not diff.empty and info.version > 1:
        st.dataframe(table, hide_index=True, key="data_version_diff", column_config=DIFF_HEADERS)
    if info.restores:
        st.caption(f"Restores version {info.restores}.")
    exported = export_buttons.staff_choice(
        dataset.milestones_of(info.version), "data_version_include_staff_only"
    )
    with st.container(horizontal=True, key="data_version_downloads"):
        for fmt in ("csv", "xlsx"):
            label, key = f"Version {info.version} ({fmt.upper()})", f"data_version_{fmt}"
            export_buttons.deferred_download(label, key, fmt, exported, version=info, filters=Filters())
        if staff:  # the file as uploaded: every sheet and column, formulas unguarded; for staff only
            engine = dataset.engine()
            st.download_button(
                "Uploaded file",
                lambda: store.read_file(engine, info.version)[1],
                info.file_name,
                key="data_version_original",
                on_click="ignore",
                icon=":material/download:",
            )
    if staff and not info.current:
        current = dataset.current_info().version
        unchanged = dataset.shared(info.version).get(
            ("same as", current),
            lambda: (
                same_milestones(dataset.milestones_of(info.version), dataset.milestones_of(current))
                and pictures_of(info.version) == pictures_of(current)
            ),
        )
        if unchanged:
            st.info(f"Restore is off: {store.NoChanges(current)}, so restoring it would change nothing.")
        with st.form("data_rollback_form", border=False):
            note = st.text_input(f"Note for restoring version {info.version}", key="data_rollback_note")
            restore = st.form_submit_button(
                f"Restore version {info.version}", key="data_rollback", disabled=unchanged
            )
        if restore and not unchanged:
            staff = signin.staff_for_writing()
            if staff is None:
                return
            try:
                new = store.rollback(dataset.engine(), info.version, by=staff, note=note)
            except store.DatabaseUnavailable as error:
                written_nothing(error, "restored")
                return
            except ValueError as error:
                st.error(escape_markdown(str(error)))
                return
            st.session_state["data_published"] = new.version
            st.rerun()


def downloads(current: store.VersionInfo) -> None:
    st.header("Download")
    st.caption(
        f"The current data: all {plural(dataset.counted(current).milestones, 'milestone')} of version "
        f"{current.version}, "
        "whatever the filters on the other pages. The template is a blank spreadsheet for new data."
    )
    exported = export_buttons.staff_choice(dataset.milestones(), "data_include_staff_only")
    with st.container(horizontal=True, key="data_downloads"):
        export_buttons.deferred_download(
            "Current data (CSV)", "data_current_csv", "csv", exported, filters=Filters()
        )
        export_buttons.deferred_download(
            "Current data (XLSX)", "data_current_xlsx", "xlsx", exported, filters=Filters()
        )
        st.download_button(
            "Blank template (CSV)",
            template_csv().encode("utf-8-sig"),
            "clfj-milestones-template.csv",
            "text/csv",
            key="data_template",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            "Blank template (XLSX)",
            template_xlsx,  # made when clicked: a workbook is not worth building on every run
            "clfj-milestones-template.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="data_template_xlsx",
            on_click="ignore",
            icon=":material/download:",
        )


def history_lines(versions: list[store.VersionInfo]) -> dict[int, tuple[int, str]]:
    """Each version's count and changes as this session's audience sees them: read in one query,
    the missing ones (new versions, or a database from before they were stored) made and kept."""
    engine = dataset.engine()
    # A visitor's lines hold while the current version withdraws the same milestones.
    withdrawn = "\n".join(sorted(dataset.withdrawn_now())).encode("utf-8")
    audience = (
        "staff" if dataset.sees_staff_only() else f"visitors {hashlib.sha256(withdrawn).hexdigest()[:16]}"
    )
    lines = dataset.from_database(lambda: store.read_history_lines(engine, audience))
    missing = {
        info.version: (len(dataset.milestones_of(info.version)),
                       changes_in(info.version)[0].summary() if info.version > 1 else "")
        for info in versions if info.version not in lines
    }  # fmt: skip
    dataset.from_database(lambda: store.keep_history_lines(engine, audience, missing))
    return lines | missing


def version_history(staff) -> None:
    st.header("Version history")
    versions = store.history(dataset.engine())
    # Past a screenful of versions the list scrolls, so the chosen version's details stay near.
    lines = history_lines(versions)
    with st.container(border=True, key="data_history", height=320 if len(versions) > 8 else "content"):
        for info in versions:
            badge = " :green-badge[Current]" if info.current else ""
            seen, changes = lines[info.version]
            line = version_line(dataclasses.replace(info, milestones=seen), changes)
            st.markdown(f"**Version {info.version}**{badge} · {escape_markdown(line)}")
    current = next(v.version for v in versions if v.current)
    with st.container(border=True, key="data_version_shown"):
        chosen = st.selectbox(
            "Show a version",
            [v.version for v in versions],
            key="data_version",
            format_func=lambda n: f"Version {n}" + (" (current)" if n == current else ""),
            width=320,
        )
        version_details(dataset.counted(next(v for v in versions if v.version == chosen)), staff)


st.title("Data")
st.markdown("The milestones behind every page, to download, and each version of them as published.")
staff = signin.current_staff()
current = dataset.current_info()
if st.session_state.get("data_published"):
    published = st.session_state.pop("data_published")
    st.success(f"Published version {published}: it is now the version every page shows.")
    if entry.is_inside_entry():  # a page link needs the navigation the entry script declares
        st.page_link(
            "pages/timeline.py", label=f"See version {published} on the timeline", icon=":material/timeline:"
        )

if staff:
    st.caption(f"Signed in as {escape_markdown(staff.name)}.")
    st.button("Sign out", key="data_signout", on_click=signin.sign_out)
    upload_and_publish()

downloads(current)
version_history(staff)

if not staff:
    signin.sign_in_form()
