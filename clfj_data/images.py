"""Charts as PNG or SVG files, drawn by kaleido in the system Chrome or Chromium.

Nothing here downloads a browser: where none is installed, :class:`ImagesUnavailable` says so
plainly and every other export still works. ``BROWSER_PATH`` points at a particular browser.
"""

from __future__ import annotations

import os
import shutil

import plotly.graph_objects as go

FORMATS = ("png", "svg")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class ImagesUnavailable(RuntimeError):
    """No browser to draw images with."""


def image_browser() -> str | None:
    """The browser kaleido will use: ``BROWSER_PATH`` if set, else the first one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def figure_image(fig: go.Figure, fmt: str = "png", width: int = 1400, height: int | None = None) -> bytes:
    """``fig`` drawn as PNG (twice the pixels, for projectors) or SVG."""
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
    fig.update_layout(paper_bgcolor="white", margin_t=max(fig.layout.margin.t or 0, 60))
    height = height or int(fig.layout.height or 600)
    try:
        return fig.to_image(format=fmt, width=width, height=height, scale=2 if fmt == "png" else 1)
    except Exception as error:  # kaleido reports a browser it cannot start in several ways
        raise ImagesUnavailable(f"The browser at {browser} could not draw the image: {error}") from error
