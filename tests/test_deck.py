"""The PowerPoint deck: reopened with python-pptx, its slides hold the same milestones and counts as the
dashboard. Slides: title, timeline, a chart slide by state and one by sector, one per milestone, sources."""

import csv
import datetime as dt
import io
import subprocess

import openpyxl
import pandas as pd
import pytest
from milestone_rows import load_rows
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from clfj_data import format_date, load_programme
from clfj_data.charts import TWO_STATES_NOTE, count_by_sector, count_by_state
from clfj_data.deck import MORE, to_pptx
from clfj_data.store import VersionInfo

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
FIRST_MILESTONE = 4  # title, timeline, by state, by sector
# Each milestone's marker colour, its sector's on the dashboard's charts: Justice blue, Child
# protection vermillion, Care and health bluish green, Education orange, Livelihoods reddish purple,
# Community sky blue; no sector grey; "Brick kilns", outside the vocabulary, a spare wine red.
MARKER_COLOURS = {
    "video": "#0072B2", "convictions": "#0072B2", "company": "#CC79A7", "curriculum": "#8C8C8C",
    "kilns": "#882255",
    # data/milestones.csv
    "bihar-cpc-dashboard": "#D55E00", "jaipur-trafficking-convictions": "#0072B2",
    "rescued-children-health-checks": "#009E73", "testimony-by-videoconference": "#0072B2",
    "women-producer-company": "#CC79A7", "child-labourer-tracking-system": "#D55E00",
    "smc-members-displayed": "#E69F00", "testimony-before-return": "#0072B2",
    "child-rights-curriculum": "#56B4E9", "individual-care-plans": "#009E73",
}  # fmt: skip


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


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#0072B2").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return milestones(*SMALL)


@pytest.fixture(params=["small", "shipped"])
def any_frame(request, small, shipped) -> pd.DataFrame:
    return small if request.param == "small" else shipped


# Each deck is made once per module: the tests only read it.
@pytest.fixture(scope="module")
def small_deck(small):
    return open_deck(small)


@pytest.fixture(scope="module")
def shipped_deck(shipped):
    return open_deck(shipped)


@pytest.fixture
def any_deck(any_frame, small, small_deck, shipped_deck):
    """The deck of :func:`any_frame`."""
    return small_deck if any_frame is small else shipped_deck


@pytest.mark.unit
def test_the_deck_is_16_by_9_widescreen(small_deck):
    deck = small_deck
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))
    assert round(deck.slide_width.inches, 3) == 13.333 and deck.slide_height.inches == 7.5


@pytest.mark.unit
def test_slides_are_title_timeline_two_charts_one_per_milestone_and_sources(any_frame, any_deck):
    slides = list(any_deck.slides)
    assert len(slides) == 4 + len(any_frame) + 1
    assert shape(slides[1], "Title").text_frame.text == PROGRAMME.timeline_heading
    assert [shape(s, "Title").text_frame.text for s in slides[2:4]] == [
        "Milestones by state",
        "Milestones by sector",
    ]
    assert shape(slides[-1], "Title").text_frame.text == "Sources"


@pytest.mark.unit
def test_each_milestone_slide_shows_date_headline_what_changed_and_why_it_matters(any_frame, any_deck):
    slides = list(any_deck.slides)[FIRST_MILESTONE:-1]
    for slide, row in zip(slides, any_frame.itertuples(), strict=True):
        assert shape(slide, "Date").text_frame.text == format_date(row.date, row.precision)
        assert shape(slide, "Headline").text_frame.text == row.title
        assert shape(slide, "What changed").text_frame.text == "What changed"
        assert shape(slide, "Description").text_frame.text == row.description
        assert shape(slide, "Why it matters").text_frame.text == "Why it matters"
        assert shape(slide, "Rationale").text_frame.text == row.rationale
        assert row.rationale in slide.notes_slide.notes_text_frame.text


