"""The problems found in a spreadsheet, said in the viewer's language: every kind the loader can
find reads in Hindi on a Hindi page (the person's own cells and headers as typed), while the
command line's ``check --json`` keeps its English byte for byte."""

import csv
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_file
from openpyxl import Workbook
from refusals import refusals
from test_app_language import english_left, hindi_words_left, typed, without

from clfj_data import load_milestones, uploads
from clfj_data.cli import main
from clfj_data.export import formula_safe, problems_csv
from clfj_data.load import load_upload
from clfj_data.photos import MAX_PHOTO_BYTES
from clfj_data.problems import Message, Problem, said_of
from clfj_data.similar import near_duplicates
from clfj_data.states import ALL_STATES, NOT_SPECIFIED

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent
SHEETS = Path(__file__).parent / "fixtures" / "problems"
FIXED = ["kinds", "timelinejs", "missing-columns", "no-milestones", "many-columns"]
# The modules whose sentences tell a person what is wrong with their spreadsheet or its pictures.
SAYING = ["load", "cells", "made_fields", "schema", "dates", "states", "timelinejs_sheet", "uploads",
          "photos", "similar"]  # fmt: skip
# Checks that stand behind the loader's own: a date it read always has a precision, and a date it
# could not read is reported as that, so the schema never finds these.
ONLY_BEHIND = {"{field} is missing.", "{field} is one of {values}.", "{field} is empty or one of {values}."}
HEADER = "id,date,title,description,rationale,sector,image,image_alt"


def templates(said) -> set[str]:
    if not isinstance(said, Message):
        return set()
    found = {said.template}
    for value in said.values.values():
        if isinstance(value, Message):
            found |= templates(value)
    return found


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    at, chunks = 8, []
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + size]))
        at += 12 + size
    return chunks


def png_of(chunks: list[tuple[bytes, bytes]]) -> bytes:
    made = b"\x89PNG\r\n\x1a\n"
    for kind, body in chunks:
        made += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return made


def bomb() -> bytes:
    """A small PNG whose header declares 8,000 x 8,000 pixels."""
    chunks = png_chunks(real_png())
    return png_of([(k, struct.pack(">II", 8000, 8000) + b[8:] if k == b"IHDR" else b) for k, b in chunks])


def damaged() -> bytes:
    """A PNG whole to its end, whose pixels cannot be decoded."""
    return png_of([(k, b"not deflated" if k == b"IDAT" else b) for k, b in png_chunks(real_png())])


def real_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def sheet(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def picture_rows(*names: str) -> bytes:
    return sheet(*(f",Mar 202{i},T{i},Change {i}.,Why.,,{name},A picture" for i, name in enumerate(names)))


def html_rows(*years: int) -> bytes:
    return sheet(*(f"{y},<p>Change {y}.</p>,Why." for y in years), header="Year,Text,Why it matters")


def formula_sheet() -> bytes:
    book = Workbook()
    book.active.append(["date", "description", "rationale"])
    book.active.append(["Mar 2022", "=A1&A1", "Why."])  # openpyxl saves no value for a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def every_problem(tmp_path: Path) -> list[Problem]:
    """Problems of every kind the loader and the preview find: the fixed sheets, and sheets made
    here for what needs pictures, an XLSX, many rows or an earlier version."""
    found = []
    for name in FIXED:
        result = load_milestones(SHEETS / f"{name}.csv")
        found += result.errors + result.warnings
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "broken.jpg").write_bytes(b"not a picture")
    (folder / "folder.jpg").mkdir()  # named like a picture, and no file
    (folder / "spare.png").write_bytes(real_png())
    spreadsheet = tmp_path / "sheet.csv"
    spreadsheet.write_bytes(picture_rows("broken.jpg", "absent.jpg", "folder.jpg"))
    pictures = {"damaged.jpg": damaged(), "bomb.png": bomb(), "big.jpg": b"\xff" * (MAX_PHOTO_BYTES + 1),
                "more.png": real_png() + b"PK\x03\x04"}  # fmt: skip
    rows = picture_rows(*pictures, "gone.png")
    many = sheet(*(f"same,Mar 202{i % 10},,Change {i}.,Why.,legal,," for i in range(11)))
    link = sheet(
        "Mar 2022,Change.,Why.,ftp://example.org/p.jpg", header="date,description,rationale,media link"
    )
    uploaded = [
        uploads.from_path(spreadsheet, folder),
        uploads.from_path(spreadsheet),
        uploads.from_files([("s.csv", rows), *pictures.items()]),
        uploads.from_zip(_zipped({"s.csv": picture_rows("missing.png")})),
        uploads.Upload("f.xlsx", formula_sheet()),
        uploads.Upload("link.csv", link),
        # One row past the ten listed without a title; a sector read as another's on eleven rows;
        # an id shared by eleven; HTML in two rows of a TimelineJS sheet, and in six of another.
        uploads.Upload("many.csv", many),
        uploads.Upload("two.csv", html_rows(2020, 2021)),
        uploads.Upload("six.csv", html_rows(*range(2010, 2016))),
        # Day and month in figures: a date only one way round, and none either way.
        uploads.Upload("dates.csv", sheet(",13/04/2022,T,Change.,Why.,,,", ",13/25/2019,U,Change.,Why.,,,")),
    ]
    for upload in uploaded:
        result = load_upload(upload)
        found += result.errors + result.warnings
    old = load_milestones(REPO / "data" / "milestones.csv").milestones
    for moved in (False, True):
        new = old.copy()
        new.loc[0, "id"] = "a-new-id"
        if moved:
            new.loc[0, "date"] = new.loc[0, "date"] + pd.DateOffset(years=1)
        else:
            new = pd.concat([old.iloc[:1], new])
        found += near_duplicates(new, old)
    return found


