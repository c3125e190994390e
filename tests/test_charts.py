"""Chart builders and the counts behind them: a milestone table in, counts or a Figure out."""

import csv
import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest
from milestone_rows import load_rows
from plotly.utils import PlotlyJSONEncoder

from clfj_data.charts import (
    DENSITY_ABOVE,
    GROUPED_MARKERS,
    LABELLED_POINTS,
    count_ticks,
    milestones_at,
    per_year_figure,
    sector_counts_figure,
    state_counts_figure,
    state_sector_figure,
    timeline_figure,
    timeline_sentence,
    timeline_zooms,
)
from clfj_data.counts import (
    TWO_STATES_NOTE,
    also_named_sentence,
    count_by_sector,
    count_by_state,
    count_per_year,
    count_state_by_sector,
    counts_sentence,
    state_sector_table,
)
from clfj_data.sectors import SECTORS, sector_colour
from clfj_data.timeline_labels import APP_LABELS, PHONE_PX, phone
from clfj_ui.plot import TRACES, as_spec

pytestmark = pytest.mark.unit

HEADER = "id,date,title,description,rationale,states,sector"
VIDEO = "video,Mar 2021,Courts hear children by video,Courts use video.,Testimony.,Rajasthan; Bihar,Justice"
CONVICTIONS = "convictions,Mar 2022,Traffickers convicted,Judges convict.,Deterrence.,Rajasthan,Justice"
HIGH_COURT = "high-court,Mar 2022,High Court orders testimony,Court orders.,Accuracy.,Rajasthan,Justice"
ON_THE_15TH = "on-the-15th,15 Mar 2022,Testimony rules,Rules issued.,Accuracy.,Rajasthan,Justice"
DASHBOARD = "dashboard,Mar 2022,Committees use a dashboard,Committees track.,Support.,Bihar,Child protection"
CARE_PLANS = (
    "care-plans,Feb 2019,A care plan for every child,Shelters plan.,Recovery.,Rajasthan,Care and health"
)
COMPANY = "company,2020,Women own a producer company,Women own it.,Power shifts.,,Livelihoods"
SAME_DAY = "same-day,2 Jul 2020,Producers sell direct,They sell.,Fair prices.,,Livelihoods"  # mid-2020
CURRICULUM = "curriculum,15 Sep 2019,Child rights curriculum,Volunteers teach.,Minds change.,,"  # no sector
KILNS = "kilns,Jun 2021,Brick kilns inspected,Inspectors visit.,Fewer children work.,Assam,Brick kilns"

IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">x</a>'
LINK_CELL = '"' + LINK.replace('"', '""') + '"'  # quoted as a spreadsheet writes it
HOSTILE = (
    f"img,Mar 2022,{IMG},Shown as written.,Why.,Rajasthan; Bihar,{IMG}",
    f"link,Mar 2021,{LINK_CELL},Shown as written.,Why.,Rajasthan,{LINK_CELL}",
)

# VIDEO names Rajasthan and Bihar, so it counts in both rows.
CROSSTAB_ROWS = (VIDEO, CONVICTIONS, DASHBOARD, COMPANY, CARE_PLANS)
CROSSTAB_STATES = ["Rajasthan", "Bihar", "Not specified"]
CROSSTAB_SECTORS = ["Justice", "Child protection", "Care and health", "Livelihoods"]
CROSSTAB = [[2, 0, 1, 0], [1, 1, 0, 0], [0, 0, 0, 1]]

OKABE_ITO = {"#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"}
# The colours the charts give these sectors: the vocabulary's in Okabe-Ito, grey for none, and for
# "Brick kilns" (outside the vocabulary) the spare colour its name picks.
JUSTICE, CHILD_PROTECTION, LIVELIHOODS = "#0072B2", "#D55E00", "#CC79A7"
BRICK_KILNS, GREY = "#882255", "#8C8C8C"


def frame(*rows: str) -> pd.DataFrame:
    return load_rows(HEADER, *rows)


def many(count: int) -> pd.DataFrame:
    """``count`` milestones a month apart in one lane."""
    rows = [
        f"m{i},{2000 + i // 12}-{i % 12 + 1:02d},Milestone {i},Change {i}.,Why.,Bihar,Justice"
        for i in range(count)
    ]
    return frame(*rows)


def nothing() -> pd.DataFrame:
    return frame(VIDEO).iloc[:0]


def cells(row: str) -> dict[str, str]:
    return next(csv.DictReader([HEADER, row]))


def markers(fig) -> list[dict]:
    """Every milestone marker on a timeline, with what its hover carries."""
    return [
        {"id": data["milestone"], "when": data["when"], "title": data["title"], "x": x, "y": y}
        for trace in fig.data
        for x, y, data in zip(trace.x, trace.y, trace.customdata, strict=True)
    ]


