"""The dashboard driven through AppTest: filters, the URL, the lane toggle, the detail panel."""

import json

import apptest_events
import pytest
from appserver import REPO
from streamlit.testing.v1 import AppTest

from clfj_data import load_milestones, load_programme, store
from clfj_data.auth import Staff
from clfj_data.markup import escape_markdown

pytestmark = pytest.mark.apptest

HOSTILE = (
    "date,title,description,rationale,states,sector\n"
    'Mar 2022,"[click](javascript:alert(1)) <img src=x onerror=alert(1)>",'
    '"**bold** <script>alert(2)</script> :red[x] $x$","Why: <b>not bold</b> ![i](http://x.invalid/i.png)",'
    "Rajasthan,Justice\n"
)


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch) -> str:
    """Each test gets its own SQLite file (the store imports the shipped data on first use)."""
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    monkeypatch.setenv("CLFJ_DATABASE_URL", url)
    return url


@pytest.fixture(scope="module")
def video(shipped):
    """The shipped milestone that names two states."""
    return shipped.set_index("id").loc["testimony-by-videoconference"]


def app(**query) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def on_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    return at.run()


def texts(at: AppTest) -> str:
    return "\n".join(element.value for element in at.text)


def captions(at: AppTest) -> str:
    return "\n".join(caption.value for caption in at.caption)


def charts(at: AppTest) -> dict[str, tuple[dict, str]]:
    """Each Plotly chart on the page by key: its figure and its alt text. The app's charts are
    drawn by its own chart element (clfj_ui/plot.py: its data carries the figure as JSON)."""
    found = {}
    for chart in at.get("plotly_chart"):
        found[chart.proto.id.rsplit("-", 1)[-1]] = (json.loads(chart.proto.spec), chart.proto.alt)
    for chart in at.get("bidi_component"):
        if chart.proto.component_name != "clfj_chart":
            continue  # the story's presenter keys
        data = chart_data(chart)
        found[chart.proto.id.rsplit("-", 1)[-1]] = (json.loads(data["spec"]), data["alt"])
    return found


def chart_data(chart) -> dict:
    """What the app's chart element (clfj_ui/plot.py) was handed: the figure and its options."""
    return json.loads(chart.proto.json)


def figure(at: AppTest, key: str) -> dict:
    return charts(at)[key][0]


def param(at: AppTest, name: str) -> list[str]:
    """A query parameter's values (AppTest gives a lone value as a string)."""
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def table_ids(at: AppTest) -> list[str]:
    return list(apptest_events.milestones_table(at)["id"])


def test_overview_shows_the_key_figures():
    at = app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Systemic changes": "10",
        "States": "2",
        "Sectors": "6",
        "First change": "Feb 2019",
        "Latest change": "Mar 2022",
    }
    assert "States: Bihar, Rajasthan." in captions(at)


def test_the_overview_opens_on_the_framing_then_the_figures_then_the_part_numbers_miss():
    """The intro ("But the numbers only tell part of the story.") follows numbers, and only once."""
    programme = load_programme()
    at = app()
    landmarks = {programme.partnership: "framing", f"**{escape_markdown(programme.intro)}**": "intro"}
    order = []
    for node in at.main:
        if node.type == "markdown" and node.value in landmarks:
            order.append(landmarks[node.value])
        elif node.type == "metric" and "figures" not in order:
            order.append("figures")
    assert order == ["framing", "figures", "intro"]
    in_sidebar = [node.value for node in at.sidebar if node.type in ("markdown", "caption")]
    assert not any(programme.intro in text for text in in_sidebar)


@pytest.mark.parametrize("page", ["overview", "timeline", "breakdown", "milestones"])
def test_milestone_in_the_url_opens_its_panel_on_every_page(page, shipped, video):
    at = on_page(app(milestone="testimony-by-videoconference"), page)
    assert not at.exception
    shown = texts(at)
    assert video["description"] in shown and video["rationale"] in shown
    others = shipped[shipped["id"] != "testimony-by-videoconference"]["description"]
    assert not any(description in shown for description in others)


