"""Charts as PNG or SVG files, drawn by kaleido in the system Chrome or Chromium.

Nothing here downloads a browser: where none is installed, :class:`ImagesUnavailable` says so
plainly and every other export still works. ``BROWSER_PATH`` points at a particular browser.
"""

from __future__ import annotations

import os
import shutil

import plotly.graph_objects as go

FORMATS = ("png", "svg")
SOURCE_LINE = 30  # pixels at the foot of an image for its source line
TICK_LABELS = 34  # pixels below the plot that an x axis's tick labels take
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class ImagesUnavailable(RuntimeError):
    """No browser to draw images with."""


def image_browser() -> str | None:
    """The browser kaleido will use: ``BROWSER_PATH`` if set, else the first one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def figure_image(
    fig: go.Figure,
    fmt: str = "png",
    width: int = 1400,
    height: int | None = None,
    *,
    title: str = "",
    source: str = "",
) -> bytes:
    """``fig`` drawn as PNG (twice the pixels, for projectors) or SVG.

    An image travels without the page around it, so it carries its own heading: ``title``
    where the figure has none, and ``source`` (where the data comes from) as a line at the foot.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    browser = image_browser()
    if browser is None:
        raise ImagesUnavailable(
            "Images need Chrome or Chromium, and none is installed here (install Debian's "
            "chromium, or set BROWSER_PATH). The other exports work without it."
        )
    fig = go.Figure(fig)  # a copy: a still image has no use for the range slider
    fig.update_xaxes(rangeslider_visible=False)
    top, bottom = max(fig.layout.margin.t or 0, 60), fig.layout.margin.b or 0
    if title and not fig.layout.title.text:
        fig.update_layout(title={"text": title, "x": 0, "xref": "paper", "y": 0.98, "yref": "container"})
        top = max(top, 100)  # room for the title above a legend drawn over the plot
    height = height or int(fig.layout.height or 600)
    if source:
        # Below the x axis's tick labels, in a strip added to the foot of the image.
        fig.add_annotation(
            text=source, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
            yshift=-(TICK_LABELS + 6), showarrow=False, font={"size": 12, "color": "#52606D"},
        )  # fmt: skip
        height += max(bottom, TICK_LABELS) + SOURCE_LINE - bottom
        bottom = max(bottom, TICK_LABELS) + SOURCE_LINE
    fig.update_layout(paper_bgcolor="white", margin_t=top, margin_b=bottom)
    try:
        return fig.to_image(format=fmt, width=width, height=height, scale=2 if fmt == "png" else 1)
    except Exception as error:  # kaleido reports a browser it cannot start in several ways
        raise ImagesUnavailable(f"The browser at {browser} could not draw the image: {error}") from error


def source_line(programme) -> str:
    """Where a chart's data comes from, for the foot of an image: the programme's results page."""
    return f"Source: {programme.name} {programme.heading.lower()} page, {programme.source_url}"
