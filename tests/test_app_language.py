"""English and Hindi through AppTest: ``?lang=hi`` on every page, the switches, and what a Hindi
page may still show in English (a milestone's own words where it has no Hindi, marked lang=en)."""

import json
import re

import pytest
from appserver import REPO, STAFF_PASSWORD
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from clfj_data import i18n, load_milestones, load_programme, shipped_milestones_path

pytestmark = pytest.mark.apptest

PAGES = ["overview", "timeline", "breakdown", "milestones", "story", "data"]
SHIPPED = load_milestones(shipped_milestones_path()).milestones
PROGRAMME = load_programme()
# What an element shows a person, by the name of its proto's field.
SHOWN = {"body", "label", "help", "placeholder", "options", "content", "title", "text", "caption", "alt"}
# The one thing an element with a language of its own may hold: a passage marked with it.
MARKED = re.compile(r'<(div|span) lang="en">.*?</\1>', re.DOTALL)
# Names of file formats and products, written the same in Hindi.
NAMES = re.compile(
    r"\b(CSV|XLSX|ZIP|JPEG|PNG|SVG|WebP|JSON|HTML|PowerPoint|TimelineJS|QR|GPS|MB|Chrome|Chromium|CLFJ"
    + "".join(f"|{name}" for name in i18n.LANGUAGES.values())  # the switch names each in its own
    + r")\b"
)
STAFF_NAME = "Asha"
# Dates are written by clfj_data.dates, in English months until it formats them in Babel's
# Hindi ("मार्च 2022"): the one English a Hindi page still shows that is not a milestone's own.
ENGLISH_DATES = re.compile(
    r"\b(\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}( at \d{1,2}:\d{2} IST)?( to\b)?"
)
DIRECTIVE = re.compile(r":[a-z-]+\[")  # Streamlit's own markup: :green-badge[वर्तमान]
# A headline cut short to fit a list: the words before the ellipsis begin a milestone's own.
CUT_SHORT = re.compile(r"([^·]+)…$")


@pytest.fixture(autouse=True)
def engine(app_engine):
    return app_engine


def app(page: str = "overview", **query) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    return at


def sign_in(at: AppTest) -> AppTest:
    at.text_input(key="data_name").input(STAFF_NAME)
    at.text_input(key="data_password").input(STAFF_PASSWORD)
    at.get("form_submit_button")[0].click()
    return at.run()


def param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _strings(message: Message, found: list[str]) -> None:
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for each in values:
                _strings(each, found)
        elif field.type == field.TYPE_STRING and field.name in SHOWN:
            found.extend(values)


def shown_strings(at: AppTest) -> list[str]:
    """Every string an element of the page shows: bodies, labels, help, placeholders, options,
    dialog titles, and what the app's own elements name (a chart's alt text, a button's label)."""
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            if getattr(proto, "component_name", "").startswith("clfj_"):
                data = json.loads(proto.json or "{}")
                found.extend(str(data[name]) for name in ("alt", "label") if name in data)
            elif type(node).__name__ != "Html":  # the pages' own style sheets
                _strings(proto, found)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def milestone_words() -> list[str]:
    """A milestone's own English, which a Hindi page shows where it has no Hindi (as in the
    shipped data until its translation lands), and the programme's framing sentences."""
    fields = ["title", "description", "rationale", "place", "image_alt", "image_credit", "source"]
    words = [str(value) for field in fields for value in SHIPPED[field] if str(value)]
    framing = ["name", "heading", "partnership", "intro", "timeline_heading", "source_url"]
    words += [str(getattr(PROGRAMME, name)) for name in framing] + [STAFF_NAME]
    return sorted(words, key=len, reverse=True)


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def english_left(strings: list[str]) -> list[str]:
    """The strings that still hold an English word once the milestones' own words (marked
    lang="en" where Streamlit lets them be), the programme's framing and names of file formats
    are taken out."""
    left = []
    own = milestone_words()
    for text in strings:
        rest = unescaped(MARKED.sub(" ", text))
        cut = CUT_SHORT.search(rest)
        if cut and any(words.startswith(cut.group(1).strip()) for words in own):
            rest = rest[: cut.start()]
        for words in own:
            rest = rest.replace(words, " ")
        rest = ENGLISH_DATES.sub(" ", NAMES.sub(" ", DIRECTIVE.sub("[", rest)))
        if re.search(r"[A-Za-z]{3,}", rest):
            left.append(text)
    return left


