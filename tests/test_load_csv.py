"""What staff upload as CSV: the forms the loader accepts and the problems it names."""

import codecs
import unicodedata

import pytest

from clfj_data import MILESTONE_COLUMNS, Limits, UnreadableFile, load_milestones
from clfj_data.sheet import BadSetting

pytestmark = pytest.mark.unit

HEADER = "date,description,rationale,states,sector"
ONE = "Mar 2022,Courts use videoconferencing.,Children testify more.,Rajasthan; Bihar,Justice"
TWO = "Feb 2019,Every child gets a care plan.,Care helps recovery.,Rajasthan,Care and health"
SIMPLE = f"{HEADER}\n{ONE}\n{TWO}\n"

ENCODED = {
    "utf-8": SIMPLE.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + SIMPLE.encode("utf-8"),
    "utf-16 with BOM": SIMPLE.encode("utf-16"),
    "utf-16-be with BOM": codecs.BOM_UTF16_BE + SIMPLE.encode("utf-16-be"),
    "cp1252": SIMPLE.replace("care plan", "care plan – “caf\u00e9”").encode("cp1252"),
    "latin-1": SIMPLE.replace("care plan", "care plan caf\u00e9").encode("latin-1"),
    "semicolons": SIMPLE.replace(",", ";").replace("; Bihar", " and Bihar").encode(),
    "tabs": SIMPLE.replace(",", "\t").encode(),
    "CRLF": SIMPLE.replace("\n", "\r\n").encode(),
    "blank lines": SIMPLE.replace("\n", "\n\n").encode(),
}


def load(text: str | bytes, **kwargs):
    return load_milestones(text.encode() if isinstance(text, str) else text, **kwargs)


@pytest.mark.parametrize("data", ENCODED.values(), ids=ENCODED.keys())
def test_each_encoding_and_delimiter_reads_the_same_milestones(data):
    result = load(data)
    assert result.ok, result.errors
    frame = result.milestones
    assert list(frame.columns) == list(MILESTONE_COLUMNS)
    assert list(frame["sector"]) == ["Care and health", "Justice"]
    assert frame["states"].iloc[1] == ("Rajasthan", "Bihar")
    assert frame["description"].iloc[1] == "Courts use videoconferencing."


def test_cp1252_characters_survive():
    result = load(ENCODED["cp1252"])
    assert "– “café”" in result.milestones["description"].iloc[0]


def test_quoted_newlines_and_commas_stay_inside_the_cell():
    text = f'{HEADER}\r\nMar 2022,"Courts, at last,\r\nuse video.","Children\ntestify.",,\r\n'
    frame = load(text).milestones
    assert frame["description"].iloc[0] == "Courts, at last,\r\nuse video."
    assert frame["rationale"].iloc[0] == "Children\ntestify."
    assert frame["title"].iloc[0] == "Courts, at last, use video"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("What changed", "description"),
        ("Milestone", "description"),
        ("Change", "description"),
        ("Why it matters", "rationale"),
        ("Impact", "rationale"),
        ("RATIONALE ", "rationale"),
        ("State(s)", "states"),
        ("Region", "states"),
        ("Headline", "title"),
    ],
)
def test_header_aliases_people_use(header, field):
    names = {"date": "Date", "description": "Description", "rationale": "Rationale", "states": "States"}
    names[field] = header
    text = f"{','.join(names.values())}\nMar 2022,Courts use video.,Children testify.,Bihar\n"
    if field == "title":
        text = "Date,Headline,What changed,Why it matters\nMar 2022,Video testimony,Courts use video.,Kids\n"
    result = load(text)
    assert result.ok, result.errors
    row = result.milestones.iloc[0]
    assert row["description"] == "Courts use video."
    assert row["title"] == ("Video testimony" if field == "title" else "Courts use video")


