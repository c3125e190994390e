"""Chart images (PNG and SVG) through kaleido, and a plain answer where it has no browser."""

import pytest

from clfj_data.charts import state_counts_figure, timeline_figure
from clfj_data.images import ImagesUnavailable, figure_image, image_browser


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
