"""The tables the store keeps, in SQLite or PostgreSQL alike, and how they are read.

Every version is one row of ``clfj_versions``, never changed once written; ``clfj_current`` says
which is current. The other tables hang off the versions (pictures, history lines) or stand
alone (the sign-in throttle's tries).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .database import READ_ONLY

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

# Staff sign-ins ended by signing out (clfj_data.sign_in_tokens): their tokens are refused until
# they would have lapsed anyway.
ended_sign_ins = sa.Table(
    "clfj_ended_sign_ins",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("until", sa.Float, nullable=False),  # clock seconds
)


def reading(engine: Engine) -> Connection:
    """A connection whose transaction reads one consistent snapshot and takes no write lock."""
    options = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    return engine.connect().execution_options(**options)


def numbered(version: int) -> None:
    """A number no version can have is unknown (SQLite cannot even compare one past 64 bits)."""
    if not 1 <= version <= MAX_VERSION:
        raise LookupError(f"There is no version {version}.")
