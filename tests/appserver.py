"""Run the app under ``streamlit run`` and drive it in the system Chromium (tests, screenshots, benchmarks).

The server starts the way Streamlit's own end-to-end suite starts it: headless, on a free
local port, polled on ``/_stcore/health`` until it answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REQUIRE_BROWSER = "CLFJ_REQUIRE_BROWSER"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def chromium_path() -> str | None:
    """The system Chromium (Playwright cannot download its own here), or None."""
    for candidate in (os.environ.get("CLFJ_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def app_server(
    script: str = "dashboard.py",
    env: dict[str, str] | None = None,
    timeout: float = 60,
    log: Path | None = None,
):
    """Start ``streamlit run script``; yield its base URL; stop it afterwards. ``log``: a file
    for what the server writes (by default it is dropped)."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = open(log or os.devnull, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=REPO, env=os.environ | (env or {}), stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
            ):
                if answer.read().strip() == b"ok":
                    break
            if time.monotonic() > deadline:
                raise TimeoutError("streamlit did not answer on /_stcore/health")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


@contextlib.contextmanager
def fresh_page(browser, width: int = 1280, height: int = 720, **options):
    """A page in a new browser context (no cookies, storage or cache), closed afterwards.

    ``width`` and ``height`` are the viewport (Playwright's own default size unless given);
    ``options`` go to ``browser.new_context``.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def unavailable(requirement: str, reason: str):
    """Skip with ``reason`` (the whole module, where called at import); fail instead where the
    environment variable ``requirement`` is 1, as CI sets it, so that nothing is skipped silently."""
    import pytest  # here, not at the top: the benchmarks and docs/screenshots.py import this module

    __tracebackhide__ = True  # pytest reports the skip at the calling test module, not here
    if os.environ.get(requirement) == "1":
        pytest.fail(f"{requirement}=1 but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def browser_unavailable(reason: str):
    """:func:`unavailable` for Playwright and Chromium: CLFJ_REQUIRE_BROWSER=1 makes it a failure."""
    __tracebackhide__ = True
    unavailable(REQUIRE_BROWSER, reason)


def npm_package(folder: Path, package: str) -> Path:
    """``package`` installed in ``folder`` at the version its package.json pins (``npm ci`` from
    its package-lock.json if needed); else :func:`browser_unavailable`."""
    __tracebackhide__ = True
    pinned = json.loads((folder / "package.json").read_text())["dependencies"][package]
    installed = folder / "node_modules" / package

    def version() -> str | None:
        with contextlib.suppress(OSError, ValueError):
            return json.loads((installed / "package.json").read_text())["version"]
        return None

    if version() != pinned:
        where = f"tests/{folder.name}"
        npm = shutil.which("npm")
        if npm is None:
            browser_unavailable(f"npm is not installed, so {package} cannot be installed in {where}")
        command = [npm, "ci", "--no-audit", "--no-fund"]
        try:
            done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            browser_unavailable(f"`npm ci` in {where} took over 300 s")
        if done.returncode != 0 or version() != pinned:
            browser_unavailable(f"`npm ci` in {where} failed:\n{done.stderr[-2000:]}")
    return installed


def require_browser():
    """Playwright's sync API where it and the system Chromium are here; else :func:`browser_unavailable`."""
    __tracebackhide__ = True
    try:
        from playwright import sync_api
    except ImportError:
        browser_unavailable("Playwright is not installed (pip install -r requirements-dev.txt)")
    if chromium_path() is None:
        browser_unavailable("no system Chromium at /usr/bin/chromium (install Debian's chromium package)")
    return sync_api


# Every Plotly chart on the page: Streamlit's own, and the timeline's in its frame.
PLOTLY_CHARTS = """() => [
    ...document.querySelectorAll("[data-testid='stPlotlyChart']"),
    ...[...document.querySelectorAll("iframe[data-testid='stCustomComponentV1']")].map(
        frame => frame.contentDocument?.body || null),
]"""
CHARTS_DRAWN = f"""() => ({PLOTLY_CHARTS})().every(chart =>
    chart && chart.querySelector(".main-svg") && chart.querySelector(".js-plotly-plot")?._fullLayout)"""
# ... and each drawn for the width it has now: after a resize, plotly.js redraws a moment later.
CHARTS_FIT = f"""() => ({PLOTLY_CHARTS})().every(chart => {{
    const plot = chart.querySelector(".js-plotly-plot");
    return !plot.clientWidth || Math.abs(plot._fullLayout.width - plot.clientWidth) <= 1;
}})"""


def chart(page, key: str):
    """Where the Plotly chart of the element keyed ``key`` draws, to find its parts in: the
    timeline's frame (pages/_chart.py), or the element itself for Streamlit's own charts."""
    if page.locator(f".st-key-{key} iframe").count():
        return page.frame_locator(f".st-key-{key} iframe")
    return page.locator(f".st-key-{key}")


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished running, no element of the run before is left (stale),
    every Plotly chart has drawn at its current width, and the browser has painted all that."""
    page.wait_for_selector(
        "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']", timeout=timeout
    )
    page.wait_for_function(
        f"""() => !document.querySelector("[data-test-script-state='running']")
            && !document.querySelector("[data-testid='stSkeleton']")
            && !document.querySelector("[data-stale='true']")
            && ({CHARTS_DRAWN})() && ({CHARTS_FIT})()""",
        timeout=timeout,
    )
    # The second animation frame after that state comes once the browser has painted it.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def staff_sign_in(page, password: str, name: str = "Asha") -> None:
    """Sign in on the Data page (already open) as staff ``name``."""
    page.get_by_label("Your name, for the version history").fill(name)
    page.get_by_label("Staff password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # What the visitor waits for: signed in, or told the password is wrong.
    page.get_by_text(f"Signed in as {name}.").or_(page.get_by_text("That password is not right.")).wait_for()
    wait_for_app(page)


def staff_upload(page, name: str, content: bytes) -> None:
    """Upload ``content`` as the file ``name`` in the Data page's uploader (signed in)."""
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    # The file read and checked: its problems, or what publishing it would change.
    page.locator(".st-key-data_problem_list").or_(page.get_by_role("button", name="Publish")).wait_for()
    wait_for_app(page)
