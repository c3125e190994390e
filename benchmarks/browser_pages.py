"""Every page of the dashboard in Chromium, at the shipped 10 milestones and at 10,000.

    python benchmarks/browser_pages.py [--runs 5] [--only timeline|pages|clicks]

Starts one ``streamlit run`` per size (a SQLite database each, from ``sizes.py``) and one of
the bare baseline (``bare_chart.py``: Streamlit and one ten-point ``st.plotly_chart``), then,
each load by a new visitor (a fresh browser context) and the sizes interleaved so both share
the machine's noise, prints medians of ``--runs`` loads after a warm-up:

1. ``/timeline`` and the bare page, opened by a new visitor and then again by the same one
   (a returning visitor: the browser's cache holds Streamlit's and plotly.js's code), with
   the marks on the way: the page's first element, plotly.js downloaded and evaluated, the
   chart drawn; the target is under 2 s, and each is printed as a ratio to the bare page;
2. every page (overview, timeline, breakdown, story, milestones, data): the time from
   navigation until the script has finished and every chart (and every table in view) is
   drawn, its ratio at 10,000 to its time at ten (target: at most 1.5), and the main
   thread's longest task from the first paint until two seconds after it was drawn (target:
   none over 200 ms), in wall time (the Long Tasks API, observed in every frame) and in CPU
   time (a Chromium trace of the same loads: on a shared machine a task's wall time grows
   with the load, its CPU time hardly);
3. clicks on the timeline, once the chart is laid out for its width and two seconds have
   passed (when a visitor would click), from the press to what it opens: a marker to its
   detail panel's headline (on ``/timeline``, and in the dialog on the overview), at 10 and
   at 10,000 milestones (where single markers are shown only for a narrower period: the
   sidebar's dates, from the URL); target 0.3 s. At 10,000, a marker that stands for many:
   to the chart zoomed into its period, and to the list of its milestones; target 0.5 s.

Takes ten to twenty minutes on two cores. Exits 1 if a page fails to draw.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The app's package, the test suite's server helper and this folder's modules. The root goes
# first, so that ``import clfj_ui`` (in dashboard.py) finds the app's package.
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from appserver import CHARTS_DRAWN, PLOTLY_CHARTS, app_server, launch_chromium, wait_for_app  # noqa: E402
from machine import described, load_average, yes  # noqa: E402
from sizes import LARGE, LIMITS, PACKAGES, SIZES, SMALL, make_database, median_or_none  # noqa: E402

RUNS = 5
PARTS = ("timeline", "pages", "clicks")
BROWSER_TARGET_S = 2.0  # /timeline opened until its chart is drawn
DRAWN_TARGET = 1.5  # a page drawn at 10,000 milestones / at ten
TASK_TARGET_MS = 200  # the longest main-thread task after the first paint
CLICK_TARGET_S = 0.3  # a marker to its detail panel
GROUP_TARGET_S = 0.5  # a marker for many milestones to something visible
SETTLE_S = 2.0  # after a page is drawn, long tasks are still counted for this long
VIEWPORT = {"width": 1400, "height": 900}
TRACE_CATEGORIES = ["toplevel", "devtools.timeline"]  # tasks with their CPU time; paints
TASK_EVENTS = ("ThreadControllerImpl::RunTask", "RunTask")  # a task, as Chromium names it in a trace
# Each page's path, and how many Plotly charts it draws once the script has finished.
PAGES = {"overview": ("/", 1), "timeline": ("/timeline", 1), "breakdown": ("/breakdown", 4),
         "story": ("/story", 1), "milestones": ("/milestones", 0), "data": ("/data", 0)}  # fmt: skip
# At 10,000 milestones the timeline groups markers by month; over two months it shows each.
NARROW = "from=2020-01&to=2020-02"
MARKERS = ".cartesianlayer .scatterlayer .point"  # the chart's, not the range slider's copies
HEADLINE = "[role=dialog] h2"  # the dialog is titled with the milestone's headline
GROUP_LIST = ".st-key-timeline_group_list"
TICKS = ".cartesianlayer .xtick text"  # the date axis's labels: they change when it zooms

# In every frame, before its own scripts: its long tasks and the moment a click starts, on
# the clock every frame shares (performance.timeOrigin + now), kept in the top window (the
# chart frames are the app's own, so the same origin).
TRACE = """
(() => {
  let sink = window;
  try { if (window.top.document) sink = window.top; } catch (error) {}
  sink.__clfjTasks = sink.__clfjTasks || [];
  const where = window === window.top ? "page" : "frame";
  new PerformanceObserver(list => {
    for (const task of list.getEntries()) {
      sink.__clfjTasks.push({start: performance.timeOrigin + task.startTime, duration: task.duration, where});
    }
  }).observe({entryTypes: ["longtask"]});
  const pressed = () => { sink.__clfjPressed = performance.timeOrigin + performance.now(); };
  addEventListener("pointerdown", pressed, true);
})();
"""
# In the top window: when (ms since navigation) the page shows its first element, plotly.js
# is evaluated (Streamlit shows its chart element only then; a frame has Plotly), and the
# script has finished with CHARTS charts and every table in view drawn.
MARKS = """
if (window === window.top) {
  window.__clfjMarks = {};
  const marks = window.__clfjMarks;
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  const check = () => {
    const content = document.querySelector(
      "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']");
    const running = document.querySelector("[data-test-script-state='running']");
    const charts = (PLOTLY_CHARTS)();
    if (content) mark("content");
    if (document.querySelector("[data-testid='stPlotlyChart']") || [...document.querySelectorAll("iframe")]
        .some(frame => frame.contentWindow && frame.contentWindow.Plotly)) mark("chart");
    const tables = [...document.querySelectorAll("[data-testid='stDataFrame']")]
      .filter(table => table.checkVisibility());
    if (content && !running && charts.length >= CHARTS && (CHARTS_DRAWN)()
        && tables.every(table => table.querySelector("canvas"))) {
      mark("drawn");
      return;
    }
    setTimeout(check, 5);
  };
  check();
}
""".replace("PLOTLY_CHARTS", PLOTLY_CHARTS).replace("CHARTS_DRAWN", CHARTS_DRAWN)
# When plotly.js had been downloaded (ms since navigation start): Streamlit's chunk of it, or
# the app chart frames' bundle (a frame keeps its own resource timings).
PLOTLY_LOADED = """() => {
  const windows = [window, ...[...document.querySelectorAll("iframe")].map(f => f.contentWindow)];
  for (const w of windows) {
    const chunk = w.performance.getEntriesByType("resource").find(
      r => /(PlotlyChart[^/]*|plotly-charts\\.min)\\.js$/.test(r.name));
    if (chunk) return chunk.responseEnd + (w.performance.timeOrigin - performance.timeOrigin);
  }
  return null;
}"""
# Long tasks (ms) that started after the first paint, each once (a frame's may be seen twice).
TASKS_AFTER_PAINT = """() => {
  const paint = performance.getEntriesByType("paint").find(p => p.name === "first-paint");
  const after = performance.timeOrigin + (paint ? paint.startTime : 0);
  const seen = new Map();
  for (const task of window.__clfjTasks || []) {
    const start = Math.round(task.start);
    if (task.start >= after) seen.set(start, Math.max(task.duration, seen.get(start) || 0));
  }
  return {paint: paint ? paint.startTime : null, tasks: [...seen.values()]};
}"""
# Polled on every animation frame after a click: the first moment (on the shared clock) each
# of ``wanted`` is seen: name -> [in the chart's frame?, CSS selector, text before or null]:
# with null, an element it selects is visible; else their text is no longer the one before.
SEEN = """([wanted, chartFrame]) => {
  const frame = document.querySelector(chartFrame)?.contentDocument;
  const seen = window.__clfjSeen = window.__clfjSeen || {};
  for (const [name, [inFrame, selector, before]] of Object.entries(wanted)) {
    const elements = [...((inFrame ? frame : document)?.querySelectorAll(selector) || [])];
    const shown = before === null ? elements.some(e => e.checkVisibility())
      : elements.map(e => e.textContent).join(" ") !== before;
    if (shown && !(name in seen)) seen[name] = performance.timeOrigin + performance.now();
  }
  return Object.keys(wanted).every(name => name in seen);
}"""


class PageFailed(RuntimeError):
    """A page drew nothing, or a click opened nothing, within two minutes."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"loads per page and size (default {RUNS})")
    parser.add_argument("--only", choices=PARTS, help="measure only this part (default: all three)")
    args = parser.parse_args()
    parts = [args.only] if args.only else PARTS
    print(described(PACKAGES), flush=True)
    with tempfile.TemporaryDirectory(prefix="clfj-bench-") as folder:
        urls = {size: make_database(Path(folder), size) for size in SIZES}
        try:
            with browser_and_servers(urls) as (browser, servers):
                print(f"Chromium {browser.version}")
                if "timeline" in parts:
                    print_timeline(time_timeline(browser, servers, args.runs), args.runs)
                if "pages" in parts:
                    print_pages(time_pages(browser, servers, args.runs), args.runs)
                if "clicks" in parts:
                    print_clicks(time_clicks(browser, servers, args.runs), args.runs)
        except PageFailed as error:
            print(f"\n*** FAILED: {error} ***", file=sys.stderr)
            return 1
    print(f"\nLoad average at the end: {' '.join(load_average())}")
    return 0


