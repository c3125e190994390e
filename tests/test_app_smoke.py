"""Every script of the app runs without an exception (one test per file)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = [REPO / "dashboard.py", *sorted((REPO / "pages").glob("*.py"))]


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.relative_to(REPO).as_posix() for s in SCRIPTS])
def test_script_runs_without_exception(script):
    at = AppTest.from_file(str(script), default_timeout=30).run()
    assert not at.exception


def test_overview_shows_every_rationale_as_text():
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30).run()
    shown = " ".join(t.value for t in at.text)
    assert "every child in every village will be less vulnerable" in shown
    assert "Counseling and care planning for children is essential" in shown
