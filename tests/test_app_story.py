"""Story mode through AppTest: one milestone a slide, moved by buttons, opened by links."""

import io
import re

import apptest_events
import pytest
from appserver import REPO
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from clfj_data import load_milestones, shipped_milestones_path
from clfj_data.markup import escape_markdown
from clfj_data.story import story_order

pytestmark = pytest.mark.apptest
SHIPPED = load_milestones(shipped_milestones_path()).milestones
OLDEST_FIRST = story_order(SHIPPED)
NEWEST_FIRST = story_order(SHIPPED, newest_first=True)


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("CLFJ_DATABASE_URL", f"sqlite:///{tmp_path / 'clfj.sqlite3'}")


def story(**query) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("pages/story.py")
    return at.run()


def jump_list(at: AppTest):
    """The jump list of the slide on screen (each slide has its own)."""
    (jump,) = [box for box in at.selectbox if box.key.startswith("story_jump_at_")]
    return jump


def slide(at: AppTest) -> tuple[str, str]:
    """The slide's position ("4 of 10 · Mar 2021") and the milestone it shows (by rationale)."""
    count = next(m.value.strip("*") for m in at.markdown if re.fullmatch(r"\*\*\d+ of \d+\*\*", m.value))
    date = next(m.value for m in at.markdown if re.fullmatch(r"(\d{1,2} )?([A-Z][a-z]{2} )?\d{4}", m.value))
    position = f"{count} · {date}"
    shown = "\n".join(t.value for t in at.text)
    (milestone,) = [m.id for m in SHIPPED.itertuples() if m.rationale in shown]
    return position, milestone


def test_the_story_starts_with_the_oldest_milestone():
    at = story()
    assert not at.exception
    position, milestone = slide(at)
    assert position.startswith(f"1 of {len(SHIPPED)} · Feb 2019")
    assert milestone == OLDEST_FIRST["id"][0]


def test_next_and_previous_move_exactly_one_milestone():
    at = story()
    for step in range(1, 4):
        at.button(key="story_next").click().run()
        assert slide(at)[1] == OLDEST_FIRST["id"][step]
        assert at.query_params["step"] in (str(step + 1), [str(step + 1)])
    at.button(key="story_previous").click().run()
    assert slide(at)[1] == OLDEST_FIRST["id"][2]


def test_first_and_last_and_the_ends_of_the_story():
    at = story()
    assert at.button(key="story_previous").disabled and at.button(key="story_first").disabled
    at.button(key="story_last").click().run()  # the last milestone
    assert slide(at)[1] == OLDEST_FIRST["id"].iloc[-1]
    assert at.button(key="story_last").disabled and not at.button(key="story_next").disabled
    at.button(key="story_next").click().run()
    assert any(m.value == "**The end**" for m in at.markdown)  # the closing slide
    assert at.button(key="story_next").disabled
    assert not at.button(key="story_last").disabled  # back to the last milestone from the end
    at.button(key="story_last").click().run()
    assert slide(at)[1] == OLDEST_FIRST["id"].iloc[-1]
    at.button(key="story_previous").click().run()
    assert slide(at)[1] == OLDEST_FIRST["id"].iloc[-2]
    at.button(key="story_first").click().run()
    assert slide(at)[1] == OLDEST_FIRST["id"][0]


@pytest.mark.parametrize("step", [1, 4, 10])
def test_a_step_in_the_url_opens_that_slide(step):
    position, milestone = slide(story(step=str(step)))
    assert position.startswith(f"{step} of 10")
    assert milestone == OLDEST_FIRST["id"][step - 1]


@pytest.mark.parametrize("milestone", ["testimony-by-videoconference", "individual-care-plans"])
def test_a_milestone_in_the_url_opens_its_slide(milestone):
    at = story(milestone=milestone)
    expected = int(OLDEST_FIRST.index[OLDEST_FIRST["id"] == milestone][0]) + 1
    position, shown = slide(at)
    assert shown == milestone and position.startswith(f"{expected} of 10")


