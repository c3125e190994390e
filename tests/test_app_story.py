"""Story mode through AppTest: one milestone a slide, moved by buttons, opened by links."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from clfj_data import load_milestones, shipped_milestones_path
from clfj_data.story import resolve_step, story_order

pytestmark = pytest.mark.apptest

REPO = Path(__file__).resolve().parent.parent
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


def slide(at: AppTest) -> tuple[str, str]:
    """The slide's position ("4 of 10 · Mar 2021") and the milestone it shows (by rationale)."""
    position = next(c.value for c in at.caption if " of " in c.value)
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
    at.button(key="story_last").click().run()
    assert slide(at)[1] == OLDEST_FIRST["id"].iloc[-1]
    assert at.button(key="story_next").disabled
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
    at.selectbox(key="story_jump").set_value(7).run()
    assert slide(at)[1] == OLDEST_FIRST["id"][6]


def test_the_slide_shows_nothing_but_the_story():
    at = story(milestone="testimony-by-videoconference")
    assert not any(c.value.startswith("Data last updated") for c in at.caption)
    assert not any("What changed" in m.value for m in at.markdown)  # no detail panel on top


@pytest.mark.parametrize(
    ("step", "milestone", "expected"),
    [(None, None, 1), ("3", None, 3), ("99", None, 10), ("-2", None, 1), ("x", None, 1),
     ("3", "individual-care-plans", 1), (None, "no-such-id", 1)],
)  # fmt: skip
def test_resolve_step(step, milestone, expected):
    assert resolve_step(OLDEST_FIRST, step, milestone) == expected


def test_the_story_makes_a_deck_and_an_offline_report_on_request(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent")  # the deck then draws its own timeline
    at = story(sector="Justice")
    assert "export_pptx_download" not in [b.key for b in at.get("download_button")]
    at.button(key="export_pptx_make").click().run()
    at.button(key="export_html_make").click().run()
    ready = {b.key: b for b in at.get("download_button")}
    assert {"export_pptx_download", "export_html_download"} <= set(ready)
    assert not at.exception
