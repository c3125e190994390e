"""Run the app under ``streamlit run`` (alone, or several behind the shipped nginx site) and drive it in
the system Chromium (tests, screenshots, benchmarks).

The server starts the way Streamlit's own end-to-end suite starts it: headless, on a free
local port, polled on ``/_stcore/health`` until it answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REQUIRE_BROWSER = "CLFJ_REQUIRE_BROWSER"
STAFF_PASSWORD = "correct horse battery staple"  # what tests set CLFJ_STAFF_PASSWORD to
# st.login's settings for an identity provider that is never reached (AppTest stops short of it).
IDENTITY_PROVIDER = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x",
    "client_id": "id",
    "client_secret": "s",
    "server_metadata_url": "https://idp.invalid/.well-known/openid-configuration",
}
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


@dataclass
class Server:
    """A running ``streamlit run``: its base URL and its process (to read its memory, say)."""

    url: str
    process: subprocess.Popen


@contextlib.contextmanager
def app_server(script: str = "dashboard.py", **options):
    """:func:`app_process`, yielding only the base URL."""
    with app_process(script, **options) as server:
        yield server.url


@contextlib.contextmanager
def shipped_app(folder: Path, **options):
    """:func:`app_server` on a new SQLite database in ``folder`` (it imports the shipped data)."""
    env = {"CLFJ_DATABASE_URL": f"sqlite:///{folder / 'clfj.sqlite3'}"} | options.pop("env", {})
    with app_server(env=env, **options) as url:
        yield url


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until the app has drawn it."""
    page.goto(url)
    wait_for_app(page)


@contextlib.contextmanager
def app_process(
    script: str = "dashboard.py",
    env: dict[str, str] | None = None,
    timeout: float = 60,
    log: Path | None = None,
):
    """Start ``streamlit run script``; yield the :class:`Server` (its base URL and process);
    stop it afterwards. ``log``: a file for what the server writes (by default it is dropped)."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log = open(log or os.devnull, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=REPO, env=os.environ | (env or {}), stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, timeout, "streamlit")
        yield Server(url, process)
    finally:
        stop(process)
        log.close()


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float, name: str) -> None:
    """Poll ``url``/_stcore/health until it answers ``ok``; RuntimeError if ``process`` exits
    first, TimeoutError after ``timeout`` seconds."""

    def answers_ok() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
        ):
            return answer.read().strip() == b"ok"
        return False

    wait_until(answers_ok, timeout, f"{name} did not answer ok on {url}/_stcore/health")


def wait_until(condition, timeout: float, failure: str, every: float = 0.1, page=None):
    """Ask ``condition()`` every ``every`` seconds until it gives something true, and return
    that; TimeoutError saying ``failure`` after ``timeout`` seconds. The one way the tests wait
    for something outside a browser page (in one, Playwright's own waits serve). With a
    Playwright ``page``, the pauses are the page's own, so that its events (a routed socket's
    messages, say) are handled meanwhile: ``time.sleep`` would hold them."""
    deadline = time.monotonic() + timeout
    while not (answer := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{failure} within {timeout} s")
        if page is None:
            time.sleep(every)
        else:
            page.wait_for_timeout(every * 1000)
    return answer


def stop(process: subprocess.Popen) -> None:
    """Stop ``process`` (SIGTERM, then SIGKILL after 10 s)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def postgres_schema(server_url: str) -> Iterator[str]:
    """A URL whose connections see only a new, empty schema, dropped afterwards.

    A schema of its own (rather than dropping the clfj tables in ``public``) keeps each test
    independent even when another suite runs against the same server at the same time.
    """
    import sqlalchemy as sa  # here: starting an app or a browser needs no database layer

    from clfj_data import store

    schema = f"clfj_test_{uuid.uuid4().hex[:12]}"
    server = store.connect(server_url)
    admin = server.execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = sa.engine.make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        server.dispose()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