@pytest.mark.parametrize("page", PAGES)
def test_a_hindi_page_shows_no_english_but_a_milestones_own_words(page):
    at = app(page, lang="hi")
    if page == "data":
        at = sign_in(at)
        assert at.button(key="data_signout")  # the staff's page: the uploader and its texts
    assert not at.exception
    strings = shown_strings(at)
    assert any(re.search("[\u0900-\u097f]", text) for text in strings)
    assert english_left(strings) == []


def test_the_check_finds_an_english_string_left_on_a_hindi_page():
    assert english_left(["समयरेखा", "Select a marker to read more.", "CSV डाउनलोड करें"]) == [
        "Select a marker to read more."
    ]
    assert english_left(['<div lang="en">\n\nAnything at all\n\n</div>']) == []


def test_a_milestone_without_hindi_shows_its_english_marked_as_english():
    at = app("story", lang="hi", step="1")
    marked = [m.value for m in at.markdown if 'lang="en"' in m.value]
    assert any('<div lang="en">' in value for value in marked)  # what changed, why it matters
    assert any(value.startswith('# <span lang="en">') for value in marked)  # the headline
    assert [t.value for t in at.text] == []  # no unmarked passage


def test_an_english_page_marks_nothing_and_keeps_its_words():
    at = app("story", step="1")
    assert not [m.value for m in at.markdown if "lang=" in m.value]
    assert at.text  # what changed and why it matters, as text


def test_the_page_says_its_language_to_the_browser():
    for query, lang in (({"lang": "hi"}, "hi"), ({}, "en")):
        at = app(**query)
        (element,) = [
            c for c in at.get("bidi_component") if c.proto.component_name == "clfj_document_language"
        ]
        assert json.loads(element.proto.json) == {"lang": lang}


def test_an_unknown_language_reads_as_english_and_leaves_the_url():
    at = app("timeline", lang="xx")
    assert at.title[0].value == "Timeline"
    assert param(at, "lang") is None


def test_the_language_is_kept_when_a_page_link_drops_it_from_the_url():
    at = app(lang="hi")
    assert at.title[0].value != "Overview"
    links = at.get("page_link")
    assert {link.proto.query_string for link in links} == {"lang=hi"}
    assert [link.proto.label for link in links][:2] == ["अवलोकन", "समयरेखा"]
    at.switch_page("pages/timeline.py")
    del at.query_params["lang"]  # a link followed without its query
    at.run()
    assert at.title[0].value == "समयरेखा"
    assert param(at, "lang") == "hi"


def test_the_sidebar_switch_changes_the_language_and_keeps_the_filters():
    at = app("timeline", sector="Justice")
    at.button_group(key="sidebar_language").set_value("hi").run()
    assert at.title[0].value == "समयरेखा"
    assert param(at, "lang") == "hi" and param(at, "sector") == "Justice"
    assert at.multiselect(key="filter_sectors").value == ["Justice"]
    at.button_group(key="sidebar_language").set_value("en").run()
    assert at.title[0].value == "Timeline"
    assert param(at, "lang") is None and param(at, "sector") == "Justice"


def test_switching_language_in_the_story_keeps_the_slide():
    at = app("story", step="4")
    before = [m.value for m in at.markdown if m.value.startswith("# ")]
    at.button_group(key="story_language").set_value("hi").run()
    assert param(at, "step") == "4" and param(at, "lang") == "hi"
    assert any(m.value == "**10 में से 4**" for m in at.markdown)
    headline = [m.value for m in at.markdown if m.value.startswith("# ")]
    assert headline == [before[0].replace("# ", '# <span lang="en">') + "</span>"]
    at.button_group(key="story_language").set_value("en").run()
    assert param(at, "step") == "4" and param(at, "lang") is None
    assert any(m.value == "**4 of 10**" for m in at.markdown)
