"""``python -m clfj_data publish``, ``history``, ``rollback`` and ``export``, run as a person runs them,
against the database CLFJ_DATABASE_URL names."""

import concurrent.futures
import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from appserver import REPO

from clfj_data import load_milestones, store
from clfj_data.auth import Staff

pytestmark = pytest.mark.slow

BY, NOTE = "Priya Sharma", "Added the April results."
HISTORY_TYPES = {
    "version": int,
    "published_at": str,
    "published_by": str,
    "note": str,
    "milestones": int,
    "sha256": str,
    "current": bool,
}
ISO_8601_WITH_ZONE = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"
EXTRA = {
    "id": "victim-compensation",
    "date": "Apr 2022",
    "title": "Rescued children receive victim compensation",
    "description": "Jaipur courts award victim compensation to rescued children.",
    "rationale": "Compensation helps a child’s family keep them in school.",
    "states": "Rajasthan",
    "place": "Jaipur",
    "sector": "Justice",
    "source": "https://www.clfjaipur.org/results/",
}
# Text a spreadsheet would run as a formula, as a visitor's upload might carry it.
FORMULAS = {
    "title": "@SUM(1+1) courts act",
    "description": '=HYPERLINK("http://x")',
    "rationale": "+91 for more testimony",
    "place": "-2 km from Jaipur",
}
BAD_CSV = b"date,description,rationale,states\nMar 2022,Courts use video.,Kids testify.,Rajastan\n"


def run(url: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "clfj_data", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "CLFJ_DATABASE_URL": url},
    )


def history(url: str) -> list[dict]:
    done = run(url, "history", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["versions"]


def export(url: str, path: Path, *args) -> pd.DataFrame:
    """Export to ``path`` with ``args``; the milestones the loader reads back from the file."""
    done = run(url, "export", "-o", path, *args)
    assert done.returncode == 0, done.stderr
    result = load_milestones(path)
    assert result.ok, result.errors
    return result.milestones


def csv_file(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(dict.fromkeys(k for row in rows for k in row)))
        writer.writeheader()
        writer.writerows(rows)
    return path


def month(row: dict) -> dt.date:
    """The shipped file writes every date as a month: ``Mar 2022``."""
    return dt.datetime.strptime(row["date"], "%b %Y").date()


def states(row: dict) -> list[str]:
    return [s.strip() for s in row["states"].split(";") if s.strip()]


def published(url: str, *paths: Path) -> str:
    """``url`` made ready (the shipped data as version 1) and ``paths`` published after it, in-process."""
    engine = store.connect(url)
    store.ensure_ready(engine)
    for path in paths:
        store.publish_version(engine, path.read_bytes(), path.name, by=Staff(BY, "command line"), note=NOTE)
    engine.dispose()
    return url


def history_as_stored(url: str) -> list[dict]:
    engine = store.connect(url)
    entries = [v.as_json() for v in store.history(engine)]
    engine.dispose()
    return entries


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'clfj.sqlite3'}"


@pytest.fixture
def april(tmp_path, shipped_rows) -> Path:
    """The shipped milestones and one more, as a person would upload them."""
    return csv_file(tmp_path / "april.csv", [*shipped_rows, EXTRA])


@pytest.fixture(scope="module")
def april_published(tmp_path_factory, shipped_rows) -> tuple[str, Path]:
    """A database where the april file is version 2 (current), after the shipped data; only read from."""
    folder = tmp_path_factory.mktemp("april")
    upload = csv_file(folder / "april.csv", [*shipped_rows, EXTRA])
    return published(f"sqlite:///{folder / 'clfj.sqlite3'}", upload), upload


@pytest.fixture(scope="module")
def formulas_published(tmp_path_factory, shipped_rows) -> str:
    """A database whose current version has a milestone with text a spreadsheet would run."""
    folder = tmp_path_factory.mktemp("formulas")
    upload = csv_file(folder / "formulas.csv", [{**EXTRA, **FORMULAS}, *shipped_rows])
    return published(f"sqlite:///{folder / 'clfj.sqlite3'}", upload)


