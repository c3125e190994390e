"""Events from a custom element under AppTest: what the tests need of Streamlit's testing API
beyond its public surface, in one place (as ``tests/wsclient.py`` is for the browser protocol).

AppTest can click buttons and set widgets, but has no way to send what a Components v2 element's
script sends (a trigger named for the element and its event). :func:`send_event` builds that
trigger with Streamlit's own id function and runs the app with it;
``tests/test_streamlit_internals.py`` fails plainly when an upgrade changes what it uses.
"""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def send_event(at: AppTest, component: str, event: str, value) -> AppTest:
    """Run ``at`` again as if the Components v2 element whose name ends with ``component`` had
    sent ``event`` with ``value`` (whatever a forged client might put there), the other widgets
    keeping their values."""
    from streamlit.components.v2.bidi_component.main import _make_trigger_id

    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name.endswith(component)]
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(element.proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": event, "value": value}])
    return at._run(states)


def dismiss_dialog(at: AppTest) -> AppTest:
    """Run ``at`` again as a browser does when its one dialog is closed (its ×, Escape or a click
    beside it): the dialog's own trigger, the other widgets keeping their values."""
    (dialog,) = at.get("dialog")
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = dialog.proto.dialog.id
    trigger.trigger_value = True
    return at._run(states)


def handed(at: AppTest, component: str) -> list[dict]:
    """What each Components v2 element whose name ends with ``component`` was handed (its data)."""
    return [
        json.loads(element.proto.json)
        for element in at.get("bidi_component")
        if element.proto.component_name.endswith(component)
    ]


def milestones_table(at: AppTest):
    """The Milestones page's table as the browser is handed it: an ``id`` column, then one for
    each column it shows, by its English header."""
    import pandas as pd

    (data,) = handed(at, "clfj_table")
    columns = ["id", *(column["name"] for column in data["columns"])]
    return pd.DataFrame([{"id": row["id"], **row["cells"]} for row in data["rows"]], columns=columns)


class Presses:
    """One-click downloads under AppTest. Such a button is handed a callable that makes its file
    when pressed (``st.download_button(data=callable)``); AppTest keeps no way to reach it. This
    records each callable as Streamlit registers it, so :meth:`press` runs it as a press would."""

    def __init__(self, monkeypatch):
        from streamlit.runtime.media_file_manager import MediaFileManager

        self.made: dict[str, tuple] = {}  # file id: (its callable, its file name)
        register = MediaFileManager.add_deferred

        def add_deferred(manager, data_callable, mimetype, coordinates, file_name=None, **named):
            file_id = register(manager, data_callable, mimetype, coordinates, file_name, **named)
            self.made[file_id] = (data_callable, file_name)
            return file_id

        monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)

    def press(self, at: AppTest, key: str) -> tuple[bytes, str]:
        """The file the download button keyed ``key`` gives when pressed, and its name."""
        (button,) = [b for b in at.get("download_button") if b.key == key]
        make, name = self.made[button.proto.deferred_file_id]
        return make(), name