BREAKDOWN_TABLES = ("breakdown_matrix_shown", "breakdown_years_shown")  # their expanders' keys


def open_breakdown_tables(at: AppTest) -> AppTest:
    """The Breakdown with both its tables' expanders opened, as a visitor opens them."""
    for key in BREAKDOWN_TABLES:
        at.session_state[key] = True
    return at.run()


def _breakdown_as_made():
    """The breakdown's charts and tables, each made and handed to Streamlit as it is."""
    import streamlit as st

    from clfj_data import charts, counts
    from clfj_ui import dataset, plot

    frame = dataset.milestones()
    rows = max(len(counts.count_by_state(frame)), len(counts.count_by_sector(frame)))  # side by side
    specs = [
        plot.figure_spec(frame, build, rows=rows)
        for build in (charts.state_counts_figure, charts.sector_counts_figure)
    ]
    specs += [
        plot.figure_spec(frame, build) for build in (charts.state_sector_figure, charts.per_year_figure)
    ]
    for number, spec in enumerate(specs):
        plot.plotly_chart(spec, key=f"chart{number}", alt="")
    st.dataframe(counts.state_sector_table(frame))
    st.dataframe(counts.years_table(frame), hide_index=True)


def _milestones_table_as_made():
    from clfj_data.tables import milestones_reading_rows
    from clfj_ui import dataset, reading_table

    rows = milestones_reading_rows(dataset.milestones(), 75)
    columns = ["Date", "Headline", "Why it matters", "What changed", "States", "Sector"]
    reading_table.milestones_table(rows, columns, key="milestones_table", on_open=print)


def sent(at: AppTest) -> tuple[list[str], list[bytes | str]]:
    """The Plotly JSON of every chart, and the Arrow bytes of every st.dataframe (or the rows
    of the Milestones page's table)."""
    tables = [table.proto.arrow_data.data for table in at.dataframe]
    tables += [json.dumps(data, sort_keys=True) for data in apptest_events.handed(at, "clfj_table")]
    return [json.dumps(figure, sort_keys=True) for figure, _ in charts(at).values()], tables


@pytest.mark.parametrize(
    ("page", "as_made", "shown"),
    [("breakdown", _breakdown_as_made, (4, 2)), ("milestones", _milestones_table_as_made, (0, 1))],
)
def test_charts_and_tables_are_sent_as_made_on_every_run(page, as_made, shown):
    at = on_page(app(), page)
    if page == "breakdown":  # its tables are sent once their expanders are opened
        at = open_breakdown_tables(at)
    first = sent(at)
    assert sent(at.run()) == first == sent(AppTest.from_function(as_made).run())
    assert tuple(map(len, first)) == shown


def test_the_breakdowns_tables_are_sent_only_once_opened():
    at = on_page(app(), "breakdown")
    labels = [expander.label for expander in at.expander]
    assert labels[:2] == ["The state and sector table", "Milestones per year as a table"]
    assert not at.dataframe  # Streamlit's data grid is not fetched on a first visit
    assert len(open_breakdown_tables(at).dataframe) == 2


def test_the_state_and_sector_table_shows_a_dash_where_it_counts_nothing():
    at = open_breakdown_tables(on_page(app(), "breakdown"))
    table = at.dataframe[0]
    assert table.proto.placeholder == "–"
    counts = table.value
    assert counts.isna().any().any() and not (counts == 0).any().any()


def _hindi_charts_as_translated_each_time():
    import streamlit as st

    from clfj_data.charts import per_year_figure, timeline_figure
    from clfj_data.translation import in_language
    from clfj_ui import dataset, plot

    whole = dataset.milestones()
    justice = whole[whole["sector"] == "Justice"]
    elsewhere = whole.iloc[::-1].reset_index(drop=True)  # the same rows, at other places
    for frame in (whole, justice, elsewhere):
        assert dataset.in_language(frame, "hi").equals(in_language(frame, "hi"))
        for build in (timeline_figure, per_year_figure):
            made = plot.figure_spec(frame, build, lang="hi")
            assert made == plot.as_spec(build(in_language(frame, "hi"), lang="hi"))
    assert dataset.in_language(whole, "en") is whole
    st.text("the same")


