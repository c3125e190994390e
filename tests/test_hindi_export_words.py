"""A Hindi export holds no English interface word: the deck's slides, notes, charts and alt text,
the offline report's page and its charts, TimelineJS and the link-preview picture. What may stay
English is what a Hindi page of the app may show (tests/test_app_language.py's checker): a
milestone's own English where it has no Hindi, names such as CLFJ and QR, and web addresses."""

import datetime as dt
import html
import io
import json
import re
from html.parser import HTMLParser

import pytest
from lxml import etree
from PIL import ImageFont
from pptx import Presentation
from test_app_language import chart_words, english_left

from clfj_data import load_programme
from clfj_data.charts import timeline_figure
from clfj_data.export import render
from clfj_data.filters import Filters
from clfj_data.preview import DEVANAGARI, FONTS, REGULAR, preview_words
from clfj_data.store import VersionInfo
from clfj_data.timelinejs import to_timelinejs
from clfj_data.translation import in_language

pytestmark = pytest.mark.unit

PROGRAMME = load_programme()
VERSION = VersionInfo(
    version=3, published_at=dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC), published_by="Asha",
    note="", milestones=10, sha256="0" * 64, file_name="milestones.csv", restores=None, current=True,
)  # fmt: skip
FILTERS = Filters(
    states=("Rajasthan", "Bihar"), start=dt.date(2019, 1, 1), search="अदालत"
)  # a search as a Hindi reader types it
DESCRIBED = re.compile(r'\bdescr="([^"]*)"')


def made(fmt: str, frame, lang: str = "hi", **options) -> bytes:
    return render(fmt, frame, programme=PROGRAMME, version=VERSION, lang=lang, **options).data


def deck_words(data: bytes) -> list[str]:
    """Every word a deck shows or says: its text boxes, charts (categories, series, alt text),
    every shape's alt text and the speaker notes."""
    words = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            words += [shape.text_frame.text] if shape.has_text_frame else []
            if shape.has_chart:
                plot = shape.chart.plots[0]
                words += [str(c) for c in plot.categories] + [series.name for series in plot.series]
            words += [html.unescape(d) for d in DESCRIBED.findall(etree.tostring(shape._element).decode())]
        words.append(slide.notes_slide.notes_text_frame.text)
    return [word for word in words if word.strip()]


def test_the_hindi_deck_has_no_english_interface_word(shipped):
    data = made("pptx", shipped, filters=FILTERS)
    words = deck_words(data)
    assert any("पड़ाव" in word for word in words)  # the check reads the deck's words
    assert english_left(words) == []


def test_the_check_finds_an_english_word_left_in_the_deck(shipped):
    assert english_left(deck_words(made("pptx", shipped, lang="en"))) != []


def test_a_hindi_deck_points_to_the_speaker_notes_in_hindi(shipped):
    """A milestone too long for its slide is cut, and the words that send the presenter to the
    notes are the deck's language's."""
    frame = shipped.copy()
    frame.loc[0, "description_hi"] = " ".join([frame.loc[0, "description_hi"]] * 40)
    slides = Presentation(io.BytesIO(made("pptx", frame))).slides
    boxes = [s.text_frame.text for slide in slides for s in slide.shapes if s.name == "Description"]
    (cut,) = [text for text in boxes if text.endswith(")")]
    assert cut.endswith("… (आगे वक्ता नोट्स में)")
    assert english_left([cut]) == []
    english = Presentation(io.BytesIO(made("pptx", frame.assign(description=frame["description_hi"]), "en")))
    cut = [s.text_frame.text for slide in english.slides for s in slide.shapes if s.name == "Description"]
    assert any(text.endswith("… (continued in the speaker notes)") for text in cut)


class PageText(HTMLParser):
    """A page's words as a reader meets them, and the figures its charts draw."""

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self.figures: list[dict] = []
        self._skipping = False

    def handle_starttag(self, tag, attrs):
        self._skipping = tag in ("script", "style")
        self.words += [value for name, value in attrs if name in ("aria-label", "alt", "title") and value]

    def handle_endtag(self, tag):
        self._skipping = False

    def handle_data(self, data):
        if "Plotly.newPlot(" in data:
            self.figures += _figures(data)
        elif not self._skipping and data.strip():
            self.words.append(data.strip())


