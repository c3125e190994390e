"""How long the PowerPoint deck takes at the shipped ten milestones, with no browser to draw with.

    python benchmarks/deck.py [--runs 9]

``BROWSER_PATH`` points at a file that does not exist, so kaleido finds no browser (the deck's
timeline is drawn with native shapes and needs none). Prints, medians of ``--runs``:

1. in the app's process, as the Make button does it: ``export.render("pptx", ...)`` the first
   time in a process (python-pptx and the deck's other imports included) and again (warm),
   in wall and in CPU seconds (CPU time is steadier on a shared machine);
2. as a whole process, ``python -m clfj_data export --format pptx`` against a bare
   ``python -c "import pandas"`` (the interpreter and pandas, which any export needs),
   alternating the two, and the ratio.

3. in the app's process, decks of 500 and 2,000 generated milestones (``generate.py``), and
   the time per milestone of each, which stays the same when the deck's time is linear in its
   milestones (past ``deck.MAX_MILESTONE_SLIDES`` only the latest get a slide of their own).

The targets: the shipped deck made in 1 s or less; a deck of 2,000 milestones in 10 s or less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from machine import described, load_average  # noqa: E402
from sizes import PACKAGES  # noqa: E402

RUNS = 9
TARGET_S = 1.0
LARGE, LARGE_TARGET_S = (500, 2_000), 10.0
# Decks of generated milestones in a new interpreter, each size once warm.
LARGE_DECKS = """
import sys, time
sys.path.insert(0, "benchmarks")
from generate import write_milestones
from clfj_data import load_milestones, load_programme
from clfj_data.export import render
from clfj_data.read import Limits
programme = load_programme()
render("pptx", load_milestones(write_milestones(sys.argv[1] + "/w.csv", 10)).milestones, programme=programme)
for size in map(int, sys.argv[2:]):
    path = write_milestones(f"{sys.argv[1]}/{size}.csv", size)
    frame = load_milestones(path, limits=Limits(max_bytes=2**30, max_rows=10**7)).milestones
    wall, cpu = time.perf_counter(), time.process_time()
    made = render("pptx", frame, programme=programme)
    print(size, time.perf_counter() - wall, time.process_time() - cpu, len(made.data))
"""
NO_BROWSER = {"BROWSER_PATH": "/nonexistent/chromium"}
# One deck in a new interpreter: the first render (imports included), then a warm one.
IN_PROCESS = """
import time
from clfj_data import load_milestones, load_programme, shipped_milestones_path
frame, programme = load_milestones(shipped_milestones_path()).milestones, load_programme()
from clfj_data.images import image_browser
assert image_browser() is None, "a browser was found"
for _ in range(2):
    wall, cpu = time.perf_counter(), time.process_time()
    from clfj_data.export import render
    made = render("pptx", frame, programme=programme)
    print(time.perf_counter() - wall, time.process_time() - cpu, len(made.data))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs of each (default {RUNS})")
    args = parser.parse_args()
    print(described(PACKAGES), flush=True)
    env = os.environ | NO_BROWSER
    renders = [python(["-c", IN_PROCESS], env).split("\n") for _ in range(args.runs)]
    first, warm = ([tuple(map(float, run[i].split())) for run in renders] for i in (0, 1))
    kb = float(renders[0][0].split()[2]) / 1024
    print(
        f"\nThe deck at 10 milestones, no browser (BROWSER_PATH={NO_BROWSER['BROWSER_PATH']}), "
        f"{kb:.0f} KB; median of {args.runs}, s\n"
        f"{'in the app process':<34} {'wall':>6} {'cpu':>6}  wall <= {TARGET_S:g} s"
    )
    for label, runs in (("first in a process (with imports)", first), ("again (warm)", warm)):
        wall, cpu = (statistics.median(run[i] for run in runs) for i in (0, 1))
        print(f"{label:<34} {wall:>6.3f} {cpu:>6.3f}  {'yes' if wall <= TARGET_S else 'no'}")

    with tempfile.TemporaryDirectory(prefix="clfj-deck-") as folder:
        deck = Path(folder) / "deck.pptx"
        database = {"CLFJ_DATABASE_URL": f"sqlite:///{Path(folder) / 'clfj.sqlite3'}"}
        export = ["-m", "clfj_data", "export", "--format", "pptx", "-o", str(deck)]
        python(export, env | database)  # the database, made and filled once
        bare, whole = [], []
        for _ in range(args.runs):
            bare.append(timed(["-c", "import pandas"], env))
            whole.append(timed(export, env | database))
    bare_s, whole_s = statistics.median(bare), statistics.median(whole)
    print(
        f"\nAs a whole process, s (median of {args.runs}, alternating)\n"
        f"python -c 'import pandas'                {bare_s:>6.3f}\n"
        f"python -m clfj_data export --format pptx {whole_s:>6.3f}  ratio {whole_s / bare_s:.2f}"
    )
    with tempfile.TemporaryDirectory(prefix="clfj-deck-") as folder:
        lines = python(["-c", LARGE_DECKS, folder, *map(str, LARGE)], env).splitlines()
    print(
        "\nLarger decks, in the app process, one run each\n"
        f"{'milestones':>10} {'wall':>7} {'cpu':>7} {'ms each':>8}"
    )
    for line in lines:
        size, wall, cpu, _ = (float(v) for v in line.split())
        verdict = (
            f"  wall <= {LARGE_TARGET_S:g} s: {'yes' if wall <= LARGE_TARGET_S else 'no'}"
            if size == LARGE[-1]
            else ""
        )
        print(f"{size:>10,.0f} {wall:>7.2f} {cpu:>7.2f} {1000 * wall / size:>8.2f}{verdict}")
    print(f"\nLoad average at the end: {' '.join(load_average())}")
    return 0


def python(arguments: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments[:3])} failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip()


def timed(arguments: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    python(arguments, env)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