def test_timelinejs_template_is_accepted_as_it_is():
    text = (
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
        "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background,Why it matters\n"
        "2021,3,,,,,,,,Video testimony,Courts use video.,,,,,,justice,,Children testify.\n"
        "2019,,,,,,,,,Care plans,Every child gets a plan.,,,,,,Care,,Care helps.\n"
    )
    result = load(text)
    assert result.ok, result.errors
    frame = result.milestones
    assert list(frame["title"]) == ["Care plans", "Video testimony"]
    assert list(frame["precision"]) == ["year", "month"]
    assert list(frame["sector"]) == ["Care and health", "Justice"]
    ignored = {w.column for w in result.warnings}
    assert {"Media Thumbnail", "Background"} <= ignored
    # Read as the picture's columns, the date as written and the row's type.
    assert not {"Media", "Media Credit", "Media Caption", "Display Date", "Type", "End Year"} & ignored


def test_timelinejs_template_still_needs_a_rationale():
    text = "Year,Month,Day,Headline,Text,Group\n2021,3,,Video testimony,Courts use video.,justice\n"
    result = load(text)
    assert not result.ok
    assert [(e.column, e.row) for e in result.errors] == [("rationale", None)]


def test_unknown_columns_are_ignored_with_a_warning():
    result = load(SIMPLE.replace("sector\n", "sector,Notes\n", 1))
    assert result.ok
    assert [(w.row, w.column) for w in result.warnings if w.row == 1] == [(1, "Notes")]


def test_text_is_trimmed_and_nfc_but_otherwise_kept_as_written():
    decomposed = unicodedata.normalize("NFD", "Café <b>now</b> [x](javascript:alert(1)) & =1+1")
    text = f'{HEADER}\nMar 2022,"  {decomposed}  ",  Why.  ,,\n'
    row = load(text).milestones.iloc[0]
    assert row["description"] == "Café <b>now</b> [x](javascript:alert(1)) & =1+1"
    assert row["rationale"] == "Why."


def test_title_and_id_are_made_when_absent():
    row = load(SIMPLE).milestones.iloc[1]
    assert row["title"] == "Courts use videoconferencing"
    assert row["id"] == "2022-03-courts-use-videoconferencing"


@pytest.mark.parametrize(
    ("description", "headline"),
    [
        # An abbreviation's full stop does not end the sentence; the cut leaves no dangling "to".
        (
            "Rajasthan Dept. for Child Rights has set up a digital documentation system to track rescued "
            "child labourers.",
            "Rajasthan Dept. for Child Rights has set up a digital documentation system…",
        ),
        (
            "Dr. A. K. Sharma opened a Jaipur shelter. It holds 40.",
            "Dr. A. K. Sharma opened a Jaipur shelter",
        ),
        # A clause long enough to stand alone ends the headline where the sentence is too long.
        (
            "Since August 2019, the Jaipur Judiciary has handed down 11 convictions of traffickers (whereas "
            "before 2019 there were none).",
            "Since August 2019, the Jaipur Judiciary has handed down 11 convictions…",
        ),
        ("Courts use video. Children testify from home.", "Courts use video"),
    ],
)
def test_a_made_headline_is_whole_words_of_the_first_sentence(description, headline):
    made = load(f"date,description,rationale\nMar 2022,{description!r},R.\n".replace("'", '"')).milestones
    assert made["title"].iloc[0] == headline
    assert len(headline) <= 80


def test_ids_made_from_the_same_date_and_title_stay_unique():
    text = f"{HEADER},title\nMar 2022,A.,R,,,Same\nMar 2022,B.,R,,,Same\n"
    assert list(load(text).milestones["id"]) == ["2022-03-same", "2022-03-same-2"]


def test_milestones_are_sorted_by_date_keeping_file_order_on_ties():
    text = f"{HEADER}\n{ONE}\nMar 2022,Second in March.,R,,\n{TWO}\n"
    frame = load(text).milestones
    assert list(frame["description"]) == [
        "Every child gets a care plan.",
        "Courts use videoconferencing.",
        "Second in March.",
    ]


def test_new_sector_is_accepted_with_a_warning():
    result = load(SIMPLE.replace("Care and health", "Nutrition"))
    assert result.ok
    assert "Nutrition" in list(result.milestones["sector"])
    (warning,) = [w for w in result.warnings if w.column == "sector"]
    assert (warning.row, warning.column, warning.value) == (3, "sector", "Nutrition")


