"""Remake the README's screenshots from the running app in the system Chromium.

    python docs/screenshots.py

Starts the app on a free local port, opens each page at 1400x1300 (the story at 1280x720, as a
projector shows it), waits until the page is drawn (every chart it has, no loading skeleton
left) and writes docs/screenshots/<page>.png. tests/test_screenshots.py fails if one is blank
or a skeleton.
"""

import secrets
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from appserver import app_server, launch_chromium, wait_for_app  # noqa: E402

OUT = REPO / "docs" / "screenshots"
# Each page, and how many charts it draws once it is complete.
VIEWS = {
    "overview": ("/", 1),
    "timeline": ("/timeline?milestone=testimony-by-videoconference", 1),
    "breakdown": ("/breakdown", 4),
    "milestones": ("/milestones", 0),
    "data": ("/data", 0),
}
# The story is shown as a presenter shows it: one projector screen, nothing to scroll.
STORY = ("story", "/story?step=7", {"width": 1280, "height": 720})
# Charts drawn, in the page and in any chart frame of the same origin.
DRAWN_CHARTS = """() => [document, ...[...document.querySelectorAll("iframe")].map(f => f.contentDocument)]
    .filter(Boolean)
    .flatMap(doc => [...doc.querySelectorAll(".js-plotly-plot")])
    .filter(plot => plot.querySelector(".main-svg")).length"""
COMPLETE = f"""charts => !document.querySelector("[data-testid*='skeleton' i]")
    && document.querySelector("h1")
    && ({DRAWN_CHARTS})() >= charts"""


def drawn(page, charts: int = 0) -> None:
    """Wait until the page is complete: the run finished, its heading shown, ``charts`` charts
    drawn and no loading skeleton left; then until the browser has painted it."""
    wait_for_app(page)
    page.wait_for_function(COMPLETE, arg=charts, timeout=60_000)
    wait_for_app(page)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # A fresh database shows the shipped data, whatever the local one holds.
    with tempfile.TemporaryDirectory() as scratch:
        # Sign-in on, as where staff keep the data current: the Data page shows its form.
        env = {
            "CLFJ_DATABASE_URL": f"sqlite:///{Path(scratch) / 'clfj.sqlite3'}",
            "CLFJ_STAFF_PASSWORD": secrets.token_urlsafe(),
        }
        with app_server(env=env) as url:
            shoot(url)


def shoot(url: str) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        for name, (path, charts) in VIEWS.items():
            page.goto(url + path)
            drawn(page, charts)
            page.screenshot(path=OUT / f"{name}.png", full_page=True)
            print(f"wrote {OUT / f'{name}.png'}")
        name, path, viewport = STORY
        page.set_viewport_size(viewport)
        page.goto(url + path)
        drawn(page)
        page.screenshot(path=OUT / f"{name}.png")
        print(f"wrote {OUT / f'{name}.png'}")
        browser.close()


if __name__ == "__main__":
    main()