@pytest.mark.unit
def test_milestone_slides_follow_date_order_with_dates_at_their_precision(small_deck):
    slides = list(small_deck.slides)[FIRST_MILESTONE:-1]
    dates = [shape(s, "Date").text_frame.text for s in slides]
    assert dates == ["Sep 2019", "2020", "Mar 2021", "Jun 2021", "15 Mar 2022"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("index", "details"),
    [
        (0, "States: Bihar   ·   Sector: Not specified"),
        (1, "States: Not specified   ·   Sector: Livelihoods"),
        (2, "States: Rajasthan; Bihar   ·   Sector: Justice"),
        (4, "States: Rajasthan   ·   Place: Jaipur   ·   Sector: Justice"),
    ],
)
def test_states_place_and_sector_are_quiet_small_text(index, details, small_deck):
    slide = list(small_deck.slides)[FIRST_MILESTONE + index]
    assert shape(slide, "Details").text_frame.text == details
    assert font_size(slide, "Details") <= 14 < font_size(slide, "Description")


@pytest.mark.unit
def test_why_it_matters_is_boxed_and_larger_than_what_changed(shipped_deck):
    for slide in list(shipped_deck.slides)[FIRST_MILESTONE:-1]:
        box, rationale = shape(slide, "Why it matters box"), shape(slide, "Rationale")
        assert box.fill.fore_color.rgb is not None
        assert box.left <= rationale.left and rationale.left + rationale.width <= box.left + box.width
        assert box.top <= rationale.top and rationale.top + rationale.height <= box.top + box.height
        assert font_size(slide, "Rationale") > font_size(slide, "Description") >= 18
        assert 32 <= font_size(slide, "Headline") <= 40


@pytest.mark.unit
@pytest.mark.parametrize(
    ("index", "by", "count"), [(2, "state", count_by_state), (3, "sector", count_by_sector)]
)
def test_counts_are_native_bar_charts_with_the_dashboards_counts(any_frame, index, by, count, any_deck):
    slide = list(any_deck.slides)[index]
    (frame,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.CHART]
    assert frame.has_chart and frame.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    counts = count(any_frame)
    plot = frame.chart.plots[0]
    assert list(plot.categories) == counts[by].tolist()
    assert list(plot.series[0].values) == counts["milestones"].tolist()


@pytest.mark.unit
def test_sector_bars_have_each_sectors_colour(small_deck):
    slide = list(small_deck.slides)[3]
    chart = shape(slide, "Chart: Milestones by sector").chart
    sectors = chart.plots[0].categories
    assert list(sectors) == ["Justice", "Livelihoods", "Brick kilns", "Not specified"]
    colours = [f"#{point.format.fill.fore_color.rgb}" for point in chart.plots[0].series[0].points]
    assert colours == ["#0072B2", "#CC79A7", "#882255", "#8C8C8C"]  # as on the dashboard's charts


@pytest.mark.unit
@pytest.mark.parametrize(("rows", "noted"), [(SMALL, True), ((CONVICTIONS, KILNS), False)])
def test_state_chart_notes_that_two_states_count_once_in_each(rows, noted):
    slide = list(open_deck(milestones(*rows)).slides)[2]
    assert (TWO_STATES_NOTE in slide_text(slide)) is noted


@pytest.mark.unit
def test_title_slide_frames_the_deck_with_version_and_filters(small):
    slide = open_deck(small, version=VERSION, filters_text="Justice only").slides[0]
    text = slide_text(slide)
    for line in (PROGRAMME.name, PROGRAMME.heading, PROGRAMME.intro, PROGRAMME.partnership):
        assert line in text
    assert shape(slide, "Deck contents").text_frame.text == (
        "5 milestones, Sep 2019 to 15 Mar 2022\nData version 3, published 5 Mar 2024\nFilters: Justice only"
    )


@pytest.mark.unit
@pytest.mark.parametrize(("rows", "holds"), [((VIDEO,), "1 milestone, Mar 2021"), ((), "No milestones")])
def test_title_slide_without_version_or_filters_says_only_what_it_holds(rows, holds):
    slide = open_deck(milestones(*rows) if rows else milestones(VIDEO).iloc[:0]).slides[0]
    assert shape(slide, "Deck contents").text_frame.text == holds


