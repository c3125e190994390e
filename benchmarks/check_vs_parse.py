"""How much slower ``python -m clfj_data check`` is than a bare pyarrow parse of the same CSV.

    python benchmarks/check_vs_parse.py [--runs 7]

Writes 1k, 10k and 100k row files to benchmarks/out/, then times whole processes
(interpreter start, imports and work, wall clock), alternating the check and the bare
``pandas.read_csv(FILE, engine='pyarrow')`` so both share the machine's noise. Prints
the medians, the ratio check/bare and whether it meets the target (<= 1.5 at 100k), with
the versions and CPU to record alongside. Exits 1 only if a check fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from generate import write_milestones
from machine import described

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SIZES = (1_000, 10_000, 100_000)
TARGET = 1.5
ENV = os.environ | {"CLFJ_MAX_UPLOAD_MB": "500", "CLFJ_MAX_ROWS": "1000000"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command per size")
    args = parser.parse_args()

    print(described(("pandas", "pyarrow", "numpy")))
    print(f"\n{'rows':>8} {'file MB':>8} {'bare s':>8} {'check s':>8} {'ratio':>6}  ratio <= {TARGET}")
    for rows in SIZES:
        path = write_milestones(OUT / f"milestones-{rows}.csv", rows)
        check = [sys.executable, "-m", "clfj_data", "check", str(path)]
        bare = [sys.executable, "-c", f"import pandas; pandas.read_csv({str(path)!r}, engine='pyarrow')"]
        times: dict[str, list[float]] = {"check": [], "bare": []}
        for _ in range(args.runs):
            for name, command in (("check", check), ("bare", bare)):
                seconds, done = timed(command)
                if done.returncode != 0:
                    failed(name, command, done)
                    return 1
                times[name].append(seconds)
        check_s, bare_s = (statistics.median(times[name]) for name in ("check", "bare"))
        ratio = check_s / bare_s
        megabytes = path.stat().st_size / 2**20
        print(
            f"{rows:>8,} {megabytes:>8.1f} {bare_s:>8.3f} {check_s:>8.3f} {ratio:>6.2f}  "
            f"{'yes' if ratio <= TARGET else 'no'}"
        )
    print(f"\nMedians of {args.runs} runs each; target: ratio <= {TARGET} at 100,000 rows.")
    return 0


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True)
    return time.perf_counter() - start, done


def failed(name: str, command: list[str], done: subprocess.CompletedProcess) -> None:
    print(
        f"\n*** FAILED: the {name} command exited {done.returncode} ***\n"
        f"{' '.join(command)}\n{done.stdout}{done.stderr}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    sys.exit(main())
