"""The versioned store on SQLite and PostgreSQL: publish, history, rollback, and what survives
refusals, races between processes and a writer killed mid-publish."""

import contextlib
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from appserver import REPO

from clfj_data import UnreadableFile, load_milestones, shipped_milestones_path, store
from clfj_data.auth import NotStaff, Staff
from clfj_data.records import to_records

SHIPPED_BY = "CLFJ (shipped data)"
PRIYA = Staff("Priya Sharma", "password")
RAVI = Staff("ravi@clfj.org", "login")
EXTRA = {
    "id": "victim-compensation",
    "date": "Apr 2022",
    "title": "Rescued children receive victim compensation",
    "description": "Jaipur courts award victim compensation to rescued children.",
    "rationale": "Compensation helps a child’s family keep them in school.",
    "states": "Rajasthan; Bihar",
    "place": "Jaipur",
    "sector": "Justice",
    "source": "https://www.clfjaipur.org/results/",
}
BAD_CSV = b"date,description,rationale,states\nMar 2022,Courts use video.,Kids testify.,Rajastan\n"
PICTURE = b"\x89PNG\r\n\x1a\n"

PROCESSES, PUBLISHES_EACH = 4, 5
KILLS, KILL_SEED = 15, 20220301

# A writer in its own process: waits for "go" on stdin (so that every writer starts at once),
# makes the store ready as each command-line call does, then publishes its files in order.
PUBLISHER = """
import sys
from pathlib import Path
from clfj_data import store
from clfj_data.auth import Staff

url, name, *paths = sys.argv[1:]
engine = store.connect(url)
print("ready", flush=True)
sys.stdin.readline()
store.ensure_ready(engine)
for path in map(Path, paths):
    info = store.publish_version(
        engine, path.read_bytes(), path.name, by=Staff(name, "command line"), note=f"{name}: {path.name}"
    )
    print(info.version, flush=True)
"""

# Writers that publish (and every fourth time roll back) until they are killed. Each is forked
# from this process, which has imported the store once, so that it starts in milliseconds; the
# process reports how each writer ended.
WRITERS = """
import itertools, os, sys, traceback
from pathlib import Path
from clfj_data import store
from clfj_data.auth import Staff

def write_until_killed(url, paths):
    engine = store.connect(url)
    store.ensure_ready(engine)
    staff = Staff("Interrupted", "command line")
    print("ready", os.getpid(), flush=True)
    for n, path in enumerate(itertools.cycle(map(Path, paths)), start=1):
        try:
            if n % 4 == 0:
                store.rollback(engine, 1, by=staff, note=f"rollback {n}")
            else:
                store.publish_version(engine, path.read_bytes(), path.name, by=staff, note=f"publish {n}")
        except store.NoChanges:  # the writer killed before this one published the same content
            continue
        print("wrote", n, flush=True)

url, *paths = sys.argv[1:]
for _ in sys.stdin:  # one line per writer to start
    pid = os.fork()
    if pid == 0:
        try:
            write_until_killed(url, paths)
        except BaseException:
            traceback.print_exc()
        os._exit(1)  # a writer never returns to this loop
    _, status = os.waitpid(pid, 0)
    print("ended", os.waitstatus_to_exitcode(status), flush=True)
"""


def english_only(rows: list[dict]) -> list[dict]:
    return [{name: value for name, value in row.items() if not name.endswith("_hi")} for row in rows]


