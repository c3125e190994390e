"""Cells written in HTML, as a TimelineJS sheet's are, turned into the plain text the dashboard keeps.

Paragraphs and line breaks become line breaks, a link keeps its words (its address is given back
apart, for the milestone's source), a script or style is dropped with its content, and every other
tag is dropped with its words kept. Nothing here is ever shown as HTML: the text it gives is shown
literally, like any other cell.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .schema import STARTS_WEB_LINK

# A tag the way TimelineJS's sheets write them (<p>, </a>, <br/>, <span class="tl-note">), or an
# entity: text without one is left alone, so "a < b" or "<3" in a plain cell stays as written.
MARKUP = r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>|&([A-Za-z]+|#[0-9]+|#[xX][0-9A-Fa-f]+);"
_MARKUP = re.compile(MARKUP)
_BLOCKS = {
    "p", "div", "blockquote", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "figure", "figcaption", "cite", "pre",
}  # fmt: skip
_DROPPED = {"script", "style", "template", "iframe", "object", "noscript"}  # content and all


def has_markup(text: str) -> bool:
    """Whether ``text`` holds an HTML tag or entity."""
    return bool(_MARKUP.search(text))


def html_text(cell: str) -> tuple[str, str]:
    """The words of ``cell`` (HTML) as plain text, and the address of its first web link
    (``http://`` or ``https://``; "" where it has none)."""
    reader = _Reader()
    reader.feed(cell)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    return "\n".join(line for line in lines if line), reader.links[0] if reader.links else ""


def embedded_link(cell: str) -> str:
    """The first web address an embed (``<iframe src=…>``, ``<a href=…>``) points at; "" for none."""
    reader = _Reader(sources=True)
    reader.feed(cell)
    reader.close()
    return reader.links[0] if reader.links else ""


def _is_note(attributes: dict) -> bool:
    """Whether a span is TimelineJS's ``<span class="tl-note">``, set apart from the text around it."""
    return "tl-note" in (attributes.get("class") or "").split()


class _Reader(HTMLParser):
    def __init__(self, sources: bool = False):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._sources = sources  # also keep the addresses embeds (src) point at
        self._dropped = 0
        self._spans: list[bool] = []  # for each open span, whether it is a note

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "src") if self._sources else ("href",):
            address = (attributes.get(name) or "").strip()
            if tag in ("a", "iframe", "img", "embed", "source", "video", "audio") and STARTS_WEB_LINK.match(
                address
            ):
                self.links.append(address)
        if tag in _DROPPED:
            self._dropped += 1
        elif tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "span":
            self._spans.append(_is_note(attributes))
            if self._spans[-1]:
                self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _DROPPED:
            self._dropped -= 1

    def handle_endtag(self, tag):
        if tag in _DROPPED:
            self._dropped = max(0, self._dropped - 1)
        elif tag in _BLOCKS or (tag == "span" and self._spans and self._spans.pop()):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._dropped:
            # HTML runs its whitespace together: a line break in the source is a space.
            self.parts.append(" ".join(data.split("\n")))
