"""Filters travel in a link's query parameters and cut the milestone table the same way everywhere."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import apptest_events
import pandas as pd
import pytest
from milestone_rows import load_rows
from streamlit.testing.v1 import AppTest

from clfj_data import load_milestones, shipped_milestones_path
from clfj_data.dates import period_ends
from clfj_data.filters import (
    Filters,
    apply_filters,
    chosen_period,
    dates_not_applied,
    filter_options,
    month_labels,
    months_of,
    narrowing,
    period_days,
    period_of,
    read_query,
    slider_ends,
)
from clfj_data.sectors import sector_labels

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.unit

D = dt.date
HEADER = "id,date,title,description,rationale,states,place,sector"
# Loaded in date order: company, video, health-checks, dashboard.
ROWS = (
    "video,Mar 2021,Courts hear children by video,Courts use videoconferencing.,"
    "Children testify.,Rajasthan; Bihar,,Justice",
    "dashboard,Mar 2022,Committees use a dashboard,Bihar committees track progress.,Support.,Bihar,,"
    "Child protection",
    "company,2020,Women own a producer company,A company is registered.,Power moves from middlemen.,,,"
    "Livelihoods",
    "health-checks,15 Feb 2022,Health checks for RESCUED children,Shelters check every child.,Care.,"
    "Rajasthan,Jaipur,",
)
ALL = ["company", "video", "health-checks", "dashboard"]


@pytest.fixture(scope="module")
def milestones() -> pd.DataFrame:
    return load_rows(HEADER, *ROWS)


def reader(query: dict[str, list[str] | str]):
    """``get_all`` over a query dict, as ``st.query_params.get_all`` reads a URL."""
    return lambda name: [query[name]] if isinstance(query.get(name), str) else query.get(name, [])


# Filters <-> query parameters


@pytest.mark.parametrize(
    ("filters", "query"),
    [
        (Filters(states=("Bihar", "Rajasthan")), {"state": ["Bihar", "Rajasthan"]}),
        (Filters(sectors=("Justice", "Not specified")), {"sector": ["Justice", "Not specified"]}),
        (Filters(start=D(2020, 1, 1), end=D(2021, 12, 31)), {"from": "2020-01", "to": "2021-12"}),
        (Filters(start=D(2020, 6, 15), end=D(2021, 3, 10)), {"from": "2020-06-15", "to": "2021-03-10"}),
        (Filters(end=D(2024, 2, 29)), {"to": "2024-02"}),
        (Filters(search="court"), {"q": "court"}),
    ],
)
def test_filters_write_short_query_parameters_and_read_them_back(filters, query):
    assert filters.to_query() == query
    assert Filters.from_query(reader(query)) == filters


def test_every_filter_at_once_survives_a_round_trip():
    filters = Filters(("Bihar",), ("Justice", "Education"), D(2019, 9, 1), D(2022, 3, 15), "testimony")
    assert Filters.from_query(reader(filters.to_query())) == filters


def test_a_shared_link_gives_its_filters():
    url = "/timeline?state=Bihar&state=Rajasthan&sector=Justice&from=2020-01&to=2021-12&q=court"
    query = parse_qs(urlsplit(url).query)
    expected = Filters(("Bihar", "Rajasthan"), ("Justice",), D(2020, 1, 1), D(2021, 12, 31), "court")
    assert Filters.from_query(lambda name: query.get(name, [])) == expected


@pytest.mark.parametrize(
    ("chosen", "kept"),
    [
        (["Justice", "Education"], ()),
        (["Education", "Justice", "Justice"], ()),
        (["Justice"], ("Justice",)),
        ([], ()),
    ],
)
def test_every_value_of_a_filter_chosen_is_no_filter(chosen, kept):
    assert narrowing(chosen, ["Justice", "Education"]) == kept


def test_default_filters_leave_the_query_empty():
    assert Filters().to_query() == {}
    assert Filters.from_query(reader({})) == Filters()
    assert not Filters().active


@pytest.mark.parametrize(
    ("name", "value", "field", "expected"),
    [
        ("from", "2020", "start", D(2020, 1, 1)),
        ("to", "2020", "end", D(2020, 12, 31)),
        ("from", "2022-03", "start", D(2022, 3, 1)),
        ("to", "2022-02", "end", D(2022, 2, 28)),
        ("to", "2024-02", "end", D(2024, 2, 29)),
        ("from", "2022-03-15", "start", D(2022, 3, 15)),
        ("to", " 2022-03-15 ", "end", D(2022, 3, 15)),
    ],
)
def test_from_and_to_read_a_year_month_or_day(name, value, field, expected):
    assert getattr(Filters.from_query(reader({name: value})), field) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [("from", "soon"), ("to", "2022-13"), ("from", "2022-02-30"), ("to", "2022-03-15-01"), ("from", "-2020")],
)
def test_unreadable_dates_are_dropped(name, value):
    assert Filters.from_query(reader({name: value, "q": "court"})) == Filters(search="court")


def test_blank_and_repeated_values_are_dropped():
    query = {
        "state": ["", " Bihar ", "Bihar", "Rajasthan"],
        "sector": ["", ""],
        "from": ["", "2020"],
        "q": [" "],
    }
    assert Filters.from_query(reader(query)) == Filters(states=("Bihar", "Rajasthan"), start=D(2020, 1, 1))


# Values that cannot be read are refused with a sentence, and the rest still apply

DATE_FORMS = "write a year (2020), a month (2020-03) or a day (2020-03-15)."


@pytest.mark.parametrize(
    ("name", "value"),
    [("from", "2020-13"), ("from", "abc"), ("to", "99999"), ("to", "2020-02-30"), ("from", "-2020")],
)
def test_a_date_that_cannot_be_read_is_named_in_a_problem(name, value):
    filters, problems = read_query(reader({name: value, "state": "Bihar"}))
    assert filters == Filters(states=("Bihar",))
    assert problems == [f'The {name} value "{value}" is not a date: {DATE_FORMS}']


NOT_A_STATE = 'is not a state or union territory of India, nor "Not specified".'


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("<script>", f'The state value "<script>" {NOT_A_STATE}'),
        ("Bihr", f'The state value "Bihr" {NOT_A_STATE} Did you mean Bihar?'),
        ("Jaipur", 'The state value "Jaipur" is a city, not a state: it is in Rajasthan.'),
    ],
)
def test_an_unknown_state_is_named_in_a_problem_with_the_closest_name(value, problem):
    assert read_query(reader({"state": [value, "Rajasthan"]})) == (Filters(states=("Rajasthan",)), [problem])


def test_states_and_sectors_are_read_by_every_name_the_loader_reads():
    query = {"state": ["bihar", "Orissa", "not specified"], "sector": ["LEGAL", "child rights", "arts"]}
    filters, problems = read_query(reader(query), sectors=["Arts"])
    assert problems == []
    assert filters == Filters(("Bihar", "Odisha", "Not specified"), ("Justice", "Child protection", "Arts"))


def test_a_sector_is_one_of_the_vocabulary_or_one_the_data_has():
    query = {"sector": ["Arts", "Justise"]}
    assert read_query(reader(query), sectors=["Arts"])[0] == Filters(sectors=("Arts",))
    filters, problems = read_query(reader(query))
    assert filters == Filters()
    assert problems[0].startswith('The sector value "Arts" is not one of the sectors (Justice, ')
    assert problems[1].endswith("Not specified). Did you mean Justice?")


def test_a_long_value_is_shortened_in_its_problem():
    (problem,) = read_query(reader({"q": "court", "from": "9" * 5000}))[1]
    assert len(problem) < 200 and "…" in problem


def test_the_command_line_names_its_options_in_problems():
    (problem,) = read_query(reader({"to": "soon"}), prefix="--")[1]
    assert problem.startswith('The --to value "soon" is not a date')


def unescaped(markdown: str) -> str:
    """What Markdown shows for text escaped with ``escape_markdown``."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_a_link_with_values_that_cannot_be_read_says_so_and_applies_the_rest(tmp_path, monkeypatch):
    monkeypatch.setenv("CLFJ_DATABASE_URL", f"sqlite:///{tmp_path / 'clfj.sqlite3'}")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["from"] = "2020-13"
    at.query_params["state"] = ["<script>", "Bihar", "Goa"]
    at.query_params["sector"] = "Justice"
    at.run()
    assert not at.exception
    warnings = [warning.value for warning in at.warning]
    assert [unescaped(w) for w in warnings] == [
        f'The state value "<script>" {NOT_A_STATE}',
        f'The from value "2020-13" is not a date: {DATE_FORMS}',
        'The state value "Goa" matches no milestone, so it is not applied.',
    ]
    assert r"\<script\>" in warnings[0]  # shown as written, never as markup
    assert at.multiselect(key="filter_states").value == ["Bihar"]
    assert at.multiselect(key="filter_sectors").value == ["Justice"]
    assert dict(at.query_params) == {"state": "Bihar", "sector": "Justice"}
    at.switch_page("pages/milestones.py")
    at.run()  # the link's filters now live in the page: the notice was for the link
    assert not at.warning
    shipped = load_milestones(shipped_milestones_path()).milestones
    kept = shipped[shipped["states"].map(lambda names: "Bihar" in names) & (shipped["sector"] == "Justice")]
    assert len(kept) > 0 and list(apptest_events.milestones_table(at)["id"]) == list(kept["id"])


