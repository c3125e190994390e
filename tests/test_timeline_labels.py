"""The timeline's label layout (clfj_data.timeline_labels), checked as geometry: no two labels
overlap, no leader crosses a label, a leader or a marker, leaders stay short, labels stay inside
the plot and clear of every marker, and no marker falls outside its lane. For the shipped
milestones at a phone's width, a projector's, an image's and a slide's; generated sets are in
test_timeline_labels_generated.py (the slow layer)."""

import itertools

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clfj_data.figure_style import axis_dates
from clfj_data.text_width import APP, DECK, SYSTEM, Typeface
from clfj_data.timeline import _marks, _timeline_points, timeline_figure
from clfj_data.timeline_labels import (
    APP_LABELS,
    DECK_LABELS,
    IMAGE_LABELS,
    PHONE_PX,
    Mark,
    lay_out,
    phone,
    wrap,
)

pytestmark = pytest.mark.unit

# (style, plot width): a phone's chart (390 px screen), a projector's (1280 px screen), an image
# for a slide, and the deck's slide (in points).
SURFACES = {
    "phone": (phone(APP_LABELS), 350),
    "projector": (APP_LABELS, 1240),
    "image": (IMAGE_LABELS, 1420),
    "deck": (DECK_LABELS, 12.6 * 72),
}


def boxes(layout):
    """Each label's box as (left, right, top, bottom), y from its lane's line (down is +)."""
    found = {}
    for key, label in layout.labels.items():
        if label is not None:  # one on the line spans it, from its near edge above to its far one below
            top, bottom = (
                sorted((label.side * label.near, label.side * label.far))
                if label.side
                else (label.near, label.far)
            )
            found[key] = (label.left, label.right, top, bottom)
    return found


def leader(layout, key):
    """A label's leader: from its marker to the label's corner on the marker's side."""
    label, (x, offset) = layout.labels[key], layout.places[key]
    return (x, offset), (label.leader_x, label.side * label.near)


def crosses(segment, box) -> bool:
    """Whether a segment passes through a box's inside (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = segment
    left, right, top, bottom = box
    low, high = 0.0, 1.0
    for p, q in ((x0 - x1, x0 - left), (x1 - x0, right - x0), (y0 - y1, y0 - top), (y1 - y0, bottom - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return high - low > 1e-6


def segments_cross(a, b) -> bool:
    def turn(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    (p1, p2), (p3, p4) = a, b
    d1, d2, d3, d4 = turn(p3, p4, p1), turn(p3, p4, p2), turn(p1, p2, p3), turn(p1, p2, p4)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and 0 not in (d1, d2, d3, d4)


def check(layout, marks, plot_px):
    """Every geometric promise of the layout, asserted."""
    style = layout.style
    radius = style.marker / 2
    found = boxes(layout)
    lane_of = {mark.key: mark.lane for mark in marks}
    for a, b in itertools.combinations(found, 2):
        if lane_of[a] == lane_of[b]:
            one, two = found[a], found[b]
            apart = one[1] + style.gap <= two[0] + 0.01 or two[1] + style.gap <= one[0] + 0.01
            assert apart or one[3] <= two[2] or two[3] <= one[2], ("labels overlap", a, b)
    for key, box in found.items():
        left, right, top, bottom = box
        assert left >= -0.01 and right <= plot_px + 0.01, ("outside the plot", key, box)
        own = leader(layout, key)
        # Short leaders: a label is only as far out as the tiers inside it need.
        label = layout.labels[key]
        fan = max(abs(offset) for _, offset in layout.places.values())
        tallest = max(bottom - top for _, _, top, bottom in found.values())
        first_tier = max(style.clearance, fan + style.ring + 3)
        assert label.near <= first_tier + label.tier * (tallest + style.gap) + 0.01
        for other, (x, offset) in layout.places.items():
            if lane_of[other] != lane_of[key]:
                continue
            # No label covers a marker, or the ring round a chosen one.
            ring = style.ring
            assert x + ring <= left or x - ring >= right or offset + ring <= top or offset - ring >= bottom, (
                "a label covers a marker",
                key,
                other,
            )
            if other != key:  # a leader passes no other marker
                (x0, y0), (x1, y1) = own
                near = min(abs(x - x0), abs(x - x1)) < radius and (min(y0, y1) < offset < max(y0, y1))
                assert not near, ("a leader runs over a marker", key, other)
        for other, other_box in found.items():
            if other != key and lane_of[other] == lane_of[key]:
                assert not crosses(own, other_box), ("a leader crosses a label", key, other)
                assert not segments_cross(own, leader(layout, other)), ("leaders cross", key, other)
    for lane in set(lane_of.values()):
        members = [key for key in layout.places if lane_of[key] == lane]
        above, below = layout.extents[lane]
        for a, b in itertools.combinations(members, 2):
            (xa, ya), (xb, yb) = layout.places[a], layout.places[b]
            assert (xa - xb) ** 2 + (ya - yb) ** 2 >= style.marker**2 - 0.01, ("markers overlap", a, b)
        for key in members:  # nothing leaves its lane: no marker below the last lane's line
            offset = layout.places[key][1]
            assert -above - 0.01 <= offset - radius and offset + radius <= below + 0.01
            if key in found:
                assert -above - 0.01 <= found[key][2] and found[key][3] <= below + 0.01


def labels(fig):
    """A timeline's labels (its other annotations name lanes)."""
    return [a for a in fig.layout.annotations if a.name and not a.name.startswith("lane: ")]


