"""Story: one milestone at a time, for presenting. ``?step=4`` or ``?milestone=<id>`` opens a slide.

Arrow keys, Page Up and Page Down (a presentation clicker), Space, Home and End (to the
closing slide) move through it; the Last button goes to the last milestone; after the last
milestone a closing slide ends the meeting: what the changes add up to, the
source, thanks, and a link and QR code to the dashboard the room can explore.
"""

import contextlib
import html
from functools import partial
from urllib.parse import urlencode

import streamlit as st

from clfj_data.links import front_page, phone_link, public_url, qr_svg, this_computer_link
from clfj_data.markup import escape_markdown
from clfj_data.story import resolve_step, slide_at, slide_label, story_order, story_timeline
from clfj_data.summary import key_figures
from clfj_data.visibility import STAFF, STAFF_ONLY_SLIDE
from clfj_data.wording import facts_line, frame_span, milestone_when, subset_line, where_sentence
from clfj_ui import (
    chart_width,
    dataset,
    detail,
    entry,
    export_buttons,
    filtering,
    language,
    page_style,
    plot,
    presenter,
)
from clfj_ui.language import _, ngettext

STAFF_KEY = "story_include_staff_only"  # staff's tick in the options: off, the room sees public ones only

entry.run_inside_entry()
st.set_page_config(initial_sidebar_state="collapsed")
chart_width.sidebar_closed()
page_style.draw("story")  # the presenting layout (static/story.css)


def closing_slide(frame, programme, link: str | None, local: str | None = None) -> None:
    """The end of a meeting: what the changes add up to, the source, thanks, and the link and
    QR code to the dashboard the room can explore (else to the programme's results page, and
    ``local``, the filtered dashboard at this machine's own address, said to be for this
    computer only)."""
    figures = told(key_figures, lang=language.current())
    words, code = st.columns([3, 2], gap="large", vertical_alignment="center")
    with words, st.container(key="story_closing"):
        with st.container(key="story_when"):
            st.markdown(_("What the changes add up to"))
        changes = ngettext(
            "{count} systemic change, {span}", "{count} systemic changes, {span}", figures.changes
        )
        detail.heading(
            changes.format(
                count=language.number(figures.changes), span=frame_span(frame, language.current())
            ),
            level=1,
        )
        with st.container(horizontal=True, key="story_figures"):
            st.metric(_("Systemic changes"), language.number(figures.changes), border=True)
            st.metric(_("States"), language.number(figures.states), border=True)
            st.metric(_("Sectors"), language.number(figures.sectors), border=True)
            st.metric(_("Years"), figures.years, border=True)
        st.markdown(escape_markdown(where_sentence(figures, language.current())))
        source = f"[{escape_markdown(programme.source_url)}]({programme.source_url})"
        language.markdown(
            _("**Source:** {programme}'s results page, {link}").format(
                programme=language.framing_markdown(programme, "name"), link=source
            )
        )
        with st.container(key="story_thanks"):
            st.markdown(_("Thank you"))
    with code, st.container(key="story_qr"):
        target, caption = (link, _("Scan to explore every change")) if link else (
            programme.source_url, _("Scan for every change on the results page")
        )  # fmt: skip
        st.image(qr_svg(target), alt=_("QR code for {address}").format(address=target), width="stretch")
        st.markdown(f"**{caption}**  \n[{escape_markdown(target)}]({target})")
        if local:  # the filtered view has no address the room can open: the presenter's own
            with st.container(key="story_local"):
                st.markdown(
                    _("These filters on the dashboard, on this computer only: {link}").format(
                        link=f"[{escape_markdown(local)}]({local})"
                    )
                )


def go_to(step: int) -> None:
    st.query_params["step"] = str(step)


def change_order() -> None:
    go_to(1)
    if st.session_state["story_newest"]:
        st.query_params["order"] = "newest"
    else:
        st.query_params.pop("order", None)


def jump(key: str, shown: int) -> None:
    """Go to the slide picked from the list ``key``, drawn on slide ``shown``; a list of a slide
    the story has already left (a browser that asked for a run before the newest slide reached
    it still sends it) moves nothing."""
    if shown == st.session_state.get(DRAWN_KEY):
        go_to(st.session_state[key])


