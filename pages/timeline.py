"""Timeline: every milestone in time, in lanes by sector or state; select one to read why it matters."""

import streamlit as st

from clfj_data.charts import milestones_at, timeline_sentence, timeline_zooms
from clfj_data.markup import escape_markdown
from clfj_data.wording import milestone_when
from clfj_ui import chart_width, dataset, detail, entry, export_buttons, filtering, language, page_style, plot
from clfj_ui.language import N_, _, ngettext

entry.run_inside_entry()
page_style.draw("timeline")  # the lanes' switch has its place from the first paint (static/timeline.css)

LANE_LABELS = {"sector": N_("By sector"), "state": N_("By state")}
GROUP = "timeline_group"


def milestone_chosen(milestone_id: str) -> None:
    """A click on a marker, or Enter on it: open its milestone."""
    st.session_state.pop(GROUP, None)
    detail.select(milestone_id)


def group_chosen(group: dict) -> None:
    """A click on a marker that stands for many: list them."""
    st.session_state[GROUP] = (group["lane"], group["when"], group["start"], group["end"])
    detail.select(None)


def close_group() -> None:
    st.session_state.pop(GROUP, None)


def group_dialog(lane: str, lane_number: int, when: str, start: str, end: str) -> None:
    """The milestones a grouped marker stands for, in a dialog over the chart; each opens its own."""
    lane_name, members = filtering.made(milestones_at, lane, lane_number, start, end)
    where = escape_markdown(_(lane_name) if lane_name else _("this lane"))  # a state or sector, named
    title = ngettext(
        "{count} milestone in {lane}, {when}", "{count} milestones in {lane}, {when}", len(members)
    ).format(count=language.number(len(members)), lane=where, when=when)
    st.dialog(title, width="medium", on_dismiss=close_group)(group_list)(members)


def group_list(members) -> None:
    with st.container(key="timeline_group_list"):
        for milestone in members.head(50).itertuples():
            title, _lang = language.in_language(milestone, "title")
            label = escape_markdown(f"{milestone_when(milestone, language.current())} · {title}")
            if st.button(label, key=f"timeline_open_{milestone.id}", type="tertiary"):
                close_group()
                detail.select(milestone.id)
                st.rerun()  # the whole page, so that the milestone's own dialog replaces this one
        if len(members) > 50:
            st.caption(
                _("The first 50 of {count}: narrow the filters to see the others.").format(
                    count=language.number(len(members))
                )
            )


frame = filtering.filtered_milestones()
heading, control = st.columns([2, 1], vertical_alignment="bottom")  # room for both options in Hindi
heading.title(_("Timeline"), anchor=False)
if frame.empty:
    filtering.empty_result()
    st.stop()

if "timeline_lane" not in st.session_state:
    st.session_state["timeline_lane"] = st.query_params.get("lanes", "sector")
    if st.session_state["timeline_lane"] not in LANE_LABELS:
        st.session_state["timeline_lane"] = "sector"
lane = control.segmented_control(
    _("Lanes"),
    list(LANE_LABELS),
    key="timeline_lane",
    format_func={lane: _(label) for lane, label in LANE_LABELS.items()}.get,
    required=True,
    label_visibility="collapsed",  # its options say what it does; a row no taller than the title
)
if lane == "sector":
    st.query_params.pop("lanes", None)
else:
    st.query_params["lanes"] = lane

sentence = filtering.made(timeline_sentence, lang=language.current())
plot.plotly_chart(
    filtering.made(
        plot.figure_spec,
        lane=lane,
        width=chart_width.laid_out_width(),
        eras=dataset.framing().eras,
        lang=language.current(),
    ),
    key="timeline_chart",
    alt=sentence,
    selected=detail.selected_id(),
    on_click={"milestone": milestone_chosen, "group": group_chosen},
    on_width=chart_width.remember_width,
)
if filtering.made(timeline_zooms):
    how = _("{sentence} Drag to pan, use the slider below to zoom, select a marker to read more.")
else:  # one date: no slider, nothing to pan
    how = _("{sentence} Select a marker to read more.")
st.caption(how.format(sentence=sentence))
group = st.session_state.get(GROUP)
if group is not None and not detail.selected_id():
    group_dialog(lane, *group)

with export_buttons.exports_expander(_("Export the timeline"), key="timeline_exports"):
    exported = export_buttons.staff_choice(frame, "timeline_include_staff_only")
    export_buttons.image_exports(exported, "timeline", "export_timeline", lane=lane)
    export_buttons.prepared_download(_("TimelineJS (JSON)"), "export_timelinejs", "timelinejs", exported)
