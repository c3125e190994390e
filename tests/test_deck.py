"""The PowerPoint deck: reopened with python-pptx, its slides hold the same milestones and counts as the
dashboard. Slides: title, timeline, a chart slide by state and one by sector, one per milestone, sources."""

import csv
import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import segno
from milestone_rows import load_rows
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu, Inches

from clfj_data import deck as deck_module
from clfj_data import format_date, load_milestones, load_programme
from clfj_data.counts import TWO_STATES_NOTE, count_by_sector, count_by_state
from clfj_data.deck import MORE, to_pptx
from clfj_data.deck_shapes import LINE_EM
from clfj_data.export import render
from clfj_data.filters import Filters, apply_filters
from clfj_data.sectors import sector_colour
from clfj_data.store import VersionInfo
from clfj_data.story import story_order
from clfj_data.timeline_labels import DECK_LABELS
from clfj_data.translation import in_language

# Making and reading decks in this process; a few also run LibreOffice.
pytestmark = pytest.mark.slow

HEADER = "id,date,title,description,rationale,states,place,sector,source"
VIDEO = (
    "video,Mar 2021,Courts hear children by video,Courts use video.,Children testify.,"
    "Rajasthan; Bihar,,Justice,https://example.org/video"
)
CONVICTIONS = (
    "convictions,15 Mar 2022,Traffickers convicted,Judges convict.,Deterrence.,Rajasthan,Jaipur,Justice,"
    "https://www.clfjaipur.org/results/"
)
COMPANY = "company,2020,Women own a producer company,Women own it.,Power shifts.,,,Livelihoods,"
CURRICULUM = "curriculum,Sep 2019,Child rights curriculum,Volunteers teach.,Minds change.,Bihar,,,"
KILNS = "kilns,Jun 2021,Brick kilns inspected,Inspectors visit.,Fewer work.,Assam,,Brick kilns,https://example.org/k"
# By date: curriculum, company, video, kilns, convictions.
SMALL = (VIDEO, CONVICTIONS, COMPANY, CURRICULUM, KILNS)

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'
MARKDOWN_LINK = "[x](javascript:alert(1))"
RTL = "\u202eevil\u202c حقوق الطفل"
ZERO_WIDTH = "zero\u200bwidth\u200djoiner\ufeff"
LONG = (f"{FORMULA} {MARKDOWN_LINK} {RTL} {ZERO_WIDTH} " + "Shelters now plan care. " * 90)[:1999] + "."

VERSION = VersionInfo(
    version=3, published_at=dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC), published_by="Asha",
    note="Added the 2022 changes", milestones=5, sha256="0" * 64, file_name="milestones.csv",
    restores=None, current=True,
)  # fmt: skip
PROGRAMME = load_programme()
REPO = Path(__file__).resolve().parent.parent
FIRST_MILESTONE = 4  # title, timeline, by state, by sector


def csv_line(*cells: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


HOSTILE = (  # in HEADER's order: id, date, title, description, rationale, states, place, sector, source
    csv_line(
        "hostile",
        "Mar 2022",
        SCRIPT,
        LONG,
        f"{MARKDOWN_LINK} {RTL}",
        "Bihar",
        ZERO_WIDTH,
        FORMULA,
        MARKDOWN_LINK,
    ),
    csv_line("formula", "Apr 2022", FORMULA, f"{RTL} {ZERO_WIDTH}", SCRIPT, "", "", "", ""),
)


def milestones(*rows: str) -> pd.DataFrame:
    return load_rows(HEADER, *rows)


def open_deck(frame: pd.DataFrame, **options):
    return Presentation(io.BytesIO(to_pptx(frame, PROGRAMME, **options)))


def shape(slide, name: str):
    (found,) = [s for s in slide.shapes if s.name == name]
    return found


def slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def font_size(slide, name: str) -> float:
    return shape(slide, name).text_frame.paragraphs[0].runs[0].font.size.pt


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return milestones(*SMALL)


@pytest.fixture(params=["small", "shipped"])
def any_frame(request, small, shipped) -> pd.DataFrame:
    return small if request.param == "small" else shipped


def test_the_deck_is_16_by_9_widescreen(small):
    deck = open_deck(small)
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))
    assert round(deck.slide_width.inches, 3) == 13.333 and deck.slide_height.inches == 7.5


def test_slides_are_title_timeline_two_charts_one_per_milestone_and_sources(any_frame):
    slides = list(open_deck(any_frame).slides)
    assert len(slides) == 4 + len(any_frame) + 1
    assert shape(slides[1], "Title").text_frame.text == PROGRAMME.timeline_heading
    assert [shape(s, "Title").text_frame.text for s in slides[2:4]] == [
        "Milestones by state",
        "Milestones by sector",
    ]
    assert shape(slides[-1], "Kicker").text_frame.text == "What the changes add up to"


