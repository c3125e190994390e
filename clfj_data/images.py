"""Charts as PNG or SVG files, drawn by kaleido in the system Chrome or Chromium.

Nothing here downloads a browser: where none is installed, :class:`ImagesUnavailable` says so
plainly and every other export still works. ``BROWSER_PATH`` points at a particular browser.

A process starts one browser, the first time it draws, and keeps it: every image is drawn in
one of its :data:`DRAWN_AT_ONCE` tabs. Starting a browser for each image cost about 10
processes, 1 GB and 2 s, and any visitor could ask for one with a click. Past
:data:`WAITING_AT_MOST` images waiting for a tab, a request gets :class:`ImagesBusy` at once.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import io
import logging
import os
import re
import shutil
import threading

import plotly.graph_objects as go

from . import i18n
from .i18n import N_

FORMATS = ("png", "svg")
# An image is made for a slide: 16:9, with a white border that nothing drawn reaches (Plotly
# sets a tick label against the edge of the image when it grows a margin to fit it).
WIDTH, HEIGHT, BORDER = 1600, 900, 32
BAR_PX = 90  # the thickest a bar is drawn: a few bars in a tall image stay bars, not blocks
# The least size of any text in an image, in pixels: an image is made for a slide, read across a
# room, as the timeline's labels are (label_text.IMAGE_LABELS).
SMALLEST_TEXT = 18
SOURCE_LINE = 30  # pixels at the foot of an image for its source line
TITLE_GAP = 70  # the least room above the plot: its title, then a gap as wide on every chart
LEGEND_ROW = 44  # a legend of one row, in text SMALLEST_TEXT pixels tall, above the plot
TICK_LABELS = 34  # pixels below the plot that an x axis's tick labels take
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


DRAWN_AT_ONCE = 2  # tabs of the one browser, each drawing one image at a time
WAITING_AT_MOST = 4  # images that may wait for a tab; one more is refused as busy
DRAW_TIMEOUT_S = 60  # for one image, waiting included
START_TIMEOUT_S = 60


class ImagesUnavailable(RuntimeError):
    """No browser to draw images with."""


class ImagesBusy(ImagesUnavailable):
    """More images are being drawn and waiting than the server draws at once."""

    def __init__(self):
        super().__init__(N_("Images are being made for other people right now: try again in a moment."))


class _Browser:
    """One browser, started when first needed, drawing at most DRAWN_AT_ONCE images at a time
    from any thread (kaleido's own shared server takes one caller at a time)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._admitted = threading.BoundedSemaphore(DRAWN_AT_ONCE + WAITING_AT_MOST)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self.starts = 0  # browsers started by this process: the tests count them

    def draw(self, spec: dict, opts: dict, path: str) -> bytes:
        if not self._admitted.acquire(blocking=False):
            raise ImagesBusy()
        try:
            loop, kaleido = self._started(path)
            drawing = asyncio.run_coroutine_threadsafe(kaleido.calc_fig(spec, opts=opts), loop)
            try:
                return drawing.result(timeout=DRAW_TIMEOUT_S)
            except BaseException:
                drawing.cancel()
                raise
        finally:
            self._admitted.release()

    def _started(self, path: str):
        with self._lock:
            if self._kaleido is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="clfj-images", daemon=True).start()
                self.starts += 1
                try:
                    opening = asyncio.run_coroutine_threadsafe(_open_kaleido(path), self._loop)
                    self._kaleido = opening.result(timeout=START_TIMEOUT_S)
                except BaseException:
                    self._stop_loop()
                    raise
            return self._loop, self._kaleido

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def warm(self, path: str) -> None:
        """Start the browser on a thread of its own unless it is running or starting: the
        first image asked for then need not wait for it. Still one browser at most."""
        if self.running or self._lock.locked():
            return

        def start():
            try:
                self._started(path)
            except Exception as error:  # the image asked for later says what went wrong
                logging.getLogger(__name__).warning("The browser for images did not start: %s", error)

        threading.Thread(target=start, name="clfj-images-start", daemon=True).start()

    def close(self) -> None:
        """Close the browser (the next image starts a new one)."""
        with self._lock:
            if self._kaleido is not None:
                # A browser that died already has nothing left to close.
                with contextlib.suppress(Exception):
                    asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(timeout=10)
                self._kaleido = None
            self._stop_loop()

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop = None


