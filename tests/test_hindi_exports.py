"""Exports in Hindi: the offline HTML's lang attributes, the deck's Devanagari font slot, the
TimelineJS JSON, the command line's --lang; and Hindi dates and Indian digit grouping."""

import datetime as dt
import io
import re
import zipfile

import pytest
from lxml import etree

from clfj_data import i18n, load_milestones, load_programme, shipped_milestones_path
from clfj_data.dates import format_date
from clfj_data.devanagari import FALLBACK, FONT
from clfj_data.export import render
from clfj_data.timelinejs import to_timelinejs
from clfj_data.translation import draft_line
from clfj_data.wording import milestone_when, span, span_text

pytestmark = pytest.mark.unit
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture(scope="module")
def shipped():
    return load_milestones(shipped_milestones_path()).milestones


@pytest.fixture(scope="module")
def one_without_hindi(shipped):
    """The shipped milestones, one of which (the Bihar dashboard) has no Hindi."""
    frame = shipped.copy()
    at = frame.index[frame["id"] == "bihar-cpc-dashboard"][0]
    frame.loc[at, ["title_hi", "description_hi", "rationale_hi", "translation_status"]] = ""
    return frame


# Dates and numbers


@pytest.mark.parametrize(
    ("date", "precision", "english", "hindi"),
    [
        (dt.date(2022, 3, 1), "month", "Mar 2022", "मार्च 2022"),
        (dt.date(2023, 3, 14), "day", "14 Mar 2023", "14 मार्च 2023"),
        (dt.date(2019, 1, 1), "year", "2019", "2019"),
        (dt.date(2019, 8, 1), "month", "Aug 2019", "अगस्त 2019"),
    ],
)
def test_dates_in_hindi_and_english_unchanged(date, precision, english, hindi):
    assert format_date(date, precision) == english
    assert format_date(date, precision, "en") == english
    assert format_date(date, precision, "hi") == hindi


def test_spans_and_a_milestone_date_in_hindi():
    start, end = dt.date(2019, 8, 1), dt.date(2022, 3, 1)
    assert span_text(start, "month", end, "month", "hi") == "अगस्त 2019 – मार्च 2022"
    assert span_text(start, "month", end, "month") == "Aug 2019 – Mar 2022"
    assert span((start, "month"), (end, "month")) == "Aug 2019 to Mar 2022"
    milestone = {"date": end, "precision": "month", "end_date": None, "display_date": ""}
    assert milestone_when(milestone, "hi") == "मार्च 2022"


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_numbers_are_grouped_the_indian_way_in_both_languages(lang):
    assert i18n.format_number(1234567, lang) == "12,34,567"
    assert i18n.format_number(1000, lang) == "1,000"


# The offline HTML


def html_of(frame, lang="en") -> str:
    return render("html", frame, programme=load_programme(), lang=lang).data.decode("utf-8")


def test_the_hindi_report_is_lang_hi_and_marks_what_falls_back_to_english(one_without_hindi):
    page = html_of(one_without_hindi, "hi")
    assert '<html lang="hi">' in page
    # The milestone without Hindi: its English headline and words, each marked as English.
    assert (
        '<h3 lang="en">Bihar child protection committees track progress on a digital dashboard</h3>' in page
    )
    assert '<p lang="en">Bihar Child Protection Committees in areas' in page
    # A milestone with Hindi is not marked, and its date is written in Hindi.
    assert "<h3>जयपुर में मुक्त कराए गए बच्चों की व्यापक स्वास्थ्य जाँच शुरू</h3>" in page
    assert "फ़रवरी 2022" in page
    assert "<h1>बाल श्रम मुक्त जयपुर: परिणाम</h1>" in page
    assert draft_line("hi") in page  # every shipped translation is a draft


def test_the_english_report_has_no_hindi_and_no_english_marks(shipped):
    page = html_of(shipped)
    assert '<html lang="en">' in page and 'lang="en"' not in page.split("<html", 1)[1].split(">", 1)[1]
    assert not DEVANAGARI.search(page.split("<script>")[0] + page.split("</script>")[-1])
    assert draft_line("hi") not in page


