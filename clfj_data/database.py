"""Engines for the store's database, SQLite or PostgreSQL, set up so that readers never wait
for writers, and one plain sentence in place of the driver's traceback when it cannot be used.

The store (:mod:`clfj_data.store`) opens its database through :func:`connect`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .programme import DATA_DIR

DEFAULT_DATABASE = DATA_DIR.parent / "instance" / "clfj.sqlite3"
# How long a writer waits for another writer's lock (and, on PostgreSQL, anyone for a table
# lock) before giving up with DatabaseUnavailable; and how long to wait for a server to answer.
BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 10
READ_ONLY = "clfj_read_only"  # an execution option: a transaction that only reads takes no write lock


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used now: it cannot be reached or opened, or another process held
    a lock on it for longer than ``BUSY_TIMEOUT_MS``. The message is one plain sentence (it
    names where the database is, never its password); nothing was written."""


def database_url(environ: dict[str, str] | None = None) -> str:
    """``CLFJ_DATABASE_URL``, else the embedded SQLite file (``instance/clfj.sqlite3``)."""
    environ = os.environ if environ is None else environ
    return environ.get("CLFJ_DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE}"


def connect(url: str | None = None) -> Engine:
    """An engine for ``url`` (default :func:`database_url`). SQLite runs in WAL mode with
    synchronous=FULL and a busy timeout, and every transaction takes the write lock up front;
    PostgreSQL waits at most ``BUSY_TIMEOUT_MS`` for a lock. A database that cannot be reached,
    opened or locked in time raises :class:`DatabaseUnavailable` from any function here."""
    url = url or database_url()
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    _usable(url)
    engine = _sqlite_engine(url) if url.startswith("sqlite") else _server_engine(url)
    sa.event.listen(engine, "handle_error", _unavailable)
    return engine


def _usable(url: str) -> None:
    """Refuse, in one sentence, a URL that is no database URL or names a kind of database the
    store does not use (the URL itself is not repeated: it may hold a password)."""
    try:
        backend = sa.engine.make_url(url).get_backend_name()
    except sa.exc.ArgumentError:
        backend = None
    if backend not in ("sqlite", "postgresql"):
        said = "is not a database URL" if backend is None else f"names a {backend} database"
        raise DatabaseUnavailable(
            f"The database URL (CLFJ_DATABASE_URL) {said}: the app uses SQLite (sqlite:///PATH) or "
            "PostgreSQL (postgresql://USER:PASSWORD@HOST/NAME)."
        )


def _server_engine(url: str) -> Engine:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return sa.create_engine(url, pool_pre_ping=True)
    # Without a connect timeout an unanswered address stalls every command and page for minutes.
    options = {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    engine = sa.create_engine(url, pool_pre_ping=True, connect_args=options)

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        # Readers never wait for writers (MVCC), but a table lock (LOCK TABLE, a migration)
        # would stall readers and writers alike without end.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        dbapi_connection.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}")
        dbapi_connection.autocommit = autocommit

    return engine


def _sqlite_engine(url: str) -> Engine:
    database = sa.engine.make_url(url).database
    if database and database != ":memory:":
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailable(
                f"The SQLite database {database} cannot be created: {error.strerror} ({error.filename})."
            ) from None
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we say when transactions begin (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        # Writers take the write lock up front; readers read a snapshot and never wait (WAL).
        reading = connection.get_execution_options().get(READ_ONLY)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


def _unavailable(context) -> None:
    """Say in one sentence why the database cannot be used, instead of the driver's traceback."""
    error = context.original_exception
    name = getattr(error, "sqlite_errorname", "") or ""
    # A damaged file, or one that is no database at all, is a DatabaseError, not operational.
    damaged = name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
    if context.is_pre_ping or not (
        damaged or isinstance(context.sqlalchemy_exception, (sa.exc.OperationalError, sa.exc.InterfaceError))
    ):
        return
    url = context.engine.url if context.engine is not None else None
    where = _where(url) if url is not None else "The database"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or getattr(error, "sqlstate", None) == "55P03":
        message = (
            f"{where} is busy: another process has held a lock on it for more than "
            f"{BUSY_TIMEOUT_MS // 1000} seconds. Try again in a moment."
        )
    else:
        reason = (str(error).strip() or type(error).__name__).splitlines()[0]
        # psycopg: 'connection failed: connection to server at "h", port 1 failed: <reason>'
        reason = reason.rsplit("failed: ", 1)[-1].removeprefix("FATAL:").strip().rstrip(".")
        if context.connection is None or context.is_disconnect or damaged:
            cannot = "opened" if url is not None and url.get_backend_name() == "sqlite" else "reached"
        else:
            cannot = "used"
        message = f"{where} cannot be {cannot}: {reason}."
    raise DatabaseUnavailable(message) from error


def _where(url: sa.engine.URL) -> str:
    """The database, for a message: its file, or its server and name (never its password)."""
    if url.get_backend_name() == "sqlite":
        return f"The SQLite database {url.database or '(in memory)'}"
    port = f":{url.port}" if url.port else ""
    name = f" {url.database}" if url.database else ""
    kind = "PostgreSQL" if url.get_backend_name() == "postgresql" else url.get_backend_name()
    return f"The {kind} database{name} on {url.host or 'localhost'}{port}"


def _use_wal(cursor) -> None:
    """Put the file in WAL mode (it stays so). Switching needs the file to itself, and SQLite
    answers "locked" at once, without its busy wait, while other processes open the same new
    file: try again until the busy timeout has passed."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
