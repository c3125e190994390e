"""The programme's framing text (name, intro, partnership line) and where the shipped data lives."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from . import i18n

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
    # The sentences in Hindi ("" where there is none), and whether the programme reviewed them.
    name_hi: str = ""
    heading_hi: str = ""
    intro_hi: str = ""
    partnership_hi: str = ""
    timeline_heading_hi: str = ""
    translation_status: str = ""

    def in_language(self, lang: str) -> Programme:
        """The programme as a reader of ``lang`` reads it: in Hindi, each sentence that has a
        Hindi version in it, the others in English (see :meth:`in_english`)."""
        if i18n.language(lang) == i18n.ENGLISH:
            return self
        return dataclasses.replace(
            self, **{name: getattr(self, f"{name}_hi") or getattr(self, name) for name in TRANSLATED}
        )

    def in_english(self, name: str, lang: str) -> bool:
        """Whether sentence ``name`` reads in English for a reader of ``lang`` (it has no Hindi)."""
        return i18n.language(lang) != i18n.ENGLISH and name in TRANSLATED and not getattr(self, f"{name}_hi")

    @property
    def is_draft(self) -> bool:
        """Whether the programme's Hindi sentences are there but not yet reviewed."""
        has_hindi = any(getattr(self, f"{name}_hi") for name in TRANSLATED)
        return has_hindi and self.translation_status != "reviewed"


TRANSLATED = ("name", "heading", "intro", "partnership", "timeline_heading")


def load_programme(path: str | Path | None = None) -> Programme:
    """Read the programme file (``data/programme.toml`` by default)."""
    path = Path(path) if path else DATA_DIR / "programme.toml"
    with path.open("rb") as handle:
        values = tomllib.load(handle)
    names = [f.name for f in fields(Programme) if f.default is dataclasses.MISSING]
    missing = [name for name in names if not isinstance(values.get(name), str)]
    if missing:
        raise ValueError(f"{path} lacks {', '.join(missing)}")
    optional = [f.name for f in fields(Programme) if f.default is not dataclasses.MISSING]
    status = str(values.get("translation_status", "")).strip().lower()
    if status not in ("", "draft", "reviewed"):
        raise ValueError(f"{path}: translation_status is draft or reviewed, not {status!r}")
    given = {name: str(values.get(name, "")).strip() for name in optional} | {"translation_status": status}
    return Programme(**{name: values[name].strip() for name in names}, **given)


def shipped_milestones_path() -> Path:
    """The milestone table that ships with the dashboard."""
    return DATA_DIR / "milestones.csv"
