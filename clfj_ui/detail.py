"""Which milestone is open (``?milestone=<id>`` on any page) and the dialog that shows it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from clfj_data import i18n, translation
from clfj_data.markup import escape_markdown
from clfj_data.wording import facts_line, milestone_when, picture_line
from clfj_ui import dataset, language
from clfj_ui.language import _

MILESTONE = "milestone"  # ?milestone=<id> opens that milestone's detail panel on any page
# The milestone whose dialog was just closed, and whether the run that closed it is this one.
CLOSED = "detail_closed"
PHOTO_HEIGHT = 300  # pixels: the photo and the start of the words fit a laptop screen together


def selected_id() -> str | None:
    return st.query_params.get(MILESTONE) or None


def select(milestone_id: str | None) -> None:
    st.session_state.pop(CLOSED, None)
    if milestone_id:
        st.query_params[MILESTONE] = milestone_id
    else:
        st.query_params.pop(MILESTONE, None)


def heading(text: str, level: int = 3) -> None:
    """A heading whose text came from a spreadsheet: shown literally, never as Markdown."""
    st.markdown(f"{'#' * level} {escape_markdown(text)}", anchors=False)


def photo(milestone: pd.Series, key: str, height: int | None = None) -> bool:
    """The milestone's picture, from the store, with its alt text and its credit beneath (at
    most ``height`` pixels tall, else as wide as its column); whether there is one. A media
    link is only ever shown as text: it is never fetched."""
    picture = dataset.picture(milestone["image"])
    if picture is None:
        return False
    width = "stretch" if height is None else max(1, height * picture.width // picture.height)
    alt, _lang = language.in_language(milestone, "image_alt")
    caption = milestone.get("image_caption")  # a caption has no Hindi column: English where there is one
    credit, credit_lang = language.in_language(milestone, "image_credit")
    line = picture_line({"image_caption": caption, "image_credit": credit})
    line_lang = i18n.DEFAULT if caption else credit_lang
    with st.container(key=key):
        st.image(picture.data, alt=alt, width=width)
        if line:
            language.caption(language.marked(escape_markdown(line), line_lang))
    return True


def draft_note(milestone) -> None:
    """One quiet line under a milestone shown in a translation not yet reviewed."""
    lang = language.current()
    if lang != i18n.DEFAULT and translation.is_draft(milestone):
        st.caption(translation.draft_line(lang))


def detail_panel(frame: pd.DataFrame, milestone_id: str) -> None:
    """The selected milestone under its headline (the dialog's title): when and where, what
    changed and, set apart, why it matters, before its picture, so both are in view as soon
    as it opens."""
    milestone = frame[frame["id"] == milestone_id].iloc[0]
    with st.container(key="detail_panel"):
        lang = language.current()
        st.caption(escape_markdown(f"{milestone_when(milestone, lang)} · {facts_line(milestone, lang=lang)}"))
        st.markdown(_("**What changed**"))
        language.text(*language.in_language(milestone, "description"))
        with st.container(border=True, key="detail_rationale"):
            st.markdown(_("**Why it matters**"))
            language.text(*language.in_language(milestone, "rationale"))
        draft_note(milestone)
        photo(milestone, key="detail_photo", height=PHOTO_HEIGHT)
        if milestone["source"].lower().startswith(("http://", "https://")):
            st.link_button(_("Source"), milestone["source"], icon=":material/open_in_new:")
        elif milestone["source"]:
            st.text(_("Source: {source}").format(source=milestone["source"]))
        if milestone["media_link"]:
            st.text(_("Picture elsewhere (not shown here): {link}").format(link=milestone["media_link"]))


def neighbours(ids: pd.Series, milestone_id: str) -> tuple[str | None, str | None]:
    """The milestones before and after ``milestone_id`` among ``ids`` (in date order); None at
    either end, and for both where it is not among them."""
    where = ids.index[ids == milestone_id]
    if where.empty:
        return None, None
    at = ids.index.get_loc(where[0])
    return (ids.iloc[at - 1] if at > 0 else None), (ids.iloc[at + 1] if at + 1 < len(ids) else None)


def _close() -> None:
    closed = selected_id()  # a callback: the address as the browser sent it
    select(None)
    if closed:
        st.session_state[CLOSED] = (closed, True)


def settle() -> None:
    """Once a run, before anything asks which milestone is open: a closed dialog stays closed.

    The browser learns that ``?milestone=`` is gone only when the run that closed the dialog has
    told it; a run it asks for before then (a chart reporting its new width as the dialog's
    overlay goes, a click) still carries the old address, which would open the dialog again or
    leave the parameter in the address. Such a run drops it; the first run whose address comes
    without it shows the browser has caught up, and a later link or Back opens it as any other.
    """
    closed = st.session_state.get(CLOSED)
    if closed is None:
        return
    milestone_id, closing_run = closed
    if st.query_params.get(MILESTONE) == milestone_id:
        st.query_params.pop(MILESTONE)
        st.session_state[CLOSED] = (milestone_id, False)
    elif closing_run:
        st.session_state[CLOSED] = (milestone_id, False)
    else:
        del st.session_state[CLOSED]


def detail_dialog(frame: pd.DataFrame, shown: pd.DataFrame, milestone_id: str) -> None:
    """Milestone ``milestone_id`` of ``frame`` in a dialog over the page, titled with its
    headline, with buttons to the one before and after it among ``shown`` (the milestones the
    filters let through). Closing it (its ×, Escape or a click beside it) clears ``?milestone=``."""
    rows = frame[frame["id"] == milestone_id]
    if rows.empty:
        title = _("Milestone not found")
    else:
        title = escape_markdown(language.in_language(rows.iloc[0], "title")[0]) or _("Milestone")
    dialog = st.dialog(title, width="medium", on_dismiss=_close)
    dialog(_dialog_body)(frame, shown, milestone_id)


def _dialog_body(frame: pd.DataFrame, shown: pd.DataFrame, milestone_id: str) -> None:
    if not (frame["id"] == milestone_id).any():
        st.warning(_("That milestone is not in the data (it may have been removed)."))
        return
    detail_panel(frame, milestone_id)
    before, after = neighbours(shown["id"].reset_index(drop=True), milestone_id)
    if before is None and after is None:
        return
    position = shown["id"].tolist().index(milestone_id) + 1
    with st.container(horizontal=True, vertical_alignment="center", key="detail_steps"):
        _step(_("Previous"), before, ":material/arrow_back:", "detail_previous")
        st.caption(
            _("{position} of {total}").format(
                position=language.number(position), total=language.number(len(shown))
            ),
            width="content",
        )
        _step(_("Next"), after, ":material/arrow_forward:", "detail_next", icon_position="right")


def _step(label: str, milestone_id: str | None, icon: str, key: str, **options) -> None:
    # The whole app reruns (not only the dialog), so the title and a chart's ring follow.
    if st.button(label, key=key, icon=icon, disabled=milestone_id is None, **options):
        select(milestone_id)
        st.rerun()