def test_a_links_notices_stay_while_its_filters_stand_and_name_dates_outside_the_milestones(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("CLFJ_DATABASE_URL", f"sqlite:///{tmp_path / 'clfj.sqlite3'}")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["sector"] = "Jusitce"
    at.query_params["from"] = "2030"
    at.run()
    expected = [
        'The sector value "Jusitce" is not one of the sectors',
        'The from value "2030" is after the latest milestone (Mar 2022), so it is not applied.',
    ]

    def notices() -> list[str]:
        return [unescaped(warning.value) for warning in at.warning]

    assert [n[: len(e)] for n, e in zip(notices(), expected, strict=True)] == expected
    at.run()  # a rerun of the same page (a chart reporting its width is one) keeps them
    assert [n[: len(e)] for n, e in zip(notices(), expected, strict=True)] == expected
    at.multiselect(key="filter_sectors").select("Justice").run()  # the visitor moves on
    assert not notices()


NOT_APPLIED = "so it is not applied."


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param(
            {"from": "2030"},
            [f'The from value "2030" is after the latest milestone (Mar 2022), {NOT_APPLIED}'],
            id="start after the span",
        ),
        pytest.param(
            {"to": "2010-06"},
            [f'The to value "2010-06" is before the earliest milestone (Jan 2020), {NOT_APPLIED}'],
            id="end before the span",
        ),
        pytest.param(
            {"from": "2022", "to": "2021"},
            ['The from value "2022" is after the end date, so the dates are not applied.'],
            id="ends crossed",
        ),
        pytest.param({"from": "2019", "to": "2030"}, [], id="ends beyond the span still apply"),
        pytest.param({"from": "2021-06"}, [], id="within the span"),
    ],
)
def test_dates_a_link_gives_outside_the_milestones_are_said_not_applied(milestones, query, expected):
    filters, problems = read_query(reader(query))
    assert problems == []
    assert dates_not_applied(reader(query), filters, months_of(milestones)) == expected


