"""The pictures of each version: each picture kept once, by the sha256 of its bytes, however many
versions show it, and linked to each version under the file name its milestones use."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from .photos import Photo
from .store_tables import numbered, pictures, reading, version_pictures


def store_pictures(connection: Connection, number: int, photos: dict[str, Photo]) -> None:
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


def version_links(connection: Connection, version: int) -> dict[str, str]:
    query = sa.select(version_pictures.c.file_name, version_pictures.c.sha256)
    return dict(connection.execute(query.where(version_pictures.c.version == version)).all())


def picture_links(engine: Engine, version: int) -> dict[str, str]:
    """The pictures of ``version``: the sha256 of each, by the file name its milestones use."""
    numbered(version)
    with reading(engine) as connection:
        return version_links(connection, version)


def read_pictures(engine: Engine, version: int, names=None) -> dict[str, Photo]:
    """The pictures of ``version`` (only those ``names`` lists, when given), by file name."""
    numbered(version)
    query = (
        sa.select(version_pictures.c.file_name, pictures.c.mime, pictures.c.width, pictures.c.height,
                  pictures.c.data)
        .join(pictures, pictures.c.sha256 == version_pictures.c.sha256)
        .where(version_pictures.c.version == version)
    )  # fmt: skip
    if names is not None:
        query = query.where(version_pictures.c.file_name.in_(sorted({n for n in names if n})))
    with reading(engine) as connection:
        rows = connection.execute(query).all()
    return {row.file_name: Photo(row.data, row.mime, row.width, row.height) for row in rows}
