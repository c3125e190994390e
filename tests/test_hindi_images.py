"""Hindi chart images and exports made as a person makes them: kaleido draws Devanagari with a
real font (no missing-glyph boxes), and the command line's ``export --lang hi``."""

import os
import subprocess
import sys
import textwrap

import pytest
from appserver import REPO
from test_app_language import english_left
from test_images import drawn_text

from clfj_data import load_programme
from clfj_data.export import render

pytestmark = pytest.mark.slow

# Two titles of different Devanagari letters, drawn alone: where no font has Devanagari, every
# letter is the same missing-glyph box and the two images are the same, pixel for pixel.
DRAW_TWO_TITLES = textwrap.dedent(
    """
    import plotly.graph_objects as go
    from clfj_data.figure_style import TEMPLATE
    from clfj_data.images import figure_image

    def drawn(text):
        layout = {"template": TEMPLATE, "title": {"text": text, "font": {"size": 40}}}
        return figure_image(go.Figure(layout=layout), "png", 640, 240)

    print("different" if drawn("कखगघङ") != drawn("चछजझञ") else "same")
    """
)


def devanagari_drawn(env: dict | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", DRAW_TWO_TITLES],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_devanagari_in_a_chart_image_is_drawn_not_boxes(kaleido, tmp_path):
    assert devanagari_drawn() == "different"
    # The check fails where the font is missing: with fontconfig shown only DejaVu (no Devanagari).
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    assert devanagari_drawn({"FONTCONFIG_FILE": str(config)}) == "same"


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_hindi_timeline_image_holds_the_hindi_headlines(kaleido, shipped, fmt):
    made = render(fmt, shipped, programme=load_programme(), chart="timeline", lang="hi")
    assert made.file_name.startswith("clfj-timeline-hi-")
    if fmt == "svg":
        text = made.data.decode("utf-8")
        assert "व्यवस्थागत बदलाव की समयरेखा" in text  # the title
        assert "आश्रय गृहों में" in text  # a headline's opening on its marker's label


def test_export_lang_hi_on_the_command_line(tmp_path):
    env = {**os.environ, "CLFJ_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    def export(*options: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "clfj_data", "export", *options]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=180)

    assert export("--format", "html", "--lang", "hi", "-o", str(tmp_path / "hi.html")).returncode == 0
    assert '<html lang="hi">' in (tmp_path / "hi.html").read_text(encoding="utf-8")
    assert export("--format", "html", "-o", str(tmp_path / "en.html")).returncode == 0
    assert '<html lang="en">' in (tmp_path / "en.html").read_text(encoding="utf-8")
    assert export("--format", "timelinejs", "--lang", "hi", "-o", str(tmp_path / "t.json")).returncode == 0
    assert "बाल श्रम मुक्त जयपुर" in (tmp_path / "t.json").read_text(encoding="utf-8")
    refused = export("--format", "html", "--lang", "fr", "-o", str(tmp_path / "fr.html"))
    assert refused.returncode == 2 and "--lang" in refused.stderr and not (tmp_path / "fr.html").exists()


@pytest.mark.parametrize("chart", ["timeline", "counts-state", "counts-sector", "state-sector", "per-year"])
def test_a_hindi_chart_image_writes_no_english_interface_word(kaleido, shipped, chart):
    """Its title, axes, categories, legend, colour bar and source line, as drawn in the SVG."""
    made = render("svg", shipped, programme=load_programme(), chart=chart, lang="hi")
    words = [text for text, _size in drawn_text(made.data)]
    assert any("पड़ाव" in text or "समयरेखा" in text for text in words)  # the check reads the image's words
    assert english_left(words) == []