def lane_of(fig, y: float) -> str:
    """The lane whose line is nearest ``y`` (the axis counts pixels from the top)."""
    ticks = list(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    return min(ticks, key=lambda tick: abs(tick[0] - y))[1]


def label_text(annotation) -> str:
    """A label as a person reads it: its lines joined, the markup gone."""
    return re.sub(r"<[^>]+>", "", annotation.text.replace("<br>", " "))


def pairs(counts: pd.DataFrame) -> list[tuple]:
    return list(counts.itertuples(index=False, name=None))


# Counts


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            (VIDEO, CARE_PLANS), [("Rajasthan", 2), ("Bihar", 1)], id="two states count once in each"
        ),
        pytest.param(
            (COMPANY, CURRICULUM, DASHBOARD),
            [("Bihar", 1), ("Not specified", 2)],
            id="not specified comes last",
        ),
        pytest.param(
            (DASHBOARD, KILNS, CONVICTIONS, CARE_PLANS),
            [("Rajasthan", 2), ("Assam", 1), ("Bihar", 1)],
            id="most first then alphabetical",
        ),
    ],
)
def test_count_by_state_counts_each_state_named(rows, expected):
    assert pairs(count_by_state(frame(*rows))) == expected


def test_count_by_state_on_the_shipped_data_matches_the_file(shipped, shipped_rows):
    expected = Counter(
        name.strip()
        for row in shipped_rows
        for name in (row["states"].split(";") if row["states"] else ["Not specified"])
    )
    counts = count_by_state(shipped)
    assert dict(pairs(counts)) == expected
    assert counts["state"].iloc[-1] == "Not specified"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            (COMPANY, CARE_PLANS, DASHBOARD, VIDEO, CONVICTIONS),
            [("Justice", 2), ("Child protection", 1), ("Care and health", 1), ("Livelihoods", 1)],
            id="vocabulary order",
        ),
        pytest.param(
            (CURRICULUM, COMPANY),
            [("Livelihoods", 1), ("Not specified", 1)],
            id="empty sector is not specified",
        ),
        pytest.param(
            (CURRICULUM, KILNS, VIDEO),
            [("Justice", 1), ("Brick kilns", 1), ("Not specified", 1)],
            id="new sector after the vocabulary",
        ),
    ],
)
def test_count_by_sector_lists_sectors_in_vocabulary_order(rows, expected):
    assert pairs(count_by_sector(frame(*rows))) == expected


def test_count_by_sector_on_the_shipped_data_matches_the_file(shipped, shipped_rows):
    assert dict(pairs(count_by_sector(shipped))) == Counter(row["sector"] for row in shipped_rows)


def test_count_state_by_sector_counts_a_two_state_milestone_in_both_rows():
    matrix = count_state_by_sector(frame(*CROSSTAB_ROWS))
    assert matrix.index.tolist() == CROSSTAB_STATES
    assert matrix.columns.tolist() == CROSSTAB_SECTORS
    assert matrix.to_numpy().tolist() == CROSSTAB


def test_the_state_and_sector_table_leaves_a_cell_that_counts_nothing_empty():
    table = state_sector_table(frame(*CROSSTAB_ROWS))
    assert table.index.tolist() == CROSSTAB_STATES and table.columns.tolist() == CROSSTAB_SECTORS
    expected = [[count or None for count in row] for row in CROSSTAB]
    cells = table.to_numpy().tolist()
    assert [[None if pd.isna(cell) else cell for cell in row] for row in cells] == expected


# The milestones a state filter let through; VIDEO names Rajasthan and Bihar.
TWO_STATE = "two,Jan 2020,Both,Both.,Why.,Bihar; Assam,Justice"


@pytest.mark.parametrize(
    ("rows", "chosen", "lang", "said"),
    [
        ((VIDEO, CONVICTIONS), ("Rajasthan",), "en",
         "1 of these milestones also names Bihar: a milestone counts once under each state it names."),
        ((VIDEO, TWO_STATE, DASHBOARD), ("Bihar",), "en",
         "2 of these milestones also name Assam or Rajasthan: "),
        ((VIDEO, CONVICTIONS), ("Rajasthan",), "hi", "इनमें से 1 पड़ाव बिहार का भी नाम लेता है"),
        ((VIDEO, CONVICTIONS), ("Rajasthan", "Bihar"), "en", ""),  # every state shown was chosen
        ((CONVICTIONS, DASHBOARD), ("Rajasthan", "Bihar"), "en", ""),
        ((VIDEO, CONVICTIONS), (), "en", ""),  # nothing chosen: every state is shown anyway
    ],
)  # fmt: skip
def test_a_state_not_chosen_that_has_a_bar_is_explained(rows, chosen, lang, said):
    sentence = also_named_sentence(frame(*rows), chosen, lang)
    assert sentence.startswith(said) and (said or sentence == "")


def test_count_per_year_has_every_year_in_the_span_zero_filled():
    counts = count_per_year(frame(CARE_PLANS, VIDEO, CONVICTIONS, DASHBOARD))
    totals = counts.groupby("year")["milestones"].sum()
    assert totals.to_dict() == {2019: 1, 2020: 0, 2021: 1, 2022: 2}
    assert len(counts) == 4 * 3  # every year with every sector present
    assert counts.set_index(["year", "sector"]).loc[(2020, "Justice"), "milestones"] == 0


# The timeline


