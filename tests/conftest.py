import csv
from pathlib import Path

import pandas as pd
import pytest

from clfj_data import load_milestones, shipped_milestones_path

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shipped() -> pd.DataFrame:
    """The shipped milestones, as the loader gives them."""
    return load_milestones(shipped_milestones_path()).milestones


@pytest.fixture(scope="session")
def shipped_rows() -> list[dict[str, str]]:
    """The shipped CSV's rows as written."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
