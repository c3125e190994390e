"""Data: the version history and downloads for everyone; upload, preview and publish for staff."""

import dataclasses
import hashlib

import streamlit as st

from clfj_data import load_milestones, store
from clfj_data.diff import diff_milestones
from clfj_data.export import problems_csv, template_csv, template_xlsx
from clfj_data.filters import Filters
from clfj_data.markup import escape_markdown
from clfj_data.problems import UnreadableFile
from clfj_data.similar import near_duplicates
from clfj_data.tables import history_table, milestones_table
from clfj_data.wording import plural
from pages import _entry, _exports, _staff, _version

_entry.run_inside_entry()

SHOWN_PROBLEMS = 100
CHECKED = "data_checked"  # the Checked upload
PREVIEW = "data_preview_made"  # its Preview


@dataclasses.dataclass(frozen=True)
class Checked:
    """An upload that has been read: kept while the same file stays in the uploader."""

    digest: str  # sha256 of the file's bytes
    name: str
    result: object  # clfj_data.LoadResult
    base: int  # the version the preview compares with, and that publishing expects to replace


@dataclasses.dataclass(frozen=True)
class Preview:
    """What publishing a checked file would change, made once per file and base version."""

    digest: str
    base: int
    diff: object  # clfj_data.diff.Diff
    diff_table: object
    new_table: object


def changes_in(version: int):
    """What a version changed from the one before it, and that as a table, made once
    (versions never change)."""

    def compare():
        before = _version.milestones_of(version - 1) if version > 1 else None
        diff = diff_milestones(before, _version.milestones_of(version))
        return diff, diff.table()

    return _version.shared(version).get("changes", compare)


def preview(checked: Checked) -> Preview:
    """What publishing the checked file would change, and its table, made once per file and base."""
    kept = st.session_state.get(PREVIEW)
    if not kept or (kept.digest, kept.base) != (checked.digest, checked.base):
        diff = diff_milestones(_version.milestones_of(checked.base), checked.result.milestones)
        kept = Preview(
            checked.digest, checked.base, diff, diff.table(), milestones_table(checked.result.milestones)
        )
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


def check_upload(upload) -> Checked | None:
    """The uploaded file, read and checked once (None where it cannot be read at all)."""
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    checked = st.session_state.get(CHECKED)
    if checked and checked.digest == digest:
        return checked
    shown_name = escape_markdown(upload.name)
    with st.status(f"Reading {shown_name}…", expanded=False) as status:
        try:
            result = load_milestones(data, filename=upload.name)
        except UnreadableFile as error:
            status.update(label="The file cannot be read", state="error")
            st.error(escape_markdown(str(error)))
            return None
        status.update(label=f"Read {shown_name} ({escape_markdown(result.source)})", state="complete")
    checked = Checked(digest, upload.name, result, _version.current_info().version)
    st.session_state[CHECKED] = checked
    return checked


def show_preview(checked: Checked) -> None:
    made = preview(checked)
    st.success(
        f"{escape_markdown(checked.name)}: {len(checked.result.milestones)} milestones, no problems. "
        f"Compared with version {checked.base}: {made.diff.summary()}."
    )
    if not made.diff.empty:
        st.dataframe(made.diff_table, hide_index=True, key="data_diff")
    with st.expander("The new table"):
        st.dataframe(made.new_table, hide_index=True, key="data_preview")
    show_near_duplicates(checked)


def show_near_duplicates(checked: Checked) -> None:
    """A warning for each new milestone that reads almost like a published one."""
    published = _version.milestones_of(checked.base)
    result = checked.result
    for warning in near_duplicates(result.milestones, published, rows=result.rows_by_id()):
        st.warning(escape_markdown(str(warning)))


def publish(checked: Checked, data: bytes, note: str) -> None:
    staff = _staff.staff_for_writing()
    if staff is None:
        return
    try:
        info = store.publish_version(
            _version.engine(), data, checked.name, by=staff, note=note, expected_current=checked.base
        )
    except store.StaleVersion as stale:
        st.session_state[CHECKED] = dataclasses.replace(checked, base=stale.latest.version)
        st.session_state["data_message"] = f"{stale} The changes shown are now against that version."
        st.rerun()
    except ValueError as error:
        st.error(escape_markdown(str(error)))
        return
    st.session_state.pop(CHECKED, None)
    st.session_state.pop(PREVIEW, None)
    st.session_state["data_upload_generation"] = st.session_state.get("data_upload_generation", 0) + 1
    st.session_state["data_published"] = info.version
    st.rerun()


