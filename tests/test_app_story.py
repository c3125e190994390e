"""Story mode through AppTest: one milestone a slide, moved by buttons, opened by links."""

import pytest
from appserver import REPO
from streamlit.testing.v1 import AppTest

from clfj_data.story import story_order

pytestmark = pytest.mark.apptest


@pytest.fixture(scope="module")
def oldest_first(shipped):
    return story_order(shipped)


@pytest.fixture(scope="module")
def newest_first(shipped):
    return story_order(shipped, newest_first=True)


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


def slide(at: AppTest, milestones) -> tuple[str, str]:
    """The slide's position ("4 of 10 · Mar 2021") and which of ``milestones`` it shows (by rationale)."""
    position = next(c.value for c in at.caption if " of " in c.value)
    shown = "\n".join(t.value for t in at.text)
    (milestone,) = [m.id for m in milestones.itertuples() if m.rationale in shown]
    return position, milestone


def test_the_story_starts_with_the_oldest_milestone(shipped, oldest_first):
    at = story()
    assert not at.exception
    position, milestone = slide(at, oldest_first)
    assert position.startswith(f"1 of {len(shipped)} · Feb 2019")
    assert milestone == oldest_first["id"][0]


def test_next_and_previous_move_exactly_one_milestone(oldest_first):
    at = story()
    for step in range(1, 4):
        at.button(key="story_next").click().run()
        assert slide(at, oldest_first)[1] == oldest_first["id"][step]
        assert at.query_params["step"] in (str(step + 1), [str(step + 1)])
    at.button(key="story_previous").click().run()
    assert slide(at, oldest_first)[1] == oldest_first["id"][2]


def test_first_and_last_and_the_ends_of_the_story(oldest_first):
    at = story()
    assert at.button(key="story_previous").disabled and at.button(key="story_first").disabled
    at.button(key="story_last").click().run()
    assert slide(at, oldest_first)[1] == oldest_first["id"].iloc[-1]
    assert at.button(key="story_next").disabled
    at.button(key="story_first").click().run()
    assert slide(at, oldest_first)[1] == oldest_first["id"][0]


@pytest.mark.parametrize("step", [1, 4, 10])
def test_a_step_in_the_url_opens_that_slide(step, oldest_first):
    position, milestone = slide(story(step=str(step)), oldest_first)
    assert position.startswith(f"{step} of 10")
    assert milestone == oldest_first["id"][step - 1]


@pytest.mark.parametrize("milestone", ["testimony-by-videoconference", "individual-care-plans"])
def test_a_milestone_in_the_url_opens_its_slide(milestone, oldest_first):
    at = story(milestone=milestone)
    expected = int(oldest_first.index[oldest_first["id"] == milestone][0]) + 1
    position, shown = slide(at, oldest_first)
    assert shown == milestone and position.startswith(f"{expected} of 10")


def test_the_story_respects_the_filters(oldest_first):
    at = story(sector="Justice")
    justice = oldest_first[oldest_first["sector"] == "Justice"]
    position, milestone = slide(at, oldest_first)
    assert position.startswith(f"1 of {len(justice)}") and milestone == justice["id"].iloc[0]
    at.button(key="story_next").click().run()
    assert slide(at, oldest_first)[1] == justice["id"].iloc[1]


def test_newest_first_reverses_the_order(oldest_first, newest_first):
    at = story(order="newest")
    assert slide(at, oldest_first)[1] == newest_first["id"][0]
    at.toggle(key="story_newest").set_value(False).run()
    assert slide(at, oldest_first)[1] == oldest_first["id"][0]


def test_the_jump_list_opens_any_slide(oldest_first):
    at = story()
    at.selectbox(key="story_jump").set_value(7).run()
    assert slide(at, oldest_first)[1] == oldest_first["id"][6]


def test_the_slide_shows_nothing_but_the_story():
    at = story(milestone="testimony-by-videoconference")
    assert not any(c.value.startswith("Data last updated") for c in at.caption)
    assert not any("What changed" in m.value for m in at.markdown)  # no detail panel on top


def test_the_story_makes_a_deck_and_an_offline_report_on_request(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent")  # the deck then draws its own timeline
    at = story(sector="Justice")
    assert "export_pptx_download" not in [b.key for b in at.get("download_button")]
    at.button(key="export_pptx_make").click().run()
    at.button(key="export_html_make").click().run()
    ready = {b.key: b for b in at.get("download_button")}
    assert {"export_pptx_download", "export_html_download"} <= set(ready)
    assert not at.exception