def csv_file(rows: list[dict], *, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_file(rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(rows[0]))
    for row in rows:
        book.active.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_extra(rows: list[dict], *tags: str) -> list[dict]:
    """The rows and one more milestone for each tag."""
    extra = [
        {**EXTRA, "id": f"extra-{tag}", "title": f"Extra {tag}", "description": f"Milestone {tag}."}
        for tag in tags
    ]
    return [*rows, *extra]


def seen(engine: sa.Engine):
    """Everything a reader can see: the history, the current version and its milestones."""
    return store.history(engine), store.current_version(engine), to_records(store.read_milestones(engine))


def kept(engine: sa.Engine, version: int):
    """What a version holds, apart from whether it is current."""
    info = dataclasses.replace(store.version_info(engine, version), current=False)
    return info, store.read_file(engine, version), to_records(store.read_milestones(engine, version))


def one_current(engine: sa.Engine) -> int:
    """The current version, checked to be the only one marked current, in the table and in the history."""
    with engine.connect() as connection:
        pointers = connection.execute(sa.select(store.current.c.version)).scalars().all()
    marked = [v.version for v in store.history(engine) if v.current]
    assert len(pointers) == 1 and marked == pointers == [store.current_version(engine).version]
    return pointers[0]


# First use


@pytest.mark.unit
def test_first_use_imports_the_shipped_file_as_version_1(engine, shipped):
    shipped_bytes = shipped_milestones_path().read_bytes()
    store.ensure_ready(engine)
    (first,) = store.history(engine)
    assert first == store.VersionInfo(
        version=1,
        published_at=first.published_at,
        published_by=SHIPPED_BY,
        note=first.note,
        milestones=len(shipped),
        sha256=hashlib.sha256(shipped_bytes).hexdigest(),
        file_name="milestones.csv",
        restores=None,
        current=True,
    )
    assert first.milestones == 10 and first.note
    assert store.read_file(engine, 1) == ("milestones.csv", shipped_bytes)
    pd.testing.assert_frame_equal(store.read_milestones(engine), shipped)
    assert store.current_version(engine) == first


@pytest.mark.unit
def test_ensure_ready_twice_imports_once(engine):
    store.ensure_ready(engine)
    before = seen(engine)
    store.ensure_ready(engine)
    assert seen(engine) == before
    assert len(before[0]) == 1


@pytest.mark.unit
def test_database_url_comes_from_the_environment_else_the_embedded_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    assert store.database_url({"CLFJ_DATABASE_URL": url}) == url
    for environ in ({}, {"CLFJ_DATABASE_URL": ""}):
        assert store.database_url(environ) == f"sqlite:///{store.DEFAULT_DATABASE}"


@pytest.mark.unit
def test_a_versions_details_are_stored_before_its_file_and_milestones(tmp_path):
    # Every page asks which version is current. SQLite reaches a row's later columns only by
    # walking through the pages of the large values before them (megabytes at 10,000 rows).
    engine = store.connect(f"sqlite:///{tmp_path / 'clfj.sqlite3'}")
    store.ensure_ready(engine)
    with engine.connect() as connection:
        columns = [row.name for row in connection.execute(sa.text("PRAGMA table_info(clfj_versions)"))]
    engine.dispose()
    assert columns[-2:] == ["milestones", "file_bytes"]
    assert {column.name for column in store._INFO_COLUMNS} <= set(columns[:-2])


# Publishing


@pytest.mark.unit
@pytest.mark.parametrize(
    ("file_name", "build"),
    [
        (
            "milestones (2).csv",
            lambda rows: csv_file(with_extra(rows, "a"), encoding="utf-8-sig", newline="\r\n"),
        ),
        # Windows-1252 has no Devanagari: such a file carries the English columns only.
        (
            "Meilensteine März.csv",
            lambda rows: csv_file(english_only(with_extra(rows, "b")), encoding="cp1252"),
        ),
        ("CLFJ results.xlsx", lambda rows: xlsx_file(with_extra(rows, "c", "d"))),
        ("two milestones.csv", lambda rows: csv_file(rows[:2])),
    ],
    ids=["excel-csv-with-bom", "windows-1252-csv", "xlsx", "fewer-milestones"],
)
def test_publish_stores_every_field_and_moves_current(ready, shipped_rows, file_name, build):
    data = build(shipped_rows)
    before = dt.datetime.now(dt.UTC)
    info = store.publish_version(ready, data, file_name, by=PRIYA, note="Added the April results.")
    after = dt.datetime.now(dt.UTC)

    expected = load_milestones(data, filename=file_name).milestones
    assert info == store.VersionInfo(
        version=2,
        published_at=info.published_at,
        published_by=PRIYA.name,
        note="Added the April results.",
        milestones=len(expected),
        sha256=hashlib.sha256(data).hexdigest(),
        file_name=file_name,
        restores=None,
        current=True,
    )
    assert before <= info.published_at <= after and info.published_at.utcoffset() == dt.timedelta(0)
    assert store.read_file(ready, 2) == (file_name, data)
    pd.testing.assert_frame_equal(store.read_milestones(ready, 2), expected)
    pd.testing.assert_frame_equal(store.read_milestones(ready), expected)
    assert store.current_version(ready) == info == store.history(ready)[0]
    assert store.version_info(ready, 1).current is False


@pytest.mark.unit
def test_exactly_one_version_is_current_after_publishes_and_rollbacks(ready, shipped_rows):
    steps = [
        lambda: store.publish_version(
            ready, csv_file(with_extra(shipped_rows, "a")), "a.csv", by=PRIYA, note="A"
        ),
        lambda: store.publish_version(ready, csv_file(shipped_rows[:3]), "b.csv", by=RAVI, note="B"),
        lambda: store.rollback(ready, 1, by=PRIYA, note="Back to the shipped data"),
        lambda: store.rollback(ready, 3, by=RAVI, note="B again"),
        lambda: store.publish_version(ready, xlsx_file(shipped_rows), "c.xlsx", by=PRIYA, note="C"),
    ]
    assert one_current(ready) == 1
    for expected, step in enumerate(steps, start=2):
        assert step().version == expected
        assert one_current(ready) == expected


# Refusals write nothing


@pytest.mark.unit
@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"data": BAD_CSV}, store.InvalidFile),
        ({"data": b""}, UnreadableFile),
        ({"data": PICTURE, "file_name": "picture.xlsx"}, UnreadableFile),
        ({"note": ""}, ValueError),
        ({"note": "  \n "}, ValueError),
        ({"note": "n" * (store.MAX_NOTE + 1)}, ValueError),
        ({"by": Staff("A" * (store.MAX_NAME + 1), "password")}, ValueError),
        ({"by": None}, NotStaff),
        ({"by": "Priya Sharma"}, NotStaff),
        ({"by": {"name": "Priya Sharma", "method": "password"}}, NotStaff),
        ({"by": SimpleNamespace(name="Priya Sharma", method="password")}, NotStaff),
        ({"by": Staff("  ", "password")}, NotStaff),
    ],
    ids=[
        "content-errors",
        "empty-file",
        "not-a-spreadsheet",
        "empty-note",
        "blank-note",
        "note-over-2000-characters",
        "name-over-200-characters",
        "no-one",
        "a-name-as-text",
        "a-dict",
        "a-staff-look-alike",
        "staff-without-a-name",
    ],
)
def test_a_refused_publish_writes_nothing(ready, shipped_rows, change, refusal):
    store.publish_version(ready, csv_file(with_extra(shipped_rows, "a")), "a.csv", by=PRIYA, note="A")
    before = seen(ready)
    offer = {"data": csv_file(with_extra(shipped_rows, "b")), "file_name": "b.csv", "by": RAVI, "note": "B"}
    offer |= change
    with pytest.raises(refusal) as refused:
        store.publish_version(ready, offer.pop("data"), offer.pop("file_name"), **offer)
    assert refused.type is refusal
    if refusal is store.InvalidFile:
        assert refused.value.result.errors
    assert seen(ready) == before


