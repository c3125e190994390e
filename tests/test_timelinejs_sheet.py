"""A TimelineJS sheet read as it is: both template layouts, the title and era rows, HTML cells,
media that is not a picture, and milestones that span a period."""

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from clfj_data import load_milestones, store
from clfj_data.auth import Staff
from clfj_data.cli import check_report
from clfj_data.htmltext import html_text
from clfj_data.wording import milestone_when

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).parent / "fixtures"
# Knight Lab's Google Sheets template for TimelineJS, as TimelineJS's own sheet reader names the
# columns (src/js/core/ConfigFactory.js): 18 columns, and since December 2024 a 19th, Alt Text,
# in column P.
EIGHTEEN = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
    "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
    "Background",
)  # fmt: skip
NINETEEN = (*EIGHTEEN[:15], "Alt Text", *EIGHTEEN[15:])
LAYOUTS = {"18 columns": "timelinejs-18-columns.csv", "19 columns": "timelinejs-19-columns.csv"}
SPAN = "...And the women who made it work"
PRIYA = Staff("Priya Sharma", "password")


def loaded(name: str):
    return load_milestones(FIXTURES / name)


def sheet(
    *rows: str, header: str = "Year,Month,End Year,End Month,Headline,Text,Type,Why it matters"
) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def test_the_fixtures_have_the_templates_columns_in_order():
    for name, headers in zip(LAYOUTS.values(), (EIGHTEEN, NINETEEN), strict=True):
        first = (FIXTURES / name).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert tuple(first[: len(headers)]) == headers
        assert first[len(headers) :] == ["Why it matters"]
    assert NINETEEN[15] == "Alt Text"  # column P


