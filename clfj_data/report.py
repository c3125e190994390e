"""One HTML file that tells the results offline: the programme, what its changes add up to,
interactive charts and every milestone (oldest first, as the story tells them) with why it
matters. The app's own plotly.js is embedded (its charts' traces only, a quarter of the whole
library); nothing is fetched from elsewhere."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import i18n
from .charts import sector_counts_figure, state_counts_figure, timeline_figure, timeline_sentence
from .dates import DAY, format_date
from .framing import Framing
from .programme import Programme
from .story import story_order
from .summary import key_figures
from .tables import local_date
from .timeline_labels import PAGE_LABELS
from .translation import any_draft, draft_line, in_language
from .webpage import (
    CHART_CONFIG,
    NARROW,
    RANGE_SLIDER_STYLE,
    about_line,
    drawable,
    in_its_language,
    milestone_article,
    photo_figure,
    plotly_bundle,
    source_line,
    steps,
)
from .webpage import STYLE as SHARED_STYLE
from .wording import key_figures_sentence

# The report's one font, for its words and its charts' alike (the app's Source Sans is not in it).
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'
STYLE = (
    """
body { font-family: """
    + FONT
    + """;
       color: #1F2933; max-width: 1100px; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; }
h1 { font-size: 2.2rem; margin-bottom: .2rem; } .intro { font-size: 1.3rem; font-weight: 600; }
.figures { font-size: 1.3rem; }
.meta, .tags, .date { color: #52606D; font-size: .9rem; }
article { border-top: 1px solid #D9E2EC; padding: 1rem 0; page-break-inside: avoid; }
article h3 { margin: .2rem 0 .5rem; font-size: 1.25rem; }
a { overflow-wrap: anywhere; }
.notice { border: 2px solid #A33C00; color: #A33C00; font-weight: 700; padding: .5rem 1rem; }
figure { margin: 0; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.charts > figure { min-width: 0; }
.steps { display: none; }
@media (max-width: 800px) { .charts { grid-template-columns: 1fr; } }
/* A phone is too narrow for lanes across time: the timeline becomes a list down the page. */
@media (max-width: NARROW) {
  body { margin: 1rem auto; } h1 { font-size: 1.7rem; } .intro { font-size: 1.15rem; }
  .steps { display: block; } .chart-timeline { display: none; }
}
@media print { .plotly-graph-div { page-break-inside: avoid; } }
""".replace("NARROW", NARROW)
)


def to_html(
    frame: pd.DataFrame,
    programme: Programme,
    *,
    version=None,
    filters_text: str = "",
    pictures=None,
    notice: str = "",
    framing: Framing | None = None,
    lang: str = i18n.ENGLISH,
) -> bytes:
    """The offline report for ``frame`` (the filtered milestones) as UTF-8 bytes, each milestone's
    picture from ``pictures`` (photos.Photo by file name) embedded as a ``data:`` address; a
    ``notice`` (that it is not for public sharing) comes first. ``framing``'s title heads the
    page in place of the programme's name and intro; its eras are shaded on the timeline.

    In Hindi (``lang="hi"``) the page is ``<html lang="hi">``, each milestone and the framing
    read in Hindi where they have it, and any passage left in English is marked ``lang="en"``."""
    pictures = pictures or {}
    framing = framing or Framing()
    lang = i18n.language(lang)
    translated = lang != i18n.ENGLISH
    frame = in_language(frame, lang)
    programme_in_english = programme
    programme = programme.in_language(lang)
    titled = framing.titled(programme)
    e, _ = html.escape, i18n.translator(lang)

    def said(text: str, name: str, tag: str, attributes: str = "") -> str:
        english = programme_in_english.in_english(name, lang) if name else translated
        return in_its_language(text, english, tag, attributes)

    draft = translated and (programme.is_draft or any_draft(frame))
    body = "\n".join(
        [
            *([f'<p class="notice" role="note">{e(notice)}</p>'] if notice else []),
            f"<h1>{e(titled.name)}: {e(programme.heading)}</h1>",
            said(programme.partnership, "partnership", "p"),
            # The figures first: the framing line speaks of them.
            f'<p class="figures">{e(key_figures_sentence(key_figures(frame, lang), lang))}</p>',
            said(titled.intro, "intro" if framing.title is None else "", "p", ' class="intro"'),
            *([f'<p class="draft">{e(draft_line(lang))}</p>'] if draft else []),
            f'<p class="meta">{_about(programme, version, filters_text, lang)}</p>',
            f"<h2>{e(programme.timeline_heading)}</h2>",
            *_charts(frame, framing, lang),
            "<h2>" + e(_("The milestones")) + "</h2>",
            *(
                milestone_article(m, _photo(m, pictures.get(m["image"])), lang=lang)
                for _position, m in story_order(frame).iterrows()
            ),
            f'<p class="meta">{source_line(programme, lang)}</p>',
        ]
    )
    return _page(f"{titled.name}: {programme.heading}", body, lang).encode("utf-8")


def _page(title: str, body: str, lang: str) -> str:
    """The whole file around ``body``: its style and the app's plotly.js inside it."""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{STYLE}{SHARED_STYLE}{RANGE_SLIDER_STYLE}</style>
<script>{plotly_bundle()}</script>
</head><body>
{body}
</body></html>
"""


def _charts(frame: pd.DataFrame, framing: Framing, lang: str) -> list[str]:
    """The timeline (a list down the page on a phone) and the counts by state and by sector."""
    _ = i18n.translator(lang)
    if not len(frame):
        return ["<p>" + html.escape(_("No milestones match these filters.")) + "</p>"]
    timeline = timeline_figure(frame, eras=framing.eras, lang=lang, labels=PAGE_LABELS)
    return [
        _chart(timeline, "timeline", timeline_sentence(frame, lang)),
        steps(frame, _("Timeline"), lang),
        '<div class="charts">',
        _chart(state_counts_figure(frame, lang=lang), "states", _("Milestones by state")),
        _chart(sector_counts_figure(frame, lang=lang), "sectors", _("Milestones by sector")),
        "</div>",
    ]


def _about(programme: Programme, version, filters_text: str, lang: str = i18n.ENGLISH) -> str:
    """The line under the intro, as HTML: where the data comes from, what is shown and when the
    file was made (the figures above it say how many changes over which dates)."""
    _ = i18n.translator(lang)
    shown = [_("Showing {filters}").format(filters=filters_text)] if filters_text else []
    made = _("Made {date}").format(date=format_date(local_date(), DAY, lang))
    return about_line(programme, version, *shown, made, lang=lang)


def _chart(fig, name: str, description: str) -> str:
    fig = go.Figure(fig).update_layout(font_family=FONT)  # a copy: the figure is shared
    div = pio.to_html(
        drawable(fig), full_html=False, include_plotlyjs=False, include_mathjax=False, config=CHART_CONFIG,
        div_id=f"chart-{name}",
    )  # fmt: skip
    return f'<figure class="chart-{name}" role="img" aria-label="{html.escape(description)}">{div}</figure>'


def _photo(milestone: pd.Series, picture) -> str:
    """The milestone's picture inside the file (nothing is fetched), with its credit beneath."""
    if picture is None:
        return ""
    return photo_figure(milestone, picture.data_uri(), picture.width, picture.height)
