"""Which milestone is open (``?milestone=<id>`` on any page) and the panel that shows it.

Not a page itself (the leading underscore keeps it out of the navigation and the smoke tests).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from clfj_data.markup import escape_markdown
from clfj_data.wording import facts, milestone_when, picture_line
from clfj_ui import dataset

MILESTONE = "milestone"  # ?milestone=<id> opens that milestone's detail panel on any page
PHOTO_HEIGHT = 300  # pixels: the photo and the start of the words fit a laptop screen together


def selected_id() -> str | None:
    return st.query_params.get(MILESTONE) or None


def select(milestone_id: str | None) -> None:
    if milestone_id:
        st.query_params[MILESTONE] = milestone_id
    else:
        st.query_params.pop(MILESTONE, None)


def select_point(customdata: list) -> None:
    """A chart's ``on_select``: open the milestone whose marker (customdata [id, ...]) was clicked."""
    if customdata[0]:  # a marker that stands for many has no id
        select(customdata[0])


def heading(text: str, level: int = 3) -> None:
    """A heading whose text came from a spreadsheet: shown literally, never as Markdown."""
    st.markdown(f"{'#' * level} {escape_markdown(text)}")


def photo(milestone: pd.Series, key: str, height: int | None = None) -> bool:
    """The milestone's picture, from the store, with its alt text and its credit beneath (at
    most ``height`` pixels tall, else as wide as its column); whether there is one. A media
    link is only ever shown as text: it is never fetched."""
    picture = dataset.picture(milestone["image"])
    if picture is None:
        return False
    width = "stretch" if height is None else max(1, height * picture.width // picture.height)
    with st.container(key=key):
        st.image(picture.data, alt=milestone["image_alt"], width=width)
        if picture_line(milestone):
            st.caption(escape_markdown(picture_line(milestone)))
    return True


def detail_panel(frame: pd.DataFrame, milestone_id: str, closable: bool = True) -> None:
    """The selected milestone: what changed and, set apart, why it matters."""
    rows = frame[frame["id"] == milestone_id]
    if rows.empty:
        st.warning("That milestone is not in the data (it may have been removed).")
        return
    milestone = rows.iloc[0]
    with st.container(border=True, key="detail_panel"):
        st.caption(escape_markdown(milestone_when(milestone)))
        heading(milestone["title"], level=4)
        photo(milestone, key="detail_photo", height=PHOTO_HEIGHT)
        st.markdown("**What changed**")
        st.text(milestone["description"])
        with st.container(border=True, key="detail_rationale"):
            st.markdown("**Why it matters**")
            st.text(milestone["rationale"])
        for label, value in facts(milestone):
            st.text(f"{label}: {value}")
        if milestone["source"].lower().startswith(("http://", "https://")):
            st.link_button("Source", milestone["source"], icon=":material/open_in_new:")
        elif milestone["source"]:
            st.text(f"Source: {milestone['source']}")
        if milestone["media_link"]:
            st.text(f"Picture elsewhere (not shown here): {milestone['media_link']}")
        if closable:
            st.button("Close", key="detail_close", on_click=select, args=(None,))


def _close() -> None:
    select(None)


@st.dialog("Milestone", width="medium", on_dismiss=_close)
def detail_dialog(frame: pd.DataFrame, milestone_id: str) -> None:
    """The detail panel in a dialog, over the page where the visitor is looking; closing it
    (its button, its ×, Escape or a click beside it) clears ``?milestone=``."""
    detail_panel(frame, milestone_id, closable=False)
    if st.button("Close", key="detail_close"):
        select(None)
        st.rerun()  # a dialog's button reruns only the dialog: close it with the page