def test_each_milestone_slide_shows_date_headline_what_changed_and_why_it_matters(any_frame):
    slides = list(open_deck(any_frame).slides)[FIRST_MILESTONE:-1]
    for slide, row in zip(slides, any_frame.itertuples(), strict=True):
        assert shape(slide, "Date").text_frame.text == format_date(row.date, row.precision)
        assert shape(slide, "Headline").text_frame.text == row.title
        assert shape(slide, "What changed").text_frame.text == "What changed"
        assert shape(slide, "Description").text_frame.text == row.description
        assert shape(slide, "Why it matters").text_frame.text == "Why it matters"
        assert shape(slide, "Rationale").text_frame.text == row.rationale
        assert row.rationale in slide.notes_slide.notes_text_frame.text


def test_milestone_slides_follow_date_order_with_dates_at_their_precision(small):
    slides = list(open_deck(small).slides)[FIRST_MILESTONE:-1]
    dates = [shape(s, "Date").text_frame.text for s in slides]
    assert dates == ["Sep 2019", "2020", "Mar 2021", "Jun 2021", "15 Mar 2022"]


@pytest.mark.parametrize(
    ("index", "details"),
    [
        (0, "States: Bihar   ·   Sector: Not specified"),
        (1, "States: Not specified   ·   Sector: Livelihoods"),
        (2, "States: Rajasthan and Bihar   ·   Sector: Justice"),
        (4, "States: Rajasthan   ·   Place: Jaipur   ·   Sector: Justice"),
    ],
)
def test_states_place_and_sector_are_quiet_small_text(small, index, details):
    slide = list(open_deck(small).slides)[FIRST_MILESTONE + index]
    assert shape(slide, "Details").text_frame.text == details
    assert font_size(slide, "Details") <= 14 < font_size(slide, "Description")


def test_why_it_matters_is_boxed_and_larger_than_what_changed(shipped):
    for slide in list(open_deck(shipped).slides)[FIRST_MILESTONE:-1]:
        box, rationale = shape(slide, "Why it matters box"), shape(slide, "Rationale")
        assert box.fill.fore_color.rgb is not None
        assert box.left <= rationale.left and rationale.left + rationale.width <= box.left + box.width
        assert box.top <= rationale.top and rationale.top + rationale.height <= box.top + box.height
        assert font_size(slide, "Rationale") > font_size(slide, "Description") >= 18
        assert 32 <= font_size(slide, "Headline") <= 40


@pytest.mark.parametrize(
    ("index", "by", "count"), [(2, "state", count_by_state), (3, "sector", count_by_sector)]
)
def test_counts_are_native_bar_charts_with_the_dashboards_counts(any_frame, index, by, count):
    slide = list(open_deck(any_frame).slides)[index]
    (frame,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.CHART]
    assert frame.has_chart and frame.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    counts = count(any_frame)
    plot = frame.chart.plots[0]
    assert list(plot.categories) == counts[by].tolist()
    assert list(plot.series[0].values) == counts["milestones"].tolist()


def test_sector_bars_have_each_sectors_colour(small):
    slide = list(open_deck(small).slides)[3]
    chart = shape(slide, "Chart: Milestones by sector").chart
    sectors = chart.plots[0].categories
    assert list(sectors) == ["Justice", "Livelihoods", "Brick kilns", "Not specified"]
    colours = [f"#{point.format.fill.fore_color.rgb}" for point in chart.plots[0].series[0].points]
    assert colours == [sector_colour(sector) for sector in sectors]


@pytest.mark.parametrize(("rows", "noted"), [(SMALL, True), ((CONVICTIONS, KILNS), False)])
def test_state_chart_notes_that_two_states_count_once_in_each(rows, noted):
    slide = list(open_deck(milestones(*rows)).slides)[2]
    assert (TWO_STATES_NOTE in slide_text(slide)) is noted


def test_title_slide_names_the_programme_and_its_period_and_the_data_version_in_a_small_source_line(small):
    slide = open_deck(small, version=VERSION, filters_text="Justice only").slides[0]
    text = slide_text(slide)
    for line in (PROGRAMME.name, PROGRAMME.heading, PROGRAMME.intro, PROGRAMME.partnership):
        assert line in text
    assert shape(slide, "Period").text_frame.text == "Milestones from Sep 2019 to 15 Mar 2022"
    assert shape(slide, "Filters").text_frame.text == "Filters: Justice only"
    source = shape(slide, "Data source")
    assert source.text_frame.text == "Data: version 3, published 5 Mar 2024"
    # Small, at the foot, below every word of the title block: not read as the results' date.
    assert font_size(slide, "Data source") <= 14 < font_size(slide, "Period")
    assert all(source.top >= s.top + s.height for s in slide.shapes if s.name in TITLE_WORDS)
    assert "Data version" not in text