@pytest.mark.unit
@pytest.mark.parametrize(
    ("version", "by", "note", "refusal"),
    [
        (99, PRIYA, "Back", LookupError),
        (1, None, "Back", NotStaff),
        (1, "Priya Sharma", "Back", NotStaff),
        (1, PRIYA, "", ValueError),
    ],
    ids=["unknown-version", "no-one", "a-name-as-text", "empty-note"],
)
def test_a_refused_rollback_writes_nothing(ready, shipped_rows, version, by, note, refusal):
    store.publish_version(ready, csv_file(with_extra(shipped_rows, "a")), "a.csv", by=PRIYA, note="A")
    before = seen(ready)
    with pytest.raises(refusal):
        store.rollback(ready, version, by=by, note=note)
    assert seen(ready) == before


@pytest.mark.unit
@pytest.mark.parametrize("expected_current", [1, 3], ids=["an-older-version", "a-version-not-yet-made"])
def test_a_publish_made_against_a_version_that_is_not_current_is_stale(ready, shipped_rows, expected_current):
    store.publish_version(ready, csv_file(with_extra(shipped_rows, "a")), "a.csv", by=RAVI, note="A")
    before = seen(ready)
    with pytest.raises(store.StaleVersion) as stale:
        store.publish_version(
            ready, csv_file(shipped_rows[:2]), "b.csv", by=PRIYA, note="B", expected_current=expected_current
        )
    assert stale.value.expected == expected_current
    assert stale.value.latest == store.version_info(ready, 2)
    assert stale.value.latest.published_by == RAVI.name
    assert seen(ready) == before
    fresh = store.publish_version(
        ready, csv_file(shipped_rows[:2]), "b.csv", by=PRIYA, note="B", expected_current=2
    )
    assert fresh.version == 3 and fresh.current


