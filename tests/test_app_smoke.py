"""The app's entry script, then each of its pages inside it as production runs them: no exception,
and what a visitor comes to the page for is there (one test per script)."""

import re

import pytest
from appserver import REPO, STAFF_PASSWORD
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.apptest

# Modules whose names start with "_" are shared helpers, not pages.
PAGES = sorted(p.name for p in (REPO / "pages").glob("*.py") if not p.name.startswith("_"))
# What a visitor sees on each page of the shipped data: for each kind of element, the beginning of
# texts that must be among them.
SEEN = {
    "dashboard.py": {"title": ["Child Labour Free Jaipur: Results"], "header": ["Filters"]},
    "overview.py": {
        "title": ["Child Labour Free Jaipur: Results"],
        "subheader": ["Systemic change timeline", "Most recent changes"],
    },
    "timeline.py": {
        "title": ["Timeline"],
        "caption": ["A timeline of 10 milestones from Feb 2019 to Mar 2022, coloured by sector."],
    },
    "breakdown.py": {"title": ["Breakdown"], "markdown": ["**By state**", "**By sector**"]},
    "milestones.py": {"title": ["Milestones"], "caption": ["10 milestones, in date order."]},
    "story.py": {
        "markdown": [
            "**Child Labour Free Jaipur**",
            "**1 of 10**",
            "Feb 2019",
            "# Every child in shelters to have an individual care plan",
        ],
    },
    "data.py": {"title": ["Data"], "header": ["Version history"]},
}


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("CLFJ_DATABASE_URL", f"sqlite:///{tmp_path / 'clfj.sqlite3'}")


def assert_shows(at: AppTest, script: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert script in SEEN, f"say in SEEN what a visitor sees on {script}"
    for kind, texts in SEEN[script].items():
        shown = [element.value for element in getattr(at, kind)]
        for text in texts:
            assert any(value.startswith(text) for value in shown), f"{script}: no {kind} {text!r} in {shown}"


def test_the_entry_script_runs_and_opens_the_overview():
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    assert_shows(at, "dashboard.py")


@pytest.mark.parametrize("page", PAGES)
def test_each_page_runs_inside_the_entry_script(page):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    at.switch_page(f"pages/{page}")
    assert_shows(at.run(), page)


def headings_with_a_link(at: AppTest) -> list[str]:
    """The headings that Streamlit draws with its anchor-link icon beside them: a title, header
    or subheader without ``anchor=False``, or a Markdown heading without ``anchors=False``."""
    linked = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if type(proto).__name__ == "Heading" and not proto.hide_anchor:
            linked.append(proto.body)
        heading_line = type(proto).__name__ == "Markdown" and re.search(r"^\s*#", proto.body, re.M)
        if heading_line and not proto.hide_anchors:
            linked.append(proto.body)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return linked


@pytest.mark.parametrize("page", PAGES)
def test_no_heading_offers_a_link_to_itself(page, monkeypatch):
    """A heading's link icon means nothing to the people reading these pages; on the Data page
    staff see every heading a visitor does and their own."""
    monkeypatch.setenv("CLFJ_STAFF_PASSWORD", STAFF_PASSWORD)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    at.switch_page(f"pages/{page}")
    at.run()
    seen = [*headings_with_a_link(at)]
    if page == "data.py":
        at.text_input(key="data_name").input("Asha")
        at.text_input(key="data_password").input(STAFF_PASSWORD)
        at.get("form_submit_button")[0].click()
        at.run()
        assert at.button(key="data_signout")
        seen += headings_with_a_link(at)
    if page == "story.py":  # the closing slide has headings of its own
        at.query_params["step"] = "11"
        at.run()
        seen += headings_with_a_link(at)
    assert not at.exception
    assert seen == []
