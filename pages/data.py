"""Data: the version history and downloads for everyone; upload, preview and publish for staff."""

import dataclasses

import streamlit as st

from clfj_data import i18n, publishing, review, store, uploads
from clfj_data.charts import change_timeline_figure
from clfj_data.export import problems_csv
from clfj_data.markup import escape_markdown, markdown_word_diff
from clfj_data.visibility import is_staff_only
from clfj_data.wording import facts_line, milestone_when, staff_only_sentence
from clfj_ui import dataset, entry, language, plot, signin, upload_gate, versions
from clfj_ui.language import _, ngettext
from clfj_ui.staff import current_staff

entry.run_inside_entry()

# Problems listed, and changed milestones written out word by word (the table lists them all).
SHOWN_PROBLEMS, SHOWN_CHANGES = 100, 100
CHECKED = "data_checked"  # the review.Checked upload
PREVIEW = "data_preview_made"  # its review.Preview
CHANGE_CHART = "data_change_chart_made"  # its change chart in a language other than English
KEPT = "data_upload_kept"  # the files in use once a later spreadsheet replaced an earlier one
REPLACED = "data_upload_replaced"  # the names of the files they replaced
GENERATION = "data_upload_generation"  # a new uploader key shows an empty uploader


def check_upload(named: list[tuple[str, bytes]]) -> review.Checked | None:
    """The uploaded files read and checked once (None where they cannot be read at all: then
    the page says which and why)."""
    checked = st.session_state.get(CHECKED)
    if checked and checked.digest == review.files_digest(named):
        return checked
    names = escape_markdown(", ".join(name for name, _content in named))
    with st.spinner(_("Reading {files}…").format(files=names)):
        try:
            checked = review.check_files(named, dataset.current_info().version)
        except review.Unreadable as error:
            st.session_state.pop(CHECKED, None)
            st.error(
                _("**{files}** cannot be read. {reason}").format(
                    files=escape_markdown(error.names), reason=escape_markdown(error.reason)
                )
            )
            return None
    st.session_state[CHECKED] = checked
    return checked


def preview(checked: review.Checked) -> review.Preview:
    """What publishing the checked file would change, made once per file and base version."""
    kept = st.session_state.get(PREVIEW)
    if not kept or (kept.digest, kept.base) != (checked.digest, checked.base):
        old = dataset.milestones_of(checked.base)
        kept = review.make_preview(checked, old, versions.pictures_of(checked.base))
        st.session_state[PREVIEW] = kept
    return kept


def show_problems(result) -> None:
    """Every problem by row, once; and nothing to preview (None)."""
    st.error(
        ngettext(
            "{file} has {count} problem, and nothing can be published until it is fixed in the file. "
            "Drop the corrected file above: it replaces this one.",
            "{file} has {count} problems, and nothing can be published until they are fixed in the file. "
            "Drop the corrected file above: it replaces this one.",
            len(result.errors),
        ).format(
            file=escape_markdown(st.session_state[CHECKED].name), count=language.number(len(result.errors))
        )
    )
    # Each problem once, as a line; the download holds them all as a table.
    with st.container(border=True, key="data_problem_list"):
        for problem in result.errors[:SHOWN_PROBLEMS]:
            st.text(str(problem))
        if len(result.errors) > SHOWN_PROBLEMS:
            more = language.number(len(result.errors) - SHOWN_PROBLEMS)
            st.caption(_("… and {count} more in the download.").format(count=more))
    st.download_button(
        _("Download the problems (CSV)"), problems_csv(result.errors), "problems.csv", "text/csv",
        key="data_errors_download", on_click="ignore",
    )  # fmt: skip


def show_changes(diff, new) -> None:
    """Added milestones by title, date and facts (``new`` holds them), removed ones by title;
    each changed one field by field, word by word."""
    lang = language.current()
    by_id = new.set_index("id", drop=False)

    def added(change) -> str:  # what to check before publishing: the date, the states, the sector
        milestone = by_id.loc[change.id]
        return escape_markdown(f"{milestone_when(milestone, lang)} · {facts_line(milestone, lang=lang)}")

    for kind, heading in (("added", _("**Added** ({count})")), ("removed", _("**Removed** ({count})"))):
        changes = getattr(diff, kind)
        if changes:
            listed = "\n".join(
                f"- {escape_markdown(c.title)}" + (f"  \n  :gray[{added(c)}]" if kind == "added" else "")
                for c in changes[:SHOWN_CHANGES]
            )
            st.markdown(heading.format(count=language.number(len(changes))) + f"\n\n{listed}")
    if diff.changed:
        st.markdown(_("**Changed** ({count})").format(count=language.number(len(diff.changed))))
    with st.container(key="data_changes"):
        for change in diff.changed[:SHOWN_CHANGES]:
            with st.container(border=True):
                st.markdown(f"**{escape_markdown(change.title)}**")
                for edit in change.edits:
                    st.markdown(
                        f"{language.emphasised(_(review.field_header(edit.field)))}  \n"
                        + _("Before: {words}").format(words=markdown_word_diff(edit.segments, "before"))
                        + "  \n"
                        + _("After: {words}").format(words=markdown_word_diff(edit.segments, "after"))
                    )
    shown = sum(min(len(c), SHOWN_CHANGES) for c in (diff.added, diff.removed, diff.changed))
    if shown < len(diff.added) + len(diff.removed) + len(diff.changed):
        st.caption(_("Only the first changes of each kind are written out: the table lists them all."))


