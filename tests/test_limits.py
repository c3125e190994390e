"""Files built to exhaust the loader, as ``check`` and ``publish`` meet them: each is refused with a
plain sentence, quickly, in little memory, however wide, dense or endless it is."""

import ast
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from clfj_data import Limits, UnreadableFile, load_milestones, store
from clfj_data.export import to_xlsx

# Each limit is measured in a child process, as a person would run the checker.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
MB = 2**20
SECONDS = 2.0  # a refusal comes back within this
PEAK_MB = 300  # and the process never holds more than this, the interpreter and its imports included
HEADER = ["Date", "What changed", "Why it matters"]


@pytest.fixture(autouse=True)
def default_limits(monkeypatch):
    """Every expectation is written against the loader's default limits."""
    monkeypatch.delenv("CLFJ_MAX_UPLOAD_MB", raising=False)
    monkeypatch.delenv("CLFJ_MAX_ROWS", raising=False)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


# Runs the command line as ``python -m clfj_data`` does, then writes the process's peak memory
# (VmHWM) to the file named first. Not getrusage: a child's ru_maxrss starts from what its
# parent held when it forked, so it would measure the test as much as the command.
MEASURED = """
import atexit, runpy, sys
peak_file = sys.argv.pop(1)
def write_peak():
    with open("/proc/self/status") as status, open(peak_file, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
atexit.register(write_peak)
sys.argv[0] = "clfj_data"
runpy.run_module("clfj_data", run_name="__main__", alter_sys=True)
"""


def run_cli(*args, env: dict | None = None, timeout: float = 30) -> Run:
    """``python -m clfj_data ARGS`` in a child process: its exit code, output, time and peak memory."""
    with tempfile.TemporaryDirectory() as scratch:
        out, err, peak = (Path(scratch) / name for name in ("out", "err", "peak"))
        command = [sys.executable, "-c", MEASURED, peak, *map(str, args)]
        started = time.perf_counter()
        with out.open("wb") as stdout, err.open("wb") as stderr:
            child = subprocess.Popen(
                command, stdout=stdout, stderr=stderr, cwd=REPO, env={**os.environ, **(env or {})}
            )
            try:
                child.wait(timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
                pytest.fail(
                    f"still running after {timeout} s: python -m clfj_data {' '.join(map(str, args))}"
                )
        seconds = time.perf_counter() - started
        return Run(child.returncode, out.read_text(), err.read_text(), seconds, int(peak.read_text()) / 1024)


def refused_in_time(source, words: str) -> None:
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match=re.escape(words)):
        load_milestones(source)
    assert time.perf_counter() - started < SECONDS


def assert_refused(run: Run, words: str) -> None:
    assert run.returncode == 2, run.stderr
    assert words in run.stderr and "cannot be read" in run.stderr
    assert "Traceback" not in run.stderr and "Error" not in run.stderr, run.stderr
    assert len(run.stderr.splitlines()) == 1, run.stderr


# Wide headers -----------------------------------------------------------------------------------


def wide_csv(columns: int, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    names = delimiter.join(f"note {n}" for n in range(columns - len(HEADER)))
    return f"{delimiter.join(HEADER)}{delimiter}{names}\r\nMar 2022{delimiter}d{delimiter}r\r\n".encode(
        encoding
    )


@pytest.mark.parametrize("columns", [100_000, 1_000_000])
def test_a_header_of_a_million_columns_is_refused_quickly_in_little_memory(tmp_path, columns):
    path = tmp_path / "wide.csv"
    path.write_bytes(wide_csv(columns))
    refused_in_time(path, f"The sheet has {columns:,} columns; the limit is 200.")
    run = run_cli("check", path)
    assert_refused(run, f"The sheet has {columns:,} columns; the limit is 200.")
    assert run.peak_mb < PEAK_MB, run.peak_mb


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ",")]
)
def test_the_column_limit_holds_in_every_encoding_and_delimiter(encoding, delimiter):
    assert load_milestones(wide_csv(200, encoding, delimiter)).ok
    with pytest.raises(UnreadableFile, match="The sheet has 201 columns; the limit is 200"):
        load_milestones(wide_csv(201, encoding, delimiter))


def test_a_header_whose_cells_span_lines_is_held_to_the_limit_too():
    header = '"Date\nof change",' + ",".join(f"n{i}" for i in range(300)) + ",What changed,Why it matters"
    with pytest.raises(UnreadableFile, match="The sheet has 303 columns"):
        load_milestones(f"{header}\r\nMar 2022,d,r\r\n".encode())


