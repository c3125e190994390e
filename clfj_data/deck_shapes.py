"""The deck's shapes: text boxes whose words fit, bars, lines and alt text, in the deck's colours.

Every slide of :mod:`clfj_data.deck` is drawn with these, in inches on a 13.333 x 7.5 in slide.
Spreadsheet text goes in as plain text, never as markup.
"""

from __future__ import annotations

import math

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Inches, Pt

from . import i18n
from .i18n import N_
from .markup import xml_safe
from .schema import ONE_WEB_LINK as _WEB_LINK
from .sectors import OKABE_ITO

WIDE = 13.333  # the slide's width in inches
INK, MUTED, ACCENT, BOX = "#222222", "#55606B", OKABE_ITO["blue"], "#EAF2F8"
WARNING = "#A33C00"  # Okabe-Ito's vermillion, darkened to 6:1 on white for text
TITLE_SIZES = (36, 32, 28, 24)
BODY_SIZES = (20, 18, 16, 14, 12, 10, 9)
MORE = N_("(continued in the speaker notes)")  # written in the deck's language
CHAR_EM, LINE_EM = 0.55, 1.2  # a generous average glyph width and line height, in ems


def title(slide, text: str, height: float = 0.9):
    """The slide's title, across its top, in a box ``height`` inches tall."""
    return text_box(slide, (0.7, 0.4, 11.9, height), text, TITLE_SIZES, "Title", bold=True)


def text_box(
    slide, box, text, sizes, name, *, colour=INK, bold=False, align=None, link=False, lang=i18n.ENGLISH
):
    """A word-wrapped text box, in the largest of ``sizes`` the text is estimated to fit; text too
    long even at the smallest is shortened, pointing (in ``lang``) to the speaker notes, which hold
    all of it."""
    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # a backstop where the estimate is short
    if not text:
        return shape
    text, size = _fit(plain(text), width, height, sizes, i18n.translator(lang)(MORE))
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        added = run(paragraph, line, size, bold, colour)
        if link and _WEB_LINK.fullmatch(line):
            added.hyperlink.address = line
    return shape


def _fit(text: str, width: float, height: float, sizes: tuple[int, ...], more: str) -> tuple[str, int]:
    paragraphs = text.split("\n")
    for size in sizes:
        per_line = max(1, int((width - 0.2) * 72 / (size * CHAR_EM)))  # less the box's insets
        rows = int((height - 0.1) * 72 / (size * LINE_EM))
        if sum(max(1, math.ceil(len(p) / per_line)) for p in paragraphs) <= rows:
            return text, size
    kept = []
    for paragraph in paragraphs:
        needed = max(1, math.ceil(len(paragraph) / per_line))
        if needed < rows:
            kept.append(paragraph)
            rows -= needed
            continue
        room = max(0, rows * per_line - len(more) - 2)
        cut = paragraph[:room]
        cut = cut.rsplit(" ", 1)[0] if " " in cut[room // 2 :] else cut
        kept.append(f"{cut}… {more}" if cut else more)
        break
    return "\n".join(kept), sizes[-1]


def run(paragraph, text: str, size: int, bold: bool = False, colour: str = INK):
    """A run of ``text`` added to ``paragraph``, in ``size`` points."""
    added = paragraph.add_run()
    added.text = plain(text)  # plain text: python-pptx escapes it for XML
    added.font.size, added.font.bold, added.font.color.rgb = Pt(size), bold, rgb(colour)
    return added


def bar(slide, box, colour: str, name: str, shape_type=MSO_SHAPE.RECTANGLE):
    """A filled shape without an outline or shadow (a rectangle unless ``shape_type`` says)."""
    shape = slide.shapes.add_shape(shape_type, *(Inches(v) for v in box))
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def line(slide, x1, y1, x2, y2, colour: str, points: float):
    """A straight line from (x1, y1) to (x2, y2), ``points`` wide."""
    drawn = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *(Inches(v) for v in (x1, y1, x2, y2)))
    drawn.line.color.rgb, drawn.line.width = rgb(colour), Pt(points)
    return drawn


def describe(shape, text: str) -> None:
    """Alt text, which screen readers say for a picture or chart (python-pptx has no API for it)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", plain(text))


def plain(text) -> str:
    """``text`` as a string XML can hold, its line breaks as ``\\n``."""
    return xml_safe(str(text).replace("\r\n", "\n").replace("\r", "\n"))


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))
