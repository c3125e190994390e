"""The edition's timeline across time, for a screen wide enough for lanes: an SVG drawn beforehand
by kaleido, or the app's plotly.js drawing the figure once the page is shown (never on a phone,
which reads the timeline as a list)."""

from __future__ import annotations

import contextlib
import html

import pandas as pd

from . import i18n, webpage
from .charts import timeline_figure, timeline_sentence
from .timeline_labels import PAGE_LABELS

WIDE = "66em"  # from this width the timeline is drawn across time (TIMELINE_WIDTH fits in it)
TIMELINE_WIDTH = 1000

# Draws the timeline across time once the page is shown, and only on a screen wide enough for
# it (a phone never downloads plotly.js): the figure and the library are files beside the page.
TIMELINE_SCRIPT = """(function () {
  var box = document.getElementById("timeline-chart"), wide = window.matchMedia("(min-width: WIDE)");
  if (!box) return;
  function draw() {
    if (!wide.matches || box.dataset.drawn) return;
    box.dataset.drawn = "1";
    var script = document.createElement("script");
    script.src = box.dataset.plotly;
    script.onload = function () {
      fetch(box.dataset.figure).then(function (answer) { return answer.json(); }).then(function (figure) {
        box.textContent = "";
        Plotly.newPlot(box, figure.data, figure.layout, {displaylogo: false, displayModeBar: false});
      });
    };
    document.head.appendChild(script);
  }
  draw();
  wide.addEventListener("change", draw);
})();
""".replace("WIDE", WIDE)


def wide_timeline(frame: pd.DataFrame, timeline: str, asset, lang: str = i18n.ENGLISH) -> str:
    """The timeline across time for a wide screen: drawn after the page by the app's plotly.js,
    or an SVG drawn now (by kaleido)."""
    e = html.escape
    sentence = timeline_sentence(frame, lang)
    fig = timeline_figure(frame, width=TIMELINE_WIDTH, lang=lang, labels=PAGE_LABELS)
    height = int(fig.layout.height)
    fig.update_layout(width=TIMELINE_WIDTH, autosize=False)
    drawn = ""
    if timeline == "svg":
        from .images import ImagesUnavailable, figure_image

        with contextlib.suppress(ImagesUnavailable):  # the browser would not start: the script draws it
            image = figure_image(fig, "svg", width=TIMELINE_WIDTH, height=height)
            drawn = (
                f'<img src="{asset("timeline", "svg", image)}" alt="{e(sentence)}" width="{TIMELINE_WIDTH}" '
                f'height="{height}" loading="lazy">'
            )
    if not drawn:
        spec = asset("timeline", "json", webpage.figure_json(fig).encode("utf-8"))
        library = asset("plotly-charts", "min.js", webpage.plotly_bundle().encode("utf-8"))
        script = asset("edition", "js", TIMELINE_SCRIPT.encode("utf-8"))
        drawn = (
            f'<div id="timeline-chart" role="img" aria-label="{e(sentence)}" style="--height: {height}px" '
            f'data-figure="{spec}" data-plotly="{library}"></div><script src="{script}" defer></script>'
        )
    return f'<figure class="wide-timeline">{drawn}<figcaption>{e(sentence)}</figcaption></figure>'