def test_the_file_name_says_hindi_except_for_the_tables(shipped):
    programme = load_programme()
    assert "-results-hi-" in render("html", shipped, programme=programme, lang="hi").file_name
    assert "-hi-" not in render("csv", shipped, programme=programme, lang="hi").file_name
    assert "-hi-" not in render("html", shipped, programme=programme).file_name


# The deck


def deck_xml(frame, lang: str) -> dict[str, etree._Element]:
    data = render("pptx", frame, programme=load_programme(), lang=lang).data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if re.fullmatch(r"ppt/(slides/slide\d+|notesSlides/notesSlide\d+|theme/theme\d+)\.xml", name)
        }


def test_every_devanagari_run_of_the_deck_has_the_complex_script_font_and_hindi_tag(one_without_hindi):
    parts = deck_xml(one_without_hindi, "hi")
    runs = [
        run
        for name, root in parts.items()
        if "theme" not in name
        for run in root.iter(f"{A}r")
        if DEVANAGARI.search(run.findtext(f"{A}t") or "")
    ]
    assert len(runs) > 30  # titles, words, dates and notes of ten milestones
    for run in runs:
        properties = run.find(f"{A}rPr")
        assert properties.get("lang") == "hi-IN"
        assert properties.find(f"{A}cs").get("typeface") == FONT == "Noto Sans Devanagari"
    # The schema's order: <a:cs> after <a:latin>/<a:ea>, before any hyperlink.
    order = [child.tag for child in runs[0].find(f"{A}rPr")]
    assert order.index(f"{A}cs") > max(
        (order.index(t) for t in (f"{A}latin", f"{A}ea") if t in order), default=-1
    )
    themes = [root for name, root in parts.items() if "theme" in name]
    deva = [
        font.get("typeface")
        for theme in themes
        for font in theme.iter(f"{A}font")
        if font.get("script") == "Deva"
    ]
    assert deva and set(deva) == {FALLBACK} == {"Nirmala UI"}
    slides = " ".join("".join(root.itertext()) for name, root in parts.items() if "slides/slide" in name)
    assert "Bihar child protection committees" in slides  # the one without Hindi, in English
    assert "मार्च 2022" in slides and draft_line("hi") in slides


def test_a_draft_translation_says_so_once_in_the_deck_on_its_opening_and_sources_slides(shipped):
    parts = deck_xml(shipped, "hi")  # every shipped translation is a draft
    numbered = ((int(re.search(r"(\d+)\.xml", name)[1]), root) for name, root in parts.items())
    slides = sorted((number, root) for number, root in numbered if root.tag.endswith("}sld"))
    saying = [number for number, root in slides if draft_line("hi") in "".join(root.itertext())]
    assert saying == [1, len(slides)]  # the title slide and the closing slide, with the sources
    closing = "".join(slides[-1][1].itertext())
    assert closing.count(draft_line("hi")) == 1 and "https://www.clfjaipur.org/results/" in closing


def test_an_english_deck_has_no_devanagari_runs(shipped):
    parts = deck_xml(shipped, "en")
    texts = " ".join("".join(root.itertext()) for name, root in parts.items() if "theme" not in name)
    assert not DEVANAGARI.search(texts)


# TimelineJS


def test_timelinejs_in_hindi_keeps_the_shape_and_writes_hindi(shipped, one_without_hindi):
    english = to_timelinejs(shipped, load_programme())
    hindi = to_timelinejs(one_without_hindi, load_programme(), lang="hi")
    assert english.keys() == hindi.keys()
    assert [e.keys() for e in english["events"]] == [e.keys() for e in hindi["events"]]
    assert hindi["title"]["text"]["headline"] == "बाल श्रम मुक्त जयपुर"
    by_id = {event["unique_id"]: event for event in hindi["events"]}
    assert by_id["individual-care-plans"]["start_date"]["display_date"] == "फ़रवरी 2019"
    assert by_id["individual-care-plans"]["text"]["headline"].startswith("आश्रय गृहों में")
    assert by_id["bihar-cpc-dashboard"]["text"]["headline"].startswith("Bihar child protection")
    english_events = {event["unique_id"]: event for event in english["events"]}
    assert english_events["individual-care-plans"]["start_date"]["display_date"] == "Feb 2019"
