"""Slides added to a python-pptx deck in time that does not grow with the deck.

For each new slide python-pptx looks through everything made so far: every part of the package
for a free part name, the presentation's relationships for one it might already have, its slide
ids for the largest, and, for each new shape, every shape id on the slide. A deck of 2,000
milestones took 66 s that way, most of it in those searches. :class:`Slides` keeps counts
instead. It reaches into python-pptx's internals, all of them here, and ``tests/test_deck.py``
fails plainly where an upgrade changes them.
"""

from __future__ import annotations

import itertools

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import SlidePart
from pptx.presentation import Presentation
from pptx.slide import Slide, SlideLayout

SLIDE_NAME = "/ppt/slides/slide%d.xml"
FIRST_SLIDE_ID = 256  # PowerPoint's smallest


class Slides:
    """Adds slides to ``deck``, which nothing else may add parts or slides to meanwhile."""

    def __init__(self, deck: Presentation):
        self._deck = deck
        package = deck.part.package
        lookup, last = package.next_partname, {}

        def next_partname(template: str) -> PackURI:
            # After one search of the package, the next free name of a kind follows the last.
            number = last[template] + 1 if template in last else _number(lookup(template), template)
            last[template] = number
            return PackURI(template % number)

        package.next_partname = next_partname
        used = [slide.slide_id for slide in deck.slides]
        self._ids = itertools.count(max([FIRST_SLIDE_ID - 1, *used]) + 1)

    def add(self, layout: SlideLayout) -> Slide:
        """A new slide on ``layout``, last in the deck, whose shapes are numbered by a count."""
        part = self._deck.part
        slide_part = SlidePart.new(part.package.next_partname(SLIDE_NAME), part.package, layout.part)
        rid = part.rels._add_relationship(RT.SLIDE, slide_part)  # new: nothing to look for
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        self._deck.slides._sldIdLst._add_sldId(id=next(self._ids), rId=rid)
        slide.shapes.turbo_add_enabled = True  # each shape's id follows the last one's
        return slide


def _number(name: str, template: str) -> int:
    """The number ``template`` ("/ppt/slides/slide%d.xml") has in ``name``."""
    before, after = template.split("%d")
    return int(name[len(before) : len(name) - len(after)])
