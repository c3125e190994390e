"""English and Hindi through AppTest: ``?lang=hi`` on every page, the switches, and what a Hindi
page may still show in English (a milestone's own words where it has no Hindi, marked lang=en)."""

import json
import re

import pandas as pd
import pytest
from appserver import REPO, STAFF_PASSWORD
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from clfj_data import (
    i18n,
    load_milestones,
    load_programme,
    review,
    shipped_milestones_path,
    store,
    translation,
)
from clfj_data.auth import Staff
from clfj_data.columns import TEMPLATE_COLUMNS
from clfj_data.markup import escape_markdown
from clfj_data.problems import Message as Said
from clfj_data.problems import Problem
from clfj_data.problems import _shorten as shortened

pytestmark = pytest.mark.apptest

PAGES = ["overview", "timeline", "breakdown", "milestones", "story", "data"]
SHIPPED = load_milestones(shipped_milestones_path()).milestones
PROGRAMME = load_programme()
# What an element shows a person, by the name of its proto's field.
SHOWN = {"body", "label", "help", "placeholder", "options", "content", "title", "text", "caption", "alt"}
# A passage marked as English: what a Hindi page may show in English wherever it shows it.
MARKED = re.compile(r'<(div|span) lang="en">.*?</\1>', re.DOTALL)
# Names of file formats and products, the same in Hindi.
NAMES = re.compile(
    r"\b(CSV|XLSX|XLS|ODS|PDF|UTF|XML|ZIP|JPEG|PNG|SVG|WebP|JSON|HTML|PowerPoint|TimelineJS|QR|GPS|MB|Chrome|Chromium"
    r"|CLFJ"
    + "".join(f"|{name}" for name in i18n.LANGUAGES.values())  # the switch names each in its own
    + r")\b"
)
STAFF_NAME = "Asha"
FILE_NAME = re.compile(r"[\w.-]+\.(csv|xlsx|zip)\b", re.IGNORECASE)  # a file as it was named
DIRECTIVE = re.compile(r":[a-z-]+\[")  # Streamlit's own markup: :green-badge[वर्तमान]
BLOCK = re.compile(r'</?div( class="[\w-]+")?>')  # the page's own markup: a phone's card
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
                found.extend(str(data[name]) for name in ("alt", "label", "keys_label") if name in data)
                found.extend(column["label"] for column in data.get("columns", []))  # a table's
                found.extend(str(cell) for row in data.get("rows", []) for cell in row["cells"].values())
                found.extend(chart_words(json.loads(data["spec"])) if "spec" in data else [])
            elif type(node).__name__ in ("Table", "Dataframe"):  # its headers and its text cells
                frame = node.value
                found.extend(str(name) for name in frame.columns)
                found.extend(cell for cell in frame.to_numpy().ravel() if isinstance(cell, str))
            elif type(node).__name__ != "Html":  # the pages' own style sheets
                _strings(proto, found)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def chart_words(figure: dict) -> list[str]:
    """What a chart writes: its title and subtitle, its traces' names (the sectors), the
    categories of its bars and cells, and the timeline's lanes (its dates are the axis's, and the
    headlines beside its markers are the milestones' own)."""
    title = figure.get("layout", {}).get("title", {})
    words = [title.get("text", ""), title.get("subtitle", {}).get("text", "")]
    for trace in figure.get("data", []):
        words.append(trace.get("name", ""))
        if trace.get("type") in ("bar", "heatmap"):
            categories = [trace.get(axis) for axis in ("x", "y") if isinstance(trace.get(axis), list)]
            words += [value for values in categories for value in values if isinstance(value, str)]
    words += figure.get("layout", {}).get("yaxis", {}).get("ticktext", [])  # the timeline's lanes
    return [word for word in words if word]


