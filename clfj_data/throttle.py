"""How often a staff password is checked: the sign-in throttle, kept in the store's database.

Every try counts against keys: the address it comes from (``"address 203.0.113.7"``) and the one
staff account (keys that start with :data:`ACCOUNT`).

- An address's next try is checked 1 s after its last one failed, then 2, 4, 8, 16 and at most
  30 s (:func:`~clfj_data.auth.retry_delay`).
- The account's tries, from every address together, are checked at least :data:`ACCOUNT_GAP`
  apart: at most 6 in any 20 s.
- A try is booked for the first moment when all its keys are free, if that is at most
  :data:`ACCOUNT_GAP` away (the page waits for it); otherwise it is refused with the wait.

So nothing is booked far ahead, and a flood of wrong guesses from one address slows that
address alone: it gets one try in 30 s, and staff at another address find the account free
within a few seconds. Staff who share an address with the flood (one office's network) wait as
the flood does; the identity-provider sign-in has no such wait.
"""

from __future__ import annotations

import threading
from contextlib import ExitStack

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from .auth import RETRY_CEILING, retry_delay
from .database import READ_ONLY
from .store_tables import sign_in_tries

ACCOUNT = "account "  # how the account's keys begin
ACCOUNT_GAP = 3.5  # seconds between two checks on the account: 6 in 20 s
FORGET_TRIES_AFTER = 24 * 60 * 60  # seconds after a key's last try
MAX_KEY = 200
_try_locks = tuple(threading.Lock() for _ in range(64))  # a key's lock: its hash picks one


class TooManyTries(RuntimeError):
    """A try came before its turn; nothing was booked. ``wait``: seconds until it may come."""

    def __init__(self, wait: float):
        seconds = max(1, round(wait))
        super().__init__(
            f"Too many sign-in tries: wait {seconds} second{'s' if seconds > 1 else ''}, then try again."
        )
        self.wait = wait


def book_sign_in_check(
    engine: Engine, keys: list[str], *, now: float, ceiling: float = RETRY_CEILING
) -> float:
    """Book the moment (clock seconds, at most :data:`ACCOUNT_GAP` from ``now``) at which a
    password try by ``keys`` may be checked, and count the try as failed until
    :func:`forget_sign_in_failures` says it succeeded. Raises :class:`TooManyTries` where that
    moment, when every key is free, is further away.

    One booking at a time per key: a lock within this process and the keys' rows locked in the
    database (``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so
    neither parallel sessions nor app instances sharing the database get two tries in one turn.
    """
    keys = sorted({key[:MAX_KEY] for key in keys})
    with ExitStack() as held:
        for index in sorted({hash(key) % len(_try_locks) for key in keys}):
            held.enter_context(_try_locks[index])
        with engine.begin() as connection:
            insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
            # A row for each new key first, so a second booking waits on it rather than
            # finding no row and booking the same moment.
            # One row's statement for each key (a statement of several rows is compiled anew each time).
            fresh = [{"key": key, "failures": 0, "next_check": 0.0} for key in keys]
            connection.execute(insert(sign_in_tries).on_conflict_do_nothing(), fresh)
            rows = connection.execute(
                sa.select(sign_in_tries).where(sign_in_tries.c.key.in_(keys)).with_for_update()
            ).all()
            slot = max([now, *(row.next_check for row in rows)])
            if slot - now > ACCOUNT_GAP:
                raise TooManyTries(slot - now - ACCOUNT_GAP)
            for row in rows:
                failures = row.failures + 1
                after = ACCOUNT_GAP if row.key.startswith(ACCOUNT) else retry_delay(failures, ceiling)
                values = {"failures": failures, "next_check": slot + after}
                connection.execute(
                    sign_in_tries.update().where(sign_in_tries.c.key == row.key).values(**values)
                )
            connection.execute(
                sign_in_tries.delete().where(
                    sign_in_tries.c.next_check < now - FORGET_TRIES_AFTER, sign_in_tries.c.key.not_in(keys)
                )
            )
    return slot


def forget_sign_in_failures(engine: Engine, keys: list[str]) -> None:
    """A try by ``keys`` succeeded: its address's next try is checked at once (the account
    keeps its pace)."""
    addresses = [key[:MAX_KEY] for key in keys if not key.startswith(ACCOUNT)]
    with engine.begin() as connection:
        connection.execute(sign_in_tries.delete().where(sign_in_tries.c.key.in_(addresses)))


def sign_in_wait(engine: Engine, keys: list[str], *, now: float) -> float:
    """Seconds until every one of ``keys`` is free (a try is booked up to :data:`ACCOUNT_GAP`
    before that)."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        rows = connection.execute(
            sa.select(sign_in_tries.c.key, sign_in_tries.c.next_check).where(
                sign_in_tries.c.key.in_([k[:MAX_KEY] for k in keys])
            )
        ).all()
    return max([0.0, *(row.next_check - now for row in rows)])
