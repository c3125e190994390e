"""Staff-only milestones through AppTest: visitors' counts, filters and links never know of one;
staff see it, marked, and the preview of an upload counts them."""

import apptest_events
import pytest
import sqlalchemy as sa
from appserver import REPO, STAFF_PASSWORD
from milestone_rows import shipped_with
from streamlit.testing.v1 import AppTest

from clfj_data import store
from clfj_data.auth import Staff

pytestmark = pytest.mark.apptest

SECRET_ID = "shelter-zanzibarquokka"
# Its state, place and sector are no other milestone's, so a filter option would give it away.
SECRET = {
    "id": SECRET_ID, "date": "Jun 2022", "title": "Zanzibarquokka shelter case",
    "description": "The Zanzibarquokka case is in court.",
    "rationale": "It protects the children of one shelter home.",
    "states": "Goa", "place": "Panaji", "sector": "Shelter homes", "visibility": "staff",
}  # fmt: skip
SECOND = {
    "id": "second-case", "date": "Jul 2022", "title": "A second case",
    "description": "Another case in court.", "rationale": "It protects children.", "states": "Goa",
    "visibility": "staff",
}  # fmt: skip


@pytest.fixture(autouse=True)
def engine(app_engine):
    engine = app_engine
    store.publish_version(engine, shipped_with(SECRET), "case.csv", by=Staff("Asha", "test"), note="A case")
    return engine


def visitor(**query) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def staff() -> AppTest:
    at = visitor()
    at.switch_page("pages/data.py")
    at.run()
    at.text_input(key="data_name").input("Asha")
    at.text_input(key="data_password").input(STAFF_PASSWORD)
    at.button[[b.label for b in at.button].index("Sign in")].click()
    return at.run()


def on_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    return at.run()


