"""Data: the version history and downloads for everyone; upload, preview and publish for staff."""

import hashlib

import streamlit as st

from clfj_data import load_milestones, store
from clfj_data.diff import diff_milestones
from clfj_data.export import (
    history_table,
    milestones_table,
    problems_csv,
    problems_table,
    template_csv,
)
from clfj_data.markup import escape_markdown
from clfj_data.problems import UnreadableFile
from pages import _staff, _ui

_ui.run_inside_frame()

SHOWN_PROBLEMS = 100
CHECKED = "data_checked"  # (sha256, file name, result, version the preview compares with)
PREVIEW = "data_preview_made"  # ((sha256, base version), diff, its table, the new table)


def changes_in(version: int):
    """What a version changed from the one before it, and that as a table, made once
    (versions never change)."""

    def compare():
        before = _ui.milestones_of(version - 1) if version > 1 else None
        diff = diff_milestones(before, _ui.milestones_of(version))
        return diff, diff.table()

    return _ui.shared(version).get("changes", compare)


def preview(checked):
    """What publishing the checked file would change, and its table, made once per file and base."""
    digest, _, result, base = checked
    kept = st.session_state.get(PREVIEW)
    if not kept or kept[0] != (digest, base):
        diff = diff_milestones(_ui.milestones_of(base), result.milestones)
        kept = ((digest, base), diff, diff.table(), milestones_table(result.milestones))
        st.session_state[PREVIEW] = kept
    return kept[1:]


def show_problems(result) -> None:
    st.error(f"{len(result.errors)} problems: nothing can be published until they are fixed in the file.")
    with st.container(border=True, key="data_problem_list"):
        for problem in result.errors[:SHOWN_PROBLEMS]:
            st.text(str(problem))
        if len(result.errors) > SHOWN_PROBLEMS:
            st.caption(f"… and {len(result.errors) - SHOWN_PROBLEMS} more in the table and the download.")
    st.dataframe(problems_table(result.errors), hide_index=True, key="data_errors")
    st.download_button(
        "Download the problems (CSV)",
        problems_csv(result.errors),
        "problems.csv",
        "text/csv",
        key="data_errors_download",
        on_click="ignore",
    )


def upload_and_publish(staff) -> None:
    st.header("Publish a new version")
    st.caption(
        "Upload the milestone spreadsheet you edit (CSV or XLSX). It is checked before anything changes."
    )
    generation = st.session_state.get("data_upload_generation", 0)
    upload = st.file_uploader("Spreadsheet", type=["csv", "xlsx"], key=f"data_upload_{generation}")
    if upload is None:
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    checked = st.session_state.get(CHECKED)
    if not checked or checked[0] != digest:
        shown_name = escape_markdown(upload.name)
        with st.status(f"Reading {shown_name}…", expanded=False) as status:
            try:
                result = load_milestones(data, filename=upload.name)
            except UnreadableFile as error:
                status.update(label="The file cannot be read", state="error")
                st.error(escape_markdown(str(error)))
                return
            status.update(label=f"Read {shown_name} ({escape_markdown(result.source)})", state="complete")
        checked = (digest, upload.name, result, _ui.current_info().version)
        st.session_state[CHECKED] = checked
    _, name, result, base = checked
    if st.session_state.get("data_message"):
        st.error(st.session_state.pop("data_message"))
    for warning in result.warnings:
        st.warning(escape_markdown(str(warning)))
    if not result.ok:
        show_problems(result)
        return
    diff, diff_table, new_table = preview(checked)
    st.success(
        f"{escape_markdown(name)}: {len(result.milestones)} milestones, no problems. "
        f"Compared with version {base}: "
        f"{diff.summary()}."
    )
    if not diff.empty:
        st.dataframe(diff_table, hide_index=True, key="data_diff")
    with st.expander("The new table"):
        st.dataframe(new_table, hide_index=True, key="data_preview")
    with st.form("data_publish_form", border=False):
        note = st.text_input("Note for the history (required): what changed and why", key="data_note")
        submitted = st.form_submit_button("Publish", key="data_publish", type="primary")
    if not submitted:
        return
    try:
        info = store.publish_version(_ui.engine(), data, name, by=staff, note=note, expected_current=base)
    except store.StaleVersion as stale:
        st.session_state[CHECKED] = (*checked[:3], stale.latest.version)
        st.session_state["data_message"] = f"{stale} The changes shown are now against that version."
        st.rerun()
    except ValueError as error:
        st.error(escape_markdown(str(error)))
        return
    st.session_state.pop(CHECKED, None)
    st.session_state.pop(PREVIEW, None)
    st.session_state["data_upload_generation"] = generation + 1
    st.session_state["data_published"] = info.version
    st.rerun()


