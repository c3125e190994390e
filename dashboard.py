"""The dashboard's entry script: page config, the programme's framing, shared filters, navigation."""

import streamlit as st

from clfj_ui import (
    announce,
    dataset,
    detail,
    entry,
    filtering,
    internals,
    language,
    log_limits,
    signin,
    upload_gate,
)
from clfj_ui.language import _

language.keep()  # first: every string below is in the language the URL or the session asks for
detail.settle()  # before anything asks which milestone is open
programme = dataset.programme()
st.set_page_config(
    page_title=_("{programme} · Results").format(programme=language.framing(programme, "name")[0]),
    page_icon="📈",
    layout="wide",
)

pages = [
    st.Page("pages/overview.py", title=_("Overview"), icon=":material/home:", default=True),
    st.Page("pages/timeline.py", title=_("Timeline"), icon=":material/timeline:"),
    st.Page("pages/breakdown.py", title=_("Breakdown"), icon=":material/bar_chart:"),
    st.Page("pages/milestones.py", title=_("Milestones"), icon=":material/table_rows:"),
    st.Page("pages/story.py", title=_("Story"), icon=":material/slideshow:"),
    st.Page("pages/data.py", title=_("Data"), icon=":material/upload_file:"),
]
# Drawn below as links of the app's own: Streamlit's navigation is switched off in
# .streamlit/config.toml, because on a server's first run it lists pages/ by file name.
page = st.navigation(pages, position="hidden")
internals.keep_sessions_on_their_connections()  # before any sign-in: a stolen session id takes no tab's place
signin.renew()  # before anything asks who is signed in: this run counts as use, or ends a lapsed sign-in
# After the navigation, so that a database the app cannot use gives a notice on every page
# and leaves the page links as they are.
dataset.read_current_version()
upload_gate.install()  # before any visitor can upload: files are kept only where an uploader is shown
log_limits.install()
# Streamlit marks a focused page link only with a faint tint: keyboard users get an outline. On
# the sidebar's grey, the chosen option of a switch (the language) is tinted too pale for the
# primary blue's words to read (4.2:1): a darker blue there (5.9:1). The sidebar's elements that
# draw nothing (the document's language, the sign-in kept in the tab) take no gap under the
# switch, and its divider no more than the gap either side of it.
st.html(
    '<style>a[data-testid="stPageLink-NavLink"]:focus-visible'
    "{outline: 2px solid #0072B2; outline-offset: -2px}"
    '[data-testid="stSidebar"] button[data-selected="true"] p {color: #005A8C}'
    '[data-testid="stSidebar"] :is(.st-key-document_language, .st-key-staff_tab) {display: none}'
    '[data-testid="stSidebarUserContent"] hr {margin: 0}</style>'
)

with st.sidebar:
    with st.container(key="sidebar_pages", gap="xxsmall"):
        for each in pages:
            st.page_link(each, width="stretch", query_params=language.link_params())
    language.language_switch("sidebar_language")
    language.mark_document(dates_key=filtering.PERIOD_KEY)
    signin.keep_in_tab()  # a password sign-in kept across a reload of the tab
    st.divider()
    name, heading = (language.framing_markdown(programme, part) for part in ("name", "heading"))
    language.markdown(f"**{name}**")
    language.caption(_("{heading} dashboard").format(heading=heading))
# The data page offers whole versions: the filters would change nothing there, so they stay hidden
# (and keep their choices for the other pages).
filtering.sidebar_filters(page.url_path, shown=page.url_path != "data")
announce.announce()  # what a click or a filter change did, for a screen reader

# The story shows nothing but its slide: no banner, and ?milestone= picks the slide.
if page.url_path != "story":
    dataset.updated_banner()
    # Over the page, where the visitor is looking, however far down they clicked.
    if detail.selected_id():
        detail.detail_dialog(dataset.milestones(), filtering.filtered_milestones(), detail.selected_id())

with entry.inside_entry(on_exit=dataset.forget_current_version):
    page.run()
