"""The one place that owns versions of the milestone table: publish, read, history, rollback.

SQLAlchemy over an embedded SQLite file by default, or the database ``CLFJ_DATABASE_URL`` names
(PostgreSQL where several app instances share the data). Nothing is ever deleted: a rollback
publishes an older version's content as a new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from .auth import Staff, require_staff

# Callers reach the database through the store (store.connect(), store.DatabaseUnavailable).
from .database import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from .database import DEFAULT_DATABASE as DEFAULT_DATABASE
from .database import READ_ONLY
from .database import DatabaseUnavailable as DatabaseUnavailable
from .database import connect as connect
from .database import database_url as database_url
from .diff import same_milestones
from .framing import Framing
from .i18n import N_
from .load import LoadResult, load_milestones
from .photos import Photo
from .programme import shipped_milestones_path
from .read import Limits
from .records import from_records, to_records
from .uploads import Media

SHIPPED_BY = N_("CLFJ (shipped data)")
SHIPPED_NOTE = N_("The programme's results page, as shipped.")
MAX_NAME, MAX_FILE_NAME = 200, 300
MAX_VERSION = 2**31 - 1  # version numbers are 32-bit integers in both databases

metadata = sa.MetaData()
versions = sa.Table(
    "clfj_versions",
    metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_by", sa.String(200), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("file_name", sa.String(300), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("milestone_count", sa.Integer, nullable=False),
    sa.Column("restores", sa.Integer, nullable=True),  # for a rollback: the version restored
    # The large values last: SQLite reads a row's columns in order, through every page of a
    # large value before the columns after it.
    # The normalized table, as JSON records; with the sheet's title or eras, an object holding
    # them and the records (see _stored).
    sa.Column("milestones", sa.Text, nullable=False),
    sa.Column("file_bytes", sa.LargeBinary, nullable=False),
)
current = sa.Table(
    "clfj_current",
    metadata,
    sa.Column("id", sa.Integer, sa.CheckConstraint("id = 1"), primary_key=True, autoincrement=False),
    sa.Column("version", sa.Integer, sa.ForeignKey("clfj_versions.number"), nullable=True),
)
# Pictures, each stored once however many versions show it: keyed by the sha256 of the bytes
# kept (re-encoded, so the same photo uploaded twice is one row), and linked to each version
# under the file name its milestones use, so history and rollback keep them.
pictures = sa.Table(
    "clfj_pictures",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("mime", sa.String(40), nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)
version_pictures = sa.Table(
    "clfj_version_pictures",
    metadata,
    sa.Column("version", sa.Integer, sa.ForeignKey("clfj_versions.number"), primary_key=True),
    sa.Column("file_name", sa.String(300), primary_key=True),
    sa.Column("sha256", sa.String(64), sa.ForeignKey("clfj_pictures.sha256"), nullable=False),
)
# Each version's line in the history as an audience sees it: staff, or visitors while the current
# version withdraws a given set of milestones (which changes their counts). Made once, on the
# first visit that needs it, so a visit reads the whole history in one query however many
# versions there are, and a publish that withdraws nothing new adds one line. A database made
# before this table fills it in the same way: nothing is lost.
history_lines = sa.Table(
    "clfj_history_lines",
    metadata,
    sa.Column("version", sa.Integer, sa.ForeignKey("clfj_versions.number"), primary_key=True),
    sa.Column("audience", sa.String(80), primary_key=True),  # "staff", or "visitors" and a digest
    sa.Column("milestones", sa.Integer, nullable=False),  # how many the audience sees
    sa.Column("changes", sa.Text, nullable=False),  # from the version before: "1 added, 2 changed"
)


# Failed staff sign-ins (clfj_data.throttle), kept here rather than in the app's memory so that
# no client can reset them and every app instance sharing the database sees the same ones.
sign_in_tries = sa.Table(
    "clfj_sign_in_tries",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),  # who tries: "address 203.0.113.7", "account staff"
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("next_check", sa.Float, nullable=False),  # clock seconds before which no try is checked
)


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
            f"Version {latest.version if latest else '?'} was published since the preview "
            f"(made against version {expected}); review the new changes first."
        )
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
    with _reading(engine) as connection:
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
    staff = _named(require_staff(by))
    note = _required_note(note)
    file_name = Path(file_name or "upload").name[-MAX_FILE_NAME:]
    result = load_milestones(data, filename=file_name, limits=limits, media=media)
    if not result.ok:
        raise InvalidFile(result)
    links = {name: photo.sha256 for name, photo in result.pictures.items()}
    with engine.begin() as connection:
        latest = _lock_for_writing(connection)
        if expected_current is not None and latest != expected_current:
            raise StaleVersion(expected_current, _info(connection, latest))
        _refuse_no_changes(connection, latest, to_records(result.milestones), links, result.framing)
        number = _insert(connection, data, file_name, result.milestones, staff.name, note, restores=None,
                         framing=result.framing)  # fmt: skip
        _store_pictures(connection, number, result.pictures)
        info = _info(connection, number)
    return info


def rollback(engine: Engine, version: int, *, by: Staff, note: str) -> VersionInfo:
    """Publish an older version's content (its file, milestones and pictures) as a new version.

    Refuses an unknown version (LookupError) and one whose milestones are the current
    version's (:class:`NoChanges`), besides what :func:`publish_version` refuses."""
    staff = _named(require_staff(by))
    note = _required_note(note)
    with engine.begin() as connection:
        latest = _lock_for_writing(connection)
        row = connection.execute(sa.select(versions).where(versions.c.number == version)).first()
        if row is None:
            raise LookupError(f"There is no version {version}.")
        links = _links(connection, version)
        records, framing = _stored(row.milestones)
        _refuse_no_changes(connection, latest, records, links, framing)
        frame = from_records(records)
        number = _insert(connection, row.file_bytes, row.file_name, frame, staff.name, note, restores=version,
                         framing=framing)  # fmt: skip
        if links:
            rows = [{"version": number, "file_name": name, "sha256": sha} for name, sha in links.items()]
            connection.execute(version_pictures.insert(), rows)
        info = _info(connection, number)
    return info