def _zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def marked_in(module: str) -> set[str]:
    path = REPO / "clfj_data" / f"{module}.py"
    keywords = {"N_": None, "_": None}
    return {message for _, message, _, _ in extract_from_file("python", str(path), keywords=keywords)}


@pytest.fixture(scope="module")
def problems(tmp_path_factory) -> list[Problem]:
    return every_problem(tmp_path_factory.mktemp("problems"))


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> list[Message]:
    """What each file refused whole is refused for (tests/refusals.py)."""
    return [said_of(error) for error in refusals(tmp_path_factory.mktemp("refused"))]


def test_every_kind_of_problem_is_found_by_the_sheets_here(problems, refused):
    said = set().union(*(templates(p.said) | templates(p.column_said) for p in problems))
    said |= set().union(*(templates(message) for message in refused))  # a file refused whole
    sentences = set().union(*(marked_in(module) for module in SAYING)) - {*ALL_STATES, NOT_SPECIFIED}
    assert sentences - said - ONLY_BEHIND == set()
    assert len(problems) > 100


def test_every_kind_of_problem_reads_in_hindi_but_what_the_person_typed(problems):
    left = [problem.text("hi") for problem in problems if hindi_words_left(problem)]
    assert left == []
    assert all(problem.text("hi") != problem.text("en") for problem in problems)


def test_every_reason_a_file_is_refused_whole_reads_in_hindi_but_what_the_person_typed(refused):
    """File names, paths and the system's own words stay as they are; the sentence is Hindi."""
    left = [
        message.text("hi")
        for message in refused
        if english_left([without(message.text("hi"), sorted(typed(message), key=len, reverse=True))])
    ]
    assert left == []
    assert all(message.text("hi") != message.text("en") for message in refused)
    # Each reason of the refusals module's list, and the limits' and paths' reasons besides.
    assert len({message.template for message in refused}) >= 35


def test_the_check_finds_an_english_sentence_left_in_a_hindi_problem():
    untranslated = Problem(3, "date", "soon", Message("The date {value} is not understood.", value="soon"))
    assert hindi_words_left(untranslated) != []


def check_json(capsys, monkeypatch, *args: str) -> bytes:
    """What ``python -m clfj_data check ... --json`` prints, run in this process (from the
    repository, as the fixtures name their files) rather than in a new Python of its own."""
    monkeypatch.chdir(REPO)
    main(["check", *args, "--json"])
    return capsys.readouterr().out.encode("utf-8")


@pytest.mark.parametrize("name", FIXED)
def test_check_json_keeps_its_english_byte_for_byte(capsys, monkeypatch, name):
    printed = check_json(capsys, monkeypatch, f"tests/fixtures/problems/{name}.csv")
    assert printed == (SHEETS / f"{name}.json").read_bytes()


def test_check_json_of_a_sheet_with_pictures_keeps_its_english_byte_for_byte(capsys, monkeypatch):
    sheet_path, folder = "tests/fixtures/problems/pictures.csv", "tests/fixtures/problems/pictures"
    printed = check_json(capsys, monkeypatch, sheet_path, "--media", folder)
    assert printed == (SHEETS / "pictures.json").read_bytes()


def test_a_problem_names_a_column_without_a_header_in_the_pages_language():
    (problem,) = [p for p in load_milestones(SHEETS / "kinds.csv").warnings if p.column == "column 18"]
    assert problem.text("hi").startswith("पंक्ति 1, कॉलम 'कॉलम 18': ")
    assert problem.text("en").startswith("Row 1, column 'column 18': ")


def test_the_problems_download_says_each_in_the_pages_language():
    errors = load_milestones(SHEETS / "kinds.csv").errors
    for lang in ("en", "hi"):
        lines = list(csv.DictReader(io.StringIO(problems_csv(errors, lang).decode("utf-8-sig"))))
        assert [line["message"] for line in lines] == [formula_safe(p.said.text(lang)) for p in errors]
        assert [line["column"] for line in lines] == [p.column or "" for p in errors]