def milestone_words() -> list[str]:
    """A milestone's own English, which a Hindi page shows where it has no Hindi (as in the
    shipped data until its translation lands), and the programme's framing sentences."""
    fields = ["id", "title", "description", "rationale", "place", "image_alt", "image_credit", "source"]
    words = [str(value) for field in fields for value in SHIPPED[field] if str(value)]
    framing = ["name", "heading", "partnership", "intro", "timeline_heading", "source_url"]
    words += [str(getattr(PROGRAMME, name)) for name in framing]  # a staff name is marked lang=en
    return sorted(words, key=len, reverse=True)


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


# A column named in Hindi has the file's header beside it: "शीर्षक (हिन्दी) (title_hi)".
TEMPLATE_HEADER = re.compile(r"\((?:" + "|".join(TEMPLATE_COLUMNS) + r")\)")


def english_left(strings: list[str]) -> list[str]:
    """The strings that still hold an English word once the milestones' own words (marked
    lang="en" where Streamlit lets them be), the programme's framing and names of file formats
    are taken out."""
    left = []
    own = milestone_words()
    for text in strings:
        rest = TEMPLATE_HEADER.sub(" ", unescaped(MARKED.sub(" ", text)))
        cut = CUT_SHORT.search(rest)
        if cut and any(words.startswith(cut.group(1).strip()) for words in own):
            rest = rest[: cut.start()]
        for words in own:
            rest = rest.replace(words, " ")
        rest = NAMES.sub(" ", DIRECTIVE.sub("[", FILE_NAME.sub(" ", BLOCK.sub(" ", rest))))
        if re.search(r"[A-Za-z]{3,}", rest):
            left.append(text)
    return left


def typed(said) -> list[str]:
    """The text a problem's message fills in as it is (the person's cells and headers, file names,
    what a cell must say, which the loader reads in English), at any depth."""
    if not isinstance(said, Said):
        return []
    found = []
    for value in said.values.values():
        found += typed(value) if isinstance(value, Said) else [value] if isinstance(value, str) else []
    return found


def own_words(problem: Problem) -> list[str]:
    """What a problem repeats of the person's spreadsheet, longest first."""
    words = [*typed(problem.said), *typed(problem.column_said), problem.column or ""]
    words.append(repr(shortened(problem.value)))
    return sorted((w for w in words if len(w) > 2), key=len, reverse=True)


def without(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, " ")
    return text


def hindi_words_left(problem: Problem) -> list[str]:
    """The problem's Hindi line, less what the person typed: English left there is the interface's."""
    return english_left([without(problem.text("hi"), own_words(problem))])


SHEET = shipped_milestones_path().read_bytes()
EDITED = SHEET.replace(b"Mar 2022,Bihar child", b"Apr 2022,Bihar child")  # one date changes


def data_page_as_staff_works_it(engine) -> list[str]:
    """What the Data page shows through a staff member's visit, in Hindi: a wrong password, the
    sign-in, each version of a history holding an upload and a restore (with what restoring it
    would change), the preview of a file that changes a date, and its publishing."""
    staff = Staff(STAFF_NAME, "password")
    store.publish_version(engine, EDITED, "edited.csv", by=staff, note="बिहार की समितियाँ: मार्च नहीं, अप्रैल")
    store.rollback(engine, 1, by=staff, note="प्रकाशित पृष्ठ की तारीख़ें")
    at = app("data", lang="hi")
    at.text_input(key="data_name").input(STAFF_NAME)
    at.text_input(key="data_password").input("not the password")
    at.get("form_submit_button")[0].click()
    seen = shown_strings(at.run())
    assert at.error  # the wrong password, said
    at = sign_in(at)
    assert at.button(key="data_signout")  # the staff's page: the uploader and its texts
    for version in (3, 2, 1):
        seen += shown_strings(at.selectbox(key="data_version").set_value(version).run())
    assert at.button(key="data_rollback")  # restoring version 1 would change the current one
    at.get("file_uploader")[0].upload("edited.csv", EDITED.replace(b"Apr 2022", b"May 2022"), "text/csv")
    seen += shown_strings(at.run())
    at.text_input(key="data_note").input("मई की तारीख़")
    at.button(key="data_publish").click()
    seen += shown_strings(at.run())
    assert at.success  # published, and the page says so
    assert not at.exception
    return seen