def test_a_hindi_chart_from_the_version_translated_once_is_the_one_translated_each_time():
    at = AppTest.from_function(_hindi_charts_as_translated_each_time, default_timeout=60).run()
    assert not at.exception and at.text[0].value == "the same"


def dialog_texts(at: AppTest) -> str:
    (dialog,) = at.get("dialog")
    return "\n".join(element.value for element in dialog.text)


@pytest.mark.parametrize("page", ["overview", "breakdown", "milestones", "data"])
def test_a_milestone_opens_in_a_dialog_over_the_page_not_above_it(page, video):
    at = on_page(app(milestone="testimony-by-videoconference"), page)
    assert video["rationale"] in dialog_texts(at)
    assert video["rationale"] not in "\n".join(element.value for element in at.main.text)


def test_read_more_opens_that_milestone_in_a_dialog(shipped):
    at = app()
    assert not at.get("dialog")
    at.button(key="overview_open_bihar-cpc-dashboard").click().run()
    assert param(at, "milestone") == ["bihar-cpc-dashboard"]
    assert shipped.set_index("id").at["bihar-cpc-dashboard", "description"] in dialog_texts(at)


def test_unknown_milestone_in_the_url_says_so():
    at = app(milestone="no-such-milestone")
    assert "not in the data" in at.warning[0].value


def test_a_closed_dialog_stays_closed_though_a_run_asked_before_the_browser_knew_brings_it_back():
    at = app(sector="Justice", lang="hi", milestone="testimony-by-videoconference")
    assert at.get("dialog")
    apptest_events.dismiss_dialog(at)
    assert not at.get("dialog") and "milestone" not in at.query_params
    assert param(at, "sector") == ["Justice"] and param(at, "lang") == ["hi"]
    # A run the browser asked for before it heard of the closing (a chart's new width as the
    # overlay goes) still carries the old address.
    at.query_params["milestone"] = "testimony-by-videoconference"
    at.run()
    assert not at.get("dialog") and "milestone" not in at.query_params
    assert param(at, "sector") == ["Justice"] and param(at, "lang") == ["hi"]
    at.run()  # the browser has caught up: a link (or Back) to the milestone opens it again
    at.query_params["milestone"] = "testimony-by-videoconference"
    assert at.run().get("dialog")


def test_the_dialog_is_titled_with_the_milestones_headline_and_steps_to_the_next(shipped):
    justice = shipped[shipped["sector"] == "Justice"].sort_values("date", kind="stable")
    at = app(sector="Justice", milestone=justice["id"].iloc[0])
    (dialog,) = at.get("dialog")
    assert dialog.proto.dialog.title == escape_markdown(justice["title"].iloc[0])
    assert at.button(key="detail_previous").disabled
    at.button(key="detail_next").click().run()
    assert param(at, "milestone") == [justice["id"].iloc[1]]
    (dialog,) = at.get("dialog")
    assert dialog.proto.dialog.title == escape_markdown(justice["title"].iloc[1])
    assert justice["rationale"].iloc[1] in dialog_texts(at)
    assert f"2 of {len(justice)}" in "\n".join(caption.value for caption in dialog.caption)


def test_filters_in_the_url_are_applied_and_kept(shipped):
    at = on_page(app(state="Bihar", sector="Justice"), "milestones")
    assert at.multiselect(key="filter_states").value == ["Bihar"]
    expected = shipped[shipped["states"].map(lambda s: "Bihar" in s) & (shipped["sector"] == "Justice")]
    assert table_ids(at) == list(expected["id"])
    assert param(at, "state") == ["Bihar"] and param(at, "sector") == ["Justice"]


