"""What clfj_data writes for a Hindi page: names, sentences and a milestone's own words in Hindi
where it has them, English where it has not; English unchanged for everything else."""

import pandas as pd
import pytest

from clfj_data import load_milestones, shipped_milestones_path
from clfj_data.counts import count_by_state, counts_sentence
from clfj_data.filters import filter_options
from clfj_data.summary import key_figures
from clfj_data.tables import local_time, milestones_reading_table
from clfj_data.timeline import timeline_sentence
from clfj_data.wording import facts_line, staff_only_sentence

pytestmark = pytest.mark.unit

SHIPPED = load_milestones(shipped_milestones_path()).milestones
JAIPUR = SHIPPED[SHIPPED["id"] == "jaipur-trafficking-convictions"].iloc[0]


def with_hindi(frame: pd.DataFrame, **fields) -> pd.DataFrame:
    """``frame`` with the first milestone's ``title_hi`` and the like set (the rest empty)."""
    columns = {f"{name}_hi": [value, *[""] * (len(frame) - 1)] for name, value in fields.items()}
    return frame.assign(**columns)


def test_the_facts_line_names_states_and_sectors_in_hindi_and_keeps_the_english_place():
    assert facts_line(JAIPUR.to_dict() | {"place_hi": ""}, lang="hi") == "राजस्थान · Jaipur · न्याय"
    assert facts_line(JAIPUR) == "Rajasthan · Jaipur · Justice"
    assert facts_line(JAIPUR.to_dict() | {"place_hi": "जयपुर"}, lang="hi") == "राजस्थान · जयपुर · न्याय"


def test_sentences_about_the_charts_are_in_the_language_asked_for():
    assert timeline_sentence(SHIPPED, lang="hi").startswith("10 पड़ावों की समयरेखा")
    assert timeline_sentence(SHIPPED).startswith("A timeline of 10 milestones")
    assert counts_sentence(count_by_state(SHIPPED), "state", "hi").startswith("राज्य के अनुसार पड़ाव: राजस्थान 7")
    assert staff_only_sentence(1, 10, "hi").startswith("10 पड़ावों में से 1 केवल स्टाफ़ के लिए है")
    assert staff_only_sentence(1, 10) == (
        "1 of the 10 milestones is staff-only: visitors will not see it on any page, count or download."
    )


def test_the_reading_table_shows_a_milestones_hindi_where_it_has_it():
    frame = with_hindi(SHIPPED, title="हर बच्चे की देखभाल योजना")
    table = milestones_reading_table(frame, lang="hi")
    assert table["Headline"].iloc[0] == "हर बच्चे की देखभाल योजना"
    assert table["Headline"].iloc[1] == SHIPPED["title"].iloc[1]  # no Hindi: its English
    assert "राजस्थान" in set(table["States"])
    assert milestones_reading_table(frame)["Headline"].iloc[0] == SHIPPED["title"].iloc[0]


def test_a_link_from_a_hindi_slide_opens_the_dashboard_in_hindi_with_its_filters():
    from clfj_data.filters import Filters
    from clfj_data.links import dashboard_link

    justice = Filters(sectors=("Justice",))
    assert (
        dashboard_link("https://dash.example/", justice, "hi")
        == "https://dash.example/?sector=Justice&lang=hi"
    )
    assert dashboard_link("https://dash.example/", justice) == "https://dash.example/?sector=Justice"
    assert dashboard_link("https://dash.example/", Filters(), "hi") == "https://dash.example/?lang=hi"


def test_dates_on_a_hindi_page_are_written_in_hindi_months():
    figures = key_figures(SHIPPED, "hi")
    assert (figures.first_date, figures.latest_date) == ("फ़रवरी 2019", "मार्च 2022")
    assert (key_figures(SHIPPED).first_date, key_figures(SHIPPED).latest_date) == ("Feb 2019", "Mar 2022")
    months, labels, _states, _sectors = filter_options(SHIPPED, "hi")
    assert (labels[months[0]], labels[months[-1]]) == ("फ़रवरी 2019", "मार्च 2022")
    assert filter_options(SHIPPED)[1][months[0]] == "Feb 2019"
    assert "Feb 2019" in timeline_sentence(SHIPPED) and "फ़रवरी 2019" in timeline_sentence(SHIPPED, lang="hi")
    table = milestones_reading_table(SHIPPED, lang="hi")
    assert table["Date"].iloc[0] == "फ़रवरी 2019"
    moment = pd.Timestamp("2026-11-28 14:05", tz="UTC").to_pydatetime()
    assert local_time(moment) == "28 Nov 2026 at 19:35 IST"
    assert local_time(moment, lang="hi") == "28 नवंबर 2026, 19:35 भारतीय मानक समय"  # the zone in Hindi words