def jump_list(key: str) -> None:
    """The list to jump to any slide by its headline (by number where there are too many).

    Each slide has a list of its own (its key names the slide), so that the list a browser
    sends is known to be the one of the slide it was showing (see :func:`jump`)."""
    own = f"{key}_at_{step}"
    st.session_state[own] = step
    with st.container(key=key, width="content"):
        if total <= JUMP_LIST_LIMIT:
            st.selectbox(
                _("Jump to"),
                range(1, slides + 1),
                key=own,
                on_change=jump,
                args=(own, step),
                label_visibility="collapsed",
                format_func=partial(slide_label, ordered, lang=language.current()),
                width=400,
            )
        else:  # a list of thousands of headlines helps nobody: go by number
            st.number_input(_("Go to slide"), 1, slides, key=own, on_change=jump, args=(own, step), width=160)


def leave_link(key: str) -> None:
    if entry.is_inside_entry():  # the pages exist only where the entry script declared them
        with st.container(key=key, width="content"):
            st.page_link(
                "pages/overview.py",
                label=_("Leave the story"),
                icon=":material/close:",
                query_params=language.link_params(),
            )


def clear_and_start() -> None:
    filtering.clear_filters()
    go_to(1)


def empty_story(filters) -> None:
    """Filters that let no milestone through: which ones, in words, a button that clears them
    and tells the whole story from its first slide, and the whole story's own address."""
    everything = told(len, filtered=False)
    with st.container(key="story_empty"):
        detail.heading(_("No milestones to present with these filters"), level=1)
        st.markdown(escape_markdown(subset_line(filters, 0, everything, language.current())))
        with st.container(horizontal=True, vertical_alignment="center"):
            st.button(
                _("Clear filters"), key="story_empty_clear", on_click=clear_and_start, type="primary",
                icon=":material/filter_alt_off:",
            )  # fmt: skip
            # The story's own address, without the filters: a new visit starts with none. In this
            # tab, as a presenter expects of a way back (Streamlit opens a Markdown link in a new one).
            query = urlencode(language.link_params())
            whole = html.escape((st.context.url or "story") + (f"?{query}" if query else ""))
            label = _("Open the whole story ({count} milestones)").format(count=language.number(everything))
            st.markdown(
                f'<a href="{whole}" target="_self">{html.escape(label)}</a>',
                unsafe_allow_html=True,
                width="content",
            )
        leave_link("story_empty_leave")


JUMP_LIST_LIMIT = 300
DRAWN_KEY = "story_drawn"  # the slide the page was last drawn on

# Staff present public milestones only unless they tick to include the staff-only ones, as
# their exports do (the tick, in the options, is drawn below and read here). The story is told
# from one frame, and everything made from it is made for that audience.
public = not (st.session_state.get(STAFF_KEY) and dataset.sees_staff_only())
frame = filtering.filtered_milestones(public=public)
told = partial(filtering.made, public=public)
if frame.empty:
    empty_story(filtering.current_filters())
    st.stop()

programme = dataset.titled_programme()
filters = filtering.current_filters()
if "story_newest" not in st.session_state:
    st.session_state["story_newest"] = st.query_params.get("order") == "newest"
ordered = told(story_order, newest_first=st.session_state["story_newest"])
total = len(ordered)
slides = total + 1  # the milestones, then the closing slide
step = resolve_step(
    ordered, st.query_params.get("step"), st.query_params.pop("milestone", None), closing=True
)
go_to(step)
st.session_state[DRAWN_KEY] = step
# For the room: the public edition where there is one (a static page a phone opens at once),
# else the explorable dashboard's front page with the story's filters, never the presenter's
# own story.
seen = front_page(st.context.url, "story")
front = public_url(seen)
link = phone_link(front, filters, language.current())