@pytest.mark.unit
@pytest.mark.parametrize("size", [(1600, 500), (800, 1200)])  # wider than the slide's area, then taller
def test_a_timeline_png_is_placed_as_a_picture_that_keeps_its_shape(small, size):
    image = png(*size)
    deck = open_deck(small, timeline_png=image)
    slide = deck.slides[1]
    (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert picture.image.blob == image
    assert picture.width / picture.height == pytest.approx(size[0] / size[1], rel=0.01)
    assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
    assert picture.top + picture.height <= deck.slide_height
    assert not [s for s in slide.shapes if s.name.startswith("Marker: ")]


@pytest.mark.unit
def test_without_a_png_the_timeline_is_drawn_with_one_marker_per_milestone(any_frame, any_deck):
    slide = any_deck.slides[1]
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    markers = [s for s in slide.shapes if s.name.startswith("Marker: ")]
    assert [m.name for m in markers] == [f"Marker: {i}" for i in any_frame["id"]]
    assert [f"#{m.fill.fore_color.rgb}" for m in markers] == [MARKER_COLOURS[i] for i in any_frame["id"]]
    centres = [m.left + m.width / 2 for m in markers]
    assert centres == sorted(centres)  # left to right in date order
    (line,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE and s.width.inches > 10]
    assert line.left < min(centres) and max(centres) < line.left + line.width
    labels = {s.name: s.text_frame.text for s in slide.shapes if s.name.startswith("Label: ")}
    for row in any_frame.itertuples():
        assert labels[f"Label: {row.id}"].startswith(format_date(row.date, row.precision))


@pytest.mark.unit
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
    assert links[0] == PROGRAMME.source_url and links.count(None) == len(links) - 1


@pytest.mark.unit
def test_a_chart_label_like_a_formula_is_text_in_the_charts_workbook():
    slide = list(open_deck(milestones(*HOSTILE)).slides)[3]
    chart = shape(slide, "Chart: Milestones by sector").chart
    assert FORMULA in chart.plots[0].categories
    book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    (cell,) = [c for column in book.active.iter_cols() for c in column if c.value == FORMULA]
    assert cell.data_type == "s"  # XlsxWriter's default would store it as a formula ("f")


@pytest.mark.unit
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


@pytest.mark.unit
def test_text_too_long_for_the_slide_is_cut_and_pointed_to_the_notes():
    description = "Shelters now plan care for every child. " * 125  # 5,000 characters
    frame = milestones(f"long,Mar 2022,Care plans,{description.strip()},Recovery.,Bihar,,,")
    slide = list(open_deck(frame).slides)[FIRST_MILESTONE]
    shown = shape(slide, "Description").text_frame.text
    assert shown.endswith(f"… {MORE}") and len(shown) < len(description) * 0.7
    assert description[:200] in shown
    assert description.strip() in slide.notes_slide.notes_text_frame.text


@pytest.mark.unit
def test_every_shape_lies_on_the_slide_and_every_text_wraps(shipped_deck):
    deck = shipped_deck
    for slide in deck.slides:
        for item in slide.shapes:
            assert item.left >= 0 and item.left + item.width <= deck.slide_width, item.name
            assert item.top >= 0 and item.top + item.height <= deck.slide_height, item.name
            if item.shape_type == MSO_SHAPE_TYPE.TEXT_BOX:
                assert item.text_frame.word_wrap is True, item.name


@pytest.mark.unit
def test_progress_is_reported_once_per_slide_counting_up(small):
    calls = []
    deck = open_deck(small, progress=lambda done, total: calls.append((done, total)))
    total = len(deck.slides)
    assert calls == [(done, total) for done in range(1, total + 1)]


@pytest.mark.unit
def test_an_empty_selection_still_makes_a_deck_that_opens(small):
    slides = list(open_deck(small.iloc[:0], filters_text="Education only").slides)
    assert len(slides) == 5
    assert not [s for slide in slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.CHART]
    assert [shape(s, "Empty").text_frame.text for s in slides[1:4]] == [
        "No milestones to show.",
        "No milestones to count.",
        "No milestones to count.",
    ]


@pytest.mark.unit
def test_sources_slide_lists_the_programme_page_and_each_distinct_source_as_links(small_deck):
    sources = shape(small_deck.slides[-1], "Sources").text_frame
    others = ["https://example.org/video", "https://example.org/k"]
    assert sources.text.split("\n") == [PROGRAMME.source_url, "", "The milestones also cite:", *others]
    links = [run.hyperlink.address for paragraph in sources.paragraphs for run in paragraph.runs]
    assert links == [PROGRAMME.source_url, None, None, *others]


@pytest.mark.slow
def test_libreoffice_converts_the_deck_to_pdf(libreoffice, shipped, tmp_path):
    deck = tmp_path / "clfj.pptx"
    deck.write_bytes(to_pptx(shipped, PROGRAMME))
    command = [libreoffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    assert (tmp_path / "clfj.pdf").read_bytes().startswith(b"%PDF")
