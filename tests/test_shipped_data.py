"""The shipped table is the results page's ten milestones, and nothing the page does not say."""

import csv
import re

import pytest

from clfj_data import load_milestones, load_programme, shipped_milestones_path
from clfj_data.columns import TEMPLATE_COLUMNS
from clfj_data.sectors import SECTORS
from clfj_data.states import CITIES

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def page(repo):
    lines = (repo / "data" / "source" / "clfj-results-page.txt").read_text(encoding="utf-8").splitlines()
    dates = [line[2:] for line in lines if line.startswith("- ")]
    sentences = [line for line in lines[lines.index(f"- {dates[-1]}") + 1 :] if line.strip()]
    pairs = list(zip(sentences[::2], sentences[1::2], strict=True))
    return {"text": "\n".join(lines), "dates": dates, "pairs": pairs}


@pytest.fixture(scope="module")
def rows():
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_columns_are_the_documented_ones():
    """The template's columns, in order; the visibility column is left out, as every milestone
    of the public results page is public, and so are the columns it has no use for (no change on
    it is a span, has a caption or a date written otherwise)."""
    unused = ("visibility", "end_date", "image_caption", "display_date")
    with shipped_milestones_path().open(encoding="utf-8") as handle:
        assert handle.readline().strip() == ",".join(c for c in TEMPLATE_COLUMNS if c not in unused)


def test_one_row_per_milestone_paired_in_the_page_order(page, rows):
    assert len(page["dates"]) == len(page["pairs"]) == len(rows) == 10
    for row, date, (change, why) in zip(rows, page["dates"], page["pairs"], strict=True):
        assert row["date"] == date
        assert row["description"] == change
        assert row["rationale"] == why


def test_titles_fit_and_add_no_fact(rows):
    for row in rows:
        assert 0 < len(row["title"]) <= 80
        for number in re.findall(r"\d+", row["title"]):
            assert number in row["description"]


def test_states_and_places_are_only_those_the_text_names(rows):
    for row in rows:
        named = {s.strip() for s in row["states"].split(";") if s.strip()}
        for state in named:
            by_city = any(city in row["description"] for city, s in CITIES.items() if s == state)
            assert state in row["description"] or by_city, (row["id"], state)
        if row["place"]:
            assert row["place"] in row["description"]


def test_unnamed_states_are_left_empty(rows):
    empty = {row["id"] for row in rows if not row["states"]}
    assert empty == {"women-producer-company", "child-rights-curriculum"}


def test_sectors_come_from_the_vocabulary_and_ids_are_stable_slugs(rows):
    assert {row["sector"] for row in rows} <= set(SECTORS)
    assert len({row["id"] for row in rows}) == 10
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["id"]) for row in rows)


def test_the_shipped_file_loads_without_warnings():
    result = load_milestones(shipped_milestones_path())
    assert result.ok and not result.warnings
    assert len(result.milestones) == 10


def test_programme_sentences_come_from_the_page(page):
    programme = load_programme()
    for sentence in (programme.heading, programme.intro, programme.partnership):
        assert sentence in page["text"]
    # A heading, in the sentence case of every other heading in the app.
    assert programme.timeline_heading.casefold() in page["text"].casefold()
    assert (
        programme.timeline_heading == programme.timeline_heading[0] + programme.timeline_heading[1:].lower()
    )
    assert programme.name == "Child Labour Free Jaipur"
