"""One HTML file that tells the results offline: the programme, what its changes add up to,
interactive charts and every milestone (oldest first, as the story tells them) with why it
matters. plotly.js is embedded; nothing is fetched from elsewhere."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs

from .charts import sector_counts_figure, state_counts_figure, timeline_figure, timeline_sentence
from .dates import DAY, format_date
from .programme import Programme
from .sectors import sector_colour, sector_labels
from .story import story_order
from .summary import key_figures
from .wording import (
    SEPARATOR,
    facts_line,
    key_figures_sentence,
    milestone_when,
    picture_line,
)

CHART_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"scale": 2}}
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #1F2933; max-width: 1100px; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; }
h1 { font-size: 2.2rem; margin-bottom: .2rem; } .intro { font-size: 1.3rem; font-weight: 600; }
.figures { font-size: 1.3rem; }
.meta, .tags, .date { color: #52606D; font-size: .9rem; }
article { border-top: 1px solid #D9E2EC; padding: 1rem 0; page-break-inside: avoid; }
article h3 { margin: .2rem 0 .5rem; font-size: 1.25rem; }
.why { border-left: 4px solid #0072B2; background: #F3F6F9; padding: .6rem 1rem; margin: .6rem 0; }
.why strong { display: block; margin-bottom: .2rem; }
a { overflow-wrap: anywhere; }
.notice { border: 2px solid #A33C00; color: #A33C00; font-weight: 700; padding: .5rem 1rem; }
figure { margin: 0; }
.photo { margin: .6rem 0; } .photo img { display: block; max-width: 100%; height: auto; max-height: 32rem; }
.photo figcaption { color: #52606D; font-size: .85rem; margin-top: .25rem; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.charts > figure { min-width: 0; }
.steps { display: none; list-style: none; margin: 1rem 0 1.5rem .4rem; padding: 0;
         border-left: 3px solid #D9E2EC; }
.steps li { position: relative; padding: 0 0 1.1rem 1.3rem; }
.steps li::before { content: ""; position: absolute; left: -.62rem; top: .3rem; width: .9rem;
                    height: .9rem; border-radius: 50%; background: var(--sector); border: 2px solid #fff; }
.steps .date { font-weight: 700; color: #1F2933; }
.steps a { color: inherit; text-decoration: none; display: block; font-size: 1.05rem; line-height: 1.35; }
@media (max-width: 800px) { .charts { grid-template-columns: 1fr; } }
/* A phone is too narrow for lanes across time: the timeline becomes a list down the page. */
@media (max-width: 640px) {
  body { margin: 1rem auto; } h1 { font-size: 1.7rem; } .intro { font-size: 1.15rem; }
  .steps { display: block; } .chart-timeline { display: none; }
}
@media print { .plotly-graph-div { page-break-inside: avoid; } }
"""


def to_html(
    frame: pd.DataFrame,
    programme: Programme,
    *,
    version=None,
    filters_text: str = "",
    pictures=None,
    notice: str = "",
) -> bytes:
    """The offline report for ``frame`` (the filtered milestones) as UTF-8 bytes, each milestone's
    picture from ``pictures`` (photos.Photo by file name) embedded as a ``data:`` address; a
    ``notice`` (that it is not for public sharing) comes first."""
    pictures = pictures or {}
    e = html.escape
    charts = [
        _chart(timeline_figure(frame), "timeline", timeline_sentence(frame)),
        _steps(frame),
        '<div class="charts">',
        _chart(state_counts_figure(frame), "states", "Milestones by state"),
        _chart(sector_counts_figure(frame), "sectors", "Milestones by sector"),
        "</div>",
    ] if len(frame) else ["<p>No milestones match these filters.</p>"]  # fmt: skip
    body = "\n".join(
        [
            *([f'<p class="notice" role="note">{e(notice)}</p>'] if notice else []),
            f"<h1>{e(programme.name)}: {e(programme.heading)}</h1>",
            f"<p>{e(programme.partnership)}</p>",
            # The figures first: the framing line speaks of them.
            f'<p class="figures">{e(key_figures_sentence(key_figures(frame)))}</p>',
            f'<p class="intro">{e(programme.intro)}</p>',
            f'<p class="meta">{_about(programme, version, filters_text)}</p>',
            f"<h2>{e(programme.timeline_heading)}</h2>",
            *charts,
            "<h2>The milestones</h2>",
            *(_milestone(m, pictures.get(m["image"])) for _, m in story_order(frame).iterrows()),
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


def _about(programme: Programme, version, filters_text: str) -> str:
    """The line under the intro, as HTML: where the data comes from, what is shown and when the
    file was made (the figures above it say how many changes over which dates)."""
    e = html.escape
    page = f'<a href="{e(programme.source_url)}" rel="noopener noreferrer">the programme\'s results page</a>'
    source = f"Data from {page}" + (f", version {version.version}" if version is not None else "")
    parts = [source]
    if filters_text:
        parts.append(f"Showing {e(filters_text)}")
    parts.append(f"Made {e(format_date(dt.date.today(), DAY))}")
    return e(SEPARATOR).join(parts)


def _steps(frame: pd.DataFrame) -> str:
    """The timeline as a list down the page, oldest first, for screens too narrow for the chart."""
    items = [
        f'<li style="--sector: {sector_colour(sector)}"><span class="date">'
        f"{html.escape(milestone_when(row))}</span> · {html.escape(sector)}"
        f'<a href="#{html.escape(row.id)}">{html.escape(row.title)}</a></li>'
        for row, sector in zip(frame.itertuples(index=False), sector_labels(frame), strict=True)
    ]
    ordered = [items[i] for i in frame["date"].reset_index(drop=True).sort_values(kind="stable").index]
    return f'<ol class="steps" aria-label="Timeline">{"".join(ordered)}</ol>'


def _chart(fig, name: str, description: str) -> str:
    div = pio.to_html(
        fig, full_html=False, include_plotlyjs=False, include_mathjax=False, config=CHART_CONFIG,
        div_id=f"chart-{name}",
    )  # fmt: skip
    return f'<figure class="chart-{name}" role="img" aria-label="{html.escape(description)}">{div}</figure>'


def _milestone(milestone: pd.Series, picture=None) -> str:
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
        f"<h3>{e(milestone['title'])}</h3>"
        f"{_photo(milestone, picture)}"
        f"<p>{e(milestone['description'])}</p>"
        f'<div class="why"><strong>Why it matters</strong>{e(milestone["rationale"])}</div>'
        f'<div class="tags">{e(facts_line(milestone))}{link}</div>'
        "</article>"
    )


def _photo(milestone: pd.Series, picture) -> str:
    """The milestone's picture inside the file (nothing is fetched), with its credit beneath."""
    if picture is None:
        return ""
    e = html.escape
    line = picture_line(milestone)
    credit = f"<figcaption>{e(line)}</figcaption>" if line else ""
    return (
        f'<figure class="photo"><img src="{picture.data_uri()}" alt="{e(milestone["image_alt"])}" '
        f'width="{picture.width}" height="{picture.height}">{credit}</figure>'
    )