def test_a_date_not_applied_is_said_in_hindi_with_a_hindi_month(milestones):
    filters, _ = read_query(reader({"from": "2030"}))
    (said,) = dates_not_applied(reader({"from": "2030"}), filters, months_of(milestones), "hi")
    assert "2030" in said and "मार्च 2022" in said and "from" not in said


# apply_filters


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        pytest.param(Filters(), ALL, id="no filters keep all"),
        pytest.param(
            Filters(states=("Bihar",)), ["video", "dashboard"], id="two-state milestone matches Bihar"
        ),
        pytest.param(Filters(states=("Rajasthan",)), ["video", "health-checks"], id="and Rajasthan"),
        pytest.param(Filters(states=("Not specified",)), ["company"], id="not specified names no state"),
        pytest.param(
            Filters(states=("Bihar", "Not specified")), ["company", "video", "dashboard"], id="any state"
        ),
        pytest.param(Filters(sectors=("Justice",)), ["video"], id="sector"),
        pytest.param(
            Filters(sectors=("Not specified",)), ["health-checks"], id="empty sector is not specified"
        ),
        pytest.param(Filters(start=D(2020, 6, 1)), ALL, id="year 2020 overlaps from 2020-06"),
        pytest.param(
            Filters(start=D(2021, 1, 1)),
            ["video", "health-checks", "dashboard"],
            id="year 2020 ends before 2021",
        ),
        pytest.param(Filters(end=D(2022, 3, 31)), ALL, id="Mar 2022 kept by to 2022-03"),
        pytest.param(
            Filters(end=D(2022, 2, 28)),
            ["company", "video", "health-checks"],
            id="Mar 2022 dropped by to 2022-02",
        ),
        pytest.param(
            Filters(end=D(2022, 2, 14)), ["company", "video"], id="15 Feb 2022 dropped by to 14 Feb"
        ),
        pytest.param(
            Filters(end=D(2022, 2, 15)),
            ["company", "video", "health-checks"],
            id="15 Feb 2022 kept by to 15 Feb",
        ),
        pytest.param(Filters(search="courts HEAR"), ["video"], id="search title ignoring case"),
        pytest.param(Filters(search="rescued"), ["health-checks"], id="search title lower case"),
        pytest.param(Filters(search="videoconferencing"), ["video"], id="search description"),
        pytest.param(Filters(search="middlemen"), ["company"], id="search rationale"),
        pytest.param(Filters(search="jaipur"), ["health-checks"], id="search place"),
        pytest.param(Filters(search="livelihoods"), ["company"], id="search sector"),
        pytest.param(Filters(search="bihar"), ["video", "dashboard"], id="search states"),
        pytest.param(Filters(search="c++"), [], id="search is literal"),
        pytest.param(Filters(search="राजस्थान"), ["video", "health-checks"], id="search a state in Hindi"),
        pytest.param(Filters(search="बिहार"), ["video", "dashboard"], id="search another state in Hindi"),
        pytest.param(Filters(search="आजीविका"), ["company"], id="search a sector in Hindi"),
        pytest.param(Filters(search="निर्दिष्ट नहीं"), ["company"], id="search no state in Hindi"),
        pytest.param(Filters(states=("Bihar",), sectors=("Justice",)), ["video"], id="state and sector"),
        pytest.param(
            Filters(states=("Rajasthan",), start=D(2022, 1, 1)), ["health-checks"], id="state and date"
        ),
        pytest.param(Filters(states=("Bihar",), search="dashboard"), ["dashboard"], id="state and search"),
    ],
)
def test_apply_filters_keeps_matching_milestones_in_order(milestones, filters, kept):
    assert list(apply_filters(milestones, filters)["id"]) == kept


