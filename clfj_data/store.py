"""The one place that owns versions of the milestone table: publish, read, history, rollback.

SQLAlchemy over an embedded SQLite file by default, or the database ``CLFJ_DATABASE_URL`` names
(PostgreSQL where several app instances share the data). Nothing is ever deleted: a rollback
publishes an older version's content as a new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import translation
from .auth import Staff, require_staff
from .byline import MAX_NAME as MAX_NAME
from .byline import MAX_NOTE as MAX_NOTE
from .byline import named, required_note
from .byline import one_line as one_line

# Callers reach the database through the store (store.connect(), store.DatabaseUnavailable).
from .database import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from .database import DEFAULT_DATABASE as DEFAULT_DATABASE
from .database import DatabaseUnavailable as DatabaseUnavailable
from .database import connect as connect
from .database import database_url as database_url
from .diff import same_milestones
from .framing import Framing
from .history_cache import keep_history_lines as keep_history_lines
from .history_cache import read_history_lines as read_history_lines
from .i18n import N_
from .load import LoadResult, load_milestones
from .picture_store import picture_links as picture_links
from .picture_store import read_pictures as read_pictures
from .picture_store import store_pictures, version_links
from .problems import Message
from .programme import shipped_milestones_path
from .read import Limits
from .records import from_records, to_records

# The tables, where callers and tests name them (store.versions, store.history_lines).
from .store_tables import current as current
from .store_tables import history_lines as history_lines
from .store_tables import metadata as metadata
from .store_tables import numbered, reading
from .store_tables import pictures as pictures
from .store_tables import sign_in_tries as sign_in_tries
from .store_tables import version_pictures as version_pictures
from .store_tables import versions as versions
from .uploads import Media

SHIPPED_BY = N_("CLFJ (shipped data)")
SHIPPED_NOTE = N_("The programme's results page, as shipped.")
MAX_FILE_NAME = 300


@dataclass(frozen=True)
class VersionInfo:
    version: int
    published_at: dt.datetime  # UTC
    published_by: str
    note: str
    milestones: int  # how many
    sha256: str
    file_name: str
    restores: int | None
    current: bool

    def as_json(self) -> dict:
        """The ``history --json`` entry."""
        return {
            "version": self.version,
            "published_at": self.published_at.isoformat(),
            "published_by": self.published_by,
            "note": self.note,
            "milestones": self.milestones,
            "sha256": self.sha256,
            "current": self.current,
        }


class InvalidFile(ValueError):
    """A file with content errors was offered for publishing; ``result`` holds every problem."""

    def __init__(self, result: LoadResult):
        super().__init__(f"The file has {len(result.errors)} errors; nothing was published.")
        self.result = result


class StaleVersion(RuntimeError):
    """Another version was published after the one a preview was made against."""

    def __init__(self, expected: int | None, latest: VersionInfo | None):
        super().__init__(
            Message(
                N_(
                    "Version {latest} was published since the preview (made against version {expected}); "
                    "review the new changes first."
                ),
                latest=latest.version if latest else "?", expected=expected,
            )
        )  # fmt: skip
        self.expected, self.latest = expected, latest


class NoChanges(ValueError):
    """What would be published holds exactly the milestones of the current version
    ``version``: a new version would change nothing."""

    def __init__(self, version: int):
        super().__init__(f"no changes: identical to version {version}")
        self.version = version


def ensure_ready(engine: Engine) -> None:
    """Create the tables if needed; an empty database imports ``data/milestones.csv`` as version 1.

    A database that already has every table and a current version is only read, without a
    write lock: commands and pages that only read never wait for a writer.
    """
    if _is_ready(engine):
        return
    with engine.begin() as connection:
        _lock_for_writing(connection, schema=True)
        metadata.create_all(connection)
        if connection.execute(sa.select(current.c.id)).first() is None:
            connection.execute(current.insert().values(id=1, version=None))
        if connection.execute(sa.select(sa.func.count()).select_from(versions)).scalar() == 0:
            path = shipped_milestones_path()
            result = load_milestones(path, limits=Limits(max_bytes=2**30, max_rows=10**7))
            _insert(connection, path.read_bytes(), path.name, result.milestones, SHIPPED_BY,
                    SHIPPED_NOTE, restores=None,
                    framing=result.framing)  # fmt: skip


def _is_ready(engine: Engine) -> bool:
    """Every table exists and a version is current (which needs nothing more written)."""
    with reading(engine) as connection:
        if not set(metadata.tables) <= set(sa.inspect(connection).get_table_names()):
            return False
        return connection.execute(sa.select(current.c.version)).scalar() is not None


def publish_version(
    engine: Engine,
    data: bytes,
    file_name: str,
    *,
    by: Staff,
    note: str,
    expected_current: int | None = None,
    limits: Limits | None = None,
    media: Media | None = None,
) -> VersionInfo:
    """Check ``data`` (with the pictures it names from ``media``) and publish it as the new
    current version, with those pictures, in one transaction.

    Refuses non-staff (:class:`~clfj_data.auth.NotStaff`), an empty note (ValueError), a file
    with content errors (:class:`InvalidFile`) or one it cannot read
    (:class:`~clfj_data.problems.UnreadableFile`), and, when ``expected_current`` is given,
    a publish made against a version that is no longer current (:class:`StaleVersion`), and
    milestones and pictures identical to the current version's, whatever the file's bytes
    (:class:`NoChanges`). Nothing is written in any of these cases.
    """
    staff = named(require_staff(by))
    note = required_note(note)
    file_name = Path(file_name or "upload").name[-MAX_FILE_NAME:]
    result = load_milestones(data, filename=file_name, limits=limits, media=media)
    if not result.ok:
        raise InvalidFile(result)
    links = {name: photo.sha256 for name, photo in result.pictures.items()}
    with engine.begin() as connection:
        latest = _lock_for_writing(connection)
        if expected_current is not None and latest != expected_current:
            raise StaleVersion(expected_current, _info(connection, latest))
        stored = _stored_version(connection, latest)  # read once: for the Hindi, then for the changes
        # Hindi kept from before its English changed no longer translates it: left empty.
        old = None if stored is None else from_records(stored[0])
        milestones = translation.without_stale_hindi(old, result.milestones)
        _refuse_no_changes(latest, stored, connection, to_records(milestones), links, result.framing)
        number = _insert(connection, data, file_name, milestones, staff.name, note, restores=None,
                         framing=result.framing)  # fmt: skip
        store_pictures(connection, number, result.pictures)
        info = _info(connection, number)
    return info


def rollback(engine: Engine, version: int, *, by: Staff, note: str) -> VersionInfo:
    """Publish an older version's content (its file, milestones and pictures) as a new version.

    Refuses an unknown version (LookupError) and one whose milestones are the current
    version's (:class:`NoChanges`), besides what :func:`publish_version` refuses."""
    staff = named(require_staff(by))
    note = required_note(note)
    with engine.begin() as connection:
        latest = _lock_for_writing(connection)
        row = connection.execute(sa.select(versions).where(versions.c.number == version)).first()
        if row is None:
            raise LookupError(f"There is no version {version}.")
        links = version_links(connection, version)
        records, framing = _stored(row.milestones)
        _refuse_no_changes(latest, _stored_version(connection, latest), connection, records, links, framing)
        frame = from_records(records)
        number = _insert(connection, row.file_bytes, row.file_name, frame, staff.name, note, restores=version,
                         framing=framing)  # fmt: skip
        if links:
            rows = [{"version": number, "file_name": name, "sha256": sha} for name, sha in links.items()]
            connection.execute(version_pictures.insert(), rows)
        info = _info(connection, number)
    return info


