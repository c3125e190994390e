"""What a new version changes, word by word: the segments, the ``diff`` report, its Markdown and
its timeline. The command itself, against a database: test_cli_store.py."""

import pytest
from milestone_rows import load_rows

from clfj_data import load_milestones
from clfj_data.charts import change_timeline_figure
from clfj_data.diff import Segment, diff_milestones, git_word_diff, same_milestones, word_diff
from clfj_data.load import NO_MILESTONES
from clfj_data.markup import markdown_word_diff

pytestmark = pytest.mark.unit

HEADER = "id,date,title,description,rationale,states,place,sector,source"
COURTS = (
    "courts,Mar 2022,Courts convict traffickers,Eleven convictions.,Traffickers fear the courts.,"
    "Rajasthan,Jaipur,Justice,"
)
REWORDED = COURTS.replace("Traffickers fear the courts.", "Traffickers now fear the law.")
CARE = "care,Feb 2019,Care plans,Every child has a plan.,Recovery.,Rajasthan,,Care and health,"
VIDEO = "video,Mar 2021,Testimony by video,Courts use video.,No travel.,Rajasthan; Bihar,,Justice,"


def milestones(*rows: str):
    return load_rows(HEADER, *rows)


def test_a_reworded_sentence_keeps_the_same_words_and_marks_the_others():
    assert word_diff("Traffickers fear the courts.", "Traffickers now fear the law.") == (
        Segment("kept", "Traffickers"),
        Segment("added", "now"),
        Segment("kept", "fear the"),
        Segment("removed", "courts."),
        Segment("added", "law."),
    )


@pytest.mark.parametrize(
    ("before", "after", "segments"),
    [
        ("", "Jaipur", (Segment("added", "Jaipur"),)),
        ("Jaipur", "", (Segment("removed", "Jaipur"),)),
        (
            "Mar 2022",
            "Apr 2022",
            (Segment("removed", "Mar"), Segment("added", "Apr"), Segment("kept", "2022")),
        ),
        (
            "one  two\nthree",
            "one  two\nthree four",
            (Segment("kept", "one  two\nthree"), Segment("added", "four")),
        ),
    ],
    ids=["from-empty", "to-empty", "one-word-replaced", "spaces-and-lines-kept-as-written"],
)
def test_word_segments(before, after, segments):
    assert word_diff(before, after) == segments


def test_the_text_report_marks_words_as_git_word_diff_does():
    segments = word_diff("Traffickers fear the courts.", "Traffickers now fear the law.")
    assert git_word_diff(segments) == "Traffickers {+now+} fear the [-courts.-]{+law.+}"


def test_the_json_report_gives_each_changed_field_before_and_after_as_written():
    old = milestones(COURTS, CARE)
    new = milestones(REWORDED.replace("Rajasthan", "Rajasthan; Bihar").replace("Mar 2022", "2022"), VIDEO)
    assert diff_milestones(old, new).as_json(against=4) == {
        "against": 4,
        "added": [{"id": "video", "title": "Testimony by video"}],
        "removed": [{"id": "care", "title": "Care plans"}],
        "changed": [
            {
                "id": "courts",
                "title": "Courts convict traffickers",
                "fields": {
                    "date": {"before": "Mar 2022", "after": "2022"},
                    "rationale": {
                        "before": "Traffickers fear the courts.",
                        "after": "Traffickers now fear the law.",
                    },
                    "states": {"before": "Rajasthan", "after": "Rajasthan; Bihar"},
                },
            }
        ],
    }


def test_the_markdown_strikes_removed_words_in_red_and_marks_added_ones_in_green():
    segments = word_diff("Courts [act] *now*", "Courts :blue[act] *soon*")
    assert markdown_word_diff(segments, "before") == r"Courts :red[~~\[act\] \*now\*~~]"
    assert markdown_word_diff(segments, "after") == r"Courts :green[**\:blue\[act\] \*soon\***]"
    assert markdown_word_diff(word_diff("", "Jaipur"), "before") == "*(empty)*"


def test_on_a_hindi_page_english_words_are_marked_english_and_an_empty_side_reads_in_hindi():
    segments = word_diff("Courts act", "Courts act now")
    assert markdown_word_diff(segments, "after", "hi") == '<span lang="en">Courts act :green[**now**]</span>'
    assert markdown_word_diff(word_diff("अदालत", "अदालतें"), "after", "hi", "hi") == ":green[**अदालतें**]"
    assert markdown_word_diff(word_diff("", "Jaipur"), "before", "hi") == "*(खाली)*"


def test_the_same_milestones_in_another_order_or_spelling_are_the_same():
    respelled = COURTS.replace("Mar 2022", "2022-03").replace("Rajasthan", "rajasthan")
    assert same_milestones(milestones(COURTS, CARE), milestones(CARE, respelled))
    assert not same_milestones(milestones(COURTS, CARE), milestones(REWORDED, CARE))
    assert not same_milestones(milestones(COURTS, CARE), milestones(COURTS))


def test_a_file_with_headers_but_no_milestones_is_refused():
    for content in (HEADER + "\n", HEADER + "\n,,,,,,,,\n\n"):
        result = load_milestones(content.encode(), filename="empty.csv")
        assert not result.ok
        assert [p.message for p in result.errors] == [NO_MILESTONES]


def test_the_change_timeline_marks_each_kind_on_one_date_axis():
    old, new = milestones(COURTS, CARE), milestones(REWORDED, VIDEO)
    fig = change_timeline_figure(old, new, diff_milestones(old, new))
    traces = {trace.name: trace for trace in fig.data}
    assert list(traces) == ["Added (1)", "Changed (1)", "Removed (1)"]  # nothing unchanged: no lane for it
    assert list(fig.layout.yaxis.ticktext) == ["Added", "Changed", "Removed"]
    assert [row["milestone"] for row in traces["Added (1)"].customdata] == ["video"]
    assert [row["milestone"] for row in traces["Removed (1)"].customdata] == ["care"]
    assert traces["Removed (1)"].marker.symbol == "x"
    assert traces["Added (1)"].marker.color != traces["Changed (1)"].marker.color
    assert fig.layout.template.layout.paper_bgcolor == "white" and fig.layout.showlegend
    assert fig.layout.xaxis.type == "date"


def test_the_change_timeline_has_a_lane_only_for_a_kind_of_change_it_shows_and_labels_the_changes():
    old, new = milestones(COURTS, CARE), milestones(REWORDED, CARE)
    fig = change_timeline_figure(old, new, diff_milestones(old, new))
    assert [trace.name for trace in fig.data] == ["Changed (1)", "Unchanged (1)"]
    assert list(fig.layout.yaxis.ticktext) == ["Changed", "Unchanged"]  # no empty Added or Removed lane
    # The change is written beside its marker as on the timeline, its date in bold; the unchanged one is not.
    assert [(a.name, a.text) for a in fig.layout.annotations] == [
        ("courts", "<b>Mar 2022</b> · Courts convict traffickers")
    ]


def test_the_change_timeline_writes_its_labels_in_the_language_asked_for():
    old, new = milestones(COURTS), milestones(REWORDED, VIDEO)
    fig = change_timeline_figure(old, new, diff_milestones(old, new), lang="hi")
    assert list(fig.layout.yaxis.ticktext) == ["जोड़े गए", "बदले गए"]
    assert sorted(a.text.split("</b>")[0] for a in fig.layout.annotations) == ["<b>मार्च 2021", "<b>मार्च 2022"]
