"""The two sizes of data the page benchmarks compare, and a database for each.

A SQLite database per size holds one published version: the shipped ten milestones, or a table
of 10,000 from ``generate.py``, published through the store as staff would.
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

from generate import published_database

SIZES = (10, 10_000)
SMALL, LARGE = SIZES
# Raised above 10,000 milestones, for the app and the store alike.
LIMITS = {"CLFJ_MAX_UPLOAD_MB": "500", "CLFJ_MAX_ROWS": "1000000"}
PACKAGES = ("streamlit", "plotly", "pandas", "pyarrow", "playwright")  # named in each run's header


def make_database(folder: Path, size: int) -> str:
    """A SQLite database in ``folder`` whose current version holds ``size`` milestones; its URL."""
    os.environ.update(LIMITS)
    return published_database(folder, size)


def median_or_none(values) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None
