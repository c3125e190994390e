"""The app's entry script, then each of its pages inside it as production runs them: no exception,
and what a visitor comes to the page for is there (one test per script)."""

import pytest
from appserver import REPO
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