@pytest.mark.parametrize(
    ("lane", "lanes"),
    [
        # A lane's name stands alone: a blank one says what is not specified.
        ("sector", ["Justice", "Child protection", "Livelihoods", "Brick kilns", "Sector not specified"]),
        ("state", ["Assam", "Bihar", "Rajasthan", "State not specified"]),
    ],
)
def test_timeline_y_ticks_are_the_lanes(lane, lanes):
    fig = timeline_figure(frame(VIDEO, DASHBOARD, COMPANY, CURRICULUM, KILNS), lane=lane)
    assert list(fig.layout.yaxis.ticktext) == lanes
    lines = list(fig.layout.yaxis.tickvals)
    assert lines == sorted(lines) and len(set(lines)) == len(lanes)  # top to bottom, one line each
    assert fig.layout.yaxis.range[1] == 0 < lines[0] < lines[-1] < fig.layout.yaxis.range[0]


@pytest.mark.parametrize("lane", ["sector", "state"])
def test_timeline_puts_each_milestone_in_its_lane(lane):
    rows = (VIDEO, DASHBOARD, COMPANY, CURRICULUM, KILNS)
    fig = timeline_figure(frame(*rows), lane=lane)
    for row in map(cells, rows):
        wanted = row["sector"] if lane == "sector" else row["states"]
        lanes = {lane_of(fig, m["y"]) for m in markers(fig) if m["id"] == row["id"]}
        blank = "Sector not specified" if lane == "sector" else "State not specified"
        assert lanes == set(wanted.split("; ") if wanted else [blank])


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_blank_sector_reads_the_same_in_the_timelines_lanes_and_legend_as_in_the_facts_line(lang):
    fig = timeline_figure(frame(VIDEO, KILNS, COMPANY, CURRICULUM), lane="sector", lang=lang)
    blank = {"en": "Sector not specified", "hi": "क्षेत्र निर्दिष्ट नहीं"}[lang]
    assert fig.layout.yaxis.ticktext[-1] == blank
    assert blank in {trace.name for trace in fig.data if trace.showlegend is not False}
    states = timeline_figure(frame(VIDEO, CURRICULUM), lane="state", lang=lang).layout.yaxis.ticktext
    assert states[-1] == {"en": "State not specified", "hi": "राज्य निर्दिष्ट नहीं"}[lang]


def test_timeline_by_state_shows_a_two_state_milestone_in_both_lanes():
    fig = timeline_figure(frame(VIDEO, CARE_PLANS), lane="state")
    assert sorted(lane_of(fig, m["y"]) for m in markers(fig) if m["id"] == "video") == ["Bihar", "Rajasthan"]


@pytest.mark.parametrize("lane", ["sector", "state"])
def test_timeline_spreads_milestones_sharing_a_lane_and_month(lane):
    fig = timeline_figure(frame(CONVICTIONS, HIGH_COURT, ON_THE_15TH, CARE_PLANS), lane=lane)
    march = [m for m in markers(fig) if m["id"] != "care-plans"]
    assert len({m["y"] for m in march}) == 3
    assert {lane_of(fig, m["y"]) for m in march} == {"Justice" if lane == "sector" else "Rajasthan"}


def test_timeline_spreads_a_year_milestone_and_one_at_its_middle():
    fig = timeline_figure(frame(COMPANY, SAME_DAY))
    first, second = markers(fig)
    assert abs(first["x"] - second["x"]) < pd.Timedelta(days=1)
    assert first["y"] != second["y"]


@pytest.mark.parametrize("row", [CONVICTIONS, COMPANY, CURRICULUM])
def test_timeline_markers_carry_id_date_as_written_and_title(row):
    written = cells(row)
    for compact in (False, True):
        fig = timeline_figure(frame(row, VIDEO), compact=compact)
        (marker,) = [m for m in markers(fig) if m["id"] == written["id"]]
        assert (marker["when"], marker["title"]) == (written["date"], written["title"])


def test_only_an_unlabelled_timeline_has_a_hover_box():
    """Where every headline is written beside its marker, a hover box would only cover a lane."""
    labelled, compact = (
        timeline_figure(frame(CONVICTIONS, VIDEO)),
        timeline_figure(frame(VIDEO), compact=True),
    )
    assert all(t.hoverinfo == "none" and t.hovertemplate is None for t in labelled.data)
    assert all("%{customdata.title}" in t.hovertemplate for t in compact.data)
    assert all("%{customdata.when}" in t.hovertemplate for t in compact.data)


def test_timeline_sector_traces_have_their_sector_colour():
    fig = timeline_figure(frame(VIDEO, DASHBOARD, COMPANY, CURRICULUM, KILNS))
    assert [t.name for t in fig.data] == [
        "Justice",
        "Child protection",
        "Livelihoods",
        "Brick kilns",
        "Sector not specified",
    ]
    assert [t.marker.color for t in fig.data] == [JUSTICE, CHILD_PROTECTION, LIVELIHOODS, BRICK_KILNS, GREY]


