"""What a benchmark ran on, printed first so that figures from different runs can be compared."""

from __future__ import annotations

import contextlib
import os
import platform
import sys
from importlib.metadata import version
from pathlib import Path


def described(packages: tuple[str, ...]) -> str:
    """Python, the versions of ``packages``, the CPUs and the load average, in two lines."""
    named = ", ".join(f"{name} {version(name)}" for name in packages)
    return (
        f"Python {platform.python_version()} ({sys.executable}), {named}\n"
        f"nproc {nproc()}, CPU {cpu_model()}, load average {' '.join(load_average())}"
    )


def nproc() -> int | None:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or "unknown"
    models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return models[0] if models else platform.processor() or "unknown"


def load_average() -> list[str]:
    with contextlib.suppress(OSError):
        return [f"{load:.2f}" for load in os.getloadavg()]
    return ["unknown"]


def yes(met: bool) -> str:
    return "yes" if met else "no"
