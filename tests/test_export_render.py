"""Every file the dashboard offers is made by one function, ``export.render``: the app's downloads
and the command line's ``export`` give the same bytes under the same name."""

import datetime as dt
import io
import zipfile

import pytest

from clfj_data import cli, load_programme, store
from clfj_data.auth import Staff
from clfj_data.export import CHARTS, FORMATS, file_name, render
from clfj_data.filters import Filters, apply_filters
from clfj_data.tables import local_date

pytestmark = pytest.mark.unit

TODAY = local_date().isoformat()  # the day where the team reads times, as the files say
STAFF = Staff("Asha", "test")
JUSTICE = Filters(sectors=("Justice",))


@pytest.fixture(scope="module")
def programme():
    return load_programme()


def test_the_command_line_offers_exactly_the_registered_formats_and_charts():
    assert set(cli.EXPORT_FORMATS) == set(FORMATS)
    assert cli.CHARTS == CHARTS


@pytest.mark.parametrize(
    ("fmt", "name", "mime", "opening"),
    [
        ("csv", "clfj-milestones-v4-{today}.csv", "text/csv", b"\xef\xbb\xbfid,date,end_date,title"),
        (
            "xlsx",
            "clfj-milestones-v4-{today}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            b"PK",
        ),
        ("html", "clfj-results-v4-{today}.html", "text/html", b"<!DOCTYPE html>"),
        (
            "pptx",
            "clfj-results-v4-{today}.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            b"PK",
        ),
        ("timelinejs", "clfj-timelinejs-v4-{today}.json", "application/json", b"{"),
    ],
)
def test_render_gives_the_file_its_name_and_type(shipped, programme, fmt, name, mime, opening):
    version = store.VersionInfo(
        version=4, published_at=dt.datetime(2026, 11, 28, tzinfo=dt.UTC), published_by="Asha",
        note="", milestones=10, sha256="0" * 64, file_name="milestones.csv", restores=None, current=True,
    )  # fmt: skip
    made = render(fmt, shipped, programme=programme, version=version)
    assert made.file_name == name.format(today=TODAY)
    assert made.mime == mime
    assert made.data.upper().startswith(opening.upper())


def test_a_filtered_file_says_so_in_its_name(shipped, programme):
    made = render("csv", apply_filters(shipped, JUSTICE), programme=programme, filters=JUSTICE)
    assert made.file_name == f"clfj-milestones-{TODAY}-filtered.csv"
    assert file_name("csv", programme, None, JUSTICE) == made.file_name


def test_a_deck_reports_its_progress_slide_by_slide(shipped, programme):
    seen = []
    made = render(
        "pptx", shipped, programme=programme, progress=lambda done, total: seen.append((done, total))
    )
    slides = [
        n for n in zipfile.ZipFile(io.BytesIO(made.data)).namelist() if n.startswith("ppt/slides/slide")
    ]
    assert seen[-1] == (len(slides), len(slides)) and len(seen) == len(slides)


def test_an_unknown_format_or_chart_is_refused(shipped, programme):
    with pytest.raises(KeyError):
        render("docx", shipped, programme=programme)
    with pytest.raises(KeyError, match="counts-state"):
        render("png", shipped, programme=programme, chart="pie")