def _stored_version(connection: Connection, version: int | None) -> tuple[list[dict], Framing] | None:
    """Version ``version``'s milestone records and framing (None where there is no such version)."""
    if version is None:
        return None
    text = connection.execute(sa.select(versions.c.milestones).where(versions.c.number == version)).scalar()
    return None if text is None else _stored(text)


def _refuse_no_changes(
    latest: int | None,
    latest_stored: tuple[list[dict], Framing] | None,
    connection: Connection,
    records: list[dict],
    links: dict,
    framing: Framing,
) -> None:
    """Raise :class:`NoChanges` where ``records`` are the milestones of version ``latest``
    (``latest_stored``: its records and framing), ``framing`` its title and eras, and ``links``
    (file name -> sha256) its pictures: a new picture under the same name is a change."""
    if latest_stored is None:
        return
    stored, stored_framing = latest_stored
    if stored_framing != framing or not same_milestones(stored, records):
        return
    if version_links(connection, latest) == links:
        raise NoChanges(latest)


def current_version(engine: Engine) -> VersionInfo | None:
    # One query: the app asks on every run of every session.
    with reading(engine) as connection:
        row = connection.execute(_CURRENT_INFO).first()
    return None if row is None else _row_info(row, row.number)


def version_info(engine: Engine, version: int) -> VersionInfo:
    numbered(version)
    with reading(engine) as connection:
        info = _info(connection, version)
    if info is None:
        raise LookupError(f"There is no version {version}.")
    return info


