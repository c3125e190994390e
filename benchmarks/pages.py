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
   target is under 1 MB at 10,000 milestones;
3. in the system Chromium, the time from opening ``/timeline`` until every chart is drawn,
   one ``streamlit run`` per size, a warm-up load and then the median of ``--runs`` loads,
   each by a new visitor (a fresh browser context) who then opens the page again (a
   returning visitor: the browser's cache holds Streamlit's and plotly.js's code); the target
   is under 2 s. The same is measured for a bare baseline (``bare_chart.py``: Streamlit and one
   ten-point ``st.plotly_chart``), and each page's time printed as a ratio to it. The marks
   on the way say where the time goes: the page's first element (Streamlit's start and the
   script on the server), plotly.js downloaded (it loads when the chart arrives: the
   timeline's frame loads plotly.js's basic bundle, Streamlit's chart element the whole of
   plotly.js), plotly.js evaluated, the chart drawn.

``--all`` then runs ``benchmarks/check_vs_parse.py`` (passing ``--runs`` on if given), so one
command prints every figure of docs/PERFORMANCE.md. Exits 1 only if a page fails.

Takes two to six minutes on two cores: a slow first run is waited for (up to ten minutes).
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
# first, so that ``import pages`` (in dashboard.py) finds the app's package, not this file.
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import streamlit as st  # noqa: E402
from appserver import CHARTS_DRAWN, PLOTLY_CHARTS, app_server, launch_chromium  # noqa: E402
from generate import published_database  # noqa: E402
from machine import described, load_average, yes  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = ("overview", "timeline", "breakdown", "milestones", "story", "data")
SIZES = (10, 10_000)
SMALL, LARGE = SIZES
RUNS = 5
TIME_TARGET = 1.5  # warm render time at 10k / at 10
JSON_TARGET_KB = 1024  # Plotly JSON a page sends at 10k
BROWSER_TARGET_S = 2.0  # /timeline opened until its chart is drawn
LIMITS = {"CLFJ_MAX_UPLOAD_MB": "500", "CLFJ_MAX_ROWS": "1000000"}
PAGE_TIMEOUT_S = 600

# Runs in the page before its own scripts and records (ms since navigation start) when the
# page shows its first element and when the script has finished with every chart drawn: the
# conditions of tests/appserver.py's wait_for_app, without its final pause.
MARKS = """
window.__clfjMarks = {};
(() => {
  const marks = window.__clfjMarks;
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  const check = () => {
    const content = document.querySelector(
      "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']");
    const running = document.querySelector("[data-test-script-state='running']");
    const charts = (PLOTLY_CHARTS)();
    if (content) mark("content");
    // plotly.js evaluated: Streamlit shows its chart element only then; a frame has Plotly.
    if (document.querySelector("[data-testid='stPlotlyChart']") || [...document.querySelectorAll("iframe")]
        .some(frame => frame.contentWindow && frame.contentWindow.Plotly)) mark("chart");
    if (content && charts.length && !running && (CHARTS_DRAWN)()) {
      mark("drawn");
      return;
    }
    setTimeout(check, 5);
  };
  check();
})();
""".replace("PLOTLY_CHARTS", PLOTLY_CHARTS).replace("CHARTS_DRAWN", CHARTS_DRAWN)
# When plotly.js had been downloaded (ms since navigation start): Streamlit's chunk of it, or
# the timeline frame's basic bundle (a frame keeps its own resource timings).
PLOTLY_LOADED = """() => {
  const windows = [window, ...[...document.querySelectorAll("iframe")].map(f => f.contentWindow)];
  for (const w of windows) {
    const chunk = w.performance.getEntriesByType("resource").find(
      r => /(PlotlyChart[^/]*|plotly-basic\\.min)\\.js$/.test(r.name));
    if (chunk) return chunk.responseEnd + (w.performance.timeOrigin - performance.timeOrigin);
  }
  return null;
}"""


