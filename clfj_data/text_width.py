"""How wide a line of text is drawn: measured with Pillow (FreeType, with HarfBuzz shaping where
Pillow has it) on the font file the text is drawn with, never guessed from a count of characters.

A :class:`Typeface` is a font file (regular and bold), with Noto Sans Devanagari for Devanagari
text, which the Latin fonts have no glyphs for: a browser or PowerPoint draws that text with a
Devanagari font, and so it is measured with one. The typefaces the charts are drawn with:

- :data:`APP`: the dashboard's own Source Sans, the variable font Streamlit serves to the
  browser, which the charts' font (figure_style.FONT) names first;
- :data:`SYSTEM`: what Chromium draws FONT with where Source Sans is not installed (images made
  by kaleido, the offline report): Helvetica and Arial, which Debian's fontconfig maps to the
  metric-compatible Liberation Sans;
- :data:`DECK`: the deck's text (Office's theme font, Calibri, which LibreOffice here draws with
  Noto Sans, the wider of the two: a label that fits in Noto Sans fits in Calibri).

Where a font file is missing, the next in its list is used, and at the end Pillow's own
scalable font (about as wide as Noto Sans). tests/test_browser_text.py checks the widths against
Chromium's and docs/TIMELINE.md records how close they are.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont, features

FONTS = Path("/usr/share/fonts/truetype")
LIBERATION = (FONTS / "liberation/LiberationSans-Regular.ttf", FONTS / "liberation/LiberationSans-Bold.ttf")
NOTO = (FONTS / "noto/NotoSans-Regular.ttf", FONTS / "noto/NotoSans-Bold.ttf")
DEJAVU = (FONTS / "dejavu/DejaVuSans.ttf", FONTS / "dejavu/DejaVuSans-Bold.ttf")
DEVANAGARI = (FONTS / "noto/NotoSansDevanagari-Regular.ttf", FONTS / "noto/NotoSansDevanagari-Bold.ttf")
WEIGHTS = (400, 700)  # regular and bold, for a variable font


def source_sans_file() -> Path | None:
    """Streamlit's Source Sans, the app's font (one variable font for every weight, as WOFF2),
    found without importing Streamlit (this package never does)."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or not spec.submodule_search_locations:
        return None
    media = Path(next(iter(spec.submodule_search_locations))) / "static" / "static" / "media"
    found = sorted(media.glob("SourceSansVF-Upright*.woff2"))
    return found[0] if found else None


@dataclass(frozen=True, eq=False)  # each typeface is one object: hashed by identity, quickly
class Typeface:
    """Font files to measure with, the first that exists: each a (regular, bold) pair."""

    name: str
    files: tuple[tuple[Path, Path], ...]

    @functools.cached_property
    def chosen(self) -> tuple[Path, Path] | None:
        return next((pair for pair in self.files if pair[0].exists() and pair[1].exists()), None)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of ``text`` drawn at ``size`` pixels (or points: the unit of ``size``)."""
        return sum(
            _font(self.chosen if not devanagari else _devanagari(), size, bold).getlength(run)
            for run, devanagari in _runs(text)
        )


def _devanagari() -> tuple[Path, Path] | None:
    return DEVANAGARI if DEVANAGARI[0].exists() else None


_source_sans = source_sans_file()
_source_sans_pair = ((_source_sans, _source_sans),) if _source_sans else ()  # its weights in one file
APP = Typeface("Source Sans", (*_source_sans_pair, LIBERATION, NOTO, DEJAVU))
SYSTEM = Typeface("Liberation Sans", (LIBERATION, NOTO, DEJAVU))
DECK = Typeface("Noto Sans", (NOTO, LIBERATION, DEJAVU))


@functools.lru_cache(maxsize=64)
def _font(files: tuple[Path, Path] | None, size: float, bold: bool):
    # FreeType takes whole sizes; widths scale with the size, so a fractional one is measured
    # at ten times its size and scaled back (see _Scaled).
    layout = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    whole = round(size * 10)
    if files is None:
        return _Scaled(ImageFont.load_default(whole), 10)
    path = files[1] if bold else files[0]
    font = ImageFont.truetype(str(path), whole, layout_engine=layout)
    if files[0] == files[1]:  # one variable font: set its weight
        font.set_variation_by_axes([WEIGHTS[bold]])
    return _Scaled(font, 10)


@dataclass(frozen=True)
class _Scaled:
    font: object
    scale: float

    def getlength(self, text: str) -> float:
        return self.font.getlength(text) / self.scale


def _is_devanagari(character: str) -> bool:
    point = ord(character)
    return 0x0900 <= point <= 0x097F or 0xA8E0 <= point <= 0xA8FF or 0x1CD0 <= point <= 0x1CFF


def _runs(text: str):
    """``text`` in runs of Devanagari and of everything else, each with which it is (spaces
    and punctuation stay with the run they are in)."""
    run, devanagari = "", False
    for character in text:
        this = _is_devanagari(character) if character.isalpha() or ord(character) >= 0x0900 else devanagari
        if run and this != devanagari:
            yield run, devanagari
            run = ""
        run, devanagari = run + character, this
    if run:
        yield run, devanagari