def test_sector_aliases_map_to_the_vocabulary_and_say_so():
    result = load(SIMPLE.replace("Justice", "judiciary").replace("Care and health", "HEALTH"))
    assert list(result.milestones["sector"]) == ["Care and health", "Justice"]
    assert [str(w) for w in result.warnings if w.column == "sector"] == [
        "Row 2, column 'sector': 'judiciary' was read as the sector Justice.",
        "Row 3, column 'sector': 'HEALTH' was read as the sector Care and health.",
    ]


def test_a_sector_written_in_another_case_is_not_a_notice():
    result = load(SIMPLE.replace("Justice", "JUSTICE").replace("Care and health", "care  and health"))
    assert list(result.milestones["sector"]) == ["Care and health", "Justice"]
    assert [w for w in result.warnings if w.column == "sector"] == []


# Each bad file, and the (row, column) of every error it must produce, in order.
BAD = {
    "unknown state": (f"{HEADER}\n{ONE.replace('Bihar', 'Rajastan')}\n", [(2, "states", "Rajasthan?")]),
    "ambiguous date": (f"{HEADER}\n{ONE.replace('Mar 2022', '03/04/2022')}\n", [(2, "date", "ambiguous")]),
    "missing rationale": (f"{HEADER}\n{TWO}\nMar 2022,Text.,,,\n", [(3, "rationale", "required")]),
    "missing date": (f"{HEADER}\n,Text.,Why.,,\n", [(2, "date", "missing")]),
    "duplicate": (f"{HEADER}\n{ONE}\n{TWO}\n{ONE}\n", [(4, "description", "repeats row 2")]),
    "duplicate id": (
        "id,date,description,rationale\nsame,2020,A.,R\nsame,2021,B.,R\n",
        [(2, "id", "rows 2 and 3"), (3, "id", "rows 2 and 3")],
    ),
    "id not a slug": ("id,date,description,rationale\nMy Id,2020,A.,R\n", [(2, "id", "lowercase")]),
    "title too long": (f"title,{HEADER}\n{'x' * 81},{ONE}\n", [(2, "title", "81 characters")]),
    "unsafe source": (
        "date,description,rationale,source\n2020,A.,R,javascript:alert(1)\n",
        [(2, "source", "http")],
    ),
    "too many cells": (f"{HEADER}\n{ONE},extra\n", [(2, None, "more cells")]),
    "several at once": (
        f"{HEADER}\n{ONE.replace('Bihar', 'Rajastan')}\n{TWO.replace('Feb 2019', '2019-02-30')}\n",
        [(2, "states", "Rajasthan?"), (3, "date", "no day 30")],
    ),
}


@pytest.mark.parametrize(("text", "expected"), BAD.values(), ids=BAD.keys())
def test_errors_name_row_column_value_and_say_what_to_do(text, expected):
    result = load(text)
    assert not result.ok
    assert result.milestones is None
    found = [(e.row, e.column) for e in result.errors]
    assert found == [(row, column) for row, column, _ in expected]
    for error, (_, _, words) in zip(result.errors, expected, strict=True):
        assert words in error.message
        assert error.message.lstrip("'")[0].isupper() and error.message.endswith((".", "?"))


def test_error_names_the_header_as_the_file_writes_it():
    text = "When,What changed,Why it matters,State(s)\nMar 2022,A.,R,Rajastan\n"
    (error,) = load(text).errors
    assert (error.row, error.column, error.value) == (2, "State(s)", "Rajastan")


def test_missing_required_columns_are_all_named():
    result = load("Title,Notes\nA,B\n")
    assert sorted(e.column for e in result.errors) == ["date", "description", "rationale"]
    assert all(e.row is None for e in result.errors)


def test_two_columns_read_as_one_field_is_an_error():
    result = load("date,Impact,Rationale,description\n2020,a,b,c\n")
    assert [(e.row, e.column) for e in result.errors] == [(1, "Rationale")]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        (b"%PDF-1.4 ...", "PDF"),
        (b"col\x00umn,b\n", "not a text file"),
        (codecs.BOM_UTF8 + b"date,\xff\xfe\n", "UTF-8"),
    ],
)
def test_unreadable_files_raise_one_plain_error(data, words):
    with pytest.raises(UnreadableFile, match=words):
        load(data)


def test_a_file_renamed_to_xlsx_is_named_as_such():
    with pytest.raises(UnreadableFile, match=r"named \.xlsx but is not an Excel workbook"):
        load(SIMPLE, filename="milestones.xlsx")