# publish


def test_publish_prints_only_the_new_version_number(url, april):
    done = run(url, "publish", april, "--by", BY, "--note", NOTE)
    assert (done.returncode, done.stdout) == (0, "2\n"), done.stderr
    newest = history(url)[0]
    assert {key: newest[key] for key in ("version", "published_by", "note", "current")} == {
        "version": 2,
        "published_by": BY,
        "note": NOTE,
        "current": True,
    }
    assert newest["sha256"] == hashlib.sha256(april.read_bytes()).hexdigest()
    assert newest["milestones"] == len(load_milestones(april).milestones)


@pytest.mark.parametrize(
    ("name", "content", "options", "exit_code"),
    [
        ("bad.csv", BAD_CSV, {}, 1),
        ("empty.csv", b"", {}, 2),
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n", {}, 2),
        ("missing.csv", None, {}, 2),
        ("april.csv", None, {"--note": ""}, 1),
        ("april.csv", None, {"--by": " "}, 1),
    ],
    ids=["content-errors", "empty-file", "not-a-spreadsheet", "no-such-file", "empty-note", "blank-name"],
)
def test_a_refused_publish_exits_1_or_2_and_writes_nothing(
    url, tmp_path, april, name, content, options, exit_code
):
    path = tmp_path / name  # without content: the april file, or no file at all
    if content is not None:
        path.write_bytes(content)
    before = history_as_stored(published(url))
    author = {"--by": BY, "--note": NOTE, **options}
    done = run(url, "publish", path, *itertools.chain.from_iterable(author.items()))
    assert done.returncode == exit_code
    assert done.stdout == ""
    assert "Nothing was published." in done.stderr and "Traceback" not in done.stderr
    assert history(url) == before


# history


def test_history_json_has_exactly_the_documented_keys_and_types(april_published):
    url, _ = april_published
    versions = history(url)
    assert [v["version"] for v in versions] == [2, 1]
    for entry in versions:
        assert {key: type(value) for key, value in entry.items()} == HISTORY_TYPES
        assert re.fullmatch(ISO_8601_WITH_ZONE, entry["published_at"])
        assert dt.datetime.fromisoformat(entry["published_at"]).utcoffset() is not None
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
    assert [v["current"] for v in versions] == [True, False]
    assert versions[0]["published_at"] >= versions[1]["published_at"]


# rollback


def test_rollback_prints_the_new_number_and_restores_the_old_data(url, april, tmp_path, shipped):
    published(url, april)
    done = run(url, "rollback", "1", "--by", "Ravi", "--note", "April was not approved")
    assert (done.returncode, done.stdout) == (0, "3\n"), done.stderr
    newest, *older = history(url)
    assert (newest["version"], newest["published_by"], newest["current"]) == (3, "Ravi", True)
    assert newest["sha256"] == older[-1]["sha256"]
    pd.testing.assert_frame_equal(export(url, tmp_path / "now.csv", "--format", "csv"), shipped)


def test_rollback_to_an_unknown_version_exits_1_and_writes_nothing(url):
    before = history_as_stored(published(url))
    done = run(url, "rollback", "7", "--by", BY, "--note", NOTE)
    assert (done.returncode, done.stdout) == (1, "")
    assert "There is no version 7" in done.stderr and "Traceback" not in done.stderr
    assert history(url) == before


# export


@pytest.mark.parametrize(
    ("file_format", "version"), [("csv", None), ("xlsx", None), ("csv", 1), ("xlsx", 1), ("csv", 2)]
)
def test_export_writes_the_current_version_or_the_one_asked_for(
    april_published, tmp_path, shipped, file_format, version
):
    url, april = april_published
    expected = shipped if version == 1 else load_milestones(april).milestones
    options = () if version is None else ("--version", version)
    out = tmp_path / f"out.{file_format}"
    pd.testing.assert_frame_equal(export(url, out, "--format", file_format, *options), expected)


