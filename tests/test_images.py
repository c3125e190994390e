"""Chart images (PNG and SVG) through kaleido, and a plain answer where it has no browser."""

import html
import io
import re
import threading
import time
from xml.etree import ElementTree

import plotly.graph_objects as go
import pytest
from appserver import wait_until
from PIL import Image, ImageOps

from clfj_data import load_programme
from clfj_data.charts import state_counts_figure, state_sector_figure, timeline_figure
from clfj_data.export import render
from clfj_data.filters import Filters, apply_filters
from clfj_data.images import (
    DRAWN_AT_ONCE,
    WAITING_AT_MOST,
    ImagesBusy,
    ImagesUnavailable,
    browser,
    figure_image,
    image_browser,
    readable,
    warm_browser,
)
from clfj_data.translation import draft_line


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_chart_images_are_what_they_claim(kaleido, shipped, fmt):
    image = figure_image(timeline_figure(shipped), fmt)
    assert image.startswith(b"\x89PNG\r\n\x1a\n") if fmt == "png" else b"<svg" in image[:200]


@pytest.mark.unit
def test_without_a_browser_images_say_so_plainly(monkeypatch, shipped):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert image_browser() is None
    with pytest.raises(ImagesUnavailable, match="Chrome or Chromium"):
        figure_image(state_counts_figure(shipped), "png")


@pytest.mark.slow
def test_images_drawn_at_once_share_one_browser_and_the_rest_are_told_to_wait(kaleido, shipped):
    """Ten requests at once: one browser started, at most DRAWN_AT_ONCE + WAITING_AT_MOST drawn,
    the others refused at once with a plain sentence (no browser each, as before)."""
    figure_image(state_counts_figure(shipped), "svg")  # the browser, started
    started = browser.starts
    figure = timeline_figure(shipped)
    outcomes: list[object] = []

    def draw() -> None:
        try:
            outcomes.append(figure_image(figure, "png"))
        except ImagesBusy as busy:
            outcomes.append(str(busy))

    threads = [threading.Thread(target=draw) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert browser.starts == started
    drawn = [o for o in outcomes if isinstance(o, bytes)]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert len(drawn) >= DRAWN_AT_ONCE and len(drawn) <= DRAWN_AT_ONCE + WAITING_AT_MOST
    assert len(drawn) + len(refused) == 10
    assert all(image.startswith(b"\x89PNG") for image in drawn)
    assert all(
        text == "Images are being made for other people right now: try again in a moment." for text in refused
    )


@pytest.mark.slow
def test_a_browser_that_died_is_replaced_for_the_next_image(kaleido, shipped):
    figure_image(state_counts_figure(shipped), "svg")
    browser.close()
    started = browser.starts
    assert figure_image(state_counts_figure(shipped), "svg").lstrip().startswith(b"<svg")
    assert browser.starts == started + 1


@pytest.mark.slow
def test_opening_the_exports_starts_the_one_browser_ahead_of_the_first_image(kaleido, shipped):
    browser.close()
    started = browser.starts
    for _ in range(3):  # a page's exports opened three times: one browser, started once
        warm_browser()
    wait_until(lambda: browser.running, 60, "the exports' browser did not start")
    assert browser.starts == started + 1
    began = time.monotonic()
    assert figure_image(state_counts_figure(shipped), "png").startswith(b"\x89PNG")
    assert browser.starts == started + 1  # the first image used it, and started no other
    warm_browser()  # running already: nothing more
    assert browser.starts == started + 1
    assert time.monotonic() - began < 30


@pytest.mark.slow
@pytest.mark.parametrize(("chart", "lane"), [("counts-state", "sector"), ("counts-sector", "sector"),
                                             ("timeline", "state"), ("timeline", "sector")])  # fmt: skip
def test_an_image_is_16_by_9_and_nothing_drawn_touches_its_edge(kaleido, shipped, chart, lane):
    made = render("png", shipped, programme=load_programme(), chart=chart, lane=lane)
    image = Image.open(io.BytesIO(made.data)).convert("L")
    assert image.size == (1600, 900)
    width, height = image.size
    border = [image.crop(box) for box in ((0, 0, width, 24), (0, height - 24, width, height),
                                          (0, 0, 24, height), (width - 24, 0, width, height))]  # fmt: skip
    assert all(strip.getextrema() == (255, 255) for strip in border)  # white all round
    # Not a blank frame: the chart reaches towards every side of it.
    left, top, right, bottom = ImageOps.invert(image).getbbox()
    assert left < 0.1 * width and right > 0.85 * width and top < 0.1 * height and bottom > 0.85 * height


@pytest.mark.slow
def test_an_svg_is_16_by_9_with_the_chart_inside_its_border(kaleido, shipped):
    made = render("svg", shipped, programme=load_programme(), chart="counts-state")
    outer = ElementTree.fromstring(made.data)
    assert (outer.get("width"), outer.get("height")) == ("1600", "900")
    inner = outer.find("{http://www.w3.org/2000/svg}svg")
    assert (inner.get("x"), inner.get("y")) == ("32", "32") and inner.get("width") == "1536"


SVG = "{http://www.w3.org/2000/svg}"
FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)px")


