"""The two things the app needs from Streamlit that it offers no public API for, each behind one
function. ``tests/test_streamlit_internals.py`` fails plainly when an upgrade changes them.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from streamlit import dataframe_util, runtime
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as the Arrow table ``st.dataframe`` would send for it (Streamlit's own
    conversion, with its fixes for columns Arrow cannot take as they are)."""
    return dataframe_util.convert_pandas_df_to_arrow_table(frame)


def connection() -> object | None:
    """The connection this session is served over now: a new object for every websocket, so a
    session resumed over another one never matches it. None without a server (AppTest runs
    scripts under a stand-in runtime, a new one for every run)."""
    context = get_script_run_ctx()
    server = runtime.get_instance() if runtime.exists() else None
    if context is None or not issubclass(type(server), Runtime):
        return None
    client = server.get_client(context.session_id)
    return None if client is None else client.client_context