with st.container(horizontal=True, vertical_alignment="center", key="story_top"):
    name, heading = (language.framing_markdown(programme, part) for part in ("name", "heading"))
    language.markdown(f"**{name}** · {heading}", width="content")
    if filters.active:  # a filtered story says it tells part of the programme
        everything = told(len, filtered=False)  # every milestone the story could tell
        with st.container(key="story_subset", width="content"):
            st.badge(
                escape_markdown(subset_line(filters, total, everything, language.current())),
                icon=":material/filter_alt:",
            )
    st.space("stretch")
    with st.popover(_("Options and exports"), icon=":material/tune:"):
        language.language_switch("story_language")
        st.toggle(_("Newest first"), key="story_newest", on_change=change_order)
        export_buttons.staff_tick(filtering.filtered_milestones(), STAFF_KEY, export_buttons.STORY_HELP)
        export_buttons.story_exports(frame, address=front)
        # On a phone the navigation is one row: the jump list and the way out are here instead.
        with st.container(key="story_phone_extras"):
            jump_list("story_jump_phone")
            leave_link("story_leave_phone")
    presenter.presenter_controls(key="story_keys", step=step, slides=slides, go_to=go_to)
with st.container(horizontal=True, vertical_alignment="center", key="story_progress"):
    st.progress(min(step, total) / total, width="stretch")  # as the count says: full at the last milestone
    count = _("{step} of {total}").format(step=language.number(step), total=language.number(total))
    st.markdown(f"**{count}**" if step <= total else _("**The end**"), width="content")

with_photo = False
with st.container(key="story_slide"):
    if step <= total:
        milestone = slide_at(ordered, step)
        with st.container(horizontal=True, vertical_alignment="center", key="story_when"):
            st.markdown(escape_markdown(milestone_when(milestone, language.current())), width="content")
            if milestone["visibility"] == STAFF:  # shown only when staff chose to include it
                st.badge(_(STAFF_ONLY_SLIDE), icon=":material/lock:", color="red")
        language.heading(*language.in_language(milestone, "title"), level=1)
        # With a photo: the photo on the left, as large as the screen allows, and the words beside
        # it; the small timeline then gives way, so the slide still fits without scrolling.
        with_photo = dataset.picture(milestone["image"]) is not None
        if with_photo:
            photo, words = st.columns([5, 6], gap="large")
            with photo:
                detail.photo(milestone, key="story_photo")
            changed = why = facts = words
        else:
            (changed, why), facts = st.columns([1, 1], gap="large"), contextlib.nullcontext()
        with changed:
            st.markdown(_("**What changed**"))
            language.text(*language.in_language(milestone, "description"))
        with why, st.container(border=True, key="story_why"):
            st.markdown(_("**Why it matters**"))
            language.text(*language.in_language(milestone, "rationale"))
        # A draft translation says so in one quiet line beside the facts (under them where narrow).
        beside = {"horizontal": True, "vertical_alignment": "center", "gap": "medium"}
        with facts, st.container(key="story_facts", **beside):
            facts_words = facts_line(milestone, separator="  ·  ", lang=language.current())
            st.markdown(escape_markdown(facts_words), width="content")
            detail.draft_note(milestone)
    else:
        local = this_computer_link(seen, filters, language.current())
        closing_slide(frame, dataset.programme(), link, local)  # the source is the programme's own page

if step <= total and not with_photo:
    plot.plotly_chart(
        told(plot.figure_spec, story_timeline, eras=dataset.framing().eras, lang=language.current()),
        key="story_timeline",
        alt=_("Where this milestone sits among the {total} on the timeline.").format(
            total=language.number(total)
        ),
        selected=milestone["id"],
        reset_zoom=False,
    )

with st.container(horizontal=True, vertical_alignment="center", key="story_nav"):
    st.button(
        _("First"), key="story_first", icon=":material/first_page:", on_click=go_to, args=(1,),
        disabled=step == 1,
    )  # fmt: skip
    st.button(_("Previous"), key="story_previous", on_click=go_to, args=(step - 1,), disabled=step == 1)
    st.button(
        _("Next"), key="story_next", on_click=go_to, args=(step + 1,), disabled=step == slides, type="primary"
    )
    # Last is the last milestone, a step back from the closing slide too; the End key (or Next
    # from there) is the way to the closing slide, which ends the meeting.
    st.button(
        _("Last"), key="story_last", icon=":material/last_page:", on_click=go_to, args=(total,),
        disabled=step == total, help=_("The last milestone. The End key goes to the closing slide."),
    )  # fmt: skip
    jump_list("story_jump")
    leave_link("story_leave")
