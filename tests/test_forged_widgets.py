"""Widget values a forged client sends over the websocket: the app's own code reads them without
raising, so the server's log gets no traceback for each such message.

(Values Streamlit itself cannot read, such as a widget id without the ``$$ID-`` form, a
number where a multiselect expects a list, a number for a select box whose value the app set,
or NaN for a number box, are logged by Streamlit before the app's code runs; the log takes a few
a minute, and only the session that sent one sees an error.)
"""

import asyncio
import json

import pytest
import websockets
import wsclient
from appserver import REPO, STAFF_PASSWORD, app_server

from clfj_data import shipped_milestones_path, store
from clfj_data.auth import Staff

# A raw websocket client against a real server (a browser-level test).
pytestmark = pytest.mark.browser

UNCAUGHT = "Uncaught app execution"  # what Streamlit logs before an app's traceback
BIG = 900_000  # characters: within the 1 MB a tab's message may hold, far past any box's bound


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app under ``streamlit run`` on two versions of the shipped data, and the file its log
    goes to."""
    folder = tmp_path_factory.mktemp("forged")
    log, url = folder / "server.log", f"sqlite:///{folder / 'clfj.sqlite3'}"
    engine = store.connect(url)
    store.ensure_ready(engine)
    edited = shipped_milestones_path().read_bytes().replace(b"Mar 2022,Bihar child", b"Apr 2022,Bihar child")
    store.publish_version(engine, edited, "edited.csv", by=Staff("Asha", "test"), note="A month moved")
    engine.dispose()
    env = {"CLFJ_DATABASE_URL": url, "CLFJ_STAFF_PASSWORD": STAFF_PASSWORD}
    with app_server(env=env, log=log) as base:
        yield base, log


def rerun(widget_id: str = "", **value) -> bytes:
    """A BackMsg asking for a rerun of the default page, with one widget's value if given."""
    return wsclient.rerun_message(values=[(widget_id, *next(iter(value.items())))] if widget_id else [])


async def run_script(socket, message: bytes) -> tuple[dict[str, str], list[str]]:
    """Send ``message``; until the script has finished, collect each widget's id by its key and
    the message of any exception the page shows."""
    await socket.send(message)
    widgets, exceptions = {}, []
    while True:
        forward = wsclient.forward_message(await asyncio.wait_for(socket.recv(), 60))
        if forward.WhichOneof("type") == "script_finished":
            return widgets, exceptions
        if forward.WhichOneof("type") != "delta" or forward.delta.WhichOneof("type") != "new_element":
            continue
        element = forward.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            exceptions.append(element.exception.message)
        elif getattr(getattr(element, kind), "id", "").startswith("$$ID-"):
            widget_id = getattr(element, kind).id
            widgets[widget_id.split("-", 2)[-1]] = widget_id


async def forge(base: str, key: str, **value) -> list[str]:
    """Open the app as a client, then send ``value`` for the widget keyed ``key`` (twice, as a
    client repeating itself would); the exceptions the page showed."""
    address = base.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(address, subprotocols=["streamlit"], origin=base, max_size=None) as socket:
        widgets, _ = await run_script(socket, rerun())
        shown = []
        for _ in range(2):
            shown += (await run_script(socket, rerun(widgets[key], **value)))[1]
        return shown


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("filter_search", {"int_value": 7}),  # a number for the search text
        ("overview_timeline", {"json_value": "[1, 2]"}),  # a list for the chart's click
        ("overview_timeline", {"json_value": '"testimony-by-videoconference"'}),
    ],
    ids=["search-number", "chart-click-list", "chart-click-string"],
)
def test_forged_widget_values_raise_nothing_in_the_apps_code(server, key, value):
    base, log = server
    logged = log.stat().st_size
    shown = wsclient.run(forge(base, key, **value))
    assert shown == []
    assert UNCAUGHT not in log.read_bytes()[logged:].decode(errors="replace")


def click(widget_id: str, event: str, value, with_state: bool = True) -> bytes:
    """A BackMsg asking for a rerun with a click on the chart ``widget_id`` reporting ``value`` as
    ``event``: what the chart's script sends (Streamlit's component trigger), forged."""
    trigger = (f"$$STREAMLIT_INTERNAL_KEY_{widget_id}__events", "json_trigger_value",
               json.dumps({"event": event, "value": value}))  # fmt: skip
    # The element's state, which a browser sends with every click.
    state = [(widget_id, "json_value", "{}")] if with_state else []
    return wsclient.rerun_message(values=[*state, trigger])


async def forge_click(
    base: str, key: str, event: str, value, with_state: bool = True
) -> tuple[list[str], list[str]]:
    """Open the app as a client, then send a click on the chart keyed ``key``; the exceptions
    the page showed, and the query strings the app set in answer."""
    address = base.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(address, subprotocols=["streamlit"], origin=base, max_size=None) as socket:
        widgets, _ = await run_script(socket, rerun())
        await socket.send(click(widgets[key], event, value, with_state))
        shown, queries = [], []
        while True:
            forward = wsclient.forward_message(await asyncio.wait_for(socket.recv(), 60))
            kind = forward.WhichOneof("type")
            if kind == "script_finished":
                return shown, queries
            if kind == "page_info_changed":
                queries.append(forward.page_info_changed.query_string)
            elif kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
                shown.append(forward.delta.new_element.exception.message)


