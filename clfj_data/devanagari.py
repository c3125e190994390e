"""Devanagari in a PowerPoint deck: the font each Hindi run is drawn with, and its fallback.

PowerPoint draws Devanagari with a run's complex-script font, ``<a:cs>`` in its properties,
which python-pptx has no API for: :func:`mark_devanagari` writes it. Each run holding
Devanagari names **Noto Sans Devanagari** there (the font the chart images and the offline
HTML are drawn with on the server, from fonts-noto-core) and says it is Hindi
(``lang="hi-IN"``), so that PowerPoint checks spelling and breaks lines as Hindi.

The fallback: PowerPoint on Windows does not ship Noto Sans Devanagari, and ``<a:cs>`` holds one
typeface. Where it is missing, PowerPoint substitutes a font that has the script; the deck's
theme names **Nirmala UI** (on every Windows since 8) as its Devanagari font, in place of the
default theme's older Mangal, so that the font Windows has is the one the deck itself names
for Devanagari, and Hindi typed into the deck later is set in it too.
"""

from __future__ import annotations

import re

from pptx.oxml.ns import qn

FONT = "Noto Sans Devanagari"
FALLBACK = "Nirmala UI"
LANGUAGE_TAG = "hi-IN"
DEVANAGARI = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")
# What follows <a:cs> in a run's properties (ECMA-376 CT_TextCharacterProperties): it goes before these.
_AFTER_CS = tuple(qn(f"a:{tag}") for tag in ("sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst"))
_THEME_DEVANAGARI = re.compile(rb'(<a:font script="Deva" typeface=")[^"]*(")')


def mark_devanagari(deck) -> None:
    """Give every run of ``deck`` (slides and speaker notes) that holds Devanagari the
    complex-script font and the Hindi language tag; and the theme Nirmala UI as its
    Devanagari font."""
    for slide in deck.slides:
        parts = [slide.element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.element)
        for element in parts:
            for run in element.iter(qn("a:r")):
                text = run.findtext(qn("a:t")) or ""
                if DEVANAGARI.search(text):
                    _mark_run(run)
    _theme_fallback(deck)


def _mark_run(run) -> None:
    properties = run.find(qn("a:rPr"))
    if properties is None:
        properties = run.makeelement(qn("a:rPr"), {})
        run.insert(0, properties)
    properties.set("lang", LANGUAGE_TAG)
    cs = properties.find(qn("a:cs"))
    if cs is None:
        cs = properties.makeelement(qn("a:cs"), {})
        following = next((child for child in properties if child.tag in _AFTER_CS), None)
        if following is None:
            properties.append(cs)
        else:
            following.addprevious(cs)
    cs.set("typeface", FONT)


def _theme_fallback(deck) -> None:
    """The theme's Devanagari font (its major and minor fonts' ``script="Deva"``) as Nirmala UI,
    in the slides' theme and the speaker notes' alike."""
    for part in deck.part.package.iter_parts():
        if not str(part.partname).startswith("/ppt/theme/"):
            continue
        element = getattr(part, "_element", None)
        if element is not None:  # a theme python-pptx made (the notes'): an XML part
            for font in element.iter(qn("a:font")):
                if font.get("script") == "Deva":
                    font.set("typeface", FALLBACK)
        else:  # the template's: a plain part, whose bytes are rewritten
            part._blob = _THEME_DEVANAGARI.sub(rb"\g<1>" + FALLBACK.encode() + rb"\g<2>", part.blob)
