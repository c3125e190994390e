"""How each page of the dashboard scales from the shipped 10 milestones to 10,000.

    python benchmarks/pages.py [--runs 5] [--all]

Makes a SQLite database per size in a temporary folder (the store imports the shipped data,
then the size's CSV is published through it: ``data/milestones.csv`` for 10, a table from
``generate.py`` for 10,000), then prints, side by side for the two sizes:

1. each page's render time under AppTest: the first run (a fresh session with Streamlit's
   caches emptied, as after a server start or a new version) and the median of ``--runs``
   warm reruns, the sizes interleaved so both share the machine's noise; the target is a
   warm 10k/10 ratio of at most 1.5;
2. the Plotly JSON each page sends (the UTF-8 bytes of its ``st.plotly_chart`` specs); the
   target is under 1 MB at 10,000 milestones.

What the browser does with the pages is ``browser_pages.py``. ``--all`` then runs it,
``deck.py`` and ``check_vs_parse.py`` (passing ``--runs`` on if given), so one command prints
every figure of docs/PERFORMANCE.md. Exits 1 only if a page fails.

Takes a minute or two on two cores (a slow first run is waited for, up to ten minutes); with
``--all``, fifteen to twenty.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The app's package, the test suite's server helper and this folder's modules. The root goes
# first, so that ``import clfj_ui`` (in dashboard.py) finds the app's package.
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import streamlit as st  # noqa: E402
from machine import described, load_average, yes  # noqa: E402
from sizes import LARGE, PACKAGES, SIZES, SMALL, make_database  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = ("overview", "timeline", "breakdown", "milestones", "story", "data")
RUNS = 5
TIME_TARGET = 1.5  # warm render time at 10k / at 10
JSON_TARGET_KB = 1024  # Plotly JSON a page sends at 10k
PAGE_TIMEOUT_S = 600


class PageFailed(RuntimeError):
    """A page raised under AppTest."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help=f"warm reruns and browser loads per size (default {RUNS})")
    parser.add_argument("--all", action="store_true", help="then run benchmarks/check_vs_parse.py too")
    args = parser.parse_args()
    runs = args.runs or RUNS

    print(described(PACKAGES), flush=True)
    with tempfile.TemporaryDirectory(prefix="clfj-bench-") as folder:
        urls = {size: make_database(Path(folder), size) for size in SIZES}
        try:
            first, warm, chart_kb = time_pages(urls, runs)
            print_render_times(first, warm, runs)
            print_chart_json(chart_kb)
            print(f"\nLoad average at the end: {' '.join(load_average())}")
        except PageFailed as error:
            print(f"\n*** FAILED: {error} ***", file=sys.stderr)
            return 1

    if args.all:
        for benchmark in ("browser_pages.py", "deck.py", "check_vs_parse.py"):
            print(f"\n== benchmarks/{benchmark} ==", flush=True)
            command = [sys.executable, str(ROOT / "benchmarks" / benchmark)]
            if args.runs:
                command += ["--runs", str(args.runs)]
            if subprocess.run(command, cwd=ROOT).returncode != 0:
                return 1
    return 0


# -- AppTest ---------------------------------------------------------------------------------


def time_pages(urls: dict[int, str], runs: int):
    """First-run and warm render times (seconds) and Plotly JSON (KB) per (page, size)."""
    for page in PAGES:  # load every module the pages use, so no page pays for another's imports
        timed_run(open_page(urls[SMALL], page), urls[SMALL], page)
    first: dict[tuple[str, int], float] = {}
    warm: dict[tuple[str, int], list[float]] = defaultdict(list)
    chart_kb: dict[tuple[str, int], float] = {}
    for page in PAGES:
        print(f"timing {page}…", file=sys.stderr, flush=True)
        sessions = {}
        for size in SIZES:
            sessions[size] = open_page(urls[size], page)
            empty_caches()
            first[page, size] = timed_run(sessions[size], urls[size], page)
        for _ in range(runs):
            for size in SIZES:
                warm[page, size].append(timed_run(sessions[size], urls[size], page))
        for size in SIZES:
            specs = plotly_specs(sessions[size])
            chart_kb[page, size] = sum(len(spec.encode("utf-8")) for spec in specs) / 1024
    return first, warm, chart_kb


def plotly_specs(at: AppTest) -> list[str]:
    """The Plotly JSON of every chart on the page: Streamlit's charts and the app's (clfj_ui/plot.py)."""
    own = [chart.proto.spec for chart in at.get("plotly_chart")]
    drawn = [c for c in at.get("bidi_component") if c.proto.component_name == "clfj_chart"]
    return own + [json.loads(chart.proto.json)["spec"] for chart in drawn]


def open_page(url: str, page: str) -> AppTest:
    """A new session that has opened the app (the overview) and is about to go to ``page``."""
    with outside_a_script_run():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=PAGE_TIMEOUT_S)
    os.environ["CLFJ_DATABASE_URL"] = url
    at.run()
    at.switch_page(f"pages/{page}.py")
    return at


def empty_caches() -> None:
    """Streamlit's caches as after a server start."""
    with outside_a_script_run():
        st.cache_data.clear()
        st.cache_resource.clear()


@contextlib.contextmanager
def outside_a_script_run():
    """Silence the warnings Streamlit gives when called outside a script run, as expected here."""
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def timed_run(at: AppTest, url: str, page: str) -> float:
    os.environ["CLFJ_DATABASE_URL"] = url  # the app reads it on every run
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise PageFailed(f"the {page} page raised with {url}: {at.exception[0].value}")
    return seconds


def print_render_times(first, warm, runs: int) -> None:
    print(
        f"\nAppTest render time, s (first: new session, empty caches; warm: median of {runs} reruns)\n"
        f"{'page':<11} {'first 10':>9} {'first 10k':>10} {'10k/10':>7} "
        f"{'warm 10':>8} {'warm 10k':>9} {'10k/10':>7}  warm ratio <= {TIME_TARGET}"
    )
    for page in PAGES:
        first_small, first_large = first[page, SMALL], first[page, LARGE]
        warm_small, warm_large = (statistics.median(warm[page, size]) for size in SIZES)
        ratio = warm_large / warm_small
        print(
            f"{page:<11} {first_small:>9.3f} {first_large:>10.3f} {first_large / first_small:>7.1f} "
            f"{warm_small:>8.3f} {warm_large:>9.3f} {ratio:>7.2f}  {yes(ratio <= TIME_TARGET)}"
        )


def print_chart_json(chart_kb) -> None:
    print(
        f"\nPlotly JSON sent per page, KB (the figures of the page's charts)\n"
        f"{'page':<11} {'10':>9} {'10,000':>9}  10k < {JSON_TARGET_KB} KB"
    )
    for page in PAGES:
        small, large = chart_kb[page, SMALL], chart_kb[page, LARGE]
        print(f"{page:<11} {small:>9.1f} {large:>9.1f}  {yes(large < JSON_TARGET_KB)}")


if __name__ == "__main__":
    sys.exit(main())
