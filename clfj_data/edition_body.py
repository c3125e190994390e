"""What the edition's page tells, in its order: the masthead with the key figures, the timeline,
every milestone with why it matters, the counts as bars drawn in HTML, and the footer."""

from __future__ import annotations

import html

import pandas as pd

from . import i18n, webpage
from .counts import TWO_STATES_NOTE, count_by_sector, count_by_state, names_two_states
from .dates import DAY, format_date
from .sectors import sector_colour
from .story import story_order
from .summary import key_figures
from .tables import local_date
from .translation import any_draft, draft_line
from .wording import key_figures_sentence, plural


def page_body(
    frame: pd.DataFrame, programme, version, photos, wide: str, dashboard_url: str, lang: str = i18n.ENGLISH
) -> str:
    """The page's ``<body>`` in ``lang``: ``frame`` and ``programme`` already in that language,
    ``photos`` each milestone's (path, photo) by file name, ``wide`` the wide screen's timeline
    and ``dashboard_url`` where "Explore the data" leads."""
    e, _ = html.escape, i18n.translator(lang)
    articles = [
        webpage.milestone_article(m, _photo(m, photos.get(m["image"])), lang=lang)
        for _position, m in story_order(frame).iterrows()
    ]
    published = (
        _("Version {version}, published {date}.").format(
            version=version.version, date=format_date(local_date(version.published_at), DAY, lang)
        )
        if version is not None
        else ""
    )
    timeline = (
        [f"<h2>{e(programme.timeline_heading)}</h2>", wide, webpage.steps(frame, _("Timeline"), lang)]
        if len(frame)
        else ["<p>" + e(_("No milestones are published yet.")) + "</p>"]
    )
    translated = lang != i18n.ENGLISH
    draft = [f'<p class="draft">{e(draft_line(lang))}</p>'] if translated and (
        programme.is_draft or any_draft(frame)
    ) else []  # fmt: skip
    figures_sentence = e(key_figures_sentence(key_figures(frame, lang), lang))
    return "\n".join(
        [
            '<header class="masthead"><div class="wrap">',
            f'<p class="kicker">{e(programme.name)}</p>',
            f"<h1>{e(programme.heading)}: {e(systemic_changes(len(frame), lang))}</h1>",
            f'<p class="intro">{e(programme.intro)}</p>',
            f'<p class="partnership">{e(programme.partnership)}</p>',
            *draft,
            _figures(frame, lang),
            f'<p class="explore"><a href="{e(dashboard_url)}">' + e(_("Explore the data")) + "</a></p>",
            "</div></header>",
            '<main class="wrap">',
            *timeline,
            "<h2>" + e(_("The milestones")) + "</h2>",
            '<p class="lede">' + e(_("In the order they happened, each with why it matters.")) + "</p>",
            *articles,
            *([_counts(frame, lang)] if len(frame) else []),
            "</main>",
            '<footer><div class="wrap">',
            f'<p class="meta">{figures_sentence}</p>',
            f'<p class="meta">{webpage.about_line(programme, version, lang=lang)}</p>',
            f'<p class="meta">{webpage.source_line(programme, lang)}</p>',
            *([f'<p class="meta">{e(published)}</p>'] if published else []),
            f'<p class="meta"><a href="{e(dashboard_url)}">'
            + e(_("Explore the data: filter, search and download every milestone"))
            + "</a></p>",
            "</div></footer>",
        ]
    )


def systemic_changes(count: int, lang: str) -> str:
    """``10 systemic changes`` in ``lang``."""
    if lang == i18n.ENGLISH:
        return plural(count, "systemic change")
    ngettext = i18n.plural_translator(lang)
    return ngettext("{count} systemic change", "{count} systemic changes", count).format(
        count=i18n.format_number(count, lang)
    )


def _figures(frame: pd.DataFrame, lang: str = i18n.ENGLISH) -> str:
    """The key figures, as the overview shows them."""
    if frame.empty:
        return ""
    figures = key_figures(frame)
    _ = i18n.translator(lang)
    cards = [
        (str(figures.changes), _("Systemic changes")),
        (str(figures.states), _("States") if figures.states != 1 else _("State")),
        (str(figures.sectors), _("Sectors") if figures.sectors != 1 else _("Sector")),
        (figures.years, _("From first to latest change")),
    ]
    e = html.escape
    items = "".join(f"<li><b>{e(value)}</b> <span>{e(label)}</span></li>" for value, label in cards)
    label = e(_("Key figures"))
    return f'<ul class="figures" aria-label="{label}">{items}</ul>'


def _counts(frame: pd.DataFrame, lang: str = i18n.ENGLISH) -> str:
    """Counts by state and by sector, as tables whose rows carry a bar: text a phone lays out."""
    _ = i18n.translator(lang)
    states = count_by_state(frame)
    sectors = count_by_sector(frame)
    note = f'<p class="note">{html.escape(_(TWO_STATES_NOTE))}</p>' if names_two_states(frame) else ""
    return "\n".join(
        [
            "<h2>" + html.escape(_("By state and by sector")) + "</h2>",
            '<div class="bars-grid">',
            "<div>" + _bars(_("Milestones by state"), _("State"), states["state"], states["milestones"],
                            ["#0072B2"] * len(states), lang) + note + "</div>",
            "<div>" + _bars(_("Milestones by sector"), _("Sector"), sectors["sector"], sectors["milestones"],
                            [sector_colour(s) for s in sectors["sector"]], lang) + "</div>",
            "</div>",
        ]
    )  # fmt: skip


def _bars(caption: str, label: str, names, counts, colours, lang: str = i18n.ENGLISH) -> str:
    e, _ = html.escape, i18n.translator(lang)
    names, milestones = [_(str(name)) for name in names], _("Milestones")
    most = max([*counts, 1])
    rows = "".join(
        f'<tr><th scope="row">{e(str(name))}</th><td><span class="bar" aria-hidden="true" '
        f'style="width: {70 * count / most:.1f}%; background: {colour}"></span>{count}</td></tr>'
        for name, count, colour in zip(names, counts, colours, strict=True)
    )
    return (
        f'<table class="bars"><caption>{e(caption)}</caption><thead><tr><th scope="col">{e(label)}</th>'
        f'<th scope="col">{e(milestones)}</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _photo(milestone: pd.Series, found) -> str:
    if found is None:
        return ""
    path, photo = found
    return webpage.photo_figure(milestone, path, photo.width, photo.height, lazy=True)
