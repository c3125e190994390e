"""Milestones a test writes as CSV lines, read by the real loader."""

import csv
import io

import pandas as pd

from clfj_data import load_milestones, shipped_milestones_path


def load_rows(header: str, *rows: str) -> pd.DataFrame:
    """The loader's milestones for CSV ``rows`` under ``header``; fails the test if it refuses any."""
    result = load_milestones(("\n".join((header, *rows)) + "\n").encode())
    assert result.ok, result.errors
    return result.milestones


def shipped_with(*milestones: dict[str, str]) -> bytes:
    """The shipped CSV with a visibility column (its milestones public) and ``milestones`` added
    (each a column -> text dict; the columns it leaves out are empty)."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row | {"visibility": "public"} for row in reader]
        columns = [*reader.fieldnames, "visibility"]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, *milestones])
    return out.getvalue().encode()
