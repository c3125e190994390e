"""Story: one milestone at a time, for presenting. ``?step=4`` or ``?milestone=<id>`` opens a slide."""

import streamlit as st

from clfj_data.dates import format_date
from clfj_data.markup import escape_markdown
from clfj_data.story import resolve_step, slide_at, slide_label, story_order
from clfj_data.wording import facts_line
from pages import _chart, _detail, _entry, _exports, _filters

_entry.run_inside_entry()
st.set_page_config(initial_sidebar_state="collapsed")
st.html(
    """<style>
    .st-key-story_slide [data-testid="stText"] { font-size: 1.45rem; line-height: 1.5; }
    .st-key-story_why [data-testid="stText"] { font-size: 1.7rem; font-weight: 600; }
    .st-key-story_why { border-left: 6px solid #0072B2 !important; }
    </style>"""
)


JUMP_LIST_LIMIT = 300


def go_to(step: int) -> None:
    st.query_params["step"] = str(step)


def change_order() -> None:
    go_to(1)
    if st.session_state["story_newest"]:
        st.query_params["order"] = "newest"
    else:
        st.query_params.pop("order", None)


def jump() -> None:
    go_to(st.session_state["story_jump"])


frame = _filters.filtered_milestones()
if frame.empty:
    _filters.empty_result()
    st.stop()

if "story_newest" not in st.session_state:
    st.session_state["story_newest"] = st.query_params.get("order") == "newest"
ordered = _filters.made(story_order, newest_first=st.session_state["story_newest"])
step = resolve_step(ordered, st.query_params.get("step"), st.query_params.pop("milestone", None))
go_to(step)
milestone = slide_at(ordered, step)
total = len(ordered)

with st.container(key="story_slide"):
    st.caption(f"{step} of {total} · {format_date(milestone['date'], milestone['precision'])}")
    _detail.heading(milestone["title"], level=1)
    st.text(milestone["description"])
    with st.container(border=True, key="story_why"):
        st.markdown("**Why it matters**")
        st.text(milestone["rationale"])
    st.caption(escape_markdown(facts_line(milestone, separator="  ·  ")))

buttons = st.columns([1, 1, 1, 1, 4])
buttons[0].button("First", key="story_first", on_click=go_to, args=(1,), disabled=step == 1)
buttons[1].button("Previous", key="story_previous", on_click=go_to, args=(step - 1,), disabled=step == 1)
buttons[2].button(
    "Next", key="story_next", on_click=go_to, args=(step + 1,), disabled=step == total, type="primary"
)
buttons[3].button("Last", key="story_last", on_click=go_to, args=(total,), disabled=step == total)
st.session_state["story_jump"] = step
if total <= JUMP_LIST_LIMIT:
    buttons[4].selectbox(
        "Jump to",
        range(1, total + 1),
        key="story_jump",
        on_change=jump,
        label_visibility="collapsed",
        format_func=lambda n: slide_label(ordered, n),
    )
else:  # a list of thousands of headlines helps nobody: go by number
    buttons[4].number_input("Go to slide", 1, total, key="story_jump", on_change=jump)

_chart.plotly_chart(
    _filters.made(_chart.timeline_spec, compact=True, selected=milestone["id"]),
    key="story_timeline",
    alt=f"Where this milestone sits among the {total} on the timeline.",
    mode_bar=False,
)

with st.expander("Presenter options and exports"):
    st.toggle("Newest first", key="story_newest", on_change=change_order)
    _exports.story_exports(frame)