def test_choosing_a_filter_writes_it_to_the_url(shipped):
    at = on_page(app(), "milestones")
    at.multiselect(key="filter_sectors").set_value(["Education"]).run()
    assert param(at, "sector") == ["Education"]
    assert table_ids(at) == list(shipped[shipped["sector"] == "Education"]["id"])
    at.text_input(key="filter_search").input("court").run()
    assert param(at, "q") == ["court"]


@pytest.mark.parametrize(("key", "name"), [("filter_sectors", "sector"), ("filter_states", "state")])
def test_choosing_every_value_of_a_filter_is_no_filter(key, name):
    at = on_page(app(lang="hi", q="court"), "milestones")
    every = at.multiselect(key=key).options
    at.multiselect(key=key).set_value(every).run()  # "Select all", or each in turn
    assert name not in at.query_params and param(at, "q") == ["court"] and param(at, "lang") == ["hi"]
    assert at.multiselect(key=key).value == []  # the box says "All sectors" again
    at.text_input(key="filter_search").input("").run()
    assert not [b for b in at.button if b.key == "filter_clear"]  # the page reads as unfiltered


def test_a_link_naming_every_state_is_no_filter(shipped):
    states = [*sorted({state for names in shipped["states"] for state in names}), "Not specified"]
    at = on_page(app(state=states), "overview")
    assert "state" not in at.query_params and at.multiselect(key="filter_states").value == []
    assert "filters in the sidebar" not in captions(at)


def test_the_milestones_table_reads_as_people_write_and_keeps_the_id_out_of_sight(video):
    at = on_page(app(), "milestones")
    (data,) = apptest_events.handed(at, "clfj_table")
    shown = ["Date", "Headline", "Why it matters", "What changed", "States", "Sector"]
    assert [column["name"] for column in data["columns"]] == shown  # why it matters beside the headline
    table = apptest_events.milestones_table(at)  # the id is there for opening a row, not shown
    row = table.set_index("id").loc["testimony-by-videoconference"]
    assert (row["Date"], row["States"], row["Sector"]) == ("Mar 2021", "Rajasthan, Bihar", "Justice")
    assert row["Why it matters"] == video["rationale"]
    labels = [button.label for button in at.get("download_button")]
    assert labels == ["Download CSV", "Download XLSX"]


def test_the_data_page_hides_the_filters_and_keeps_them_for_the_other_pages(shipped):
    at = on_page(app(sector="Justice", q="court"), "data")
    assert not at.sidebar.get("multiselect") and not at.sidebar.get("text_input")
    assert param(at, "sector") == ["Justice"] and param(at, "q") == ["court"]
    at = on_page(at, "milestones")
    assert at.multiselect(key="filter_sectors").value == ["Justice"]
    assert at.text_input(key="filter_search").value == "court"
    justice = shipped[(shipped["sector"] == "Justice") & shipped["description"].str.contains("court")]
    assert table_ids(at) == list(justice["id"])


def test_search_finds_words_in_the_rationale():
    at = on_page(app(q="DETERRENCE"), "milestones")
    assert table_ids(at) == ["jaipur-trafficking-convictions"]


def test_date_range_in_the_url_narrows_the_slider_and_the_table(shipped):
    at = on_page(app(**{"from": "2021-01", "to": "2022-02"}), "milestones")
    low, high = at.select_slider[0].value
    assert (str(low), str(high)) == ("2021-01", "2022-02")
    kept = shipped[(shipped["date"] >= "2021-01-01") & (shipped["date"] <= "2022-02-28")]
    assert table_ids(at) == list(kept["id"])


def test_empty_result_says_so_and_clears():
    at = on_page(app(q="nothing matches this"), "timeline")
    assert "No milestones match" in at.info[0].value
    # One Clear filters, beside the sentence, not a second one in the sidebar.
    assert [b.key for b in at.button if b.label == "Clear filters"] == ["empty_clear"]
    at.button(key="empty_clear").click().run()
    assert not at.info or "No milestones match" not in at.info[0].value
    assert "q" not in at.query_params
    assert "timeline_chart" in charts(at)