TITLE_WORDS = ("Heading", "Programme", "Period", "Partnership", "Key figures", "Intro", "Filters")


@pytest.mark.parametrize("holds", [{}, {"version": VERSION}, {"version": VERSION, "filters_text": "Justice"}])
def test_the_title_slide_stands_in_the_middle_with_no_empty_bottom_third(small, holds):
    deck = open_deck(small, **holds)
    words = [s for s in deck.slides[0].shapes if s.name in TITLE_WORDS]
    top = min(s.top for s in words)
    below = deck.slide_height - max(s.top + s.height for s in words)
    assert below <= Inches(1.5), below / 914400  # the words reach into the bottom third
    assert top >= Inches(1.0) and abs(top - below) <= Inches(1.25)  # and stand balanced


@pytest.mark.parametrize(
    ("rows", "figures"),
    [
        ((VIDEO,), "1 systemic change in 2 states (Bihar and Rajasthan) and 1 sector."),
        ((), "No systemic changes to show."),
    ],
)
def test_the_title_slide_gives_the_key_figures_before_the_framing_line_that_speaks_of_them(rows, figures):
    slide = open_deck(milestones(*rows) if rows else milestones(VIDEO).iloc[:0]).slides[0]
    said = shape(slide, "Key figures")
    assert said.text_frame.text == figures
    assert said.top < shape(slide, "Intro").top  # "But the numbers only tell part of the story." after them
    # No count on the slide before the figures (the period's dates aside): the framing line never
    # speaks of numbers unseen.
    before = [s for s in slide.shapes if s.has_text_frame and s.top < said.top and s.name != "Period"]
    assert not any(ch.isdigit() for s in before for ch in s.text_frame.text)
    assert not [s for s in slide.shapes if s.name in ("Filters", "Data source")]  # none to name


def test_the_timeline_is_drawn_with_native_shapes_one_marker_per_milestone(any_frame):
    slide = open_deck(any_frame).slides[1]
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    markers = [s for s in slide.shapes if s.name.startswith("Marker: ")]
    assert [m.name for m in markers] == [f"Marker: {i}" for i in any_frame["id"]]
    sectors = any_frame["sector"].replace("", "Not specified")
    assert [f"#{m.fill.fore_color.rgb}" for m in markers] == [sector_colour(s) for s in sectors]
    centres = [m.left + m.width / 2 for m in markers]
    assert centres == sorted(centres)  # left to right in date order
    (line,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE and s.width.inches > 10]
    assert line.left < min(centres) and max(centres) < line.left + line.width
    # Every marker on the line itself, none above or below it.
    middles = {m.top + m.height / 2 for m in markers}
    assert all(abs(y - (line.top + line.height / 2)) <= 2 for y in middles)
    labels = {s.name: s.text_frame.text for s in slide.shapes if s.name.startswith("Label: ")}
    notes = slide.notes_slide.notes_text_frame.text
    for row in any_frame.itertuples():
        label = labels.get(f"Label: {row.id}")
        assert label.startswith(format_date(row.date, row.precision)) if label else row.title in notes


def test_hostile_text_round_trips_literally_and_the_file_opens():
    frame = milestones(*HOSTILE)
    slides = list(open_deck(frame).slides)
    for slide, row in zip(slides[FIRST_MILESTONE:-1], frame.itertuples(), strict=True):
        assert shape(slide, "Headline").text_frame.text == row.title
        assert shape(slide, "Description").text_frame.text == row.description
        assert shape(slide, "Rationale").text_frame.text == row.rationale
        assert row.rationale in slide.notes_slide.notes_text_frame.text
    assert len(frame["description"][0]) == 2000
    long, short = slides[FIRST_MILESTONE : FIRST_MILESTONE + 2]
    assert font_size(long, "Description") < font_size(short, "Description")
    assert shape(slides[FIRST_MILESTONE], "Details").text_frame.text == (
        f"States: Bihar   ·   Place: {ZERO_WIDTH}   ·   Sector: {FORMULA}"
    )
    sources = shape(slides[-1], "Sources").text_frame
    assert MARKDOWN_LINK in sources.text.split("\n")
    links = [run.hyperlink.address for p in sources.paragraphs for run in p.runs]
    assert links[1] == PROGRAMME.source_url and links.count(None) == len(links) - 1


def test_a_chart_label_like_a_formula_is_text_in_the_charts_workbook():
    slide = list(open_deck(milestones(*HOSTILE)).slides)[3]
    chart = shape(slide, "Chart: Milestones by sector").chart
    assert FORMULA in chart.plots[0].categories
    book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    (cell,) = [c for column in book.active.iter_cols() for c in column if c.value == FORMULA]
    assert cell.data_type == "s"  # XlsxWriter's default would store it as a formula ("f")


