"""Overview: the programme's framing and its milestones, newest first."""

import streamlit as st

from clfj_data import format_date, load_milestones, load_programme, shipped_milestones_path


@st.cache_data(show_spinner=False)
def shipped_milestones():
    return load_milestones(shipped_milestones_path()).milestones


programme = load_programme()
st.title(programme.name)
st.subheader(programme.heading)
st.text(programme.intro)
st.text(programme.partnership)

st.header(programme.timeline_heading)
for milestone in shipped_milestones().iloc[::-1].itertuples():
    with st.container(border=True):
        st.caption(format_date(milestone.date, milestone.precision))
        st.text(milestone.title)
        st.text(milestone.description)
        st.text(f"Why it matters: {milestone.rationale}")