BARE = "bare"  # benchmarks/bare_chart.py: Streamlit and one ten-point Plotly chart


@contextlib.contextmanager
def browser_and_servers(urls: dict[int, str]):
    """Chromium, and a running app per size (and the bare page), each opened once to warm it."""
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        servers = {
            size: stack.enter_context(app_server(env={"CLFJ_DATABASE_URL": urls[size], **LIMITS}))
            for size in SIZES
        }
        servers[BARE] = stack.enter_context(app_server("benchmarks/bare_chart.py"))
        playwright = stack.enter_context(sync_playwright())
        browser = launch_chromium(playwright)
        stack.callback(browser.close)
        for target, server in servers.items():  # the server's imports, first script run and caches
            for path, charts in PAGES.values() if target != BARE else [("/", 1)]:
                with visitor(browser, charts) as context:
                    load(context, server + path)
        yield browser, servers


@contextlib.contextmanager
def visitor(browser, charts: int = 1):
    """A new visitor's browser (no cache, no cookies), with the traces on every page."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(TRACE)
        context.add_init_script(MARKS.replace("CHARTS", str(charts)))
        yield context
    finally:
        context.close()


def load(context, url: str, page=None) -> dict:
    """Open ``url`` and wait until it is drawn: its marks (s since navigation) and, if a page
    is given to keep open, nothing else; else the long tasks until SETTLE_S after."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    keep = page is not None
    page = page or context.new_page()
    tracing = not keep and context.browser is not None
    if tracing:
        context.browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    try:
        page.goto(url)
        try:
            page.wait_for_function("() => 'drawn' in window.__clfjMarks", timeout=120_000)
        except PlaywrightTimeout:
            raise PageFailed(f"{url} was not drawn in 2 minutes") from None
        marks = {name: ms / 1000 for name, ms in page.evaluate("window.__clfjMarks").items()}
        if keep:
            return marks
        plotly_loaded = page.evaluate(PLOTLY_LOADED)
        marks["plotly.js"] = None if plotly_loaded is None else plotly_loaded / 1000
        time.sleep(SETTLE_S)
        marks |= page.evaluate(TASKS_AFTER_PAINT)
        if tracing:
            marks["cpu"] = cpu_tasks_after_paint(json.loads(context.browser.stop_tracing()))
        return marks
    finally:
        if not keep:
            page.close()