def test_the_story_respects_the_filters():
    at = story(sector="Justice")
    justice = OLDEST_FIRST[OLDEST_FIRST["sector"] == "Justice"]
    position, milestone = slide(at)
    assert position.startswith(f"1 of {len(justice)}") and milestone == justice["id"].iloc[0]
    at.button(key="story_next").click().run()
    assert slide(at)[1] == justice["id"].iloc[1]


def test_newest_first_reverses_the_order():
    at = story(order="newest")
    assert slide(at)[1] == NEWEST_FIRST["id"][0]
    at.toggle(key="story_newest").set_value(False).run()
    assert slide(at)[1] == OLDEST_FIRST["id"][0]


def test_the_jump_list_opens_any_slide():
    at = story()
    jump_list(at).set_value(7).run()
    assert slide(at)[1] == OLDEST_FIRST["id"][6]


def test_the_slide_shows_nothing_but_the_story():
    at = story(milestone="testimony-by-videoconference")
    assert not any(c.value.startswith(("Data last updated", "Data from")) for c in at.caption)
    assert "detail_panel" not in str(at._tree)  # no detail panel on top


def test_every_slide_names_the_programme_and_how_far_the_story_has_gone():
    at = story(step="4")
    assert any(m.value.startswith("**Child Labour Free Jaipur**") for m in at.markdown)
    (bar,) = at.get("progress")
    assert bar.proto.value == 40  # as "4 of 10" says
    (bar,) = story(step="10").get("progress")
    assert bar.proto.value == 100  # the last milestone: the bar is full, as "10 of 10" says


def test_after_the_last_milestone_a_closing_slide_sums_up_gives_the_source_and_thanks(monkeypatch):
    monkeypatch.delenv("CLFJ_PUBLIC_URL", raising=False)
    at = story(step="10")
    at.button(key="story_next").click().run()
    assert any(m.value == "**The end**" for m in at.markdown)
    figures = {m.label: m.value for m in at.metric}
    assert figures == {"Systemic changes": "10", "States": "2", "Sectors": "6", "Years": "2019–2022"}
    where = r"In Bihar and Rajasthan\, across 6 sectors\: Justice\,"
    assert any(m.value.startswith(where) for m in at.markdown)
    assert any("https://www.clfjaipur.org/results/" in m.value for m in at.markdown)
    assert any(m.value == "Thank you" for m in at.markdown)
    # No address others can open here: the QR code leads to the programme's results page.
    (qr,) = at.get("image")
    assert "https://www.clfjaipur.org/results/" in str(qr.proto)
    assert any(m.value.startswith("**Scan for every change on the results page**") for m in at.markdown)
    assert at.button(key="story_next").disabled
    assert jump_list(at).format_func(11) == "11. The end: what it adds up to"
    at.button(key="story_previous").click().run()
    assert slide(at)[0].startswith("10 of 10")


def test_the_closing_slide_carries_a_qr_code_to_the_dashboard_with_the_same_filters(monkeypatch):
    monkeypatch.setenv("CLFJ_PUBLIC_URL", "https://results.example.org/")
    at = story(sector="Justice", step="99")
    link = "(https://results.example.org/?sector=Justice)"
    assert any(m.value.endswith(link) for m in at.markdown)
    assert not any("/story" in m.value for m in at.markdown)
    (qr,) = at.get("image")
    assert not at.exception and "https://results.example.org/?sector=Justice" in str(qr.proto)
    assert {m.label: m.value for m in at.metric}["Systemic changes"] == "3"


def test_where_a_public_edition_is_published_the_closing_slide_sends_phones_to_it(monkeypatch, tmp_path):
    edition = tmp_path / "edition"
    edition.mkdir()
    (edition / "index.html").write_text("<!doctype html><title>Results</title>")
    monkeypatch.setenv("CLFJ_PUBLIC_URL", "https://results.example.org/")
    monkeypatch.setenv("CLFJ_SITE_DIR", str(edition))
    at = story(step="99")
    assert any(m.value.endswith("(https://results.example.org/results/)") for m in at.markdown)
    (qr,) = at.get("image")
    assert not at.exception and "https://results.example.org/results/" in str(qr.proto)
    # Filtered, the room keeps its filters: the dashboard.
    at = story(sector="Justice", step="99")
    (qr,) = at.get("image")
    assert "https://results.example.org/?sector=Justice" in str(qr.proto)