@pytest.mark.parametrize(
    ("event", "value"),
    [
        ("milestone", 7),
        ("milestone", ["testimony-by-videoconference"]),
        ("milestone", {"milestone": "testimony-by-videoconference"}),
        ("milestone", ""),
        ("state", "Bihar"),  # the overview's chart reports milestones only
        ("width", 900),
        ("milestone", None),  # with no state for the element: a real click always has one
    ],
    ids=["number", "list", "object", "empty", "state-on-a-timeline", "width", "no-state"],
)
def test_a_forged_chart_click_opens_nothing_and_raises_nothing(server, event, value):
    base, log = server
    logged = log.stat().st_size
    if value is None:
        value, with_state = "testimony-by-videoconference", False
    else:
        with_state = True
    shown, queries = wsclient.run(forge_click(base, "overview_timeline", event, value, with_state))
    assert shown == []
    assert not any("milestone=" in query or "state=" in query for query in queries)
    assert UNCAUGHT not in log.read_bytes()[logged:].decode(errors="replace")


def test_a_click_the_chart_reports_opens_its_milestone(server):
    """The same message with what the chart really sends does open it: the tests above can fail."""
    base, _ = server
    video = "testimony-by-videoconference"
    _, queries = wsclient.run(forge_click(base, "overview_timeline", "milestone", video))
    assert any(f"milestone={video}" in query for query in queries)


def test_a_search_of_700_kb_is_refused_with_a_message(server):
    """The box takes 200 characters; a forged 700 KB search broke every page (pyarrow's
    "pattern too large") and stayed in the session."""
    base, _ = server

    async def scenario():
        async with wsclient.connect(base, timeout=60) as client:
            page = await client.run(page="milestones")
            search = page.widget("filter_search")
            refused = await client.run(page="milestones", text={search: "court " * 120_000})
            after = await client.run(page="milestones")
            return refused, after

    refused, after = wsclient.run(scenario())
    assert not [e for e in refused.elements if e.kind == "exception"]
    assert "A search is at most 200 characters: that one was not applied." in refused.texts("alert")
    assert not after.shows("A search is at most") and not after.shows("No milestones match")


def test_tracebacks_from_forged_values_are_limited_in_the_log(server):
    """A number where a multiselect expects a list makes Streamlit's own code log a traceback for
    every message; the log takes a few a minute."""
    base, log = server
    logged = log.stat().st_size

    async def flood():
        address = base.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(
            address, subprotocols=["streamlit"], origin=base, max_size=None
        ) as socket:
            widgets, _ = await run_script(socket, rerun())
            for _ in range(60):
                await run_script(socket, rerun(widgets["filter_states"], int_value=7))

    wsclient.run(flood())
    written = log.read_bytes()[logged:].decode(errors="replace")
    print(f"\n60 forged messages: {written.count('Traceback')} tracebacks, {len(written):,} bytes logged")
    assert 1 <= written.count("Traceback") <= 10 + 1


# Over-long values. A tab's message (every widget's value at once) is at most 1 MB
# (.streamlit/config.toml): past it the server closes that connection before reading a value.
# Within it, each box holds what its widget allows, and no value breaks a page.


def test_a_message_over_a_megabyte_closes_its_own_connection_and_no_other(server):
    base, _ = server

    async def scenario():
        async with wsclient.connect(base) as other, wsclient.connect(base) as forger:
            await other.run()
            page = await forger.run()
            try:
                await forger.run(text={page.widget("filter_search"): "court " * 3_500_000})  # 21 MB
            except websockets.ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd else None
            else:
                code = None
            return code, await other.run(page="milestones")

    code, after = wsclient.run(scenario())
    assert code == 1009  # Message Too Big
    assert after.has_widget("filter_search") and not [e for e in after.elements if e.kind == "exception"]


async def signed_in(client: wsclient.StreamlitClient, name: str = "Asha", password: str = STAFF_PASSWORD):
    page = await client.run(page="data")
    fields = {page.widget("data_name"): name, page.widget("data_password"): password}
    return await client.run(page="data", text=fields, click=page.widget(label="Sign in"), timeout=60)


def exceptions(run: wsclient.Run) -> list[str]:
    return [e.proto.message for e in run.elements if e.kind == "exception"]


def test_a_forged_name_of_900_kb_is_cut_to_the_longest_a_name_may_be(server):
    base, log = server
    logged = log.stat().st_size

    async def scenario():
        async with wsclient.connect(base) as client:
            return await signed_in(client, name="Asha" + "a" * BIG)

    run = wsclient.run(scenario())
    assert not exceptions(run)
    (line,) = [text for text in run.texts() if text.startswith("Signed in as ")]
    assert len(line) == len("Signed in as .") + store.MAX_NAME
    assert UNCAUGHT not in log.read_bytes()[logged:].decode(errors="replace")


