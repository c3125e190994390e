"""The Data page at 20,000 milestones with 20 versions against the same with 2 versions.

    python benchmarks/history.py [--runs 5] [--size 20000]

Makes two SQLite databases whose current version holds ``--size`` generated milestones
(``generate.py``): one with 2 versions, one with 20 (each version after the first changes a
few milestones). Times a visitor's Data page under AppTest: the first visit in the process
(which works out and stores every version's history line) and then warm visits in new sessions
(which read the history in one query), medians of ``--runs``, and prints the ratio.

The target: a warm visit with 20 versions takes at most 1.5x one with 2 versions.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from generate import write_milestones  # noqa: E402
from machine import described, load_average  # noqa: E402
from sizes import LIMITS  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

RUNS, SIZE, TARGET = 5, 20_000, 1.5


def database(folder: Path, size: int, versions: int) -> str:
    """A SQLite database with ``versions`` versions of ``size`` milestones; its URL."""
    from clfj_data import store
    from clfj_data.auth import Staff

    url = f"sqlite:///{folder / f'history-{versions}.sqlite3'}"
    engine = store.connect(url)
    store.ensure_ready(engine)
    rows = list(csv.DictReader(write_milestones(folder / f"m-{size}.csv", size).open(encoding="utf-8")))
    for number in range(versions - 1):  # version 1 is the shipped data
        rows[number]["rationale"] = f"Revised {number}: " + rows[number]["rationale"][:1000]
        out = io.StringIO()
        writer = csv.DictWriter(out, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        store.publish_version(engine, out.getvalue().encode(), "m.csv", by=Staff("Benchmark", "password"),
                              note=f"revision {number}")  # fmt: skip
    engine.dispose()
    return url


def visit_seconds(url: str) -> float:
    os.environ["CLFJ_DATABASE_URL"] = url
    start = time.perf_counter()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=1200).run()
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--size", type=int, default=SIZE)
    args = parser.parse_args()
    os.environ.update(LIMITS)
    print(described(("streamlit", "pandas", "sqlalchemy")), flush=True)
    with tempfile.TemporaryDirectory(prefix="clfj-history-") as folder:
        urls = {n: database(Path(folder), args.size, n) for n in (2, 20)}
        first = {n: visit_seconds(url) for n, url in urls.items()}
        warm = {n: [] for n in urls}
        for _ in range(args.runs):  # alternating, so both see the same load
            for n, url in urls.items():
                warm[n].append(visit_seconds(url))
    medians = {n: statistics.median(times) for n, times in warm.items()}
    print(f"\nThe Data page at {args.size:,} milestones, a visitor's visit under AppTest, s")
    print(f"{'versions':>8} {'first':>8} {'warm':>8}")
    for n in urls:
        print(f"{n:>8} {first[n]:>8.2f} {medians[n]:>8.2f}")
    ratio = medians[20] / medians[2]
    verdict = "yes" if ratio <= TARGET else "no"
    print(f"\n20 versions against 2, warm: {ratio:.2f}x (target <= {TARGET}x: {verdict})")
    print(f"Load average at the end: {' '.join(load_average())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
