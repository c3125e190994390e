"""What the app and its tests use of Streamlit beyond its public API, each kept in one place
(``clfj_ui/internals.py``, ``tests/wsclient.py``, ``tests/apptest_events.py``). After a Streamlit
upgrade these fail first, and say what changed."""

import inspect

import pandas as pd
import pyarrow as pa
import pytest
import wsclient
from streamlit import runtime
from streamlit.runtime.session_manager import SessionClient, SessionManager

from clfj_ui import internals

pytestmark = pytest.mark.unit


def test_a_frame_becomes_the_arrow_table_st_dataframe_sends():
    frame = pd.DataFrame({"Headline": ["Courts use video", "Committees meet"], "mixed": [1, "two"]})
    table = internals.arrow_table(frame)
    assert isinstance(table, pa.Table), "dataframe_util.convert_pandas_df_to_arrow_table changed"
    assert table.num_rows == 2 and table.column("Headline").to_pylist() == list(frame["Headline"])
    # Streamlit's own fix for a column Arrow cannot take as it is: read as text.
    assert table.column("mixed").to_pylist() == ["1", "two"]


def test_the_runtime_still_gives_each_session_its_connection():
    assert callable(getattr(runtime, "exists", None)) and callable(getattr(runtime, "get_instance", None))
    assert "session_id" in inspect.signature(runtime.Runtime.get_client).parameters, (
        "Runtime.get_client changed"
    )
    assert isinstance(inspect.getattr_static(SessionClient, "client_context"), property), (
        "SessionClient.client_context is gone: a sign-in can no longer be bound to its connection"
    )
    assert internals.connection() is None  # outside a server's script run there is none


def test_the_runtime_still_lets_a_guard_see_which_session_a_connection_asks_to_resume():
    names = runtime.Runtime.__init__.__code__.co_names
    assert "_session_mgr" in names, "Runtime._session_mgr is gone: a stolen session id takes a tab's place"
    parameters = inspect.signature(SessionManager.connect_session).parameters
    assert "existing_session_id" in parameters, "SessionManager.connect_session changed"
    assert callable(getattr(SessionManager, "get_active_session_info", None)), (
        "SessionManager.get_active_session_info is gone"
    )
    internals.keep_sessions_on_their_connections()  # without a server: nothing to guard, no error


def test_the_browser_protocol_still_has_the_fields_the_raw_client_uses():
    sent = wsclient.rerun_message("data", "milestone=x", [("$$ID-1-data_name", "string_value", "Asha")])
    back = wsclient.BackMsg.FromString(sent)
    assert (back.rerun_script.page_name, back.rerun_script.query_string) == ("data", "milestone=x")
    assert back.rerun_script.widget_states.widgets[0].string_value == "Asha"
    assert wsclient.BackMsg.FromString(wsclient.clear_cache_message()).clear_cache
    asked = wsclient.BackMsg.FromString(wsclient.deferred_file_message("r1", "f1")).backend_operation_request
    assert (asked.request_id, asked.deferred_file.file_id) == ("r1", "f1")
    answer = wsclient.ForwardMsg().backend_operation_response
    assert {"request_id", "error_msg", "deferred_file"} <= set(answer.DESCRIPTOR.fields_by_name)
    assert "url" in answer.deferred_file.DESCRIPTOR.fields_by_name
    kinds = {field.name for field in wsclient.ForwardMsg.DESCRIPTOR.oneofs_by_name["type"].fields}
    assert {"new_session", "delta", "script_finished"} <= kinds
    assert set(wsclient.ForwardMsg.ScriptFinishedStatus.values()) >= wsclient.FINISHED


def test_apptest_still_lets_a_test_send_a_custom_elements_event():
    from streamlit.components.v2.bidi_component import main
    from streamlit.testing.v1 import AppTest

    assert callable(getattr(main, "_make_trigger_id", None)), "Components v2's _make_trigger_id is gone"
    assert main._make_trigger_id("$$ID-1-story_keys", "events") != "$$ID-1-story_keys"
    assert "widget_state" in inspect.signature(AppTest._run).parameters, "AppTest._run changed"
    at = AppTest.from_string("import streamlit as st\nst.button('Go', key='go')").run()
    assert at._tree.get_widget_states().widgets[0].id.endswith("-go"), "AppTest's element tree changed"