# Rollback and history


@pytest.mark.unit
def test_rollback_publishes_an_older_version_as_a_new_one_and_keeps_every_version(ready, shipped_rows):
    store.publish_version(ready, csv_file(with_extra(shipped_rows, "a")), "a.csv", by=PRIYA, note="A")
    store.publish_version(ready, xlsx_file(shipped_rows[:4]), "b.xlsx", by=RAVI, note="B")
    older = [kept(ready, version) for version in (1, 2, 3)]

    info = store.rollback(ready, 2, by=RAVI, note="B was wrong; back to A")

    restored = older[1][0]  # version 2's file and milestones, published anew
    assert info == dataclasses.replace(
        restored,
        version=4,
        published_at=info.published_at,
        published_by=RAVI.name,
        note="B was wrong; back to A",
        restores=2,
        current=True,
    )
    assert info.published_at > restored.published_at
    assert store.read_file(ready, 4) == store.read_file(ready, 2)
    pd.testing.assert_frame_equal(store.read_milestones(ready), store.read_milestones(ready, 2))
    assert [kept(ready, version) for version in (1, 2, 3)] == older


@pytest.mark.unit
def test_history_is_newest_first(ready, shipped_rows):
    for tag in "abc":
        store.publish_version(
            ready, csv_file(with_extra(shipped_rows, tag)), f"{tag}.csv", by=PRIYA, note=tag
        )
    store.rollback(ready, 2, by=PRIYA, note="back to a")
    history = store.history(ready)
    assert [v.version for v in history] == [5, 4, 3, 2, 1]
    assert [v.note for v in history[1:4]] == ["c", "b", "a"]
    assert [v.published_at for v in history] == sorted((v.published_at for v in history), reverse=True)


@pytest.mark.unit
def test_history_lines_are_kept_per_audience_and_a_line_kept_is_never_replaced(ready, shipped_rows):
    store.publish_version(ready, csv_file(with_extra(shipped_rows, "a")), "a.csv", by=PRIYA, note="A")
    store.keep_history_lines(ready, "staff", {1: (10, ""), 2: (11, "1 added")})
    store.keep_history_lines(ready, "visitors 3f2a", {1: (10, ""), 2: (10, "no changes")})
    # Two sessions working the same lines out at once both store them: the first one kept stays.
    store.keep_history_lines(ready, "staff", {2: (99, "1 changed")})
    store.keep_history_lines(ready, "staff", {})
    assert store.read_history_lines(ready, "staff") == {1: (10, ""), 2: (11, "1 added")}
    assert store.read_history_lines(ready, "visitors 3f2a") == {1: (10, ""), 2: (10, "no changes")}
    assert store.read_history_lines(ready, "visitors 0000") == {}