def test_a_forged_password_of_900_kb_is_a_wrong_password(server):
    base, _ = server

    async def scenario():
        async with wsclient.connect(base) as client:
            return await signed_in(client, password=STAFF_PASSWORD * (BIG // len(STAFF_PASSWORD)))

    run = wsclient.run(scenario())
    assert not exceptions(run) and not run.shows("Signed in as")
    assert run.shows("That password is not right.")


def test_a_forged_note_of_900_kb_is_cut_to_the_longest_a_note_may_be(server):
    base, log = server
    logged = log.stat().st_size

    async def scenario():
        async with wsclient.connect(base) as client:
            page = await signed_in(client)
            chosen = (page.widget("data_version"), "string_value", "Version 1")
            shown = await client.run(page="data", values=[chosen])
            note = (shown.widget("data_rollback_note"), "string_value", "n" * BIG)
            return await client.run(page="data", values=[chosen, note], click=shown.widget("data_rollback"))

    run = wsclient.run(scenario())
    assert not exceptions(run)
    assert run.shows("Restored version 1 as version 3")
    assert f"Note: {'n' * store.MAX_NOTE}" in run.texts()
    assert UNCAUGHT not in log.read_bytes()[logged:].decode(errors="replace")


def keyed(widget_id: str, key: str) -> bool:
    """Whether ``widget_id`` ($$ID-<hash>-<key>) is the widget keyed ``key``, or a key beginning
    with it where ``key`` ends in "_"."""
    own = widget_id.split("-", 2)[-1]
    return own == key or (key.endswith("_") and own.startswith(key))


@pytest.mark.parametrize(
    ("page", "key", "field", "value"),
    [
        ("", "filter_states", "string_array_value", [f"State {n:06d}" for n in range(60_000)]),
        ("", "filter_sectors", "string_array_value", ["x" * BIG]),
        ("", "filter_period_", "string_array_value", ["Mar 2022" * (BIG // 16)] * 2),
        ("", "overview_timeline", "json_value", json.dumps({"selection": "x" * BIG})),
        ("data", "data_version", "string_value", "Version " * (BIG // 8)),
        ("story", "story_jump_at_", "string_value", "1" * BIG),
        ("story", "story_newest", "string_value", "yes" * (BIG // 3)),
    ],
    ids=[
        "multiselect-60000-values", "multiselect-900-kb-value", "select-slider-900-kb-values",
        "chart-900-kb-state", "selectbox-900-kb-value", "jump-list-900-kb-value", "toggle-900-kb-text",
    ],
)  # fmt: skip
def test_an_over_long_value_of_any_widget_breaks_no_page(server, page, key, field, value):
    base, log = server
    logged = log.stat().st_size

    async def scenario():
        async with wsclient.connect(base, timeout=60) as client:
            first = await client.run(page=page)
            # A key ending in "_" is a prefix: the date slider's key names the span it covers.
            (widget_id,) = [e.widget_id for e in first.elements if keyed(e.widget_id, key)]
            forged = await client.run(page=page, values=[(widget_id, field, value)])
            return forged, await client.run(page=page)

    forged, after = wsclient.run(scenario())
    assert not exceptions(forged) and not exceptions(after)
    assert forged.elements and after.elements  # the page is drawn
    assert UNCAUGHT not in log.read_bytes()[logged:].decode(errors="replace")


@pytest.fixture(scope="module")
def long_story(tmp_path_factory):
    """The app on 400 generated milestones: past 300 slides the story jumps by a number box."""
    import importlib.util

    folder = tmp_path_factory.mktemp("long-story")
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    data = generate.write_milestones(folder / "milestones.csv", 400, seed=5).read_bytes()
    url = f"sqlite:///{folder / 'clfj.sqlite3'}"
    engine = store.connect(url)
    store.ensure_ready(engine)
    store.publish_version(engine, data, "milestones.csv", by=Staff("Asha", "test"), note="Generated")
    engine.dispose()
    with app_server(env={"CLFJ_DATABASE_URL": url}, log=folder / "server.log") as base:
        yield base


@pytest.mark.parametrize(
    ("field", "value"),
    [("double_value", 1e300), ("double_value", -1e300), ("int_value", 2**62)],
    ids=["huge", "huge-negative", "huge-whole-number"],
)
def test_a_forged_number_for_the_slide_box_leaves_the_story_on_a_slide(long_story, field, value):
    async def scenario():
        async with wsclient.connect(long_story, timeout=60) as client:
            first = await client.run(page="story")
            forged = await client.run(page="story", values=[(first.widget("story_jump_at_1"), field, value)])
            return first, forged

    first, forged = wsclient.run(scenario())
    assert first.has_widget("story_jump_at_1") and [e for e in first.elements if e.kind == "number_input"]
    assert not exceptions(forged)
    assert any(text.endswith(" of 400") or " of 400" in text for text in forged.texts())
