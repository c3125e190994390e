"""The milestone table's columns, and matching the headers people write to them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .i18n import N_, TRANSLATED

# The columns of data/milestones.csv and of the blank template, in order.
TEMPLATE_COLUMNS = (
    "id", "date", "end_date", "title", "description", "rationale", "states", "place", "sector",
    "source", "image", "image_alt", "image_caption", "image_credit", "display_date",
    "visibility", "title_hi", "description_hi", "rationale_hi", "place_hi", "image_alt_hi",
    "image_credit_hi", "translation_status",
)  # fmt: skip
# The milestone fields a reader's table shows, under the headers a reader knows them by.
READING_HEADERS = {
    "date": N_("Date"),
    "title": N_("Headline"),
    "description": N_("What changed"),
    "rationale": N_("Why it matters"),
    "states": N_("States"),
    "sector": N_("Sector"),
}
# Every milestone field under the name the template's readers know it by (for what changed).
FIELD_HEADERS = {
    **READING_HEADERS,
    "place": N_("Place"),
    "source": N_("Source"),
    "image": N_("Photo"),
    "image_alt": N_("Photo description"),
    "image_credit": N_("Photo credit"),
    "visibility": N_("Visibility"),
    "title_hi": N_("Headline (Hindi)"),
    "description_hi": N_("What changed (Hindi)"),
    "rationale_hi": N_("Why it matters (Hindi)"),
    "place_hi": N_("Place (Hindi)"),
    "image_alt_hi": N_("Photo description (Hindi)"),
    "image_credit_hi": N_("Photo credit (Hindi)"),
    "translation_status": N_("Translation status"),
}
REQUIRED = ("date", "description", "rationale")
DATE_FORMS = "Mar 2022, 15 Mar 2022 or 2022"  # the forms the template suggests (dates.py reads more)

# What each template column holds, in the words the template's guide sheet uses.
MEANINGS = {
    "id": "A short name for the milestone in lowercase letters, digits and hyphens, used in links. "
    "Leave it empty to have one made from the date and title; keep it the same once published.",
    "date": f"When the change happened, as precisely as you know it: {DATE_FORMS}.",
    "end_date": "For a change that ran over a period: when it ended, in the same forms as date "
    "(Mar 2022). Leave it empty for a change that happened at one time.",
    "title": "A headline of up to 80 characters. Leave it empty to use the description's first sentence.",
    "description": "What changed, in a sentence or two.",
    "rationale": "Why it matters for children: what is different because of it.",
    "states": "The states or union territories of India it concerns, separated by ; "
    "(Rajasthan; Bihar). Leave it empty if it is national or not specific to a state.",
    "place": "A district or city, if the change is local (Jaipur).",
    "sector": "One of the sectors: Justice, Child protection, Care and health, Education, Livelihoods, "
    "Community. A misspelling of one (Justise) is an error; another name is kept as a new sector.",
    "source": "A link (starting with https://) where the change is documented.",
    "image": "The file name of a photo uploaded with the spreadsheet (court-hearing.jpg): JPEG, PNG or "
    "WebP, up to 10 MB. Leave it empty for none.",
    "image_alt": "What the photo shows, for people who cannot see it. Required when there is an image.",
    "image_caption": "A caption shown under the photo. Optional.",
    "display_date": "The date as readers should see it, where it differs from date (Spring 2021). "
    "Optional: date still places and sorts the milestone.",
    "image_credit": "Who to credit for the photo (Photograph: A. Name, © Owner 2018). Optional.",
    "visibility": "public (everyone sees it; the same as empty) or staff (only signed-in staff see it, "
    "such as a case still in court).",
    "title_hi": "The headline in Hindi (Devanagari). Optional: where it is empty, the Hindi view shows "
    "the English headline.",
    "description_hi": "What changed, in Hindi. Optional, as every Hindi column: where one is empty, "
    "the Hindi view shows the English words.",
    "rationale_hi": "Why it matters, in Hindi.",
    "place_hi": "The place in Hindi (जयपुर).",
    "image_alt_hi": "What the photo shows, in Hindi.",
    "image_credit_hi": "The photo's credit, in Hindi.",
    "translation_status": "draft (the Hindi is not yet reviewed; the same as empty where there is "
    "Hindi) or reviewed (the programme has checked the Hindi against the English).",
}

# Field -> headers people use for it (matched ignoring case, spaces and punctuation).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "slug", "milestone id", "key"),
    "date": ("date", "when", "date of change", "milestone date", "start date", "start", "from", "since"),
    "end_date": ("end date", "end", "until", "to", "ended", "date end"),
    "display_date": ("display date", "date as written"),
    "title": ("title", "headline", "heading", "short title"),
    "description": ("description", "what changed", "milestone", "change", "text", "details"),
    "rationale": ("rationale", "why it matters", "impact", "why", "why this matters"),
    "states": ("states", "state(s)", "state", "region", "regions"),
    "place": ("place", "location", "city", "district"),
    "sector": ("sector", "group", "theme", "category"),
    "source": ("source", "source url", "link", "url", "reference"),
    # The TimelineJS template names them Media, Alt Text, Media Caption and Media Credit.
    "image": ("image", "photo", "picture", "image file", "photo file", "media"),
    "image_alt": ("image alt", "alt text", "alt", "image description"),
    "image_caption": ("image caption", "caption", "media caption", "photo caption"),
    "image_credit": ("image credit", "credit", "photo credit", "media credit"),
    "media_link": ("media link",),
    "visibility": ("visibility", "visible to", "audience"),
    "translation_status": ("translation status", "translation", "hindi status", "hindi translation status"),
    # The TimelineJS spreadsheet template writes each date in three columns, and says in Type
    # whether a row is an event, the timeline's title or an era.
    "year": ("year",),
    "month": ("month",),
    "day": ("day",),
    "end_year": ("end year",),
    "end_month": ("end month",),
    "end_day": ("end day",),
    "row_type": ("type", "row type"),
}
HINDI_TEXT = TRANSLATED  # the text fields with a Hindi column
# Each text's Hindi column, under the English column's names with "Hindi": "Headline (Hindi)",
# "Hindi headline", "title_hi".
ALIASES |= {
    f"{name}_hi": (
        f"{name}_hi",
        *(f"{alias} (Hindi)" for alias in ALIASES[name]),
        *(f"Hindi {alias}" for alias in ALIASES[name]),
    )
    for name in HINDI_TEXT
}
# The TimelineJS template's layout: a sheet with these headers writes its cells in HTML.
TIMELINEJS_HEADERS = ("year", "headline", "text")


def header_key(header: str) -> str:
    """The form headers are compared in: lowercase letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", str(header).lower())