def _refuse_no_changes(
    connection: Connection, latest: int | None, records: list[dict], links: dict, framing: Framing
) -> None:
    """Raise :class:`NoChanges` where ``records`` are the milestones of version ``latest``,
    ``framing`` its title and eras, and ``links`` (file name -> sha256) its pictures: a new
    picture under the same name is a change."""
    if latest is None:
        return
    text = connection.execute(sa.select(versions.c.milestones).where(versions.c.number == latest)).scalar()
    if text is None:
        return
    stored, stored_framing = _stored(text)
    if stored_framing != framing or not same_milestones(stored, records):
        return
    if _links(connection, latest) == links:
        raise NoChanges(latest)


def _store_pictures(connection: Connection, number: int, photos: dict[str, Photo]) -> None:
    """Keep each picture once (by its sha256) and link it to version ``number`` under its name."""
    if not photos:
        return
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    by_sha = {photo.sha256: photo for photo in photos.values()}
    stored = sa.select(pictures.c.sha256).where(pictures.c.sha256.in_(by_sha))
    known = set(connection.execute(stored).scalars())
    for sha, photo in by_sha.items():
        if sha not in known:  # sent only when new: an unchanged picture costs nothing to republish
            values = {"sha256": sha, "mime": photo.mime, "width": photo.width, "height": photo.height}
            connection.execute(insert(pictures).values(**values, data=photo.data).on_conflict_do_nothing())
    rows = [{"version": number, "file_name": name, "sha256": photo.sha256} for name, photo in photos.items()]
    connection.execute(version_pictures.insert(), rows)


def _links(connection: Connection, version: int) -> dict[str, str]:
    query = sa.select(version_pictures.c.file_name, version_pictures.c.sha256)
    return dict(connection.execute(query.where(version_pictures.c.version == version)).all())


def picture_links(engine: Engine, version: int) -> dict[str, str]:
    """The pictures of ``version``: the sha256 of each, by the file name its milestones use."""
    _numbered(version)
    with _reading(engine) as connection:
        return _links(connection, version)