def test_filters_that_match_some_milestones_keep_clear_filters_in_the_sidebar():
    at = on_page(app(sector="Justice"), "timeline")
    assert [b.key for b in at.button if b.label == "Clear filters"] == ["filter_clear"]


def test_lane_toggle_puts_states_on_the_timeline():
    at = on_page(app(), "timeline")
    lanes = figure(at, "timeline_chart")["layout"]["yaxis"]["ticktext"]
    assert lanes[0] == "Justice"
    at.segmented_control(key="timeline_lane").set_value("state").run()
    lanes = figure(at, "timeline_chart")["layout"]["yaxis"]["ticktext"]
    assert lanes == ["Bihar", "Rajasthan", "State not specified"]  # a lane's name stands alone
    assert param(at, "lanes") == ["state"]


def test_lanes_come_from_the_url():
    at = on_page(app(lanes="state"), "timeline")
    assert at.segmented_control(key="timeline_lane").value == "state"


def chart_args(at: AppTest, key: str) -> dict:
    (chart,) = [c for c in at.get("bidi_component") if c.proto.id.endswith(f"-{key}")]
    return chart_data(chart)


@pytest.mark.parametrize(("page", "key"), [("timeline", "timeline_chart"), ("overview", "overview_timeline")])
def test_the_timeline_rings_the_chosen_milestone_in_the_figure_made_for_everyone(page, key):
    chosen = chart_args(on_page(app(milestone="testimony-by-videoconference"), page), key)
    unchosen = chart_args(on_page(app(), page), key)
    assert chosen["selected"] == "testimony-by-videoconference" and unchosen["selected"] is None
    # The same figure either way, so that choosing a milestone neither remakes nor redraws it.
    assert chosen["spec"] == unchosen["spec"]


def test_each_story_step_rings_its_milestone_on_the_same_timeline(shipped):
    from clfj_data.story import story_order

    at = on_page(app(), "story")
    first = chart_args(at, "story_timeline")
    at.button(key="story_next").click().run()
    second = chart_args(at, "story_timeline")
    assert [first["selected"], second["selected"]] == list(story_order(shipped)["id"][:2])
    assert first["spec"] == second["spec"]


def test_every_page_has_charts_with_alt_text():
    at = app()
    for page in ("overview", "timeline", "breakdown", "story"):
        at = on_page(at, page)
        assert charts(at)
        assert all(alt for _, alt in charts(at).values())
        if page != "story":  # a slide's text is the story; its small timeline only places it
            # The text equivalent sits next to each chart, as a caption.
            assert any("Milestones by" in c.value or "timeline" in c.value for c in at.caption)


def test_spreadsheet_text_is_shown_literally(database):
    engine = store.connect(database)
    store.ensure_ready(engine)
    store.publish_version(engine, HOSTILE.encode(), "hostile.csv", by=Staff("tester", "password"), note="x")
    (milestone_id,) = load_milestones(HOSTILE.encode()).milestones["id"]
    at = on_page(app(milestone=milestone_id), "timeline")
    shown = texts(at)
    assert "**bold** <script>alert(2)</script> :red[x] $x$" in shown
    assert "Why: <b>not bold</b> ![i](http://x.invalid/i.png)" in shown
    (dialog,) = at.get("dialog")  # titled with the headline
    assert "\\[click\\]" in dialog.proto.dialog.title and "\\<img" in dialog.proto.dialog.title


def test_a_new_version_with_other_dates_keeps_the_filters_working(database, shipped_file):
    at = on_page(app(**{"from": "2021-01", "state": "Bihar"}), "milestones")
    engine = store.connect(database)
    edited = shipped_file.replace(b"Feb 2019", b"Jan 2018").replace(b"Bihar", b"Goa")
    store.publish_version(engine, edited, "edited.csv", by=Staff("tester", "password"), note="new span")
    at.run()
    assert not at.exception
    assert str(at.select_slider[0].value[0]) == "2021-01"
    assert at.multiselect(key="filter_states").value == []