@pytest.mark.parametrize("name", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_both_template_layouts_are_read_as_they_are(name):
    result = loaded(name)
    assert result.ok, result.errors
    frame = result.milestones
    assert len(frame) == 5  # the title and the era are not milestones
    span = frame[frame["title"] == SPAN].iloc[0]
    assert (span["image_caption"], span["image_credit"]) == (
        "Jean Bartik talks about the ENIAC women",
        "Computer History Museum",
    )
    assert span["media_link"] == "https://www.youtube.com/watch?v=aPweFhhXFvY"
    assert span["sector"] == "Programming"  # Group is the lane
    # Where the sheet writes alt text it is the alt text; else the caption says what it shows.
    expected_alt = "A video still of Jean Bartik" if "19" in name else span["image_caption"]
    assert span["image_alt"] == expected_alt
    assert not [w for w in result.warnings if "read as" in w.message and "and so is" in w.message]


def test_a_title_row_is_the_timelines_title_and_an_era_row_a_period():
    result = loaded(LAYOUTS["19 columns"])
    assert result.framing.title == {
        "headline": "Women in Computing (test sample)",
        "text": "Test data for the TimelineJS import, after Knight Lab's sample timeline: some "
        "contributions women have made to computer science.",
    }
    (era,) = result.framing.eras
    assert (era.start, era.end, era.headline) == (
        dt.date(1939, 9, 1),
        dt.date(1945, 9, 1),
        "The Second World War",
    )
    assert era.when == "Sep 1939 – Sep 1945"
    report = json.loads(json.dumps(check_report(result)))
    assert report["title"]["headline"] == "Women in Computing (test sample)"


def test_a_sheet_without_a_title_row_reports_none():
    result = load_milestones(sheet("2021,3,,,Video,Courts use video.,,Kids testify."))
    assert result.ok, result.errors
    assert result.framing.title is None and check_report(result)["title"] is None


def test_an_era_needs_an_end():
    result = load_milestones(sheet("2019,8,,,Lockdown,,era,", "2021,3,,,Video,Courts use video.,,Kids."))
    assert [(e.row, e.column) for e in result.errors] == [(2, "End Year")]


def test_a_rationale_is_still_required_of_milestones_not_of_title_and_era_rows():
    text = sheet("2021,3,,,Video,Courts use video.,,", "2019,,2020,,Era,,era,", ",,,,Title,Intro,title,")
    result = load_milestones(text)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Why it matters")]


def test_html_cells_become_text_and_a_notice_names_the_rows():
    result = loaded(LAYOUTS["18 columns"])
    frame = result.milestones.set_index("title")
    hopper = frame.loc["Grace Hopper invents the compiler"]
    assert hopper["description"] == (
        "In her career with the Navy, Grace Hopper worked on the first commercial computer (UNIVAC).\n"
        "Her most notable invention was the compiler."
    )
    assert hopper["source"] == "https://en.wikipedia.org/wiki/Compiler"  # the cell's first link
    assert frame.loc[SPAN, "image_credit"] == "Computer History Museum"
    (notice,) = [w for w in result.warnings if "written in HTML" in w.message]
    assert notice.message.startswith("Rows 2, 3, 4, 6 and 7 were written in HTML")


@pytest.mark.parametrize(
    ("cell", "text", "link"),
    [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\nTwo & three.", ""),
        ('Read <a href="https://example.org/a">the order</a>.', "Read the order.", "https://example.org/a"),
        ('<a href="javascript:alert(1)">x</a>', "x", ""),
        ("<script>alert(1)</script>Kept", "Kept", ""),
        ('Line<br/>break <span class="tl-note">A note</span>', "Line\nbreak\nA note", ""),
    ],
)
def test_html_text(cell, text, link):
    assert html_text(cell) == (text, link)


def test_html_in_a_sheet_not_laid_out_as_timelinejs_stays_as_written():
    text = "date,description,rationale\nMar 2022,<b>Courts</b> use video.,Kids testify.\n"
    result = load_milestones(text.encode())
    assert result.milestones.iloc[0]["description"] == "<b>Courts</b> use video."


def test_media_that_is_a_link_an_embed_or_a_quote_is_a_notice():
    result = loaded(LAYOUTS["18 columns"])
    assert result.ok
    frame = result.milestones.set_index("title")
    clarke = frame.loc["Edith Clarke: Bucking the Trend"]
    assert clarke["description"].startswith("There is no demand for women engineers")  # the quote's words
    assert clarke["image"] == ""
    hopper = frame.loc["Grace Hopper invents the compiler"]
    assert (hopper["image"], hopper["media_link"]) == (
        "",
        "https://w.soundcloud.com/player/?url=grace-hopper",
    )
    media = {w.row for w in result.warnings if w.column == "Media"}
    assert media == {4, 5, 6, 7}


def test_a_span_is_read_from_end_year_month_and_day():
    result = loaded(LAYOUTS["18 columns"])
    span = result.milestones.set_index("title").loc[SPAN]
    assert (span["end_date"], span["end_precision"]) == (pd.Timestamp("1946-01-01"), "year")
    assert milestone_when(span) == "Jul 1943 – 1946"
    space = result.milestones.set_index("title").loc["Contributions to space exploration"]
    assert milestone_when(space) == "1956 to the early 1960s"  # the Display Date, as written


@pytest.mark.parametrize("header", ["end_date", "End", "Until", "To", "End date"])
def test_an_end_date_column_is_read_by_the_names_people_give_it(header):
    text = f"date,{header},description,rationale\nAug 2019,Mar 2022,Eleven convictions.,Trials.\n"
    result = load_milestones(text.encode())
    assert result.ok, result.errors
    row = result.milestones.iloc[0]
    assert milestone_when(row) == "Aug 2019 – Mar 2022"
    assert check_report(result)["milestones"][0]["end_date"] == "2022-03-01"


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        ("Aug 2019", "Mar 2019", True),
        ("Mar 2022", "2022", False),
        ("2019", "2019", False),
        ("2019", "1899", True),
    ],
)
def test_an_end_before_its_start_is_an_error_by_row(start, end, refused):
    text = f"date,end_date,description,rationale\n{start},{end},Eleven convictions.,Trials.\n"
    result = load_milestones(text.encode())
    assert [(e.row, e.column) for e in result.errors] == ([(2, "end_date")] if refused else [])


def test_a_title_and_eras_are_kept_with_their_version(engine):
    store.ensure_ready(engine)
    assert store.read_framing(engine).title is None
    data = (FIXTURES / LAYOUTS["19 columns"]).read_bytes()
    info = store.publish_version(engine, data, "sample.csv", by=PRIYA, note="TimelineJS sheet")
    framing = store.read_framing(engine, info.version)
    assert framing.title["headline"] == "Women in Computing (test sample)"
    assert [era.headline for era in framing.eras] == ["The Second World War"]
    spans = store.read_milestones(engine, info.version)
    assert spans.set_index("title").loc[SPAN, "end_date"] == pd.Timestamp("1946-01-01")
    # A new title alone is a change to publish; restoring version 1 brings back no title.
    retitled = data.replace(b"Women in Computing (test sample)", b"Women in Computing (retitled)")
    store.publish_version(engine, retitled, "sample.csv", by=PRIYA, note="New title")
    restored = store.rollback(engine, 1, by=PRIYA, note="Back to the shipped data")
    assert store.read_framing(engine, restored.version).title is None