def test_apply_filters_returns_whole_rows(milestones):
    kept = apply_filters(milestones, Filters(states=("Bihar",)))
    pd.testing.assert_frame_equal(kept, milestones[milestones["id"].isin(["video", "dashboard"])])


# Helpers the filters and charts share


@pytest.mark.parametrize(
    ("milestone", "end"),
    [
        ("company", "2021-01-01"),
        ("video", "2021-04-01"),
        ("health-checks", "2022-02-16"),
        ("dashboard", "2022-04-01"),
    ],
)
def test_period_ends_is_the_day_after_the_period_written(milestones, milestone, end):
    ends = period_ends(milestones)
    assert ends[milestones["id"] == milestone].item() == pd.Timestamp(end)


def test_sector_labels_name_an_empty_sector_not_specified(milestones):
    labels = dict(zip(milestones["id"], sector_labels(milestones), strict=True))
    assert labels == {
        "company": "Livelihoods",
        "video": "Justice",
        "health-checks": "Not specified",
        "dashboard": "Child protection",
    }


# The date filter: the months it offers and how its two handles become filters

M = pd.Period


def test_the_date_filter_offers_every_month_from_the_first_milestone_to_the_last(milestones):
    months = months_of(milestones)
    assert (months[0], months[-1], len(months)) == (M("2020-01", "M"), M("2022-03", "M"), 27)
    assert month_labels(months[:2]) == {M("2020-01", "M"): "Jan 2020", M("2020-02", "M"): "Feb 2020"}


