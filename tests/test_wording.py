"""A milestone is put in the same words on every page, slide and file."""

import datetime as dt

import pandas as pd
import pytest

from clfj_data.wording import facts, facts_line, frame_span, plural, shorten, span

pytestmark = pytest.mark.unit

JAIPUR = pd.Series({"states": ("Rajasthan",), "place": "Jaipur", "sector": "Justice"})
TWO_STATES = pd.Series({"states": ("Rajasthan", "Bihar"), "place": "", "sector": "Justice"})
NOWHERE = pd.Series({"states": (), "place": "", "sector": ""})


@pytest.mark.parametrize(
    ("milestone", "line"),
    [
        (JAIPUR, "Rajasthan · Jaipur · Justice"),
        (TWO_STATES, "Rajasthan; Bihar · Justice"),
        (NOWHERE, "State not specified · Sector not specified"),
    ],
)
def test_the_facts_line_names_states_place_and_sector(milestone, line):
    assert facts_line(milestone) == line


def test_the_labelled_facts_line_is_the_decks():
    assert facts_line(JAIPUR, separator="   ·   ", labelled=True) == (
        "States: Rajasthan   ·   Place: Jaipur   ·   Sector: Justice"
    )
    assert facts(NOWHERE) == [("States", "Not specified"), ("Sector", "Not specified")]


def test_a_row_from_itertuples_reads_like_a_series():
    frame = pd.DataFrame([JAIPUR.to_dict()])
    assert facts_line(next(frame.itertuples(index=False))) == "Rajasthan · Jaipur · Justice"


@pytest.mark.parametrize(
    ("earliest", "latest", "said"),
    [
        ((dt.date(2019, 2, 1), "month"), (dt.date(2022, 3, 1), "month"), "Feb 2019 to Mar 2022"),
        ((dt.date(2020, 1, 1), "year"), (dt.date(2021, 3, 15), "day"), "2020 to 15 Mar 2021"),
        ((dt.date(2022, 3, 1), "month"), (dt.date(2022, 3, 1), "month"), "Mar 2022"),
    ],
)
def test_a_span_says_first_to_last_or_one_date(earliest, latest, said):
    assert span(earliest, latest) == said


def test_the_span_of_the_shipped_milestones(shipped):
    assert frame_span(shipped) == "Feb 2019 to Mar 2022"
    assert frame_span(shipped.iloc[:0]) == ""


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        ("Schools must display the names of members", 100, "Schools must display the names of members"),
        ("Schools must display the names of members", 20, "Schools must…"),
        ("Schools, courts and shelters", 16, "Schools, courts…"),
        ("Supercalifragilistic", 8, "Superca…"),
        ("  spread   over\nlines ", 40, "spread over lines"),
    ],
)
def test_shortening_cuts_at_a_word(text, limit, short):
    assert shorten(text, limit) == short
    assert len(shorten(text, limit)) <= limit


@pytest.mark.parametrize(
    ("count", "said"), [(0, "0 milestones"), (1, "1 milestone"), (10000, "10,000 milestones")]
)
def test_counts_are_grammatical(count, said):
    assert plural(count, "milestone") == said