def history(engine: Engine) -> list[VersionInfo]:
    """Every version, newest first."""
    with reading(engine) as connection:
        latest = connection.execute(sa.select(current.c.version)).scalar()
        rows = connection.execute(sa.select(*_INFO_COLUMNS).order_by(versions.c.number.desc())).all()
    return [_row_info(row, latest) for row in rows]


def read_milestones(engine: Engine, version: int | None = None) -> pd.DataFrame:
    """The milestones of ``version`` (default: the current one)."""
    return from_records(_read_stored(engine, version)[0])


def read_framing(engine: Engine, version: int | None = None) -> Framing:
    """The title and eras of ``version`` (default: the current one), as its sheet gave them."""
    return _read_stored(engine, version)[1]


def _stored(text: str) -> tuple[list[dict], Framing]:
    """A version's stored milestones: a list of records, or, where its sheet had a title or
    eras, ``{"milestones": [...], "title": ..., "eras": [...]}``."""
    value = json.loads(text)
    if isinstance(value, list):
        return value, Framing()
    return value["milestones"], Framing.from_json(value)


def _read_stored(engine: Engine, version: int | None) -> tuple[list[dict], Framing]:
    if version is not None:
        numbered(version)
    with reading(engine) as connection:
        number = version if version is not None else connection.execute(sa.select(current.c.version)).scalar()
        text = connection.execute(
            sa.select(versions.c.milestones).where(versions.c.number == number)
        ).scalar()
    if text is None:
        raise LookupError(
            "No version is published yet." if version is None else f"There is no version {version}."
        )
    return _stored(text)


def read_file(engine: Engine, version: int) -> tuple[str, bytes]:
    """The file as it was uploaded for ``version``: its name and bytes."""
    numbered(version)
    with reading(engine) as connection:
        row = connection.execute(
            sa.select(versions.c.file_name, versions.c.file_bytes).where(versions.c.number == version)
        ).first()
    if row is None:
        raise LookupError(f"There is no version {version}.")
    return row.file_name, row.file_bytes


_INFO_COLUMNS = (
    versions.c.number, versions.c.published_at, versions.c.published_by, versions.c.note,
    versions.c.milestone_count, versions.c.sha256, versions.c.file_name, versions.c.restores,
)  # fmt: skip
_CURRENT_INFO = sa.select(*_INFO_COLUMNS).join_from(current, versions, versions.c.number == current.c.version)


def _info(connection: Connection, number: int | None) -> VersionInfo | None:
    if number is None:
        return None
    row = connection.execute(sa.select(*_INFO_COLUMNS).where(versions.c.number == number)).first()
    latest = connection.execute(sa.select(current.c.version)).scalar()
    return None if row is None else _row_info(row, latest)


def _row_info(row, latest: int | None) -> VersionInfo:
    published = row.published_at
    if published.tzinfo is None:  # SQLite keeps no zone; everything stored is UTC
        published = published.replace(tzinfo=dt.UTC)
    return VersionInfo(
        version=row.number, published_at=published.astimezone(dt.UTC), published_by=row.published_by,
        note=row.note, milestones=row.milestone_count, sha256=row.sha256, file_name=row.file_name,
        restores=row.restores, current=row.number == latest,
    )  # fmt: skip


def _lock_for_writing(connection: Connection, schema: bool = False) -> int | None:
    """Serialize writers; return the current version. SQLite's BEGIN IMMEDIATE already holds
    the write lock; PostgreSQL locks the row that says which version is current."""
    if connection.dialect.name == "postgresql":
        if schema:  # creating tables: one process at a time, before the row exists
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7403)")
            return None
        return connection.execute(sa.select(current.c.version).with_for_update()).scalar()
    if schema:
        return None
    return connection.execute(sa.select(current.c.version)).scalar()


def _insert(connection, data, file_name, frame, by, note, restores, framing: Framing) -> int:
    number = (connection.execute(sa.select(sa.func.max(versions.c.number))).scalar() or 0) + 1
    records = to_records(frame)
    stored = records if framing.empty else {"milestones": records, **framing.as_json()}
    connection.execute(
        versions.insert().values(
            number=number, published_at=dt.datetime.now(dt.UTC), published_by=by, note=note,
            file_name=file_name, file_bytes=data, sha256=hashlib.sha256(data).hexdigest(),
            milestones=json.dumps(stored, ensure_ascii=False), milestone_count=len(frame),
            restores=restores,
        )
    )  # fmt: skip
    connection.execute(current.update().where(current.c.id == 1).values(version=number))
    return number
