"""A milestone is put in the same words on every page, slide and file."""

import datetime as dt

import pandas as pd
import pytest

from clfj_data.filters import Filters
from clfj_data.summary import key_figures
from clfj_data.wording import (
    facts,
    facts_line,
    frame_span,
    key_figures_sentence,
    list_words,
    plural,
    shorten,
    span,
    subset_line,
    where_sentence,
)

pytestmark = pytest.mark.unit

JAIPUR = pd.Series({"states": ("Rajasthan",), "place": "Jaipur", "sector": "Justice"})
TWO_STATES = pd.Series({"states": ("Rajasthan", "Bihar"), "place": "", "sector": "Justice"})
NOWHERE = pd.Series({"states": (), "place": "", "sector": ""})


@pytest.mark.parametrize(
    ("milestone", "line"),
    [
        (JAIPUR, "Rajasthan · Jaipur · Justice"),
        (TWO_STATES, "Rajasthan and Bihar · Justice"),
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


@pytest.mark.parametrize(
    ("names", "conjunction", "said"),
    [
        ((), "and", ""),
        (("Rajasthan",), "and", "Rajasthan"),
        (("Rajasthan", "Bihar"), "and", "Rajasthan and Bihar"),
        (("Bihar", "Delhi", "Rajasthan"), "and", "Bihar, Delhi and Rajasthan"),
        (("Justice", "Education"), "or", "Justice or Education"),
    ],
)
def test_names_are_listed_as_a_sentence_writes_them(names, conjunction, said):
    assert list_words(names, conjunction) == said


def test_no_surface_writes_states_with_the_spreadsheets_semicolon():
    assert "; " not in facts_line(TWO_STATES) and "; " not in facts_line(TWO_STATES, labelled=True)


def test_the_key_figures_in_one_sentence(shipped):
    assert key_figures_sentence(key_figures(shipped)) == (
        "10 systemic changes in 2 states (Bihar and Rajasthan) and 6 sectors, Feb 2019 to Mar 2022."
    )
    one = key_figures(shipped[shipped["id"] == "testimony-by-videoconference"])
    assert key_figures_sentence(one) == (
        "1 systemic change in 2 states (Bihar and Rajasthan) and 1 sector, Mar 2021."
    )
    assert key_figures_sentence(key_figures(shipped.iloc[:0])) == "No systemic changes to show."


WHERE = [
    (
        {},
        "In Bihar and Rajasthan, across 6 sectors: Justice, Child protection, Care and health, Education, "
        "Livelihoods and Community.",
        "बिहार और राजस्थान में, 6 क्षेत्रों में: न्याय, बाल संरक्षण, देखभाल और स्वास्थ्य, शिक्षा, आजीविका और समुदाय।",
    ),
    (
        {"sector": ["Justice"]},
        "In Bihar and Rajasthan, within the Justice sector.",
        "बिहार और राजस्थान में, न्याय क्षेत्र में।",
    ),
    (
        {"sector": ["Justice", "Education"]},
        "In Bihar and Rajasthan, across 2 sectors: Justice and Education.",
        "बिहार और राजस्थान में, 2 क्षेत्रों में: न्याय और शिक्षा।",
    ),
    ({"id": ["child-rights-curriculum"]}, "Within the Community sector.", "समुदाय क्षेत्र में।"),
    (
        {"id": ["testimony-before-return"]},
        "In Rajasthan, within the Justice sector.",
        "राजस्थान में, न्याय क्षेत्र में।",
    ),
]


@pytest.mark.parametrize(
    ("chosen", "english", "hindi"), WHERE, ids=["all", "one sector", "two", "no state", "one state"]
)
def test_the_closing_sentence_reads_naturally_for_one_sector_or_many(shipped, chosen, english, hindi):
    frame = shipped
    for column, values in chosen.items():
        frame = frame[frame[column].isin(values)]
    assert where_sentence(key_figures(frame)) == english
    assert where_sentence(key_figures(frame, "hi"), "hi") == hindi


@pytest.mark.parametrize(
    ("filters", "said"),
    [
        (Filters(sectors=("Justice",)), "Justice milestones: 3 of the 10"),
        (Filters(states=("Rajasthan", "Bihar")), "Milestones in Rajasthan or Bihar: 3 of the 10"),
        (
            Filters(sectors=("Justice", "Education"), start=dt.date(2020, 1, 1), end=dt.date(2021, 12, 31)),
            "Justice or Education milestones, from Jan 2020 to Dec 2021: 3 of the 10",
        ),
        (Filters(search="court"), 'Milestones matching "court": 3 of the 10'),
    ],
)
def test_a_filtered_view_says_it_is_a_subset(filters, said):
    assert subset_line(filters, 3, 10) == said


def test_a_filtered_views_months_are_in_hindi_on_a_hindi_page():
    said = subset_line(Filters(sectors=("Justice",), start=dt.date(2020, 1, 1)), 3, 10, "hi")
    assert said.startswith("न्याय के पड़ाव, जनवरी 2020 से:") and "Jan" not in said


def test_a_filtered_views_count_never_reads_as_a_slides_n_of_m_in_hindi_either():
    said = subset_line(Filters(sectors=("Justice",)), 3, 10, "hi")
    assert said.endswith(": कुल 10 में से 3") and "·" not in said
