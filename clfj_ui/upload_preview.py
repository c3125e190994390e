"""The Data page's preview of an upload: the file read and checked once, its problems by row
and column, and what publishing it would change (where in time, which milestones, and each
changed field before and after, word by word)."""

import streamlit as st

from clfj_data import i18n, review, store, translation, upload_summary
from clfj_data.charts import DEFAULT_WIDTH, change_timeline_figure
from clfj_data.export import problems_csv
from clfj_data.markup import escape_markdown, markdown_word_diff
from clfj_data.problems import column_named
from clfj_data.visibility import is_staff_only
from clfj_data.wording import facts_line, milestone_when, staff_only_sentence
from clfj_ui import chart_width, dataset, language, plot, versions
from clfj_ui.language import _, ngettext

# Problems listed, and changed milestones written out word by word (the table lists them all).
SHOWN_PROBLEMS, SHOWN_CHANGES = 100, 100
CHECKED = "data_checked"  # the review.Checked upload
PREVIEW = "data_preview_made"  # its review.Preview
CHANGE_CHART = "data_change_chart_made"  # its change chart in a language other than English
CHANGE_TABLE = "data_change_table_made"  # and its table of changes


def check_upload(named: list[tuple[str, bytes]]) -> review.Checked | None:
    """The uploaded files, each of a kind the page takes (:func:`clfj_data.dropped_files.set_aside`),
    read and checked once (None where they cannot be read at all: then the page says which and why)."""
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
                    files=escape_markdown(error.names),
                    reason=escape_markdown(error.said.text(language.current())),
                )
            )
            return None
    st.session_state[CHECKED] = checked
    return checked


