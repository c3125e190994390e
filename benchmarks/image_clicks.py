"""What a visitor waits for an image of the timeline, and how many clicks it takes.

    python benchmarks/image_clicks.py [--runs N]

Starts the app on the shipped ten milestones and opens /timeline in Chromium at 1400x900.
Each run opens the page with other filters (so no file made before is reused), opens "Export
the timeline" and gets the PNG as a visitor does: a "Make PNG" button first where there is
one, then the download. Timed from the first click until the browser starts the download.
The first run of a fresh server includes starting the browser that draws images.
``--read-seconds S`` waits S seconds between opening the exports and the first click, as a
person reading the buttons does (by default none: the click comes at once).
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

from appserver import app_server, fresh_page, launch_chromium, wait_for_app  # noqa: E402
from machine import described, load_average  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

# A different view each run, so that every image is made afresh.
VIEWS = ["", "?sector=Justice", "?state=Rajasthan", "?sector=Education", "?state=Bihar", "?lanes=state",
         "?sector=Livelihoods", "?q=court", "?q=school", "?sector=Community"]  # fmt: skip


def one_image(page, url: str, read_seconds: float = 0) -> tuple[float, int]:
    """Seconds from the first click to the download's start, and the clicks it took."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_text("Export the timeline").click()
    page.wait_for_timeout(read_seconds * 1000)
    make = page.locator(".st-key-export_timeline_png_make button")
    download = page.locator(".st-key-export_timeline_png_download button")
    download.or_(make).first.wait_for()
    clicks, started = 0, time.perf_counter()
    with page.expect_download(timeout=120_000) as arrived:
        if make.count():
            make.click()
            clicks += 1
            download.wait_for(timeout=120_000)
        download.click()
        clicks += 1
    arrived.value.path()
    return time.perf_counter() - started, clicks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--read-seconds", type=float, default=0)
    arguments = parser.parse_args()
    runs = arguments.runs
    print(described(("streamlit", "kaleido")))
    print("load average before:", " ".join(load_average()))
    database = Path(tempfile.mkdtemp()) / "clfj.sqlite3"
    with app_server(env={"CLFJ_DATABASE_URL": f"sqlite:///{database}"}) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        with fresh_page(browser, 1400, 900, accept_downloads=True) as page:
            times = []
            for run in range(runs):
                seconds, clicks = one_image(
                    page, f"{server}/timeline{VIEWS[run % len(VIEWS)]}", arguments.read_seconds
                )
                times.append(seconds)
                print(f"run {run + 1}: {seconds:.2f} s, {clicks} clicks")
        browser.close()
    print(f"first image {times[0]:.2f} s; later ones median {statistics.median(times[1:]):.2f} s "
          f"({min(times[1:]):.2f}-{max(times[1:]):.2f})")  # fmt: skip
    print("load average after:", " ".join(load_average()))


if __name__ == "__main__":
    main()