@contextlib.contextmanager
def fresh_page(browser, width: int = 1280, height: int = 720, **options):
    """A page in a new browser context (no cookies, storage or cache), closed afterwards.

    ``width`` and ``height`` are the viewport (Playwright's own default size unless given);
    ``options`` go to ``browser.new_context``.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def unavailable(requirement: str, reason: str):
    """Skip with ``reason`` (the whole module, where called at import); fail instead where the
    environment variable ``requirement`` is 1, as CI sets it, so that nothing is skipped silently."""
    import pytest  # here, not at the top: the benchmarks and docs/screenshots.py import this module

    __tracebackhide__ = True  # pytest reports the skip at the calling test module, not here
    if os.environ.get(requirement) == "1":
        pytest.fail(f"{requirement}=1 but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def browser_unavailable(reason: str):
    """:func:`unavailable` for Playwright and Chromium: CLFJ_REQUIRE_BROWSER=1 makes it a failure."""
    __tracebackhide__ = True
    unavailable(REQUIRE_BROWSER, reason)


def npm_package(folder: Path, package: str) -> Path:
    """``package`` installed in ``folder`` at the version its package.json pins (``npm ci`` from
    its package-lock.json if needed); else :func:`browser_unavailable`."""
    __tracebackhide__ = True
    pinned = json.loads((folder / "package.json").read_text())["dependencies"][package]
    installed = folder / "node_modules" / package

    def version() -> str | None:
        with contextlib.suppress(OSError, ValueError):
            return json.loads((installed / "package.json").read_text())["version"]
        return None

    if version() != pinned:
        where = f"tests/{folder.name}"
        npm = shutil.which("npm")
        if npm is None:
            browser_unavailable(f"npm is not installed, so {package} cannot be installed in {where}")
        command = [npm, "ci", "--no-audit", "--no-fund"]
        try:
            done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            browser_unavailable(f"`npm ci` in {where} took over 300 s")
        if done.returncode != 0 or version() != pinned:
            browser_unavailable(f"`npm ci` in {where} failed:\n{done.stderr[-2000:]}")
    return installed


def require_browser():
    """Playwright's sync API where it and the system Chromium are here; else :func:`browser_unavailable`."""
    __tracebackhide__ = True
    try:
        from playwright import sync_api
    except ImportError:
        browser_unavailable("Playwright is not installed (pip install -r requirements-dev.txt)")
    if chromium_path() is None:
        browser_unavailable("no system Chromium at /usr/bin/chromium (install Debian's chromium package)")
    return sync_api


# Every Plotly chart on the page: Streamlit's own, and the app's (clfj_ui/plot.py), which marks
# the width it has drawn at on its element (data-drawn-width), so that nothing here reads
# plotly.js's private state. The app's chart is drawn once it is on screen or near it: until a
# visitor scrolls to it, it is marked data-waiting="view" (scroll_to_charts brings it).
PLOTLY_CHARTS = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart'], .clfj-chart")]"""
CHARTS_DRAWN = f"""() => ({PLOTLY_CHARTS})().every(chart => chart.dataset.waiting === "view"
    || chart.querySelector(".main-svg")
    && (!chart.classList.contains("clfj-chart") || chart.dataset.drawnWidth))
    && [...document.querySelectorAll("[data-testid='stBidiComponentRegular']")]
        .every(element => element.querySelector(".clfj-chart, .clfj-table > table"))"""  # its script has run
# ... and each drawn for the width it has now: after a resize, plotly.js redraws a moment later.
CHARTS_FIT = """() => [...document.querySelectorAll(".clfj-chart")].every(chart => !chart.clientWidth
    || chart.dataset.waiting === "view"
    || Math.abs(Number(chart.dataset.drawnWidth) - chart.clientWidth) <= 1)"""


# Resolves once the chart it is given is no longer waiting to be scrolled to.
DRAWING_STARTED = """chart => new Promise(done => {
    new MutationObserver((_, seen) => !chart.dataset.waiting && (seen.disconnect(), done()))
        .observe(chart, {attributes: true});
    if (!chart.dataset.waiting) done();
})"""


def scroll_to_charts(page) -> None:
    """Scroll to each chart still waiting to be drawn, as a visitor reading down the page
    would, and wait until all are drawn."""
    for waiting in page.locator(".clfj-chart[data-waiting='view']").all():
        waiting.scroll_into_view_if_needed()
        waiting.evaluate(DRAWING_STARTED)
        wait_for_app(page)


def chart(page, key: str):
    """Where the Plotly chart of the element keyed ``key`` draws, to find its parts in: scrolled
    to first where it waits to be seen, as a visitor looking at it would."""
    located = page.locator(f".st-key-{key}")
    waiting = located.locator(".clfj-chart[data-waiting='view']")
    if waiting.count():
        waiting.scroll_into_view_if_needed()
        waiting.evaluate(DRAWING_STARTED)
    return located


# The milestone the page shows (?milestone=<id>), read in the page.
CHOSEN = "new URL(location).searchParams.get('milestone')"


