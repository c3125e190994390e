"""A password sign-in kept across a reload of its tab: a token the server signs and checks.

The token names the staff member, when the sign-in began and when it was last used, and an id;
it is signed with HMAC-SHA256 under a key made from the server's secret and the staff password
(so a new password ends every token), and the app keeps it in the tab's ``sessionStorage``, never
in the address. A token is refused where its signature is wrong, where its sign-in has lapsed
(:meth:`clfj_data.auth.SignIn.expired`), and once its sign-in was ended by signing out
(:func:`end`, kept in the database so every instance sharing it refuses it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .auth import TOTAL_LIMIT, SignIn, Staff
from .database import READ_ONLY
from .store_tables import ended_sign_ins

MAX_TOKEN = 2_000  # characters: a longer one is not one this server made


class Refused(ValueError):
    """A token that restores no sign-in. ``genuine``: signed by this server (lapsed or ended)."""

    def __init__(self, why: str, genuine: bool):
        super().__init__(why)
        self.genuine = genuine


@dataclass(frozen=True)
class Kept:
    """A sign-in as its token carries it: the :class:`SignIn`, and the id that ends it."""

    sign_in: SignIn
    id: str


def signing_key(secret: bytes, password: str) -> bytes:
    """The key tokens are signed with: the server's ``secret`` and the staff ``password``."""
    return hmac.new(secret, b"clfj staff sign-in\0" + password.encode("utf-8"), hashlib.sha256).digest()


def new_id() -> str:
    return secrets.token_urlsafe(16)


def make_token(kept: Kept, key: bytes) -> str:
    """The signed token of ``kept``."""
    sign_in = kept.sign_in
    body = {"name": sign_in.staff.name, "started": sign_in.started, "used": sign_in.last_used, "id": kept.id}
    payload = _b64(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    return f"{payload}.{_b64(_signature(payload, key))}"


def read_token(token: object, key: bytes, now: float) -> Kept:
    """The sign-in ``token`` carries, used ``now``. Raises :class:`Refused` where it is forged,
    malformed or lapsed (ended ones are :func:`is_ended`'s to say)."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN or token.count(".") != 1:
        raise Refused("not a sign-in token", genuine=False)
    payload, signature = token.split(".")
    try:
        given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    except ValueError:
        raise Refused("not a sign-in token", genuine=False) from None
    if not hmac.compare_digest(given, _signature(payload, key)):
        raise Refused("the signature is not this server's", genuine=False)
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    sign_in = SignIn(Staff(body["name"], "password"), float(body["started"]), float(body["used"]))
    if sign_in.expired(now) or sign_in.last_used > now:
        raise Refused("the sign-in has lapsed", genuine=True)
    return Kept(sign_in.used(now), str(body["id"]))


def end(engine: Engine, kept: Kept, now: float) -> None:
    """Refuse ``kept``'s token from now on (until it would have lapsed anyway)."""
    until = kept.sign_in.started + TOTAL_LIMIT
    with engine.begin() as connection:
        connection.execute(ended_sign_ins.delete().where(ended_sign_ins.c.until < now))
        connection.execute(ended_sign_ins.delete().where(ended_sign_ins.c.id == kept.id))
        connection.execute(ended_sign_ins.insert().values(id=kept.id, until=until))


def is_ended(engine: Engine, kept: Kept) -> bool:
    """Whether ``kept``'s sign-in was ended by signing out."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        found = connection.execute(sa.select(ended_sign_ins.c.id).where(ended_sign_ins.c.id == kept.id))
        return found.first() is not None


def _signature(payload: str, key: bytes) -> bytes:
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
