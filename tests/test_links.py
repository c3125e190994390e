"""Links to the live dashboard carry the view they were made from, and go only where donors can follow."""

import io

import pytest
import segno
from PIL import Image

from clfj_data.filters import Filters
from clfj_data.links import dashboard_link, front_page, public_url, qr_png, this_computer_link

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("configured", "seen", "expected"),
    [
        ("https://results.example.org/", "http://127.0.0.1:8501/story", "https://results.example.org/"),
        ("", "https://results.example.org/", "https://results.example.org/"),
        ("", "http://localhost:8501/story", ""),  # this machine's own address: nobody else can open it
        ("", "http://127.0.0.1:8501/", ""),
        ("", None, ""),
    ],
)
def test_the_public_address_is_the_configured_one_or_one_others_can_reach(
    monkeypatch, configured, seen, expected
):
    monkeypatch.setenv("CLFJ_PUBLIC_URL", configured)
    assert public_url(seen) == expected


JUSTICE = Filters(sectors=("Justice",))


@pytest.mark.parametrize(
    ("configured", "seen", "filters", "link"),
    [
        ("", "http://localhost:8501/", JUSTICE, "http://localhost:8501/?sector=Justice"),
        ("", "http://127.0.0.1:8501/", JUSTICE, "http://127.0.0.1:8501/?sector=Justice"),
        ("", "http://localhost:8501/", Filters(), None),  # the results page shows the whole story
        ("", "https://results.example.org/", JUSTICE, None),  # the room has an address of its own
        ("https://results.example.org/", "http://localhost:8501/", JUSTICE, None),
        ("", None, JUSTICE, None),
    ],
)
def test_a_filtered_story_on_this_machines_own_address_has_a_link_for_this_computer_only(
    monkeypatch, configured, seen, filters, link
):
    monkeypatch.setenv("CLFJ_PUBLIC_URL", configured)
    assert this_computer_link(seen, filters) == link


@pytest.mark.parametrize(
    ("url", "front"),
    [
        ("https://results.example.org/story", "https://results.example.org/"),
        ("https://results.example.org/story/", "https://results.example.org/"),
        ("https://example.org/clfj/story?step=11#end", "https://example.org/clfj/"),  # served under a path
        ("https://results.example.org/", "https://results.example.org/"),
        ("https://results.example.org", "https://results.example.org/"),
        ("https://example.org/history", "https://example.org/history/"),  # a base path, not the page
        (None, None),
    ],
)
def test_the_link_donors_follow_opens_the_front_page_not_the_presenters_story(url, front):
    assert front_page(url, "story") == front


@pytest.mark.parametrize(
    ("filters", "link"),
    [
        (Filters(), "https://r.example.org/"),
        (Filters(sectors=("Justice",)), "https://r.example.org/?sector=Justice"),
        (
            Filters(states=("Rajasthan", "Bihar"), search="court (video)"),
            "https://r.example.org/?state=Rajasthan&state=Bihar&q=court%20%28video%29",
        ),
    ],
)
def test_a_dashboard_link_carries_the_filters(filters, link):
    assert dashboard_link("https://r.example.org/", filters) == link


def test_no_address_gives_no_link():
    assert dashboard_link("  ", Filters(sectors=("Justice",))) is None


def test_the_qr_code_draws_the_links_modules_with_a_quiet_zone():
    link = "https://r.example.org/?sector=Justice"
    image = Image.open(io.BytesIO(qr_png(link))).convert("L")
    matrix = segno.make(link, error="m", micro=False).matrix
    scale = image.width // (len(matrix) + 8)  # four light modules on each side
    assert image.size == ((len(matrix) + 8) * scale,) * 2 and scale >= 8  # sharp when enlarged
    drawn = [[image.getpixel(((4 + x) * scale + scale // 2, (4 + y) * scale + scale // 2)) < 128
              for x in range(len(matrix))] for y in range(len(matrix))]  # fmt: skip
    assert drawn == [[bool(module) for module in row] for row in matrix]
    assert image.getpixel((scale, scale)) > 128  # the quiet zone is light
