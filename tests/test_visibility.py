"""Staff-only milestones: the column's rule, who sees them, and the files that hold them."""

import io
import json
import zipfile

import openpyxl
import pytest
from pptx import Presentation

from clfj_data import cli, load_milestones, load_programme, store
from clfj_data.auth import Staff
from clfj_data.export import render
from clfj_data.visibility import NOT_FOR_SHARING, STAFF_ONLY, visible, withdrawn
from clfj_data.wording import facts_line, staff_only_sentence

pytestmark = pytest.mark.unit

HEADER = "id,date,title,description,rationale,states,sector,visibility"
PUBLIC_ROW = (
    "courts-use-video,Mar 2021,Courts use video,Courts take testimony by video.,"
    "Children need not travel.,Rajasthan,Justice,"
)
# The case is still in court: its state and sector appear nowhere else.
STAFF_ROW = (
    "shelter-case,Jun 2022,Shelter case in court,A case about a shelter home is in court.,"
    "It protects children.,Goa,Shelter homes,staff"
)
BOTH = f"{HEADER}\n{PUBLIC_ROW}\n{STAFF_ROW}\n".encode()
ASHA = Staff("Asha", "password")


@pytest.fixture(scope="module")
def milestones():
    result = load_milestones(BOTH)
    assert result.ok, result.errors
    return result.milestones


@pytest.fixture(scope="module")
def programme():
    return load_programme()


@pytest.mark.parametrize(
    ("written", "read"), [("", "public"), ("public", "public"), ("Staff", "staff"), (" STAFF ", "staff")]
)
def test_visibility_is_public_unless_it_says_staff(written, read):
    result = load_milestones(f"{HEADER}\n{PUBLIC_ROW.rstrip(',')},{written}\n".encode())
    assert result.ok, result.errors
    assert result.milestones["visibility"].tolist() == [read]


def test_without_the_column_every_milestone_is_public():
    result = load_milestones(
        b"date,description,rationale\nMar 2022,Courts use video.,Children need not travel.\n"
    )
    assert result.milestones["visibility"].tolist() == ["public"]


@pytest.mark.parametrize("written", ["private", "staff only", "hidden"])
def test_any_other_visibility_is_refused_by_row_and_column_naming_the_two(written):
    result = load_milestones(f"{HEADER}\n{PUBLIC_ROW}\n{STAFF_ROW.rsplit(',', 1)[0]},{written}\n".encode())
    [problem] = result.errors
    assert (problem.row, problem.column, problem.value) == (3, "visibility", written)
    assert "public" in problem.message and "staff" in problem.message


def test_a_visitor_sees_only_the_public_milestones_and_staff_all(milestones):
    assert visible(milestones, staff=False)["id"].tolist() == ["courts-use-video"]
    assert visible(milestones, staff=True)["id"].tolist() == ["courts-use-video", "shelter-case"]


def test_staff_only_milestones_are_marked_in_their_facts(milestones):
    public, staff_only = (row for _, row in milestones.iterrows())
    assert STAFF_ONLY not in facts_line(public)
    assert facts_line(staff_only) == f"Goa · Shelter homes · {STAFF_ONLY}"


@pytest.mark.parametrize(
    ("count", "said"),
    [(0, "No milestone is staff-only: visitors will see all 2."), (1, "1 of the 2 milestones is staff-only")],
)
def test_the_preview_says_how_many_are_staff_only(count, said):
    assert staff_only_sentence(count, 2).startswith(said)


