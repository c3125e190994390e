"""``python -m clfj_data check``, ``template`` and ``export`` to a file, run as a person runs them.

The store's commands (``publish``, ``history``, ``rollback``) are in test_cli_store.py."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from appserver import REPO
from openpyxl.utils import get_column_letter

from clfj_data import load_milestones, load_programme, store
from clfj_data.columns import TEMPLATE_COLUMNS
from clfj_data.export import render
from clfj_data.filters import Filters, apply_filters
from clfj_data.sectors import SECTORS
from clfj_data.states import ALL_STATES
from clfj_data.template import TEMPLATE_EXAMPLE_ID

pytestmark = pytest.mark.slow

MILESTONE_KEYS = {
    "id", "date", "precision", "title", "description", "rationale", "states", "place", "sector", "source",
    "image", "image_alt", "image_credit", "media_link",
    "visibility", "end_date", "end_precision", "display_date", "image_caption",
    "title_hi", "description_hi", "rationale_hi", "place_hi", "image_alt_hi", "image_credit_hi",
    "translation_status",
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
    assert set(report) == {"ok", "milestones", "title", "errors", "warnings"}
    assert report["title"] is None  # the shipped file has no title row
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
@pytest.mark.parametrize("content", ["shipped", "timelinejs", BAD])
def test_check_never_loads_pandas_plotly_or_the_database_layer(repo, tmp_path, content, flags):
    # Importing pandas alone takes longer than checking 100,000 milestones (docs/PERFORMANCE.md).
    path = repo / "data" / "milestones.csv"
    if content == "timelinejs":
        path = repo / "tests" / "fixtures" / "timelinejs-19-columns.csv"
    elif content != "shipped":
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


def test_the_csv_template_has_the_headers_only_so_it_cannot_be_published_unchanged(tmp_path):
    printed = run("template")
    assert printed.returncode == 0
    assert printed.stdout.splitlines() == [",".join(TEMPLATE_COLUMNS)]
    path = tmp_path / "template.csv"
    written = run("template", "-o", path)
    assert written.returncode == 0 and path.exists()
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads it as UTF-8
    checked = run("check", path)
    assert checked.returncode == 1
    assert "The file has a header row but no milestones" in checked.stdout


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


@pytest.mark.parametrize("chart", ["timeline", "counts-state", "counts-sector", "state-sector", "per-year"])
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


def xlsx_template(tmp_path) -> Path:
    path = tmp_path / "template.xlsx"
    done = run("template", "--format", "xlsx", "-o", path)
    assert done.returncode == 0 and f"Wrote {path}" in done.stdout
    return path


def test_the_xlsx_template_has_the_headers_and_dropdowns_for_sector_and_states(tmp_path):
    book = openpyxl.load_workbook(xlsx_template(tmp_path))
    sheet = book["milestones"]
    assert [c.value for c in sheet[1]] == list(TEMPLATE_COLUMNS) and sheet.max_row == 1
    column = {name: get_column_letter(i) for i, name in enumerate(TEMPLATE_COLUMNS, start=1)}
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    sector = validations[f"{column['sector']}2"]
    assert sector.type == "list" and sector.formula1.strip('"').split(",") == list(SECTORS)
    states = validations[f"{column['states']}2"]
    assert states.type == "list" and not states.showErrorMessage  # "Rajasthan; Bihar" stays allowed
    lists, cells = states.formula1.split("!")
    first, last = (int(c.rsplit("$", 1)[1]) for c in cells.split(":"))
    assert book[lists].sheet_state == "hidden"
    assert [book[lists][f"A{r}"].value for r in range(first, last + 1)] == list(ALL_STATES)
    date = validations[f"{column['date']}2"]
    assert date.showInputMessage and date.prompt == "Mar 2022, 15 Mar 2022 or 2022"
    assert "Mar 2022, 15 Mar 2022 or 2022" in sheet[f"{column['date']}1"].comment.text


def test_the_xlsx_template_explains_each_column_with_the_example_apart(tmp_path):
    book = openpyxl.load_workbook(xlsx_template(tmp_path))
    guide = book.worksheets[1]
    rows = list(guide.iter_rows(values_only=True))
    assert rows[0] == ("column", "required", "what to write", "example")
    assert [r[0] for r in rows[1:]] == list(TEMPLATE_COLUMNS)
    assert all(r[2] for r in rows[1:])  # every column is explained
    example = {r[0]: r[3] for r in rows[1:]}
    assert example["id"] == TEMPLATE_EXAMPLE_ID and example["states"] == "Rajasthan; Bihar"
    assert {r[0]: r[1] for r in rows[1:]}["rationale"] == "yes"


def test_the_xlsx_template_loads_as_no_milestones_not_as_the_example(tmp_path):
    result = load_milestones(xlsx_template(tmp_path))
    assert [str(e) for e in result.errors] == [
        "The file has a header row but no milestones: nothing to publish."
    ]
    assert str(result.source) == "sheet 'milestones'"


def test_a_filled_in_xlsx_template_loads(tmp_path):
    path = xlsx_template(tmp_path)
    book = openpyxl.load_workbook(path)
    filled = {"date": "Mar 2022", "description": "Courts use video.", "rationale": "Children testify.",
              "states": "Rajasthan; Bihar", "sector": "Justice"}  # fmt: skip
    book["milestones"].append([filled.get(name, "") for name in TEMPLATE_COLUMNS])
    book.save(path)
    result = load_milestones(path)
    assert result.ok, result.errors
    assert list(result.milestones["states"]) == [("Rajasthan", "Bihar")]


@pytest.mark.parametrize(("rows", "said"), [(1, "1 error;"), (2, "2 errors;")])
def test_the_summary_counts_in_good_grammar(tmp_path, rows, said):
    path = tmp_path / "bad.csv"
    path.write_text("date,description,rationale\n" + "".join(f"bad,{i}.,R\n" for i in range(rows)))
    assert said in run("check", path).stdout


def test_an_xlsx_template_needs_a_file_to_go_to():
    done = run("template", "--format", "xlsx")
    assert done.returncode == 2 and "add -o FILE" in done.stderr


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "timelinejs"])
def test_the_command_line_writes_what_render_makes(tmp_path, shipped_csv_published, fmt):
    """The CLI's export and the app's downloads both come from ``export.render``: the same bytes."""
    url, engine = shipped_csv_published
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "clfj_data", "export", "--format", fmt, "--sector", "Justice", "-o", out],
        capture_output=True, text=True, env={**os.environ, "CLFJ_DATABASE_URL": url},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    justice = Filters(sectors=("Justice",))
    frame = apply_filters(store.read_milestones(engine), justice)
    made = render(
        fmt, frame, programme=load_programme(), version=store.current_version(engine), filters=justice
    )
    if fmt == "xlsx":  # a workbook records when it was written: compare what it holds
        assert _sheet(out.read_bytes()) == _sheet(made.data)
    elif fmt == "timelinejs":
        assert json.loads(out.read_bytes()) == json.loads(made.data)
    else:
        assert out.read_bytes() == made.data


@pytest.fixture
def shipped_csv_published(tmp_path):
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    engine = store.connect(url)
    store.ensure_ready(engine)  # an empty database imports the shipped milestones as version 1
    yield url, engine
    engine.dispose()


def _sheet(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))


# Where a file cannot be written, and settings that cannot be used: one sentence, never a traceback.

UNWRITABLE = {
    "a folder": ("{tmp}", "Is a directory"),
    "a missing folder": ("{tmp}/no-such-folder/out.csv", "No such file or directory"),
    "a full disk": ("/dev/full", "No space left on device"),
    "/proc": ("/proc/clfj-out.csv", ""),
}


@pytest.mark.parametrize("target", UNWRITABLE, ids=list(UNWRITABLE))
@pytest.mark.parametrize(
    "command", [("template",), ("template", "--format", "xlsx"), ("export", "--format", "csv")], ids=" ".join
)
def test_an_output_that_cannot_be_written_is_one_sentence(tmp_path, target, command):
    path, reason = UNWRITABLE[target]
    path = path.format(tmp=tmp_path)
    done = run(*command, "-o", path, env={"CLFJ_DATABASE_URL": f"sqlite:///{tmp_path / 'clfj.sqlite3'}"})
    assert done.returncode == 2
    assert done.stderr.startswith(f"Cannot write {path}: {reason}") and done.stderr.count("\n") == 1, (
        done.stderr
    )


@pytest.mark.parametrize(
    "setting", ["CLFJ_MAX_UPLOAD_MB=abc", "CLFJ_MAX_UPLOAD_MB=1e99", "CLFJ_MAX_ROWS=many"], ids=str
)
def test_a_limit_that_cannot_be_used_is_one_sentence(setting):
    name, value = setting.split("=")
    done = run("check", REPO / "data" / "milestones.csv", env={name: value})
    assert done.returncode != 0
    assert done.stderr.startswith(f"{name} must be") and done.stderr.count("\n") == 1, done.stderr
