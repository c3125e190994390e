"""The sector vocabulary: each sector's name, what people call it, and its colour on every chart."""

from __future__ import annotations

import zlib

from .i18n import N_
from .states import NOT_SPECIFIED, name_key

# Canonical name -> other names staff use for it. The order is the order charts list sectors in.
SECTORS: dict[str, tuple[str, ...]] = {
    N_("Justice"): ("legal", "law", "courts", "judiciary", "prosecution", "access to justice"),
    N_("Child protection"): ("protection", "child rights", "safeguarding", "anti-trafficking"),
    N_("Care and health"): ("care", "health", "care & health", "shelter", "rehabilitation"),
    N_("Education"): ("schools", "schooling", "school"),
    N_("Livelihoods"): ("livelihood", "economic empowerment", "enterprise", "supply chain"),
    N_("Community"): ("communities", "community engagement", "awareness", "community mobilisation"),
}

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "blue": "#0072B2", "vermillion": "#D55E00", "bluish green": "#009E73", "orange": "#E69F00",
    "reddish purple": "#CC79A7", "sky blue": "#56B4E9", "yellow": "#F0E442", "black": "#000000",
}  # fmt: skip
SECTOR_COLOURS = dict(zip(SECTORS, list(OKABE_ITO.values())[:6], strict=True))
NOT_SPECIFIED_COLOUR = "#8C8C8C"
# For sectors outside the vocabulary: the rest of Okabe-Ito, then Paul Tol's dark muted colours.
_SPARE_COLOURS = ("#000000", "#882255", "#332288", "#999933", "#44AA99", "#F0E442")

_BY_KEY = {name_key(alias): name for name, aliases in SECTORS.items() for alias in (name, *aliases)}


def match_sector(text: str) -> str | None:
    """Return the canonical sector for ``text`` (ignoring case, spaces and punctuation), else None."""
    return _BY_KEY.get(name_key(text))


def misspelt_sector(text: str) -> str | None:
    """The sector ``text`` is a misspelling of: the one whose name, or another name for it, is
    within two letters' edits of it (one for a word of up to five letters), where ``text`` is
    no sector's name itself; else None."""
    from rapidfuzz.distance import Levenshtein

    key = name_key(text)
    if not key or key in _BY_KEY:
        return None
    edits = min(2, len(key) // 3)
    distance, name = min((Levenshtein.distance(key, known), name) for known, name in _BY_KEY.items())
    return name if distance <= edits else None


def sector_colour(sector: str) -> str:
    """The colour a sector has on every chart; a sector outside the vocabulary gets a stable one."""
    if sector in SECTOR_COLOURS:
        return SECTOR_COLOURS[sector]
    if sector in ("", NOT_SPECIFIED):
        return NOT_SPECIFIED_COLOUR
    return _SPARE_COLOURS[zlib.crc32(sector.encode()) % len(_SPARE_COLOURS)]


def sector_order(labels) -> list[str]:
    """Sectors in vocabulary order, then new ones alphabetically, "Not specified" last."""
    present = set(labels)
    known = [s for s in SECTORS if s in present]
    new = sorted(present - set(SECTORS) - {NOT_SPECIFIED})
    return known + new + ([NOT_SPECIFIED] if NOT_SPECIFIED in present else [])


def sector_labels(frame):
    """Each milestone's sector (a pandas Series), "Not specified" where it has none."""
    return frame["sector"].mask(frame["sector"] == "", NOT_SPECIFIED)
