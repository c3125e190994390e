"""Many visitors at once: page runs under twenty concurrent sessions, what a session costs in
memory, and two app instances behind nginx.

    python benchmarks/sessions.py [--rounds 4] [--postgres URL] [--profile]

Publishes a generated table of 10,000 milestones (``generate.py``) into a SQLite database,
starts ``streamlit run dashboard.py`` on it and ``streamlit run benchmarks/bare_chart.py`` (a
bare Streamlit page with one ten-point chart), and drives both with raw websocket sessions
(``tests/wsclient.py``: Streamlit's own BackMsg and ForwardMsg protobufs, 127.0.0.1 only):

1. **Page runs.** Each session opens the app, then asks for the pages one after another
   (overview, timeline, breakdown, story, milestones, each session starting at another),
   ``--rounds`` times over. A run is timed from the rerun sent to the server's
   ``script_finished``. With 1 session and with 20 at once: p50, p95 and throughput (runs a
   second, all sessions together), for the app (as deployed, and with the defaults, below) and
   for the bare page, whose runs show what Streamlit and this machine manage on their own (the
   machine is shared: read the ratios).
   Targets: p95 at most 1 s with 20 sessions, throughput at least 4x 5.4 runs/s.
2. **Memory** (each app server's VmRSS, ``/proc/PID/status``): after a first visitor has seen
   every page (so every shared cache is built), with the 20 sessions of the page runs still
   open, and after 100 more sessions have come and gone, once Streamlit has let them go
   (``server.disconnectedSessionTTL``, 10 s here instead of 120). Targets: at most 2 MB per
   session; at most 10 % over the start once they are gone (memory that falls below it is not held).
3. With ``--postgres URL`` (a server where a schema may be made; ``.ci/postgres`` starts one):
   the same 20-session load through the shipped nginx site (``deploy/nginx/clfj.conf``) in
   front of one instance and of two, all on one PostgreSQL database, each session from its own
   loopback address, as visitors are (nginx places a visitor by cookie, else by address), with
   the CPU seconds each instance spent.

The app runs with the environment ``deploy/clfj@.service`` gives it, and beside it with
Streamlit's and glibc's defaults (a full garbage collection after every run, glibc's own
number of memory arenas), as it ran before.

``--profile`` samples each app server through its 20-session runs with py-spy and prints where
its Python time went (``sampling.py``).

Exits 1 if a run fails. Takes three to six minutes on two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import sampling  # noqa: E402
import wsclient  # noqa: E402
from appserver import app_process, nginx_path, postgres_schema, running_nginx  # noqa: E402
from generate import published_database  # noqa: E402
from machine import described, load_average, yes  # noqa: E402

APP_PAGES = ("", "timeline", "breakdown", "story", "milestones")  # "": the overview
BARE_PAGES = ("",) * len(APP_PAGES)  # as many runs per round as the app's
PAGE_NAMES = {"": "overview"}
SIZE = 10_000
SESSIONS = (1, 20)
ROUNDS = 4
CHURN = 100  # sessions that come and go in the memory measurement
SESSION_TTL_S = 10
P95_TARGET_S = 1.0
THROUGHPUT_TARGET = 4 * 5.4  # runs/s: four times what twenty sessions got before
SESSION_MB_TARGET = 2.0
RETURN_TARGET = 0.10
LIMITS = {"CLFJ_MAX_UPLOAD_MB": "500", "CLFJ_MAX_ROWS": "1000000"}
SERVER_ENV = {**LIMITS, "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S)}
# The environment deploy/clfj@.service gives every instance (its Environment= lines).
DEPLOYED = dict(
    line.removeprefix("Environment=").split("=", 1)
    for line in (ROOT / "deploy" / "clfj@.service").read_text().splitlines()
    if line.startswith("Environment=")
)
# The app with Streamlit's and glibc's defaults, as it ran before .streamlit/config.toml turned
# off the collection after every run and the unit limited glibc's memory arenas.
DEFAULTS = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}
RUN_TIMEOUT_S = 120
SOURCES = "127.0.1."  # the loopback addresses the sessions behind nginx come from


class RunFailed(RuntimeError):
    """A page raised, or did not finish in time."""


@dataclass
class Load:
    """What ``sessions`` sessions got doing ``rounds`` rounds of the pages at once."""

    sessions: int
    runs: list[tuple[str, float]]  # (page, seconds) for every timed run
    wall: float  # seconds from the first request to the last reply

    def seconds(self, page: str | None = None) -> list[float]:
        return [seconds for name, seconds in self.runs if page is None or name == page]

    def p(self, percent: int, page: str | None = None) -> float:
        values = sorted(self.seconds(page))
        return values[min(len(values) - 1, round(percent / 100 * (len(values) - 1)))]

    @property
    def throughput(self) -> float:
        return len(self.runs) / self.wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help=f"rounds of the pages per session ({ROUNDS})"
    )
    parser.add_argument("--postgres", metavar="URL", help="also measure nginx in front of 1 and 2 instances")
    parser.add_argument(
        "--profile", action="store_true", help="sample each app server under 20 sessions with py-spy"
    )
    args = parser.parse_args()
    if args.profile and not sampling.available():
        parser.error("--profile needs py-spy on PATH (pip install py-spy)")

    print(described(("streamlit", "websockets", "pandas", "plotly")), flush=True)
    with tempfile.TemporaryDirectory(prefix="clfj-sessions-") as folder:
        try:
            one_instance(Path(folder), args.rounds, args.profile)
            if args.postgres:
                behind_nginx(Path(folder), args.postgres, args.rounds)
        except RunFailed as error:
            print(f"\n*** FAILED: {error} ***", file=sys.stderr)
            return 1
    print(f"\nLoad average at the end: {' '.join(load_average())}")
    return 0


# -- One instance ----------------------------------------------------------------------------


def one_instance(folder: Path, rounds: int, profile: bool) -> None:
    database = published_database(folder, SIZE)
    env = {"CLFJ_DATABASE_URL": database, **SERVER_ENV}
    with (
        app_process(env=env | DEPLOYED) as app,
        app_process(env=env | DEFAULTS) as defaults,
        app_process("benchmarks/bare_chart.py", env=SERVER_ENV | DEPLOYED) as bare,
    ):
        apps = {"app": app, "defaults": defaults}
        targets = {**{name: (server, APP_PAGES) for name, server in apps.items()}, "bare": (bare, BARE_PAGES)}
        progress("warming up (every page twice in one session)")
        for server, pages in targets.values():
            drive(warm_up(server.url, tuple(dict.fromkeys(pages))))
        time.sleep(SESSION_TTL_S + 5)  # the warm-up session let go, as in the memory runs below
        memory = {name: {"start": rss_mb(server.process.pid)} for name, server in apps.items()}
        loads, profiles = {}, {}
        for sessions in SESSIONS:
            for name, (server, pages) in targets.items():
                progress(f"{name}: {sessions} session(s), {rounds} rounds of {len(pages)} page(s)")
                if name in apps and sessions == max(SESSIONS):
                    profiles[name] = folder / f"{name}-profile.txt"
                    with (
                        sampling.sampled(server.process.pid, profiles[name])
                        if profile
                        else contextlib.nullcontext()
                    ):
                        loads[name, sessions], memory[name]["open"] = drive(
                            held_open(server.url, pages, sessions, rounds, server.process.pid)
                        )
                else:
                    loads[name, sessions] = drive(load(server.url, pages, sessions, rounds))
        progress(f"{CHURN} sessions coming and going")
        time.sleep(SESSION_TTL_S + 5)
        for name, server in apps.items():
            memory[name]["after 20"] = rss_mb(server.process.pid)
            drive(churn(server.url, CHURN))
        time.sleep(SESSION_TTL_S + 5)  # Streamlit lets a closed session go after its TTL
        for name, server in apps.items():
            memory[name]["after churn"] = rss_mb(server.process.pid)
    print_loads(loads)
    print_memory(memory)
    sampling.print_shares(profiles)


async def warm_up(url: str, pages=APP_PAGES) -> None:
    async with wsclient.connect(url, timeout=RUN_TIMEOUT_S) as client:
        for page in (*pages, *pages):
            checked(await client.run(page=page), page)


async def load(url: str, pages, sessions: int, rounds: int, source=lambda i: "127.0.0.1") -> Load:
    """``sessions`` sessions, each opening the app and then running the pages ``rounds`` times
    over, all at once."""
    async with contextlib.AsyncExitStack() as stack:
        return await _load(stack, url, pages, sessions, rounds, source)


async def held_open(url: str, pages, sessions: int, rounds: int, pid: int) -> tuple[Load, float]:
    """:func:`load`, and the server's RSS while its sessions are still open and idle."""
    async with contextlib.AsyncExitStack() as stack:
        result = await _load(stack, url, pages, sessions, rounds, lambda i: "127.0.0.1")
        await asyncio.sleep(2)
        return result, rss_mb(pid)