def publish_long_table(database, count: int = 1200) -> None:
    rows = [f"{2000 + i // 12}-{i % 12 + 1:02d},Milestone {i:04d},Change {i}.,Why {i}." for i in range(count)]
    data = "\n".join(["date,title,description,rationale", *rows]).encode()
    engine = store.connect(database)
    store.ensure_ready(engine)
    store.publish_version(engine, data, "long.csv", by=Staff("tester", "password"), note=f"{count:,} rows")


def headlines(at) -> list[str]:
    return list(apptest_events.milestones_table(at)["Headline"])


def test_a_long_table_shows_the_latest_75_and_search_finds_the_rest(database):
    publish_long_table(database)
    at = on_page(app(), "milestones")
    assert headlines(at) == [f"Milestone {i:04d}" for i in range(1125, 1200)]
    assert "Showing 75 of 1,200 milestones (the latest), in date order." in captions(at)
    at = on_page(app(q="Milestone 0005"), "milestones")
    assert headlines(at) == ["Milestone 0005"]
    assert "1 of 1,200 milestones matches," in captions(at) and "Showing" not in captions(at)
    assert not [button for button in at.button if button.key == "milestones_older"]  # one page: no pager


def test_older_and_newer_reach_every_milestone_75_at_a_time(database):
    publish_long_table(database, 160)  # pages of 75, 75 and 10
    at = on_page(app(), "milestones")
    assert at.button(key="milestones_newer").disabled
    seen = []
    for page, first in ((1, 85), (2, 10), (3, 0)):
        assert at.number_input(key="milestones_page").value == page
        shown = headlines(at)
        assert shown[0] == f"Milestone {first:04d}" and len(shown) == (75 if page < 3 else 10)
        seen += shown
        if page < 3:
            at.button(key="milestones_older").click().run()
            assert not at.exception
    assert sorted(seen) == [f"Milestone {i:04d}" for i in range(160)]  # each once, none missed
    assert at.button(key="milestones_older").disabled
    assert "Showing 10 of 160 milestones (page 3 of 3 counting back from the latest)" in captions(at)
    at.button(key="milestones_newer").click().run()
    assert headlines(at)[0] == "Milestone 0010"
    at.number_input(key="milestones_page").set_value(1).run()
    assert headlines(at)[0] == "Milestone 0085"
    at.number_input(key="milestones_page").set_value(3).run()
    at.text_input(key="filter_search").input("Milestone 00").run()  # new filters: back to the latest
    assert at.number_input(key="milestones_page").value == 1
    assert headlines(at)[0] == "Milestone 0025"


def test_a_marker_for_many_lists_them_in_a_dialog_and_each_opens_its_own(shipped):
    at = app()
    at.session_state["timeline_group"] = (0, "2019 to 2022", "2019-01-01", "2022-12-31")  # Justice
    at = on_page(at, "timeline")
    (dialog,) = at.get("dialog")
    justice = shipped[shipped["sector"] == "Justice"]
    assert dialog.proto.dialog.title == f"{len(justice)} milestones in Justice, 2019 to 2022"
    first = justice["id"].iloc[0]
    at.button(key=f"timeline_open_{first}").click().run()
    assert param(at, "milestone") == [first]
    (dialog,) = at.get("dialog")
    assert dialog.proto.dialog.title == escape_markdown(justice["title"].iloc[0])
    assert "timeline_group" not in at.session_state


def test_a_row_of_the_milestones_table_opens_its_milestone_and_a_forged_one_nothing(video):
    at = on_page(app(), "milestones")
    opened = apptest_events.send_event(at, "clfj_table", "milestone", "testimony-by-videoconference")
    assert param(opened, "milestone") == ["testimony-by-videoconference"]
    assert video["rationale"] in dialog_texts(opened)
    for forged in ({"id": "x"}, 3, ""):
        at = apptest_events.send_event(on_page(app(), "milestones"), "clfj_table", "milestone", forged)
        assert not at.exception and not param(at, "milestone") and not at.get("dialog")
