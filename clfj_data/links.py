"""Links to the live dashboard, and the QR codes that carry them onto a slide or a screen."""

from __future__ import annotations

import io
import os
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from . import i18n
from .filters import Filters

PUBLIC_URL_SETTING = "CLFJ_PUBLIC_URL"  # the dashboard's public address, e.g. https://results.example.org/
QR_SCALE = 10  # pixels a module: sharp when a slide or a projector enlarges it
_LOOPBACK = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def front_page(url: str | None, page: str) -> str | None:
    """The dashboard's front page (the Overview, which anyone can explore), from ``url``, the
    address of its page ``page`` ("story"): the page's own path, query and fragment dropped, a
    base path the dashboard is served under kept."""
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.rsplit("/", 1)[-1] == page:
        path = path[: -len(page)]
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/", "", ""))


def public_url(seen: str | None = None) -> str:
    """The address donors can open: ``CLFJ_PUBLIC_URL``, else ``seen`` (the front page's
    address as the app is reached, :func:`front_page`) unless that is this machine's own, which
    nobody else can reach; else ""."""
    configured = os.environ.get(PUBLIC_URL_SETTING, "").strip()
    if configured:
        return configured
    if seen and (urlsplit(seen).hostname or "") not in _LOOPBACK:
        return seen
    return ""


def this_computer_link(seen: str | None, filters: Filters, lang: str = i18n.ENGLISH) -> str | None:
    """The dashboard showing ``filters`` at ``seen`` (the front page's address as the app is
    reached) where that is this machine's own address and no public one is set: a link that
    opens on this computer only, so never one for the room's QR code. None where the story is
    not filtered or the room has an address of its own."""
    if not filters.active or not seen or public_url(seen):
        return None
    return dashboard_link(seen, filters, lang)


def dashboard_link(base_url: str, filters: Filters, lang: str = i18n.ENGLISH) -> str | None:
    """The live dashboard at ``base_url`` showing ``filters`` (as its query parameters), in
    ``lang`` (``lang=hi``; English needs none), or None where there is no address."""
    base_url = base_url.strip()
    if not base_url:
        return None
    language = {"lang": i18n.language(lang)} if i18n.language(lang) != i18n.ENGLISH else {}
    query = urlencode(filters.to_query() | language, doseq=True, quote_via=quote)
    return base_url + ("&" if "?" in base_url else "?") + query if query else base_url


def qr_svg(url: str) -> str:
    """``url`` as a QR code SVG, as :func:`qr_png` draws it: sharp at any size a screen or a
    projector gives it."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=QR_SCALE, border=4, xmldecl=False)
    return out.getvalue().decode()


def qr_png(url: str) -> bytes:
    """``url`` as a QR code PNG: black on white with the standard quiet zone, as phones read best."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=QR_SCALE, border=4)
    return out.getvalue()


EDITION_PATH = "/results/"  # where deploy/nginx/clfj.conf serves the public edition
SITE_SETTING = "CLFJ_SITE_DIR"  # the folder every publish writes the public edition into


def edition_address(base_url: str) -> str:
    """The public edition's address on the host of ``base_url`` (the dashboard's address)."""
    parts = urlsplit(base_url.strip())
    return f"{parts.scheme}://{parts.netloc}{EDITION_PATH}" if parts.netloc else ""


def edition_published() -> bool:
    """Whether this installation has written its public edition: ``CLFJ_SITE_DIR`` names a
    folder that holds one (a publish writes it; until the first, the site would answer 404)."""
    folder = os.environ.get(SITE_SETTING, "").strip()
    return bool(folder) and os.path.isfile(os.path.join(folder, "index.html"))


def phone_link(base_url: str, filters: Filters, lang: str = i18n.ENGLISH) -> str | None:
    """Where a phone should go from a slide or a deck: the public edition, a static page that
    opens in about a second, where this installation has published one (``CLFJ_SITE_DIR``) and
    no filter narrows the view; else the dashboard showing ``filters`` in ``lang``."""
    if not filters.active and base_url.strip() and edition_published():
        return edition_address(base_url) or None
    return dashboard_link(base_url, filters, lang)
