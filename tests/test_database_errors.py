"""A database that is busy, locked or out of reach: readers do not wait for writers, writers wait
a bounded time, and every command and page says what is wrong in one sentence, never a traceback."""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from appserver import free_port
from conftest import postgres_schema, postgres_server_url
from streamlit.testing.v1 import AppTest

from clfj_data import shipped_milestones_path, store

# Locks held by other connections, the CLI run as a person runs it, the app on a database it cannot reach.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
BY, NOTE = "Priya Sharma", "Added the April results."
WAIT = store.BUSY_TIMEOUT_MS / 1000  # how long a writer waits for a lock before giving up
SLOW = WAIT + 50  # longer than any command may take here, even on a busy machine
READS = (("history", "--json"), ("export", "--format", "csv", "-o", "{out}"))
WRITES = (
    ("publish", str(shipped_milestones_path()), "--by", BY, "--note", NOTE),
    ("rollback", "1", "--by", BY, "--note", NOTE),
)
NO_DATA = "The dashboard cannot read its data right now"
PAGES = ["overview", "timeline", "breakdown", "milestones", "story", "data"]


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return ready(f"sqlite:///{tmp_path / 'clfj.sqlite3'}")


@pytest.fixture
def postgres_url() -> str:
    with postgres_schema(postgres_server_url()) as url:
        yield ready(url)


def ready(url: str) -> str:
    """``url`` with its tables made and the shipped data as version 1."""
    engine = store.connect(url)
    store.ensure_ready(engine)
    engine.dispose()
    return url


@contextlib.contextmanager
def sqlite_lock(url: str, begin: str):
    """Another process's write lock on the SQLite file (``BEGIN IMMEDIATE`` or ``BEGIN EXCLUSIVE``)."""
    holder = sqlite3.connect(sa.engine.make_url(url).database, isolation_level=None)
    holder.execute(begin)
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@contextlib.contextmanager
def postgres_lock(url: str, statement: str):
    """``statement`` run in another connection's transaction, held until the block ends."""
    engine = store.connect(url)
    with engine.connect() as holder:
        holder.exec_driver_sql(statement)
        try:
            yield
        finally:
            holder.rollback()
    engine.dispose()


def commands(url: str, tmp_path: Path, *argvs) -> list[tuple[int, str, str, float]]:
    """Run each command line at once, as separate people would; for each: its exit code,
    output, errors and how many seconds it took."""
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "clfj_data", *(a.format(out=tmp_path / f"out-{n}.csv") for a in argv)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env={**os.environ, "CLFJ_DATABASE_URL": url},
        )
        for n, argv in enumerate(argvs)
    ]
    done = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=max(1, SLOW - (time.monotonic() - started)))
            done.append((process.returncode, out, err, time.monotonic() - started))
    finally:
        for process in processes:
            process.kill()
            process.communicate()
    return done


def versions(url: str) -> list[int]:
    engine = store.connect(url)
    numbers = [v.version for v in store.history(engine)]
    engine.dispose()
    return numbers


def assert_one_sentence(err: str, *words: str) -> None:
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert all(word in err for word in words), err


# Readers never wait for a writer: each succeeds while the lock is held all along, which a
# command that needed the lock could not (it would give up after WAIT, with exit 3).


@pytest.mark.parametrize("begin", ["BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"])
def test_history_and_export_do_not_wait_for_a_sqlite_writer(sqlite_url, tmp_path, begin):
    with sqlite_lock(sqlite_url, begin):
        (history, export) = commands(sqlite_url, tmp_path, *READS)
    assert history[0] == 0, history[2]
    assert [v["version"] for v in json.loads(history[1])["versions"]] == [1]
    assert export[0] == 0 and (tmp_path / "out-1.csv").exists(), export[2]


def test_history_and_export_do_not_wait_for_a_postgres_writer(postgres_url, tmp_path):
    # What a publish holds while it writes: the row that says which version is current.
    with postgres_lock(postgres_url, "SELECT version FROM clfj_current FOR UPDATE"):
        (history, export) = commands(postgres_url, tmp_path, *READS)
    assert (history[0], export[0]) == (0, 0), history[2] + export[2]


# Writers wait a bounded time, then say the database is busy


def test_writers_facing_a_held_sqlite_lock_give_up_with_exit_3(sqlite_url, tmp_path):
    with sqlite_lock(sqlite_url, "BEGIN IMMEDIATE"):
        results = commands(sqlite_url, tmp_path, *WRITES)
    for code, out, err, seconds in results:
        assert (code, out) == (3, "")
        assert_one_sentence(err, "is busy", f"more than {WAIT:.0f} seconds", "Nothing was published.")
        assert WAIT <= seconds < SLOW
    assert versions(sqlite_url) == [1]


def test_a_postgres_table_lock_ends_readers_and_writers_with_exit_3(postgres_url, tmp_path):
    lock = "LOCK TABLE clfj_versions, clfj_current IN ACCESS EXCLUSIVE MODE"
    with postgres_lock(postgres_url, lock):
        results = commands(postgres_url, tmp_path, READS[0], WRITES[0])
    for code, out, err, seconds in results:
        assert (code, out) == (3, "")
        assert_one_sentence(err, "PostgreSQL database", "is busy")
        assert seconds < SLOW
    assert "Nothing was published." in results[1][2]
    assert versions(postgres_url) == [1]


# A database out of reach


