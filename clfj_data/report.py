"""One HTML file that tells the results offline: the intro, interactive charts and every
milestone with why it matters. plotly.js is embedded; nothing is fetched from elsewhere."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs

from .charts import sector_counts_figure, state_counts_figure, timeline_figure, timeline_sentence
from .dates import format_date
from .programme import Programme
from .wording import facts_line, plural

CHART_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"scale": 2}}
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #1F2933; max-width: 1100px; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; }
h1 { font-size: 2.2rem; margin-bottom: .2rem; } .intro { font-size: 1.3rem; font-weight: 600; }
.meta, .tags, .date { color: #52606D; font-size: .9rem; }
article { border-top: 1px solid #D9E2EC; padding: 1rem 0; page-break-inside: avoid; }
article h3 { margin: .2rem 0 .5rem; font-size: 1.25rem; }
.why { border-left: 4px solid #0072B2; background: #F3F6F9; padding: .6rem 1rem; margin: .6rem 0; }
.why strong { display: block; margin-bottom: .2rem; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media (max-width: 800px) { .charts { grid-template-columns: 1fr; } }
@media print { .plotly-graph-div { page-break-inside: avoid; } }
"""


def to_html(frame: pd.DataFrame, programme: Programme, *, version=None, filters_text: str = "") -> bytes:
    """The offline report for ``frame`` (the filtered milestones) as UTF-8 bytes."""
    e = html.escape
    made = dt.date.today().strftime("%-d %B %Y")
    about = [plural(len(frame), "milestone")]
    if version is not None:
        about.append(f"version {version.version} of {version.published_at:%-d %B %Y}")
    if filters_text:
        about.append(f"showing {filters_text}")
    about.append(f"made {made}")
    charts = [
        _chart(timeline_figure(frame), "timeline", timeline_sentence(frame)),
        '<div class="charts">',
        _chart(state_counts_figure(frame), "states", "Milestones by state"),
        _chart(sector_counts_figure(frame), "sectors", "Milestones by sector"),
        "</div>",
    ] if len(frame) else ["<p>No milestones match these filters.</p>"]  # fmt: skip
    body = "\n".join(
        [
            f"<h1>{e(programme.name)}: {e(programme.heading)}</h1>",
            f'<p class="intro">{e(programme.intro)}</p>',
            f"<p>{e(programme.partnership)}</p>",
            f'<p class="meta">{e(", ".join(about))}.</p>',
            f"<h2>{e(programme.timeline_heading)}</h2>",
            *charts,
            "<h2>The milestones</h2>",
            *(_milestone(m) for _, m in frame.sort_values("date", ascending=False, kind="stable").iterrows()),
            f'<p class="meta">Source: <a href="{e(programme.source_url)}" rel="noopener noreferrer">'
            f"{e(programme.source_url)}</a></p>",
        ]
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(programme.name)}: {e(programme.heading)}</title>
<style>{STYLE}</style>
<script>{get_plotlyjs()}</script>
</head><body>
{body}
</body></html>
"""
    return page.encode("utf-8")


def _chart(fig, name: str, description: str) -> str:
    div = pio.to_html(
        fig, full_html=False, include_plotlyjs=False, include_mathjax=False, config=CHART_CONFIG,
        div_id=f"chart-{name}",
    )  # fmt: skip
    return f'<figure role="img" aria-label="{html.escape(description)}">{div}</figure>'


def _milestone(milestone: pd.Series) -> str:
    e = html.escape
    source = milestone["source"]
    link = (
        f' · <a href="{e(source)}" rel="noopener noreferrer">source</a>'
        if source.lower().startswith(("http://", "https://"))
        else (f" · source: {e(source)}" if source else "")
    )
    return (
        f'<article id="{e(milestone["id"])}">'
        f'<div class="date">{e(format_date(milestone["date"], milestone["precision"]))}</div>'
        f"<h3>{e(milestone['title'])}</h3>"
        f"<p>{e(milestone['description'])}</p>"
        f'<div class="why"><strong>Why it matters</strong>{e(milestone["rationale"])}</div>'
        f'<div class="tags">{e(facts_line(milestone))}{link}</div>'
        "</article>"
    )
