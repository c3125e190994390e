"""Milestones in Hindi: the Hindi columns through check, publish, diff, the preview, search and
near-duplicates; the translation status; the shipped Hindi, faithful to the English."""

import csv
import io
import re

import pytest

from clfj_data import load_milestones, load_programme, shipped_milestones_path, store
from clfj_data.auth import Staff
from clfj_data.cli import check_report
from clfj_data.diff import diff_milestones
from clfj_data.filters import Filters, apply_filters
from clfj_data.review import check_files, hindi_sentence, make_preview
from clfj_data.similar import near_duplicates
from clfj_data.translation import (
    HINDI_COLUMNS,
    in_english,
    in_language,
    is_draft,
    partly_hindi,
    without_hindi,
)

PRIYA = Staff("Priya Sharma", "password")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
READERS_HEADERS = (
    b"Date,Headline,What changed,Why it matters,Headline (Hindi),What changed (Hindi),"
    b"Why it matters (Hindi),Place,Place (Hindi),Translation status\n"
)
ROW = (
    "Mar 2022,Courts hear children by video,Courts now hear children by video.,Children travel less.,"
    "अदालतें वीडियो से बच्चों को सुनती हैं,अदालतें अब वीडियो से बच्चों को सुनती हैं।,"
    "बच्चों को कम यात्रा करनी पड़ती है।,Jaipur,जयपुर,{status}\n"
)


def sheet(status: str = "Draft", row: str = ROW) -> bytes:
    return READERS_HEADERS + row.format(status=status).encode("utf-8")