@pytest.mark.parametrize("page", PAGES)
def test_a_hindi_page_shows_no_english_but_a_milestones_own_words(page, engine):
    at = app(page, lang="hi")
    assert not at.exception
    strings = data_page_as_staff_works_it(engine) if page == "data" else shown_strings(at)
    assert any(re.search("[\u0900-\u097f]", text) for text in strings)
    assert english_left(strings) == []


def test_the_check_finds_an_english_string_left_on_a_hindi_page():
    assert english_left(["समयरेखा", "Select a marker to read more.", "CSV डाउनलोड करें"]) == [
        "Select a marker to read more."
    ]
    assert english_left(['<div lang="en">\n\nAnything at all\n\n</div>']) == []
    # A date in English months is English left on the page, however short.
    dates = ["Feb 2019", "15 Mar 2022", "6 Dec 2026 at 14:36 IST", "फ़रवरी 2019 से Mar 2022"]
    dates.append("6 दिसंबर 2026, 14:36 IST")  # the zone left abbreviated in English
    assert english_left([*dates, "मार्च 2022", "6 दिसंबर 2026, 14:36 भारतीय मानक समय"]) == dates


def english_only() -> bytes:
    """The shipped sheet without its Hindi columns: every milestone in English alone."""
    frame = pd.read_csv(shipped_milestones_path(), dtype=str, keep_default_na=False)
    hindi = [column for column in frame.columns if column.endswith("_hi") or column == "translation_status"]
    return frame.drop(columns=hindi).to_csv(index=False).encode("utf-8")


def test_a_milestone_without_hindi_shows_its_english_marked_as_english(engine):
    store.publish_version(engine, english_only(), "english.csv", by=Staff("Bo", "password"), note="English")
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
        assert json.loads(element.proto.json)["lang"] == lang


def test_an_unknown_language_reads_as_english_and_leaves_the_url():
    at = app("timeline", lang="xx")
    assert at.title[0].value == "Timeline"
    assert param(at, "lang") is None


def test_the_language_is_kept_when_a_page_link_drops_it_from_the_url():
    at = app(lang="hi")
    assert at.sidebar.header[0].value == "फ़िल्टर"
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
    assert len(headline) == 1 and headline != before and re.search("[\u0900-\u097f]", headline[0])
    at.button_group(key="story_language").set_value("en").run()
    assert param(at, "step") == "4" and param(at, "lang") is None
    assert any(m.value == "**4 of 10**" for m in at.markdown)


def test_the_staff_preview_counts_the_milestones_without_hindi():
    at = sign_in(app("data", lang="hi"))
    shipped = shipped_milestones_path().read_bytes().replace(b"creates deterrence", b"builds deterrence")
    at.get("file_uploader")[0].upload("reworded.csv", shipped, "text/csv")
    at.run()
    assert not at.exception
    count = len(SHIPPED)
    counted = review.Preview(
        # The reworded milestone's Hindi no longer says its English: publishing leaves it out.
        "", 1, None, None, None, no_hindi=translation.without_hindi(SHIPPED),
        partial_hindi=translation.partly_hindi(SHIPPED) + 1, draft_hindi=translation.draft_count(SHIPPED),
    )  # fmt: skip
    wanted = review.hindi_sentence(counted, count, "hi")
    assert re.search("[\u0900-\u097f]", wanted) and wanted in [caption.value for caption in at.caption]
    # Where in time the file changes the milestones: the kinds of change named in Hindi.
    (chart,) = [c for c in at.get("bidi_component") if c.proto.component_name.endswith("clfj_chart")]
    named = chart_words(json.loads(json.loads(chart.proto.json)["spec"]))
    assert "बदले गए (1)" in named and english_left(named) == []
    # The changed words, from an English field, marked English; the labels around them Hindi.
    changed = [m.value for m in at.markdown if "deterrence" in m.value]
    assert len(changed) == 1 and changed[0].count('<span lang="en">') == 2
    assert english_left([changed[0]]) == [] and ":green[**builds**]" in changed[0]


