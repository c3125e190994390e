"""Publishing a version and what follows it: the store's new version, then the public edition.

The app and the command line publish and restore through these, so the edition in
``CLFJ_SITE_DIR`` always follows the current version, whoever changed it.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from . import store
from .site import refresh_site


def publish_version(engine: Engine, data: bytes, file_name: str, **options) -> store.VersionInfo:
    """:func:`store.publish_version`, then the public edition written again."""
    info = store.publish_version(engine, data, file_name, **options)
    refresh_site(engine)
    return info


def rollback(engine: Engine, version: int, **options) -> store.VersionInfo:
    """:func:`store.rollback`, then the public edition written again."""
    info = store.rollback(engine, version, **options)
    refresh_site(engine)
    return info