async def _load(stack, url, pages, sessions, rounds, source) -> Load:
    clients = [
        await stack.enter_async_context(wsclient.connect(url, timeout=RUN_TIMEOUT_S, source=source(i)))
        for i in range(sessions)
    ]
    await asyncio.gather(*(client.run(page=pages[0]) for client in clients))  # each opens the app
    started = time.monotonic()
    timings = await asyncio.gather(
        *(_visit(client, pages, rounds, offset=i) for i, client in enumerate(clients))
    )
    wall = time.monotonic() - started
    return Load(sessions, [run for runs in timings for run in runs], wall)


async def _visit(client, pages, rounds: int, offset: int) -> list[tuple[str, float]]:
    runs = []
    for i in range(rounds * len(pages)):
        page = pages[(offset + i) % len(pages)]
        run = checked(await client.run(page=page), page)
        runs.append((PAGE_NAMES.get(page, page), run.seconds))
    return runs


async def churn(url: str, count: int, at_once: int = 20) -> None:
    """``count`` sessions that each open the app and one other page, then leave."""

    async def visit(i: int) -> None:
        async with wsclient.connect(url, timeout=RUN_TIMEOUT_S) as client:
            checked(await client.run(page=""), "")
            page = APP_PAGES[1 + i % (len(APP_PAGES) - 1)]
            checked(await client.run(page=page), page)

    for first in range(0, count, at_once):
        await asyncio.gather(*(visit(i) for i in range(first, min(count, first + at_once))))


