"""Milestones a test writes as CSV lines, read by the real loader."""

import pandas as pd

from clfj_data import load_milestones


def load_rows(header: str, *rows: str) -> pd.DataFrame:
    """The loader's milestones for CSV ``rows`` under ``header``; fails the test if it refuses any."""
    result = load_milestones(("\n".join((header, *rows)) + "\n").encode())
    assert result.ok, result.errors
    return result.milestones