def test_a_sector_has_the_same_colour_in_every_figure():
    seen = set()
    for rows in [(KILNS, CURRICULUM), (VIDEO, DASHBOARD, COMPANY, CURRICULUM, KILNS, CARE_PLANS)]:
        milestones = frame(*rows)
        for fig in (
            timeline_figure(milestones),
            timeline_figure(milestones, lane="state"),
            timeline_figure(milestones, compact=True),
            per_year_figure(milestones),
        ):
            seen |= {(trace.name, trace.marker.color) for trace in fig.data}
        (bar,) = sector_counts_figure(milestones).data
        seen |= set(zip(bar.y, bar.marker.color, strict=True))
    colours_per_sector = Counter(sector for sector, _ in seen)
    assert set(colours_per_sector) >= {"Brick kilns", "Not specified", "Justice"}
    assert max(colours_per_sector.values()) == 1


def test_compact_timeline_has_no_range_slider_and_no_labels():
    fig = timeline_figure(frame(VIDEO, DASHBOARD), compact=True)
    assert fig.layout.xaxis.rangeslider.visible is False
    assert fig.layout.annotations == ()


def test_full_timeline_has_a_range_slider_and_labels_every_marker_in_full():
    fig = timeline_figure(frame(VIDEO, CONVICTIONS, DASHBOARD, CARE_PLANS), lane="state")
    assert fig.layout.xaxis.rangeslider.visible is True
    labels = sorted(label_text(a) for a in fig.layout.annotations)
    assert labels == [
        "Feb 2019 · A care plan for every child",
        "Mar 2021 · Courts hear children by video",
        "Mar 2021 · Courts hear children by video",  # in the Bihar and the Rajasthan lane
        "Mar 2022 · Committees use a dashboard",
        "Mar 2022 · Traffickers convicted",
    ]


@pytest.mark.parametrize("rows", [(VIDEO,), (CONVICTIONS, DASHBOARD)], ids=["one", "one date"])
def test_a_timeline_of_one_date_neither_zooms_nor_pans(rows):
    fig = timeline_figure(frame(*rows))
    assert fig.layout.xaxis.rangeslider.visible is False
    assert fig.layout.xaxis.fixedrange is True and fig.layout.dragmode is False
    assert timeline_zooms(frame(*rows)) is False
    assert timeline_zooms(frame(VIDEO, DASHBOARD)) is True
    # No room kept for a slider below the dates.
    assert fig.layout.height < timeline_figure(frame(*rows, CARE_PLANS)).layout.height


@pytest.mark.parametrize("width", [358, 820, 1100])
@pytest.mark.parametrize("lane", ["sector", "state"])
def test_each_lane_is_a_band_holding_its_markers_and_labels(shipped, lane, width):
    fig = timeline_figure(shipped, lane=lane, width=width)
    bands = [(s.y0, s.y1) for s in fig.layout.shapes if s.name == "lane band"]
    lines = [s.y0 for s in fig.layout.shapes if s.name == "between lanes"]
    assert len(bands) == len(fig.layout.yaxis.tickvals)  # a band a lane
    assert [top for top, _ in bands[1:]] == [bottom for _, bottom in bands[:-1]] == lines
    assert bands[-1][1] == fig.layout.yaxis.range[0]  # the last ends at the plot's foot
    fills = [s.fillcolor for s in fig.layout.shapes if s.name == "lane band"]
    assert all(a != b for a, b in itertools.pairwise(fills))  # every other one shaded
    for centre, (top, bottom) in zip(fig.layout.yaxis.tickvals, bands, strict=True):
        assert top < centre < bottom
    for trace in fig.data:
        if trace.mode == "markers":
            assert all(any(top < y < bottom for top, bottom in bands) for y in trace.y)
    labels = [a for a in fig.layout.annotations if a.name and not a.name.startswith("lane: ")]
    assert labels
    style = phone(APP_LABELS) if width < PHONE_PX else APP_LABELS
    for label in labels:  # from its marker's line, as tall as its lines
        (top, bottom) = next(band for band in bands if band[0] < label.y < band[1])
        tall = style.box_height(label.text.count("<br>") + 1)
        edge = label.ay if label.showarrow else label.y
        box = {
            "bottom": (edge - tall, edge),
            "top": (edge, edge + tall),
            "middle": (edge - tall / 2, edge + tall / 2),
        }
        low, high = box[label.yanchor]
        assert top <= low and high <= bottom, label.name


def test_a_long_headline_is_wrapped_never_cut_on_a_projector_or_a_phone():
    long = (
        "long,Mar 2021,"
        + "Rajasthan and Bihar courts take children's testimony by videoconference"
        + ",C.,W.,,"
    )
    (label,) = timeline_figure(frame(long), width=1400).layout.annotations
    headline = "Rajasthan and Bihar courts take children's testimony by videoconference"
    assert label_text(label) == f"Mar 2021 · {headline}"
    assert "…" not in label.text
    phone = timeline_figure(frame(long), width=390)
    (label,) = [a for a in phone.layout.annotations if a.showarrow]
    assert label_text(label) == f"Mar 2021 · {headline}" and "…" not in label.text
    assert markers(phone)[0]["title"] == headline


