"""The dashboard's frame: page config, the programme's framing, shared filters, navigation."""

import streamlit as st

from pages import _ui

programme = _ui.programme()
st.set_page_config(page_title=f"{programme.name} · Results", page_icon="📈", layout="wide")

# Page files are named <name>_page.py and served at /<name>: a fresh server would otherwise
# answer a first deep link such as /timeline by running pages/timeline.py without this frame.
pages = [
    st.Page(
        "pages/overview_page.py", title="Overview", icon=":material/home:", url_path="overview", default=True
    ),
    st.Page("pages/timeline_page.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/breakdown_page.py", title="Breakdown", icon=":material/bar_chart:", url_path="breakdown"),
    st.Page(
        "pages/milestones_page.py", title="Milestones", icon=":material/table_rows:", url_path="milestones"
    ),
]
page = st.navigation(pages)

with st.sidebar:
    st.markdown(f"**{programme.name}**")
    st.caption(programme.intro)
frame = _ui.milestones()
_ui.sidebar_filters(frame)

# The timeline page shows the panel beside its chart; elsewhere it opens above the page.
if _ui.selected_id() and page.title != "Timeline":
    _ui.detail_panel(frame, _ui.selected_id())

page.run()