def test_commas_inside_quoted_headers_are_not_columns():
    header = 'Date,What changed,Why it matters,"Notes' + ", and more" * 300 + '"'
    result = load_milestones(f"{header}\r\nMar 2022,d,r,n\r\n".encode())
    ignored = [w.column for w in result.warnings if w.row == 1]
    assert result.ok and ignored == ["Notes" + ", and more" * 300]


def workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_wider_than_the_limit_is_refused():
    header = HEADER + [f"note {n}" for n in range(197)]
    assert load_milestones(workbook([header, ["Mar 2022", "d", "r"]])).ok
    with pytest.raises(UnreadableFile, match="The sheet has 202 columns; the limit is 200"):
        load_milestones(workbook([[*header, "one more", "and another"], ["Mar 2022", "d", "r"]]))


def test_a_data_row_of_millions_of_commas_is_refused_in_little_memory(tmp_path):
    path = tmp_path / "long-row.csv"
    path.write_bytes(
        b"date,description,rationale\r\nMar 2022,d,r\r\nMar 2022,d,r" + b"," * (19 * MB) + b"\r\n"
    )
    refused_in_time(path, "Row 3 has more than 100,000 commas")
    run = run_cli("check", path)
    assert_refused(run, "Row 3 has more than 100,000 commas")
    assert run.peak_mb < PEAK_MB, run.peak_mb


def test_quoted_text_full_of_commas_is_still_read():
    notes = "a, b" * 20_000  # and a row without notes, which the exact parser reads
    data = f'date,description,rationale,notes\r\nMar 2022,d,r\r\nMar 2022,e,r,"{notes}"\r\n'.encode()
    assert load_milestones(data).ok


# Dense workbooks ---------------------------------------------------------------------------------