def change_chart(checked: review.Checked, made: review.Preview) -> str:
    """Where in time the upload changes the milestones, as the chart draws it, its kinds of
    change named in the language being viewed (made once for each file, version and language)."""
    lang = language.current()
    if lang == i18n.DEFAULT:
        return plot.as_spec(made.chart)
    view = (made.digest, made.base, lang)
    kept = st.session_state.get(CHANGE_CHART)
    if not kept or kept[0] != view:
        old = dataset.milestones_of(checked.base)
        figure = change_timeline_figure(old, checked.result.milestones, made.diff, lang=lang)
        kept = st.session_state[CHANGE_CHART] = (view, plot.as_spec(figure))
    return kept[1]


def show_preview(checked: review.Checked) -> review.Preview:
    """What publishing the file would change: where in time, which milestones, and in each
    changed one every changed field before and after, word by word."""
    made = preview(checked)
    new, pictures = checked.result.milestones, checked.result.pictures
    counted = {
        "file": escape_markdown(checked.name),
        "milestones": ngettext("{count} milestone", "{count} milestones", len(new)).format(
            count=language.number(len(new))
        ),
        "pictures": ngettext("{count} picture", "{count} pictures", len(pictures)).format(
            count=language.number(len(pictures))
        ),
    }
    found = (
        _("{file}: {milestones} and {pictures}, no problems.")
        if pictures
        else _("{file}: {milestones}, no problems.")
    )
    compared = _("Compared with version {version}: {changes}.").format(
        version=checked.base, changes=made.diff.summary(language.current())
    )
    source = checked.result.source
    read_as = _("Read as {source}.").format(source=escape_markdown(source)) if source else ""
    st.success(" ".join(part for part in (found.format(**counted), compared, read_as) if part))
    st.caption(staff_only_sentence(int(is_staff_only(new).sum()), len(new), language.current()))
    st.caption(review.hindi_sentence(made, len(new), language.current()))  # how much reads in Hindi
    if made.diff.empty:
        return made
    alt = _("Where in time the upload changes the milestones: {changes}.").format(
        changes=made.diff.summary(language.current())
    )
    plot.plotly_chart(change_chart(checked, made), key="data_change_chart", alt=alt)
    show_changes(made.diff, checked.result.milestones)
    for warning in made.near:
        st.warning(escape_markdown(str(warning)))
    with st.expander(_("Every change as a table")):
        st.dataframe(made.table, hide_index=True, key="data_diff")
    return made


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
        ).format(reason=stale)
        st.rerun()
    except store.DatabaseUnavailable as error:
        versions.written_nothing(error, "published")
        return
    except ValueError as error:
        st.error(escape_markdown(str(error)))
        return
    # The next upload starts afresh, with a blank note.
    for key in (CHECKED, PREVIEW, CHANGE_CHART, KEPT, REPLACED, "data_note"):
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
        st.session_state[REPLACED] = chosen.replaced
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
        st.markdown(
            _(
                "**In use: {names}**, replacing the earlier {replaced}. "
                "Drop another spreadsheet to replace it."
            ).format(names=names, replaced=replaced)
        )
        st.button(_("Remove"), key="data_remove_kept", on_click=forget_kept_files, icon=":material/close:")


def upload_and_publish() -> None:
    st.header(_("Publish a new version"))
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
        type=["csv", "xlsx", "zip", *uploads.PICTURE_TYPES],
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
    made = show_preview(checked) if checked.result.ok else show_problems(checked.result)
    for warning in checked.result.warnings:  # after what matters most: the problems, or the changes
        st.warning(escape_markdown(str(warning)))
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
    publish_off = unchanged
    if made.made_public:  # never made public unasked: a sheet without the column says nothing
        st.warning(
            escape_markdown(review.made_public_warning(checked.name, made.made_public, checked.base)),
            icon=":material/visibility:",
        )
        agreed = st.checkbox(
            ngettext(
                "Publish it as public: everyone will see it",
                "Publish these {count} as public: everyone will see them",
                len(made.made_public),
            ).format(count=len(made.made_public)),
            key=f"data_make_public_{checked.digest[:16]}",  # a new file asks again
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


st.title(_("Data"))
st.markdown(_("The milestones behind every page, to download, and each version of them as published."))
staff = current_staff()
if st.session_state.get(versions.PUBLISHED):
    published = st.session_state.pop(versions.PUBLISHED)
    st.success(
        _("Published version {version}: it is now the version every page shows.").format(version=published)
    )
    if entry.is_inside_entry():  # a page link needs the navigation the entry script declares
        st.page_link(
            "pages/timeline.py",
            label=_("See version {version} on the timeline").format(version=published),
            icon=":material/timeline:",
            query_params=language.link_params(),
        )
if staff:
    with st.container(horizontal=True, vertical_alignment="center", key="data_signed_in"):
        st.caption(_("Signed in as {name}.").format(name=escape_markdown(staff.name)))
        st.button(_("Sign out"), key="data_signout", on_click=signin.sign_out)
    upload_and_publish()
else:
    signin.sign_in_form()
versions.downloads(dataset.current_info())
versions.version_history(staff is not None)
