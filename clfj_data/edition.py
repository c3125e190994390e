"""The public edition: one static page that tells a version's public milestones, with its own
assets and nothing fetched from elsewhere, laid out for a phone first.

    build_edition(frame, programme, version, pictures) -> {"index.html": b"...", "hi/index.html": ...}

The page is written in English (``index.html``) and in Hindi (``hi/index.html``), each naming the
other as its alternate (``hreflang``) and sharing one set of assets.

Text comes first: the framing, the key figures, the timeline as a list (on a screen too narrow
for lanes across time), every milestone with why it matters, then the counts as bars drawn in
HTML. On a wide screen the timeline is drawn across time: as an SVG drawn beforehand by kaleido
(``timeline="svg"``, where a browser is installed for it), else by the app's own plotly.js once
the page is shown (``timeline="script"``). Measured with Lighthouse on a desktop, the SVG page
scores 100 and the script page 90, plotly.js costing 0.26 s of blocking and 0.4 MB; on a phone
neither is loaded (docs/PERFORMANCE.md). Asset names carry a hash of their content, so they can
be cached for good.

This module writes the files and each page's head; the page's content is in ``edition_body``,
the wide screen's timeline in ``edition_timeline``.
"""

from __future__ import annotations

import functools
import hashlib
import html

import pandas as pd

from . import i18n, webpage
from .edition_body import page_body, systemic_changes
from .edition_timeline import WIDE, wide_timeline
from .links import edition_address, public_url
from .preview import PREVIEW_SIZE, preview_png
from .programme import Programme
from .summary import key_figures
from .translation import in_language
from .visibility import visible
from .wording import frame_span, key_figures_sentence

TIMELINES = ("svg", "script")
HASH_LENGTH = 12

EDITION_STYLE = """
:root { --ink: #1F2933; --muted: #52606D; --line: #D9E2EC; --accent: #0072B2; --band: #0B3954; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.55; font-size: 1.0625rem;
       font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Helvetica, Arial, sans-serif; }
a { color: var(--accent); overflow-wrap: anywhere; }
.wrap { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
.masthead { background: var(--band); color: #fff; padding: 1.75rem 0 2rem; }
.masthead a { color: #fff; }
.kicker { margin: 0 0 .6rem; font-size: .8rem; font-weight: 700; letter-spacing: .08em;
          text-transform: uppercase; color: #BFE3F7; }
h1 { margin: 0 0 .8rem; font-size: clamp(2rem, 8vw, 3.2rem); line-height: 1.08; letter-spacing: -.01em; }
.intro { margin: 0 0 .5rem; font-size: 1.25rem; font-weight: 650; }
.partnership { margin: 0; max-width: 44rem; color: #E3EEF5; }
.masthead .draft { color: #BFE3F7; margin: .6rem 0 0; }
.figures { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .7rem;
           margin: 1.6rem 0 0; padding: 0; list-style: none; }
.figures li { padding: .8rem .95rem; border: 1px solid rgba(255,255,255,.22); border-radius: .7rem;
              background: rgba(255,255,255,.07); }
.figures b { display: block; font-size: 1.9rem; line-height: 1.1; }
.figures span { font-size: .9rem; color: #E3EEF5; }
.explore { margin: 1.4rem 0 0; }
.explore a { display: inline-block; padding: .65rem 1.1rem; border-radius: 2rem; background: #fff;
             color: var(--band); font-weight: 700; text-decoration: none; }
.explore a:hover, .explore a:focus { background: #BFE3F7; }
main h2 { margin: 2.4rem 0 .4rem; font-size: 1.55rem; line-height: 1.2; }
.lede { margin: 0 0 1rem; color: var(--muted); }
.meta, .tags, .date { color: var(--muted); font-size: .9rem; }
article { max-width: 48rem; padding: 1.3rem 0; border-top: 1px solid var(--line); }
article .date { font-weight: 700; color: var(--accent); }
article h3 { margin: .2rem 0 .5rem; font-size: 1.3rem; line-height: 1.3; }
article p { margin: .4rem 0; }
.wide-timeline { display: none; margin: 1rem 0; }
.wide-timeline img { display: block; max-width: 100%; height: auto; }
.wide-timeline figcaption { color: var(--muted); font-size: .9rem; }
#timeline-chart { min-height: var(--height); }
.bars-grid { display: grid; gap: 1.5rem; }
table.bars { width: 100%; border-collapse: collapse; }
table.bars caption { text-align: left; font-weight: 700; font-size: 1.1rem; padding-bottom: .4rem; }
table.bars th, table.bars td { padding: .35rem 0; border-bottom: 1px solid var(--line); text-align: left;
                               vertical-align: middle; font-weight: 400; }
table.bars thead th { color: var(--muted); font-size: .85rem; }
table.bars th[scope=row] { width: 42%; padding-right: .75rem; }
table.bars td { white-space: nowrap; }
.bar { display: inline-block; height: .9rem; min-width: 2px; margin-right: .5rem; vertical-align: middle;
       border-radius: 0 .2rem .2rem 0; }
.note { color: var(--muted); font-size: .9rem; margin: .4rem 0 0; }
footer { margin: 3rem 0 0; padding: 1.5rem 0 2.5rem; border-top: 1px solid var(--line); background: #F3F6F9; }
footer p { margin: .3rem 0; }
@media (min-width: 40em) {
  .figures { grid-template-columns: repeat(4, minmax(0, 1fr)); }
  .bars-grid { grid-template-columns: 1fr 1fr; gap: 2.5rem; }
  .masthead { padding: 3rem 0 2.6rem; }
}
@media (min-width: WIDE) {
  .wide-timeline { display: block; }
  .wide-timeline + .steps { display: none; }
}
""".replace("WIDE", WIDE)


