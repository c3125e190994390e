"""Run the app under ``streamlit run`` and drive it in the system Chromium (tests, screenshots, benchmarks).

The server starts the way Streamlit's own end-to-end suite starts it: headless, on a free
local port, polled on ``/_stcore/health`` until it answers.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
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
def app_server(script: str = "dashboard.py", env: dict[str, str] | None = None, timeout: float = 60):
    """Start ``streamlit run script``; yield its base URL; stop it afterwards."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = open(os.devnull, "w")  # noqa: SIM115 - closed below
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


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished running and every Plotly chart has drawn."""
    page.wait_for_selector(
        "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']", timeout=timeout
    )
    page.wait_for_function(
        """() => !document.querySelector("[data-test-script-state='running']")
            && !document.querySelector("[data-testid='stSkeleton']")
            && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(chart =>
                chart.querySelector(".main-svg") && chart.querySelector(".js-plotly-plot")?._fullLayout
            )""",
        timeout=timeout,
    )
    page.wait_for_timeout(300)  # let the last paint land
