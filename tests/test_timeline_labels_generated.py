"""The label layout's promises (tests/test_timeline_labels.py's ``check``) for generated sets of
up to 40 markers in up to four lanes, Latin and Devanagari headlines, on every surface: a few
hundred layouts, so in the slow layer. And that no marker is ever left without its label, with
dates spread out or crowded into a few weeks, at a phone's, a laptop's and a desk's width."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_timeline_labels import SURFACES, check, marks

from clfj_data.timeline_labels import APP_LABELS, Mark, lay_out, phone

pytestmark = pytest.mark.slow

# Plot widths of the app's chart on a 390, 1280 and 1400 px wide screen.
SCREENS = {"390": (phone(APP_LABELS), 366), "1280": (APP_LABELS, 1150), "1400": (APP_LABELS, 1270)}


@pytest.mark.parametrize("surface", SURFACES)
def test_generated_labels_never_overlap_nor_cross(surface):
    style, plot_px = SURFACES[surface]

    @settings(max_examples=25)  # each a layout of up to 40 labels at five widths
    @given(marks(plot_px))
    def holds(generated):
        check(lay_out(generated, plot_px, style), generated, plot_px)

    holds()


@st.composite
def crowded(draw, plot_px):
    """Markers anywhere, or all within a stretch a few markers wide (dates weeks apart)."""
    generated = draw(marks(plot_px))
    if draw(st.booleans()):
        start, span = draw(st.floats(0, plot_px)), draw(st.floats(0, 60))
        xs = st.floats(max(start - span, 0), min(start + span, plot_px))
        generated = [Mark(m.key, draw(xs), m.lane, m.when, m.title) for m in generated]
    return generated


@pytest.mark.parametrize("screen", SCREENS)
def test_every_marker_has_its_one_label(screen):
    style, plot_px = SCREENS[screen]

    @settings(max_examples=25, deadline=None)
    @given(crowded(plot_px))
    def holds(generated):
        layout = lay_out(generated, plot_px, style)
        assert layout.missing == 0, [m for m in generated if layout.labels[m.key] is None]
        assert set(layout.labels) == {m.key for m in generated}
        check(layout, generated, plot_px)

    holds()