def cpu_tasks_after_paint(trace: dict) -> list[float]:
    """The CPU time (ms) of each main-thread task of over 50 ms after the first paint, from a
    Chromium trace of the page's renderer (the one that ran the most): unlike the tasks' wall
    time, it does not grow with the machine's load."""
    events = trace["traceEvents"]
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    on_main = defaultdict(list)
    for event in events:
        if (event.get("pid"), event.get("tid")) in main and event.get("ph") == "X":
            on_main[event["pid"]].append(event)
    renderers = []
    for ran in on_main.values():
        painted = min((e["ts"] for e in ran if e["name"] == "Paint"), default=None)
        tasks = [e for e in ran if e["name"] in TASK_EVENTS and "tdur" in e]
        after = [e["tdur"] / 1000 for e in tasks if painted is not None and e["ts"] >= painted]
        renderers.append((sum(e["tdur"] for e in tasks), [ms for ms in after if ms > 50]))
    return max(renderers, default=(0, []))[1]


# -- /timeline against the bare page -----------------------------------------------------------

VISITORS = ("new", "returning")


def time_timeline(browser, servers, runs: int):
    """Per page (a size's /timeline, or the bare baseline) and visitor, the marks of each load."""
    print("timing /timeline against the bare page…", file=sys.stderr, flush=True)
    loads: dict[tuple, list[dict]] = defaultdict(list)
    urls = {size: servers[size] + "/timeline" for size in SIZES} | {BARE: servers[BARE] + "/"}
    for _ in range(runs):
        for target, url in urls.items():
            with visitor(browser) as context:
                for returning in VISITORS:
                    loads[target, returning].append(load(context, url))
    return loads