def choose_marker(page, marker, seen) -> str:
    """Click ``marker`` once, wait until the page shows a milestone not in ``seen`` and the app
    has finished, and return the milestone's id."""
    marker.click(force=True)
    page.wait_for_function(
        f"seen => !seen.includes({CHOSEN}) && {CHOSEN}", arg=sorted(seen), polling=100, timeout=10_000
    )
    wait_for_app(page)
    return page.evaluate(f"() => {CHOSEN}")


def close_dialog(page) -> None:
    """Close the milestone's dialog as a visitor would (Escape) and wait for the page without it."""
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !{CHOSEN} && !document.querySelector('[role=dialog]')")
    wait_for_app(page)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished running, no element of the run before is left (stale),
    every Plotly chart has drawn at its current width, and the browser has painted all that."""
    page.wait_for_selector(
        "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']", timeout=timeout
    )
    page.wait_for_function(
        f"""() => !document.querySelector("[data-test-script-state='running']")
            && !document.querySelector("[data-testid='stSkeleton']")
            && !document.querySelector("[data-stale='true']")
            && ({CHARTS_DRAWN})() && ({CHARTS_FIT})()""",
        timeout=timeout,
    )
    # The second animation frame after that state comes once the browser has painted it.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# Set before an action: true once a script run has started since (the attribute may be back to
# "notRunning" before anyone looks, so the observer keeps every change's value and old value,
# and looks again whenever elements come or go).
WATCH_RUNS = """() => {
    window.clfjRunStarted = false;
    const running = r => r.oldValue === "running" || r.target.getAttribute?.(r.attributeName) === "running";
    new MutationObserver(records => {
        if (records.some(running) || document.querySelector("[data-test-script-state='running']"))
            window.clfjRunStarted = true;
    }).observe(document.body, {attributes: true, attributeOldValue: true, childList: true, subtree: true});
}"""


def after_rerun(page, action, timeout: float = 30_000) -> None:
    """Do ``action()`` (a click, a key press) and wait until the run it starts has finished and
    is drawn (:func:`wait_for_app`): a wait begun at once could see the page before the run."""
    page.evaluate(WATCH_RUNS)
    action()
    page.wait_for_function("() => window.clfjRunStarted", timeout=timeout)
    wait_for_app(page, timeout)


def staff_sign_in(page, password: str, name: str = "Asha") -> None:
    """Sign in on the Data page (already open) as staff ``name``."""
    page.get_by_label("Your name, for the version history").fill(name)
    page.get_by_label("Staff password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # What the visitor waits for: signed in, or told the password is wrong.
    page.get_by_text(f"Signed in as {name}.").or_(page.get_by_text("That password is not right.")).wait_for()
    wait_for_app(page)


def staff_upload(page, name: str, content: bytes) -> None:
    """Upload ``content`` as the file ``name`` in the Data page's uploader (signed in)."""
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    # The file read and checked: its problems, or what publishing it would change.
    page.locator(".st-key-data_problem_list").or_(page.get_by_role("button", name="Publish")).wait_for()
    wait_for_app(page)


def staff_publish(page, note: str) -> None:
    """Publish the file uploaded (and checked) on the Data page, with ``note`` for the history."""
    page.get_by_label("Note for the history (required): what changed and why").fill(note)
    page.get_by_role("button", name="Publish").click()  # once enabled: the note is sent as typed
    page.get_by_text(re.compile(r"^Published version \d+: it is now the version every page shows")).wait_for()
    wait_for_app(page)


# nginx in front of app instances, as deploy/nginx/clfj.conf sets it up.

SITE = REPO / "deploy" / "nginx" / "clfj.conf"
BROTLI_SITE = REPO / "deploy" / "nginx" / "clfj-brotli.conf"
# Debian's brotli modules, loaded as /etc/nginx/modules-enabled/ loads them, where installed.
BROTLI_MODULES = [
    path
    for path in (
        Path("/usr/lib/nginx/modules") / f"ngx_http_brotli_{kind}_module.so" for kind in ("filter", "static")
    )
    if path.exists()
]
EDITION_ALIAS = re.compile(r"^( *alias )/srv/clfj/edition/", re.M)
STATIC_ROOT = re.compile(r"^( *root )/srv/clfj/static;", re.M)  # deploy/static_files.py's folder
# Lines of the shipped file that a deployer edits, and the tests and benchmarks replace.
LISTEN = re.compile(r"^( *)listen 80;$", re.M)
UPSTREAM_SERVER = re.compile(r"^( *)server 127\.0\.0\.1:8501;$", re.M)
# The rest of what Debian's /etc/nginx/nginx.conf gives the site, with every file nginx writes
# inside one folder. The access log names the instance each request went to.
MAIN_CONF = """\
{modules}
pid {dir}/nginx.pid;
error_log {dir}/error.log;
worker_processes 1;
events {{ worker_connections 768; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format clfj escape=json '{{"client": "$remote_addr", "route": "$cookie_clfj_route",'
        ' "instance": "$upstream_addr", "status": $status, "method": "$request_method", "path": "$uri"}}';
    access_log {dir}/access.log clfj;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/clfj.conf;
}}
"""