def drawn_text(svg: bytes) -> list[tuple[str, float]]:
    """Each text an SVG image writes, with the size it is drawn at (its own, else its parent's)."""
    sizes: list[tuple[str, float]] = []

    def walk(element, inherited: float | None) -> None:
        found = FONT_SIZE.search(element.get("style", ""))
        size = float(found[1]) if found else inherited
        if element.tag == f"{SVG}text":
            words = "".join(element.itertext()).strip()
            if words:
                sizes.append((words, size))
            return
        for child in element:
            walk(child, size)

    walk(ElementTree.fromstring(svg), None)
    return sizes


@pytest.mark.slow
@pytest.mark.parametrize("chart", ["timeline", "counts-state", "counts-sector", "state-sector", "per-year"])
def test_every_text_of_a_chart_image_is_at_least_18_px(kaleido, shipped, chart):
    """An image is made for a slide: its axes, categories, counts and source read across a room."""
    made = render("svg", shipped, programme=load_programme(), chart=chart)
    texts = drawn_text(made.data)
    assert any("Source:" in words for words, _ in texts)  # the check reads the image's own words
    small = [(words, size) for words, size in texts if size is None or size < 18]
    assert small == []


@pytest.mark.unit
def test_the_size_check_finds_text_drawn_smaller():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><g style="font-size: 12px"><text>Bihar</text></g>'
        b'<text style="font-family: x; font-size: 18px">Rajasthan</text></svg>'
    )
    assert drawn_text(svg) == [("Bihar", 12.0), ("Rajasthan", 18.0)]


@pytest.mark.slow
def test_the_timeline_image_is_titled_with_the_programmes_name(kaleido, shipped):
    made = render("svg", shipped, programme=load_programme(), chart="timeline")
    titles = [words for words, _ in drawn_text(made.data)]
    assert "Child Labour Free Jaipur: Systemic change timeline" in titles


def font_sizes(node) -> list[float]:
    if isinstance(node, list):
        return [size for item in node for size in font_sizes(item)]
    if not isinstance(node, dict):
        return []
    own = [v["size"] for k, v in node.items() if k.endswith("font") and isinstance(v, dict) and "size" in v]
    return own + [size for value in node.values() for size in font_sizes(value)]


@pytest.mark.unit
def test_an_images_fonts_are_raised_to_18_px_and_the_apps_figure_keeps_its_own(shipped):
    figure = state_sector_figure(shipped)
    spec = readable(figure.to_dict())
    assert spec["layout"]["font"]["size"] == 18 and min(font_sizes(spec)) >= 18
    assert figure.data[0].colorbar.tickfont.size == 13  # the app's chart, as it was


WORDS = "Milestones by sector"


def ink_width(png: bytes) -> int:
    """How wide the dark pixels of an image run, left to right."""
    gray = ImageOps.invert(Image.open(io.BytesIO(png)).convert("L"))
    return gray.point(lambda v: 255 if v > 96 else 0).getbbox()[2] - gray.getbbox()[0]