def test_characters_xml_cannot_hold_become_replacement_characters():
    """The loader refuses them; a table built elsewhere may still hold them."""
    bell, not_a_character = "\x07", "\ufffe"
    frame = milestones(csv_line("bell", "Mar 2022", "Bell", "D.", "W.", "", "", "Kilns", ""))
    frame["title"], frame["sector"] = f"Bell{bell}", f"Kilns{bell}{not_a_character}"
    slides = list(open_deck(frame).slides)
    assert shape(slides[FIRST_MILESTONE], "Headline").text_frame.text == "Bell\ufffd"
    chart = shape(slides[3], "Chart: Milestones by sector").chart
    assert list(chart.plots[0].categories) == ["Kilns\ufffd\ufffd"]
    assert "Kilns\ufffd\ufffd" in shape(slides[1], "Legend").text_frame.text


def test_text_too_long_for_the_slide_is_cut_and_pointed_to_the_notes():
    description = "Shelters now plan care for every child. " * 125  # 5,000 characters
    frame = milestones(f"long,Mar 2022,Care plans,{description.strip()},Recovery.,Bihar,,,")
    slide = list(open_deck(frame).slides)[FIRST_MILESTONE]
    shown = shape(slide, "Description").text_frame.text
    assert shown.endswith(f"… {MORE}") and len(shown) < len(description) * 0.7
    assert description[:200] in shown
    assert description.strip() in slide.notes_slide.notes_text_frame.text


def test_every_shape_lies_on_the_slide_and_every_text_wraps(shipped):
    deck = open_deck(shipped)
    for slide in deck.slides:
        for item in slide.shapes:
            assert item.left >= 0 and item.left + item.width <= deck.slide_width, item.name
            assert item.top >= 0 and item.top + item.height <= deck.slide_height, item.name
            if item.shape_type == MSO_SHAPE_TYPE.TEXT_BOX:
                assert item.text_frame.word_wrap is True, item.name


def test_progress_is_reported_once_per_slide_counting_up(small):
    calls = []
    deck = open_deck(small, progress=lambda done, total: calls.append((done, total)))
    total = len(deck.slides)
    assert calls == [(done, total) for done in range(1, total + 1)]


def test_an_empty_selection_still_makes_a_deck_that_opens(small):
    slides = list(open_deck(small.iloc[:0], filters_text="Education only").slides)
    assert len(slides) == 5
    assert not [s for slide in slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.CHART]
    assert [shape(s, "Empty").text_frame.text for s in slides[1:4]] == [
        "No milestones to show.",
        "No milestones to count.",
        "No milestones to count.",
    ]


def test_sources_slide_lists_the_programme_page_and_each_distinct_source_as_links(small):
    sources = shape(open_deck(small).slides[-1], "Sources").text_frame
    others = ["https://example.org/video", "https://example.org/k"]
    assert sources.text.split("\n") == [
        "Child Labour Free Jaipur results page:",
        PROGRAMME.source_url,
        "",
        "The milestones also cite:",
        *others,
    ]
    links = [run.hyperlink.address for paragraph in sources.paragraphs for run in paragraph.runs]
    assert links == [None, PROGRAMME.source_url, None, None, *others]


