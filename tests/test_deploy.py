"""The shipped reverse proxy (deploy/nginx/clfj.conf) run by a real nginx in front of two app
instances: its headers, limits and closed paths, the app working through it in Chromium, and
two instances on one PostgreSQL database showing each other's publishes.

Every request goes to 127.0.0.1. The limits count per client address, so each test that spends
one sends from its own loopback address (127.0.0.x) and none drains another's allowance.

Skipped, with the reason, where nginx is missing, unless CLFJ_REQUIRE_NGINX=1 (as in CI) makes
that a failure; the browser tests need Chromium as well (see CLFJ_REQUIRE_BROWSER).
"""

import base64
import contextlib
import hashlib
import http.client
import http.server
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tomllib
from dataclasses import dataclass

import pytest
from appserver import (
    BROTLI_MODULES,
    BROTLI_SITE,
    MAIN_CONF,
    REPO,
    Proxy,
    after_rerun,
    app_server,
    chart,
    free_port,
    fresh_page,
    nginx_binary,
    render_site,
    running_nginx,
    staff_publish,
    staff_sign_in,
    staff_upload,
    stop,
    wait_for_app,
    wait_until,
)

from clfj_data import shipped_milestones_path

pytestmark = pytest.mark.browser

PASSWORD = "proxy staff password"
MB = 1024 * 1024
UPLOAD_LIMIT_MB = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
SHIPPED_CSV = shipped_milestones_path().read_bytes()
SECURITY_HEADERS = ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy")


