"""What over-long widget values cost the server: four tabs each send a 20 MB search, then close.

    python benchmarks/widget_flood.py [--tabs 4] [--mb 20] [--uploads N]

With ``--uploads N`` each tab instead PUTs N files of ``--mb`` MB into its own session, as a
visitor's browser can (Streamlit's upload path takes them whether or not the page shows an
uploader); the shipped limit is 20 MB a file, so ``--mb 19``.

Starts ``streamlit run dashboard.py`` with the environment ``deploy/clfj@.service`` gives it
(``server.disconnectedSessionTTL`` at 10 s instead of 120, so that closed sessions are let go
within the run) on the shipped data, and drives it with raw websocket sessions
(``tests/wsclient.py``, 127.0.0.1 only). The app server's resident memory (VmRSS,
``/proc/PID/status``) is read:

1. before: after one visitor has seen the overview (its caches built) and gone;
2. during: the most, sampled every 20 ms while ``--tabs`` tabs each send a search of ``--mb``
   MB (what a forged client can send; the box itself takes 200 characters);
3. after: 2 s after the tabs closed, and again once Streamlit has let their sessions go, when
   one more visitor's run has let Python's collector run.

The target: after, within 10 % of before. Prints how each tab's value was answered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import websockets  # noqa: E402
import wsclient  # noqa: E402
from appserver import app_process  # noqa: E402
from machine import described, load_average  # noqa: E402
from sessions import DEPLOYED, rss_mb  # noqa: E402
from sizes import PACKAGES  # noqa: E402
from test_upload_gate import put  # noqa: E402

SESSION_TTL_S = 10
TABS, MB = 4, 20
RETURN_TARGET = 0.10


async def visit(url: str) -> None:
    async with wsclient.connect(url, timeout=120) as client:
        await client.run()


async def flood(url: str, tabs: int, mb: int) -> list[str]:
    """``tabs`` tabs at once, each sending a search of ``mb`` MB; how each was answered."""

    async def tab() -> str:
        async with wsclient.connect(url, timeout=120) as client:
            page = await client.run()
            search = page.widget("filter_search")
            try:
                run = await client.run(text={search: "court " * (mb * 1_000_000 // 6)})
            except websockets.ConnectionClosed as closed:
                return f"connection closed by the server ({closed.rcvd.code if closed.rcvd else '?'})"
            alerts = run.texts("alert")
            return f"page drawn; {alerts[0] if alerts else 'no message'}"

    return await asyncio.gather(*(tab() for _ in range(tabs)))


async def upload_flood(url: str, tabs: int, files: int, mb: int) -> list[str]:
    """``tabs`` visitors at once, each PUTting ``files`` files of ``mb`` MB into its session."""
    port = int(url.rsplit(":", 1)[1])

    async def tab() -> str:
        async with wsclient.connect(url, timeout=120) as client:
            await client.run()
            statuses = [
                await asyncio.to_thread(put, port, client.session_id, f"file-{i}", mb * 2**20)
                for i in range(files)
            ]
            return f"{files} files PUT, answered {sorted(set(statuses))}"

    return await asyncio.gather(*(tab() for _ in range(tabs)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=TABS)
    parser.add_argument("--mb", type=int, default=MB)
    parser.add_argument("--uploads", type=int, default=0, help="files each tab PUTs instead of a search")
    args = parser.parse_args()
    print(described(PACKAGES), flush=True)
    with tempfile.TemporaryDirectory(prefix="clfj-flood-") as folder:
        env = {
            **DEPLOYED,
            "CLFJ_DATABASE_URL": f"sqlite:///{Path(folder) / 'clfj.sqlite3'}",
            "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S),
        }
        with app_process(env=env, timeout=120) as server:
            pid = server.process.pid
            wsclient.run(visit(server.url))
            time.sleep(SESSION_TTL_S + 5)
            before = rss_mb(pid)
            peak, done = [before], threading.Event()

            def sample() -> None:
                while not done.is_set():
                    with contextlib.suppress(RuntimeError, FileNotFoundError):
                        peak.append(rss_mb(pid))
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample)
            sampler.start()
            started = time.monotonic()
            try:
                sent = (
                    upload_flood(server.url, args.tabs, args.uploads, args.mb)
                    if args.uploads
                    else flood(server.url, args.tabs, args.mb)
                )
                answers = wsclient.run(sent)
            finally:
                done.set()
                sampler.join()
            seconds = time.monotonic() - started
            time.sleep(2)
            closed = rss_mb(pid)
            time.sleep(SESSION_TTL_S + 5)
            wsclient.run(visit(server.url))
            let_go = rss_mb(pid)
    each = f"{args.uploads} uploads of {args.mb} MB" if args.uploads else f"a search of {args.mb} MB"
    print(f"\n{args.tabs} tabs, each {each}, in {seconds:.1f} s:")
    for number, answer in enumerate(answers, 1):
        print(f"  tab {number}: {answer}")
    print(
        "\nApp server memory (VmRSS), MB\n"
        f"before                                   {before:>7.0f}\n"
        f"during (most)                            {max(peak):>7.0f}  +{max(peak) - before:.0f}\n"
        f"2 s after the tabs closed                {closed:>7.0f}  +{closed - before:.0f}\n"
        f"once their sessions were let go          {let_go:>7.0f}  +{let_go - before:.0f}"
        f"  within {RETURN_TARGET:.0%}: {'yes' if let_go <= before * (1 + RETURN_TARGET) else 'no'}"
    )
    print(f"\nLoad average at the end: {' '.join(load_average())}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
