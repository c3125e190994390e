"""The Data page through AppTest, as a staff member meets it editing copies of the app's own
downloads: a made headline, Hindi left out, one name per column, restores, old copies."""

import csv
import io
import re

import pytest
from test_app_data import signed_in, table_with, upload

from clfj_data import shipped_milestones_path

pytestmark = pytest.mark.apptest

SHIPPED = shipped_milestones_path().read_bytes()


def edited(row: int, column: str, value: str) -> bytes:
    """The shipped CSV with the cell of spreadsheet ``row`` (the header is row 1) in ``column`` set."""
    rows = list(csv.DictReader(io.StringIO(SHIPPED.decode("utf-8-sig"))))
    rows[row - 2][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def seen(markdown: str) -> str:
    """Markdown as a person reads it: escapes gone."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture
def engine(app_engine):
    return app_engine


def test_a_made_headline_is_said_in_the_summary_with_its_notice_beside_it(engine):
    at = upload(signed_in(), "edited.csv", edited(7, "title", ""))
    summary = seen(at.success[0].value)
    made = "1 headline made from its description (row 7): check it before publishing."
    assert f"10 milestones, no problems; {made}" in summary
    notice = seen(at.warning[0].value)  # the first notice, right under the summary
    assert notice.startswith("Row 7, column 'title': There is no title")
    headline = "Rajasthan Dept. for Child Rights has set up a digital documentation system…"
    assert headline in notice
    assert list(table_with(at, "Change")["Headline"]) == [headline]
