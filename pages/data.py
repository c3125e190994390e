"""Data: the version history and downloads for everyone; upload, preview and publish for staff."""

import dataclasses

import streamlit as st

from clfj_data import publishing, review, store
from clfj_data.markup import escape_markdown
from clfj_ui import dataset, entry, language, publish_consent, signin, upload_gate, upload_preview, versions
from clfj_ui.language import _
from clfj_ui.staff import current_staff
from clfj_ui.upload_preview import (
    CHANGE_CHART,
    CHANGE_TABLE,
    CHECKED,
    PREVIEW,
    check_upload,
    show_preview,
    show_problems,
)

entry.run_inside_entry()

KEPT = "data_upload_kept"  # the files in use once a later spreadsheet replaced an earlier one
REPLACED = "data_upload_replaced"  # the names of the files they replaced
GENERATION = "data_upload_generation"  # a new uploader key shows an empty uploader


def publish(checked: review.Checked, note: str) -> None:
    staff = signin.staff_for_writing()
    if staff is None:
        return
    upload = checked.upload
    try:
        info = publishing.publish_version(
            dataset.engine(), upload.data, upload.name, by=staff, note=note, expected_current=checked.base,
            media=upload.media,
        )  # fmt: skip
    except store.StaleVersion as stale:
        st.session_state[CHECKED] = dataclasses.replace(checked, base=stale.latest.version)
        st.session_state["data_message"] = _(
            "{reason} The changes shown are now against that version."
        ).format(reason=language.error_text(stale))
        st.rerun()
    except store.DatabaseUnavailable as error:
        versions.written_nothing(error, "published")
        return
    except ValueError as error:
        st.error(escape_markdown(language.error_text(error)))
        return
    # The next upload starts afresh, with a blank note.
    for key in (CHECKED, PREVIEW, CHANGE_CHART, CHANGE_TABLE, KEPT, REPLACED, "data_note"):
        st.session_state.pop(key, None)
    empty_uploader()
    versions.now_current(info.version)


def empty_uploader() -> None:
    """The next run draws a new, empty uploader (Streamlit cannot take one file out of one)."""
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def forget_kept_files() -> None:
    for key in (KEPT, REPLACED, CHECKED, PREVIEW):
        st.session_state.pop(key, None)


def files_in_use(files) -> list[tuple[str, bytes]]:
    """The files read: those kept from before a replacement, then the uploader's. When a
    spreadsheet dropped later replaces an earlier one, only the files read are kept and the
    uploader is emptied, so the page never lists a replaced file as if it counted."""
    named = [*st.session_state.get(KEPT, ()), *((file.name, file.getvalue()) for file in files or ())]
    chosen = review.choose_files(named)
    if chosen.replaced:
        st.session_state[KEPT] = chosen.files
        st.session_state[REPLACED] = upload_preview.were_read(chosen.replaced)  # not a file never read
        empty_uploader()
        st.rerun()
    return named


def show_files_in_use() -> None:
    """The line naming the spreadsheet in use, once the uploader was emptied for it."""
    kept = st.session_state.get(KEPT)
    if not kept:
        return
    with st.container(horizontal=True, vertical_alignment="center", key="data_in_use"):
        names = escape_markdown(", ".join(name for name, _data in kept))
        replaced = escape_markdown(", ".join(st.session_state.get(REPLACED, ())))
        said = (
            _("**In use: {names}**, replacing the earlier {replaced}.")
            if replaced
            else _("**In use: {names}**.")
        )
        st.markdown(
            said.format(names=names, replaced=replaced) + " " + _("Drop another spreadsheet to replace it.")
        )
        st.button(_("Remove"), key="data_remove_kept", on_click=forget_kept_files, icon=":material/close:")


def upload_and_publish() -> None:
    st.header(_("Publish a new version"), anchor=False)
    st.caption(
        _(
            "Upload the milestone spreadsheet you edit (CSV or XLSX) with the photos its image column "
            "names (JPEG, PNG or WebP, up to 10 MB each), or one ZIP holding them all. Everything is "
            "checked before anything changes; photos are shrunk and stripped of their metadata (GPS "
            "included). A spreadsheet dropped later replaces the one before it."
        )
    )
    upload_gate.open_for_this_session()
    files = st.file_uploader(
        _("Spreadsheet and its photos"),
        type=None,  # any file: one of another kind is refused in words (review.not_accepted)
        accept_multiple_files=True,
        key=f"data_upload_{st.session_state.get(GENERATION, 0)}",
    )
    named = files_in_use(files)
    show_files_in_use()
    checked = check_upload(named) if named else None
    if checked is None:
        return
    if st.session_state.get("data_message"):
        st.error(st.session_state.pop("data_message"))
    # Widening who sees a milestone is said first, and never done unasked.
    agreed = not checked.result.ok or publish_consent.agreed(checked, upload_preview.preview(checked))
    made = show_preview(checked) if checked.result.ok else show_problems(checked.result)
    for warning in review.other_notices(checked.result):  # after the problems, or the changes
        st.warning(escape_markdown(warning.text(language.current())))
    if made is None:
        return
    unchanged = review.publishes_nothing(made, checked.result.framing, dataset.framing_of(checked.base))
    if made.diff.empty:  # a new title or eras alone still make a version
        lang = language.current()
        st.info(
            review.nothing_to_publish(checked.base, lang)
            if unchanged
            else review.framing_only(checked.base, lang)
        )
    publish_off = unchanged or not agreed
    with st.form("data_publish_form", border=False):
        note = versions.note_input(_("Note for the history (required): what changed and why"), "data_note")
        st.caption(_("Visitors read the history too: say nothing in the note of a staff-only milestone."))
        submitted = st.form_submit_button(
            _("Publish"), key="data_publish", type="primary", disabled=publish_off
        )
    if submitted and not publish_off:
        publish(checked, note)


st.title(_("Data"), anchor=False)
st.markdown(_("The milestones behind every page, to download, and each version of them as published."))
staff = current_staff()
if st.session_state.get(versions.PUBLISHED):
    published = st.session_state.pop(versions.PUBLISHED)
    st.success(versions.now_current_said(published))
    if entry.is_inside_entry():  # a page link needs the navigation the entry script declares
        st.page_link(
            "pages/timeline.py",
            label=_("See version {version} on the timeline").format(version=published),
            icon=":material/timeline:",
            query_params=language.link_params(),
        )
if staff:
    with st.container(horizontal=True, vertical_alignment="center", key="data_signed_in"):
        language.caption(language.typed_into(_("Signed in as {name}."), "name", staff.name))
        st.button(_("Sign out"), key="data_signout", on_click=signin.sign_out)
    upload_and_publish()
else:
    signin.sign_in_form()
versions.downloads(dataset.current_info())
versions.version_history(staff is not None)