def _figures(script: str) -> list[dict]:
    """The figures a page's ``Plotly.newPlot("id", data, layout, config)`` calls draw."""
    decoder, found = json.JSONDecoder(), []
    for call in script.split("Plotly.newPlot(")[1:]:
        rest = call.split(",", 1)[1].lstrip()  # after the element's id
        data, end = decoder.raw_decode(rest)
        layout, _ = decoder.raw_decode(rest[end:].lstrip(" ,\n"))
        found.append({"data": data, "layout": layout})
    return found


def figure_words(figure: dict) -> list[str]:
    """What a chart writes, hover included: its titles, categories, names, annotations and hover
    templates (their placeholders and markup dropped)."""
    layout = figure["layout"]
    words = chart_words(figure) + [note.get("text", "") for note in layout.get("annotations", [])]
    words += [
        axis.get("title", {}).get("text", "") for key, axis in layout.items() if key.startswith(("x", "y"))
    ]
    for trace in figure["data"]:
        words.append(re.sub(r"%\{[^}]*\}|<[^>]+>", " ", trace.get("hovertemplate", "")))
        words += [str(text) for text in trace.get("text", []) if isinstance(text, str)]
    return [html.unescape(re.sub(r"<[^>]+>", " ", word)) for word in words if word and word.strip()]


def test_the_hindi_report_and_its_charts_have_no_english_interface_word(shipped):
    page = PageText()
    page.feed(made("html", shipped, filters=FILTERS).decode("utf-8"))
    assert len(page.figures) == 3 and page.words
    assert english_left(page.words) == []
    assert english_left([word for figure in page.figures for word in figure_words(figure)]) == []


def test_the_check_reads_the_report_and_its_charts(shipped):
    page = PageText()
    page.feed(made("html", shipped, lang="en").decode("utf-8"))
    assert english_left(page.words) and english_left(figure_words(page.figures[1]))


def timelinejs_words(story) -> list[str]:
    """Every text of a TimelineJS story a reader sees (not its ids, numbers or pictures)."""
    if isinstance(story, dict):
        return [
            w
            for key, value in story.items()
            if key not in ("unique_id", "media")
            for w in timelinejs_words(value)
        ]
    if isinstance(story, list):
        return [w for value in story for w in timelinejs_words(value)]
    return [html.unescape(html.unescape(re.sub(r"<[^>]+>", " ", story)))] if isinstance(story, str) else []


def test_the_hindi_timelinejs_has_no_english_interface_word(shipped):
    story = to_timelinejs(shipped, PROGRAMME, lang="hi")
    words = timelinejs_words(story)
    assert any("व्यवस्थागत बदलाव" in word for word in words)  # the key figures, in Hindi
    assert english_left(words) == []
    assert english_left(timelinejs_words(to_timelinejs(shipped, PROGRAMME))) != []


def test_the_hindi_preview_picture_writes_hindi_every_letter_in_a_font_that_has_it(shipped):
    words = preview_words(in_language(shipped, "hi"), PROGRAMME.in_language("hi"), "hi")
    assert english_left(list(words)) == [] and english_left(list(preview_words(shipped, PROGRAMME))) != []
    fonts = [ImageFont.truetype(str(FONTS / name), 34) for name in DEVANAGARI[REGULAR]]
    missing = bytes(fonts[0].getmask("\U0010fff0"))  # how the font draws a letter it lacks
    drawn = {letter for word in words for letter in word if not letter.isspace()}
    assert [letter for letter in drawn if bytes(fonts[0].getmask(letter)) == missing] == []


def test_a_timeline_of_months_names_them_in_hindi_where_plotly_would_write_english(shipped):
    """plotly.js writes "Apr 2021" for a date axis whatever the page's language."""
    since_2021 = shipped[shipped["date"].dt.year >= 2021]
    hindi, english = (timeline_figure(since_2021, lang=lang).layout.xaxis for lang in ("hi", "en"))
    assert hindi.ticktext and english_left(list(hindi.ticktext)) == []
    assert "अप्रैल 2021" in hindi.ticktext and hindi.tickvals[hindi.ticktext.index("अप्रैल 2021")].startswith(
        "2021-04-01"
    )
    assert english.tickformat == "%b %Y" and english.ticktext is None