def marker_words(figure: dict) -> tuple[list[str], list[str]]:
    """A timeline's labels beside its markers (a line break read as a space), and the headlines
    its markers' hover shows."""
    labels = [a.get("text", "").replace("<br>", " ") for a in figure["layout"].get("annotations", [])]
    hovers = [
        record["title"]
        for trace in figure["data"]
        for record in trace.get("customdata") or []
        if isinstance(record, dict) and "title" in record
    ]
    return labels, hovers


@pytest.mark.parametrize(
    ("page", "key", "query", "labelled"),
    [
        ("timeline", "timeline_chart", {}, True),
        ("overview", "overview_timeline", {}, True),
        ("story", "story_timeline", {"step": "1"}, False),  # the story's small timeline has no labels
    ],
)
def test_a_hindi_timeline_writes_the_milestones_hindi_headlines(page, key, query, labelled):
    at = app(page, lang="hi", **query)
    (chart,) = [c for c in at.get("bidi_component") if c.proto.id.endswith(key)]
    labels, hovers = marker_words(json.loads(json.loads(chart.proto.json)["spec"]))
    hindi, english = list(SHIPPED["title_hi"]), list(SHIPPED["title"])
    assert sorted(hovers) == sorted(hindi)
    if labelled:
        assert any(title in label for label in labels for title in hindi)
        assert not [label for label in labels if re.search(r"[A-Za-z]{3,}", re.sub("<[^>]+>", "", label))]
    assert not [words for words in english if any(words in text for text in labels + hovers)]


def test_the_overview_says_a_draft_translation_once_not_under_every_card():
    at = app(lang="hi")  # every shipped translation is a draft
    assert not at.exception
    said = [caption.value for caption in at.caption if caption.value == translation.draft_line("hi")]
    assert len(said) == 1
    assert not [c.value for c in app().caption if c.value == translation.draft_line("hi")]  # nor in English


def draft_notes():
    from clfj_ui import detail

    detail.draft_note({"title": "Courts", "title_hi": "अदालतें", "translation_status": "draft"})
    detail.draft_note({"title": "Courts", "title_hi": "अदालतें", "translation_status": "reviewed"})
    detail.draft_note({"title": "Courts", "translation_status": "draft"})  # shown in English
    detail.draft_note({"title": "Courts", "title_hi": "अदालतें", "translation_status": ""})  # never reviewed


@pytest.mark.parametrize(
    ("lang", "notes"), [("hi", ["हिन्दी अनुवाद: मसौदा, अभी इसकी समीक्षा नहीं हुई है"] * 2), ("en", [])]
)
def test_a_draft_translation_says_so_in_one_quiet_line_where_it_shows(lang, notes):
    at = AppTest.from_function(draft_notes)
    at.query_params["lang"] = lang
    at.run()
    assert [caption.value for caption in at.caption] == notes


SHEETS = REPO / "tests" / "fixtures" / "problems"


def test_an_uploads_problems_read_in_hindi_but_what_the_person_typed():
    at = sign_in(app("data", lang="hi"))
    sheet = (SHEETS / "kinds.csv").read_bytes()
    at.get("file_uploader")[0].upload("kinds.csv", sheet, "text/csv")
    at.run()
    assert not at.exception
    result = load_milestones(SHEETS / "kinds.csv")
    lines = [t.value for t in at.text]
    assert lines[: len(result.errors)] == [problem.text("hi") for problem in result.errors]
    assert [unescaped(w.value) for w in at.warning] == [problem.text("hi") for problem in result.warnings]
    typed_words = sorted(
        {w for p in result.errors + result.warnings for w in own_words(p)}, key=len, reverse=True
    )
    # A problem's line is text (shown as written), a warning Markdown (escaped): each is read as it is shown.
    left = [
        text
        for text in shown_strings(at)
        if english_left([without(text, typed_words)])
        and english_left([without(unescaped(text), typed_words)])
    ]
    assert left == []
    assert any(line.startswith("पंक्ति 3, कॉलम 'तारीख़ (date)': यह तारीख़ अस्पष्ट है") for line in lines)


