"""Files PUT to Streamlit's upload path for a session whose page shows no uploader (a visitor's)
are not kept in the server's memory; staff's uploads are (tests/test_browser_data.py)."""

import contextlib
import http.client
from pathlib import Path

import pytest
import wsclient
from appserver import app_process, wait_until

from clfj_ui import upload_gate

pytestmark = pytest.mark.browser

MB = 2**20
FILES, SIZE = 10, 19 * MB  # each under the 20 MB limit
KEPT_AT_MOST = 0.25 * FILES * SIZE / MB  # MB: far less than the files' bytes


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def put(port: int, session_id: str, file_id: str, size: int) -> int:
    """A file PUT as a browser sends it, with the XSRF cookie and header Streamlit asks for."""
    health = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    health.request("GET", "/_stcore/health")
    answer = health.getresponse()
    answer.read()
    cookie = next(c for c in answer.headers.get_all("Set-Cookie") if c.startswith("_streamlit_xsrf="))
    token = cookie.split(";", 1)[0].split("=", 1)[1]
    boundary = "clfj-upload-boundary"
    part = 'Content-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv'
    head = f"--{boundary}\r\n{part}\r\n\r\n"
    body = head.encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "X-Xsrftoken": token,
        "Cookie": f"_streamlit_xsrf={token}",
    }
    connection.request("PUT", f"/_stcore/upload_file/{session_id}/{file_id}", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


def test_a_visitors_session_keeps_no_uploaded_file(tmp_path):
    async def flood(url: str, pid: int):
        async with wsclient.connect(url, timeout=60) as visitor:
            await visitor.run(page="")
            before = rss_mb(pid)
            port = int(url.rsplit(":", 1)[1])
            statuses = [put(port, visitor.session_id, f"file-{i}", SIZE) for i in range(FILES)]
            # Kept files would hold their bytes for good: the memory must fall back, not stay up.
            with contextlib.suppress(TimeoutError):
                wait_until(lambda: rss_mb(pid) - before < KEPT_AT_MOST, 10, "the memory did not fall back")
            return statuses, before, rss_mb(pid)

    env = {"CLFJ_DATABASE_URL": f"sqlite:///{tmp_path / 'clfj.sqlite3'}"}
    with app_process(env=env) as app:
        statuses, before, after = wsclient.run(flood(app.url, app.process.pid))
    print(
        f"\n{FILES} files of {SIZE // MB} MB PUT into a visitor's session: {before:.0f} MB -> {after:.0f} MB"
    )
    assert statuses == [204] * FILES  # accepted by Streamlit, and dropped by the app
    assert after - before < KEPT_AT_MOST


def test_the_gate_wraps_streamlits_upload_manager():
    """The private API the gate relies on: an upgrade that changes it fails here, plainly."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.runtime import Runtime

    assert callable(MemoryUploadedFileManager.add_file)
    assert isinstance(Runtime.__dict__["uploaded_file_mgr"], property)
    assert callable(upload_gate.install)