@pytest.mark.parametrize(
    ("file_format", "options", "keep"),
    [
        ("csv", ["--state", "Bihar"], lambda row: "Bihar" in states(row)),
        ("xlsx", ["--state", "Not specified"], lambda row: not states(row)),
        ("csv", ["--sector", "Justice"], lambda row: row["sector"] == "Justice"),
        (
            "csv",
            ["--from", "2021", "--to", "2022-02"],
            lambda row: dt.date(2021, 1, 1) <= month(row) <= dt.date(2022, 2, 1),
        ),
        (
            "xlsx",
            ["--state", "Rajasthan", "--sector", "Justice", "--sector", "Education", "--to", "2020"],
            lambda row: (
                "Rajasthan" in states(row)
                and row["sector"] in ("Justice", "Education")
                and month(row).year <= 2020
            ),
        ),
    ],
    ids=["state", "no-state", "sector", "date-range", "combined"],
)
def test_export_filters_cut_as_the_dashboards_do(
    april_published, tmp_path, shipped_rows, file_format, options, keep
):
    url, _ = april_published
    rows = [*shipped_rows, EXTRA]  # the current version
    expected = sorted(row["id"] for row in rows if keep(row))
    assert 0 < len(expected) < len(rows)  # the filter keeps some, not all
    exported = export(url, tmp_path / f"out.{file_format}", "--format", file_format, *options)
    assert sorted(exported["id"]) == expected


@pytest.mark.parametrize("version", [99, 2**31 - 1])
def test_export_of_an_unknown_version_exits_1_and_writes_no_file(april_published, tmp_path, version):
    url, _ = april_published
    out = tmp_path / "out.csv"
    done = run(url, "export", "--format", "csv", "--version", version, "-o", out)
    assert done.returncode == 1 and "There is no version" in done.stderr
    assert not out.exists()


# A version number no version can have is a wrong command line (exit 2, as argparse exits),
# on either database: it never reaches the database, whose integers stop at 2**31 - 1.
NOT_VERSIONS = ["99999999999999999999", "2147483648", "0", "-1", "1.5"]


def test_a_version_that_is_not_a_whole_number_from_1_to_2147483647_is_refused(database_url, tmp_path):
    published(database_url)
    before = history(database_url)
    out = tmp_path / "out.csv"
    argvs = [
        argv
        for version in NOT_VERSIONS
        for argv in (
            ("export", "--format", "csv", f"--version={version}", "-o", out),
            ("rollback", "--by", BY, "--note", NOTE, "--", version),
        )
    ]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda argv: run(database_url, *argv), argvs))
    for argv, done in zip(argvs, runs, strict=True):
        version = argv[3].removeprefix("--version=") if argv[0] == "export" else argv[-1]
        assert (done.returncode, done.stdout) == (2, ""), (argv, done.stderr)
        assert f"a version is a whole number from 1 to 2147483647, not '{version}'" in done.stderr
        assert "Traceback" not in done.stderr
    assert not out.exists()
    assert history(database_url) == before


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--from", "2020-13"], 'The --from value "2020-13" is not a date'),
        (["--from", "abc"], 'The --from value "abc" is not a date'),
        (["--to", "99999"], 'The --to value "99999" is not a date'),
        (["--from", "2020-02-30"], 'The --from value "2020-02-30" is not a date'),
        (["--state", "<script>"], 'The --state value "<script>" is not a state or union territory'),
        (["--state", "Bihr"], "Did you mean Bihar?"),
        (["--state", "Jaipur"], "is a city, not a state: it is in Rajasthan."),
        (["--sector", "Justise"], "Did you mean Justice?"),
    ],
)
def test_export_refuses_filter_values_it_cannot_read(april_published, tmp_path, options, said):
    url, _ = april_published
    out = tmp_path / "out.csv"
    done = run(url, "export", "--format", "csv", *options, "-o", out)
    assert (done.returncode, done.stdout) == (2, "")
    assert said in done.stderr and "Nothing was exported." in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_export_reads_the_names_the_loader_reads_for_states_and_sectors(
    april_published, tmp_path, shipped_rows
):
    url, _ = april_published
    rows = [*shipped_rows, EXTRA]
    exported = export(url, tmp_path / "out.csv", "--format", "csv", "--state", "bihar", "--sector", "legal")
    assert sorted(exported["id"]) == sorted(
        row["id"] for row in rows if "Bihar" in states(row) and row["sector"] == "Justice"
    )


