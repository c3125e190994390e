"""Who may change the data: staff, signed in by password or by an identity provider.

The store's write functions take a :class:`Staff` and refuse anything else, so a missing
check in a page cannot let a visitor write.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Staff:
    """A person allowed to publish. ``method``: "password", "login" (OIDC) or "command line"."""

    name: str
    method: str


class NotStaff(PermissionError):
    """A write was attempted without staff rights."""


def require_staff(actor: object) -> Staff:
    if not isinstance(actor, Staff) or not actor.name.strip():
        raise NotStaff("Only signed-in staff may change the data.")
    return actor


def password_matches(given: str, expected: str | None) -> bool:
    """Compare in constant time. With no staff password configured, nothing matches."""
    if not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def parse_allow_list(text: str | list[str] | None) -> frozenset[str]:
    """Staff e-mail addresses from a list, or text separated by commas, semicolons or spaces."""
    items = text if isinstance(text, list) else [text or ""]
    addresses = (a for item in items for a in re.split(r"[,;\s]+", str(item)))
    return frozenset(a.strip().lower() for a in addresses if a.strip())


def staff_for_email(email: str | None, allowed: frozenset[str]) -> Staff | None:
    """The signed-in person as staff, if their e-mail address is on the allow-list."""
    if email and email.strip().lower() in allowed:
        return Staff(email.strip(), "login")
    return None


# A sign-in's lifetime: it ends after half an hour without use, and after a working day in all.
IDLE_LIMIT = 30 * 60
TOTAL_LIMIT = 8 * 60 * 60
# Failed password tries: 1 s before the next try is checked, doubling after each, at most this.
RETRY_CEILING = 30.0


@dataclass(frozen=True)
class SignIn:
    """A staff member's sign-in in one session: when it began and when it was last used
    (seconds on the clock that made it, :func:`time.time` in the app)."""

    staff: Staff
    started: float
    last_used: float

    def expired(self, now: float) -> bool:
        """Past :data:`IDLE_LIMIT` since it was last used, or :data:`TOTAL_LIMIT` since it began."""
        return now - self.last_used > IDLE_LIMIT or now - self.started > TOTAL_LIMIT

    def used(self, now: float) -> SignIn:
        return SignIn(self.staff, self.started, max(self.last_used, now))


def retry_delay(failures: int, ceiling: float = RETRY_CEILING) -> float:
    """Seconds between a failed try and the next try checked: 1 after the first failure,
    doubling after each, at most ``ceiling``."""
    return min(2.0 ** (failures - 1), ceiling) if failures > 0 else 0.0


def client_address(peer: str | None, forwarded_for: list[str], trusted_proxies: int) -> str | None:
    """Who is on the other end: the connection's own address, or, behind ``trusted_proxies``
    reverse proxies, the address the outermost of them saw.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the entry
    ``trusted_proxies`` from the end is the one the first trusted proxy wrote; anything to its
    left came from the client and may be made up. With no trusted proxy the header is ignored.
    """
    if trusted_proxies <= 0:
        return peer
    entries = [e.strip() for value in forwarded_for for e in value.split(",") if e.strip()]
    if not entries:
        return peer
    candidate = entries[max(0, len(entries) - trusted_proxies)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer
