"""What a click or a filter change did, said to a screen reader: one polite live region for the
whole app ("Showing 4 of 10 milestones", "Opened: <headline>").

A live region is announced when its text changes, not when it is drawn anew, so it is made once
in the page's body by a frameless element (``st.components.v2``) and only its text is changed.
"""

from __future__ import annotations

import streamlit as st

from clfj_ui import dataset, detail, filtering, language
from clfj_ui.language import _

SAID = "announce_state"  # the filters and the open milestone when the last run ended
COUNT = "announce_count"  # how many announcements this session made: each new one is said

_JS = """
export default function (component) {
  const { data } = component;
  let region = document.getElementById("clfj-announcer");
  if (!region) {
    region = document.createElement("div");
    region.id = "clfj-announcer";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    region.style.cssText = "position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; "
      + "clip-path: inset(50%); white-space: nowrap; border: 0;";
    document.body.appendChild(region);
  }
  if (data.text && data.count !== window.clfjAnnounced) {
    window.clfjAnnounced = data.count;
    region.textContent = "";  // emptied first, so the same words said again are announced again
    setTimeout(() => { region.textContent = data.text; }, 50);
  }
}
"""
_announcer = st.components.v2.component("clfj_announce", html="<span hidden></span>", js=_JS)


def what_changed() -> str:
    """What this run shows that the run before did not: a milestone opened, or other filters."""
    filters, opened = filtering.current_filters(), detail.selected_id()
    before = st.session_state.get(SAID)
    st.session_state[SAID] = (filters, opened)
    if before is None:
        return ""
    if opened and opened != before[1]:
        titles = dataset.milestones().set_index("id")["title"]
        if opened in titles.index:
            return _("Opened: {title}").format(title=titles[opened])
    if filters != before[0]:
        shown, total = len(filtering.filtered_milestones()), len(dataset.milestones())
        return _("Showing {shown} of {total} milestones").format(
            shown=language.number(shown), total=language.number(total)
        )
    return ""


def announce() -> None:
    """Say what changed, if anything, through the page's live region (drawn in the sidebar,
    which every page has, so it takes no room in the page)."""
    text = what_changed()
    if text:
        st.session_state[COUNT] = st.session_state.get(COUNT, 0) + 1
    with st.sidebar:
        _announcer(data={"text": text, "count": st.session_state.get(COUNT, 0)}, key="announce")
