"""Streamlit's static files and the app's, copied for nginx to serve, each compressed beforehand
at the highest level beside it (``name.br``, ``name.gz``).

    python deploy/static_files.py DIR

nginx compresses what it passes on from the app at a level it can afford for every request
(brotli 5, gzip 5); compressed once here at the highest levels (brotli 11, gzip 9), a first
visit transfers about 0.1 MB less, and nginx serves the files without asking the app
(``brotli_static`` and ``gzip_static`` in deploy/nginx/clfj.conf, which falls back to the app
for a file missing here). Run it whenever Streamlit or the app's bundle changes:
deploy/clfj@.service runs it before each start.

DIR/static/ holds Streamlit's files (their names carry a hash of their content, so a file
once written never changes; those of an older Streamlit are left for browsers that still have
its page), DIR/app/static/ the app's own ``static/`` folder, made to match it.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import brotli

APP_STATIC = Path(__file__).resolve().parent.parent / "static"
COMPRESSED = {".js", ".css", ".json", ".svg", ".txt", ".html"}  # fonts and images are compressed already


def streamlit_static() -> Path:
    """Streamlit's hashed files (static/js, static/css, static/media), found without importing it."""
    return Path(importlib.util.find_spec("streamlit").origin).parent / "static" / "static"


def _write(path: Path, data: bytes) -> None:
    """``data`` into ``path`` at once: nginx, or an instance starting beside this one, never
    reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as out:
        out.write(data)
    os.chmod(out.name, 0o644)
    os.replace(out.name, path)


def copy_compressed(source: Path, target: Path) -> int:
    """``source``'s files into ``target``, each with its .br and .gz where they are smaller;
    a file already there with the same size and time is left as it is. Returns the files written."""
    written = 0
    for original in sorted(p for p in source.rglob("*") if p.is_file()):
        copy = target / original.relative_to(source)
        stat = original.stat()
        if copy.exists() and copy.stat().st_size == stat.st_size and copy.stat().st_mtime == stat.st_mtime:
            continue
        data = original.read_bytes()
        variants = {}
        if original.suffix in COMPRESSED:
            variants = {
                ".br": brotli.compress(data, quality=11),
                ".gz": gzip.compress(data, compresslevel=9, mtime=0),
            }
        for suffix, packed in variants.items():
            sibling = copy.with_name(copy.name + suffix)
            if len(packed) < len(data):
                _write(sibling, packed)
            else:
                sibling.unlink(missing_ok=True)
        _write(copy, data)  # last, with the source's time: the mark that this file is done
        os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        written += 1
    return written


def remove_stale(source: Path, target: Path) -> None:
    """Files in ``target`` whose original is gone from ``source`` (the app's bundle, renamed)."""
    for copy in sorted(p for p in target.rglob("*") if p.is_file()):
        name = copy.name.removesuffix(".br").removesuffix(".gz")
        if not (source / copy.relative_to(target)).with_name(name).exists():
            copy.unlink()


def write_static(directory: Path) -> int:
    """Streamlit's static files into ``directory/static`` and the app's into ``directory/app/static``."""
    written = copy_compressed(streamlit_static(), directory / "static")
    app = directory / "app" / "static"
    written += copy_compressed(APP_STATIC, app)
    remove_stale(APP_STATIC, app)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="the folder nginx serves them from (its `root`)")
    args = parser.parse_args()
    written = write_static(args.directory)
    print(f"{written} files written to {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