def print_timeline(loads, runs: int) -> None:
    print(
        f"\n/timeline opened until every chart is drawn, s "
        f"(median of {runs} loads after a warm-up)\n"
        f"{'milestones':>10} {'visitor':>10} {'content':>8} {'plotly.js':>10} {'chart':>6} {'drawn':>7}"
        f" {'/ bare':>7}  drawn < {BROWSER_TARGET_S:g} s"
    )
    drawn_bare = {}
    for target in (BARE, *SIZES):
        for returning in VISITORS:
            marks = loads[target, returning]
            content, plotly_loaded, chart, drawn = (
                median_or_none(m.get(name) for m in marks)
                for name in ("content", "plotly.js", "chart", "drawn")
            )
            drawn_bare.setdefault(returning, drawn)
            loaded = f"{plotly_loaded:>10.2f}" if plotly_loaded is not None else f"{'?':>10}"
            label = f"{target:>10,}" if target != BARE else f"{target:>10}"
            print(
                f"{label} {returning:>10} {content:>8.2f} {loaded} {chart:>6.2f} {drawn:>7.2f}"
                f" {drawn / drawn_bare[returning]:>7.2f}  {yes(drawn < BROWSER_TARGET_S)}"
            )
    print(
        "content: the page's first element (Streamlit's start and the script on the server); "
        "plotly.js: downloaded (the timeline's chart frame loads the basic bundle, Streamlit's "
        "chart element its whole plotly.js; a returning visitor's comes from the cache); "
        "chart: plotly.js evaluated; drawn: every chart drawn."
    )


# -- Every page --------------------------------------------------------------------------------


def time_pages(browser, servers, runs: int):
    """Per (page, size), one (drawn s, long tasks' wall ms, long tasks' CPU ms) per load."""
    print("timing every page…", file=sys.stderr, flush=True)
    loads: dict[tuple, list[tuple]] = defaultdict(list)
    for _ in range(runs):
        with visitor(browser) as context:
            marks = load(context, servers[BARE] + "/")
        for size in SIZES:  # the baseline is the same page at either size
            loads[BARE, size].append((marks["drawn"], marks["tasks"], marks["cpu"]))
        for name, (path, charts) in PAGES.items():
            for size in SIZES:
                with visitor(browser, charts) as context:
                    marks = load(context, servers[size] + path)
                loads[name, size].append((marks["drawn"], marks["tasks"], marks["cpu"]))
    return loads


def print_pages(loads, runs: int) -> None:
    print(
        f"\nEvery page, new visitor, {VIEWPORT['width']}x{VIEWPORT['height']} (medians of {runs} loads): "
        f"opened until drawn, s; the longest main-thread task from the first paint to {SETTLE_S:g} s "
        f"after drawn, ms, in wall time (Long Tasks API) and in CPU time (a Chromium trace); "
        f"and in how many loads at 10,000 a task took over {TASK_TARGET_MS} ms of CPU\n"
        f"{'page':<11} {'drawn 10':>9} {'10k':>6} {'10k/10':>7}  <= {DRAWN_TARGET}"
        f" {'wall 10':>8} {'10k':>6} {'cpu 10':>7} {'10k':>6} {'loads':>6}"
    )
    for name in (BARE, *PAGES):
        drawn = {size: statistics.median(d for d, _, _ in loads[name, size]) for size in SIZES}
        wall, cpu = (
            {size: statistics.median(max(load[i], default=0) for load in loads[name, size]) for size in SIZES}
            for i in (1, 2)
        )
        over = sum(max(c, default=0) > TASK_TARGET_MS for _, _, c in loads[name, LARGE])
        ratio = drawn[LARGE] / drawn[SMALL]
        print(
            f"{name:<11} {drawn[SMALL]:>9.2f} {drawn[LARGE]:>6.2f} {ratio:>7.2f}  "
            f"{yes(ratio <= DRAWN_TARGET):<6}"
            f" {wall[SMALL]:>8.0f} {wall[LARGE]:>6.0f} {cpu[SMALL]:>7.0f} {cpu[LARGE]:>6.0f}"
            f" {over:>3} of {runs}"
        )