def shipped_csv(edit=None) -> bytes:
    """The shipped CSV, each row passed through ``edit`` where given."""
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if edit:
            edit(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.unit
def test_readers_headers_for_hindi_are_read_and_check_json_carries_them():
    result = load_milestones(sheet(), filename="hindi.csv")
    assert result.ok, result.errors
    milestone = check_report(result)["milestones"][0]
    assert milestone["title_hi"] == "अदालतें वीडियो से बच्चों को सुनती हैं"
    assert milestone["rationale_hi"] == "बच्चों को कम यात्रा करनी पड़ती है।"
    assert milestone["place_hi"] == "जयपुर"
    assert milestone["translation_status"] == "draft"  # written "Draft"
    assert milestone["title"] == "Courts hear children by video"


@pytest.mark.unit
@pytest.mark.parametrize("status", ["reviewed", "REVIEWED", "draft", ""])
def test_a_translation_status_is_draft_reviewed_or_empty(status):
    result = load_milestones(sheet(status), filename="hindi.csv")
    assert result.ok, result.errors
    assert result.milestones["translation_status"][0] == status.lower()


@pytest.mark.unit
def test_another_translation_status_is_an_error_naming_row_and_column():
    result = load_milestones(sheet("checked"), filename="hindi.csv")
    assert not result.ok
    [problem] = result.errors
    assert (problem.row, problem.column, problem.value) == (2, "Translation status", "checked")
    assert "draft" in problem.message and "reviewed" in problem.message
    assert "Traceback" not in str(problem)


@pytest.mark.unit
def test_hindi_with_a_control_character_or_too_long_is_refused_as_english_is():
    bad = ROW.replace("बच्चों को कम", "बच्चों\x07 को कम").replace("जयपुर", "ज" * 201)
    result = load_milestones(sheet(row=bad), filename="hindi.csv")
    found = {(p.row, p.column): p.message for p in result.errors}
    assert "U+0007" in found[(2, "Why it matters (Hindi)")]
    assert "201 characters long; the most is 200" in found[(2, "Place (Hindi)")]
    assert found[(2, "Place (Hindi)")].startswith("Place (Hindi) is")


@pytest.mark.unit
def test_a_hindi_search_finds_milestones_by_their_hindi_words():
    frame = load_milestones(shipped_milestones_path()).milestones
    found = apply_filters(frame, Filters(search="गवाही"))
    testimony = {"testimony-by-videoconference", "testimony-before-return", "individual-care-plans"}
    assert set(found["id"]) == testimony
    # Nukta written as one character (U+095B) finds the text written as two.
    assert len(apply_filters(frame, Filters(search="\u095bरूरी"))) == 2
    assert len(apply_filters(frame, Filters(search="\u091c\u093cरूरी"))) == 2
    assert len(apply_filters(frame, Filters(search="court"))) == 3  # English still searched


@pytest.mark.unit
def test_a_milestone_reworded_only_in_english_is_still_found_by_its_hindi():
    old = load_milestones(shipped_milestones_path()).milestones
    new = old.copy()
    at = new.index[new["id"] == "individual-care-plans"][0]
    new.loc[at, ["id", "title", "description"]] = ["care-plans", "Plans for each child", "Something else."]
    new.loc[at, "title_hi"] += " अब"
    [warning] = near_duplicates(new, old)
    assert "reads almost like 'individual-care-plans'" in warning.message


@pytest.mark.unit
def test_in_hindi_a_milestone_without_hindi_keeps_its_english_words_marked_as_english():
    frame = load_milestones(sheet(row=ROW.replace("अदालतें वीडियो से बच्चों को सुनती हैं", "")), filename="a.csv")
    shown = in_language(frame.milestones, "hi").iloc[0]
    assert shown["title"] == "Courts hear children by video" and in_english(shown, "title")
    assert shown["description"].startswith("अदालतें") and not in_english(shown, "description")
    assert in_language(frame.milestones, "en") is frame.milestones
    assert partly_hindi(frame.milestones) == 1 and without_hindi(frame.milestones) == 0


@pytest.mark.unit
def test_the_preview_shows_hindi_changes_and_counts_milestones_without_hindi():
    old = load_milestones(shipped_milestones_path()).milestones

    def edit(row):
        if row["id"] == "women-producer-company":
            row["rationale_hi"] = "इससे शक्ति का संतुलन बदलता है।"
        if row["id"] == "smc-members-displayed":
            row["title_hi"] = ""

    checked = check_files([("milestones.csv", shipped_csv(edit))], base=1)
    preview = make_preview(checked, old, {})
    fields = {c.id: c.fields for c in preview.diff.changed}
    assert fields == {"women-producer-company": ("rationale_hi",), "smc-members-displayed": ("title_hi",)}
    assert "rationale_hi" in set(preview.table["Fields changed"])
    # The milestone without its Hindi headline still shows the rest of its Hindi, as a draft.
    assert (preview.no_hindi, preview.partial_hindi, preview.draft_hindi) == (0, 1, 10)
    assert hindi_sentence(preview, 10) == (
        "1 of the 10 milestones lacks part of its Hindi: the Hindi view shows that part in English. "
        "10 of the 10 milestones with Hindi show a draft translation, not yet reviewed."
    )


@pytest.mark.unit
def test_the_preview_counts_each_milestone_once_however_much_of_its_hindi_is_missing():
    """One milestone with no Hindi, one without part of it, eight whole: the counts add up to ten."""
    old = load_milestones(shipped_milestones_path()).milestones

    def edit(row):
        if row["id"] == "bihar-cpc-dashboard":
            row.update(dict.fromkeys(HINDI_COLUMNS, ""))
        if row["id"] == "smc-members-displayed":
            row["rationale_hi"] = ""

    preview = make_preview(check_files([("milestones.csv", shipped_csv(edit))], base=1), old, {})
    assert (preview.no_hindi, preview.partial_hindi, preview.draft_hindi) == (1, 1, 9)
    assert hindi_sentence(preview, 10) == (
        "1 of the 10 milestones has no Hindi: the Hindi view shows its English words. "
        "1 of the 10 milestones lacks part of its Hindi: the Hindi view shows that part in English. "
        "9 of the 9 milestones with Hindi show a draft translation, not yet reviewed."
    )
    whole = make_preview(check_files([("milestones.csv", shipped_csv(lambda row: None))], base=1), old, {})
    assert hindi_sentence(whole, 10) == (
        "Every milestone has its headline, what changed and why it matters in Hindi. "
        "10 of the 10 milestones with Hindi show a draft translation, not yet reviewed."
    )


@pytest.mark.unit
def test_hindi_content_is_published_kept_and_diffed(ready):
    shipped = store.read_milestones(ready)
    assert shipped["title_hi"].str.contains(DEVANAGARI).all()

    def review(row):
        row["translation_status"] = "reviewed"
        if row["id"] == "bihar-cpc-dashboard":
            row["description_hi"] = row["description_hi"].replace("स्पष्ट", "साफ़")

    data = shipped_csv(review)
    changes = diff_milestones(shipped, load_milestones(data).milestones)
    assert {c.id for c in changes.changed} == set(shipped["id"])
    bihar = next(c for c in changes.changed if c.id == "bihar-cpc-dashboard")
    assert bihar.fields == ("description_hi", "translation_status")
    assert "[-स्पष्ट-]{+साफ़+}" in changes.as_text(1)
    assert changes.as_json(1)["changed"][0]["fields"]["translation_status"] == {
        "before": "draft",
        "after": "reviewed",
    }
    info = store.publish_version(ready, data, "reviewed.csv", by=PRIYA, note="Hindi reviewed")
    stored = store.read_milestones(ready, info.version)
    assert (stored["translation_status"] == "reviewed").all()
    assert not any(is_draft(row) for row in stored.itertuples(index=False))
    assert "साफ़" in stored.set_index("id").at["bihar-cpc-dashboard", "description_hi"]


# The shipped Hindi


@pytest.fixture(scope="module")
def shipped_rows():
    with shipped_milestones_path().open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.unit
def test_every_shipped_milestone_has_hindi_marked_draft(shipped_rows):
    assert len(shipped_rows) == 10
    for row in shipped_rows:
        for column in ("title_hi", "description_hi", "rationale_hi"):
            assert DEVANAGARI.search(row[column]), (row["id"], column)
            assert not re.search("[A-Za-z]", row[column].replace("CLFJ", "")), (row["id"], column)
        assert bool(row["place_hi"]) == bool(row["place"])
        assert row["translation_status"] == "draft"
        assert is_draft(row)
    assert {row["place_hi"] for row in shipped_rows} == {"", "जयपुर"}


@pytest.mark.unit
def test_the_shipped_hindi_adds_no_number_and_names_only_the_places_the_english_names(shipped_rows):
    names = {"राजस्थान": "Rajasthan", "बिहार": "Bihar", "जयपुर": "Jaipur", "भारत": "India"}
    for row in shipped_rows:
        english = " ".join(row[c] for c in ("title", "description", "rationale"))
        hindi = " ".join(row[c] for c in ("title_hi", "description_hi", "rationale_hi"))
        assert sorted(re.findall(r"\d+", hindi)) == sorted(re.findall(r"\d+", english)), row["id"]
        for hindi_name, english_name in names.items():
            assert (hindi_name in hindi) == (english_name in english), (row["id"], hindi_name)


@pytest.mark.unit
def test_the_programme_framing_has_hindi_marked_draft_and_its_english_unchanged():
    programme = load_programme()
    hindi = programme.in_language("hi")
    assert programme.intro == "But the numbers only tell part of the story."
    for name in ("name", "heading", "intro", "partnership", "timeline_heading"):
        assert DEVANAGARI.search(getattr(hindi, name)), name
        assert not programme.in_english(name, "hi")
    assert "CLFJ" in hindi.partnership  # the programme's short name, as the English says it
    assert programme.is_draft and programme.in_language("en") is programme


@pytest.mark.unit
def test_shipped_hindi_columns_are_the_template_hindi_columns(shipped_rows):
    assert set(HINDI_COLUMNS) <= set(shipped_rows[0])


@pytest.mark.unit
def test_the_templates_have_the_hindi_columns_and_a_status_dropdown():
    import openpyxl

    from clfj_data.template import GUIDE_SHEET, template_csv, template_xlsx

    assert template_csv().split("\r\n")[0].endswith(",".join([*HINDI_COLUMNS, "translation_status"]))
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    headers = [cell.value for cell in book["milestones"][1]]
    status_column = openpyxl.utils.get_column_letter(headers.index("translation_status") + 1)
    lists = [
        v.formula1
        for v in book["milestones"].data_validations.dataValidation
        if status_column in str(v.sqref)
    ]
    assert lists == ['"draft,reviewed"']
    guide = {row[0]: row for row in book[GUIDE_SHEET].iter_rows(min_row=2, values_only=True)}
    assert guide["title_hi"][3] == "राजस्थान और बिहार की अदालतें वीडियो कॉन्फ़्रेंस से बच्चों की गवाही लेती हैं"
    assert guide["translation_status"][3] == "draft"
