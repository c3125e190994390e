"""The programme's framing text (name, intro, partnership line) and where the shipped data lives."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Programme:
    """The sentences a results page frames its milestones with, in the order they are said:
    the partnership line, then the key figures (wording.key_figures_sentence), then ``intro``."""

    name: str
    short_name: str
    heading: str
    intro: str  # "But the numbers only tell part of the story.": said after the key figures
    partnership: str
    timeline_heading: str
    source_url: str


def load_programme(path: str | Path | None = None) -> Programme:
    """Read the programme file (``data/programme.toml`` by default)."""
    path = Path(path) if path else DATA_DIR / "programme.toml"
    with path.open("rb") as handle:
        values = tomllib.load(handle)
    names = [f.name for f in fields(Programme)]
    missing = [name for name in names if not isinstance(values.get(name), str)]
    if missing:
        raise ValueError(f"{path} lacks {', '.join(missing)}")
    return Programme(**{name: values[name].strip() for name in names})


def shipped_milestones_path() -> Path:
    """The milestone table that ships with the dashboard."""
    return DATA_DIR / "milestones.csv"
