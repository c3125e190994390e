"""Who may change the data: staff, signed in by password or by an identity provider.

The store's write functions take a :class:`Staff` and refuse anything else, so a missing
check in a page cannot let a visitor write.
"""

from __future__ import annotations

import hmac
import re
import threading
import time
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


class SignInThrottle:
    """A growing wait after failed sign-ins: 1 s after the first, doubling, at most ``ceiling``.

    Shared by every session of the process, keyed by who tries (an address, or one key
    for everyone), so opening a new session does not reset it.
    """

    def __init__(self, ceiling: float = 30.0, clock=time.monotonic):
        self._failures: dict[str, int] = {}
        self._lock = threading.Lock()
        self._ceiling = ceiling
        self._clock = clock
        self._last: dict[str, float] = {}

    def wait(self, key: str) -> float:
        """Seconds to wait before the next try is checked."""
        with self._lock:
            failures = self._failures.get(key, 0)
            if not failures:
                return 0.0
            delay = min(2.0 ** (failures - 1), self._ceiling)
            return max(0.0, self._last[key] + delay - self._clock())

    def failed(self, key: str) -> None:
        with self._lock:
            self._failures[key] = self._failures.get(key, 0) + 1
            self._last[key] = self._clock()

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
            self._last.pop(key, None)