def were_read(names: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``names`` that the upload checked last was read from (a file that could not be
    read was never in use)."""
    checked = st.session_state.get(CHECKED)
    read = {checked.name, *checked.result.pictures} if checked else set()
    return tuple(name for name in names if name in read)


def preview(checked: review.Checked) -> review.Preview:
    """What publishing the checked file would change, made once per file and base version."""
    kept = st.session_state.get(PREVIEW)
    if not kept or (kept.digest, kept.base) != (checked.digest, checked.base):
        old = dataset.milestones_of(checked.base)
        kept = review.make_preview(checked, old, versions.pictures_of(checked.base))
        st.session_state[PREVIEW] = kept
    return kept


def show_problems(result) -> None:
    """Every problem by row, once, counted with the notices that follow them; and nothing to
    preview (None)."""
    file, count = escape_markdown(st.session_state[CHECKED].name), language.number(len(result.errors))
    if result.warnings:  # the notices below are counted too, so that the count is what is listed
        notices = len(result.warnings)
        said = _(
            "{file} has {problems} and {notices}, and nothing can be published until the problems are "
            "fixed in the file. Drop the corrected file above: it replaces this one."
        ).format(
            file=file,
            problems=ngettext("{count} problem", "{count} problems", len(result.errors)).format(count=count),
            notices=ngettext("{count} notice", "{count} notices", notices).format(
                count=language.number(notices)
            ),
        )
    else:
        said = ngettext(
            "{file} has {count} problem, and nothing can be published until it is fixed in the file. "
            "Drop the corrected file above: it replaces this one.",
            "{file} has {count} problems, and nothing can be published until they are fixed in the file. "
            "Drop the corrected file above: it replaces this one.",
            len(result.errors),
        ).format(file=file, count=count)
    st.error(said)
    # Each problem once, as a line; the download holds them all as a table.
    with st.container(border=True, key="data_problem_list"):
        for problem in result.errors[:SHOWN_PROBLEMS]:
            st.text(problem.text(language.current()))
        if len(result.errors) > SHOWN_PROBLEMS:
            more = language.number(len(result.errors) - SHOWN_PROBLEMS)
            st.caption(_("… and {count} more in the download.").format(count=more))
    listed = problems_csv(result.errors, language.current())
    st.download_button(
        _("Download the problems (CSV)"), listed, "problems.csv", "text/csv",
        key="data_errors_download", on_click="ignore",
    )  # fmt: skip


def show_changes(diff, new, headers: dict[str, str], made: frozenset[str] = frozenset()) -> None:
    """Added milestones by title, date and facts (``new`` holds them), removed ones by title;
    each changed one field by field, word by word. The file's words are marked with their
    language where it is not the page's: a headline, and every field but the Hindi ones, is in
    English; a headline made from its description (the milestones ``made``) is marked so.
    Fields are named by the file's ``headers``, as every message names them."""
    lang = language.current()
    by_id = new.set_index("id", drop=False)
    made_mark = " :orange-badge[:material/title: {said}]".format(said=_("headline made from its description"))

    def title(change) -> str:  # in Hindi where it has one; else in English, marked so
        headline = change.headline(lang)
        written = (
            escape_markdown(headline)
            if headline != change.title
            else language.span(escape_markdown(headline), i18n.ENGLISH)
        )
        return written + (made_mark if change.id in made else "")

    def words(edit, side: str) -> str:
        written_in = i18n.HINDI if edit.field in translation.HINDI_COLUMNS else i18n.ENGLISH
        return markdown_word_diff(edit.segments, side, lang, written_in)

    def added(change) -> str:  # what to check before publishing: the date, the states, the sector
        milestone = by_id.loc[change.id]
        return escape_markdown(f"{milestone_when(milestone, lang)} · {facts_line(milestone, lang=lang)}")

    for kind, heading in (("added", _("**Added** ({count})")), ("removed", _("**Removed** ({count})"))):
        changes = getattr(diff, kind)
        if changes:
            listed = "\n".join(
                f"- {title(c)}" + (f"  \n  :gray[{added(c)}]" if kind == "added" else "")
                for c in changes[:SHOWN_CHANGES]
            )
            st.markdown(
                heading.format(count=language.number(len(changes))) + f"\n\n{listed}", unsafe_allow_html=True
            )
    if diff.changed:
        st.markdown(_("**Changed** ({count})").format(count=language.number(len(diff.changed))))
    with st.container(key="data_changes"):
        for change in diff.changed[:SHOWN_CHANGES]:
            with st.container(border=True):
                st.markdown(f"**{title(change)}**", unsafe_allow_html=True)
                for edit in change.edits:
                    st.markdown(
                        f"{language.emphasised(escape_markdown(column_named(edit.field, headers, lang)))}  \n"
                        + _("Before: {words}").format(words=words(edit, "before"))
                        + "  \n"
                        + _("After: {words}").format(words=words(edit, "after")),
                        unsafe_allow_html=True,
                    )
    shown = sum(min(len(c), SHOWN_CHANGES) for c in (diff.added, diff.removed, diff.changed))
    if shown < len(diff.added) + len(diff.removed) + len(diff.changed):
        st.caption(_("Only the first changes of each kind are written out: the table lists them all."))


def change_chart(checked: review.Checked, made: review.Preview) -> str:
    """Where in time the upload changes the milestones, as the chart draws it, its kinds of
    change named in the language being viewed and its labels laid out for the chart's width
    (made once for each file, version, language and width)."""
    lang, width = language.current(), chart_width.laid_out_width()
    if lang == i18n.DEFAULT and width == DEFAULT_WIDTH:
        return plot.as_spec(made.chart)
    view = (made.digest, made.base, lang, width)
    kept = st.session_state.get(CHANGE_CHART)
    if not kept or kept[0] != view:
        old = dataset.milestones_of(checked.base)
        figure = change_timeline_figure(old, checked.result.milestones, made.diff, lang=lang, width=width)
        kept = st.session_state[CHANGE_CHART] = (view, plot.as_spec(figure))
    return kept[1]


def change_table(checked: review.Checked, made: review.Preview):
    """Every change the upload makes, one a row, its words in the language being viewed (made
    once for each file, version and language)."""
    lang = language.current()
    if lang == i18n.DEFAULT:
        return made.table
    view = (made.digest, made.base, lang)
    kept = st.session_state.get(CHANGE_TABLE)
    if not kept or kept[0] != view:
        kept = st.session_state[CHANGE_TABLE] = (
            view,
            review.changes_table(made.diff, lang, checked.result.headers),
        )
    return kept[1]


def summary(checked: review.Checked, made: review.Preview) -> str:
    """The preview's first line: what the file holds, any headline made, what it changes, how it was read."""
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
    made_titles = upload_summary.made_titles_said(checked.result, language.current())
    counted["made"] = escape_markdown(made_titles)
    if made_titles:
        found = (
            _("{file}: {milestones} and {pictures}, no problems; {made}.")
            if pictures
            else _("{file}: {milestones}, no problems; {made}.")
        )
    else:
        found = (
            _("{file}: {milestones} and {pictures}, no problems.")
            if pictures
            else _("{file}: {milestones}, no problems.")
        )
    compared = _("Compared with version {version}: {changes}.").format(
        version=checked.base, changes=made.diff.summary(language.current())
    )
    source = checked.result.source  # how the file was read, in the page's language
    read_as = (
        _("Read as {source}.").format(source=escape_markdown(source.text(language.current())))
        if source
        else ""
    )
    return " ".join(part for part in (found.format(**counted), compared, read_as) if part)


def show_preview(checked: review.Checked) -> review.Preview:
    """What publishing the file would change: where in time, which milestones, and in each
    changed one every changed field before and after, word by word."""
    made = preview(checked)
    new = checked.result.milestones
    st.success(summary(checked, made))
    if checked.downloaded_from is not None and checked.downloaded_from < checked.base:  # an old copy
        history = dataset.from_database(lambda: store.history(dataset.engine()))
        since = sorted((v for v in history if v.version > checked.downloaded_from), key=lambda v: v.version)
        st.warning(
            escape_markdown(upload_summary.older_copy(checked, since, language.current())),
            icon=":material/history:",
        )
    st.caption(staff_only_sentence(int(is_staff_only(new).sum()), len(new), language.current()))
    st.caption(review.hindi_sentence(made, len(new), language.current()))  # how much reads in Hindi
    for stale in made.stale_hindi:  # Hindi that no longer says what the English says
        st.warning(escape_markdown(stale.text(language.current())), icon=":material/translate:")
    if made.diff.empty:
        return made
    alt = _("Where in time the upload changes the milestones: {changes}.").format(
        changes=made.diff.summary(language.current())
    )
    plot.plotly_chart(
        change_chart(checked, made), key="data_change_chart", alt=alt, on_width=chart_width.remember_width
    )
    show_changes(
        made.diff,
        checked.result.milestones,
        checked.result.headers,
        upload_summary.made_title_ids(checked.result),
    )
    for warning in made.near:
        st.warning(escape_markdown(warning.text(language.current())))
    with st.expander(_("Every change as a table")):
        versions.changes_table(change_table(checked, made), "data_diff")
    return made