_FIELD_BY_KEY = {header_key(alias): f for f, aliases in ALIASES.items() for alias in aliases}


def field_of(header: str) -> str | None:
    """The milestone field a header is read as ("Why it matters" and "rationale" are ``rationale``)."""
    return _FIELD_BY_KEY.get(header_key(header))


@dataclass
class HeaderMatch:
    """How a file's header row maps onto the milestone fields."""

    fields: dict[str, int] = field(default_factory=dict)  # field -> column position
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written
    ignored: list[str] = field(default_factory=list)  # headers that map to nothing
    unnamed: list[int] = field(default_factory=list)  # positions of blank headers
    repeated: list[tuple[str, str]] = field(default_factory=list)  # (header, field) seen twice

    @property
    def missing(self) -> list[str]:
        has_date = "date" in self.fields or "year" in self.fields
        return [f for f in REQUIRED if f not in self.fields and not (f == "date" and has_date)]

    @property
    def timelinejs(self) -> bool:
        """Whether the sheet is laid out as TimelineJS's template, whose cells hold HTML."""
        written = {header_key(h) for h in self.headers.values()}
        return all(header_key(h) in written for h in TIMELINEJS_HEADERS)

    def label(self, name: str) -> str:
        """The header the file uses for a field, for messages (the field's name if absent)."""
        return self.headers.get(name, name)


def match_headers(headers: list[str]) -> HeaderMatch:
    """Map each header to a field; record unknown and repeated headers."""
    match = HeaderMatch()
    for position, header in enumerate(headers):
        key = header_key(header)
        name = _FIELD_BY_KEY.get(key)
        if not key:
            match.unnamed.append(position)
        elif name is None:
            match.ignored.append(str(header))
        elif name in match.fields:
            match.repeated.append((str(header), name))
        else:
            match.fields[name] = position
            match.headers[name] = str(header).strip()
    return match