def test_exported_csv_cells_are_never_formulas(formulas_published, tmp_path):
    out = tmp_path / "out.csv"
    export(formulas_published, out, "--format", "csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    (exported,) = [row for row in rows if row["id"] == EXTRA["id"]]
    assert {field: exported[field] for field in FORMULAS} == {
        field: "'" + text for field, text in FORMULAS.items()
    }
    assert exported["description"] == '\'=HYPERLINK("http://x")'
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())


def test_exported_xlsx_cells_are_all_text_and_never_formulas(formulas_published, tmp_path, shipped_rows):
    out = tmp_path / "out.xlsx"
    export(formulas_published, out, "--format", "xlsx")
    sheet = openpyxl.load_workbook(out).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert sheet.max_row == 1 + len(shipped_rows) + 1
    # Cells with text are strings; an empty cell is an empty inline string (text too), never a number.
    assert {cell.data_type for cell in cells if cell.value is not None} == {"s"}
    assert {cell.data_type for cell in cells if cell.value is None} <= {"inlineStr"}
    assert all(isinstance(cell.value, str) for cell in cells if cell.value is not None)
    header, *rows = sheet.iter_rows(values_only=True)
    (exported,) = [dict(zip(header, row, strict=True)) for row in rows if row[0] == EXTRA["id"]]
    assert {field: exported[field] for field in FORMULAS} == {
        field: "'" + text for field, text in FORMULAS.items()
    }
    assert exported["description"] == '\'=HYPERLINK("http://x")'
    with zipfile.ZipFile(out) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere


# The whole cycle, on each database the store supports


def test_publish_history_rollback_and_export_on_each_database(database_url, april, tmp_path, shipped):
    assert run(database_url, "publish", april, "--by", BY, "--note", NOTE).stdout == "2\n"
    assert run(database_url, "rollback", "1", "--by", BY, "--note", "Undo").stdout == "3\n"
    versions = history(database_url)
    assert [(v["version"], v["current"]) for v in versions] == [(3, True), (2, False), (1, False)]
    assert versions[0]["sha256"] == versions[2]["sha256"] != versions[1]["sha256"]
    pd.testing.assert_frame_equal(export(database_url, tmp_path / "now.xlsx", "--format", "xlsx"), shipped)


# diff


def reworded(text: str) -> str:
    """``text`` with its first word replaced by two others."""
    return "Put plainly: " + text.split(" ", 1)[1]


@pytest.fixture
def review(tmp_path, shipped_rows) -> tuple[Path, dict, dict]:
    """The shipped milestones with the first removed, the next one's rationale reworded and
    the EXTRA milestone added; the removed and the reworded milestone as shipped."""
    removed, changed, *rest = shipped_rows
    edited = {**changed, "rationale": reworded(changed["rationale"])}
    path = csv_file(tmp_path / "review.csv", [edited, *rest, EXTRA])
    return path, removed, changed


def test_diff_json_reports_a_changed_rationale_an_added_and_a_removed_milestone(url, review):
    path, removed, changed = review
    before = history_as_stored(published(url))
    done = run(url, "diff", path, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "against": 1,
        "added": [{"id": EXTRA["id"], "title": EXTRA["title"]}],
        "removed": [{"id": removed["id"], "title": removed["title"]}],
        "changed": [
            {
                "id": changed["id"],
                "title": changed["title"],
                "fields": {
                    "rationale": {"before": changed["rationale"], "after": reworded(changed["rationale"])}
                },
            }
        ],
    }
    assert history(url) == before  # a diff publishes nothing


