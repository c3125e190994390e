"""Every script of the app runs without an exception (one test per file)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.apptest

REPO = Path(__file__).resolve().parent.parent
# Modules whose names start with "_" are shared helpers, not pages.
PAGES = sorted(p for p in (REPO / "pages").glob("*.py") if not p.name.startswith("_"))
SCRIPTS = [REPO / "dashboard.py", *PAGES]


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("CLFJ_DATABASE_URL", f"sqlite:///{tmp_path / 'clfj.sqlite3'}")


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.relative_to(REPO).as_posix() for s in SCRIPTS])
def test_script_runs_without_exception(script):
    at = AppTest.from_file(str(script), default_timeout=30).run()
    assert not at.exception