def test_size_limit_is_configurable_and_explained():
    with pytest.raises(UnreadableFile, match="limit is 0 MB"):
        load(SIMPLE, limits=Limits(max_bytes=20))


def test_row_limit_is_configurable_and_explained():
    assert load(SIMPLE, limits=Limits(max_rows=2)).ok
    with pytest.raises(UnreadableFile, match="limit is 1"):
        load(SIMPLE, limits=Limits(max_rows=1))
    with pytest.raises(UnreadableFile, match="limit is 1"):
        load(SIMPLE.replace("\n", "\n\n"), limits=Limits(max_rows=1))


def test_limits_come_from_the_environment():
    limits = Limits.from_env({"CLFJ_MAX_UPLOAD_MB": "1.5", "CLFJ_MAX_ROWS": "7"})
    assert (limits.max_bytes, limits.max_rows) == (int(1.5 * 2**20), 7)
    assert Limits.from_env({}) == Limits()
    with pytest.raises(ValueError, match="CLFJ_MAX_ROWS must be a whole number of rows above 0"):
        Limits.from_env({"CLFJ_MAX_ROWS": "many"})


@pytest.mark.parametrize(
    ("name", "value"),
    [("CLFJ_MAX_UPLOAD_MB", "abc"), ("CLFJ_MAX_UPLOAD_MB", "1e99"), ("CLFJ_MAX_UPLOAD_MB", "nan"),
     ("CLFJ_MAX_UPLOAD_MB", "-5"), ("CLFJ_MAX_ROWS", "0"), ("CLFJ_MAX_ROWS", "1e3")],
)  # fmt: skip
def test_a_limit_that_is_no_usable_number_is_one_sentence(name, value):
    with pytest.raises(BadSetting) as refused:
        Limits.from_env({name: value})
    said = str(refused.value)
    assert said.startswith(f"{name} must be") and said.endswith(f"not {value!r}.") and "\n" not in said


def test_path_bytes_and_file_object_read_alike(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(SIMPLE)
    with path.open("rb") as handle:
        from_file = load_milestones(handle).milestones
    from_path = load_milestones(path).milestones
    from_bytes = load(SIMPLE).milestones
    assert from_path.equals(from_bytes) and from_file.equals(from_bytes)


def test_missing_path_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="There is no file"):
        load_milestones(tmp_path / "nope.csv")


def test_old_mac_line_ends_are_read():
    result = load(SIMPLE.replace("\n", "\r"))
    assert result.ok, result.errors
    assert len(result.milestones) == 2


def test_a_misspelt_month_names_its_row_and_the_closest_date():
    result = load(f"{HEADER}\n{ONE}\n{TWO.replace('Feb 2019', 'Marhc 2022')}\n")
    assert [str(e) for e in result.errors] == [
        "Row 3, column 'date': 'Marhc' is not the name of a month: did you mean Mar 2022? "
        "(value: 'Marhc 2022')"
    ]


GOOD_ROWS = "".join(f"Mar 2022,Milestone {i}.,Why {i}.,,\n" for i in range(10))
UNCLOSED = 'Mar 2022,"Courts use video,Children testify.,,\n'


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (f"{HEADER}\n{GOOD_ROWS}{UNCLOSED}{GOOD_ROWS}", 12),  # the rest of the file fits one cell
        (f"{HEADER}\n{UNCLOSED}{GOOD_ROWS * 2000}", 2),  # the rest is over the csv module's field limit
        (f'{HEADER}\n{GOOD_ROWS}Mar 2022,Courts use video.,"Children testify.,,\n{ONE}\n', 12),
    ],
    ids=["small", "large", "last column"],
)
def test_an_unclosed_quote_names_the_row_where_it_opens(text, row):
    with pytest.raises(UnreadableFile) as refused:
        load(text)
    assert str(refused.value) == (
        f'Row {row} opens a quote (") that is never closed, so the rest of the file reads as one '
        "cell: close the quote where the text ends, or delete it."
    )


def test_a_quote_typed_inside_a_cell_is_kept_as_written():
    result = load(f'{HEADER}\nMar 2022,A 5" screen in every court.,R,,\n{GOOD_ROWS}')
    assert result.ok, result.errors
    assert result.milestones["description"].iloc[0] == 'A 5" screen in every court.'


