"""The parts of the HTML pages the dashboard writes, the offline report and the public edition:
the same milestone, timeline list and source line in both, escaped the same way.

Every piece of spreadsheet text goes through :func:`html.escape` here; callers pass values, not
markup."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .programme import Programme
from .sectors import sector_colour, sector_labels
from .wording import SEPARATOR, facts_line, milestone_when, picture_line

# The app's own plotly.js: only the scatter, bar and heatmap traces its charts draw (see
# clfj_ui/assets/bundle), a quarter of the whole library's size.
PLOTLY_BUNDLE = Path(__file__).resolve().parent.parent / "clfj_ui" / "assets" / "plotly-charts.min.js"
PLOTLY_TRACES = frozenset({"scatter", "bar", "heatmap"})
CHART_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"scale": 2}}
NARROW = "40em"  # below this width the timeline is a list down the page, not lanes across time

# How a milestone, the timeline list and a photo look, wherever a page shows them.
STYLE = """
.why { border-left: 4px solid #0072B2; background: #F3F6F9; padding: .6rem 1rem; margin: .8rem 0; }
.why strong { display: block; margin-bottom: .2rem; }
.photo { margin: .8rem 0; } .photo img { display: block; max-width: 100%; height: auto; max-height: 32rem; }
.photo figcaption { color: #52606D; font-size: .85rem; margin-top: .25rem; }
.steps { list-style: none; margin: 1rem 0 1.5rem .4rem; padding: 0; border-left: 3px solid #D9E2EC; }
.steps li { position: relative; padding: 0 0 1.1rem 1.3rem; }
.steps li::before { content: ""; position: absolute; left: -.62rem; top: .3rem; width: .9rem;
                    height: .9rem; border-radius: 50%; background: var(--sector); border: 2px solid #fff; }
.steps .date { font-weight: 700; color: #1F2933; }
.steps a { color: inherit; text-decoration: none; display: block; font-size: 1.05rem; line-height: 1.35; }
.steps a:hover, .steps a:focus { text-decoration: underline; }
"""


def about_line(programme: Programme, version, *extra: str) -> str:
    """Where the data comes from and which version, as HTML; then ``extra`` (plain text, escaped
    here)."""
    e = html.escape
    page = f'<a href="{e(programme.source_url)}" rel="noopener noreferrer">the programme\'s results page</a>'
    source = f"Data from {page}" + (f", version {version.version}" if version is not None else "")
    return e(SEPARATOR).join([source, *(e(text) for text in extra)])


def steps(frame: pd.DataFrame, label: str = "Timeline") -> str:
    """The timeline as a list down the page, oldest first, each entry linking to its milestone."""
    e = html.escape
    items = [
        f'<li style="--sector: {sector_colour(sector)}"><span class="date">'
        f"{e(milestone_when(row))}</span> · {e(sector)}"
        f'<a href="#{e(row.id)}">{e(row.title)}</a></li>'
        for row, sector in zip(frame.itertuples(index=False), sector_labels(frame), strict=True)
    ]
    ordered = [items[i] for i in frame["date"].reset_index(drop=True).sort_values(kind="stable").index]
    return f'<ol class="steps" aria-label="{e(label)}">{"".join(ordered)}</ol>'


def milestone_article(milestone: pd.Series, photo: str = "", heading: str = "h3") -> str:
    """One milestone: its date, headline, ``photo`` (HTML from :func:`photo_figure`), what
    changed, why it matters (set apart), the facts line and its source."""
    e = html.escape
    source = milestone["source"]
    link = (
        f' · <a href="{e(source)}" rel="noopener noreferrer">source</a>'
        if source.lower().startswith(("http://", "https://"))
        else (f" · source: {e(source)}" if source else "")
    )
    return (
        f'<article id="{e(milestone["id"])}">'
        f'<div class="date">{e(milestone_when(milestone))}</div>'
        f"<{heading}>{e(milestone['title'])}</{heading}>"
        f"{photo}"
        f"<p>{e(milestone['description'])}</p>"
        f'<div class="why"><strong>Why it matters</strong>{e(milestone["rationale"])}</div>'
        f'<div class="tags">{e(facts_line(milestone))}{link}</div>'
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


def source_line(programme: Programme) -> str:
    e = html.escape
    return (
        f'Source: <a href="{e(programme.source_url)}" rel="noopener noreferrer">{e(programme.source_url)}</a>'
    )


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