def dense_workbook(megabytes: int, width: int) -> bytes:
    """A sheet of rows of ``width`` small numbers below the three headers, ``megabytes`` MB of them
    unpacked: a few MB packed, compressing no better than real data, so it passes every zip
    limit. Written part by part: openpyxl would take minutes to build it."""
    plain = zipfile.ZipFile(io.BytesIO(workbook([HEADER])))
    sheet = "xl/worksheets/sheet1.xml"
    head, tail = re.sub(r"<dimension [^>]*/>", "", plain.read(sheet).decode()).split("</sheetData>")
    pick = random.Random(1)
    block = "".join(  # a megabyte of varied rows, repeated further apart than deflate looks back
        "<row>" + "".join(f"<c><v>{pick.choice('12')}</v></c>" for _ in range(width)) + "</row>"
        for _ in range(MB // (15 * width))
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for item in plain.infolist():
            if item.filename != sheet:
                archive.writestr(item, plain.read(item))
        with archive.open(sheet, "w", force_zip64=True) as part:
            part.write(head.encode())
            for _ in range(megabytes):
                part.write(block)
            part.write(f"</sheetData>{tail}".encode())
    return out.getvalue()


@pytest.fixture(scope="module")
def dense(tmp_path_factory) -> Path:
    """8 MB that unpack to 181 MB: 84,000 rows of 150 one-digit cells, 12.6 million in all."""
    path = tmp_path_factory.mktemp("dense") / "dense.xlsx"
    path.write_bytes(dense_workbook(180, 150))
    return path


def test_a_workbook_of_millions_of_small_cells_is_refused_quickly_in_little_memory(dense):
    refused_in_time(dense, "The workbook holds more than 2,000,000 cells")
    run = run_cli("check", dense)
    assert_refused(run, "Split it, or ask the administrator to raise CLFJ_MAX_ROWS.")
    assert run.peak_mb < PEAK_MB, run.peak_mb


def test_the_cell_limit_grows_with_the_row_limit():
    data = dense_workbook(2, 100)  # 1,400 rows of 100 cells
    with pytest.raises(UnreadableFile, match="holds more than 20,000 cells"):
        load_milestones(data, limits=Limits(max_rows=1_000))
    assert load_milestones(data).errors  # read, and its cells found not to be dates


def test_a_sheet_declaring_every_column_is_read_no_wider_than_its_headers():
    """16,384 declared columns would be 16,384 cells a row to walk for each of 20,000 rows."""
    sheet = "xl/worksheets/sheet1.xml"
    plain = zipfile.ZipFile(io.BytesIO(workbook([HEADER, ["Mar 2022", "d", "r"]])))
    xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD20000"', plain.read(sheet).decode())
    empty_rows = "".join(f'<row r="{n}"/>' for n in range(3, 20_001))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in plain.infolist():
            content = (
                xml.replace("</sheetData>", empty_rows + "</sheetData>") if item.filename == sheet else None
            )
            archive.writestr(item, content or plain.read(item))
    started = time.perf_counter()
    assert load_milestones(out.getvalue()).ok
    assert time.perf_counter() - started < SECONDS


# One way to read a file -------------------------------------------------------------------------


def test_the_xlsx_reader_stands_apart_from_the_csv_reader():
    """read.py hands workbooks to xlsx.py; xlsx.py must not reach back into read.py."""
    tree = ast.parse((REPO / "clfj_data" / "xlsx.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "read" not in imported and "clfj_data.read" not in imported, imported


def sparse_file(tmp_path) -> Path:
    path = tmp_path / "big.csv"
    with path.open("wb") as file:
        file.truncate(1200 * MB)  # a 1.2 GB file that takes no disk
    return path


def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)  # nothing ever writes to it
    return path


ENDLESS = {
    "a 1.2 GB file": (sparse_file, "The file is 1200.0 MB; the limit is 20 MB."),
    "/dev/zero": (lambda tmp_path: Path("/dev/zero"), "/dev/zero is a device, not a file"),
    "a pipe": (fifo, "pipe.csv is a pipe, not a file"),
    "a folder": (lambda tmp_path: tmp_path, "is a folder, not a file"),
}


@pytest.mark.parametrize("source", ENDLESS, ids=str)
def test_check_refuses_what_is_too_big_or_never_ends(tmp_path, source):
    make, words = ENDLESS[source]
    run = run_cli("check", make(tmp_path))
    assert_refused(run, words)
    assert run.peak_mb < PEAK_MB, run.peak_mb


@pytest.mark.parametrize("source", ENDLESS, ids=str)
def test_publish_refuses_them_alike_and_publishes_nothing(tmp_path, source):
    make, words = ENDLESS[source]
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    (tmp_path / "input").mkdir()
    run = run_cli(
        "publish", make(tmp_path / "input"), "--by", "Priya", "--note", "x", env={"CLFJ_DATABASE_URL": url}
    )
    assert_refused(run, words)
    assert "Nothing was published." in run.stderr
    assert run.peak_mb < PEAK_MB, run.peak_mb
    engine = store.connect(url)
    assert [v.version for v in store.history(engine)] == [1]
    engine.dispose()


# Repeated rows ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (b"Mar 2022,d,r,", "This milestone repeats rows 2, 3, 4, 5, 6 and "),
        (b"Mar 2022,d,r,same-id", "used by more than one row (rows 2, 3, 4, 5, 6 and 19,995 more)"),
    ],
)
def test_twenty_thousand_repeated_rows_are_checked_in_seconds_in_short_messages(row, words):
    """Each row's message named every other row: their length grew with the square of the rows."""
    started = time.perf_counter()
    result = load_milestones(b"date,description,rationale,id\r\n" + (row + b"\r\n") * 20_000)
    assert time.perf_counter() - started < SECONDS * 2
    assert len(result.errors) >= 19_999 and any(words in e.message for e in result.errors)
    assert max(len(e.message) for e in result.errors) < 200


def xlsx_seconds(frame: pd.DataFrame) -> float:
    """The least processor time (not wall time, which other work on the machine stretches) of
    three XLSX exports of ``frame``."""
    times = []
    for _ in range(3):
        started = time.process_time()
        to_xlsx(frame)
        times.append(time.process_time() - started)
    return min(times)


def test_xlsx_export_grows_linearly_with_the_table(shipped):
    """Writing cells by row number: asking openpyxl for max_row per cell made 10,000 rows take minutes."""
    small, large = (
        shipped.sample(n=n, replace=True, random_state=1).reset_index(drop=True) for n in (250, 1000)
    )
    # Four times the rows: about four times the time and the bytes (less, for the fixed part of a
    # workbook); work per cell that grows with the sheet would make it sixteen.
    assert xlsx_seconds(large) < 6 * xlsx_seconds(small)
    assert len(to_xlsx(large)) < 4 * len(to_xlsx(small))
