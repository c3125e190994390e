"""The parts of the HTML pages the dashboard writes, the offline report and the public edition:
the same milestone, timeline list and source line in both, escaped the same way.

Every piece of spreadsheet text goes through :func:`html.escape` here; callers pass values, not
markup."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from . import i18n
from .programme import Programme
from .sectors import sector_colour, sector_labels
from .translation import draft_line, in_english, is_draft
from .wording import SEPARATOR, facts_line, milestone_when, picture_line, standing_alone

# The app's own plotly.js: only the scatter, bar and heatmap traces its charts draw (see
# clfj_ui/assets/bundle), a quarter of the whole library's size.
PLOTLY_BUNDLE = Path(__file__).resolve().parent.parent / "static" / "plotly-charts.min.js"
PLOTLY_TRACES = frozenset({"scatter", "bar", "heatmap"})
# No toolbar: its icons, titled in English whatever the page's language, stood over the
# charts' titles (and on a phone over the charts themselves), and the page's words and figures
# are what a reader came for. The range slider and a drag move a timeline; a double click
# shows it whole again.
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}
# A range slider's grips as handles: plotly.js draws them as thin white boxes, which read as
# empty; here solid, in the app's blue, wider and rounded.
RANGE_SLIDER_STYLE = """
.rangeslider-handle-min, .rangeslider-handle-max { fill: #0072B2; stroke: #FFFFFF; stroke-width: 1px;
  x: -2px; width: 8px; rx: 3px; }
