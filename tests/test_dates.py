import datetime as dt

import pytest

from clfj_data.dates import DateError, date_from_parts, format_date, parse_date

pytestmark = pytest.mark.unit

ACCEPTED = [
    ("Mar 2022", dt.date(2022, 3, 1), "month"),
    ("March 2022", dt.date(2022, 3, 1), "month"),
    ("Sept 2019", dt.date(2019, 9, 1), "month"),
    ("sep 2019", dt.date(2019, 9, 1), "month"),
    ("2022-03", dt.date(2022, 3, 1), "month"),
    ("2022-03-15", dt.date(2022, 3, 15), "day"),
    ("2022-03-15 00:00:00", dt.date(2022, 3, 15), "day"),
    ("03/2022", dt.date(2022, 3, 1), "month"),
    ("15 March 2022", dt.date(2022, 3, 15), "day"),
    ("15th Mar. 2022", dt.date(2022, 3, 15), "day"),
    ("March 15, 2022", dt.date(2022, 3, 15), "day"),
    ("2019", dt.date(2019, 1, 1), "year"),
    ("  Mar   2022 ", dt.date(2022, 3, 1), "month"),
]


@pytest.mark.parametrize(("text", "date", "precision"), ACCEPTED)
def test_accepted_forms_keep_their_precision(text, date, precision):
    assert parse_date(text) == (date, precision)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("03/04/2022", ["ambiguous", "4 March 2022", "3 April 2022"]),
        ("25/12/2022", ["ambiguous", "25 December 2022", "2022-12-25"]),
        # Figures that make no date either way round are not ambiguous: they are no date.
        ("13/25/2019", ["This is not a date: neither 13 nor 25 is a month"]),
        ("25/25/2022", ["There is no month 25"]),
        ("31/04/2022", ["April 2022 has no day 31"]),
        ("04/31/2022", ["April 2022 has no day 31"]),
        ("30 Feb 2022", ["February 2022 has no day 30"]),
        ("2022-13", ["no month 13"]),
        ("Foo 2022", ["'Foo' is not the name of a month"]),
        ("1850", ["outside 1900-2100"]),
        ("soon", ["Mar 2022"]),
        ("", ["missing"]),
    ],
)
def test_rejected_dates_say_how_to_write_them(text, words):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("2020", "", ""), (dt.date(2020, 1, 1), "year")),
        (("2020.0", "3", ""), (dt.date(2020, 3, 1), "month")),
        (("2020", "Mar", "5"), (dt.date(2020, 3, 5), "day")),
    ],
)
def test_timelinejs_year_month_day_columns(parts, expected):
    assert date_from_parts(*parts) == expected


def test_day_without_month_is_refused():
    with pytest.raises(DateError, match="without a month"):
        date_from_parts("2020", "", "5")


@pytest.mark.parametrize(
    ("date", "precision", "label"),
    [
        (dt.date(2022, 3, 1), "month", "Mar 2022"),
        (dt.date(2022, 3, 15), "day", "15 Mar 2022"),
        (dt.date(2019, 1, 1), "year", "2019"),
    ],
)
def test_format_date_writes_the_precision_a_person_wrote(date, precision, label):
    assert format_date(date, precision) == label


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Marhc 2022", "'Marhc' is not the name of a month: did you mean Mar 2022?"),
        ("15 Febuary 2021", "'Febuary' is not the name of a month: did you mean 15 Feb 2021?"),
        ("Septmber 30, 2020", "'Septmber' is not the name of a month: did you mean 30 Sep 2020?"),
        ("Febuary 30 2022", "'Febuary' is not the name of a month: did you mean February?"),
        ("Foo 2022", "'Foo' is not the name of a month."),
    ],
)
def test_a_misspelt_month_suggests_the_closest(text, said):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value) == said


def test_a_misspelt_month_in_the_timelinejs_month_column_suggests_the_closest():
    with pytest.raises(DateError, match="did you mean 5 Mar 2020"):
        date_from_parts("2020", "Mrach", "5")


@pytest.mark.parametrize("text", ["13/25/2019", "25/25/2022", "31/04/2022", "30/02/2019"])
def test_figures_that_make_no_date_either_way_are_never_called_ambiguous(text):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert "ambiguous" not in str(caught.value)