def test_libreoffice_converts_the_deck_to_pdf(libreoffice, shipped, tmp_path):
    office = libreoffice
    deck = tmp_path / "clfj.pptx"
    deck.write_bytes(to_pptx(shipped, PROGRAMME))
    command = [office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    assert (tmp_path / "clfj.pdf").read_bytes().startswith(b"%PDF")


# The timeline slide: native shapes a presenter can read from the back of the room and edit


def boxes(slide, prefix: str = "Label: ") -> dict[str, tuple[int, int, int, int]]:
    return {
        s.name: (s.left, s.top, s.left + s.width, s.top + s.height)
        for s in slide.shapes
        if s.name.startswith(prefix)
    }


def intersect(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def generated(tmp_path, count: int) -> pd.DataFrame:
    """``count`` realistic milestones from benchmarks/generate.py, read by the real loader."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    path = generate.write_milestones(tmp_path / "milestones.csv", count, seed=3)
    result = load_milestones(path)
    assert result.ok, result.errors
    return result.milestones


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_timeline_labels_every_shipped_milestone_in_full_with_its_date(shipped, lang):
    """All ten, Sep 2019's among the five of Sep 2019 to Mar 2020 that crowd one short stretch;
    in Hindi, each date and headline in Hindi."""
    slide = open_deck(shipped, lang=lang).slides[1]
    labels = {s.name: s.text_frame.text for s in slide.shapes if s.name.startswith("Label: ")}
    assert len(labels) == len(shipped) == 10
    for row in in_language(shipped, lang).itertuples():
        assert labels[f"Label: {row.id}"] == f"{format_date(row.date, row.precision, lang)}\n{row.title}"
    assert "…" not in slide_text(slide)
    assert len(slide.notes_slide.notes_text_frame.text.splitlines()) == 10  # none "without a label"


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_timeline_keeps_within_the_titles_margins(shipped, lang):
    """The line, its markers, years and labels start no further left than the title and end no
    further right than its box, as the slide's other content does."""
    slide = open_deck(shipped, lang=lang).slides[1]
    heading = shape(slide, "Title")
    left, right = heading.left, heading.left + heading.width
    drawn = [s for s in slide.shapes if s.name not in ("Title", "Legend")]
    assert len(drawn) > 3 * len(shipped)
    outside = [s.name for s in drawn if s.left < left or s.left + s.width > right]
    assert outside == []


def leaders_of(slide) -> list[tuple[int, int, int, int]]:
    """The timeline's leader lines (upright: each one's extent is the line itself)."""
    return [
        (min(s.begin_x, s.end_x), min(s.begin_y, s.end_y), max(s.begin_x, s.end_x), max(s.begin_y, s.end_y))
        for s in slide.shapes
        if s.shape_type == MSO_SHAPE_TYPE.LINE and s.width.inches < 1 and s.height.inches > 0.2
        and not s.name.startswith("Tick: ")
    ]  # fmt: skip


@pytest.mark.parametrize("rows", ["shipped", "hindi", "justice", 40])
def test_no_leader_crosses_a_label_a_year_or_another_leader(rows, shipped, tmp_path):
    justice = shipped[shipped["sector"] == "Justice"]
    frame = {"shipped": shipped, "hindi": shipped, "justice": justice}.get(rows)
    frame = generated(tmp_path, rows) if frame is None else frame
    slide = open_deck(frame, lang="hi" if rows == "hindi" else "en").slides[1]
    labels = boxes(slide) | boxes(slide, "Year: ")
    leaders = leaders_of(slide)
    assert leaders and [name for name in labels if name.startswith("Year: ")]
    for leader in leaders:
        assert [name for name, label in labels.items() if intersect(leader, label)] == []
    for a, b in itertools.combinations(leaders, 2):
        assert not intersect(a, b) or a[0] != b[0]


@pytest.mark.parametrize(
    ("rows", "years"),
    [("shipped", range(2019, 2023)), ("justice", range(2019, 2023)), ("one", [2021])],
)
def test_every_year_the_line_spans_has_its_tick_and_label(rows, years, shipped):
    frame = {
        "shipped": shipped,
        "justice": shipped[shipped["sector"] == "Justice"],  # from Nov 2019: 2019 still labelled
        "one": shipped[shipped["id"] == "testimony-by-videoconference"],
    }[rows]
    slide = open_deck(frame).slides[1]
    named = {s.name: s for s in slide.shapes}
    assert sorted(n for n in named if n.startswith("Year: ")) == [f"Year: {year}" for year in years]
    (track,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE and s.width.inches > 10]
    for year in years:
        label, tick = named[f"Year: {year}"], named[f"Tick: {year}"]
        assert label.text_frame.text == str(year)
        assert track.left <= tick.begin_x <= track.left + track.width  # on the line
        # Centred under it, or, where that would leave the line, just after it (where it begins).
        centred = abs(label.left + label.width / 2 - tick.begin_x) <= Emu(12700)
        assert centred or 0 <= label.left - tick.begin_x <= Inches(0.05), year
        assert tick.begin_y < track.top < label.top  # the tick crosses the line, its year under it


@pytest.mark.parametrize("rows", ["small", "shipped", 40])
def test_no_two_timeline_labels_overlap_nor_touch_the_line_title_or_legend(rows, small, shipped, tmp_path):
    frame = {"small": small, "shipped": shipped}.get(rows)
    frame = generated(tmp_path, rows) if frame is None else frame
    slide = open_deck(frame).slides[1]
    labels = list(boxes(slide).values())
    assert labels
    for a, b in itertools.combinations(labels, 2):
        assert not intersect(a, b)
    (line,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE and s.width.inches > 10]
    others = [
        *boxes(slide, "Title").values(),
        *boxes(slide, "Legend").values(),
        *boxes(slide, "Marker: ").values(),
    ]
    for label in labels:
        assert not (label[1] < line.top < label[3])
        assert not any(intersect(label, other) for other in others)


def test_timeline_text_is_at_least_12_point(shipped):
    slide = open_deck(shipped).slides[1]
    sizes = [
        run.font.size.pt
        for s in slide.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for run in p.runs
    ]
    assert sizes and min(sizes) >= 12


def test_each_label_is_joined_to_its_marker_by_a_leader_line(shipped):
    slide = open_deck(shipped).slides[1]
    ends = set()
    for s in slide.shapes:
        if s.shape_type == MSO_SHAPE_TYPE.LINE:
            x1, y1 = s.begin_x, s.begin_y
            x2, y2 = s.end_x, s.end_y
            ends |= {(x1, y1), (x2, y2)}
    labelled = {s.name.removeprefix("Label: ") for s in slide.shapes if s.name.startswith("Label: ")}
    for marker in [s for s in slide.shapes if s.name.removeprefix("Marker: ") in labelled]:
        centre = (marker.left + marker.width // 2, marker.top + marker.height // 2)
        assert any(abs(x - centre[0]) <= 2 and abs(y - centre[1]) <= 2 for x, y in ends), marker.name


def test_with_many_milestones_the_slide_labels_what_fits_and_the_notes_say_how_many_more(tmp_path):
    frame = generated(tmp_path, 40)
    slide = open_deck(frame).slides[1]
    labelled = len(boxes(slide))
    assert 6 <= labelled < 40
    assert len(boxes(slide, "Marker: ")) == 40
    notes = slide.notes_slide.notes_text_frame.text
    assert f"labels {labelled} of 40 milestones" in notes and f"{40 - labelled} more" in notes
    shown = {s.name.removeprefix("Label: ") for s in slide.shapes if s.name.startswith("Label: ")}
    for row in frame.itertuples():
        assert (row.id in shown) != (row.title in notes), row.id


def test_chart_slides_show_their_title_once(shipped):
    for slide in list(open_deck(shipped).slides)[2:4]:
        (chart,) = [s.chart for s in slide.shapes if s.has_chart]
        # Without autoTitleDeleted, PowerPoint titles a one-series chart with the series name.
        assert chart._chartSpace.xpath("c:chart/c:autoTitleDeleted/@val") == ["1"]
        assert chart.has_title is False
        assert slide_text(slide).count("Milestones by") == 1


def test_the_deck_needs_no_browser_and_is_quick_even_where_one_is_installed(shipped, monkeypatch):
    """The timeline used to be a picture drawn by kaleido in Chromium: several seconds and unreadable."""
    monkeypatch.setenv("BROWSER_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    render("pptx", shipped, programme=PROGRAMME)  # imports, once
    started = time.perf_counter()
    made = render("pptx", shipped, programme=PROGRAMME)
    assert time.perf_counter() - started < 3  # a browser start alone took about 5 s
    slide = Presentation(io.BytesIO(made.data)).slides[1]
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


# The closing slide: the sources, and a QR code for the live dashboard


def qr_modules(picture, size: int) -> list[list[bool]]:
    """The dark and light modules of a QR code PNG with segno's 4-module quiet zone."""
    image = Image.open(io.BytesIO(picture.image.blob)).convert("L")
    scale = image.width / (size + 8)
    assert image.width == image.height and scale == int(scale)
    return [
        [
            image.getpixel((int((4 + col + 0.5) * scale), int((4 + row + 0.5) * scale))) < 128
            for col in range(size)
        ]
        for row in range(size)
    ]


def test_the_closing_slide_has_a_qr_code_of_the_live_dashboard_with_the_same_filters(shipped, monkeypatch):
    monkeypatch.setenv("CLFJ_PUBLIC_URL", "https://dashboard.example.org/")
    chosen = Filters(states=("Rajasthan",), sectors=("Justice", "Care and health"), start=dt.date(2020, 1, 1))
    made = render("pptx", apply_filters(shipped, chosen), programme=PROGRAMME, filters=chosen)
    slide = Presentation(io.BytesIO(made.data)).slides[-1]
    url = "https://dashboard.example.org/?state=Rajasthan&sector=Justice&sector=Care%20and%20health&from=2020-01"
    (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    expected = segno.make(url, error="m", micro=False)
    rows = [[bool(module) for module in row] for row in expected.matrix]
    assert qr_modules(picture, len(rows)) == rows
    assert picture.width.inches >= 2 and picture.width == picture.height
    assert shape(slide, "Dashboard link").text_frame.text == url
    assert url in slide.notes_slide.notes_text_frame.text
    assert PROGRAMME.source_url in shape(slide, "Sources").text_frame.text


def test_without_a_public_address_the_qr_code_opens_the_results_page(shipped, monkeypatch):
    monkeypatch.delenv("CLFJ_PUBLIC_URL", raising=False)
    slide = Presentation(io.BytesIO(render("pptx", shipped, programme=PROGRAMME).data)).slides[-1]
    (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    expected = segno.make(PROGRAMME.source_url, error="m", micro=False)
    assert qr_modules(picture, len(expected.matrix)) == [[bool(m) for m in row] for row in expected.matrix]
    assert shape(slide, "QR caption").text_frame.text == "Scan for every change on the results page"
    assert shape(slide, "Results page link").text_frame.text == PROGRAMME.source_url


def test_a_dashboard_address_the_app_was_reached_at_is_the_decks_link(shipped, monkeypatch):
    monkeypatch.delenv("CLFJ_PUBLIC_URL", raising=False)
    justice = Filters(sectors=("Justice",))
    made = render("pptx", apply_filters(shipped, justice), programme=PROGRAMME, filters=justice,
                  address="https://results.example.org/")  # fmt: skip
    slide = Presentation(io.BytesIO(made.data)).slides[-1]
    assert shape(slide, "Dashboard link").text_frame.text == "https://results.example.org/?sector=Justice"


def test_where_a_public_edition_is_published_the_qr_code_opens_it(shipped, monkeypatch, tmp_path):
    """A phone opens the static edition in about a second, the dashboard in several: the
    unfiltered deck sends the room there; a filtered one keeps its filters on the dashboard."""
    edition = tmp_path / "edition"
    edition.mkdir()
    (edition / "index.html").write_text("<!doctype html><title>Results</title>")
    monkeypatch.setenv("CLFJ_PUBLIC_URL", "https://results.example.org/")
    monkeypatch.setenv("CLFJ_SITE_DIR", str(edition))
    slide = Presentation(io.BytesIO(render("pptx", shipped, programme=PROGRAMME).data)).slides[-1]
    (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    expected = segno.make("https://results.example.org/results/", error="m", micro=False)
    assert qr_modules(picture, len(expected.matrix)) == [[bool(m) for m in row] for row in expected.matrix]
    assert shape(slide, "Dashboard link").text_frame.text == "https://results.example.org/results/"
    justice = Filters(sectors=("Justice",))
    made = render("pptx", apply_filters(shipped, justice), programme=PROGRAMME, filters=justice)
    slide = Presentation(io.BytesIO(made.data)).slides[-1]
    assert shape(slide, "Dashboard link").text_frame.text == "https://results.example.org/?sector=Justice"


def test_before_the_first_edition_is_written_the_qr_code_opens_the_dashboard(shipped, monkeypatch, tmp_path):
    monkeypatch.setenv("CLFJ_PUBLIC_URL", "https://results.example.org/")
    monkeypatch.setenv("CLFJ_SITE_DIR", str(tmp_path / "edition"))  # set, but nothing published there yet
    slide = Presentation(io.BytesIO(render("pptx", shipped, programme=PROGRAMME).data)).slides[-1]
    assert shape(slide, "Dashboard link").text_frame.text == "https://results.example.org/"


def test_the_closing_slide_sums_up_thanks_the_room_and_fills_the_slide(shipped):
    slide = open_deck(shipped).slides[-1]
    figures = {s.name.removeprefix("Figure: "): s.text_frame.text for s in slide.shapes
               if s.name.startswith("Figure: ")}  # fmt: skip
    assert figures == {"Systemic changes": "10", "States": "2", "Sectors": "6", "Years": "2019–2022"}
    assert shape(slide, "Title").text_frame.text == "10 systemic changes, Feb 2019 to Mar 2022"
    where = shape(slide, "Where").text_frame.text
    assert where.startswith("In Bihar and Rajasthan, across 6 sectors: Justice, ")
    assert shape(slide, "Thanks").text_frame.text == "Thank you"
    # Filled: shapes reach across the slide and down to its foot, not a list in one corner.
    boxes = [s for s in slide.shapes if s.name != "Accent"]
    assert max(s.left + s.width for s in boxes) >= 0.9 * Inches(13.333)
    assert max(s.top + s.height for s in boxes) >= Inches(6.8)


@pytest.mark.parametrize("public", ["", "https://dashboard.example.org/"])
def test_no_speaker_note_names_a_setting(shipped, monkeypatch, public):
    monkeypatch.setenv("CLFJ_PUBLIC_URL", public)
    deck = Presentation(io.BytesIO(render("pptx", shipped, programme=PROGRAMME).data))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert not re.search(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", notes)  # no CLFJ_PUBLIC_URL or the like


def test_the_milestone_slides_run_oldest_first_whatever_order_they_are_given(shipped):
    shuffled = shipped.sample(frac=1, random_state=5)
    slides = list(open_deck(shuffled).slides)[FIRST_MILESTONE:-1]
    headlines = [shape(s, "Headline").text_frame.text for s in slides]
    assert headlines == list(story_order(shuffled)["title"])


def test_past_the_bound_only_the_latest_have_slides_and_one_slide_names_the_rest(small, monkeypatch):
    monkeypatch.setattr(deck_module, "MAX_MILESTONE_SLIDES", 3)
    slides = list(open_deck(small).slides)
    assert len(slides) == FIRST_MILESTONE + 3 + 2  # the latest three, what was left out, the sources
    kept = [slide_text(slide) for slide in slides[FIRST_MILESTONE : FIRST_MILESTONE + 3]]
    for text, title in zip(
        kept, ("Courts hear children by video", "Brick kilns inspected", "Traffickers convicted"), strict=True
    ):
        assert title in text
    left = slides[FIRST_MILESTONE + 3]
    assert "latest 3 of 5 milestones" in slide_text(left) and "other 2" in slide_text(left)
    notes = left.notes_slide.notes_text_frame.text
    assert "Child rights curriculum" in notes and "Women own a producer company" in notes


def test_a_deck_stops_when_its_progress_says_so(small):
    class Gone(Exception):
        pass

    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done == 3:
            raise Gone

    with pytest.raises(Gone):
        to_pptx(small, PROGRAMME, progress=progress)
    assert calls == [1, 2, 3]


def test_fast_slides_name_parts_and_ids_as_python_pptx_does(small):
    """The adapter over python-pptx's internals: an upgrade that changes them fails here."""
    from clfj_data.slides import Slides

    made = Presentation()
    slides = Slides(made)
    for _ in range(3):
        slide = slides.add(made.slide_layouts[6])
        slide.notes_slide.notes_text_frame.text = "notes"
        slide.shapes.add_textbox(0, 0, 10, 10)
        slide.shapes.add_textbox(0, 0, 10, 10)
    reference = Presentation()
    for _ in range(3):
        slide = reference.slides.add_slide(reference.slide_layouts[6])
        slide.notes_slide.notes_text_frame.text = "notes"
        slide.shapes.add_textbox(0, 0, 10, 10)
        slide.shapes.add_textbox(0, 0, 10, 10)

    def described(deck):
        saved = Presentation(io.BytesIO(_saved(deck)))
        parts = sorted(str(p.partname) for p in saved.part.package.iter_parts())
        return (
            parts,
            [s.slide_id for s in saved.slides],
            [[sh.shape_id for sh in s.shapes] for s in saved.slides],
        )

    assert described(made) == described(reference)


def test_a_deck_of_many_milestones_takes_time_linear_in_them():
    """Twice the milestones, at most about twice the time (it was four times)."""
    rows = [
        csv_line(
            f"m{i}",
            f"{1 + i % 12:02d}/{2000 + i // 12}",
            f"Change {i}",
            "What.",
            "Why.",
            "Bihar",
            "",
            "Justice",
            "",
        )
        for i in range(240)
    ]
    frame = milestones(*rows)

    def seconds(part: pd.DataFrame) -> float:
        start = time.process_time()
        to_pptx(part, PROGRAMME)
        return time.process_time() - start

    seconds(frame.iloc[:20])  # warm
    half, whole = min(seconds(frame.iloc[:120]) for _ in range(2)), min(seconds(frame) for _ in range(2))
    assert whole / half < 2.6


def _saved(deck) -> bytes:
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def eleven(shipped) -> pd.DataFrame:
    """The shipped ten and one made up in a test, in Sep 2019's crowded stretch."""
    extra = shipped.iloc[[0]].assign(id="made-up-extra", date=pd.Timestamp("2019-09-01"))
    return pd.concat([shipped, extra], ignore_index=True)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_crowded_timeline_slide_labels_every_milestone(shipped, lang):
    """Eleven labels, each starting with its date; a shortened one's headline is whole in the notes."""
    frame = eleven(shipped)
    slide = open_deck(frame, lang=lang).slides[1]
    labels = {s.name: s.text_frame.text for s in slide.shapes if s.name.startswith("Label: ")}
    assert sorted(labels) == sorted(f"Label: {i}" for i in frame["id"])
    notes = slide.notes_slide.notes_text_frame.text
    for row in in_language(frame, lang).itertuples():
        assert labels[f"Label: {row.id}"].startswith(format_date(row.date, row.precision, lang))
        assert row.title in notes


def test_a_crowded_timeline_slide_shortens_only_the_labels_without_room(shipped):
    """Eleven milestones in English: a label cut short is one that found no room for its whole
    headline; the others keep theirs, wrapped over the lines it takes as on the slide of ten."""
    frame = eleven(shipped)
    slide = open_deck(frame).slides[1]
    labels = {s.name.removeprefix("Label: "): s for s in slide.shapes if s.name.startswith("Label: ")}
    whole = [r.id for r in frame.itertuples() if labels[r.id].text_frame.text.endswith("\n" + r.title)]
    assert len(whole) >= len(frame) - 1
    for milestone_id in whole:
        label = labels[milestone_id]
        date, headline = (p.runs[0].font.size.pt for p in label.text_frame.paragraphs)
        one_line = date * 1.3 + headline * LINE_EM + 2 * DECK_LABELS.pad + 1
        assert Emu(label.height).pt > one_line + headline / 2, milestone_id  # two lines or more