def shipped_marks(shipped, lane, plot_px):
    points = _timeline_points(shipped, lane)
    return _marks(points, axis_dates(points, share=0.04), plot_px)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("lane", ["sector", "state"])
def test_the_shipped_labels_never_overlap_nor_cross_at_every_size(shipped, surface, lane):
    style, plot_px = SURFACES[surface]
    marks = shipped_marks(shipped, lane, plot_px)
    layout = lay_out(marks, plot_px, style)
    check(layout, marks, plot_px)
    # Every headline in full, beside its marker, a phone's too: never cut off with "…".
    assert all(label and not label.shortened for label in layout.labels.values())


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=14)
# Hindi passes through the same engine: Devanagari words are measured in Noto Sans Devanagari.
HINDI = st.sampled_from(["बाल", "श्रम", "मुक्त", "जयपुर", "न्यायालय", "बच्चों", "की", "गवाही"])


@st.composite
def marks(draw, plot_px):
    count = draw(st.integers(1, 40))
    lanes = draw(st.integers(1, 4))
    return [
        Mark(
            index,
            draw(st.floats(0, plot_px)),
            draw(st.integers(0, lanes - 1)),
            draw(st.sampled_from(["Mar 2021", "2019", "12 Feb 2020", "मार्च 2021"])),
            " ".join(draw(st.lists(st.one_of(WORDS, HINDI), min_size=1, max_size=16))),
        )
        for index in range(count)
    ]


@given(st.lists(st.one_of(WORDS, HINDI), min_size=1, max_size=30))
def test_on_a_phone_a_label_keeps_its_headline_whole(words):
    style = phone(APP_LABELS)
    lines, shortened, _text_px = wrap("Mar 2021", " ".join(words), 280, style)
    assert not shortened and " ".join(lines) == "Mar 2021 · " + " ".join(words)


def test_a_wrapped_line_is_no_wider_than_asked_where_its_words_allow():
    title = "Rajasthan and Bihar courts take children's testimony by videoconference"
    lines, shortened, text_px = wrap("Mar 2021", title, 160, phone(APP_LABELS))
    assert not shortened and " ".join(lines) == f"Mar 2021 · {title}"
    assert text_px <= 160 and len(lines) == 3


def test_widths_are_measured_in_the_font_the_text_is_drawn_in():
    text = "Mar 2021 · Courts hear children by video"
    # Source Sans is narrower than Liberation Sans (Arial's metrics), which is narrower than Noto Sans.
    assert APP.width(text, 12) < SYSTEM.width(text, 12) < DECK.width(text, 12)
    assert APP.width(text, 24) == pytest.approx(2 * APP.width(text, 12), rel=0.01)
    assert APP.width("Mar 2021", 12, bold=True) > APP.width("Mar 2021", 12)
    assert "SourceSans" in APP.chosen[0].name  # the very file Streamlit serves the browser