def upload_and_publish() -> None:
    st.header("Publish a new version")
    st.caption(
        "Upload the milestone spreadsheet you edit (CSV or XLSX). It is checked before anything changes."
    )
    generation = st.session_state.get("data_upload_generation", 0)
    upload = st.file_uploader("Spreadsheet", type=["csv", "xlsx"], key=f"data_upload_{generation}")
    checked = check_upload(upload) if upload is not None else None
    if checked is None:
        return
    if st.session_state.get("data_message"):
        st.error(st.session_state.pop("data_message"))
    for warning in checked.result.warnings:
        st.warning(escape_markdown(str(warning)))
    if not checked.result.ok:
        show_problems(checked.result)
        return
    show_preview(checked)
    with st.form("data_publish_form", border=False):
        note = st.text_input("Note for the history (required): what changed and why", key="data_note")
        submitted = st.form_submit_button("Publish", key="data_publish", type="primary")
    if submitted:
        publish(checked, upload.getvalue(), note)


def version_details(info: store.VersionInfo, staff) -> None:
    diff, table = changes_in(info.version)
    st.markdown(f"**Version {info.version}**: {diff.summary()} from the version before.")
    st.text(f"Note: {info.note}")
    if not diff.empty:
        st.dataframe(table, hide_index=True, key="data_version_diff")
    if info.restores:
        st.caption(f"Restores version {info.restores}.")
    columns = st.columns(3)
    with columns[0]:
        _exports.deferred_download("CSV", "data_version_csv", "csv", version=info, filters=Filters())
    with columns[1]:
        _exports.deferred_download("XLSX", "data_version_xlsx", "xlsx", version=info, filters=Filters())
    if staff:  # the file as uploaded: every sheet and column, formulas unguarded; for staff only
        engine = _version.engine()
        columns[2].download_button(
            "Uploaded file",
            lambda: store.read_file(engine, info.version)[1],
            info.file_name,
            key="data_version_original",
            on_click="ignore",
            icon=":material/download:",
        )
    if staff and not info.current:
        with st.form("data_rollback_form", border=False):
            note = st.text_input(f"Note for restoring version {info.version}", key="data_rollback_note")
            restore = st.form_submit_button(f"Restore version {info.version}", key="data_rollback")
        if restore:
            staff = _staff.staff_for_writing()
            if staff is None:
                return
            try:
                new = store.rollback(_version.engine(), info.version, by=staff, note=note)
            except ValueError as error:
                st.error(escape_markdown(str(error)))
                return
            st.session_state["data_published"] = new.version
            st.rerun()


st.title("Data")
staff = _staff.current_staff()
current = _version.current_info()
if st.session_state.get("data_published"):
    st.success(f"Published version {st.session_state.pop('data_published')}.")

downloads = st.columns(4)
with downloads[0]:
    _exports.deferred_download("Current data (CSV)", "data_current_csv", "csv", filters=Filters())
with downloads[1]:
    _exports.deferred_download("Current data (XLSX)", "data_current_xlsx", "xlsx", filters=Filters())
downloads[2].download_button(
    "Blank template (CSV)",
    template_csv().encode("utf-8-sig"),
    "clfj-milestones-template.csv",
    "text/csv",
    key="data_template",
    on_click="ignore",
    icon=":material/download:",
)
downloads[3].download_button(
    "Blank template (XLSX)",
    template_xlsx,  # made when clicked: a workbook is not worth building on every run
    "clfj-milestones-template.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="data_template_xlsx",
    on_click="ignore",
    icon=":material/download:",
)

if staff:
    st.caption(f"Signed in as {escape_markdown(staff.name)}.")
    st.button("Sign out", key="data_signout", on_click=_staff.sign_out)
    upload_and_publish()
else:
    _staff.sign_in_form()

st.header("Version history")
versions = store.history(_version.engine())
changes = {v.version: changes_in(v.version)[0].summary() for v in versions}
st.dataframe(history_table(versions, changes), hide_index=True, key="data_history")
chosen = st.selectbox(
    "Version", [v.version for v in versions], key="data_version", format_func=lambda n: f"Version {n}"
)
version_details(next(v for v in versions if v.version == chosen), staff)
