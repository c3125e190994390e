"""What a sheet says about its timeline besides the milestones: its title row and its eras.

A TimelineJS sheet marks them in its Type column: the title row gives the timeline's headline and
introduction, and each era row a named period, shaded on the timeline. Both belong to the version
they were published with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .programme import Programme
from .wording import span_text


@dataclass(frozen=True)
class Era:
    """A named period: from the first day of ``start`` to the end of ``end``'s period."""

    start: dt.date
    start_precision: str
    end: dt.date
    end_precision: str
    headline: str
    text: str = ""

    @property
    def when(self) -> str:
        """``Aug 2019 – Mar 2022``."""
        return span_text(self.start, self.start_precision, self.end, self.end_precision)

    def as_json(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "start_precision": self.start_precision,
            "end": self.end.isoformat(),
            "end_precision": self.end_precision,
            "headline": self.headline,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, value: dict) -> Era:
        return cls(
            dt.date.fromisoformat(value["start"]), value["start_precision"],
            dt.date.fromisoformat(value["end"]), value["end_precision"], value["headline"], value["text"],
        )  # fmt: skip


@dataclass(frozen=True)
class Framing:
    """A version's title (headline and introduction; None where its sheet has no title row) and eras."""

    title: dict | None = None  # {"headline": ..., "text": ...}
    eras: tuple[Era, ...] = ()

    @property
    def empty(self) -> bool:
        return self.title is None and not self.eras

    def as_json(self) -> dict:
        """``{"title": {"headline", "text"} or None, "eras": [...]}``."""
        return {"title": self.title, "eras": [era.as_json() for era in self.eras]}

    @classmethod
    def from_json(cls, value: dict | None) -> Framing:
        value = value or {}
        return cls(value.get("title"), tuple(Era.from_json(era) for era in value.get("eras") or ()))

    def titled(self, programme: Programme) -> Programme:
        """``programme`` with this version's title as its name and introduction: what the
        Overview, the story's opening and the exports' titles show."""
        if self.title is None:
            return programme
        name = self.title.get("headline") or programme.name
        intro = self.title.get("text") or programme.intro
        return dataclasses.replace(programme, name=name, intro=intro)
