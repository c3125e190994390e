"""Overview: the programme's framing, what its changes add up to, the timeline, the latest changes."""

import streamlit as st

from clfj_data import i18n, translation
from clfj_data.charts import timeline_sentence
from clfj_data.markup import escape_markdown
from clfj_data.summary import key_figures, latest_rows, names_line
from clfj_data.wording import facts_line, milestone_when
from clfj_ui import chart_width, dataset, detail, entry, filtering, language, page_style, plot
from clfj_ui.language import _

entry.run_inside_entry()

programme = dataset.titled_programme()
frame = filtering.filtered_milestones()

name, heading = (language.framing_markdown(programme, part) for part in ("name", "heading"))
title = _("{name}: {heading}").format(name=name, heading=heading)
if "lang=" not in title:  # all of it in the page's language
    st.title(title, anchor=False)
else:  # English framing on a Hindi page, marked as English (a title cannot hold the mark)
    language.markdown(f"# {title}", anchors=False)
language.markdown(language.marked(*language.framing(programme, "partnership")))
# One quiet line for the page where a draft translation shows on it (the framing, a card's or a
# headline's words), not one under every card.
if language.current() != i18n.DEFAULT and (programme.is_draft or translation.any_draft(frame)):
    st.caption(translation.draft_line(language.current()))

if frame.empty:
    filtering.empty_result()
    st.stop()

figures = filtering.made(key_figures, lang=language.current())
page_style.draw("overview")  # the cards' layout on a phone (static/overview.css)
with st.container(horizontal=True, gap="small", key="overview_figures"):
    st.metric(_("Systemic changes"), figures.changes, border=True, width=150)
    st.metric(_("States"), figures.states, border=True, width=110)
    st.metric(_("Sectors"), figures.sectors, border=True, width=110)
    st.metric(_("First change"), figures.first_date, border=True, width="content")
    st.metric(_("Latest change"), figures.latest_date, border=True, width="content")
named = [filtering.made(names_line, _("States: {names}."), _("Sectors: {names}."), lang=language.current())]
if filtering.current_filters().active:
    named.append(_("Counted over the milestones the filters in the sidebar let through."))
st.caption(" ".join(line for line in named if line))

intro, intro_lang = language.framing(programme, "intro")
language.markdown(language.marked(f"**{escape_markdown(intro)}**", intro_lang))
timeline_heading, timeline_heading_lang = language.framing(programme, "timeline_heading")
if timeline_heading_lang == language.current():
    st.subheader(timeline_heading, anchor=False)
else:
    language.heading(timeline_heading, timeline_heading_lang, level=3)
sentence = filtering.made(timeline_sentence, lang=language.current())
# Each marker labelled with its headline, as on the Timeline page, in lanes by sector.
plot.plotly_chart(
    filtering.made(
        plot.figure_spec,
        lane="sector",
        width=chart_width.laid_out_width(),
        eras=dataset.framing().eras,
        lang=language.current(),
    ),
    key="overview_timeline",
    selected=detail.selected_id(),
    alt=sentence,
    on_click={"milestone": detail.select},
    on_width=chart_width.remember_width,
    reset_zoom=False,
)
st.caption(_("{sentence} Select a milestone to read why it matters.").format(sentence=sentence))

st.subheader(_("Most recent changes"), anchor=False)
for milestone in filtering.made(latest_rows, 3):
    with st.container(border=True):
        when = milestone_when(milestone, language.current())
        st.caption(f"{when} · {escape_markdown(facts_line(milestone, lang=language.current()))}")
        language.heading(*language.in_language(milestone, "title"), level=4)
        st.markdown(_("**Why it matters**"))
        language.text(*language.in_language(milestone, "rationale"))
        st.button(
            _("Read more"), key=f"overview_open_{milestone.id}", on_click=detail.select, args=(milestone.id,)
        )