class PageFailed(RuntimeError):
    """A page raised under AppTest, or drew no chart in the browser."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help=f"warm reruns and browser loads per size (default {RUNS})")
    parser.add_argument("--all", action="store_true", help="then run benchmarks/check_vs_parse.py too")
    args = parser.parse_args()
    runs = args.runs or RUNS

    print(described(("streamlit", "plotly", "pandas", "pyarrow", "playwright")), flush=True)
    os.environ.update(LIMITS)
    with tempfile.TemporaryDirectory(prefix="clfj-bench-") as folder:
        urls = {size: published_database(Path(folder), size) for size in SIZES}
        try:
            first, warm, chart_kb = time_pages(urls, runs)
            print_render_times(first, warm, runs)
            print_chart_json(chart_kb)
            loads, chromium = time_browser(urls, runs)
            print_browser(loads, chromium, runs)
            print(f"\nLoad average at the end: {' '.join(load_average())}")
        except PageFailed as error:
            print(f"\n*** FAILED: {error} ***", file=sys.stderr)
            return 1

    if args.all:
        print("\n== benchmarks/check_vs_parse.py ==", flush=True)
        command = [sys.executable, str(ROOT / "benchmarks" / "check_vs_parse.py")]
        if args.runs:
            command += ["--runs", str(args.runs)]
        return subprocess.run(command, cwd=ROOT).returncode
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
    """The Plotly JSON of every chart on the page: Streamlit's charts and the timeline's."""
    own = [chart.proto.spec for chart in at.get("plotly_chart")]
    return own + [json.loads(chart.proto.json_args)["spec"] for chart in at.get("component_instance")]


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


# -- Chromium --------------------------------------------------------------------------------


VISITORS = ("new", "returning")
BARE = "bare"  # benchmarks/bare_chart.py: Streamlit and one ten-point Plotly chart


def time_browser(urls: dict[int, str], runs: int):
    """Per page (a size's /timeline, or the bare baseline) and visitor, one (first content,
    plotly.js downloaded, chart shown, drawn) tuple in seconds per load."""
    from playwright.sync_api import sync_playwright

    print("timing /timeline in Chromium…", file=sys.stderr, flush=True)
    loads: dict[tuple[int | str, str], list[tuple]] = defaultdict(list)
    with contextlib.ExitStack() as stack:
        pages = {
            size: stack.enter_context(app_server(env={"CLFJ_DATABASE_URL": urls[size], **LIMITS}))
            + "/timeline"
            for size in SIZES
        }
        pages[BARE] = stack.enter_context(app_server("benchmarks/bare_chart.py")) + "/"
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        for url in pages.values():  # the server's imports, first script run and caches
            with visitor_context(browser) as context:
                load_page(context, url)
        for _ in range(runs):
            for target, url in pages.items():
                with visitor_context(browser) as context:
                    for visitor in VISITORS:
                        loads[target, visitor].append(load_page(context, url))
        return loads, browser.version


@contextlib.contextmanager
def visitor_context(browser):
    """A new visitor's browser: no cache, no cookies, and the marks script on every page."""
    context = browser.new_context()
    try:
        context.add_init_script(MARKS)
        yield context
    finally:
        context.close()


def load_page(context, url: str) -> tuple[float, float | None, float, float]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = context.new_page()
    try:
        page.goto(url)
        try:
            page.wait_for_function("() => 'drawn' in window.__clfjMarks", timeout=120_000)
        except PlaywrightTimeout:
            raise PageFailed(f"{url} drew no chart in 2 minutes") from None
        marks = page.evaluate("window.__clfjMarks")
        plotly_loaded = page.evaluate(PLOTLY_LOADED)
    finally:
        page.close()
    seconds = None if plotly_loaded is None else plotly_loaded / 1000
    return marks["content"] / 1000, seconds, marks["chart"] / 1000, marks["drawn"] / 1000


def print_browser(loads, chromium: str, runs: int) -> None:
    print(
        f"\nChromium {chromium}: /timeline opened until every chart is drawn, s "
        f"(median of {runs} loads after a warm-up)\n"
        f"{'milestones':>10} {'visitor':>10} {'content':>8} {'plotly.js':>10} {'chart':>6} {'drawn':>7}"
        f" {'/ bare':>7}  drawn < {BROWSER_TARGET_S:g} s"
    )
    drawn_bare = {}
    for target in (BARE, *SIZES):
        for visitor in VISITORS:
            columns = zip(*loads[target, visitor], strict=True)
            content, plotly_loaded, chart, drawn = (median_or_none(column) for column in columns)
            drawn_bare.setdefault(visitor, drawn)
            loaded = f"{plotly_loaded:>10.2f}" if plotly_loaded is not None else f"{'?':>10}"
            label = f"{target:>10,}" if target != BARE else f"{target:>10}"
            print(
                f"{label} {visitor:>10} {content:>8.2f} {loaded} {chart:>6.2f} {drawn:>7.2f}"
                f" {drawn / drawn_bare[visitor]:>7.2f}  {yes(drawn < BROWSER_TARGET_S)}"
            )
    print(
        "content: the page's first element (Streamlit's start and the script on the server); "
        "plotly.js: downloaded (the timeline's chart frame loads the basic bundle, Streamlit's "
        "chart element its whole plotly.js; a returning visitor's comes from the cache); "
        "chart: plotly.js evaluated; drawn: every chart drawn. bare: benchmarks/bare_chart.py, "
        "a Streamlit page with one ten-point st.plotly_chart and nothing else, opened the same way."
    )


# -- Shared ----------------------------------------------------------------------------------


def median_or_none(values) -> float | None:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


if __name__ == "__main__":
    sys.exit(main())