NGINX = nginx_binary()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """Two app instances (each with its own SQLite data) behind one nginx."""
    with contextlib.ExitStack() as stack:
        apps = []
        for name in ("first", "second"):
            database = tmp_path_factory.mktemp(name) / "clfj.sqlite3"
            env = {"CLFJ_DATABASE_URL": f"sqlite:///{database}", "CLFJ_STAFF_PASSWORD": PASSWORD}
            apps.append(stack.enter_context(app_server(env=env)))
        yield stack.enter_context(running_nginx(apps, NGINX))


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def request(
    url: str, method: str, path: str, *, client: str, headers: dict | None = None, body: bytes = b""
) -> Answer:
    """One request to ``url`` sent from the loopback address ``client``."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(client, 0))
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.msg, response.read())
    finally:
        connection.close()


def upload(proxy: Proxy, *, client: str, size: int, chunked: bool = False) -> int:
    """PUT a file of ``size`` bytes to Streamlit's upload path as a browser sends it (multipart),
    with a Content-Length or chunked; the status that came back, nginx's or the app's."""
    boundary = "clfj-test-boundary"
    part = 'Content-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv'
    body = f"--{boundary}\r\n{part}\r\n\r\n".encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    length = ("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(len(body)))
    connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=30, source_address=(client, 0))
    try:
        connection.putrequest("PUT", "/_stcore/upload_file/some-session/some-file")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader(*length)
        connection.endheaders()
        # nginx may answer a body over its limit before the body has arrived, and close.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for start in range(0, len(body), MB):
                piece = body[start : start + MB]
                connection.send(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            if chunked:
                connection.send(b"0\r\n\r\n")
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def websocket_handshake(proxy: Proxy, client: str) -> tuple[socket.socket, int]:
    """Open the app's websocket as a browser would; the socket (left open) and the status."""
    connection = socket.create_connection(("127.0.0.1", proxy.port), timeout=10, source_address=(client, 0))
    key = base64.b64encode(os.urandom(16)).decode()
    host = f"127.0.0.1:{proxy.port}"
    connection.sendall(
        (
            f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = connection.recv(4096)
        if not chunk:
            break
        head += chunk
    return connection, int(head.split(b" ", 2)[1])


# Headers and closed paths.


def static_assets(proxy: Proxy) -> list[str]:
    html = request(proxy.url, "GET", "/", client="127.0.0.2").body.decode()
    scripts = re.findall(r'src="\./(static/js/[^"]+\.js)"', html)
    styles = re.findall(r'href="\./(static/css/[^"]+\.css)"', html)
    return [f"/{scripts[0]}", f"/{styles[0]}"]


def test_every_response_carries_the_security_headers(proxy):
    paths = ["/", "/data", *static_assets(proxy), "/_stcore/health", "/_stcore/metrics"]
    for path in paths:
        answer = request(proxy.url, "GET", path, client="127.0.0.2")
        assert answer.status in (200, 404), path
        one = {name: answer.headers.get_all(name) for name in SECURITY_HEADERS}
        assert one["X-Frame-Options"] == ["SAMEORIGIN"], path
        assert one["X-Content-Type-Options"] == ["nosniff"], path
        assert one["Referrer-Policy"] == ["same-origin"], path
        (policy,) = one["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["frame-ancestors"] == "'self'", path
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert "'unsafe-eval'" not in directives["script-src"]
        assert "'unsafe-inline'" not in directives["script-src"]


def test_the_policy_allows_the_inline_script_streamlit_serves(proxy):
    answer = request(proxy.url, "GET", "/", client="127.0.0.2")
    policy = answer.headers["Content-Security-Policy"]
    for script in re.findall(r"<script>(.*?)</script>", answer.body.decode(), re.S):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy, f"script-src needs 'sha256-{digest}' for {script.strip()!r}"


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/timeline/_stcore/metrics", "/_stcore/%6Detrics"])
def test_the_metrics_are_closed(proxy, path):
    assert request(proxy.instances[0], "GET", path, client="127.0.0.1").status == 200  # the app serves them
    assert request(proxy.url, "GET", path, client="127.0.0.2").status == 404


# Limits.


def test_a_file_at_the_upload_limit_reaches_the_app(proxy):
    # The app itself refuses this request (no XSRF token): what matters is that nginx let it by.
    assert upload(proxy, client="127.0.0.3", size=UPLOAD_LIMIT_MB * MB) == 403


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_file_over_the_upload_limit_is_refused_with_413(proxy, chunked):
    client = "127.0.0.5" if chunked else "127.0.0.4"
    assert upload(proxy, client=client, size=(UPLOAD_LIMIT_MB + 1) * MB, chunked=chunked) == 413
    assert all(line.instance == "" for line in proxy.log() if line.client == client)  # never reached the app


def test_a_burst_of_uploads_from_one_address_is_limited_with_429(proxy):
    started = time.monotonic()
    statuses = [upload(proxy, client="127.0.0.6", size=100) for _ in range(16)]
    assert time.monotonic() - started < 8  # within the 10 s in which one more is allowed
    # A spreadsheet and 11 photos reach the app (which wants an XSRF token), then none
    assert statuses == [403] * 12 + [429] * 4
    assert upload(proxy, client="127.0.0.7", size=100) == 403  # another address is not held back


def test_open_websockets_per_address_are_limited_with_429(proxy):
    opened = []
    try:
        for _ in range(10):
            connection, status = websocket_handshake(proxy, "127.0.0.8")
            opened.append(connection)
            assert status == 101
        connection, status = websocket_handshake(proxy, "127.0.0.8")
        opened.append(connection)
        assert status == 429
        connection, status = websocket_handshake(proxy, "127.0.0.9")
        opened.append(connection)
        assert status == 101
    finally:
        for connection in opened:
            connection.close()
    assert 'limiting connections by zone "clfj_stream_addr", client: 127.0.0.8' in proxy.errors()


def test_a_visitor_keeps_one_route_and_visitors_spread_over_the_instances(proxy):
    first = request(proxy.url, "GET", "/", client="127.0.0.10")
    cookie = first.headers["Set-Cookie"]
    assert re.fullmatch(r"clfj_route=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", cookie)
    route = cookie.split(";")[0]
    again = request(proxy.url, "GET", "/", client="127.0.0.10", headers={"Cookie": route})
    assert again.headers.get("Set-Cookie") is None

    seen: set[str] = set()
    for visitor in range(64):  # two instances: each new visitor has even odds of either
        cookie = {"Cookie": f"clfj_route=visitor-{visitor}"}
        request(proxy.url, "GET", "/_stcore/health", client="127.0.0.11", headers=cookie)
        seen = {line.instance for line in proxy.log() if line.client == "127.0.0.11"}
        if len(seen) == 2:
            break
    assert seen == {url.removeprefix("http://") for url in proxy.instances}


# In the browser.

POLICY_NAMED = "Content Security Policy"  # in the console's line for anything the policy refused
WATCH_POLICY = """document.addEventListener('securitypolicyviolation', event => window.reportViolation(
    `${location.pathname}: ${event.violatedDirective} refused ${event.blockedURI || 'inline'}`));"""


@pytest.fixture
def watched(browser):
    """A page whose every frame reports what the Content-Security-Policy refused, and the reports."""
    with fresh_page(browser, 1400, 1200) as page:
        refused: list[str] = []
        page.context.expose_function("reportViolation", lambda report: refused.append(report))
        page.context.add_init_script(WATCH_POLICY)
        page.on("console", lambda message: POLICY_NAMED in message.text and refused.append(message.text))
        yield page, refused


def open_page(page, name: str) -> None:
    after_rerun(page, page.locator("a[data-testid='stPageLink-NavLink']", has_text=name).first.click)
    assert page.locator("[data-testid='stException']").count() == 0, name


def test_every_page_works_through_nginx_with_nothing_refused(proxy, watched):
    page, refused = watched
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket))
    page.goto(proxy.url)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == "Child Labour Free Jaipur: Results"

    open_page(page, "Timeline")  # the app's own link: the same session, over the same websocket
    assert page.locator("h1").first.inner_text().strip() == "Timeline"
    assert chart(page, "timeline_chart").locator(".main-svg").count() >= 1  # drawn, with its plotly.js
    for name in ("Breakdown", "Milestones", "Data", "Story"):  # the story hides the sidebar: last
        open_page(page, name)

    assert [socket.url for socket in sockets] == [f"ws://127.0.0.1:{proxy.port}/_stcore/stream"]
    assert not sockets[0].is_closed()
    assert refused == []


def test_staff_upload_reaches_the_instance_that_holds_the_session(proxy, watched):
    page, refused = watched
    page.goto(f"{proxy.url}/data")
    wait_for_app(page)
    staff_sign_in(page, PASSWORD)
    staff_upload(page, "milestones.csv", SHIPPED_CSV)
    # Checked by the instance that holds the session: the upload went where the websocket went.
    assert page.get_by_text(re.compile(r"^milestones\.csv: \d+ milestones, no problems\.")).count() == 1
    (route,) = [cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "clfj_route"]
    page.context.close()  # the websocket's line is logged when it closes

    wait_until(
        lambda: [ln for ln in proxy.log() if ln.route == route and ln.path == "/_stcore/stream"],
        5,
        "the websocket's line never reached the access log",
    )
    visit = [line for line in proxy.log() if line.route == route]
    assert {(line.method, line.status) for line in visit if "/upload_file/" in line.path} == {("PUT", 204)}
    assert len({line.instance for line in visit}) == 1
    assert refused == []


@contextlib.contextmanager
def framing_site(target: str):
    """Another site (another port of 127.0.0.1) whose page frames ``target``: its URL."""
    page = f'<iframe src="{target}" width="800" height="600"></iframe>'.encode()

    class Framer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Framer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def framed(page, target: str) -> str:
    """Where the frame of another site's page pointing at ``target`` ends up."""
    with framing_site(target) as framer:
        with page.expect_event("framenavigated", lambda frame: frame.parent_frame is not None) as navigated:
            page.goto(framer)
        return navigated.value.url


def test_another_site_cannot_frame_the_sign_in_page(proxy, watched):
    page, refused = watched
    app_alone = f"{proxy.instances[0]}/data"
    assert framed(page, app_alone) == app_alone  # Streamlit itself lets any site frame it
    assert framed(page, f"{proxy.url}/data") == "chrome-error://chromewebdata/"
    assert any("frame-ancestors 'self'" in message for message in refused)


# Two instances on one PostgreSQL database.

EDITED_CSV = SHIPPED_CSV.replace(b"Mar 2022,Bihar child", b"Apr 2022,Bihar child")


@pytest.fixture
def shared_proxy(postgres_url):
    """Two app instances sharing one PostgreSQL database, behind one nginx."""
    env = {"CLFJ_DATABASE_URL": postgres_url, "CLFJ_STAFF_PASSWORD": PASSWORD}
    with (
        app_server(env=env) as first,
        app_server(env=env) as second,
        running_nginx([first, second], NGINX) as proxy,
    ):
        yield proxy


def instance_of(proxy: Proxy, page) -> str:
    """The instance nginx sends the visitor of ``page`` to, by the route cookie it was given."""
    (route,) = [cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "clfj_route"]
    (instance,) = {line.instance for line in proxy.log() if line.route == route}
    return instance


def route_to(proxy: Proxy, instance: str) -> str:
    """A route cookie's value that nginx sends to ``instance``."""
    for visitor in range(64):  # each value has even odds of either instance
        route = f"viewer-{visitor}"
        cookie = {"Cookie": f"clfj_route={route}"}
        request(proxy.url, "GET", "/_stcore/health", client="127.0.0.12", headers=cookie)
        if {line.instance for line in proxy.log() if line.route == route} == {instance}:
            return route
    raise AssertionError(f"no route to {instance} in 64 tries")


def test_a_publish_on_one_instance_reaches_an_open_page_on_the_other_at_its_next_rerun(shared_proxy, browser):
    proxy = shared_proxy
    with fresh_page(browser, 1400, 1400) as staff, fresh_page(browser, 1400, 1200) as viewer:
        staff.goto(f"{proxy.url}/data")
        wait_for_app(staff)
        staff_instance = instance_of(proxy, staff)
        (other,) = {url.removeprefix("http://") for url in proxy.instances} - {staff_instance}
        viewer.context.add_cookies(
            [{"name": "clfj_route", "value": route_to(proxy, other), "url": proxy.url}]
        )
        sockets = []
        viewer.on("websocket", lambda socket: sockets.append(socket))
        viewer.goto(f"{proxy.url}/timeline?milestone=bihar-cpc-dashboard")
        wait_for_app(viewer)
        assert instance_of(proxy, viewer) == other
        assert viewer.get_by_text("Data from the programme's public results page (version 1).").count() == 1
        dialog = viewer.locator("[role=dialog]")
        dialog.get_by_text(re.compile(r"^Mar 2022 · ")).wait_for()

        staff_sign_in(staff, PASSWORD, name="Asha on the other instance")
        staff_upload(staff, "edited.csv", EDITED_CSV)
        staff_publish(staff, "April, not March")
        assert staff.get_by_text("Published version 2").count() == 1

        # The viewer's next reruns, in the session it has had open all along: back a milestone,
        # then forward to it again (in version 2's order, where it is the latest).
        def step(name: str) -> str:
            before = viewer.url
            dialog.get_by_role("button", name=name).click()
            viewer.wait_for_function("before => location.href !== before", arg=before)
            wait_for_app(viewer)
            return viewer.url

        step("Previous")
        banner = viewer.get_by_text("Data last updated").inner_text()  # when, and not who, for a visitor
        assert banner.endswith("(version 2).") and "Asha" not in banner
        for _ in range(3):
            if "milestone=bihar-cpc-dashboard" in step("Next"):
                break
        dialog.get_by_text(re.compile(r"^Apr 2022 · ")).wait_for()
        assert [socket.url for socket in sockets] == [f"ws://127.0.0.1:{proxy.port}/_stcore/stream"]
        assert not sockets[0].is_closed()


# Slow clients.

HALF_OPEN = 300  # connections from one address that send their request's head a line at a time


def slow_client(
    proxy: Proxy, stop: threading.Event, client: str, deadline: float, opened: threading.Event
) -> None:
    """Keep HALF_OPEN connections from ``client`` each sending one header line a second and
    never the blank line that ends the head; open a new one for each nginx closes. ``opened`` is
    set once the first HALF_OPEN are open (or nginx refused the rest)."""
    held: list[socket.socket] = []
    try:
        while not stop.is_set() and time.monotonic() < deadline:
            while len(held) < HALF_OPEN and time.monotonic() < deadline:
                try:
                    connection = socket.create_connection(
                        ("127.0.0.1", proxy.port), timeout=1, source_address=(client, 0)
                    )
                    connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                except OSError:
                    break
                held.append(connection)
            opened.set()
            for connection in list(held):
                try:
                    connection.sendall(b"X-Slow: 1\r\n")
                except OSError:  # closed by nginx: the header took too long
                    held.remove(connection)
                    connection.close()
            stop.wait(1)
    finally:
        for connection in held:
            connection.close()


def test_a_request_head_that_never_ends_is_closed_within_seconds(proxy):
    connection = socket.create_connection(
        ("127.0.0.1", proxy.port), timeout=1, source_address=("127.0.0.62", 0)
    )
    started = time.monotonic()
    try:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while time.monotonic() - started < 30:
            try:
                connection.sendall(b"X-Slow: 1\r\n")
                if connection.recv(4096) == b"":
                    break
            except TimeoutError:
                continue
            except OSError:
                break
    finally:
        connection.close()
    assert time.monotonic() - started <= 8


def test_one_address_holding_hundreds_of_half_open_connections_leaves_other_visitors_served(proxy):
    stop, opened = threading.Event(), threading.Event()
    flood = threading.Thread(
        target=slow_client, args=(proxy, stop, "127.0.0.60", time.monotonic() + 60, opened)
    )
    flood.start()
    answered = []
    try:
        assert opened.wait(30), "the half-open connections were not opened within 30 s"
        for _ in range(16):
            try:
                answered.append(request(proxy.url, "GET", "/_stcore/health", client="127.0.0.61").status)
            except OSError as error:
                answered.append(repr(error))
            time.sleep(1)  # the pace is the test: visitors are served all through the flood's 16 s
    finally:
        stop.set()
        flood.join()
    print(f"\nanswers to 16 requests beside {HALF_OPEN} half-open connections: {answered}")
    assert answered.count(200) >= 15


# The XSRF cookie over HTTPS.


def xsrf_cookie(answer: Answer) -> str:
    (cookie,) = [c for c in answer.headers.get_all("Set-Cookie") or [] if c.startswith("_streamlit_xsrf=")]
    return cookie


def test_the_xsrf_cookie_is_secure_over_https_and_still_set_over_http(proxy, tmp_path):
    # Streamlit sets it with its health answer, which the page asks for first.
    assert (
        "secure" not in xsrf_cookie(request(proxy.url, "GET", "/_stcore/health", client="127.0.0.2")).lower()
    )
    key, certificate = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    ports = [int(url.rsplit(":", 1)[1]) for url in proxy.instances]
    site = render_site(port, ports, tmp_path / "edition").replace(
        f"listen 127.0.0.1:{port};",
        f"listen 127.0.0.1:{port} ssl; ssl_certificate {certificate}; ssl_certificate_key {key};",
    )
    (tmp_path / "clfj.conf").write_text(site)
    modules = "\n".join(f"load_module {path};" for path in BROTLI_MODULES)
    (tmp_path / "nginx.conf").write_text(MAIN_CONF.format(dir=tmp_path, modules=modules))
    if len(BROTLI_MODULES) == 2:  # the filter and brotli_static's module
        shutil.copy(BROTLI_SITE, tmp_path / BROTLI_SITE.name)
    tmp_path.chmod(0o755)
    command = [
        NGINX,
        "-p",
        str(tmp_path),
        "-e",
        str(tmp_path / "error.log"),
        "-c",
        str(tmp_path / "nginx.conf"),
    ]
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    try:
        context = ssl._create_unverified_context()

        def health() -> Answer | None:
            try:
                connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
                connection.request("GET", "/_stcore/health")
                response = connection.getresponse()
                return Answer(response.status, response.msg, response.read())
            except OSError:  # nginx not listening yet
                return None

        answer = wait_until(health, 30, "nginx did not answer over HTTPS")
        assert "; secure" in xsrf_cookie(answer).lower()
    finally:
        stop(process)


# The public edition, served by nginx itself at /results/.


@pytest.fixture(scope="module")
def edition(proxy, tmp_path_factory):
    """The shipped data's edition, written where the proxy serves it; its files by path."""
    from clfj_data import store
    from clfj_data.site import write_edition

    engine = store.connect(f"sqlite:///{tmp_path_factory.mktemp('edition') / 'clfj.sqlite3'}")
    store.ensure_ready(engine)
    write_edition(engine, proxy.edition, timeline="script")  # with plotly.js: the largest file to compress
    engine.dispose()
    return {
        path.relative_to(proxy.edition).as_posix(): path.read_bytes()
        for path in proxy.edition.rglob("*")
        if path.is_file()  # the Hindi edition is a folder of its own, hi/
    }


def test_the_edition_is_served_compressed_with_its_assets_cached_for_good(proxy, edition):
    assert request(proxy.url, "GET", "/results", client="127.0.0.13").headers["Location"] == "/results/"
    encodings = ["gzip"] + (["br"] if any("filter" in path.name for path in BROTLI_MODULES) else [])
    script = next(name for name in edition if name.startswith("plotly-charts."))
    for encoding in encodings:
        page = request(
            proxy.url, "GET", "/results/", client="127.0.0.13", headers={"Accept-Encoding": encoding}
        )
        assert page.status == 200 and page.headers["Content-Encoding"] == encoding
        assert page.headers["Cache-Control"] == "no-cache"
        assert page.headers["X-Content-Type-Options"] == "nosniff"  # the site's headers apply here too
        asset = request(proxy.url, "GET", f"/results/{script}", client="127.0.0.13",
                        headers={"Accept-Encoding": encoding})  # fmt: skip
        assert asset.headers["Content-Encoding"] == encoding
        assert asset.headers["Content-Type"] == "application/javascript"  # else a browser will not run it
        assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert len(asset.body) < len(edition[script]) / 2
    plain = request(proxy.url, "GET", "/results/", client="127.0.0.13")
    assert plain.body == edition["index.html"]
    robots = request(proxy.url, "GET", "/robots.txt", client="127.0.0.13")
    assert robots.status == 200 and robots.body.startswith(b"User-agent: *\n")
    missing = request(proxy.url, "GET", "/results/preview.000000000000.png", client="127.0.0.13")
    assert missing.status == 404 and missing.headers.get("Cache-Control") is None


def test_streamlits_own_scripts_come_compressed_and_immutable_through_nginx(proxy):
    for path in static_assets(proxy):
        answer = request(proxy.url, "GET", path, client="127.0.0.14", headers={"Accept-Encoding": "gzip, br"})
        assert answer.headers["Content-Encoding"] in ("gzip", "br"), path
        assert answer.headers.get_all("Cache-Control") == ["public, immutable, max-age=31536000"], path


def logged(proxy: Proxy, path: str):
    """The access log's last line for ``path`` (nginx writes it just after the answer's last byte)."""
    lines = wait_until(
        lambda: [line for line in proxy.log() if line.path == path], 5, f"nginx logged no request for {path}"
    )
    return lines[-1]


def test_static_files_compressed_beforehand_are_served_by_nginx_itself(proxy, tmp_path):
    """deploy/static_files.py's copy: nginx answers with a file's brotli or gzip form made at the
    highest level, without asking the app, with the same headers; a file not in the copy still
    comes from the app."""
    from deploy.static_files import copy_compressed, streamlit_static

    path = static_assets(proxy)[0]  # /static/js/index.<hash>.js
    source = tmp_path / "js"
    source.mkdir()
    shutil.copy2(streamlit_static() / path.removeprefix("/static/"), source)
    copied = proxy.static / "static" / "js"
    copy_compressed(source, copied)
    try:
        encodings = {"gzip": ".gz"} | ({"br": ".br"} if len(BROTLI_MODULES) == 2 else {})
        for encoding, suffix in encodings.items():
            answer = request(proxy.url, "GET", path, client="127.0.0.15",
                             headers={"Accept-Encoding": encoding})  # fmt: skip
            assert answer.status == 200 and answer.headers["Content-Encoding"] == encoding
            assert answer.body == (copied / (path.rsplit("/", 1)[1] + suffix)).read_bytes()
            assert answer.headers.get_all("Cache-Control") == ["public, immutable, max-age=31536000"]
            assert answer.headers["Content-Security-Policy"] and answer.headers["X-Content-Type-Options"]
        assert logged(proxy, path).instance == ""  # nginx's own answer: the app was not asked
        plotly = request(proxy.url, "GET", "/app/static/plotly-charts.min.js", client="127.0.0.15",
                         headers={"Accept-Encoding": "gzip"})  # fmt: skip
        assert plotly.status == 200 and plotly.headers["Content-Encoding"] == "gzip"
        assert logged(proxy, "/app/static/plotly-charts.min.js").instance  # the app's, through nginx
    finally:
        shutil.rmtree(proxy.static / "static")


def test_the_edition_draws_its_wide_timeline_and_a_phone_loads_only_the_page(proxy, edition, watched):
    page, refused = watched  # 1400 pixels wide
    fetched: list[str] = []
    page.on("request", lambda sent: fetched.append(sent.url.removeprefix(proxy.url)))
    page.goto(f"{proxy.url}/results/")
    page.locator("#timeline-chart .main-svg").first.wait_for()
    assert page.locator("article").count() == 10 and not page.locator("ol.steps").is_visible()
    assert any(url.startswith("/results/plotly-charts.") for url in fetched)
    assert refused == []

    fetched.clear()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{proxy.url}/results/")
    page.wait_for_load_state("networkidle")
    assert page.locator("ol.steps").is_visible() and not page.locator("#timeline-chart").is_visible()
    # The page and its 1 KB script, which finds the screen narrow: no plotly.js, no figure.
    assert fetched[0] == "/results/" and [url.split(".")[0] for url in fetched[1:]] == ["/results/edition"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
