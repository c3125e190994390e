"""The upload review: which dropped files are read, what publishing them would change, and
whether a restore would change anything."""

import pytest

from clfj_data import dropped_files, review
from clfj_data.load import load_milestones
from clfj_data.programme import shipped_milestones_path

pytestmark = pytest.mark.unit

SHIPPED = shipped_milestones_path().read_bytes()
REWORDED = SHIPPED.replace(b"convictions creates deterrence", b"convictions builds deterrence")
BAD = b"date,description,rationale\nMarch 2022,Courts use video.,\n"
PHOTO = b"\x89PNG not really"


def test_the_same_files_give_the_same_digest_and_any_change_another():
    files = [("a.csv", SHIPPED), ("b.png", PHOTO)]
    assert review.files_digest(files) == review.files_digest(list(files))
    assert review.files_digest(files) != review.files_digest([("a.csv", REWORDED), ("b.png", PHOTO)])
    assert review.files_digest(files) != review.files_digest([("c.csv", SHIPPED), ("b.png", PHOTO)])


@pytest.mark.parametrize(
    ("dropped", "read", "replaced"),
    [
        (["bad.csv", "fixed.csv"], ["fixed.csv"], ["bad.csv"]),
        (["bad.csv", "court.jpg", "fixed.xlsx"], ["court.jpg", "fixed.xlsx"], ["bad.csv"]),
        (["old.zip", "new.csv"], ["new.csv"], ["old.zip"]),
        (["a.csv", "court.jpg", "new.zip"], ["new.zip"], ["a.csv", "court.jpg"]),
        (["court.jpg", "a.csv", "court.jpg"], ["a.csv", "court.jpg"], ["court.jpg"]),
        (["court.jpg"], ["court.jpg"], []),
    ],
)
def test_a_spreadsheet_dropped_later_replaces_the_one_before(dropped, read, replaced):
    chosen = dropped_files.choose_files([(name, name.encode()) for name in dropped])
    assert [name for name, _ in chosen.files] == read
    assert list(chosen.replaced) == replaced


def test_a_corrected_file_dropped_after_one_with_errors_is_the_one_checked():
    checked = review.check_files([("bad.csv", BAD), ("milestones.csv", SHIPPED)], base=1)
    assert checked.name == "milestones.csv" and checked.result.ok
    assert checked.replaced == ("bad.csv",)


@pytest.mark.parametrize(
    ("files", "names", "reason"),
    [
        ([("empty.csv", b"")], "empty.csv", "The file is empty."),
        ([("report.pdf", b"%PDF-1.7")], "report.pdf", "There is no spreadsheet (CSV or XLSX)"),
        ([("court.jpg", PHOTO)], "court.jpg", "There is no spreadsheet (CSV or XLSX)"),
    ],
)
def test_what_cannot_be_read_is_named_with_the_reason(files, names, reason):
    with pytest.raises(review.Unreadable) as refused:
        review.check_files(files, base=1)
    assert refused.value.names == names and refused.value.reason.startswith(reason)
    assert str(refused.value).startswith(f"{names} cannot be read. {reason}")


def test_the_preview_names_changed_fields_by_the_files_headers():
    old = load_milestones(SHIPPED).milestones
    checked = review.check_files([("milestones.csv", REWORDED)], base=1)
    made = review.make_preview(checked, old, {})
    assert made.diff.summary() == "1 changed"
    assert made.table.to_dict("records") == [
        {
            "Change": "changed",
            "Milestone id": made.diff.changed[0].id,
            "Headline": made.diff.changed[0].title,
            "Fields changed": "rationale, rationale_hi",  # the Hindi no longer says it: left out
        }
    ]
    assert "Changed (1)" in {trace.name for trace in made.chart.data}
    assert (made.digest, made.base) == (checked.digest, 1)


def test_an_identical_file_previews_no_change_and_says_why_publish_is_off():
    old = load_milestones(SHIPPED).milestones
    made = review.make_preview(review.check_files([("same.csv", SHIPPED)], base=3), old, {})
    assert made.diff.empty and made.table.empty
    assert review.nothing_to_publish(3) == (
        "Publish is off: this file holds exactly the milestones of version 3, "
        "so a new version would change nothing."
    )
    assert "::" not in review.nothing_to_publish(3) and review.nothing_to_publish(3).count(":") == 1


def test_a_restore_changes_nothing_only_with_the_same_milestones_and_pictures():
    shipped, reworded = load_milestones(SHIPPED).milestones, load_milestones(REWORDED).milestones
    assert review.changes_nothing(shipped, {"a.jpg": "1"}, shipped.iloc[::-1], {"a.jpg": "1"})
    assert not review.changes_nothing(shipped, {}, reworded, {})
    assert not review.changes_nothing(shipped, {"a.jpg": "1"}, shipped, {"a.jpg": "2"})


@pytest.mark.parametrize(
    ("field", "headers", "lang", "named"),
    [
        ("rationale", {"rationale": "Why it matters"}, "en", "Why it matters"),
        ("rationale_hi", {}, "en", "rationale_hi"),  # no header in the file: the template's
        ("rationale", {}, "hi", "यह क्यों मायने रखता है (rationale)"),
        ("odd", {}, "en", "odd"),
    ],
)
def test_a_column_is_named_by_the_files_header_else_the_templates(field, headers, lang, named):
    from clfj_data.problems import column_named

    assert column_named(field, headers, lang) == named


@pytest.mark.parametrize("titles", [["Shelter case"], ["Shelter case", "Court case"]])
def test_the_warning_of_milestones_made_public_reads_in_the_pages_language(titles):
    from test_app_language import english_left, without

    english = review.made_public_warning("no-column.csv", titles, 2)
    one = len(titles) == 1
    assert english.startswith("no-column.csv has no visibility column, so every milestone in it is public. ")
    assert f"{len(titles)} milestone{'' if one else 's'} that {'is' if one else 'are'} staff-only" in english
    hindi = review.made_public_warning("no-column.csv", titles, 2, "hi")
    # The file's name, the titles and what to type ('staff' in a visibility column) stay as written.
    assert english_left([without(hindi, ["no-column.csv", *titles, "visibility", "'staff'"])]) == []


@pytest.mark.parametrize(
    "names, taken, said",
    [
        (["good.csv"], ["good.csv"], None),
        (["notes.txt", "good.csv"], ["good.csv"], "notes.txt ignored: not a spreadsheet"),
        (["a.csv", "notes.txt", "b.pdf", "p.png"], ["a.csv", "p.png"], "notes.txt, b.pdf ignored"),
        (["notes.txt"], [], "notes.txt is not a spreadsheet"),
        (["p.png", "notes.txt"], ["p.png"], "notes.txt is not a spreadsheet"),  # nothing to read it beside
    ],
)
def test_a_file_of_another_kind_never_blocks_a_spreadsheet_beside_it(names, taken, said):
    kept, message = dropped_files.set_aside([(name, b"x") for name in names])
    assert [name for name, _data in kept] == taken
    assert message is None if said is None else message.text().startswith(said)
