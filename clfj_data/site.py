"""The public edition in a folder, replaced whole: after every publish and restore where
``CLFJ_SITE_DIR`` names the folder, and by ``python -m clfj_data site DIR``.

DIR is a symbolic link to a folder beside it. A new edition is written into a new folder, then
a new link to it is renamed over DIR, which POSIX makes atomic: a reader (nginx, say) opens
either the old edition or the new one, never half of one. Each edition also holds the files
of the one before (their names carry their content's hash, so none clashes), so a browser that
loaded the old page a moment before still finds its pictures and scripts; older ones go.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from .links import SITE_SETTING

log = logging.getLogger(__name__)
OWN_FILES = ".files"  # in each edition: the names of its own files, one a line


class NotAnEdition(OSError):
    """DIR holds something else: nothing is written over it."""


def site_folder() -> Path | None:
    """The folder ``CLFJ_SITE_DIR`` names, or None where it is not set."""
    configured = os.environ.get(SITE_SETTING, "").strip()
    return Path(configured) if configured else None


def write_edition(engine, directory: str | Path, version: int | None = None, *, timeline: str | None = None):
    """Write the public edition of ``version`` (default: the current one, read once the folder
    is locked, so the last of two writers at once writes the newest) into ``directory``.
    Returns the version's :class:`~clfj_data.store.VersionInfo`. ``timeline``: how a wide
    screen's timeline is drawn (:data:`~clfj_data.edition.TIMELINES`).

    Raises LookupError for an unknown version and :class:`NotAnEdition` where ``directory`` is
    a folder this did not make."""
    from . import store
    from .edition import build_edition
    from .programme import load_programme
    from .visibility import visible

    directory = Path(directory).absolute()
    with _locked(directory):
        info = store.version_info(engine, version) if version else store.current_version(engine)
        if info is None:
            raise LookupError("No version is published yet.")
        frame = visible(store.read_milestones(engine, info.version), staff=False)
        pictures = store.read_pictures(engine, info.version, frame["image"])
        files = build_edition(frame, load_programme(), info, pictures, timeline=timeline)
        replace_folder(directory, files)
    return info


def refresh_site(engine) -> None:
    """Where ``CLFJ_SITE_DIR`` is set, write the current version's edition there. Called after
    every publish and restore has committed: a failure is logged, and the publish stands."""
    folder = site_folder()
    if folder is None:
        return
    try:
        info = write_edition(engine, folder)
    except Exception:  # the version is published; the edition is only behind until the next one
        log.exception("The public edition in %s could not be written", folder)
    else:
        log.info("Wrote the public edition of version %s to %s", info.version, folder)


def replace_folder(directory: Path, files: dict[str, bytes]) -> None:
    """Make ``directory`` hold exactly ``files`` (path in the folder -> bytes), at once.
    The caller holds the folder's lock."""
    parent = directory.parent
    if directory.exists() and not directory.is_symlink():
        if not directory.is_dir() or any(directory.iterdir()):
            raise NotAnEdition(f"{directory} exists and is not an edition written here: choose another.")
        directory.rmdir()  # an empty folder made beforehand: the link takes its place
    before = parent / os.readlink(directory) if directory.is_symlink() else None
    fresh = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=parent))
    try:
        for name in _own_files(before) - set(files) - {"index.html"}:
            (fresh / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(before / name, fresh / name)
        own = "".join(f"{name}\n" for name in sorted(files))
        for name, data in {**files, OWN_FILES: own.encode("utf-8")}.items():
            path = fresh / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(0o644)
        for folder in (fresh, *{p.parent for p in fresh.rglob("*") if p.is_file()}):
            folder.chmod(0o755)  # mkdtemp makes it private; the web server's user reads it
        link = parent / f".{directory.name}-link-{secrets.token_hex(8)}"
        os.symlink(fresh.name, link)
        os.replace(link, directory)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    _remove_old(directory, keep={fresh, before})


def _own_files(folder: Path | None) -> set[str]:
    """The files an earlier edition made for its own page (none for no edition)."""
    try:
        names = (folder / OWN_FILES).read_text(encoding="utf-8").splitlines() if folder else []
    except OSError:
        return set()
    return {name for name in names if name and ".." not in name and (folder / name).is_file()}


def _remove_old(directory: Path, keep: set) -> None:
    """Earlier editions beside ``directory``, all but those in ``keep``."""
    for old in directory.parent.glob(f".{directory.name}-*"):
        if old in keep:
            continue
        if old.is_symlink():
            old.unlink(missing_ok=True)
        elif old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _locked(directory: Path):
    """One writer at a time for ``directory``, across processes (app instances, the CLI)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.parent / f".{directory.name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