def nginx_path() -> str | None:
    """Debian's nginx, or None."""
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


REQUIRE_NGINX = "CLFJ_REQUIRE_NGINX"


def nginx_binary() -> str:
    """Debian's nginx; else skip, or fail where CLFJ_REQUIRE_NGINX=1."""
    __tracebackhide__ = True
    found = nginx_path()
    if found is None:
        unavailable(REQUIRE_NGINX, "nginx is not installed (Debian's nginx package: apt-get install nginx)")
    return found


def render_site(
    listen_port: int, app_ports: list[int], edition: Path | None = None, static: Path | None = None
) -> str:
    """The shipped site with its listen line, upstream servers, edition folder and static files'
    folder set for this machine."""
    text = SITE.read_text()
    assert EDITION_ALIAS.search(text), "the site should serve /results/ from `alias /srv/clfj/edition/;`"
    if edition is not None:  # the edition's folder, and its robots.txt
        text = EDITION_ALIAS.sub(rf"\g<1>{edition}/", text)
    assert len(STATIC_ROOT.findall(text)) == 2, "/static/ and /app/static/ come from `root /srv/clfj/static;`"
    if static is not None:
        text = STATIC_ROOT.sub(rf"\g<1>{static};", text)
    assert len(LISTEN.findall(text)) == 1, "deploy/nginx/clfj.conf should hold one `listen 80;` line"
    assert len(UPSTREAM_SERVER.findall(text)) == 1, "its upstream should list `server 127.0.0.1:8501;`"
    text = LISTEN.sub(rf"\g<1>listen 127.0.0.1:{listen_port};", text)
    servers = "\n".join(rf"\g<1>server 127.0.0.1:{port};" for port in app_ports)
    return UPSTREAM_SERVER.sub(servers, text)


@dataclass
class Logged:
    """One line of the proxy's access log."""

    client: str
    route: str  # the clfj_route cookie the request carried, "" for none
    instance: str  # host:port of the app instance it went to, "" for none
    status: int
    method: str
    path: str


@dataclass
class Proxy:
    url: str
    port: int
    instances: list[str]  # the apps' own URLs
    folder: Path
    edition: Path  # the folder the site serves at /results/ (a link, once an edition is written)
    static: Path  # deploy/static_files.py's folder: empty (so all from the app) until written

    def log(self) -> list[Logged]:
        lines = (self.folder / "access.log").read_text().splitlines()
        return [Logged(**json.loads(line)) for line in lines]

    def errors(self) -> str:
        return (self.folder / "error.log").read_text()


@contextlib.contextmanager
def running_nginx(app_urls: list[str], nginx: str):
    """``nginx`` in the foreground, serving the shipped site on a free port in front of ``app_urls``."""
    folder = Path(tempfile.mkdtemp(prefix="clfj-nginx-"))
    folder.chmod(0o755)  # nginx's workers (nobody, under root) keep request bodies in here
    port = free_port()
    app_ports = [int(url.rsplit(":", 1)[1]) for url in app_urls]
    edition = folder / "edition"  # inside the folder nginx's workers may read
    static = folder / "static"
    static.mkdir()
    (folder / "clfj.conf").write_text(render_site(port, app_ports, edition, static))
    modules = "\n".join(f"load_module {path};" for path in BROTLI_MODULES)
    (folder / "nginx.conf").write_text(MAIN_CONF.format(dir=folder, modules=modules))
    if len(BROTLI_MODULES) == 2:  # the filter and brotli_static's module
        shutil.copy(BROTLI_SITE, folder / BROTLI_SITE.name)
    command = [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")]
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_healthy(url, process, 15, "nginx")
        except (RuntimeError, TimeoutError) as error:
            log = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
            stderr = process.stderr.read() if process.poll() is not None else ""
            raise RuntimeError(f"{error} (passing /_stcore/health on from the app):\n{stderr}{log}") from None
        yield Proxy(url, port, app_urls, folder, edition, static)
    finally:
        stop(process)  # SIGTERM is nginx's fast shutdown: open websockets do not hold it up
        process.stderr.close()
        shutil.rmtree(folder, ignore_errors=True)
