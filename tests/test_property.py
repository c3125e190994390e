"""Whatever bytes arrive, the loader answers with a result or its own error, never a crash."""

import csv
import io
import zipfile

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from clfj_data import LoadResult, UnreadableFile, load_milestones

pytestmark = pytest.mark.slow

HEADER = "date,description,rationale,states,sector,title,id,source\n"


def answers(data: bytes, filename: str | None = None) -> None:
    try:
        result = load_milestones(data, filename=filename)
    except UnreadableFile as error:
        assert str(error)
    else:
        assert isinstance(result, LoadResult)
        assert result.ok == (result.milestones is not None)
        for problem in result.errors + result.warnings:
            assert problem.message and (problem.row is None or problem.row >= 1)


@given(st.binary(max_size=4000), st.sampled_from([None, "m.csv", "m.xlsx", "m.txt"]))
@example(b"\r\x01", None)  # a lone CR inside the first line
def test_arbitrary_bytes(data, filename):
    answers(data, filename)


@given(st.text(max_size=2000))
def test_arbitrary_text_under_a_valid_header(body):
    answers((HEADER + body).encode("utf-8"))


cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["Mar 2022", "03/04/2022", "2019", "Rajasthan; Bihar", "Rajastan", "Justice", "=1+1", ""]
    ),
)


def outcome(data: bytes):
    """What a person is told about a file: its milestones or its problems (not how it was read)."""
    try:
        result = load_milestones(data)
    except UnreadableFile as error:
        return str(error)
    table = None if result.table is None else result.table.to_pylist()
    return table, [p.to_dict() for p in result.errors], [p.to_dict() for p in result.warnings]


# Decomposed and composed accents, a compatibility character, typographic quotes.
prose = st.one_of(
    st.text(max_size=30), st.sampled_from(["Cafe\u0301", "Café “x”", "\u212b", "e\u0301\u0323"])
)


@given(st.lists(st.tuples(cell, prose, prose, cell, cell), min_size=1, max_size=8))
def test_the_same_text_saved_as_utf8_or_utf16_loads_the_same(rows):
    written = io.StringIO()
    csv.writer(written).writerows([("date", "description", "rationale", "states", "sector"), *rows])
    text = written.getvalue()
    assert outcome(text.encode("utf-8")) == outcome(text.encode("utf-16"))


@given(st.lists(st.lists(cell, min_size=0, max_size=10), max_size=20), st.sampled_from([",", ";", "\t"]))
def test_arbitrary_cells_in_every_delimiter(rows, delimiter):
    lines = [delimiter.join('"' + c.replace('"', '""') + '"' for c in row) for row in rows]
    answers((HEADER.replace(",", delimiter) + "\n".join(lines)).encode("utf-8"))


@given(
    st.dictionaries(
        st.sampled_from(["xl/workbook.xml", "mimetype", "[Content_Types].xml"]), st.binary(max_size=300)
    )
)
def test_arbitrary_zip_archives(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    answers(out.getvalue(), "m.xlsx")


def _real_workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Date", "What changed", "Why it matters"])
    book.active.append(["Mar 2022", "Courts use video.", "Children testify."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WORKBOOK = _real_workbook()


def _central_directory_version() -> int:
    """Where the first central-directory entry says which zip version is needed to extract."""
    return WORKBOOK.index(b"PK\x01\x02") + 6


@given(st.lists(st.tuples(st.integers(0, len(WORKBOOK) - 1), st.integers(0, 255)), min_size=1, max_size=8))
@example([(_central_directory_version(), 64)])  # "zip file version 6.4": zipfile's NotImplementedError
def test_damaged_workbooks(flips):
    data = bytearray(WORKBOOK)
    for position, value in flips:
        data[position] = value
    answers(bytes(data), "m.xlsx")