def figures(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def breakdown_sentences(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("Milestones by ")]


def test_a_visitor_counts_only_the_public_milestones_and_staff_count_all():
    at = visitor()
    assert not at.exception
    seen = figures(at)
    assert (seen["Systemic changes"], seen["States"], seen["Latest change"]) == ("10", "2", "Mar 2022")
    at = on_page(staff(), "overview")
    seen = figures(at)
    assert (seen["Systemic changes"], seen["States"], seen["Latest change"]) == ("11", "3", "Jun 2022")


def test_the_breakdown_counts_only_public_milestones_for_a_visitor():
    shown = " ".join(breakdown_sentences(on_page(visitor(), "breakdown")))
    assert "Goa" not in shown and "Shelter homes" not in shown
    shown = " ".join(breakdown_sentences(on_page(staff(), "breakdown")))
    assert "Goa 1" in shown and "Shelter homes 1" in shown


def test_a_visitor_is_offered_no_filter_value_only_a_staff_only_milestone_has():
    at = visitor()
    states, sectors = (at.multiselect(key=key).options for key in ("filter_states", "filter_sectors"))
    assert "Goa" not in states and "Shelter homes" not in sectors
    at = staff()
    at = on_page(at, "overview")
    assert "Goa" in at.multiselect(key="filter_states").options


def test_a_link_with_a_sector_only_a_staff_only_milestone_has_answers_a_visitor_as_an_unknown_one():
    def warned(sector: str) -> list[str]:
        return [w.value.replace(sector, "<sector>") for w in visitor(sector=sector).warning]

    assert warned("Shelter homes") == warned("Pottery")
    assert len(warned("Pottery")) == 1


def seen_with(page: str, milestone: str) -> str:
    """Everything a visitor's run of ``page`` with ``?milestone=`` draws, the id written out."""
    at = visitor(milestone=milestone)
    if page != "overview":
        at = on_page(at, page)
    assert not at.exception
    return repr(at._tree).replace(milestone, "<id>")


@pytest.mark.parametrize("page", ["overview", "timeline", "story"])
def test_a_link_to_a_staff_only_milestone_answers_a_visitor_as_an_unknown_id_does(page):
    assert seen_with(page, SECRET_ID) == seen_with(page, "no-such-milestone")
    assert "Zanzibarquokka" not in seen_with(page, SECRET_ID)


def test_staff_see_the_staff_only_milestone_marked_in_its_detail_panel():
    at = staff()
    at.query_params["milestone"] = SECRET_ID
    at = on_page(at, "timeline")
    shown = [t.value for t in at.text]
    assert "The Zanzibarquokka case is in court." in shown
    assert any(c.value.endswith(" · Staff only") for c in at.caption)  # its date and facts


def test_staff_see_a_visibility_column_and_choose_to_include_them_in_downloads():
    at = on_page(staff(), "milestones")
    table = apptest_events.milestones_table(at)
    assert table.set_index("id").loc[SECRET_ID, "Visibility"] == "Staff only"
    assert at.checkbox(key="milestones_include_staff_only").value is False


def test_visitors_data_page_counts_and_changes_leave_the_staff_only_milestone_out():
    at = on_page(visitor(), "data")
    lines = [m.value for m in at.markdown if m.value.startswith("**Version ")]
    (second,) = [line for line in lines if line.startswith("**Version 2** ")]  # its history line
    # Version 2 only added a staff-only milestone: a visitor is told so, not "no changes".
    assert second.endswith("· 10 milestones · no change to the public milestones"), second
    assert not any("11 milestones" in line or "1 added" in line for line in lines)
    assert not at.checkbox
    assert at.selectbox(key="data_version").value == 2
    said = [m.value for m in at.markdown if m.value.startswith("**Version 2**:")]
    assert said == ["**Version 2**: no change to the public milestones from the version before."]


def test_staff_see_the_version_that_added_a_staff_only_milestone_exactly():
    at = on_page(staff(), "data")
    lines = [m.value for m in at.markdown if m.value.startswith("**Version 2**")]
    assert any(line.endswith("· 11 milestones · 1 added") for line in lines), lines
    assert "**Version 2**: 1 added from the version before." in lines


def test_the_upload_preview_says_how_many_milestones_are_staff_only():
    at = on_page(staff(), "data")
    at.get("file_uploader")[0].upload("two-cases.csv", shipped_with(SECRET, SECOND), "text/csv")
    at.run()
    assert not at.exception
    said = [c.value for c in at.caption if "milestones are staff-only" in c.value]
    assert said == [
        "2 of the 12 milestones are staff-only: visitors will not see them on any page, count or download."
    ]


def without_visibility_column(data: bytes) -> bytes:
    """``data`` (a CSV) with its visibility column taken out, as a sheet kept elsewhere might be."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(data.decode())))
    out = io.StringIO()
    writer = csv.DictWriter(
        out, [c for c in rows[0] if c != "visibility"], lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_sheet_without_a_visibility_column_never_makes_a_staff_only_milestone_public_unasked(engine):
    at = on_page(staff(), "data")
    edited = shipped_with(SECRET | {"rationale": "It protects the children of two shelter homes."})
    at.get("file_uploader")[0].upload("no-column.csv", without_visibility_column(edited), "text/csv")
    at.run()
    assert not at.exception
    (said,) = [w.value.replace("\\", "") for w in at.warning if "no visibility column" in w.value]
    assert said.startswith("no-column.csv has no visibility column, so every milestone in it is public.")
    assert (
        "1 milestone that is staff-only in version 2 would become public: Zanzibarquokka shelter case."
        in said
    )
    publish = at.button(key="data_publish")
    assert publish.disabled  # off until someone says yes
    yes = at.checkbox(key=next(c.key for c in at.checkbox if c.key.startswith("data_make_public_")))
    assert yes.label == "Publish it as public: everyone will see it" and yes.value is False
    yes.check().run()
    assert not at.button(key="data_publish").disabled
    at.text_input(key="data_note").input("Made public on purpose")
    at.button(key="data_publish").click().run()
    assert not at.exception
    (latest, *_) = store.history(engine)
    assert latest.version == 3 and latest.note == "Made public on purpose"


def test_staffs_download_of_the_uploaded_file_is_named_for_the_file():
    at = on_page(staff(), "data")
    assert at.get("download_button")  # the version's downloads
    labels = [
        b.proto.label for b in at.get("download_button") if b.proto.id.endswith("data_version_original")
    ]
    assert labels == ["Uploaded file (case\\.csv)"]  # Markdown-escaped: shown as "case.csv"


def test_a_sheet_with_the_visibility_column_asks_nothing(engine):
    at = on_page(staff(), "data")
    edited = shipped_with(SECRET | {"rationale": "It protects the children of two shelter homes."})
    at.get("file_uploader")[0].upload("with-column.csv", edited, "text/csv")
    at.run()
    assert not [w for w in at.warning if "no visibility column" in w.value]
    assert not [c for c in at.checkbox if c.key.startswith("data_make_public_")]
    assert not at.button(key="data_publish").disabled


def withdraw_the_secret(engine) -> None:
    """Version 3 makes the case public; version 4, the current one, makes it staff-only again."""
    public = SECRET | {"visibility": "public"}
    store.publish_version(engine, shipped_with(public), "public.csv", by=Staff("Asha", "test"), note="Public")
    store.publish_version(
        engine, shipped_with(SECRET), "withdrawn.csv", by=Staff("Asha", "test"), note="Again"
    )


def every_version(at: AppTest):
    """Each version chosen in turn under "Show a version": everything the page then draws,
    its tables' cells included."""
    for number in at.selectbox(key="data_version").options:
        at.selectbox(key="data_version").set_value(int(number.split()[1]))
        at.run()
        assert not at.exception
        yield repr(at._tree) + "".join(table.value.to_csv() for table in [*at.dataframe, *at.table])


@pytest.mark.parametrize("app_engine", ["sqlite", "postgresql"], indirect=True)
def test_a_milestone_withdrawn_now_is_in_no_version_a_visitor_can_reach(engine):
    withdraw_the_secret(engine)
    at = on_page(visitor(), "data")
    lines = [m.value for m in at.markdown if m.value.startswith("**Version ")]
    assert not any("11 milestones" in line or "1 added" in line or "1 removed" in line for line in lines)
    for shown in every_version(at):
        assert "Zanzibarquokka" not in shown and SECRET_ID not in shown


def test_staff_still_see_a_withdrawn_milestone_in_every_version(engine):
    withdraw_the_secret(engine)
    at = on_page(staff(), "data")
    lines = [m.value for m in at.markdown if m.value.startswith("**Version ")]
    assert any("Version 3**" in line and "1 changed" in line for line in lines), lines
    assert any("Version 4**" in line and "1 changed" in line for line in lines), lines
    # Versions 2, 3 and 4 hold it; version 1 does not, but restoring it would remove it, and the
    # restore's preview (staff only) says so.
    assert ["Zanzibarquokka" in shown for shown in every_version(at)] == [True] * 4


def visitors_lines(engine) -> dict:
    with engine.connect() as connection:
        audiences = set(connection.execute(sa.select(store.history_lines.c.audience)).scalars())
    (audience,) = [a for a in audiences if a.startswith("visitors ")]
    return store.read_history_lines(engine, audience)


@pytest.mark.parametrize("app_engine", ["sqlite", "postgresql"], indirect=True)
def test_the_history_lines_are_kept_and_a_database_made_before_them_fills_them_in(engine):
    on_page(visitor(), "data")
    assert visitors_lines(engine) == {1: (10, ""), 2: (10, "no changes")}
    store.history_lines.drop(engine)  # a database from before the lines were stored
    store.ensure_ready(engine)
    at = on_page(visitor(), "data")
    assert not at.exception
    assert any("Version 2**" in m.value and "10 milestones" in m.value for m in at.markdown)
    assert visitors_lines(engine) == {1: (10, ""), 2: (10, "no changes")}
    on_page(staff(), "data")
    assert store.read_history_lines(engine, "staff") == {1: (10, ""), 2: (11, "1 added")}


def test_an_older_sheet_saying_public_for_a_withdrawn_milestone_asks_first(engine):
    public = shipped_with(SECRET | {"visibility": "public"})
    at = on_page(staff(), "data")
    at.get("file_uploader")[0].upload("older.csv", public, "text/csv")
    at.run()
    assert not at.exception
    said = at.warning[0].value.replace("\\", "")  # first, above the changes
    assert said.startswith(
        "older.csv makes public 1 milestone that is staff-only in version 2: Zanzibarquokka shelter case."
    )
    publish = at.button(key="data_publish")
    assert publish.disabled  # off until someone says yes
    assert [v.version for v in store.history(engine)] == [2, 1]  # refused: nothing stored
    at.checkbox(key=next(c.key for c in at.checkbox if c.key.startswith("data_make_public_"))).check().run()
    at.text_input(key="data_note").input("Older sheet")
    at.button(key="data_publish").click().run()
    assert not at.exception, at.error
    assert store.current_version(engine).version == 3, [e.value for e in at.error]
    assert store.read_milestones(engine).set_index("id").loc[SECRET_ID, "visibility"] != "staff"


def story_text(at: AppTest) -> str:
    jump = next(box for box in at.selectbox if box.key.startswith("story_jump_at_"))
    return " ".join([*jump.options, *(m.value for m in at.markdown)])


def test_staff_present_public_milestones_unless_they_tick_to_include_the_staff_only_ones():
    at = staff()
    at.query_params["milestone"] = SECRET_ID  # a link to it opens the story's first slide instead
    at = on_page(at, "story")
    assert not at.exception
    assert "Zanzibarquokka" not in story_text(at)
    assert "**1 of 10**" in [m.value for m in at.markdown]
    assert not [m for m in at.markdown if "not for public sharing" in m.value]
    box = at.checkbox(key="story_include_staff_only")
    assert box.label == "Include staff-only milestones" and box.value is False
    box.check()
    at.query_params["milestone"] = SECRET_ID
    at = at.run()
    assert "Zanzibarquokka" in story_text(at) and "**11 of 11**" in [m.value for m in at.markdown]
    # Its slide says plainly that it is not for the public.
    assert [m.value for m in at.markdown if "not for public sharing" in m.value] == [
        ":red-badge[:material/lock: Staff only: not for public sharing]"
    ]
