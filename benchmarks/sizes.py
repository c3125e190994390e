"""What the page benchmarks share: the two sizes of data, a database for each, and the machine.

A SQLite database per size holds one published version: the shipped ten milestones, or a table
of 10,000 from ``generate.py``, published through the store as staff would.
"""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import sys
from importlib.metadata import version
from pathlib import Path

from check_vs_parse import cpu_model, nproc
from generate import write_milestones

from clfj_data import shipped_milestones_path, store
from clfj_data.auth import Staff

SIZES = (10, 10_000)
SMALL, LARGE = SIZES
# Raised above 10,000 milestones, for the app and the store alike.
LIMITS = {"CLFJ_MAX_UPLOAD_MB": "500", "CLFJ_MAX_ROWS": "1000000"}
BENCHMARK_STAFF = Staff("Benchmark", "password")


def make_database(folder: Path, size: int) -> str:
    """A SQLite database whose current version holds ``size`` milestones, published through the store."""
    os.environ.update(LIMITS)
    url = f"sqlite:///{folder / f'clfj-{size}.sqlite3'}"
    if size == SMALL:
        csv = shipped_milestones_path()
    else:
        csv = write_milestones(folder / f"milestones-{size}.csv", size)
    engine = store.connect(url)
    try:
        store.ensure_ready(engine)  # imports the shipped milestones as the first version
        note = f"{size} milestones for the benchmark"
        try:
            info = store.publish_version(engine, csv.read_bytes(), csv.name, by=BENCHMARK_STAFF, note=note)
        except store.NoChanges:  # the shipped milestones, already there
            info = store.current_version(engine)
    finally:
        engine.dispose()
    if info.milestones != size:
        raise SystemExit(f"{csv} holds {info.milestones} milestones, not {size}")
    return url


def median_or_none(values) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def yes(met: bool) -> str:
    return "yes" if met else "no"


def machine() -> str:
    packages = ", ".join(
        f"{name} {version(name)}" for name in ("streamlit", "plotly", "pandas", "pyarrow", "playwright")
    )
    return (
        f"Python {platform.python_version()} ({sys.executable}), {packages}\n"
        f"nproc {nproc()}, CPU {cpu_model()}, load average {' '.join(load_average())}"
    )


def load_average() -> list[str]:
    with contextlib.suppress(OSError):
        return [f"{load:.2f}" for load in os.getloadavg()]
    return ["unknown"]
