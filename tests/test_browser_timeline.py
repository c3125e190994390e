"""The Timeline page's chart as a program manager reads it: each label inside its own lane's
band, a range slider whose grips read as handles, and none where there is nothing to zoom.

Runs against ``streamlit run`` in the system Chromium, at a laptop's, a projector's and a
phone's size.
"""

import itertools

import pytest
from appserver import chart, fresh_page, open_page, require_browser

from clfj_data import load_milestones, shipped_milestones_path

pytestmark = pytest.mark.browser
playwright_api = require_browser()

SHIPPED = load_milestones(shipped_milestones_path()).milestones
SIZES = [(1400, 900), (1280, 720), (390, 844)]
LANES = {  # how many lanes each way ("Not specified" is a state lane)
    "sector": SHIPPED["sector"].nunique(),
    "state": len({state for states in SHIPPED["states"] for state in states})
    + bool((SHIPPED["states"].map(len) == 0).any()),
}

# The lanes' bands, top to bottom, and each label (a milestone's, or a lane's name on a phone)
# with where it belongs: its marker's line (the leader's end, or the line it stands on), or for
# a lane's name the top of the lane it names. All in pixels of the window. The y axis counts
# pixels from the plot's top.
LANES_AND_LABELS = """() => {
    const plot = document.querySelector('.st-key-timeline_chart .js-plotly-plot');
    const top = plot.getBoundingClientRect().top + plot._fullLayout._size.t;
    const shapes = plot.layout.shapes || [];
    const bands = shapes.filter(s => s.name === 'lane band')
        .map(s => ({top: top + s.y0, bottom: top + s.y1, fill: s.fillcolor}));
    const lines = shapes.filter(s => s.name === 'between lanes').map(s => top + s.y0);
    const labels = [];
    (plot.layout.annotations || []).forEach((a, i) => {
        if (!a.name) return;  // an era's name, above the lanes
        const drawn = plot.querySelector(`.annotation[data-index="${i}"] rect.bg`).getBoundingClientRect();
        const lane = a.name.startsWith('lane: ');
        labels.push({name: a.name, at: top + a.y + (lane ? 1 : 0), top: drawn.top, bottom: drawn.bottom});
    });
    const markers = [...plot.querySelectorAll('.cartesianlayer .scatterlayer .point')].map(p => {
        const box = p.getBoundingClientRect();
        return (box.top + box.bottom) / 2;
    });
    return {bands, lines, labels, markers};
}"""


@pytest.mark.parametrize("lanes", ["sector", "state"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_label_lies_inside_its_own_lanes_band(server, browser, width, height, lanes):
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/timeline?lanes={lanes}")
        chart(page, "timeline_chart").locator(".main-svg").first.wait_for()
        found = page.evaluate(LANES_AND_LABELS)
        bands, labels = found["bands"], found["labels"]
        assert len(bands) == LANES[lanes]  # a band a lane
        # One after the other, every other one shaded, a line between two.
        for above, below in itertools.pairwise(bands):
            assert above["bottom"] == pytest.approx(below["top"], abs=0.5)
            assert above["fill"] != below["fill"]
        assert found["lines"] == pytest.approx([band["bottom"] for band in bands[:-1]], abs=0.5)
        assert all(any(b["top"] < y < b["bottom"] for b in bands) for y in found["markers"])
        milestones = [label for label in labels if not label["name"].startswith("lane: ")]
        assert len(milestones) >= len(SHIPPED)  # every marker labelled, on a phone too
        for label in labels:
            (own,) = [band for band in bands if band["top"] <= label["at"] < band["bottom"]]
            assert own["top"] - 0.5 <= label["top"] and label["bottom"] <= own["bottom"] + 0.5, (
                f"{label['name']} reaches out of its lane's band at {width}x{height}"
            )


def test_the_range_sliders_grips_read_as_handles(server, browser):
    with fresh_page(browser, 1400, 900) as page:
        open_page(page, f"{server}/timeline")
        grips = chart(page, "timeline_chart").locator(".rangeslider-handle-min, .rangeslider-handle-max")
        assert grips.count() == 2
        for grip in grips.all():
            style = grip.evaluate("g => { const s = getComputedStyle(g); return [s.fill, s.width]; }")
            assert style == ["rgb(0, 114, 178)", "8px"]  # solid, in the app's blue, not an empty box


@pytest.mark.parametrize(
    ("query", "count"), [("sector=Education", 1), ("from=2022-03&to=2022-03", 2)], ids=["one", "one date"]
)
def test_a_timeline_of_one_date_has_no_range_slider_and_no_word_of_one(server, browser, query, count):
    with fresh_page(browser, 1280, 720) as page:
        open_page(page, f"{server}/timeline?{query}")
        timeline = chart(page, "timeline_chart")
        timeline.locator(".main-svg").first.wait_for()
        assert timeline.locator(".cartesianlayer .scatterlayer .point").count() == count
        assert timeline.locator(".rangeslider-container").count() == 0
        caption = page.locator("[data-testid='stCaptionContainer']", has_text="A timeline of").inner_text()
        assert "slider" not in caption and "pan" not in caption.lower()
        assert "Select a marker to read more." in caption
        open_page(page, f"{server}/timeline")  # every milestone: the slider and its words are back
        slider = chart(page, "timeline_chart").locator(".rangeslider-container")
        playwright_api.expect(slider).to_have_count(1)
        assert page.get_by_text("use the slider below to zoom").count() == 1


# Each option of the lanes switch whose words do not show in full: cut off by its own box, or by
# the column the switch stands in.
CUT_OPTIONS = """() => {
    const edge = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
    return [...document.querySelectorAll('.st-key-timeline_lane button')].filter(option => {
        const box = option.getBoundingClientRect();
        let clip = option.parentElement;
        while (clip && clip !== document.body) {
            const style = getComputedStyle(clip);
            if (style.overflowX !== 'visible') {
                const bounds = clip.getBoundingClientRect();
                if (box.left < bounds.left - 1 || box.right > bounds.right + 1) return true;
            }
            clip = clip.parentElement;
        }
        return option.scrollWidth > option.clientWidth + 1 || box.right > edge.right + 1;
    }).map(option => option.innerText);
}"""


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_lanes_switch_shows_both_its_options_whole(server, browser, width, height, lang):
    with fresh_page(browser, width, height) as page:
        open_page(page, f"{server}/timeline?lang={lang}")
        assert page.locator(".st-key-timeline_lane button").count() == 2
        assert page.evaluate(CUT_OPTIONS) == []
