"""What the Data page says about an upload: counts in good grammar, each problem once, both templates."""

import pytest
from test_app_data import SHIPPED, engine, signed_in, upload  # noqa: F401  (engine is a fixture)

from clfj_data.markup import escape_markdown

pytestmark = pytest.mark.apptest

ONE_PROBLEM = b"id,date,title,description,rationale\nvideo,Mar 2022,Video,Courts use video.,\n"
TWO_PROBLEMS = b"id,date,title,description,rationale\nvideo,Marhc 2022,Video,Courts use video.,\n"


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (ONE_PROBLEM, "has 1 problem, and nothing can be published until it is fixed in the file."),
        (TWO_PROBLEMS, "has 2 problems, and nothing can be published until they are fixed in the file."),
    ],
)
def test_the_problem_count_is_grammatical(engine, content, said):  # noqa: F811
    at = upload(signed_in(), "bad.csv", content)
    replace = " Drop the corrected file above: it replaces this one."
    assert [e.value for e in at.error] == [f"{escape_markdown('bad.csv')} {said}{replace}"]
    assert "::" not in at.error[0].value and at.error[0].value.count(":") == 1


def test_each_problem_is_shown_once(engine):  # noqa: F811
    at = upload(signed_in(), "bad.csv", TWO_PROBLEMS)
    shown = [t.value for t in at.text]
    shown += [str(v) for frame in [*at.dataframe, *at.table] for v in frame.value.to_numpy().ravel()]
    shown += [m.value for m in at.markdown] + [c.value for c in at.caption]
    for message in ("Rationale is required", "'Marhc' is not the name of a month"):
        assert sum(message in text for text in shown) == 1, shown


def test_the_data_page_offers_both_blank_templates(engine):  # noqa: F811
    at = signed_in()
    buttons = {b.label: b for b in at.get("download_button")}
    assert {"Blank template (CSV)", "Blank template (XLSX)"} <= set(buttons)


def test_the_preview_warns_of_a_new_milestone_that_nearly_repeats_a_published_one(engine):  # noqa: F811
    renamed = SHIPPED.replace(b"testimony-by-videoconference,Mar 2021", b"video-testimony,Apr 2021")
    at = upload(signed_in(), "renamed.csv", renamed)
    warnings = [w.value for w in at.warning if "reads almost like" in w.value]
    assert len(warnings) == 1
    said = "Row 5: This new milestone reads almost like 'testimony-by-videoconference'"
    assert warnings[0].startswith(escape_markdown(said))