async def _open_kaleido(path: str):
    from kaleido import Kaleido

    from .image_fonts import use_app_font

    use_app_font()  # the charts' own Source Sans, as a font of the browser about to start
    kaleido = Kaleido(n=DRAWN_AT_ONCE, path=path)
    await kaleido.open()
    return kaleido


browser = _Browser()
atexit.register(browser.close)


def image_browser() -> str | None:
    """The browser kaleido will use: ``BROWSER_PATH`` if set, else the first one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def warm_browser() -> None:
    """Start the browser that draws images in the background, where one is installed (see
    :meth:`_Browser.warm`): called when someone opens a page's image exports."""
    path = image_browser()
    if path is not None:
        browser.warm(path)


def figure_image(
    fig: go.Figure,
    fmt: str = "png",
    width: int = WIDTH,
    height: int = HEIGHT,
    *,
    title: str = "",
    subtitle: str = "",
    source: str = "",
) -> bytes:
    """``fig`` drawn as PNG or SVG, ``width`` by ``height`` pixels (16:9 for a slide unless
    told otherwise), inside a white border of BORDER pixels that nothing drawn reaches. A
    figure that needs more height than that has it: the image is then taller.

    An image travels without the page around it, so it carries its own heading: ``title``
    where the figure has none, ``subtitle`` (what was chosen to draw, say) first under it, and
    ``source`` (where the data comes from) as a line at the foot.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    path = image_browser()
    if path is None:
        raise ImagesUnavailable(
            "Images need Chrome or Chromium, and none is installed here (install Debian's "
            "chromium, or set BROWSER_PATH). The other exports work without it."
        )
    fig = go.Figure(fig)  # a copy: a still image has no use for the range slider
    fig.update_xaxes(rangeslider_visible=False)
    top, bottom = max(fig.layout.margin.t or 0, TITLE_GAP) + _legend_above(fig), fig.layout.margin.b or 0
    if title and not fig.layout.title.text:
        fig.update_layout(title={"text": title, "x": 0, "xref": "paper", "y": 0.98, "yref": "container"})
        top = max(top, 100)  # room for the title above a legend drawn over the plot
    if subtitle:  # before the figure's own (a note on what its bars count)
        below = fig.layout.title.subtitle.text
        fig.update_layout(title_subtitle_text=" · ".join(text for text in (subtitle, below) if text))
        top = max(top, 110)
    needed = int(fig.layout.height or 600) + top - (fig.layout.margin.t or 0)
    if source:
        # Below the x axis's tick labels, in a strip added to the foot of the image.
        fig.add_annotation(
            text=source, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
            yshift=-(TICK_LABELS + 6), showarrow=False, font={"size": SMALLEST_TEXT, "color": "#52606D"},
        )  # fmt: skip
        needed += max(bottom, TICK_LABELS) + SOURCE_LINE - bottom
        bottom = max(bottom, TICK_LABELS) + SOURCE_LINE
    fig.update_layout(paper_bgcolor="white", margin_t=top, margin_b=bottom)
    inner = (width - 2 * BORDER, max(height - 2 * BORDER, needed))
    _slim_bars(fig, inner[1] - top - bottom)
    opts = {"format": fmt, "width": inner[0], "height": inner[1], "scale": 1}
    try:
        drawn = browser.draw(readable(fig.to_dict()), opts, path)
    except ImagesBusy:
        raise
    except Exception as error:  # kaleido reports a browser it cannot start in several ways
        browser.close()  # the next image tries a new one
        if isinstance(error, TimeoutError):  # not drawn in DRAW_TIMEOUT_S: the machine is too busy
            raise ImagesBusy() from error
        raise ImagesUnavailable(f"The browser at {path} could not draw the image: {error}") from error
    return _framed_png(drawn) if fmt == "png" else _framed_svg(drawn, inner)


def _legend_above(fig: go.Figure) -> int:
    """Move a legend drawn under the plot to above it, and give the pixels it takes there: under
    the plot it stands apart from its chart, past the source line at the foot of the image."""
    legend = fig.layout.legend
    if legend.orientation != "h" or legend.y is None or legend.y >= 0:
        return 0
    fig.update_layout(legend={"x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom"})
    return LEGEND_ROW


def readable(spec: dict, smallest: float = SMALLEST_TEXT) -> dict:
    """A figure's dict (``Figure.to_dict()``) with every text at least ``smallest`` pixels: its
    base font (which axes, legends, titles and bar labels follow where they set no size of their
    own) and every font set smaller (an axis's ticks, a colour bar's, an annotation's). The app's
    charts keep their sizes; an image is read from further away."""
    layout = spec.setdefault("layout", {})
    layout.setdefault("font", {})["size"] = max(layout.get("font", {}).get("size") or 0, smallest)
    _raise_fonts(spec, smallest)
    return spec


def _raise_fonts(node, smallest: float) -> None:
    if isinstance(node, list):
        for item in node:
            _raise_fonts(item, smallest)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key.endswith("font") and isinstance(value, dict) and value.get("size") is not None:
            size = value["size"]
            size = size.tolist() if hasattr(size, "tolist") else size  # a size per point, as an array
            if isinstance(size, list):
                value["size"] = [max(each, smallest) for each in size]
            else:
                value["size"] = max(size, smallest)
        _raise_fonts(value, smallest)


def _slim_bars(fig: go.Figure, plot_height: float) -> None:
    """Horizontal bars no thicker than BAR_PX, however few there are to fill a 16:9 image."""
    rows = max((len(t.y) for t in fig.data if t.type == "bar" and t.orientation == "h" and t.y is not None),
               default=0)  # fmt: skip
    if rows:
        fig.update_layout(bargap=max(fig.layout.bargap or 0.2, 1 - BAR_PX * rows / plot_height))


def _framed_png(drawn: bytes) -> bytes:
    """The PNG ``drawn`` inside a white border of BORDER pixels."""
    from PIL import Image

    inside = Image.open(io.BytesIO(drawn)).convert("RGB")
    framed = Image.new("RGB", (inside.width + 2 * BORDER, inside.height + 2 * BORDER), "white")
    framed.paste(inside, (BORDER, BORDER))
    out = io.BytesIO()
    framed.save(out, format="PNG")  # optimize=True cost 3x the CPU for 1 % of the bytes
    return out.getvalue()


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def _framed_svg(drawn: bytes, inner: tuple[int, int]) -> bytes:
    """The SVG ``drawn`` (``inner`` pixels) placed inside a white border of BORDER pixels."""
    width, height = inner[0] + 2 * BORDER, inner[1] + 2 * BORDER
    start = _SVG_OPEN.search(drawn).start()  # after any XML declaration
    outer = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="white"/>'
    ).encode()
    # The drawing, moved in by the border: an <svg> inside another is placed by its x and y.
    inside = drawn[start:].replace(b"<svg", f'<svg x="{BORDER}" y="{BORDER}"'.encode(), 1)
    return drawn[:start] + outer + inside + b"</svg>"


def source_line(programme, lang: str = i18n.ENGLISH) -> str:
    """Where a chart's data comes from, for the foot of an image: the programme's results page."""
    _ = i18n.translator(lang)
    return _("Source: {name} {heading} page, {url}").format(
        name=programme.name, heading=programme.heading.lower(), url=programme.source_url
    )