@pytest.mark.unit
@pytest.mark.parametrize(
    "version",
    [
        99,
        -1,
        0,
    ],
)
def test_reading_an_unknown_version_is_a_lookup_error(ready, version):
    for read in (store.read_milestones, store.read_file, store.version_info):
        with pytest.raises(LookupError):
            read(ready, version)


# Several processes at once


def python(script: str, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        start_new_session=True,  # its own process group, with any writers it forks
    )


def expect_line(process: subprocess.Popen, prefix: str) -> str:
    """The next line ``process`` prints, which must start with ``prefix``."""
    line = process.stdout.readline()
    if not line.startswith(prefix):
        stop(process)
        pytest.fail(f"expected {prefix!r}, got {line!r}: {process.communicate()[1]}")
    return line


def stop(process: subprocess.Popen) -> None:
    """Kill ``process`` and any writer it forked, unless it has ended (and been waited for)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def stopped_at_the_end(*processes: subprocess.Popen):
    """Stop whatever is still running when the test ends, so that nothing outlives its database."""
    try:
        yield
    finally:
        for process in processes:
            stop(process)
            process.communicate()


def publish_together(url: str, files: dict[str, list[Path]]) -> dict[str, list[int]]:
    """Each writer's files, published by one process per writer, all starting at once."""
    processes = {name: python(PUBLISHER, url, name, *paths) for name, paths in files.items()}
    numbers = {}
    with stopped_at_the_end(*processes.values()):
        for process in processes.values():
            expect_line(process, "ready")
        for process in processes.values():
            process.stdin.write("go\n")
            process.stdin.flush()
        for name, process in processes.items():
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            numbers[name] = [int(line) for line in out.split()]
    return numbers


def write_files(folder: Path, rows: list[dict], names: list[str]) -> list[Path]:
    """One distinct CSV file per name."""
    paths = [folder / f"{name}.csv" for name in names]
    for path, name in zip(paths, names, strict=True):
        path.write_bytes(csv_file(with_extra(rows, name)))
    return paths


@pytest.mark.slow
def test_parallel_publishes_from_several_processes_all_land_in_order(
    database_url, ready, shipped_rows, tmp_path
):
    files = {
        f"writer-{w}": write_files(tmp_path, shipped_rows, [f"w{w}-p{p}" for p in range(PUBLISHES_EACH)])
        for w in range(PROCESSES)
    }
    numbers = publish_together(database_url, files)

    every = sorted(itertools.chain.from_iterable(numbers.values()))
    assert every == list(range(2, 2 + PROCESSES * PUBLISHES_EACH))
    assert all(got == sorted(got) for got in numbers.values())  # each writer's publishes in its order
    history = store.history(ready)
    assert [v.version for v in history] == list(range(len(every) + 1, 0, -1))
    assert one_current(ready) == every[-1]
    by_number = {v.version: v for v in history}
    for name, paths in files.items():
        for number, path in zip(numbers[name], paths, strict=True):
            assert by_number[number].published_by == name
            assert store.read_file(ready, number) == (path.name, path.read_bytes())
            pd.testing.assert_frame_equal(
                store.read_milestones(ready, number), load_milestones(path).milestones
            )