# -- Clicks ------------------------------------------------------------------------------------


def time_clicks(browser, servers, runs: int):
    """Per click (what, size): the seconds from the press to each thing it shows, per run."""
    print("timing clicks…", file=sys.stderr, flush=True)
    chart_frame = {
        "timeline": ".st-key-timeline_chart iframe",
        "overview": ".st-key-overview_timeline iframe",
    }
    clicks: dict[tuple, list[dict]] = defaultdict(list)
    for _ in range(runs):
        for size in SIZES:
            query = f"?{NARROW}" if size == LARGE else ""
            for name, path in (("timeline", "/timeline"), ("overview", "/")):
                seen = click(
                    browser,
                    servers[size] + path + query,
                    chart_frame[name],
                    {"panel": (False, HEADLINE, None)},
                )
                clicks[f"{name}: marker to panel", size].append(seen)
        wanted = {"zoomed": (True, TICKS, "before"), "listed": (False, GROUP_LIST, None)}
        seen = click(browser, servers[LARGE] + "/timeline", chart_frame["timeline"], wanted)
        clicks["timeline: group marker", LARGE].append(seen)
    return clicks


def click(browser, url: str, chart_frame: str, wanted: dict) -> dict[str, float]:
    """Open ``url``, click the first marker of the chart in ``chart_frame``, and return the seconds
    from the press until each of ``wanted`` (see SEEN; a text before given as ``"before"`` is
    read just before the click) was seen."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with visitor(browser) as context:
        page = context.new_page()
        load(context, url, page)
        wait_for_app(page)  # as a visitor would click: once the chart is laid out for its width
        time.sleep(SETTLE_S)
        frame = page.frame_locator(chart_frame)
        wanted = {
            name: (
                in_frame,
                selector,
                " ".join(frame.locator(selector).all_text_contents()) if before else None,
            )
            for name, (in_frame, selector, before) in wanted.items()
        }
        frame.locator(MARKERS).first.click(force=True)
        try:
            page.wait_for_function(SEEN, arg=[wanted, chart_frame], polling="raf", timeout=120_000)
        except PlaywrightTimeout:
            raise PageFailed(f"a click on {url} did not show {', '.join(wanted)} in 2 minutes") from None
        pressed = page.evaluate("window.__clfjPressed")
        return {name: (at - pressed) / 1000 for name, at in page.evaluate("window.__clfjSeen").items()}


def print_clicks(clicks, runs: int) -> None:
    print(
        f"\nClicks on the timeline, s from the press (median of {runs}; at 10,000 single markers "
        f"with ?{NARROW}; a marker for many without)\n"
        f"{'click':<26} {'shows':<8} {'10':>6} {'10,000':>7}  target"
    )
    for what in sorted({what for what, _ in clicks}):
        names = sorted(
            {name for (w, _), runs_ in clicks.items() if w == what for seen in runs_ for name in seen}
        )
        for name in names:
            figures = {
                size: median_or_none(s.get(name) for s in clicks.get((what, size), [])) for size in SIZES
            }
            target = GROUP_TARGET_S if "group" in what else CLICK_TARGET_S
            shown = [
                f"{figures[size]:>{w}.2f}" if figures[size] is not None else f"{'-':>{w}}"
                for size, w in zip(SIZES, (6, 7), strict=True)
            ]
            met = all(f is None or f <= target for f in figures.values())
            print(f"{what:<26} {name:<8} {' '.join(shown)}  <= {target} s {yes(met)}")


if __name__ == "__main__":
    sys.exit(main())