def test_a_filtered_story_says_it_is_a_subset():
    at = story(sector="Justice")
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert badges == [":blue-badge[:material/filter_alt: Justice milestones\\: 3 of the 10]"]
    assert not [m for m in story().markdown if "-badge[" in m.value]  # the whole story says nothing


def test_a_story_no_milestone_matches_names_its_filters_and_clears_them_to_the_whole_story():
    at = story(sector="Justice", state="Bihar", q="no such words", step="3")
    assert not at.exception
    words = [m.value for m in at.markdown]
    assert escape_markdown('Justice milestones in Bihar matching "no such words": 0 of the 10') in words
    (whole,) = [w for w in words if "the whole story" in w]
    assert 'target="_self"' in whole and "?" not in whole.split('"')[1]  # the story without its filters
    at.button(key="story_empty_clear").click().run()
    position, milestone = slide(at)
    assert position.startswith(f"1 of {len(SHIPPED)}") and milestone == OLDEST_FIRST["id"][0]
    assert not {"sector", "state", "q"} & set(at.query_params)


def test_the_story_makes_a_deck_and_an_offline_report_in_one_press(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent")  # the deck then draws its own timeline
    presses = apptest_events.Presses(monkeypatch)
    at = story(sector="Justice")
    assert not at.exception and not [b for b in at.button if b.key.endswith("_make")]  # no second step
    deck, deck_name = presses.press(at, "export_pptx_download")
    words = "\n".join(
        shape.text_frame.text for slide in Presentation(io.BytesIO(deck)).slides for shape in slide.shapes
        if shape.has_text_frame
    )  # fmt: skip
    assert deck_name.endswith("-filtered.pptx") and deck.startswith(b"PK")
    justice = SHIPPED[SHIPPED["sector"] == "Justice"]
    assert all(title in words for title in justice["title"]), words  # its three milestones
    report, report_name = presses.press(at, "export_html_download")
    assert report_name.endswith("-filtered.html") and report.startswith(b"<!DOCTYPE html>")
    assert all(title.encode() in report for title in justice["title"])


def press_keys(at: AppTest, payload) -> AppTest:
    """Run the story again as if the presenter element had sent ``payload`` for its key presses,
    whatever a forged client puts there."""
    return apptest_events.send_event(at, "clfj_presenter", "keys", payload)


def test_key_presses_from_the_presenter_element_move_the_story():
    at = press_keys(story(step="2"), {"from": 2, "moves": ["next", "next", "previous"], "press": 3})
    assert not at.exception and slide(at)[0].startswith("3 of 10")
    at = press_keys(at, {"from": 3, "moves": ["last"], "press": 4})
    assert any(m.value == "**The end**" for m in at.markdown)


@pytest.mark.parametrize(
    "payload",
    [
        {"from": -3, "moves": ["next"], "press": 1},
        {"from": 10**30, "moves": ["previous"], "press": 1},
        {"from": 2, "moves": ["next"], "press": -1},
        {"from": 2, "moves": ["next"], "press": 10**30},
        {"from": "2", "moves": ["next"], "press": 1},
        {"from": 2.5, "moves": ["next"], "press": 1},
        {"from": True, "moves": ["next"], "press": 1},
        {"from": 2, "moves": ["next"], "press": "many"},
        {"from": 2, "moves": "next", "press": 1},
        {"from": 2, "moves": ["next"] * 201, "press": 201},
        {"from": 2, "moves": [None, 7, {"go": "next"}, "sideways"], "press": 1},
        {"moves": ["next"]},
        "next",
        [2, ["next"], 1],
        None,
    ],
    ids=lambda p: repr(p)[:40],
)
def test_a_forged_key_press_leaves_the_story_on_a_valid_slide(payload):
    at = press_keys(story(step="2"), payload)
    assert not at.exception
    assert slide(at)[0].startswith("2 of 10")  # nothing moved, and the page drew whole
    assert at.query_params["step"] in ("2", ["2"])
    at.button(key="story_next").click().run()  # and the story still goes on from there
    assert slide(at)[0].startswith("3 of 10")