def build_edition(
    frame: pd.DataFrame,
    programme: Programme,
    version=None,
    pictures=None,
    *,
    base_url: str | None = None,
    dashboard_url: str | None = None,
    timeline: str | None = None,
) -> dict[str, bytes]:
    """The edition of ``frame`` (a version's milestones; staff-only ones are left out here
    whatever the caller passes) as files by their path in the folder.

    ``base_url`` is the dashboard's public address (default: ``CLFJ_PUBLIC_URL``): the page's
    canonical URL and its preview image's address are made from it. ``dashboard_url`` is where
    "Explore the data" leads (default: the dashboard beside the edition). ``timeline``: how a
    wide screen's timeline is drawn, one of TIMELINES (default: an SVG where kaleido can draw)."""
    if timeline is None:
        from .images import image_browser

        timeline = "svg" if image_browser() else "script"
    if timeline not in TIMELINES:
        raise ValueError(f"timeline must be one of {TIMELINES}")
    frame = visible(frame, staff=False)
    pictures = pictures or {}
    base_url = public_url() if base_url is None else base_url
    canonical = edition_address(base_url) if base_url else ""
    files: dict[str, bytes] = {}

    def asset(name: str, extension: str, data: bytes) -> str:
        path = f"{name}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}.{extension}"
        files[path] = data
        return path

    photos = {}
    for name, photo in pictures.items():
        extension = "png" if photo.mime == "image/png" else "jpg"
        photos[name] = (f"photos/photo.{photo.sha256[:HASH_LENGTH]}.{extension}", photo)
        files[photos[name][0]] = photo.data
    for lang, folder in PAGES.items():
        up = "../" * folder.count("/")  # from the page to the edition's own folder
        shown, said = in_language(frame, lang), programme.in_language(lang)
        preview = asset("preview", "png", preview_png(shown, said, lang))  # its words in the page's language
        in_folder = {name: (up + path, photo) for name, (path, photo) in photos.items()}
        placed = functools.partial(_placed, asset, up)  # an asset's path from this page
        wide = wide_timeline(shown, timeline, placed, lang) if len(frame) else ""
        link = _in_language(dashboard_url or "../", lang, up)
        body = page_body(shown, said, version, in_folder, wide, link, lang)
        page = _page(shown, said, body, canonical, up + preview, lang)
        files[f"{folder}index.html"] = page.encode("utf-8")
    files["robots.txt"] = b"User-agent: *\nAllow: /\n"  # served at the site's root by deploy/nginx
    return files


