"""How long a click on a Breakdown bar takes until the page shows the filtered charts, and where.

    python benchmarks/bar_click.py [--runs N]

Starts the app on the shipped ten milestones and opens /breakdown in Chromium at 1400x900, as
a new visitor each run. Each run clicks a bar of the chart by state; the first three click each
state once (the server has not made those filtered charts yet: "first"), the later ones click
them again (made already, for every visitor: "again"). Timed, on the page's clock, from the
press until the run it started has finished and every chart in view is drawn with the filtered
counts; and, from the websocket's messages, where the time goes: the press until the browser
asks for the run, the run on the server (asked until Streamlit's ``script_finished``), and the
browser drawing what it was sent after that.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from appserver import CHARTS_DRAWN, app_server, chart, fresh_page, launch_chromium, wait_for_app  # noqa: E402
from machine import described, load_average  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

STATES = 3  # bars of the chart by state on the shipped data: Rajasthan, Bihar, Not specified
PRESSED = """addEventListener("pointerdown", () => { window.clfjPressed = performance.now(); }, true);"""
# The sector chart's counts are no longer the ones before, the run is over, and every chart in
# view is drawn: the first moment this holds is kept.
FILTERED = f"""before => {{
    const counts = [...document.querySelectorAll(".st-key-breakdown_sectors .barlayer text")]
        .map(text => text.textContent).join(" ");
    const shown = counts && counts !== before
        && !document.querySelector("[data-test-script-state='running']")
        && !document.querySelector("[data-stale='true']") && ({CHARTS_DRAWN})();
    if (shown && !window.clfjShown) window.clfjShown = performance.now();
    return shown;
}}"""


def one_click(browser, url: str, bar: int) -> dict[str, float]:
    """Open the Breakdown as a new visitor, click bar ``bar`` of the chart by state, and return
    the seconds of each part (see the module's docstring)."""
    with fresh_page(browser, 1400, 900) as page:
        page.add_init_script(PRESSED)
        frames: list[tuple[str, float, bytes | str]] = []
        page.on(
            "websocket",
            lambda socket: (
                socket.on("framesent", lambda frame: frames.append(("sent", time.perf_counter(), frame))),
                socket.on("framereceived", lambda frame: frames.append(("got", time.perf_counter(), frame))),
            ),
        )
        page.goto(f"{url}/breakdown")
        wait_for_app(page)
        states = chart(page, "breakdown_states")
        before = " ".join(chart(page, "breakdown_sectors").locator(".barlayer text").all_text_contents())
        frames.clear()
        clicked = time.perf_counter()
        states.locator(".barlayer .point").nth(bar).click(force=True)
        page.wait_for_function(FILTERED, arg=before, polling="raf", timeout=120_000)
        shown = time.perf_counter()
        asked = next(at for kind, at, _ in frames if kind == "sent")
        finished = next(at for kind, at, frame in frames if kind == "got" and _finished(frame))
        return {
            "press to charts": page.evaluate("() => (window.clfjShown - window.clfjPressed) / 1000"),
            "press to asking": asked - clicked,
            "server run": finished - asked,
            "browser after": shown - finished,
        }


def _finished(frame: bytes | str) -> bool:
    if not isinstance(frame, bytes):
        return False
    message = ForwardMsg()
    message.ParseFromString(frame)
    return message.WhichOneof("type") == "script_finished"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    print(described(("streamlit", "plotly")))
    database = Path(tempfile.mkdtemp()) / "clfj.sqlite3"
    timed: dict[str, list[dict[str, float]]] = {"first": [], "again": []}
    with app_server(env={"CLFJ_DATABASE_URL": f"sqlite:///{database}"}) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        for run in range(runs):
            parts = one_click(browser, server, run % STATES)
            timed["first" if run < STATES else "again"].append(parts)
            said = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in parts.items())
            print(f"run {run + 1}: {said}")
        browser.close()
    for kind, each in timed.items():
        if each:
            medians = {name: statistics.median(parts[name] for parts in each) for name in each[0]}
            said = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in medians.items())
            print(f"{kind} ({len(each)}), medians: {said}")
    print("load average after:", " ".join(load_average()))


if __name__ == "__main__":
    main()
