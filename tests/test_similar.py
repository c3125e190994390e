"""New milestones that nearly repeat published ones: a warning naming both, and nothing for the rest."""

import importlib.util
from pathlib import Path

import pytest

from clfj_data import load_milestones, shipped_milestones_path
from clfj_data.similar import near_duplicates

pytestmark = pytest.mark.unit

SHIPPED = shipped_milestones_path().read_text(encoding="utf-8")
VIDEO = (
    "testimony-by-videoconference,Mar 2021,Rajasthan and Bihar courts take children's testimony by "
    "videoconference,"
)
OWN_ROW = 5  # the row data/milestones.csv gives testimony-by-videoconference


def write_milestones(path: Path, count: int, seed: int = 0) -> Path:
    """``count`` realistic milestones, as benchmarks/generate.py writes them."""
    where = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("generate", where)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return generate.write_milestones(path, count, seed=seed)


def loaded(text: str):
    result = load_milestones(text.encode("utf-8"))
    assert result.ok, result.errors
    return result


@pytest.fixture(scope="module")
def published():
    return loaded(SHIPPED).milestones


def test_a_reworded_milestone_under_a_new_id_names_the_published_one_and_its_row(published):
    edited = SHIPPED.replace(
        VIDEO,
        "testimony-by-video,Mar 2021,Rajasthan and Bihar courts take kids' testimony by video link,",
    ).replace("are now using videoconferencing to take", "now use videoconferencing to record")
    result = loaded(edited)
    (warning,) = near_duplicates(result.milestones, published, rows=result.rows_by_id())
    assert (warning.row, warning.value) == (
        OWN_ROW,
        "Rajasthan and Bihar courts take kids' testimony by video link",
    )
    assert warning.message == (
        "This new milestone reads almost like 'testimony-by-videoconference' (Rajasthan and Bihar courts "
        "take children's testimony by…, Mar 2021), which the file no longer has: if it is the same change, "
        "give it the id 'testimony-by-videoconference' again, so its links and history are kept."
    )


def test_the_same_change_with_its_date_moved_and_both_kept_says_keep_one(published):
    row = next(line for line in SHIPPED.splitlines() if line.startswith("testimony-by-videoconference,"))
    moved = row.replace("testimony-by-videoconference,Mar 2021", "video-testimony-2021,Apr 2021", 1)
    result = loaded(SHIPPED + moved + "\n")
    (warning,) = near_duplicates(result.milestones, published, rows=result.rows_by_id())
    assert warning.row == 12
    assert "reads almost like 'testimony-by-videoconference'" in warning.message
    assert "(the new one is dated Apr 2021)" in warning.message
    assert warning.message.endswith("which the file also has: if they are the same change, keep only one.")


def test_unrelated_new_milestones_are_not_near_duplicates(published):
    lines = SHIPPED.splitlines()
    # Each shipped milestone under a new id is compared with the other nine only.
    for position in range(1, len(lines)):
        others = "\n".join(lines[:position] + lines[position + 1 :]) + "\n"
        renamed = "new-" + lines[position]
        result = loaded(others + renamed + "\n")
        assert near_duplicates(result.milestones, loaded(others).milestones) == [], lines[position][:40]


def test_milestones_kept_under_their_ids_are_not_checked(published):
    assert near_duplicates(published, published) == []