def test_a_closed_quote_over_the_field_limit_says_the_cell_is_too_long():
    long_cell = "line, more\n" * 300_000
    text = f'{HEADER}\nMar 2022,"{long_cell}",R,,\n'
    with pytest.raises(UnreadableFile, match="row 2 has a cell of more than 131,072 characters"):
        load(text)


def test_what_the_loader_filled_in_is_a_notice_naming_each_row():
    text = (
        "id,date,title,description,rationale,sector\n"
        "kept-id,Mar 2022,Video testimony,Courts use video.,Children testify.,Justice\n"
        ",Feb 2019,,Every child gets a care plan. It is reviewed.,Care helps recovery.,supply chain\n"
    )
    result = load(text)
    assert result.ok, result.errors
    assert [str(w) for w in result.warnings] == [
        "Row 3, column 'sector': 'supply chain' was read as the sector Livelihoods.",
        "Row 3, column 'title': There is no title, so this one was made from the description: write a "
        "title if it does not read well. (value: 'Every child gets a care plan')",
        "Row 3, column 'id': There is no id, so this one was made from the date and title: copy it into "
        "the file, so the milestone keeps its id (and its links) when the title is edited. "
        "(value: '2019-02-every-child-gets-a-care-plan')",
    ]


def test_a_row_with_neither_title_nor_description_is_told_only_that_it_lacks_a_title():
    text = "date,title,description,rationale\nMar 2022,,,Children testify.\n"
    result = load(text)
    assert not result.ok
    title = [str(problem) for problem in [*result.errors, *result.warnings] if problem.column == "title"]
    assert len(title) == 1 and "made from the description" not in title[0], title
    assert result.made_titles == ()


def test_notices_for_many_rows_name_the_first_ten_and_count_the_rest():
    text = "date,description,rationale\n" + "".join(f"Mar 2022,Change {i}.,R\n" for i in range(25))
    titles = [w for w in load(text).warnings if w.column == "title"]
    assert [w.row for w in titles] == [*range(2, 12), 12]
    assert titles[-1].message == (
        "15 more rows (from row 12) had no title; each was given one in the same way."
    )


def test_a_made_id_ends_at_a_word():
    title = "Jaipur businesses sign the Child Labour Free Pledge in 2022"
    result = load(f"date,title,description,rationale\nMar 2022,{title},D.,R.\n")
    (made,) = result.milestones["id"]
    assert made == "2022-03-jaipur-businesses-sign-the-child-labour-free"  # not ...-free-pledg


@pytest.mark.parametrize("text", [HEADER + "\n", HEADER + "\n,,,,\n\n"], ids=["headers only", "blank rows"])
def test_a_file_with_no_milestones_is_refused_with_one_sentence(text):
    result = load(text)
    assert not result.ok
    assert [str(e) for e in result.errors] == [
        "The file has a header row but no milestones: nothing to publish."
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Justise", "Justice"),
        ("Educaton", "Education"),
        ("child protecton", "Child protection"),
        ("Comunity", "Community"),
    ],
)
def test_a_misspelt_sector_is_an_error_on_each_row_suggesting_the_sector(written, meant):
    result = load(
        f"{HEADER}\nMar 2022,Courts use video.,Kids,Rajasthan,{written}\n2021,B.,R,,{written}\n".encode()
    )
    assert not result.ok
    assert [str(e) for e in result.errors if e.column == "sector"] == [
        f"Row {row}, column 'sector': '{written}' is not one of the sectors: did you mean {meant}?"
        for row in (2, 3)
    ]
    assert not [w for w in result.warnings if w.column == "sector"]


@pytest.mark.parametrize("new", ["Nutrition", "Sports", "Art"])
def test_a_sector_far_from_every_known_one_is_only_a_notice(new):
    result = load(f"{HEADER}\nMar 2022,Courts use video.,Kids,Rajasthan,{new}\n".encode())
    assert result.ok and list(result.milestones["sector"]) == [new]
    (notice,) = [w for w in result.warnings if w.column == "sector"]
    assert "kept as a new sector" in notice.message