def test_devanagari_is_measured_with_a_devanagari_font():
    hindi = "बाल श्रम मुक्त जयपुर"
    without = Typeface("Liberation Sans alone", APP.files[-3:-2])
    assert APP.width(hindi, 12) > 40
    # Shaped: a conjunct (श्र) is narrower than its letters side by side.
    assert APP.width("श्र", 12) < APP.width("श", 12) + APP.width("र", 12)
    assert without.chosen is not None


@pytest.mark.parametrize("lane", ["sector", "state"])
def test_at_a_projectors_width_the_timeline_fits_640_px_with_its_date_axis(shipped, lane):
    fig = timeline_figure(shipped, lane=lane, width=900)
    assert fig.layout.height <= 640
    assert len(labels(fig)) == len(_timeline_points(shipped, lane))


@pytest.mark.parametrize("lane", ["sector", "state"])
def test_on_a_projector_every_label_is_at_least_14_px(shipped, lane):
    """A 1280 px screen's chart (820 px beside the sidebar): read from the back of a room."""
    fig = timeline_figure(shipped, lane=lane, width=820)
    assert len(labels(fig)) == len(_timeline_points(shipped, lane))
    assert all(a.font.size >= 14 for a in labels(fig))
    assert fig.layout.yaxis.tickfont.size >= 14 and fig.layout.xaxis.tickfont.size >= 14


def test_on_a_phone_lanes_are_named_above_them_and_every_headline_is_whole(shipped):
    fig = timeline_figure(shipped, lane="sector", width=370)
    assert fig.layout.yaxis.showticklabels is False and fig.layout.margin.l <= 10
    names = [a for a in fig.layout.annotations if a.name and a.name.startswith("lane: ")]
    assert [a.name.removeprefix("lane: ") for a in names] == list(fig.layout.yaxis.ticktext)
    for name, centre in zip(names, fig.layout.yaxis.tickvals, strict=True):
        assert name.y < centre  # above its lane's line
    assert labels(fig) and not any("…" in a.text for a in labels(fig))
    assert all(a.font.size == 12 for a in labels(fig))  # a phone is held close


def test_each_label_is_placed_where_the_layout_put_it(shipped):
    fig = timeline_figure(shipped, lane="state", width=1240)
    centres = dict(zip(fig.layout.yaxis.ticktext, fig.layout.yaxis.tickvals, strict=True))
    for annotation in (a for a in fig.layout.annotations if a.showarrow):
        assert annotation.ayref == "y" and annotation.axref == "pixel"
        # The label's corner above or below its marker's lane line, never across it.
        above = annotation.yanchor == "bottom"
        lane = min(centres.values(), key=lambda c: abs(c - annotation.y))
        assert (annotation.ay < lane) if above else (annotation.ay > lane)


def test_no_marker_is_drawn_outside_the_lanes(shipped):
    for lane in ("sector", "state"):
        for width in (370, 900, 1240):
            fig = timeline_figure(shipped, lane=lane, width=width)
            bottom = fig.layout.yaxis.range[0]
            for trace in fig.data:
                if trace.mode == "markers":
                    assert all(y - 7 >= 0 and y + 7 <= bottom for y in trace.y)


def test_a_label_keeps_its_date_in_bold_and_its_headline_whole_on_a_projector(shipped):
    fig = timeline_figure(shipped, lane="sector", width=1240)
    texts = {a.name: a.text for a in fig.layout.annotations}
    for row in shipped.itertuples():
        text = texts[row.id]
        assert text.startswith("<b>")
        assert pd.Series([text.replace("<br>", " ")]).str.contains(row.title.split()[-1], regex=False).all()


def test_the_phone_width_is_below_a_tablets():
    assert 390 < PHONE_PX < 768


def test_a_crowded_phone_lane_labels_every_marker(shipped):
    """The shipped milestones plus one made up in a test (Sep 2019, in no state): on a phone, by
    state, Rajasthan's Nov 2019, Dec 2019 and Jan 2020 crowd one stretch; each has its label."""
    extra = shipped.iloc[[0]].assign(
        id="made-up-extra",
        date=pd.Timestamp("2019-09-01"),
        title="Community volunteers hold a meeting",
        states="",
    )
    for frame in (shipped, pd.concat([shipped, extra], ignore_index=True)):
        marks = shipped_marks(frame, "state", 366)
        layout = lay_out(marks, 366, phone(APP_LABELS))
        assert layout.missing == 0
        check(layout, marks, 366)