def checked(run: wsclient.Run, page: str) -> wsclient.Run:
    if any(element.kind == "exception" for element in run.elements):
        raise RunFailed(f"the {PAGE_NAMES.get(page, page)} page raised")
    return run


def drive(coroutine):
    try:
        return asyncio.run(coroutine)
    except TimeoutError as error:
        raise RunFailed(str(error)) from None


def rss_mb(pid: int) -> float:
    """The process's resident memory (VmRSS), MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def print_loads(loads: dict[tuple[str, int], Load]) -> None:
    print(
        f"\nPage runs at {SIZE:,} milestones, s (rerun sent to script_finished)\n"
        f"{'':<8} {'sessions':>8} {'runs':>5} {'p50':>7} {'p95':>7} {'runs/s':>7} {'/ bare':>7}"
    )
    for (name, sessions), result in loads.items():
        ratio = result.throughput / loads["bare", sessions].throughput
        print(
            f"{name:<8} {sessions:>8} {len(result.runs):>5} {result.p(50):>7.3f} {result.p(95):>7.3f}"
            f" {result.throughput:>7.1f} {ratio:>7.2f}"
        )
    print(
        "app: as deployed; defaults: the same with Streamlit's garbage collection after every run "
        "(runner.postScriptGC) and glibc's memory arenas; bare: benchmarks/bare_chart.py"
    )
    many = loads["app", max(SESSIONS)]
    print(f"\nPer page with {many.sessions} sessions: p50 / p95, s")
    for page in APP_PAGES:
        name = PAGE_NAMES.get(page, page)
        print(f"  {name:<11} {many.p(50, name):>6.3f} {many.p(95, name):>6.3f}")
    quick, many_runs = many.p(95) <= P95_TARGET_S, many.throughput >= THROUGHPUT_TARGET
    print(
        f"Targets with {many.sessions} sessions: p95 <= {P95_TARGET_S:g} s: {yes(quick)}; "
        f"throughput >= {THROUGHPUT_TARGET:.1f} runs/s: {yes(many_runs)}"
    )


def print_memory(memory: dict[str, dict[str, float]]) -> None:
    sessions = max(SESSIONS)
    names = list(memory)
    print(f"\nApp server memory (VmRSS), MB\n{'':<46}" + "".join(f"{name:>10}" for name in names))
    rows = (
        ("start", "after a first visitor (every page twice)"),
        ("open", f"{sessions} sessions open, each having run the pages"),
        ("after 20", f"those {sessions} gone"),
        ("after churn", f"after {CHURN} more came and went"),
    )
    for key, label in rows:
        print(f"  {label:<44}" + "".join(f"{memory[name][key]:>10.1f}" for name in names))
    for name in names:
        per_session = (memory[name]["open"] - memory[name]["start"]) / sessions
        back = memory[name]["after churn"] / memory[name]["start"] - 1
        print(
            f"{name}: {per_session:.2f} MB a session (<= {SESSION_MB_TARGET:g}: "
            f"{yes(per_session <= SESSION_MB_TARGET)}); {back:+.1%} from the start after the "
            f"{CHURN} (within {RETURN_TARGET:.0%}: {yes(back <= RETURN_TARGET)})"
        )


# -- Behind nginx ----------------------------------------------------------------------------


def behind_nginx(folder: Path, server_url: str, rounds: int) -> None:
    nginx = nginx_path()
    if nginx is None:
        print("\nnginx is not installed: no figures behind nginx", flush=True)
        return
    sessions = max(SESSIONS)
    with postgres_schema(server_url) as database:
        published_database(folder, SIZE, url=database)
        env = {"CLFJ_DATABASE_URL": database, **SERVER_ENV, **DEPLOYED}
        results = {}
        with app_process(env=env) as first, app_process(env=env) as second:
            for instances in ((first,), (first, second)):
                with running_nginx([app.url for app in instances], nginx) as proxy:
                    progress(f"nginx in front of {len(instances)} instance(s): {sessions} sessions")
                    drive(warm_up(proxy.url))
                    for app in instances:  # each instance's imports and caches, before timing
                        drive(warm_up(app.url))
                    cpu = [cpu_seconds(app.process.pid) for app in instances]
                    source = lambda i: f"{SOURCES}{10 + i}"  # noqa: E731 - one visitor per address
                    result = drive(load(proxy.url, APP_PAGES, sessions, rounds, source))
                    spent = [
                        cpu_seconds(app.process.pid) - before
                        for app, before in zip(instances, cpu, strict=True)
                    ]
                    placed = sessions_placed(proxy, [app.url for app in instances], sessions)
                    results[len(instances)] = result, spent, placed
    print(f"\nThrough nginx, {sessions} sessions, PostgreSQL, {SIZE:,} milestones")
    print(
        f"{'instances':>9} {'runs':>5} {'p50':>7} {'p95':>7} {'runs/s':>7} {'ratio':>6}"
        "  per instance: sessions, CPU s"
    )
    for instances, (result, spent, placed) in results.items():
        ratio = result.throughput / results[1][0].throughput
        each = ", ".join(f"{n} {cpu:.1f}" for n, cpu in zip(placed, spent, strict=True))
        print(
            f"{instances:>9} {len(result.runs):>5} {result.p(50):>7.3f} {result.p(95):>7.3f}"
            f" {result.throughput:>7.1f} {ratio:>6.2f}  {each}"
        )


def sessions_placed(proxy, instances: list[str], sessions: int) -> list[int]:
    """How many of the load's sessions nginx sent to each instance (its log has a websocket's
    line once it has closed)."""
    deadline = time.monotonic() + 10
    while True:
        lines = [ln for ln in proxy.log() if ln.path == "/_stcore/stream" and ln.client.startswith(SOURCES)]
        if len(lines) >= sessions or time.monotonic() > deadline:
            return [sum(ln.instance == url.removeprefix("http://") for ln in lines) for url in instances]
        time.sleep(0.2)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used, s."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def progress(text: str) -> None:
    print(f"{text}…", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