def test_diff_text_shows_each_changed_field_with_its_words_marked(url, review, tmp_path, shipped_rows):
    path, removed, changed = review
    published(url)
    done = run(url, "diff", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Compared with version 1: 1 added, 1 removed, 1 changed.\n")
    assert f"+ {EXTRA['title']} ({EXTRA['id']})" in done.stdout
    assert f"- {removed['title']} ({removed['id']})" in done.stdout
    assert f"~ {changed['title']} ({changed['id']})" in done.stdout
    rationale = next(line for line in done.stdout.splitlines() if "rationale:" in line)
    first, rest = changed["rationale"].split(" ", 1)
    assert rationale == f"      rationale: [-{first}-]{{+Put plainly:+}} {rest}"
    same = run(url, "diff", csv_file(tmp_path / "same.csv", list(reversed(shipped_rows))))
    assert (same.returncode, same.stdout) == (0, "Compared with version 1: no changes.\n")


def test_diff_exits_as_check_does_for_a_bad_file_and_3_without_a_database(url, tmp_path, review):
    published(url)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_CSV)
    invalid = run(url, "diff", bad)
    assert (invalid.returncode, invalid.stdout) == (1, "")
    assert "row 2" in invalid.stderr.lower() and "Traceback" not in invalid.stderr
    missing = run(url, "diff", tmp_path / "missing.csv")
    assert (missing.returncode, missing.stdout) == (2, "") and "cannot be read" in missing.stderr
    (tmp_path / "a-file").write_text("")
    unreachable = run(f"sqlite:///{tmp_path / 'a-file' / 'clfj.sqlite3'}", "diff", review[0])
    assert (unreachable.returncode, unreachable.stdout) == (3, "")
    assert unreachable.stderr.startswith("The SQLite database") and "Traceback" not in unreachable.stderr


# what publishing refuses


def test_an_identical_file_and_an_identical_restore_are_refused(database_url, april, tmp_path, shipped_rows):
    published(database_url)
    # Other bytes (the rows in another order), the same milestones.
    resaved = csv_file(tmp_path / "resaved.csv", list(reversed(shipped_rows)))
    done = run(database_url, "publish", resaved, "--by", BY, "--note", NOTE)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "no changes: identical to version 1\n")
    assert [v["version"] for v in history(database_url)] == [1]

    assert run(database_url, "publish", april, "--by", BY, "--note", NOTE).stdout == "2\n"
    again = run(database_url, "publish", april, "--by", BY, "--note", "a re-run")
    assert (again.returncode, again.stderr) == (1, "no changes: identical to version 2\n")
    current = run(database_url, "rollback", "2", "--by", BY, "--note", NOTE)
    assert (current.returncode, current.stdout, current.stderr) == (
        1,
        "",
        "no changes: identical to version 2\n",
    )
    assert run(database_url, "rollback", "1", "--by", BY, "--note", NOTE).stdout == "3\n"
    restored = run(database_url, "rollback", "1", "--by", BY, "--note", NOTE)
    assert (restored.returncode, restored.stderr) == (1, "no changes: identical to version 3\n")
    assert [v["version"] for v in history(database_url)] == [3, 2, 1]


def test_a_file_with_headers_but_no_milestones_is_refused_by_check_and_publish(url, tmp_path, shipped_rows):
    path = tmp_path / "headers.csv"
    path.write_text(",".join(shipped_rows[0]) + "\n", encoding="utf-8")
    before = history_as_stored(published(url))
    done = run(url, "publish", path, "--by", BY, "--note", NOTE)
    assert (done.returncode, done.stdout) == (1, "")
    assert "a header row but no milestones: nothing to publish" in done.stderr
    checked = run(url, "check", path)
    assert checked.returncode == 1 and "a header row but no milestones" in checked.stdout
    assert history(url) == before