def dense_sheet(count: int) -> bytes:
    rows = [
        f"m{i},{2000 + i % 48 // 12}-{i % 12 + 1:02d},Change {i},Change {i}.,Why.,Bihar,Justice"
        for i in range(count)
    ]
    return "\n".join(["id,date,title,description,rationale,states,sector", *rows, ""]).encode()


def test_a_dense_hindi_timeline_counts_and_dates_its_markers_in_hindi(engine):
    from clfj_data.timeline import DENSITY_ABOVE

    store.publish_version(
        engine, dense_sheet(DENSITY_ABOVE + 100), "many.csv", by=Staff("Bo", "pw"), note="Many"
    )
    at = app("timeline", lang="hi")
    assert not at.exception
    (chart,) = [c for c in at.get("bidi_component") if c.proto.id.endswith("timeline_chart")]
    figure = json.loads(json.loads(chart.proto.json)["spec"])
    records = [r for trace in figure["data"] for r in trace.get("customdata") or [] if isinstance(r, dict)]
    assert records and all(re.fullmatch(r"[\d,]+ पड़ाव", r["title"]) for r in records)
    assert "जनवरी 2000" in {r["when"] for r in records}
    assert (
        english_left([*(r["title"] for r in records), *(r["when"] for r in records), *chart_words(figure)])
        == []
    )


def test_a_url_filter_that_cannot_be_read_is_named_in_hindi():
    at = app("overview", lang="hi", state="Jaipr", sector="Justise", **{"from": "soon", "to": "2020"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 3 and all(re.search("[\u0900-\u097f]", w) for w in warnings)
    typed_values = ["Jaipr", "Justise", "soon"]
    assert english_left([without(unescaped(w), typed_values) for w in warnings]) == []
    assert english_left([without(unescaped(text), typed_values) for text in shown_strings(at)]) == []


# The uploader chooses among several spreadsheets itself (the last dropped replaces the others),
# so these two reasons are the command line's and a ZIP's only.
CHOSEN_BY_THE_UPLOADER = {"two spreadsheets", "a picture twice"}


def test_a_file_that_cannot_be_read_is_refused_in_hindi(monkeypatch):
    """Every reason a file dropped in the uploader is refused whole reads in Hindi, naming the
    file (as it was named) and leaving nothing else in English, the size limit's included."""
    from refusals import UPLOADED

    monkeypatch.setenv("CLFJ_MAX_UPLOAD_MB", "1")
    cases = {name: files for name, files in UPLOADED.items() if name not in CHOSEN_BY_THE_UPLOADER}
    cases["over the size limit"] = [("big.csv", b"date,description\n" + b"Mar 2022,x\n" * 200_000)]
    at = sign_in(app("data", lang="hi"))
    left = {}
    for case, files in cases.items():
        at.get("file_uploader")[0].set_value(
            [(name, data, "application/octet-stream") for name, data in files]
        )
        at.run()
        assert not at.exception, case
        (error,) = [unescaped(e.value) for e in at.error]
        assert "पढ़ी नहीं जा सकती" in error, (case, error)
        with pytest.raises(review.Unreadable) as refused:
            review.check_files(files, 1)
        assert escape_markdown(refused.value.said.text("hi")) in at.error[0].value
        own = sorted([*typed(refused.value.said), *(name for name, _data in files)], key=len, reverse=True)
        shown = [without(unescaped(text), own) for text in shown_strings(at)]
        if english_left(shown):
            left[case] = english_left(shown)
    assert left == {}