def read_pictures(engine: Engine, version: int, names=None) -> dict[str, Photo]:
    """The pictures of ``version`` (only those ``names`` lists, when given), by file name."""
    _numbered(version)
    query = (
        sa.select(version_pictures.c.file_name, pictures.c.mime, pictures.c.width, pictures.c.height,
                  pictures.c.data)
        .join(pictures, pictures.c.sha256 == version_pictures.c.sha256)
        .where(version_pictures.c.version == version)
    )  # fmt: skip
    if names is not None:
        query = query.where(version_pictures.c.file_name.in_(sorted({n for n in names if n})))
    with _reading(engine) as connection:
        rows = connection.execute(query).all()
    return {row.file_name: Photo(row.data, row.mime, row.width, row.height) for row in rows}


def _reading(engine: Engine) -> Connection:
    """A connection whose transaction reads one consistent snapshot and takes no write lock."""
    options = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    return engine.connect().execution_options(**options)


def current_version(engine: Engine) -> VersionInfo | None:
    # One query: the app asks on every run of every session.
    with _reading(engine) as connection:
        row = connection.execute(_CURRENT_INFO).first()
    return None if row is None else _row_info(row, row.number)


def version_info(engine: Engine, version: int) -> VersionInfo:
    _numbered(version)
    with _reading(engine) as connection:
        info = _info(connection, version)
    if info is None:
        raise LookupError(f"There is no version {version}.")
    return info


def history(engine: Engine) -> list[VersionInfo]:
    """Every version, newest first."""
    with _reading(engine) as connection:
        latest = connection.execute(sa.select(current.c.version)).scalar()
        rows = connection.execute(sa.select(*_INFO_COLUMNS).order_by(versions.c.number.desc())).all()
    return [_row_info(row, latest) for row in rows]


def read_history_lines(engine: Engine, audience: str) -> dict[int, tuple[int, str]]:
    """The stored history lines for ``audience``: version -> (milestones seen, what changed
    from the version before)."""
    query = sa.select(history_lines.c.version, history_lines.c.milestones, history_lines.c.changes).where(
        history_lines.c.audience == audience
    )
    with _reading(engine) as connection:
        return {row.version: (row.milestones, row.changes) for row in connection.execute(query)}


def keep_history_lines(engine: Engine, audience: str, lines: dict[int, tuple[int, str]]) -> None:
    """Store history lines (see :func:`read_history_lines`); lines stored already are kept."""
    if not lines:
        return
    rows = [
        {"version": v, "audience": audience, "milestones": count, "changes": changes}
        for v, (count, changes) in lines.items()
    ]
    with engine.begin() as connection:
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        connection.execute(insert(history_lines).values(rows).on_conflict_do_nothing())


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
        _numbered(version)
    with _reading(engine) as connection:
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
    _numbered(version)
    with _reading(engine) as connection:
        row = connection.execute(
            sa.select(versions.c.file_name, versions.c.file_bytes).where(versions.c.number == version)
        ).first()
    if row is None:
        raise LookupError(f"There is no version {version}.")
    return row.file_name, row.file_bytes


def _numbered(version: int) -> None:
    """A number no version can have is unknown (SQLite cannot even compare one past 64 bits)."""
    if not 1 <= version <= MAX_VERSION:
        raise LookupError(f"There is no version {version}.")


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


# Control characters (line breaks and tabs included), and Unicode's line and paragraph breaks.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str, what: str) -> str:
    """``text`` (a name or a note for the history) if it is one line of plain text; else a
    ValueError naming the character: the history prints it, where a line break or a
    terminal's escape would forge lines or codes. Spreadsheet cells are refused alike."""
    found = _NOT_ONE_LINE.search(text)
    if found:
        raise ValueError(
            f"{what} holds an invisible control character or line break (U+{ord(found.group()):04X}): "
            "write it on one line, without characters pasted from a terminal."
        )
    return text


def _named(staff: Staff) -> Staff:
    if len(staff.name.strip()) > MAX_NAME:
        raise ValueError(f"A name is at most {MAX_NAME} characters.")
    one_line(staff.name, "The name")
    return staff


def _required_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise ValueError("A note saying what changed is required.")
    return one_line(note, "The note")
