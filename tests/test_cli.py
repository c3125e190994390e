"""``python -m clfj_data check``, ``template`` and ``export`` to a file, run as a person runs them.

The store's commands (``publish``, ``history``, ``rollback``) are in test_cli_store.py."""

import json
import os
import subprocess
import sys

import pytest
from appserver import REPO

from clfj_data.columns import TEMPLATE_COLUMNS

pytestmark = pytest.mark.slow

MILESTONE_KEYS = {
    "id", "date", "precision", "title", "description", "rationale", "states", "place", "sector", "source",
}  # fmt: skip
PROBLEM_KEYS = {"row", "column", "value", "message"}
BAD = (
    "date,description,rationale,states\nMar 2022,Courts use video.,Kids testify.,Rajastan\n03/04/2022,B.,R,\n"
)


def run(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clfj_data", *map(str, args)], capture_output=True, text=True, cwd=cwd,
        env=os.environ | (env or {}),
    )  # fmt: skip


def test_check_of_the_shipped_data_passes(repo):
    done = run("check", repo / "data" / "milestones.csv")
    assert done.returncode == 0, done.stderr
    assert "OK, 10 milestones, Feb 2019 to Mar 2022" in done.stdout


def test_check_json_has_the_documented_shape(repo):
    done = run("check", repo / "data" / "milestones.csv", "--json")
    report = json.loads(done.stdout)
    assert set(report) == {"ok", "milestones", "errors", "warnings"}
    assert report["ok"] is True and report["errors"] == [] and report["warnings"] == []
    assert len(report["milestones"]) == 10
    for milestone in report["milestones"]:
        assert set(milestone) == MILESTONE_KEYS
        assert isinstance(milestone["states"], list)
    first, last = report["milestones"][0], report["milestones"][-1]
    assert (first["date"], first["precision"]) == ("2019-02-01", "month")
    assert last["date"] == "2022-03-01"
    videoconference = next(m for m in report["milestones"] if m["id"] == "testimony-by-videoconference")
    assert videoconference["states"] == ["Rajasthan", "Bihar"]


@pytest.mark.parametrize("flags", [[], ["--json"]])
@pytest.mark.parametrize("content", ["shipped", BAD])
def test_check_never_loads_pandas_plotly_or_the_database_layer(repo, tmp_path, content, flags):
    # Importing pandas alone takes longer than checking 100,000 milestones (docs/PERFORMANCE.md).
    path = repo / "data" / "milestones.csv"
    if content != "shipped":
        path = tmp_path / "bad.csv"
        path.write_text(content)
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['clfj_data', 'check', {str(path)!r}, *{flags!r}]\n"
        "try:\n    runpy.run_module('clfj_data', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted({'pandas', 'plotly', 'sqlalchemy', 'streamlit'} & set(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=repo)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_check_with_content_errors_exits_1_and_lists_them(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    done = run("check", path)
    assert done.returncode == 1
    assert "2 errors" in done.stdout
    assert "Row 2, column 'states': 'Rajastan' is not a state" in done.stdout
    assert "Did you mean Rajasthan?" in done.stdout
    assert "Row 3, column 'date'" in done.stdout


def test_check_json_errors_carry_row_column_value_message(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    done = run("check", path, "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False and report["milestones"] == []
    assert all(set(e) == PROBLEM_KEYS for e in report["errors"])
    assert [(e["row"], e["column"], e["value"]) for e in report["errors"]] == [
        (2, "states", "Rajastan"),
        (3, "date", "03/04/2022"),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.csv", b""), ("picture.xlsx", b"\x89PNG\r\n"), ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")],
)
def test_check_of_an_unreadable_file_exits_2(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    done = run("check", path)
    assert done.returncode == 2
    assert "cannot be read" in done.stderr and "Traceback" not in done.stderr
    report = json.loads(run("check", path, "--json").stdout)
    assert report["ok"] is False
    (error,) = report["errors"]
    assert error["row"] is None and error["message"]


def test_check_of_a_missing_file_exits_2(tmp_path):
    done = run("check", tmp_path / "nope.csv")
    assert done.returncode == 2 and "There is no file" in done.stderr


def test_many_errors_are_cut_short_on_screen_but_all_in_json(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("date,description,rationale\n" + "".join(f"bad,{i}.,R\n" for i in range(80)))
    done = run("check", path)
    assert "80 errors" in done.stdout and "and 30 more (use --json to see all)" in done.stdout
    assert len(json.loads(run("check", path, "--json").stdout)["errors"]) == 80


def test_template_has_the_headers_and_one_example_that_passes_check(tmp_path):
    printed = run("template")
    assert printed.returncode == 0
    assert printed.stdout.splitlines()[0] == ",".join(TEMPLATE_COLUMNS)
    assert len(printed.stdout.splitlines()) == 2
    path = tmp_path / "template.csv"
    written = run("template", "-o", path)
    assert written.returncode == 0 and path.exists()
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads it as UTF-8
    report = json.loads(run("check", path, "--json").stdout)
    assert report["ok"] and len(report["milestones"]) == 1


# Export


def export(*args, env):
    return run("export", *args, cwd=REPO, env=env)


@pytest.fixture
def database(tmp_path):
    return {"CLFJ_DATABASE_URL": f"sqlite:///{tmp_path / 'clfj.sqlite3'}"}


def test_export_html_and_timelinejs_from_the_command_line(tmp_path, database):
    done = export("--format", "html", "--sector", "Justice", "-o", tmp_path / "r.html", env=database)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.html").read_bytes().count(b'<div class="why">') == 3
    done = export("--format", "timelinejs", "-o", tmp_path / "t.json", env=database)
    assert done.returncode == 0, done.stderr
    assert len(json.loads((tmp_path / "t.json").read_text())["events"]) == 10


@pytest.mark.parametrize("chart", ["timeline", "counts-state", "counts-sector"])
def test_export_png_from_the_command_line(kaleido, tmp_path, database, chart):
    done = export("--format", "png", "--chart", chart, "-o", tmp_path / "c.png", env=database)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_export_png_without_a_browser_says_so_and_csv_still_works(tmp_path, database):
    env = database | {"BROWSER_PATH": "/nonexistent/chromium"}
    done = export("--format", "png", "-o", tmp_path / "c.png", env=env)
    assert done.returncode == 2 and "Chrome or Chromium" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "c.png").exists()
    assert export("--format", "csv", "-o", tmp_path / "m.csv", env=env).returncode == 0
