"""What four visitors pressing "Download PNG" at once cost the server: browsers and time.

    python benchmarks/image_exports.py

Starts the app on the shipped ten milestones, opens four raw websocket sessions on /timeline
(``tests/wsclient.py``) and presses Download PNG in all four at once (the image is made when
pressed), while counting the Chromium
processes under the app's process (the machine's other Chromium processes are not counted)
and the browsers among them (a Chromium whose parent is not a Chromium). Then the same four
again, which the app answers from the files it keeps. The baseline, in one process: four
threads each calling ``fig.to_image`` at once, as the app did before it shared one browser.

The target: the four presses start one browser at most.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import wsclient  # noqa: E402
from appserver import app_process  # noqa: E402
from generate import published_database  # noqa: E402
from machine import described, load_average  # noqa: E402

VISITORS = 4
TARGET_BROWSERS = 1
PAGE = "timeline"
DOWNLOAD = "export_timeline_png_download"


class Census:
    """Chromium processes under ``root`` (a pid), counted every 50 ms on a thread."""

    def __init__(self, root: int):
        self.root, self.most, self.browsers = root, 0, set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            chromium = chromium_under(self.root)
            self.most = max(self.most, len(chromium))
            self.browsers |= {pid for pid, parent in chromium.items() if parent not in chromium}


def chromium_under(root: int) -> dict[int, int]:
    """Chromium processes descended from ``root``: pid -> parent pid."""
    parents, names = {}, {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:  # gone meanwhile
            continue
        pid = int(status.parent.name)
        parents[pid], names[pid] = int(fields["PPid"]), fields["Name"].strip()
    under = {}
    for pid, name in names.items():
        if "chrom" not in name:
            continue
        ancestor = parents.get(pid)
        while ancestor and ancestor != root:
            ancestor = parents.get(ancestor)
        if ancestor == root:
            under[pid] = parents[pid]
    return under


async def press_together(url: str) -> list[tuple[float, str]]:
    """Four sessions open /timeline, then press Download PNG at the same moment; each one's
    time and what it got (a download, or the sentence it was shown)."""
    async with asyncio.TaskGroup() as group:
        clients = [group.create_task(_opened(url)) for _ in range(VISITORS)]
    pairs = [task.result() for task in clients]
    try:
        return await asyncio.gather(*(_pressed(client, file_id) for client, file_id, _ in pairs))
    finally:
        for _, _, exit_stack in pairs:
            await exit_stack.aclose()


async def _pressed(client, file_id: str) -> tuple[float, str]:
    started = time.monotonic()
    try:
        await client.deferred_file(file_id, timeout=120)
        got = "download"
    except RuntimeError as refused:
        got = str(refused)
    return time.monotonic() - started, got


async def _opened(url: str):
    import contextlib

    stack = contextlib.AsyncExitStack()
    client = await stack.enter_async_context(wsclient.connect(url, timeout=120))
    run = await client.run(page=PAGE)
    button = next(e for e in run.elements if e.widget_id.endswith(f"-{DOWNLOAD}"))
    return client, button.proto.deferred_file_id, stack


def baseline() -> tuple[int, float]:
    """Four threads drawing with ``fig.to_image`` at once, each starting its own browser: the
    most Chromium processes under this process, and the slowest draw's seconds."""
    import os

    import plotly.graph_objects as go

    figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2]))
    times: list[float] = []

    def draw():
        start = time.perf_counter()
        figure.to_image(format="png", width=1400, height=600, scale=2)
        times.append(time.perf_counter() - start)

    with Census(os.getpid()) as census:
        threads = [threading.Thread(target=draw) for _ in range(VISITORS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return census.most, len(census.browsers), max(times)


def main() -> int:
    print(described(("streamlit", "plotly", "kaleido")), flush=True)
    base_processes, base_browsers, base_s = baseline()
    with tempfile.TemporaryDirectory(prefix="clfj-images-") as folder:
        env = {"CLFJ_DATABASE_URL": published_database(Path(folder), 10)}
        with app_process(env=env) as app, Census(app.process.pid) as census:
            first = wsclient.run(press_together(app.url))
            again = wsclient.run(press_together(app.url))
    print(f"\n{VISITORS} presses of Download PNG at once    browsers  Chromium processes  slowest, s")
    print(f"{'baseline: a browser per image':<38}{base_browsers:>8}{base_processes:>20}{base_s:>12.2f}")
    slowest = max(seconds for seconds, _ in first)
    print(f"{'the app: one shared browser':<38}{len(census.browsers):>8}{census.most:>20}{slowest:>12.2f}")
    print(f"{'the app again (kept files)':<38}{'':>8}{'':>20}{max(s for s, _ in again):>12.2f}")
    ratio = census.most / base_processes if base_processes else float("nan")
    print(f"\nChromium processes, the app against the baseline: {ratio:.2f}x")
    for label, outcomes in (("first", first), ("again", again)):
        got = [what for _, what in outcomes]
        print(f"{label}: {', '.join(got)}; median {statistics.median(s for s, _ in outcomes):.2f} s")
    verdict = "yes" if len(census.browsers) <= TARGET_BROWSERS else "no"
    print(f"At most {TARGET_BROWSERS} browser started: {verdict}")
    print(f"Load average at the end: {' '.join(load_average())}")
    return 0 if verdict == "yes" else 1


if __name__ == "__main__":
    sys.exit(main())
