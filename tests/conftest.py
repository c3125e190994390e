import csv
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from appserver import (
    REPO,
    STAFF_PASSWORD,
    fresh_page,
    launch_chromium,
    postgres_schema,
    require_browser,
    shipped_app,
    unavailable,
)
from hypothesis import HealthCheck, settings

from clfj_data import load_milestones, shipped_milestones_path, store

# Property tests: "default" tries fresh random inputs each run; "ci" replays the same ones, so a
# merge is never refused by luck; "explore" searches long for new failures (run it before a release).
_PROPERTY = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=300, **_PROPERTY)
settings.register_profile("ci", max_examples=300, derandomize=True, **_PROPERTY)
settings.register_profile("explore", max_examples=20_000, **_PROPERTY)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# Every test belongs to exactly one layer (registered in pyproject.toml), so that `pytest -m unit`
# runs the quick layer alone and no new test is left out of every layer.
LAYERS = ("unit", "slow", "apptest", "browser")


def pytest_ignore_collect(collection_path: Path, config):
    """`pytest -m unit` leaves a test file that never names the unit layer unread: importing the
    AppTest and browser files (assertions rewritten, Streamlit and Playwright imported) only to
    deselect every test in them took a third of the layer's time."""
    if config.getoption("markexpr", "").strip() != "unit" or collection_path.suffix != ".py":
        return None
    if collection_path.name.startswith("test_"):
        return not re.search(r"\bunit\b", collection_path.read_text(encoding="utf-8")) or None
    return None


def pytest_collection_modifyitems(config, items):
    wrong = []
    for item in items:
        layers = sorted({mark.name for mark in item.iter_markers() if mark.name in LAYERS})
        if len(layers) != 1:
            wrong.append(f"  {item.nodeid}: {', '.join(layers) or 'no layer'}")
    if wrong:
        raise pytest.UsageError(
            f"every test needs exactly one layer mark ({', '.join(LAYERS)}), for example a module's "
            "`pytestmark = pytest.mark.unit`:\n" + "\n".join(wrong)
        )


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shipped() -> pd.DataFrame:
    """The shipped milestones, as the loader gives them."""
    return load_milestones(shipped_milestones_path()).milestones


@pytest.fixture(scope="session")
def shipped_file() -> bytes:
    """The shipped CSV's bytes, as staff would upload it."""
    return shipped_milestones_path().read_bytes()


@pytest.fixture(scope="session")
def shipped_rows() -> list[dict[str, str]]:
    """The shipped CSV's rows as written."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def browser():
    """The system Chromium under Playwright, started once for every browser test.

    Each test opens its own context (``appserver.fresh_page``), so none sees another's cookies or storage.
    Skipped where Playwright or Chromium is missing, unless CLFJ_REQUIRE_BROWSER=1 makes that a failure.
    """
    with require_browser().sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on the shipped data in a new SQLite database, one for each test module; a module
    that needs other data or settings defines its own ``server``."""
    with shipped_app(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def page(browser):
    """A page of its own, in a new context, on a 1400 x 900 screen; a module that needs another
    screen defines its own ``page``."""
    with fresh_page(browser, 1400, 900) as page:
        yield page


@pytest.fixture(scope="session")
def kaleido() -> None:
    """Chart images need kaleido's Chrome or Chromium: skip without one, or fail where
    CLFJ_REQUIRE_KALEIDO=1 (as in CI)."""
    from clfj_data.images import image_browser

    if image_browser() is None:
        unavailable("CLFJ_REQUIRE_KALEIDO", "kaleido finds no Chrome or Chromium (set BROWSER_PATH)")


@pytest.fixture(scope="session")
def libreoffice() -> str:
    """LibreOffice's command: skip without one, or fail where CLFJ_REQUIRE_LIBREOFFICE=1 (as in CI)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        unavailable("CLFJ_REQUIRE_LIBREOFFICE", "LibreOffice (soffice or libreoffice) is not on PATH")
    return office


# Databases for the versioned store: a fresh SQLite file, and PostgreSQL where a server is given.

POSTGRES_URL = "CLFJ_TEST_POSTGRES_URL"
REQUIRE_POSTGRES = "CLFJ_REQUIRE_POSTGRES"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """A URL for an empty database: a new SQLite file, or a new schema on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
        return
    yield request.getfixturevalue("postgres_url")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL for a new, empty schema on the test PostgreSQL server (see :func:`postgres_server_url`)."""
    with postgres_schema(postgres_server_url()) as url:
        yield url


@pytest.fixture
def engine(database_url) -> Iterator[sa.Engine]:
    """The store's engine for :func:`database_url` (tables not made yet: see ``store.ensure_ready``)."""
    engine = store.connect(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def app_engine(request, tmp_path, monkeypatch) -> Iterator[sa.Engine]:
    """The app's own database, as an AppTest run of the app uses it: the shipped data as version
    1, and the staff password set to ``appserver.STAFF_PASSWORD``. A SQLite file, or a new schema
    on the test PostgreSQL server where a test parametrizes it indirectly with "postgresql"."""
    if getattr(request, "param", "sqlite") == "postgresql":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    monkeypatch.setenv("CLFJ_DATABASE_URL", url)
    monkeypatch.setenv("CLFJ_STAFF_PASSWORD", STAFF_PASSWORD)
    engine = store.connect(url)
    store.ensure_ready(engine)
    yield engine
    engine.dispose()


def postgres_server_url() -> str:
    """CLFJ_TEST_POSTGRES_URL; without it skip, or fail where CLFJ_REQUIRE_POSTGRES=1 (as in CI)."""
    url = os.environ.get(POSTGRES_URL)
    if not url:
        unavailable(
            REQUIRE_POSTGRES, f"no PostgreSQL server: set {POSTGRES_URL} (`source .ci/postgres` starts one)"
        )
    return url