def test_a_span_is_drawn_as_a_bar_in_its_lane_and_an_era_shaded():
    from clfj_data.charts import timeline_figure

    result = loaded(LAYOUTS["19 columns"])
    fig = timeline_figure(result.milestones, eras=result.framing.eras)
    bars = [trace for trace in fig.data if trace.mode == "lines"]
    assert sorted(trace.name for trace in bars) == ["Engineering", "Programming"]
    programming = next(trace for trace in bars if trace.name == "Programming")
    assert list(programming.x) == ["1943-07-01", pd.Timestamp("1947-01-01"), None]  # to the end of 1946
    markers = next(t for t in fig.data if t.mode == "markers" and t.name == "Programming")
    span_y = next(y for y, data in zip(markers.y, markers.customdata, strict=True) if data["title"] == SPAN)
    assert programming.y[0] == programming.y[1] == span_y  # in its lane, through its marker
    (era,) = [shape for shape in fig.layout.shapes if shape.name not in ("lane band", "between lanes")]
    assert (era.x0, era.x1) == ("1939-09-01T00:00:00", "1945-10-01T00:00:00")
    assert [a.text for a in fig.layout.annotations if a.text == "The Second World War"]
    assert pd.Timestamp(fig.layout.xaxis.range[1]) > pd.Timestamp("1972-12-31")


def test_a_filter_counts_a_span_in_every_period_it_touches():
    from clfj_data.filters import Filters, apply_filters

    frame = loaded(LAYOUTS["18 columns"]).milestones
    kept = apply_filters(frame, Filters(start=dt.date(1945, 1, 1), end=dt.date(1945, 12, 31)))
    assert list(kept["title"]) == [SPAN]  # Jul 1943 – 1946 touches 1945


def test_a_new_end_date_is_a_change_written_as_a_person_writes_it():
    from clfj_data.diff import diff_milestones

    before = load_milestones(b"id,date,description,rationale\na,Aug 2019,Convictions.,Trials.\n").milestones
    after = load_milestones(
        b"id,date,end_date,description,rationale\na,Aug 2019,Mar 2022,Convictions.,Trials.\n"
    )
    (change,) = diff_milestones(before, after.milestones).changed
    (edit,) = change.edits
    assert (edit.field, edit.before, edit.after) == ("end_date", "", "Mar 2022")


SPANNING = (
    b"id,date,end_date,title,description,rationale,image,image_caption,image_alt,image_credit\n"
    b"convictions,Aug 2019,Mar 2022,Eleven convictions,Courts convict traffickers.,Trials end.,,,,\n"
)


def test_the_story_deck_and_offline_html_write_a_span_as_a_period():
    import io

    from pptx import Presentation

    from clfj_data import load_programme
    from clfj_data.deck import to_pptx
    from clfj_data.report import to_html
    from clfj_data.story import slide_label, story_order

    frame = load_milestones(SPANNING).milestones
    assert slide_label(story_order(frame), 1) == "1. Aug 2019 – Mar 2022 · Eleven convictions"
    assert "Aug 2019 – Mar 2022" in to_html(frame, load_programme()).decode()
    deck = Presentation(io.BytesIO(to_pptx(frame, load_programme())))
    words = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert any("Aug 2019 – Mar 2022" in text for text in words)


def test_the_templates_have_the_end_date_column_after_date():
    import io

    import openpyxl

    from clfj_data.template import template_csv, template_xlsx

    assert template_csv().split(",")[:3] == ["id", "date", "end_date"]
    sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx()))["milestones"]
    assert [cell.value for cell in sheet[1]][:3] == ["id", "date", "end_date"]
    hints = {str(v.sqref).split(":")[0]: v.promptTitle for v in sheet.data_validations.dataValidation}
    assert hints["C2"] == "End date"


def test_a_title_or_era_too_long_or_with_a_control_character_is_an_error_by_row():
    long_text = "x" * 5001
    text = sheet(
        f",,,,Title,{long_text},title,", "2019,,2020,,Era \x1b,,era,", "2021,3,,,Video,Courts.,,Kids."
    )
    result = load_milestones(text)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Text"), (3, "Headline")]
