"""The sector vocabulary: one place that names each sector and what people call it."""

from __future__ import annotations

import re

# Canonical name -> other names staff use for it. The order is the order charts list sectors in.
SECTORS: dict[str, tuple[str, ...]] = {
    "Justice": ("legal", "law", "courts", "judiciary", "prosecution", "access to justice"),
    "Child protection": ("protection", "child rights", "safeguarding", "anti-trafficking"),
    "Care and health": ("care", "health", "care & health", "shelter", "rehabilitation"),
    "Education": ("schools", "schooling", "school"),
    "Livelihoods": ("livelihood", "economic empowerment", "enterprise", "supply chain"),
    "Community": ("communities", "community engagement", "awareness", "community mobilisation"),
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("&", "and"))


_BY_KEY = {_key(alias): name for name, aliases in SECTORS.items() for alias in (name, *aliases)}


def match_sector(text: str) -> str | None:
    """Return the canonical sector for ``text`` (ignoring case, spaces and punctuation), else None."""
    return _BY_KEY.get(_key(text))