def test_versions_keep_visibility_on_each_database(ready, milestones):
    store.publish_version(ready, BOTH, "with-a-case.csv", by=ASHA, note="A case in court")
    assert store.read_milestones(ready)["visibility"].tolist() == ["public", "staff"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_with_staff_only_milestones_loads_back_the_same_and_is_named_so(
    milestones, programme, fmt
):
    made = render(fmt, milestones, programme=programme)
    assert "-staff-only-" in made.file_name
    reloaded = load_milestones(made.data, filename=made.file_name)
    assert reloaded.ok, reloaded.errors
    assert reloaded.milestones["visibility"].tolist() == ["public", "staff"]


def test_a_download_without_them_says_nothing_of_them(milestones, programme):
    for fmt in ("csv", "html", "pptx"):
        made = render(fmt, visible(milestones, staff=False), programme=programme)
        assert "staff-only" not in made.file_name
        assert NOT_FOR_SHARING.encode() not in made.data


def test_the_offline_report_says_first_that_it_is_not_for_sharing(milestones, programme):
    page = render("html", milestones, programme=programme).data.decode()
    body = page.split("<body>", 1)[1]
    assert body.lstrip().startswith(f'<p class="notice" role="note">{NOT_FOR_SHARING}</p>')


def test_the_deck_says_on_its_title_slide_that_it_is_not_for_sharing(milestones, programme):
    deck = Presentation(io.BytesIO(render("pptx", milestones, programme=programme).data))
    first = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert NOT_FOR_SHARING in first
    later = [
        shape.text_frame.text
        for slide in list(deck.slides)[1:]
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert NOT_FOR_SHARING not in later


def test_the_workbook_heads_its_printed_pages_with_the_notice(milestones, programme):
    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", milestones, programme=programme).data))
    assert book["milestones"].oddHeader.center.text == NOT_FOR_SHARING


def test_timelinejs_never_holds_a_staff_only_milestone(milestones, programme):
    made = render("timelinejs", milestones, programme=programme)
    assert "staff-only" not in made.file_name
    assert [event["unique_id"] for event in json.loads(made.data)["events"]] == ["courts-use-video"]
    assert b"Shelter" not in made.data


@pytest.fixture
def published(app_engine, tmp_path):
    store.publish_version(app_engine, BOTH, "with-a-case.csv", by=ASHA, note="A case in court")
    return tmp_path


def exported(folder, *options) -> tuple[int, list]:
    """Run ``export`` as the command line does; its exit code and the files it wrote."""
    code = cli.main(["export", *options, "-o", str(folder / "out")])
    return code, [path for path in folder.iterdir() if path.name == "out"]


def test_the_command_line_leaves_staff_only_milestones_out_by_default(published, capsys):
    code, [out] = exported(published, "--format", "csv")
    assert code == 0 and b"shelter-case" not in out.read_bytes()
    assert "Wrote 1 milestone" in capsys.readouterr().out


def test_the_command_line_includes_them_only_when_asked(published, capsys):
    code, [out] = exported(published, "--format", "pptx", "--include-staff-only")
    assert code == 0
    with zipfile.ZipFile(out) as deck:
        slides = b"".join(deck.read(name) for name in deck.namelist() if name.startswith("ppt/slides/"))
    assert b"Shelter case in court" in slides and NOT_FOR_SHARING.encode() in slides
    assert "Wrote 2 milestones" in capsys.readouterr().out


def test_the_command_line_keeps_them_out_of_timelinejs_even_when_asked(published, capsys):
    code, [out] = exported(published, "--format", "timelinejs", "--include-staff-only")
    assert code == 0 and b"shelter-case" not in out.read_bytes()
    said = capsys.readouterr()
    assert "Wrote 1 milestone" in said.out and "staff-only milestones are left out" in said.err


def test_a_filter_value_only_a_staff_only_milestone_has_is_unknown_without_the_flag(published, capsys):
    code, _ = exported(published, "--format", "csv", "--sector", "Shelter homes")
    assert code == 2
    assert exported(published, "--format", "csv", "--sector", "Shelter homes", "--include-staff-only")[0] == 0


def test_the_export_help_says_timelinejs_never_includes_them(capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "never in timelinejs" in " ".join(capsys.readouterr().out.split())


def test_an_older_version_exported_leaves_out_what_the_current_version_withdrew(app_engine, tmp_path, capsys):
    public = f"{HEADER}\n{PUBLIC_ROW}\n{STAFF_ROW.removesuffix('staff')}public\n".encode()
    old = store.publish_version(app_engine, public, "public.csv", by=ASHA, note="Both public").version
    store.publish_version(app_engine, BOTH, "withdrawn.csv", by=ASHA, note="The case withdrawn")
    code, [out] = exported(tmp_path, "--format", "csv", "--version", str(old))
    assert code == 0 and b"shelter-case" not in out.read_bytes()
    code, [out] = exported(tmp_path, "--format", "timelinejs", "--version", str(old), "--include-staff-only")
    assert code == 0 and b"shelter-case" not in out.read_bytes()
    code, [out] = exported(tmp_path, "--format", "csv", "--version", str(old), "--include-staff-only")
    assert code == 0 and b"shelter-case" in out.read_bytes()


def test_a_visitor_never_sees_a_withdrawn_id_in_any_version(milestones):
    withdrawn_now = withdrawn(milestones)
    assert withdrawn_now == {"shelter-case"}
    older = milestones.assign(visibility="public")
    assert visible(older, staff=False, withdrawn=withdrawn_now)["id"].tolist() == ["courts-use-video"]
    assert visible(older, staff=True, withdrawn=withdrawn_now)["id"].tolist() == [
        "courts-use-video",
        "shelter-case",
    ]
