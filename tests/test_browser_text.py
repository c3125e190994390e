"""The widths the timeline's labels are laid out with (clfj_data.text_width, Pillow) against the
widths Chromium draws: in the app's Source Sans (the very file Streamlit serves), and in what
Chromium falls back to for the charts' font where Source Sans is not installed (an image, the
offline report). docs/TIMELINE.md records the figures."""

import pytest
from appserver import REPO, fresh_page, require_browser

from clfj_data import load_milestones, shipped_milestones_path
from clfj_data.figure_style import FONT
from clfj_data.text_width import APP, SYSTEM

pytestmark = pytest.mark.browser
require_browser()

SHIPPED = load_milestones(shipped_milestones_path()).milestones
TEXTS = [*SHIPPED["title"], "Mar 2021 · Courts", "बाल श्रम मुक्त जयपुर: न्यायालय बच्चों की गवाही सुनते हैं"]
TOLERANCE = 0.01  # of the width: 1 %, 3 px on a 300 px label, which the labels' gap (8 px) absorbs

MEASURE = """([family, size, weight, texts]) => {
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${weight} ${size}px ${family}`;
    return texts.map(text => context.measureText(text).width);
}"""
SVG_WIDTHS = """([family, size, texts]) => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    document.body.appendChild(svg);
    return texts.map(text => {
        const node = document.createElementNS('http://www.w3.org/2000/svg', 'text');
        node.setAttribute('style', `font-family: ${family}; font-size: ${size}px`);
        node.textContent = text;
        svg.appendChild(node);
        return node.getBBox().width;
    });
}"""


def source_sans_page(page):
    """A page with Streamlit's Source Sans loaded from its own file, named as the app names it."""
    font = APP.chosen[0]
    page.set_content(
        f"<style>@font-face {{ font-family: 'Source Sans'; src: url('{font.as_uri()}'); "
        "font-weight: 200 900; }</style><p style=\"font-family: 'Source Sans'\">a</p>"
    )
    page.evaluate("() => document.fonts.load('12px \"Source Sans\"').then(() => document.fonts.ready)")


def differences(measured, drawn):
    return [abs(a - b) / b for a, b in zip(measured, drawn, strict=True) if b]


@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_pillow_measures_the_apps_source_sans_as_chromium_draws_it(browser, weight):
    with fresh_page(browser, 800, 600) as page:
        page.goto(REPO.as_uri())  # a file page, so that the font file may load
        source_sans = page
        source_sans_page(source_sans)
        drawn = page.evaluate(MEASURE, [FONT, 12, weight, TEXTS[:-1]])
    measured = [APP.width(text, 12, bold=weight == "bold") for text in TEXTS[:-1]]
    assert max(differences(measured, drawn)) <= TOLERANCE


def test_pillow_measures_the_fallback_for_images_as_chromium_draws_it(browser):
    """Without Source Sans, Chromium draws FONT in Liberation Sans (Helvetica and Arial's
    stand-in): as kaleido draws an image, and SVG text's boxes agree with the canvas."""
    with fresh_page(browser, 800, 600) as page:
        page.set_content("<p>a</p>")
        drawn = page.evaluate(MEASURE, [FONT, 18, "normal", TEXTS[:-1]])
        boxes = page.evaluate(SVG_WIDTHS, [FONT, 18, TEXTS[:-1]])
    measured = [SYSTEM.width(text, 18) for text in TEXTS[:-1]]
    assert max(differences(measured, drawn)) <= TOLERANCE
    assert max(differences(measured, boxes)) <= TOLERANCE


def test_devanagari_is_measured_as_chromium_draws_it(browser):
    """Hindi headlines: neither Latin font has Devanagari, so Chromium falls back to Noto Sans
    Devanagari, and Pillow measures with it (shaped, conjuncts and all)."""
    with fresh_page(browser, 800, 600) as page:
        page.set_content("<p>a</p>")
        drawn = page.evaluate(MEASURE, [FONT, 12, "normal", TEXTS[-1:]])
    assert max(differences([SYSTEM.width(TEXTS[-1], 12)], drawn)) <= 0.03