def _placed(asset, up: str, *made) -> str:
    return up + asset(*made)


# Each language's page, by the folder it is in within the edition.
PAGES = {i18n.ENGLISH: "", i18n.HINDI: "hi/"}


def _in_language(address: str, lang: str, up: str) -> str:
    """The dashboard's ``address`` from a page ``up`` from the edition, opening in ``lang``."""
    if "://" not in address and not address.startswith("/"):
        address = up + address
    if lang == i18n.ENGLISH:
        return address
    return f"{address}{'&' if '?' in address else '?'}lang={lang}"


def _alternates(canonical: str, lang: str) -> list[str]:
    """The page's ``hreflang`` links to itself and to the other language's page (``x-default``
    the English one), from ``canonical`` where the edition's address is known."""
    up = "../" * PAGES[lang].count("/")
    links = []
    for other, folder in [*PAGES.items(), ("x-default", "")]:
        href = (canonical + folder) if canonical else (up + folder or "./")
        links.append(f'<link rel="alternate" hreflang="{other}" href="{html.escape(href)}">')
    return links


def _page(
    frame: pd.DataFrame,
    programme: Programme,
    body: str,
    canonical: str,
    preview: str,
    lang: str = i18n.ENGLISH,
) -> str:
    e = html.escape
    title = f"{programme.name}: {programme.heading}"
    description = describe(frame, programme, lang)
    image = canonical + preview.removeprefix("../") if canonical else preview
    own = canonical + PAGES[lang] if canonical else ""
    width, height = PREVIEW_SIZE
    tags = [
        f'<meta name="description" content="{e(description)}">',
        *([f'<link rel="canonical" href="{e(own)}">'] if canonical else []),
        *_alternates(canonical, lang),
        '<meta property="og:type" content="website">',
        f'<meta property="og:title" content="{e(title)}">',
        f'<meta property="og:description" content="{e(description)}">',
        *([f'<meta property="og:url" content="{e(own)}">'] if canonical else []),
        f'<meta property="og:image" content="{e(image)}">',
        f'<meta property="og:image:width" content="{width}">',
        f'<meta property="og:image:height" content="{height}">',
        f'<meta property="og:image:alt" content="{e(preview_alt(frame, programme, lang))}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{e(title)}">',
        f'<meta name="twitter:description" content="{e(description)}">',
        f'<meta name="twitter:image" content="{e(image)}">',
    ]
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
{chr(10).join(tags)}
<meta name="theme-color" content="#0B3954">
<link rel="icon" href="data:,">
<style>{EDITION_STYLE}{webpage.STYLE}</style>
</head><body>
{body}
</body></html>
"""


def describe(frame: pd.DataFrame, programme: Programme, lang: str = i18n.ENGLISH) -> str:
    """The page's one-paragraph description, for search results and link previews: what the
    changes add up to, as the report and the deck open, then the partnership line; in ``lang``."""
    return f"{key_figures_sentence(key_figures(frame, lang), lang)} {programme.partnership}"


def preview_alt(frame: pd.DataFrame, programme: Programme, lang: str = i18n.ENGLISH) -> str:
    """What the preview picture shows, in ``lang``."""
    changes = systemic_changes(len(frame), lang)
    if not len(frame):
        return f"{programme.name}: {changes}"
    _ = i18n.translator(lang)
    return _("{name}: {changes}, {span}, on a timeline coloured by sector").format(
        name=programme.name, changes=changes, span=frame_span(frame, lang)
    )