def version_details(info: store.VersionInfo, staff) -> None:
    stamp = f"v{info.version}"
    diff, table = changes_in(info.version)
    st.markdown(f"**Version {info.version}**: {diff.summary()} from the version before.")
    st.text(f"Note: {info.note}")
    if not diff.empty:
        st.dataframe(table, hide_index=True, key="data_version_diff")
    if info.restores:
        st.caption(f"Restores version {info.restores}.")
    columns = st.columns(3)
    columns[0].download_button(
        "CSV", _ui.deferred_file(info.version, "csv"), f"clfj-milestones-{stamp}.csv", "text/csv",
        key="data_version_csv", on_click="ignore",
    )  # fmt: skip
    columns[1].download_button(
        "XLSX",
        _ui.deferred_file(info.version, "xlsx"),
        f"clfj-milestones-{stamp}.xlsx",
        key="data_version_xlsx",
        on_click="ignore",
    )
    engine = _ui.engine()
    columns[2].download_button(
        "Uploaded file",
        lambda: store.read_file(engine, info.version)[1],
        info.file_name,
        key="data_version_original",
        on_click="ignore",
    )
    if staff and not info.current:
        with st.form("data_rollback_form", border=False):
            note = st.text_input(f"Note for restoring version {info.version}", key="data_rollback_note")
            restore = st.form_submit_button(f"Restore version {info.version}", key="data_rollback")
        if restore:
            try:
                new = store.rollback(_ui.engine(), info.version, by=staff, note=note)
            except ValueError as error:
                st.error(escape_markdown(str(error)))
                return
            st.session_state["data_published"] = new.version
            st.rerun()


st.title("Data")
staff = _staff.current_staff()
current = _ui.current_info()
if st.session_state.get("data_published"):
    st.success(f"Published version {st.session_state.pop('data_published')}.")

downloads = st.columns(3)
downloads[0].download_button(
    "Current data (CSV)",
    _ui.deferred_file(current.version, "csv"),
    f"clfj-milestones-v{current.version}.csv",
    "text/csv",
    key="data_current_csv",
    on_click="ignore",
)
downloads[1].download_button(
    "Current data (XLSX)",
    _ui.deferred_file(current.version, "xlsx"),
    f"clfj-milestones-v{current.version}.xlsx",
    key="data_current_xlsx",
    on_click="ignore",
)
downloads[2].download_button(
    "Blank template (CSV)",
    template_csv().encode("utf-8-sig"),
    "clfj-milestones-template.csv",
    "text/csv",
    key="data_template",
    on_click="ignore",
)

if staff:
    st.caption(f"Signed in as {escape_markdown(staff.name)}.")
    st.button("Sign out", key="data_signout", on_click=_staff.sign_out)
    upload_and_publish(staff)
else:
    _staff.sign_in_form()

st.header("Version history")
versions = store.history(_ui.engine())
changes = {v.version: changes_in(v.version)[0].summary() for v in versions}
st.dataframe(history_table(versions, changes), hide_index=True, key="data_history")
chosen = st.selectbox(
    "Version", [v.version for v in versions], key="data_version", format_func=lambda n: f"Version {n}"
)
version_details(next(v for v in versions if v.version == chosen), staff)
