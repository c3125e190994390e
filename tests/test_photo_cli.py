"""``check`` and ``publish`` with ``--media DIR`` or a ZIP, run as a person runs them; ``export``
then carries the pictures."""

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest
from appserver import REPO
from pictures import bomb_png, camera_jpeg, has_metadata, with_photo
from pptx import Presentation

pytestmark = pytest.mark.slow

MILESTONE = "testimony-by-videoconference"
SHEET = with_photo(MILESTONE, "hearing.jpg", "A hearing room", "Photograph: A. Name")


def run(url: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clfj_data", *map(str, args)],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "CLFJ_DATABASE_URL": url},
    )  # fmt: skip


@pytest.fixture
def files(tmp_path):
    (tmp_path / "milestones.csv").write_bytes(SHEET)
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "hearing.jpg").write_bytes(camera_jpeg())
    return tmp_path


def test_check_with_media_reads_the_pictures(files, tmp_path):
    done = run("sqlite://", "check", files / "milestones.csv", "--media", files / "photos", "--json")
    assert done.returncode == 0, done.stdout
    report = json.loads(done.stdout)
    (milestone,) = [m for m in report["milestones"] if m["id"] == MILESTONE]
    assert (milestone["image"], milestone["image_alt"], milestone["image_credit"]) == (
        "hearing.jpg", "A hearing room", "Photograph: A. Name",
    )  # fmt: skip
    assert {"image", "image_alt", "image_credit", "media_link"} <= report["milestones"][0].keys()


def test_check_names_a_missing_picture_by_row_and_column(files):
    done = run("sqlite://", "check", files / "milestones.csv", "--json")
    assert done.returncode == 1
    (error,) = json.loads(done.stdout)["errors"]
    row = SHEET.decode().splitlines().index(next(line for line in SHEET.decode().splitlines()
                                                 if line.startswith(MILESTONE))) + 1  # fmt: skip
    assert (error["row"], error["column"], error["value"]) == (row, "image", "hearing.jpg")
    assert "There is no file named hearing.jpg given with --media" in error["message"]


def test_check_refuses_a_bomb_in_plain_words(files):
    (files / "photos" / "hearing.jpg").write_bytes(bomb_png())
    done = run("sqlite://", "check", files / "milestones.csv", "--media", files / "photos")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "column 'image': hearing.jpg was refused" in done.stdout and "decompression bomb" in done.stdout


def test_publish_with_media_then_export_carries_the_picture(files, tmp_path):
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    done = run(
        url,
        "publish",
        files / "milestones.csv",
        "--media",
        files / "photos",
        "--by",
        "Asha",
        "--note",
        "Photo",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"
    again = run(
        url, "publish", files / "milestones.csv", "--media", files / "photos", "--by", "A", "--note", "B"
    )
    assert (again.returncode, again.stderr.strip()) == (1, "no changes: identical to version 2")
    assert run(url, "export", "--format", "pptx", "-o", tmp_path / "deck.pptx").returncode == 0
    deck = Presentation(tmp_path / "deck.pptx")
    (picture,) = [s for slide in deck.slides for s in slide.shapes if s.name == f"Picture: {MILESTONE}"]
    assert not has_metadata(picture.image.blob)
    assert run(url, "export", "--format", "html", "-o", tmp_path / "report.html").returncode == 0
    assert "data:image/jpeg;base64," in (tmp_path / "report.html").read_text()


def zip_file(path, members: dict[str, bytes]):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for name, content in members.items():
            bundle.writestr(name, content)
    path.write_bytes(archive.getvalue())
    return path


def test_publish_a_zip_of_the_spreadsheet_and_its_pictures(tmp_path):
    zip_file(
        tmp_path / "results.zip", {"results/milestones.csv": SHEET, "results/hearing.jpg": camera_jpeg()}
    )
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    done = run(url, "publish", tmp_path / "results.zip", "--by", "Asha", "--note", "Photos")
    assert done.returncode == 0, done.stderr
    history = json.loads(run(url, "history", "--json").stdout)["versions"]
    assert history[0]["version"] == 2


def test_a_zip_with_a_path_outside_itself_is_unreadable(tmp_path):
    evil = zip_file(tmp_path / "evil.zip", {"milestones.csv": SHEET, "../hearing.jpg": camera_jpeg()})
    done = run("sqlite://", "check", evil)
    assert done.returncode == 2 and "names a file outside itself" in done.stderr