@pytest.mark.parametrize(("count", "labelled"), [(LABELLED_POINTS, True), (LABELLED_POINTS + 1, False)])
def test_labels_are_left_out_above_labelled_points(count, labelled):
    fig = timeline_figure(many(count))
    assert (0 < len(fig.layout.annotations) <= count) if labelled else not fig.layout.annotations


def test_a_few_milestones_still_show_a_year_of_months():
    fig = timeline_figure(frame(VIDEO))
    low, high = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert high - low >= pd.Timedelta(days=365)
    assert (fig.layout.xaxis.dtick, fig.layout.xaxis.tickformat) == ("M3", "%b %Y")


def test_the_legend_shows_only_where_colour_says_more_than_the_lanes(shipped):
    assert timeline_figure(shipped, lane="sector").layout.showlegend is False
    assert timeline_figure(shipped, lane="state").layout.showlegend is True


@pytest.fixture(scope="module")
def dense() -> tuple[pd.DataFrame, go.Figure]:
    """Past the density threshold, in one lane over 40 months, and its timeline (made once: the
    tests below only read them)."""
    table = frame(*[f"m{i},{2000 + i % 40 // 12}-{i % 40 % 12 + 1:02d},M {i},C {i}.,W.,Bihar,Justice"
                    for i in range(DENSITY_ABOVE + 100)])  # fmt: skip
    return table, timeline_figure(table)


def test_a_grouped_marker_knows_which_milestones_it_stands_for(dense):
    table, fig = dense
    first = next(data for trace in fig.data for data in trace.customdata if data["when"] == "Jan 2000")
    title, group = first["title"], first["group"]
    assert "milestone" not in first  # a click on it lists its milestones
    lane, inside = milestones_at(table, "sector", group["lane"], group["start"], group["end"])
    start, end = group["start"], group["end"]
    assert (lane, start, end) == ("Justice", "2000-01-01", "2000-01-31")
    assert len(inside) == int(title.split()[0]) and set(inside["date"].dt.strftime("%Y-%m")) == {"2000-01"}


def monthly(months: int, sectors: int = 6, each: int = 1) -> pd.DataFrame:
    """``each`` milestones per sector (of the first ``sectors``) and month, ``months`` months from 1950."""
    names = list(SECTORS)[:sectors]
    rows = [
        f"m{m}-{s}-{e},{1950 + m // 12}-{m % 12 + 1:02d},Milestone {m},Change {m}-{s}-{e}.,Why.,"
        f"Bihar,{names[s]}"
        for m in range(months)
        for s in range(sectors)
        for e in range(each)
    ]
    return frame(*rows)


def density_markers(fig) -> list[dict]:
    return [
        {"id": data.get("milestone", ""), "when": data["when"], "title": data["title"], "sector": trace.name}
        for trace in fig.data
        for data in trace.customdata
    ]


def test_past_the_density_threshold_a_marker_stands_for_a_lane_month_and_sector(dense):
    table, fig = dense
    found = density_markers(fig)
    assert len(found) == 40  # the months, in the one lane
    assert {m["id"] for m in found} == {""}  # a marker for many opens no milestone
    assert sum(int(m["title"].split()[0]) for m in found) == len(table)
    assert {m["when"] for m in found} >= {"Jan 2000", "Apr 2003"}


@pytest.mark.parametrize(
    ("months", "each", "markers", "first"),
    [(120, 3, 240, "Q1 1950"), (600, 1, 300, "1950")],
    ids=["quarters", "years"],
)
def test_a_marker_stands_for_a_quarter_or_a_year_where_months_would_be_too_many(months, each, markers, first):
    table = monthly(months, each=each)
    found = density_markers(timeline_figure(table))
    assert len(table) > DENSITY_ABOVE and months * 6 > GROUPED_MARKERS >= len(found) == markers
    assert sum(int(m["title"].split()[0]) for m in found) == len(table)
    assert first in {m["when"] for m in found}


@pytest.mark.parametrize("months", [2, 300], ids=["12", "1800"])
def test_every_chart_of_the_app_draws_only_traces_its_plotly_js_holds(months):
    # The app draws with a plotly.js of scatter, bar and heatmap traces (static/): no WebGL.
    table = monthly(months)
    figures = [timeline_figure(table, compact=compact) for compact in (False, True)]
    figures += [build(table) for build in (state_counts_figure, sector_counts_figure, state_sector_figure)]
    figures.append(per_year_figure(table))
    for fig in figures:
        assert {trace.type for trace in fig.data} <= TRACES
    assert {trace.type for fig in figures for trace in fig.data} == TRACES


def test_a_figure_the_apps_plotly_js_cannot_draw_is_refused_before_it_is_sent():
    with pytest.raises(ValueError, match="cannot draw scattergl"):
        as_spec(go.Figure(go.Scattergl(x=[1], y=[1])))


