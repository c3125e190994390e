"""The hostile corpus (``tests/hostile/corpus.py``) through the loader, the store, the exports,
the pages and the clock: each file is refused with a plain sentence, or its text is stored
exactly as written; a refusal changes nothing and is quick."""

import contextlib
import csv
import html
import io
import shutil
import signal
import time

import apptest_events
import openpyxl
import pandas as pd
import pytest
from appserver import REPO
from hostile.corpus import (
    CASES,
    HEAVY,
    MARKDOWN_LINK,
    SCRIPT,
    STORED,
    Case,
    Rejected,
    Unreadable,
    csv_file,
    far_row_without_dimension,
    header_columns,
    row,
    showcase_csv,
)
from streamlit.testing.v1 import AppTest

from clfj_data import load_milestones, load_programme, store
from clfj_data.auth import Staff
from clfj_data.charts import (
    per_year_figure,
    sector_counts_figure,
    state_counts_figure,
    state_sector_figure,
    timeline_figure,
)
from clfj_data.export import problems_csv, to_csv, to_xlsx
from clfj_data.problems import UnreadableFile
from clfj_data.report import to_html
from clfj_data.tables import problems_table

BUDGET_SECONDS = 2.0  # a refusal must come back within this, however the file was built
STAFF = Staff("Hostile tester", "password")
FORMULA_START = ("=", "+", "-", "@")  # what a spreadsheet runs as a formula
PAGES = ("overview", "timeline", "breakdown", "milestones", "story", "data")


@pytest.fixture(autouse=True)
def default_limits(monkeypatch):
    """Every expectation is written against the loader's default limits."""
    monkeypatch.delenv("CLFJ_MAX_UPLOAD_MB", raising=False)
    monkeypatch.delenv("CLFJ_MAX_ROWS", raising=False)


@pytest.fixture
def database(shipped_database, tmp_path):
    path = tmp_path / "clfj.sqlite3"
    shutil.copy(shipped_database, path)
    engine = store.connect(f"sqlite:///{path}")
    assert store.current_version(engine).version == 1
    yield engine
    engine.dispose()


class Overrun(BaseException):
    """Raised into a block that ran past its deadline. Not an Exception, so that no
    ``except Exception`` in the loader can turn it into a refusal."""


