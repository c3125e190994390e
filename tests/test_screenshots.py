"""Every screenshot the README shows is of a page fully drawn: text on it, and the charts of the
pages that have them, never a blank page or a loading skeleton (docs/screenshots.py waits for
all of it)."""

import re

import pytest
from appserver import REPO
from PIL import Image

from clfj_data.sectors import SECTOR_COLOURS

pytestmark = pytest.mark.unit

SHOWN = re.findall(r"\((docs/screenshots/[\w-]+\.png)\)", (REPO / "README.md").read_text())
WITH_CHARTS = {"overview", "timeline", "breakdown"}


def ink(image: Image.Image) -> float:
    """The share of pixels dark enough to be text."""
    grey = image.convert("L").resize((image.width // 2, image.height // 2))
    histogram = grey.histogram()
    return sum(histogram[:110]) / (grey.width * grey.height)


def chart_pixels(image: Image.Image) -> int:
    """Pixels in one of the sector colours the charts draw with (a skeleton has none)."""
    colours = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in SECTOR_COLOURS.values()]
    small = image.convert("RGB").resize((image.width // 2, image.height // 2), Image.NEAREST)
    counts = small.getcolors(small.width * small.height)
    return sum(
        count
        for count, pixel in counts
        if any(sum(abs(a - b) for a, b in zip(pixel, colour, strict=True)) < 24 for colour in colours)
    )


def test_the_readme_shows_every_page():
    assert {p.rsplit("/", 1)[1][:-4] for p in SHOWN} == {
        "overview", "timeline", "breakdown", "milestones", "story", "data",
    }  # fmt: skip


@pytest.mark.parametrize("path", SHOWN)
def test_a_screenshot_is_of_a_page_fully_drawn(path):
    image = Image.open(REPO / path)
    assert ink(image) > 0.002, f"{path} has almost no text on it: blank, or a loading skeleton"
    if path.rsplit("/", 1)[1][:-4] in WITH_CHARTS:
        assert chart_pixels(image) > 200, f"{path} shows no chart drawn"
