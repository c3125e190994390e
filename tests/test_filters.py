"""Filters travel in a link's query parameters and cut the milestone table the same way everywhere."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from milestone_rows import load_rows

from clfj_data.filters import Filters, apply_filters, period_ends, sector_labels

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
