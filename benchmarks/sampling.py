"""Where a running app server's time goes: py-spy's samples of it, summed by part of a run.

py-spy (``pip install py-spy``; it reads another process's memory, so it needs to run as the
same user or root) samples the thread holding Python's lock, so the shares below are of the
server's Python time, all threads together. The parts overlap: a page's elements are inside
the page, and the page inside the script run.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

PARTS = (  # (label, depth, a frame that the part's samples pass through)
    ("a script run, from its thread", 0, "ScriptRunner._run_script_thread "),
    ("the entry script and its page", 1, "<module> (dashboard.py)"),
    ("the sidebar's filters", 2, "sidebar_filters (clfj_ui/filtering.py)"),
    ("reading which version is current", 2, "read_current_version (clfj_ui/dataset.py)"),
    ("the page itself", 2, "Page.run (streamlit/navigation/page.py)"),
    ("overview", 3, "<module> (overview.py)"),
    ("timeline", 3, "<module> (timeline.py)"),
    ("breakdown", 3, "<module> (breakdown.py)"),
    ("story", 3, "<module> (story.py)"),
    ("milestones", 3, "<module> (milestones.py)"),
    ("elements handed to Streamlit (protobuf, queue)", 2, "DeltaGenerator._enqueue "),
    ("the charts (clfj_ui/plot.py)", 2, "plotly_chart (clfj_ui/plot.py)"),
    ("frameless elements (st.components.v2)", 2, "_mount_component "),
    ("the chart images' download buttons", 2, "image_exports (clfj_ui/export_buttons.py)"),
    ("st.dataframe (the tables)", 2, "ArrowMixin.dataframe "),
    ("the collection after the run", 1, "ScriptRunner._on_script_finished "),
    ("the event loop: sessions, messages, websockets", 0, "BaseEventLoop.run_forever "),
)


def available() -> bool:
    return shutil.which("py-spy") is not None


@contextlib.contextmanager
def sampled(pid: int, output: Path):
    """py-spy recording process ``pid`` into ``output`` (its raw, collapsed stacks) until the
    block ends."""
    command = ["py-spy", "record", "--gil", "--nonblocking", "--rate", "250", "--format", "raw"]
    spy = subprocess.Popen([*command, "--pid", str(pid), "--output", str(output)], stdout=subprocess.DEVNULL)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes what it has, and stops
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()


def shares(raw: Path) -> dict[str, float]:
    """Each part's share of the samples in py-spy's raw output ``raw``."""
    counted: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = re.sub(r":\d+\)", ")", stack)  # line numbers apart, a frame is its function
        total += int(count)
        for label, _, frame in PARTS:
            if frame in frames:
                counted[label] += int(count)
    return {label: counted[label] / total if total else 0.0 for label, _, _ in PARTS}


def print_shares(profiles: dict[str, Path]) -> None:
    """The parts' shares side by side, a column per profiled server."""
    found = {name: shares(raw) for name, raw in profiles.items() if raw.exists()}
    if not found:
        return
    print("\nWhere the server's Python time went with 20 sessions (py-spy samples, parts overlap)")
    print(f"{'':<52}" + "".join(f"{name:>10}" for name in found))
    for label, depth, _ in PARTS:
        print(f"{'  ' * depth + label:<52}" + "".join(f"{found[name][label]:>10.0%}" for name in found))