def test_the_dashboards_plotly_js_is_the_release_the_report_and_images_draw_with(repo):
    # The report embeds, and kaleido draws the images with, the plotly.js that plotly.py ships.
    def release(path: Path) -> str:
        with path.open(encoding="utf-8") as script:
            return re.search(r"plotly\.js .*?v(\d+\.\d+\.\d+)", script.read(300)).group(1)

    bundle = repo / "static" / "plotly-charts.min.js"
    built = json.loads((repo / "clfj_ui" / "assets" / "bundle" / "package.json").read_text(encoding="utf-8"))
    shipped = release(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")
    assert release(bundle) == built["devDependencies"]["plotly.js"] == shipped


@pytest.mark.parametrize("lane", ["place", "sectors", ""])
def test_timeline_refuses_an_unknown_lane(lane):
    with pytest.raises(ValueError, match="lane"):
        timeline_figure(frame(VIDEO), lane=lane)


def test_timeline_of_no_milestones_is_an_empty_figure():
    fig = timeline_figure(nothing())
    assert fig.data == ()


def test_shipped_timeline_has_a_marker_per_milestone_and_state(shipped, shipped_rows):
    by_state = sum(len(row["states"].split(";")) if row["states"] else 1 for row in shipped_rows)
    assert len(markers(timeline_figure(shipped))) == len(shipped_rows)
    assert len(markers(timeline_figure(shipped, lane="state"))) == by_state


# Bar charts and the heatmap


def test_state_counts_figure_bars_are_the_counts():
    (bar,) = state_counts_figure(frame(VIDEO, CARE_PLANS, COMPANY)).data
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.y) == ["Rajasthan", "Bihar", "Not specified"]
    assert list(bar.x) == [2, 1, 1]


@pytest.mark.parametrize(
    ("rows", "note"), [((VIDEO, CARE_PLANS), TWO_STATES_NOTE), ((CARE_PLANS, DASHBOARD), None)]
)
def test_state_counts_subtitle_notes_double_counting_only_when_a_milestone_names_two(rows, note):
    assert state_counts_figure(frame(*rows)).layout.title.subtitle.text == note


def test_sector_counts_figure_bars_are_in_sector_colours():
    (bar,) = sector_counts_figure(frame(KILNS, CURRICULUM, VIDEO, CONVICTIONS)).data
    assert list(bar.y) == ["Justice", "Brick kilns", "Not specified"]
    assert list(bar.x) == [2, 1, 1]
    assert list(bar.marker.color) == [JUSTICE, BRICK_KILNS, GREY]


def test_the_heat_maps_colour_scale_is_shown_labelled_in_whole_milestones():
    (heatmap,) = state_sector_figure(frame(*CROSSTAB_ROWS)).data
    assert heatmap.showscale and heatmap.colorbar.title.text == "Milestones"
    assert heatmap.colorbar.tickformat == ",d" and heatmap.colorbar.dtick == 1
    assert heatmap.colorbar.tickfont.size >= 12


@pytest.mark.parametrize("narrow", [False, True])
def test_a_heat_map_whose_cells_count_the_same_has_no_colour_scale(narrow):
    """A filter down to one state and one sector: one cell, its count written in it, and no
    colour scale of one tick beside it."""
    (heatmap,) = state_sector_figure(frame(CARE_PLANS), narrow=narrow).data
    assert heatmap.z.tolist() == [[1]] and [list(row) for row in heatmap.text] == [["1"]]
    assert not heatmap.showscale


def test_state_sector_figure_z_is_the_crosstab():
    (heatmap,) = state_sector_figure(frame(*CROSSTAB_ROWS)).data
    assert heatmap.type == "heatmap"
    assert list(heatmap.y) == CROSSTAB_STATES
    assert list(heatmap.x) == CROSSTAB_SECTORS
    assert heatmap.z.tolist() == CROSSTAB


def test_on_a_phone_the_heat_map_lists_the_sectors_down_the_side_and_writes_every_name_level():
    (heatmap,) = (fig := state_sector_figure(frame(*CROSSTAB_ROWS), narrow=True)).data
    assert list(heatmap.y) == CROSSTAB_SECTORS
    assert [name.replace("<br>", " ") for name in heatmap.x] == CROSSTAB_STATES
    assert heatmap.z.tolist() == [list(column) for column in zip(*CROSSTAB, strict=True)]
    assert fig.layout.xaxis.tickangle == 0
    assert fig.layout.yaxis.ticklabelstandoff >= 6  # the names clear of their cells


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "Justice: 2 milestones"), ("hi", "न्याय: 2 पड़ाव")], ids=["en", "hi"]
)
def test_each_bar_says_its_name_and_count_for_a_screen_reader(lang, said):
    (bar,) = sector_counts_figure(frame(KILNS, CURRICULUM, VIDEO, CONVICTIONS), lang=lang).data
    assert bar.customdata[0] == {"sector": "Justice", "said": said}
    assert bar.customdata[1]["said"].endswith(": 1 milestone" if lang == "en" else ": 1 पड़ाव")


def test_per_year_figure_stacks_one_trace_per_sector():
    fig = per_year_figure(frame(CARE_PLANS, VIDEO, CONVICTIONS, DASHBOARD))
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Justice", "Child protection", "Care and health"]
    assert all(list(t.x) == ["2019", "2020", "2021", "2022"] for t in fig.data)
    assert [sum(ys) for ys in zip(*(t.y for t in fig.data), strict=True)] == [1, 0, 1, 2]