def unreachable(kind: str, tmp_path: Path) -> str:
    if kind == "postgresql-closed-port":
        return f"postgresql://postgres@127.0.0.1:{free_port()}/clfj"  # nothing listens there
    if kind == "sqlite-not-a-database":
        (tmp_path / "damaged.sqlite3").write_bytes(b"These bytes are no SQLite database at all. " * 40)
        return f"sqlite:///{tmp_path / 'damaged.sqlite3'}"
    if kind in ("not-a-url", "mysql"):
        return "garbage" if kind == "not-a-url" else "mysql://clfj:secret@127.0.0.1/clfj"
    if kind == "sqlite-under-a-file":
        (tmp_path / "a-file").write_text("")
        return f"sqlite:///{tmp_path / 'a-file' / 'clfj.sqlite3'}"
    return f"sqlite:///{tmp_path}"  # a folder where the file should be


UNUSABLE = [
    "postgresql-closed-port", "sqlite-under-a-file", "sqlite-a-folder", "sqlite-not-a-database", "not-a-url",
    "mysql",
]  # fmt: skip


@pytest.mark.parametrize("kind", UNUSABLE)
def test_an_unreachable_database_gives_one_sentence_and_exit_3(tmp_path, kind):
    url = unreachable(kind, tmp_path)
    for code, out, err, _ in commands(url, tmp_path, *READS, *WRITES):
        assert (code, out) == (3, "")
        assert_one_sentence(err, "database")
    assert not (tmp_path / "out-1.csv").exists()


def test_the_sentence_names_where_the_database_is_but_never_its_password(tmp_path):
    url = f"postgresql://clfj:hunter2-secret@127.0.0.1:{free_port()}/clfj"
    ((code, _, err, _),) = commands(url, tmp_path, READS[0])
    assert code == 3
    assert_one_sentence(err, "PostgreSQL database clfj on 127.0.0.1", "cannot be reached")
    assert "hunter2" not in err


# Version numbers no version can have


@pytest.mark.parametrize("version", [10**20, 2**31, 2**31 - 1, 0, -1])
def test_reading_a_version_number_out_of_range_is_a_lookup_error(engine, version):
    store.ensure_ready(engine)
    for read in (store.read_milestones, store.read_file, store.version_info):
        with pytest.raises(LookupError, match=f"There is no version {version}"):
            read(engine, version)


# The app


@pytest.fixture
def app_database(monkeypatch):
    def use(url: str) -> str:
        monkeypatch.setenv("CLFJ_DATABASE_URL", url)
        return url

    return use


def page(name: str, timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=timeout).run()
    if name != "overview":
        at.switch_page(f"pages/{name}.py")
        at.run()
    return at


@pytest.mark.parametrize("kind", ["postgresql-closed-port", "sqlite-not-a-database", "not-a-url"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_says_plainly_when_the_database_cannot_be_reached(app_database, name, kind, tmp_path):
    app_database(unreachable(kind, tmp_path))
    at = page(name)
    assert not at.exception
    assert [error.value for error in at.error] == [
        "The dashboard cannot read its data right now: its database is busy or not answering. "
        "Please try again in a few minutes."
    ]
    assert not at.metric and not at.dataframe


def test_pages_draw_while_another_process_holds_the_write_lock(app_database, sqlite_url):
    app_database(sqlite_url)
    with sqlite_lock(sqlite_url, "BEGIN IMMEDIATE"):
        at = page("overview")
    assert not at.exception and not at.error
    assert {m.label for m in at.metric} >= {"Systemic changes", "Latest change"}


@pytest.mark.parametrize("password", ["the staff password", "a wrong guess"])
@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_signing_in_while_another_process_holds_a_lock_says_so_plainly(
    app_database, database, password, request, monkeypatch
):
    monkeypatch.setenv("CLFJ_STAFF_PASSWORD", "the staff password")
    url = app_database(request.getfixturevalue(f"{database}_url"))
    at = page("data")
    at.text_input(key="data_name").input("Asha")
    at.text_input(key="data_password").input(password)
    # What a sign-in writes: its tries, in a table another process has locked.
    lock = (
        sqlite_lock(url, "BEGIN IMMEDIATE")
        if database == "sqlite"
        else postgres_lock(url, "LOCK TABLE clfj_sign_in_tries IN ACCESS EXCLUSIVE MODE")
    )
    with lock:
        sign_in(at)
    assert_busy(at)


def test_a_wrong_password_when_the_database_turns_busy_after_the_check_says_so_plainly(
    app_database, sqlite_url, monkeypatch
):
    """Between booking a try and saying how long to wait, another process may lock the tries."""
    from clfj_data import throttle

    def busy(*_, **__):
        raise store.DatabaseUnavailable("The SQLite database clfj.sqlite3 is busy: try again in a moment.")

    monkeypatch.setenv("CLFJ_STAFF_PASSWORD", "the staff password")
    app_database(sqlite_url)
    at = page("data")
    at.text_input(key="data_name").input("Asha")
    at.text_input(key="data_password").input("a wrong guess")
    monkeypatch.setattr(throttle, "sign_in_wait", busy)
    sign_in(at)
    assert_busy(at)


def sign_in(at: AppTest) -> None:
    at.button[[b.label for b in at.button].index("Sign in")].click()
    at.run(timeout=WAIT + 30)


def assert_busy(at: AppTest) -> None:
    """The page says the database is busy, plainly, and no one is signed in."""
    assert not at.exception, at.exception[0].stack_trace
    assert [error.value for error in at.error] == [
        "The dashboard cannot read its data right now: its database is busy or not answering. "
        "Please try again in a few minutes."
    ]
    assert not at.get("file_uploader")