@pytest.mark.slow
def test_chart_images_are_set_in_the_apps_own_font(kaleido, shipped):
    """The charts' first font, Source Sans, names every text of an SVG and draws a PNG's: not
    the Liberation Sans the browser fell back to."""
    from clfj_data.figure_style import TEMPLATE
    from clfj_data.text_width import APP, SYSTEM

    svg = html.unescape(figure_image(state_counts_figure(shipped), "svg").decode())
    families = {family.strip() for family in re.findall(r"font-family:([^;]+);", svg)}
    assert families and all(family.startswith('"Source Sans"') for family in families), families
    title = {"text": WORDS, "font": {"size": 80, "color": "black"}}
    hidden = {"visible": False}
    words = go.Figure(layout={"template": TEMPLATE, "title": title, "xaxis": hidden, "yaxis": hidden})
    drawn = ink_width(figure_image(words, "png"))
    source_sans, liberation = APP.width(WORDS, 80), SYSTEM.width(WORDS, 80)
    assert abs(drawn - source_sans) <= 0.03 * source_sans, (drawn, source_sans, liberation)
    assert abs(drawn - liberation) > 0.05 * liberation


@pytest.mark.slow
@pytest.mark.parametrize("chart", ["counts-state", "state-sector", "timeline"])
def test_a_filtered_charts_image_says_which_filter_under_its_title(kaleido, shipped, chart):
    rajasthan = Filters(states=("Rajasthan",))
    made = render("svg", apply_filters(shipped, rajasthan), programme=load_programme(), filters=rajasthan,
                  chart=chart)  # fmt: skip
    shown = " ".join(words for words, _ in drawn_text(made.data))
    assert "Filters: Rajasthan" in shown
    every = render("svg", shipped, programme=load_programme(), chart=chart)
    assert "Filters" not in " ".join(words for words, _ in drawn_text(every.data))


@pytest.mark.slow
def test_the_heat_maps_image_leaves_a_cell_that_counts_nothing_blank(kaleido, shipped):
    made = render("svg", shipped, programme=load_programme(), chart="state-sector")
    cells = ElementTree.fromstring(made.data).find(f".//{SVG}g[@class='heatmaplayer mlayer']")
    written = ["".join(text.itertext()) for text in cells.iter(f"{SVG}text")]
    assert "1" in written and "0" not in written and "" not in written


SVG = "{http://www.w3.org/2000/svg}"


def chart_parts(svg: bytes) -> dict[str, float]:
    """Where an image's parts stand, in pixels from the top of its drawing: its title's line, the
    top and bottom of its plot, its legend's top, and its source line."""
    root = ElementTree.fromstring(svg)
    numbers = lambda text: [float(n) for n in re.findall(r"-?[\d.]+", text or "")]  # noqa: E731
    groups = list(root.iter(f"{SVG}g"))
    plot = next(g for g in groups if g.get("class") == "xy" and g.get("transform"))
    top = numbers(plot.get("transform"))[1]
    height = next(
        float(clip[0].get("height"))
        for clip in root.iter(f"{SVG}clipPath")
        if clip.get("id", "").endswith("xyplot")
    )
    title = next(g for g in groups if "g-gtitle" in (g.get("class") or ""))
    parts = {
        "title": float(next(title.iter(f"{SVG}text")).get("y")),
        "plot_top": top,
        "plot_bottom": top + height,
    }
    legends = [g for g in groups if g.get("class") == "legend"]
    if legends:
        parts["legend"] = numbers(legends[0].get("transform"))[1]
    source = next(
        g
        for g in groups
        if "annotation-text-g" in (g.get("class") or "") and "Source:" in "".join(g.itertext())
    )
    parts["source"] = numbers(source.get("transform"))[2]
    return parts


@pytest.mark.slow
def test_a_charts_legend_stands_with_it_and_its_source_line_comes_last(kaleido, shipped):
    parts = chart_parts(render("svg", shipped, programme=load_programme(), chart="per-year").data)
    assert parts["title"] < parts["legend"] < parts["plot_top"]  # above the bars, under the title
    assert parts["source"] > parts["plot_bottom"] > parts["legend"]  # the source line last


@pytest.mark.slow
def test_the_heat_map_has_as_much_room_under_its_title_as_the_other_charts(kaleido, shipped):
    def room(chart: str) -> float:
        parts = chart_parts(render("svg", shipped, programme=load_programme(), chart=chart).data)
        return parts["plot_top"] - parts["title"]

    assert room("state-sector") == room("counts-sector") >= 30


@pytest.mark.slow
def test_an_image_keeps_the_draft_translation_in_its_source_line(kaleido, shipped):
    svg = render("svg", shipped, programme=load_programme(), chart="per-year", lang="hi").data.decode()
    assert svg.count(html.escape(draft_line("hi"))) == 1  # an image travels alone: it says so itself
