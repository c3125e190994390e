"""What a visitor's phone feels: Lighthouse 12.2.3, mobile and desktop in one run, over the public
edition through the shipped nginx site, the app's Overview, Timeline and Story (direct and
through nginx) and the bare Streamlit page; then a bounded load of the edition through nginx.

    python benchmarks/lighthouse.py [--runs N] [--only edition|app|load] [--form mobile|desktop]

Lighthouse is installed in benchmarks/lighthouse/ from its lock file (`npm ci`, on first use)
and runs the system Chromium (CHROME_PATH=/usr/bin/chromium). Mobile mode simulates a
mid-range phone on slow 4G, so its figures move little with this machine's load; desktop
figures move more. The edition is measured twice: its wide-screen timeline drawn after the page
by the app's plotly.js (``script``, what a publish writes), and drawn beforehand as an SVG by
kaleido (``svg``).

The load: ``--connections`` keep-alive connections from 127.0.0.1 asking for one path again
and again for ``--seconds``, gzip accepted, each answer read whole; requests a second, and
the median and 99th percentile of each answer's time. Figures go into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from appserver import app_server, nginx_path, running_nginx  # noqa: E402
from machine import described, load_average  # noqa: E402

from clfj_data import store  # noqa: E402
from clfj_data.site import write_edition  # noqa: E402
from deploy.static_files import write_static  # noqa: E402

PACKAGE = Path(__file__).resolve().parent / "lighthouse"
STATIC = Path(__file__).resolve().parent / "out" / "static"  # deploy/static_files.py's copy
CHROME = "/usr/bin/chromium"
FORMS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TRIES = 3
APP_PAGES = {"overview": "/", "timeline": "/timeline", "story": "/story"}
# Fetched once a page of the app has drawn what its script sent (each of APP_PAGES has a chart
# element). On a busy machine Lighthouse can end a run while the page still waits for the app's
# answer (network and CPU both quiet): such a run measured an empty page, and is made again.
APP_DRAWN = "/BidiComponent."


def lighthouse() -> Path:
    """Lighthouse at the version benchmarks/lighthouse/package.json pins (installed if need be)."""
    binary = PACKAGE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PACKAGE, check=True)
    return binary


def audit(url: str, form: str, out: Path, drawn: str | None = None) -> dict:
    """One Lighthouse run of ``url`` as a phone (``mobile``) or a desktop: the figures read.
    ``drawn``: part of a URL the page fetches only once it has drawn what the app sent; a run
    without it is made again."""
    command = [
        str(lighthouse()), url, "--quiet", "--output=json", f"--output-path={out}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run",
        *(["--preset=desktop"] if form == "desktop" else []),
    ]  # fmt: skip
    for attempt in range(TRIES):  # on a busy machine Chromium's DevTools can miss Lighthouse's wait
        done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300,
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode == 0 and (drawn is None or drawn in out.read_text()):
            break
        why = done.stderr.strip().splitlines()[-1:] if done.returncode else "ended before the page was drawn"
        print(f"  {url} ({form}), try {attempt + 1}: {why}", flush=True)
    else:
        raise RuntimeError(f"Lighthouse failed {TRIES} times on {url} ({form})")
    report = json.loads(out.read_text())
    audits = report["audits"]
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    failed = [
        ref["id"]
        for name in ("accessibility", "best-practices", "seo")
        for ref in report["categories"][name]["auditRefs"]
        if ref["weight"] and (audits[ref["id"]].get("score") is not None) and audits[ref["id"]]["score"] < 1
    ]
    return {
        **scores,
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"] / 1e6,
        "requests": len(audits["network-requests"]["details"]["items"]),
        "failed": failed,
    }


def median_audit(url: str, form: str, runs: int, folder: Path, drawn: str | None = None) -> dict | None:
    """The median of ``runs`` audits, by performance score (its other figures from that run,
    and every run's score in ``scores``); None where Lighthouse could not finish one, so that
    the other pages are still measured."""
    try:
        results = [audit(url, form, folder / f"run-{i}.json", drawn) for i in range(runs)]
    except RuntimeError as error:
        print(f"  {error}", flush=True)
        return None
    results.sort(key=lambda r: r["performance"])
    return {**results[len(results) // 2], "scores": [r["performance"] for r in results],
            "load": load_average()[0]}  # fmt: skip


def print_table(rows: list[tuple[str, str, dict]]) -> None:
    print("\n| page | form | perf | runs | a11y | best pr. | SEO | first paint s | LCP s | TBT s | CLS | MB "
          "| requests | load |")  # fmt: skip
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, form, r in rows:
        if r is None:
            print(f"| {name} | {form} | Lighthouse could not finish |")
            continue
        scores = " | ".join([str(r["performance"]), "/".join(map(str, r["scores"]))]
                            + [str(r[name]) for name in CATEGORIES[1:]])  # fmt: skip
        times = " | ".join(f"{r[name]:.2f}" for name in ("fcp", "lcp", "tbt", "cls", "bytes"))
        print(f"| {name} | {form} | {scores} | {times} | {r['requests']} | {r['load']} |")
    for name, form, r in rows:
        if r and r["failed"]:
            print(f"  {name} ({form}) lost points on: {', '.join(r['failed'])}")


# The bounded load.


async def _one_connection(port: int, request: bytes, until: float, times: list[float]) -> int:
    """Ask for ``request`` on one keep-alive connection until ``until``; the errors seen."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    errors = 0
    try:
        while time.monotonic() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            lengths = [line for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")]
            length = int(lengths[0].split(b":", 1)[1]) if lengths else None
            if length is None:  # chunked: read to the last chunk
                while (size := int((await reader.readuntil(b"\r\n")).strip(), 16)) > 0:
                    await reader.readexactly(size + 2)
                await reader.readuntil(b"\r\n")
            else:
                await reader.readexactly(length)
            times.append(time.perf_counter() - started)
            errors += status != 200
    finally:
        writer.close()
    return errors


async def _load(port: int, path: str, connections: int, seconds: float) -> dict:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: gzip\r\n"
        "Cookie: clfj_route=load\r\n\r\n"
    ).encode()
    times: list[float] = []
    until = time.monotonic() + seconds
    started = time.monotonic()
    errors = await asyncio.gather(*(_one_connection(port, request, until, times) for _ in range(connections)))
    wall = time.monotonic() - started
    times.sort()
    return {
        "requests": len(times),
        "per_second": len(times) / wall,
        "p50_ms": 1000 * statistics.median(times),
        "p99_ms": 1000 * times[int(0.99 * (len(times) - 1))],
        "errors": sum(errors),
    }


def load(port: int, path: str, connections: int, seconds: float) -> dict:
    return asyncio.run(_load(port, path, connections, seconds))


# The servers.


@contextlib.contextmanager
def servers(folder: Path):
    """The app and the bare page on their own ports, nginx in front of the app (with the static
    files compressed beforehand), and the shipped data's edition where nginx serves it: their
    URLs, and a function that rewrites the edition."""
    database = f"sqlite:///{folder / 'clfj.sqlite3'}"
    engine = store.connect(database)
    store.ensure_ready(engine)
    nginx = nginx_path()
    if nginx is None:
        sys.exit("nginx is not installed: the edition and the app through nginx cannot be measured")
    with (
        app_server(env={"CLFJ_DATABASE_URL": database}) as app,
        app_server("benchmarks/bare_chart.py") as bare,
        running_nginx([app], nginx) as proxy,
    ):
        write_static(STATIC)  # as deploy/clfj@.service does before the app starts (kept between runs)
        shutil.copytree(STATIC, proxy.static, dirs_exist_ok=True)

        def edition(timeline: str) -> None:
            write_edition(engine, proxy.edition, timeline=timeline)

        yield app, bare, proxy, edition
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form (median)")
    parser.add_argument("--only", choices=("edition", "app", "load"), help="one part alone")
    parser.add_argument("--form", choices=FORMS, help="mobile or desktop alone (default: both)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    forms = [args.form] if args.form else FORMS
    print(described(("streamlit", "plotly")), flush=True)
    if shutil.which("node"):
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        pinned = json.loads((PACKAGE / "package.json").read_text())["dependencies"]["lighthouse"]
        print(f"node {node}, Lighthouse {pinned}")
    with tempfile.TemporaryDirectory(prefix="clfj-lighthouse-") as temporary:
        folder = Path(temporary)
        with servers(folder) as (app, bare, proxy, edition):
            rows = []
            if args.only in (None, "edition"):
                for timeline in ("svg", "script"):  # the one a publish writes last, for the load
                    edition(timeline)
                    for form in forms:
                        measured = median_audit(f"{proxy.url}/results/", form, args.runs, folder)
                        rows.append((f"edition ({timeline})", form, measured))
                        print_table(rows[-1:])
            if args.only in (None, "app"):
                pages = [("bare page", bare + "/", None)]
                for name, path in APP_PAGES.items():
                    pages += [(f"{name}, direct", app + path, APP_DRAWN),
                              (f"{name}, nginx", proxy.url + path, APP_DRAWN)]  # fmt: skip
                for form in forms:
                    for name, url, drawn in pages:
                        rows.append((name, form, median_audit(url, form, args.runs, folder, drawn)))
                        print_table(rows[-1:])
            if rows:
                print(
                    f"\nLighthouse 12.2.3, median of {args.runs}; load average now {' '.join(load_average())}"
                )
                print_table(rows)
            if args.only in (None, "load"):
                edition("script")
                print(f"\nLoad: {args.connections} keep-alive connections for {args.seconds:g} s each, gzip")
                print("| path | requests | per second | p50 ms | p99 ms | errors |")
                print("|---|---:|---:|---:|---:|---:|")
                for path in ("/results/", "/"):
                    r = load(proxy.port, path, args.connections, args.seconds)
                    print(f"| `{path}` | {r['requests']:,} | {r['per_second']:,.0f} | {r['p50_ms']:.1f} | "
                          f"{r['p99_ms']:.1f} | {r['errors']} |", flush=True)  # fmt: skip
                print(f"load average now {' '.join(load_average())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