"""
NARROW = "40em"  # below this width the timeline is a list down the page, not lanes across time

# How a milestone, the timeline list and a photo look, wherever a page shows them. The list is
# inset as far from the right as its line is from the left, within the text's own margins.
STYLE = """
.why { border-left: 4px solid #0072B2; background: #F3F6F9; padding: .6rem 1rem; margin: .8rem 0; }
.why strong { display: block; margin-bottom: .2rem; }
.photo { margin: .8rem 0; } .photo img { display: block; max-width: 100%; height: auto; max-height: 32rem; }
.photo figcaption { color: #52606D; font-size: .85rem; margin-top: .25rem; }
.steps { list-style: none; margin: 1rem .4rem 1.5rem; padding: 0; border-left: 3px solid #D9E2EC; }
.steps li { position: relative; padding: 0 0 1.1rem 1.3rem; }
.steps li::before { content: ""; position: absolute; left: -.62rem; top: .3rem; width: .9rem;
                    height: .9rem; border-radius: 50%; background: var(--sector); border: 2px solid #fff; }
.steps .date { font-weight: 700; color: #1F2933; }
.steps a { color: inherit; text-decoration: none; display: block; font-size: 1.05rem; line-height: 1.35; }
.steps a:hover, .steps a:focus { text-decoration: underline; }
.draft { color: #52606D; font-size: .8rem; font-style: italic; }
"""


def about_line(programme: Programme, version, *extra: str, lang: str = i18n.ENGLISH) -> str:
    """Where the data comes from and which version, as HTML; then ``extra`` (plain text, escaped
    here)."""
    e, _ = html.escape, i18n.translator(lang)
    link = e(_("the programme's results page"))
    page = f'<a href="{e(programme.source_url)}" rel="noopener noreferrer">{link}</a>'
    if version is None:
        source = _("Data from {page}").format(page=page)
    else:
        source = _("Data from {page}, version {version}").format(page=page, version=version.version)
    return e(SEPARATOR).join([source, *(e(text) for text in extra)])


def in_its_language(text: str, english: bool, tag: str = "span", attributes: str = "") -> str:
    """``text`` escaped in element ``tag``, marked ``lang="en"`` where it is English on a page in
    another language (a milestone's words without their Hindi). A ``span`` that needs no mark is
    the text alone."""
    if tag == "span" and not english:
        return html.escape(text)
    marked = ' lang="en"' if english else ""
    return f"<{tag}{attributes}{marked}>{html.escape(text)}</{tag}>"


def steps(frame: pd.DataFrame, label: str = "Timeline", lang: str = i18n.ENGLISH) -> str:
    """The timeline as a list down the page, oldest first, each entry linking to its milestone;
    its dates and sectors in ``lang``."""
    e, named = html.escape, standing_alone("Sector", lang)  # no label beside the sector's name
    items = [
        f'<li style="--sector: {sector_colour(sector)}"><span class="date">'
        f"{e(milestone_when(row, lang))}</span> · {e(named(sector))}"
        + in_its_language(row.title, in_english(row, "title"), "a", f' href="#{e(row.id)}"')
        + "</li>"
        for row, sector in zip(frame.itertuples(index=False), sector_labels(frame), strict=True)
    ]
    ordered = [items[i] for i in frame["date"].reset_index(drop=True).sort_values(kind="stable").index]
    return f'<ol class="steps" aria-label="{e(label)}">{"".join(ordered)}</ol>'


def milestone_article(
    milestone: pd.Series, photo: str = "", heading: str = "h3", lang: str = i18n.ENGLISH
) -> str:
    """One milestone: its date, headline, ``photo`` (HTML from :func:`photo_figure`), what
    changed, why it matters (set apart), the facts line and its source. In a language other
    than English (``milestone`` from :func:`translation.in_language`), the words it has no
    translation of are marked ``lang="en"``, and a draft translation says so in a quiet line."""
    e, _ = html.escape, i18n.translator(lang)
    source, word = milestone["source"], e(_("source"))
    link = (
        f' · <a href="{e(source)}" rel="noopener noreferrer">{word}</a>'
        if source.lower().startswith(("http://", "https://"))
        else (f" · {word}: {e(source)}" if source else "")
    )
    translated = lang != i18n.ENGLISH
    draft = f'<div class="draft">{e(draft_line(lang))}</div>' if translated and is_draft(milestone) else ""
    facts = e(facts_line(milestone, lang=lang))  # states and sectors named in the catalog's words
    return (
        f'<article id="{e(milestone["id"])}">'
        f'<div class="date">{e(milestone_when(milestone, lang))}</div>'
        f"{in_its_language(milestone['title'], in_english(milestone, 'title'), heading)}"
        f"{photo}"
        f"{in_its_language(milestone['description'], in_english(milestone, 'description'), 'p')}"
        f'<div class="why"><strong>{e(_("Why it matters"))}</strong>'
        f"{in_its_language(milestone['rationale'], in_english(milestone, 'rationale'))}</div>"
        f'<div class="tags">{facts}{link}</div>{draft}'
        "</article>"
    )


def photo_figure(milestone: pd.Series, src: str, width: int, height: int, lazy: bool = False) -> str:
    """A milestone's picture at ``src`` (a ``data:`` address, or a file beside the page), with
    its alt text and the credit beneath."""
    e = html.escape
    line = picture_line(milestone)
    credit = f"<figcaption>{e(line)}</figcaption>" if line else ""
    loading = ' loading="lazy" decoding="async"' if lazy else ""
    return (
        f'<figure class="photo"><img src="{e(src)}" alt="{e(milestone["image_alt"])}" '
        f'width="{width}" height="{height}"{loading}>{credit}</figure>'
    )


def source_line(programme: Programme, lang: str = i18n.ENGLISH) -> str:
    e, _ = html.escape, i18n.translator(lang)
    link = f'<a href="{e(programme.source_url)}" rel="noopener noreferrer">{e(programme.source_url)}</a>'
    return _("Source: {link}").format(link=link)


def drawable(fig):
    """``fig``, where the app's plotly.js can draw it: ValueError names a trace it lacks."""
    kinds = {trace.type for trace in fig.data}
    if not kinds <= PLOTLY_TRACES:
        raise ValueError(f"the app's plotly.js draws no {', '.join(sorted(kinds - PLOTLY_TRACES))} trace")
    return fig


def figure_json(fig) -> str:
    """A figure as JSON for the app's plotly.js, safe inside a ``<script>`` element."""
    text = drawable(fig).to_json(validate=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def plotly_bundle() -> str:
    """The app's plotly.js, as text to embed or serve."""
    return PLOTLY_BUNDLE.read_text(encoding="utf-8")
