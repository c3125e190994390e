"""India's states and union territories, and matching what people type against them."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from .i18n import N_
from .problems import FieldName, Message

STATES = (
    N_("Andhra Pradesh"), N_("Arunachal Pradesh"), N_("Assam"), N_("Bihar"), N_("Chhattisgarh"),
    N_("Goa"), N_("Gujarat"), N_("Haryana"), N_("Himachal Pradesh"), N_("Jharkhand"), N_("Karnataka"),
    N_("Kerala"), N_("Madhya Pradesh"), N_("Maharashtra"), N_("Manipur"), N_("Meghalaya"), N_("Mizoram"),
    N_("Nagaland"), N_("Odisha"), N_("Punjab"), N_("Rajasthan"), N_("Sikkim"), N_("Tamil Nadu"),
    N_("Telangana"), N_("Tripura"), N_("Uttar Pradesh"), N_("Uttarakhand"), N_("West Bengal"),
)  # fmt: skip

UNION_TERRITORIES = (
    N_("Andaman and Nicobar Islands"), N_("Chandigarh"), N_("Dadra and Nagar Haveli and Daman and Diu"),
    N_("Delhi"), N_("Jammu and Kashmir"), N_("Ladakh"), N_("Lakshadweep"), N_("Puducherry"),
)  # fmt: skip

ALL_STATES = STATES + UNION_TERRITORIES

# Former and official long names still found in documents.
ALIASES = {
    "Orissa": "Odisha",
    "Pondicherry": "Puducherry",
    "Uttaranchal": "Uttarakhand",
    "NCT of Delhi": "Delhi",
    "National Capital Territory of Delhi": "Delhi",
    "J&K": "Jammu and Kashmir",
    "Andaman and Nicobar": "Andaman and Nicobar Islands",
    "Dadra and Nagar Haveli": "Dadra and Nagar Haveli and Daman and Diu",
    "Daman and Diu": "Dadra and Nagar Haveli and Daman and Diu",
}

# Cities people put in the states column by mistake, so the message can say where they belong.
CITIES = {
    "Jaipur": "Rajasthan", "Jodhpur": "Rajasthan", "Udaipur": "Rajasthan", "Ajmer": "Rajasthan",
    "Kota": "Rajasthan", "Patna": "Bihar", "Gaya": "Bihar", "Muzaffarpur": "Bihar",
    "Sitamarhi": "Bihar", "Araria": "Bihar", "Purnia": "Bihar", "Katihar": "Bihar",
    "Mumbai": "Maharashtra", "Kolkata": "West Bengal", "Chennai": "Tamil Nadu",
    "Bengaluru": "Karnataka", "Bangalore": "Karnataka", "Hyderabad": "Telangana",
    "Lucknow": "Uttar Pradesh", "Bhopal": "Madhya Pradesh", "New Delhi": "Delhi",
}  # fmt: skip

NOT_SPECIFIED = N_("Not specified")

_SEPARATORS = re.compile(r"(;|,|/|&|\band\b)", re.IGNORECASE)
_JOINERS = {"&", "and"}


class StateError(ValueError):
    """A name in a states cell that is not a state or union territory of India."""


def name_key(name: str) -> str:
    """What two spellings of one name share: letters only, lower case, "&" read as "and"."""
    return re.sub(r"[^a-z]", "", name.lower().replace("&", "and"))


_BY_KEY = {name_key(name): name for name in ALL_STATES} | {name_key(a): n for a, n in ALIASES.items()}
_CITY_BY_KEY = {name_key(city): (city, state) for city, state in CITIES.items()}


@lru_cache(maxsize=4096)
def parse_states(text: str) -> tuple[str, ...]:
    """Split a states cell into canonical names, in the order written, without repeats.

    Names are separated by ``;`` ``,`` ``/`` ``&`` or "and"; a name that itself
    contains "and" (Jammu and Kashmir) is recognised first. Raises
    :class:`StateError` naming the first unknown part and the closest known name.
    """
    parts = _SEPARATORS.split(text)
    names = [p.strip() for p in parts[0::2]]
    joiners = [s.strip().lower() for s in parts[1::2]]
    found: list[str] = []
    i = 0
    while i < len(names):
        if not names[i]:
            i += 1
            continue
        for j in range(len(names) - 1, i - 1, -1):
            if all(joiners[k] in _JOINERS for k in range(i, j)):
                canonical = _BY_KEY.get(name_key("and".join(names[i : j + 1])))
                if canonical:
                    break
        else:
            raise StateError(_unknown_message(names[i]))
        if canonical not in found:
            found.append(canonical)
        i = j + 1
    return tuple(found)


def _unknown_message(name: str) -> Message:
    """What is wrong with ``name``; the names it suggests are as a cell is written, in English."""
    key = name_key(name)
    if key in _CITY_BY_KEY:
        city, state = _CITY_BY_KEY[key]
        return Message(
            N_("'{name}' is a city, not a state: write {state} in {states} and {city} in {place}."),
            name=name, state=state, city=city,
            states=FieldName("states", "states"), place=FieldName("place", "place"),
        )  # fmt: skip
    close = difflib.get_close_matches(key, _BY_KEY, n=1, cutoff=0.75)
    if close:
        return Message(
            N_("'{name}' is not a state or union territory of India. Did you mean {state}?"),
            name=name, state=_BY_KEY[close[0]],
        )  # fmt: skip
    return Message(N_("'{name}' is not a state or union territory of India."), name=name)