def test_no_milestones_offer_no_months(milestones):
    assert months_of(milestones.iloc[:0]) == []


SPAN = [M("2020-01", "M"), M("2020-02", "M"), M("2020-03", "M"), M("2020-04", "M")]


@pytest.mark.parametrize(
    ("chosen", "ends"),
    [
        pytest.param((None, None), (SPAN[0], SPAN[-1]), id="open ends stand at the edges"),
        pytest.param((SPAN[1], None), (SPAN[1], SPAN[-1]), id="a chosen start"),
        pytest.param((M("2019-06", "M"), M("2021-01", "M")), (SPAN[0], SPAN[-1]), id="outside moves in"),
        pytest.param((SPAN[3], SPAN[1]), (SPAN[0], SPAN[-1]), id="crossed ends show the whole span"),
    ],
)
def test_the_slider_handles_stand_where_the_choice_says(chosen, ends):
    assert slider_ends(SPAN, chosen) == ends


def test_a_handle_at_the_edge_of_the_span_leaves_that_end_open():
    assert chosen_period(SPAN, SPAN[0], SPAN[-1]) == (None, None)
    assert chosen_period(SPAN, SPAN[1], SPAN[-1]) == (SPAN[1], None)
    assert chosen_period(SPAN, SPAN[0], SPAN[2]) == (None, SPAN[2])


def test_a_chosen_period_runs_from_the_first_day_of_its_first_month_to_the_last_of_its_last():
    assert period_days((M("2020-02", "M"), M("2021-02", "M"))) == (D(2020, 2, 1), D(2021, 2, 28))
    assert period_days((None, None)) == (None, None)


@pytest.mark.parametrize(
    ("filters", "period"),
    [
        pytest.param(Filters(), None, id="no dates"),
        pytest.param(Filters(start=D(2020, 3, 1)), (M("2020-03", "M"), None), id="from only"),
        pytest.param(
            Filters(start=D(2020, 3, 15), end=D(2021, 1, 31)),
            (M("2020-03", "M"), M("2021-01", "M")),
            id="both",
        ),
        pytest.param(Filters(start=D(2021, 3, 1), end=D(2020, 1, 31)), None, id="crossed"),
    ],
)
def test_a_links_dates_give_the_months_the_slider_starts_on(filters, period):
    assert period_of(filters) == period


def test_the_filters_offer_the_states_named_then_not_specified_and_the_sectors_in_order(shipped):
    months, labels, states, sectors = filter_options(shipped)
    assert states == ["Bihar", "Rajasthan", "Not specified"]
    assert sectors[0] == "Justice" and len(sectors) == len(set(shipped["sector"]))
    assert labels[months[0]] == "Feb 2019" and labels[months[-1]] == "Mar 2022"


def test_a_problem_with_the_url_is_said_in_the_pages_language():
    query = {"state": ["Jaipur", "Bihr"], "sector": "Justise", "from": "soon"}
    problems = read_query(reader(query), lang="hi")[1]
    assert problems[:2] == [
        'राज्य का मान "Jaipur" एक शहर है, राज्य नहीं: यह राजस्थान में है।',
        'राज्य का मान "Bihr" भारत का कोई राज्य या केंद्र शासित प्रदेश नहीं है, न ही "निर्दिष्ट नहीं"। '
        "क्या आपका मतलब बिहार था?",
    ]
    assert problems[2].startswith('क्षेत्र का मान "Justise" क्षेत्रों (न्याय, ') and problems[2].endswith(
        "क्या आपका मतलब न्याय था?"
    )
    assert problems[3] == (
        'शुरुआती तारीख़ का मान "soon" तारीख़ नहीं है: एक वर्ष (2020), एक महीना (2020-03) या एक दिन (2020-03-15) लिखें।'
    )
