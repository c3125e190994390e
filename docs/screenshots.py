"""Remake the README's screenshots from the running app in the system Chromium.

    python docs/screenshots.py

Starts the app on a free local port, opens each page at 1400x1300 (the story at 1280x720, as a
projector shows it) and writes docs/screenshots/<page>.png.
"""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from appserver import app_server, launch_chromium, wait_for_app  # noqa: E402

OUT = REPO / "docs" / "screenshots"
VIEWS = {
    "overview": "/",
    "timeline": "/timeline?milestone=testimony-by-videoconference",
    "breakdown": "/breakdown",
    "milestones": "/milestones",
    "data": "/data",
}
# The story is shown as a presenter shows it: one projector screen, nothing to scroll.
STORY = ("story", "/story?step=7", {"width": 1280, "height": 720})


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # A fresh database shows the shipped data, whatever the local one holds.
    with tempfile.TemporaryDirectory() as scratch:
        env = {"CLFJ_DATABASE_URL": f"sqlite:///{Path(scratch) / 'clfj.sqlite3'}"}
        with app_server(env=env) as url:
            shoot(url)


def shoot(url: str) -> None:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1300})
        for name, path in VIEWS.items():
            page.goto(url + path)
            wait_for_app(page)
            page.screenshot(path=OUT / f"{name}.png", full_page=True)
            print(f"wrote {OUT / f'{name}.png'}")
        name, path, viewport = STORY
        page.set_viewport_size(viewport)
        page.goto(url + path)
        wait_for_app(page)
        page.screenshot(path=OUT / f"{name}.png")
        print(f"wrote {OUT / f'{name}.png'}")
        browser.close()


if __name__ == "__main__":
    main()