# Sentences and colours


@pytest.mark.parametrize(
    ("count", "what", "expected"),
    [
        (count_by_state, "state", "Milestones by state: Rajasthan 2, Bihar 1, Not specified 1."),
        (count_by_sector, "sector", "Milestones by sector: Justice 1, Care and health 1, Livelihoods 1."),
    ],
)
def test_counts_sentence_reads_the_counts(count, what, expected):
    assert counts_sentence(count(frame(VIDEO, CARE_PLANS, COMPANY)), what) == expected


def test_counts_sentence_of_nothing_says_none():
    assert counts_sentence(count_by_state(nothing()), "state") == "Milestones by state: none."


def test_timeline_sentence_gives_the_count_and_the_span_as_written():
    sentence = timeline_sentence(frame(VIDEO, CARE_PLANS, COMPANY))
    assert sentence == "A timeline of 3 milestones from Feb 2019 to Mar 2021, coloured by sector."


def test_timeline_sentence_of_nothing():
    assert timeline_sentence(nothing()) == "A timeline with no milestones."


def test_vocabulary_sectors_have_distinct_okabe_ito_colours():
    colours = [sector_colour(s) for s in SECTORS]
    assert len(set(colours)) == len(SECTORS)
    assert set(colours) <= OKABE_ITO


@pytest.mark.parametrize("sector", ["Not specified", ""])
def test_no_sector_is_grey(sector):
    red, green, blue = (sector_colour(sector)[i : i + 2] for i in (1, 3, 5))
    assert red == green == blue


def test_a_new_sector_gets_a_colour_of_its_own_that_is_stable_across_processes(repo):
    colour = sector_colour("Brick kilns")
    assert colour not in {sector_colour(s) for s in [*SECTORS, "Not specified"]}
    script = "from clfj_data.sectors import sector_colour; print(sector_colour('Brick kilns'))"
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "7"},
    )
    assert other.stdout.strip() == colour


# Spreadsheet text is never read as HTML

FIGURES = {
    "timeline by sector": timeline_figure,
    "timeline by state": lambda f: timeline_figure(f, lane="state"),
    "compact timeline": lambda f: timeline_figure(f, compact=True),
    "sector counts": sector_counts_figure,
    "state and sector": state_sector_figure,
    "per year": per_year_figure,
}


def shown_text(fig) -> str:
    """The figure as JSON, less customdata that no template shows (only code reads that)."""
    figure = fig.to_plotly_json()
    for trace in figure["data"]:
        if "customdata" not in trace.get("hovertemplate", "") + trace.get("texttemplate", ""):
            trace.pop("customdata", None)
    return json.dumps(figure, cls=PlotlyJSONEncoder)


@pytest.mark.parametrize("build", FIGURES.values(), ids=FIGURES.keys())
def test_html_in_spreadsheet_text_is_escaped_everywhere_a_figure_shows_text(build):
    text = shown_text(build(frame(*HOSTILE)))
    assert "<img" not in text and "<a " not in text
    assert "&lt;img" in text and "&lt;a href" in text


# The dashboard makes each of these once per version and filters and shares the result between
# sessions, and hands every builder the same shared table: none may change the table it is given.
def _builders():
    from clfj_data.charts import (
        per_year_figure,
        sector_counts_figure,
        state_counts_figure,
        state_sector_figure,
        timeline_sentence,
    )
    from clfj_data.counts import count_by_sector, count_by_state, count_per_year, count_state_by_sector
    from clfj_data.export import to_csv
    from clfj_data.filters import Filters, apply_filters
    from clfj_data.story import story_order
    from clfj_data.summary import key_figures, latest_first
    from clfj_data.tables import milestones_table

    return {
        "timeline by sector": lambda f: timeline_figure(f, lane="sector"),
        "timeline by state": lambda f: timeline_figure(f, lane="state"),
        "compact timeline": lambda f: timeline_figure(f, compact=True),
        "timeline sentence": timeline_sentence,
        "counts": lambda f: [
            count(f) for count in (count_by_state, count_by_sector, count_state_by_sector, count_per_year)
        ],
        "bar charts": lambda f: [
            make(f)
            for make in (state_counts_figure, sector_counts_figure, state_sector_figure, per_year_figure)
        ],
        "key figures": key_figures,
        "latest first": lambda f: latest_first(f, 3),
        "table and CSV": lambda f: (milestones_table(f), to_csv(f)),
        "story order": lambda f: (story_order(f, newest_first=False), story_order(f, newest_first=True)),
        "filters": lambda f: apply_filters(f, Filters(("Rajasthan",), search="court")),
    }


@pytest.mark.parametrize("name", list(_builders()))
def test_builders_leave_the_table_they_are_given_alone(name, shipped):
    frame = shipped.copy(deep=True)  # states are tuples, so a deep copy is a separate table
    _builders()[name](frame)
    pd.testing.assert_frame_equal(frame, shipped)


# Axes of counts stay readable at any count