@contextlib.contextmanager
def deadline(seconds: float):
    """Stop the block with :class:`Overrun` once it has run ``seconds`` (where there is SIGALRM),
    so a file that would keep the loader busy for minutes fails its test in seconds instead."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signal, _frame):
        raise Overrun(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def refusal(attempt) -> Exception | None:
    """The refusal ``attempt`` raised (the file unreadable, or its content invalid), or None."""
    try:
        attempt()
    except (UnreadableFile, store.InvalidFile) as refused:
        return refused
    return None


def publish(engine, case: Case, data: bytes):
    return store.publish_version(engine, data, case.file_name, by=STAFF, note="hostile upload")


def the_one_milestone(frame: pd.DataFrame, fields: dict) -> dict:
    assert len(frame) == 1
    return {name: frame.iloc[0][name] for name in fields}


# (a) The loader ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_loader_refuses_or_keeps_each_hostile_file_as_its_case_says(case):
    data, expected = case.build(), case.expected
    if isinstance(expected, Unreadable):
        with pytest.raises(UnreadableFile) as refused:
            load_milestones(data, filename=case.file_name)
        message = str(refused.value)
        assert expected.words in message
        assert "\n" not in message and "Traceback" not in message  # one sentence, not a dump
        return
    result = load_milestones(data, filename=case.file_name)
    if isinstance(expected, Rejected):
        assert result.milestones is None
        where = [(p.row, p.column) for p in result.errors]
        assert (expected.row, expected.column) in where, [str(p) for p in result.errors]
        messages = [p.message for p in result.errors if (p.row, p.column) == (expected.row, expected.column)]
        assert any(expected.words in m for m in messages), messages
        return
    assert result.ok, [str(p) for p in result.errors]
    assert the_one_milestone(result.milestones, expected.fields) == expected.fields
    if expected.encoding:
        assert str(result.source).split(", ")[1] == expected.encoding, result.source


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if isinstance(c.expected, Rejected)], ids=str)
def test_the_problems_of_a_rejected_file_make_a_table_and_a_download(case):
    """What the Data page shows and offers for a rejected file."""
    errors = load_milestones(case.build(), filename=case.file_name).errors
    assert len(problems_table(errors)) == len(errors)
    lines = list(csv.DictReader(io.StringIO(problems_csv(errors).decode("utf-8-sig"))))
    assert [line["message"] for line in lines] == [p.message for p in errors]


# (b) The store ----------------------------------------------------------------------------------


def snapshot(engine) -> tuple:
    return store.history(engine), store.current_version(engine), store.read_milestones(engine)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_refused_file_changes_nothing_and_a_kept_one_round_trips_byte_exact(case, database):
    data, expected = case.build(), case.expected
    history, current, milestones = snapshot(database)
    if case.refused:
        refusal = store.InvalidFile if isinstance(expected, Rejected) else UnreadableFile
        with pytest.raises(refusal) as refused:
            publish(database, case, data)
        if isinstance(expected, Unreadable):
            assert expected.words in str(refused.value)
        after_history, after_current, after_milestones = snapshot(database)
        assert after_history == history
        assert after_current == current
        pd.testing.assert_frame_equal(after_milestones, milestones)
        return
    info = publish(database, case, data)
    assert info.version == current.version + 1 and store.current_version(database) == info
    stored = the_one_milestone(store.read_milestones(database), expected.fields)
    assert stored == expected.fields
    for name, text in expected.fields.items():
        if isinstance(text, str):
            assert stored[name].encode("utf-8") == text.encode("utf-8"), name
    assert store.read_file(database, info.version) == (case.file_name, data)


@pytest.mark.unit
def test_an_uploaded_file_name_is_kept_without_its_path(database):
    data = csv_file(row())
    info = store.publish_version(database, data, "../../etc/passwd.csv", by=STAFF, note="x")
    assert store.read_file(database, info.version) == ("passwd.csv", data)


@pytest.mark.unit
def test_hostile_staff_names_and_notes_are_stored_as_written(database):
    staff = Staff(f"{SCRIPT} ![x](https://evil.example/n.png)", "password")
    # Markup and formulas are kept as written (they are escaped where shown); a line break or a
    # control character is refused (tests/test_store.py).
    info = store.publish_version(database, csv_file(row()), "m.csv", by=staff, note=f"{SCRIPT} =1+1")
    assert (info.published_by, info.note) == (staff.name, f"{SCRIPT} =1+1")
    assert store.history(database)[0] == info


# (c) The clock ----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("case", HEAVY, ids=str)
def test_a_file_built_to_exhaust_the_server_is_dealt_with_quickly(case, database):
    data, expected = case.build(), case.expected
    refusals = []
    for attempt in (
        lambda: load_milestones(data, filename=case.file_name),
        lambda: publish(database, case, data),
    ):
        started = time.perf_counter()
        with deadline(BUDGET_SECONDS):
            refusals.append(refusal(attempt))
        assert time.perf_counter() - started < BUDGET_SECONDS
    loading, publishing = refusals
    if isinstance(expected, Unreadable):
        assert isinstance(loading, UnreadableFile) and expected.words in str(loading)
        assert isinstance(publishing, UnreadableFile)
    else:  # read, then refused for the problems in it
        assert loading is None and isinstance(publishing, store.InvalidFile)


@pytest.mark.slow
def test_a_row_numbered_a_billion_is_refused_quickly():
    data = far_row_without_dimension(1_000_000_000)
    with deadline(BUDGET_SECONDS), pytest.raises(UnreadableFile, match="more than 100,000 rows"):
        load_milestones(data, filename="rows.xlsx")


@pytest.mark.slow
def test_a_header_of_20000_unknown_columns_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match=r"The sheet has 20,003 columns; the limit is 200\."):
        load_milestones(header_columns(20_000), filename="wide.csv")
    assert time.perf_counter() - started < BUDGET_SECONDS


# Kept text comes out of every export as written ---------------------------------------------------


def formula_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


@pytest.mark.slow
@pytest.mark.parametrize("case", STORED, ids=str)
def test_kept_text_comes_out_of_the_exports_as_written_and_formula_safe(case):
    frame = load_milestones(case.build(), filename=case.file_name).milestones
    texts = {name: text for name, text in case.expected.fields.items() if isinstance(text, str)}
    exported = next(csv.DictReader(io.StringIO(to_csv(frame).decode("utf-8-sig"), newline="")))
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame))).active
    cells = dict(zip((c.value for c in sheet[1]), sheet[2], strict=True))
    for name, text in texts.items():
        assert exported[name] == formula_safe(text), name
        assert (cells[name].value, cells[name].data_type) == (formula_safe(text), "s"), name


@pytest.mark.unit
@pytest.mark.parametrize(
    ("formula", "safe"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("1=1", "1=1"), ("'=1", "'=1")],
)
def test_only_text_a_spreadsheet_would_run_is_prefixed(formula, safe):
    frame = load_milestones(csv_file(row(place=formula)), filename="m.csv").milestones
    assert next(csv.DictReader(io.StringIO(to_csv(frame).decode("utf-8-sig"))))["place"] == safe
    assert openpyxl.load_workbook(io.BytesIO(to_xlsx(frame))).active["H2"].value == safe


# The pages draw a published hostile data set -----------------------------------------------------


def published(tmp_path, monkeypatch, data: bytes) -> None:
    url = f"sqlite:///{tmp_path / 'clfj.sqlite3'}"
    monkeypatch.setenv("CLFJ_DATABASE_URL", url)
    engine = store.connect(url)
    store.ensure_ready(engine)
    store.publish_version(engine, data, "hostile.csv", by=STAFF, note="hostile data set")
    engine.dispose()


def page_run(page: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    at.switch_page(f"pages/{page}.py")
    return at.run()


@pytest.mark.slow  # the hostile corpus, drawn in every chart and the report: the slow layer's
def test_every_chart_and_the_offline_report_build_from_the_hostile_data_set():
    frame = load_milestones(showcase_csv(), filename="hostile.csv").milestones
    for figure in (state_counts_figure, sector_counts_figure, state_sector_figure, per_year_figure):
        assert figure(frame).data
    for lane in ("sector", "state"):
        assert timeline_figure(frame, lane=lane).data
    report = to_html(frame, load_programme()).decode("utf-8")
    assert SCRIPT not in report and html.escape(SCRIPT) in report


# What a visitor sees on each page of the published hostile data set (14 milestones from Jan 2015
# to Jun 2016): for each kind of element, the beginning of texts that must be among them. The
# first milestone's title is SCRIPT and its description MARKDOWN_LINK, shown as written.
SEEN = {
    "overview": {
        "title": ["Child Labour Free Jaipur: Results"],
        "text": [SCRIPT, MARKDOWN_LINK],
        "caption": ["A timeline of 14 milestones from Jan 2015 to Jun 2016"],
    },
    "timeline": {"title": ["Timeline"], "caption": ["A timeline of 14 milestones from Jan 2015 to Jun 2016"]},
    "breakdown": {"title": ["Breakdown"], "markdown": ["**By state**", "**By sector**"]},
    "milestones": {"title": ["Milestones"], "caption": ["14 milestones, in date order."]},
    "story": {"markdown": ["**1 of 14**", "Jan 2015"], "text": [MARKDOWN_LINK]},
    "data": {"title": ["Data"], "markdown": ["**Version 2**: 14 added, 10 removed from the version before."]},
}


@pytest.mark.apptest
@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_the_hostile_data_set(page, tmp_path, monkeypatch):
    published(tmp_path, monkeypatch, showcase_csv())
    at = page_run(page)
    assert not at.exception, [e.value for e in at.exception]
    for kind, texts in SEEN[page].items():
        shown = [element.value for element in getattr(at, kind)]
        for text in texts:
            assert any(value.startswith(text) for value in shown), f"{page}: no {kind} {text!r} in {shown}"
    if page == "milestones":
        assert SCRIPT in list(apptest_events.milestones_table(at)["Headline"])
