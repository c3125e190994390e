"""The label layout's promises (tests/test_timeline_labels.py's ``check``) for generated sets of
up to 40 markers in up to four lanes, Latin and Devanagari headlines, on every surface: a few
hundred layouts, so in the slow layer."""

import pytest
from hypothesis import given, settings
from test_timeline_labels import SURFACES, check, marks

from clfj_data.timeline_labels import lay_out

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("surface", SURFACES)
def test_generated_labels_never_overlap_nor_cross(surface):
    style, plot_px = SURFACES[surface]

    @settings(max_examples=25)  # each a layout of up to 40 labels at five widths
    @given(marks(plot_px))
    def holds(generated):
        check(lay_out(generated, plot_px, style), generated, plot_px)

    holds()