@pytest.fixture(scope="module")
def ten_thousand(shipped) -> pd.DataFrame:
    """10,000 milestones: the shipped ones, repeated."""
    big = shipped.sample(n=10_000, replace=True, random_state=7).reset_index(drop=True)
    return big.assign(id=[f"m{i}" for i in range(len(big))])


def value_axis(fig):
    return fig.layout.xaxis if fig.data[0].orientation == "h" else fig.layout.yaxis


def tallest(fig) -> int:
    if fig.layout.barmode == "stack":
        return max(map(sum, zip(*(t.y for t in fig.data), strict=True)))
    return max(value for t in fig.data for value in (t.x if t.orientation == "h" else t.y))


@pytest.mark.parametrize("build", [state_counts_figure, sector_counts_figure, per_year_figure])
def test_at_ten_thousand_milestones_a_count_axis_asks_for_a_dozen_ticks_at_most(build, ten_thousand):
    fig = build(ten_thousand)
    axis = value_axis(fig)
    assert tallest(fig) >= 1000
    assert axis.dtick >= 1 and tallest(fig) / axis.dtick <= 12
    assert axis.tickformat == ",d"


@pytest.mark.parametrize("build", [state_counts_figure, sector_counts_figure, per_year_figure])
def test_small_counts_are_ticked_in_whole_numbers(build, shipped):
    axis = value_axis(build(shipped))
    assert (axis.tick0, axis.dtick) == (0, 1)


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (7, 1), (9, 2), (16, 2), (17, 5), (40, 5), (41, 10), (10_000, 2000)]
)
def test_count_ticks_step_by_one_two_or_five_times_a_power_of_ten(largest, step):
    assert count_ticks(largest)["dtick"] == step


@pytest.mark.parametrize(
    "build", [state_counts_figure, sector_counts_figure, state_sector_figure, per_year_figure]
)
def test_every_count_figure_pins_its_template_and_fits_its_labels(build, shipped):
    fig = build(shipped)
    assert fig.layout.template.layout.plot_bgcolor == "white"  # plotly_white, whatever the default
    assert fig.layout.yaxis.automargin and fig.layout.xaxis.automargin


@pytest.mark.parametrize(
    "build",
    [timeline_figure, state_counts_figure, sector_counts_figure, state_sector_figure, per_year_figure],
)
def test_every_figure_writes_in_the_apps_font(build, shipped):
    family = build(shipped).layout.template.layout.font.family
    assert family.startswith('"Source Sans",') and family.endswith(
        "sans-serif"
    )  # Streamlit's, then fallbacks


def test_the_state_and_sector_bars_side_by_side_are_as_tall_with_bars_as_thick(shipped):
    rows = max(len(count_by_state(shipped)), len(count_by_sector(shipped)))
    states, sectors = state_counts_figure(shipped, rows=rows), sector_counts_figure(shipped, rows=rows)
    assert states.layout.height == sectors.layout.height == sector_counts_figure(shipped).layout.height
    thickness = [
        (fig.layout.height - 140) / len(fig.data[0].y) * (1 - fig.layout.bargap) for fig in (states, sectors)
    ]
    assert thickness[0] == pytest.approx(thickness[1])
    assert state_counts_figure(shipped).layout.height < states.layout.height  # alone, as tall as its bars


def test_the_per_year_legend_lists_the_sectors_in_the_bar_charts_order(shipped):
    fig = per_year_figure(shipped)
    assert fig.layout.legend.traceorder == "normal"  # stacked bars reverse it by default
    assert [trace.name for trace in fig.data] == list(count_by_sector(shipped)["sector"])


@pytest.mark.parametrize(
    ("months", "each", "first"),
    [(40, 0, "जनवरी 2000"), (120, 3, "तिमाही 1, 1950"), (600, 1, "1950")],
    ids=["months", "quarters", "years"],
)
def test_a_hindi_grouped_marker_counts_and_dates_in_hindi(months, each, first):
    if each:
        table = monthly(months, each=each)
    else:  # one lane, 40 months from January 2000
        table = frame(*[f"m{i},{2000 + i % 40 // 12}-{i % 40 % 12 + 1:02d},M {i},C {i}.,W.,Bihar,Justice"
                        for i in range(DENSITY_ABOVE + 100)])  # fmt: skip
    found = density_markers(timeline_figure(table, lang="hi"))
    assert all(re.fullmatch(r"[\d,]+ पड़ाव", m["title"]) for m in found)
    assert sum(int(m["title"].split()[0].replace(",", "")) for m in found) == len(table)
    assert first in {m["when"] for m in found}
    assert not [m["when"] for m in found if re.search("[A-Za-z]", m["when"])]


def test_a_staff_only_milestone_is_marked_in_the_language_of_the_timeline():
    table = load_rows(HEADER + ",visibility", "a,2020-03,Court case,C.,W.,Bihar,Justice,staff")
    for lang, title in (("en", "Staff only · Court case"), ("hi", "केवल स्टाफ़ · Court case")):
        (record,) = [
            data for trace in timeline_figure(table, lang=lang).data for data in trace.customdata or []
        ]
        assert record["title"] == title
