"""The dashboard's frame: page config, the programme's framing text, and navigation."""

import streamlit as st

from clfj_data import load_programme

programme = load_programme()
st.set_page_config(page_title=f"{programme.name} results", page_icon="📈", layout="wide")

page = st.navigation([st.Page("pages/overview.py", title="Overview", icon="🏠", default=True)])
page.run()
