"""The picture a shared link shows (``og:image``): 1200 x 630 pixels, drawn by Pillow without a
browser: the programme, how many changes over which years, and each change as a dot on a line
of time in its sector's colour."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from . import i18n
from .programme import Programme
from .sectors import sector_colour, sector_labels
from .wording import frame_span

PREVIEW_SIZE = (1200, 630)  # what Facebook, LinkedIn, WhatsApp and X show in full
BAND, INK, SOFT, PALE = "#0B3954", "#FFFFFF", "#E3EEF5", "#BFE3F7"
MARGIN = 72
FONTS = Path("/usr/share/fonts/truetype")
REGULAR = ("noto/NotoSans-Regular.ttf", "dejavu/DejaVuSans.ttf")
BOLD = ("noto/NotoSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf")
# Hindi in Noto Sans Devanagari (fonts-noto-core), which has the Latin letters and digits too.
DEVANAGARI = {REGULAR: ("noto/NotoSansDevanagari-Regular.ttf",), BOLD: ("noto/NotoSansDevanagari-Bold.ttf",)}


def _font(names: tuple[str, ...], size: int) -> ImageFont.ImageFont:
    """The first installed of ``names``; else Pillow's own font at that size."""
    for name in names:
        if (FONTS / name).exists():
            return ImageFont.truetype(str(FONTS / name), size)
    return ImageFont.load_default(size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """``text`` in lines that fit ``width`` pixels, measured with the font that draws them."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def preview_words(
    frame: pd.DataFrame, programme: Programme, lang: str = i18n.ENGLISH
) -> tuple[str, str, str]:
    """What the preview picture writes, in ``lang`` (``frame`` and ``programme`` in that language:
    translation.in_language): the programme's name, the headline (``Results: 10 systemic
    changes``) and the line beneath it (the period, or the programme's intro where there is none)."""
    _, ngettext = i18n.translator(lang), i18n.plural_translator(lang)
    changes = ngettext("{count} systemic change", "{count} systemic changes", len(frame))
    headline = f"{programme.heading}: {changes.format(count=f'{len(frame):,}')}"
    said = _("{span} · what changed, and why each matters") if len(frame) else ""
    return programme.name.upper(), headline, said.format(span=frame_span(frame, lang)) or programme.intro


def preview_png(frame: pd.DataFrame, programme: Programme, lang: str = i18n.ENGLISH) -> bytes:
    """The preview picture of ``frame`` (the public milestones) as PNG bytes, its words
    (:func:`preview_words`) in ``lang``."""
    width = PREVIEW_SIZE[0]
    regular, bold = (DEVANAGARI[names] if lang == i18n.HINDI else names for names in (REGULAR, BOLD))
    name, headline, said = preview_words(frame, programme, lang)
    image = Image.new("RGB", PREVIEW_SIZE, BAND)
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 64), name, font=_font(bold, 30), fill=PALE)
    y = 118
    big = _font(bold, 68)
    for line in _wrapped(draw, headline, big, width - 2 * MARGIN)[:2]:
        draw.text((MARGIN, y), line, font=big, fill=INK)
        y += 82
    sub = _font(regular, 34)
    for line in _wrapped(draw, said, sub, width - 2 * MARGIN)[:2]:
        draw.text((MARGIN, y + 8), line, font=sub, fill=SOFT)
        y += 46
    if len(frame):
        _timeline(draw, frame, top=470, font=_font(regular, 26))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _timeline(draw: ImageDraw.ImageDraw, frame: pd.DataFrame, top: int, font) -> None:
    """Each milestone as a dot on a line from the first year to the last, labelled by year."""
    width = PREVIEW_SIZE[0]
    left, right = MARGIN + 14, width - MARGIN - 14
    first, last = int(frame["date"].min().year), int(frame["date"].max().year) + 1
    start, end = pd.Timestamp(first, 1, 1), pd.Timestamp(last, 1, 1)

    def x(moment) -> float:
        return left + (right - left) * (moment - start) / (end - start)

    draw.line([(left, top), (right, top)], fill=PALE, width=3)
    for year in range(first, last + 1):
        at = x(pd.Timestamp(year, 1, 1))
        draw.line([(at, top - 10), (at, top + 10)], fill=PALE, width=2)
        if year < last:
            middle = x(pd.Timestamp(year, 7, 1))
            draw.text((middle, top + 44), str(year), font=font, fill=SOFT, anchor="mm")
    placed: list[int] = []
    for date, sector in sorted(zip(frame["date"], sector_labels(frame), strict=True), key=lambda p: p[0]):
        at = round(x(date))
        stack = sum(1 for other in placed if abs(other - at) < 26)  # dots that would touch stack upwards
        placed.append(at)
        centre = (at, top - stack * 26)
        draw.ellipse([centre[0] - 13, centre[1] - 13, centre[0] + 13, centre[1] + 13],
                     fill=sector_colour(sector), outline=INK, width=3)  # fmt: skip