@pytest.mark.slow
def test_first_use_from_several_processes_at_once_imports_the_shipped_file_once(
    database_url, engine, shipped_rows, tmp_path
):
    files = {f"writer-{w}": write_files(tmp_path, shipped_rows, [f"w{w}"]) for w in range(PROCESSES)}
    numbers = publish_together(database_url, files)

    assert sorted(n for got in numbers.values() for n in got) == list(range(2, 2 + PROCESSES))
    history = store.history(engine)
    assert [v.published_by for v in history].count(SHIPPED_BY) == 1
    assert history[-1].version == 1 and history[-1].published_by == SHIPPED_BY
    assert one_current(engine) == 1 + PROCESSES


def assert_every_version_whole(engine: sa.Engine, reload: bool = False) -> int:
    """Every version's bytes and milestones intact, numbered 1..n, the newest current; return n.
    ``reload``: also check each published file's milestone count against the loader (slower)."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(store.versions)).all()
        pointers = connection.execute(sa.select(store.current.c.version)).scalars().all()
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    numbers = sorted(row.number for row in rows)
    assert numbers == list(range(1, len(rows) + 1))
    assert pointers == [numbers[-1]]
    for row in rows:
        assert hashlib.sha256(row.file_bytes).hexdigest() == row.sha256
        assert len(json.loads(row.milestones)) == row.milestone_count
        if reload:
            assert row.milestone_count == len(
                load_milestones(row.file_bytes, filename=row.file_name).milestones
            )
    return len(rows)


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_leaves_every_version_whole(
    database_url, engine, shipped_rows, tmp_path
):
    files = [tmp_path / f"{n}-extra.csv" for n in range(1, 6)]
    for n, path in enumerate(files, start=1):
        path.write_bytes(csv_file(with_extra(shipped_rows, *map(str, range(n)))))
    chance = random.Random(KILL_SEED)
    writers = python(WRITERS, database_url, *files)
    with stopped_at_the_end(writers):
        for _ in range(KILLS):
            writers.stdin.write("start\n")
            writers.stdin.flush()
            pid = int(expect_line(writers, "ready ").split()[1])
            began = time.monotonic()
            expect_line(writers, "wrote ")  # one version made: the writer is under way
            # A random moment of the writes after it, however long the machine's load makes them:
            # within as long again as the first took.
            time.sleep(chance.uniform(0, time.monotonic() - began))
            os.kill(pid, signal.SIGKILL)  # no cleanup, no rollback from the client
            ended = writers.stdout.readline()
            while ended.startswith("wrote "):  # versions it made before the kill
                ended = writers.stdout.readline()
            # Killed while still writing, not stopped by an error:
            assert ended == f"ended {-signal.SIGKILL}\n"
            assert_every_version_whole(engine)
    versions = assert_every_version_whole(engine, reload=True)
    assert versions > 1 + KILLS  # the writer was busy when killed, not idle

    try:  # the last version written may hold either file's milestones: publish the other
        info = store.publish_version(engine, files[0].read_bytes(), files[0].name, by=PRIYA, note="After")
    except store.NoChanges:
        info = store.publish_version(engine, files[1].read_bytes(), files[1].name, by=PRIYA, note="After")
    assert info.version == versions + 1 and one_current(engine) == info.version


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "note", "said"),
    [
        ("Eve\x1b[31m", "A note", "The name holds an invisible control character or line break (U+001B)"),
        ("Eve", "ok\n*  9  forged", "The note holds an invisible control character or line break (U+000A)"),
        ("Eve\u2028", "A note", "(U+2028)"),
        ("Eve", "tab\there", "(U+0009)"),
    ],
)  # fmt: skip
def test_a_name_or_note_with_a_control_character_or_line_break_is_refused(
    ready, shipped_rows, name, note, said
):
    data = csv_file(with_extra(shipped_rows, "a"))
    with pytest.raises(ValueError, match=re.escape(said)):
        store.publish_version(ready, data, "a.csv", by=Staff(name, "test"), note=note)
    with pytest.raises(ValueError, match=re.escape(said)):
        store.rollback(ready, 1, by=Staff(name, "test"), note=note)
    assert [v.version for v in store.history(ready)] == [1]
