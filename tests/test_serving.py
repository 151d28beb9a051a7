"""What the HTTP servers answer by themselves, before the app sees a request, is JSON too: gunicorn
with the settings of `make run`, and the pytest plugin's live server. Long filter queries reach the
app; several servers run side by side without sharing a control socket; the banner comes once the
server answers."""
import json
import re
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.reliability.server import ROOT, Server, server_env

pytestmark = pytest.mark.sqlite_only  # gunicorn over a SQLite file

ADMIN_LOGIN = {"_username": "admin", "_password": "open"}


def raw_request(url, data, timeout=10):
    """Send raw bytes to the server of `url`; return (status, headers text, parsed JSON body)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, head.decode("latin-1"), json.loads(body)


def hostile_requests():
    return {
        "too many headers": (b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(
            b"X-Field-%d: 1\r\n" % number for number in range(150)) + b"\r\n", 431),
        "a header too long": (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n", 431),
        "a malformed header line": (b"GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400),
        "a request line that is not HTTP": (b"THIS IS NOT HTTP\r\n\r\n", 400),
    }


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("serving"), workers=2)
    try:
        server.seed()
        yield server.start()
    finally:
        server.stop()


def admin_token(url):
    return requests.post(url + "/api/admin/login_check", json=ADMIN_LOGIN, timeout=10).json()["token"]


@pytest.mark.parametrize("case", list(hostile_requests()))
def test_gunicorn_answers_what_it_cannot_read_in_json(gunicorn_server, case):
    data, expected = hostile_requests()[case]
    status, head, body = raw_request(gunicorn_server.url, data)
    assert status == expected
    assert "Content-Type: application/json" in head
    assert body["error"]["code"] == expected and body["error"]["message"]
    assert isinstance(body.get("hint"), str)


def long_filter():
    """A list query of about 16 KB: many label filters, as a segment builder sends them."""
    query = {}
    for index in range(60):
        query[f"labels[{index}][key]"] = f"segment-{index}-" + "k" * 120
        query[f"labels[{index}][value]"] = "v" * 120
    return query


def test_a_16_kb_filter_query_reaches_the_app_under_gunicorn(gunicorn_server):
    response = requests.get(f"{gunicorn_server.url}/api/DEFAULT/customer", params=long_filter(),
                            headers={"Authorization": f"Bearer {admin_token(gunicorn_server.url)}"}, timeout=30)
    assert len(response.request.url) > 16 * 1024
    assert response.status_code == 200, response.text[:300]
    assert response.json()["total"] == 0


@pytest.mark.parametrize("case", list(hostile_requests()))
def test_the_live_server_answers_what_it_cannot_read_in_json(ol_live_server, case):
    data, _ = hostile_requests()[case]
    status, head, body = raw_request(ol_live_server.url, data)
    assert "Content-Type: application/json" in head  # http.server reads a line without a colon as no header
    assert body["error"]["code"] == status if status >= 400 else body["status"] == "ok"


def test_the_live_server_answers_a_request_line_beyond_its_limit_in_json(ol_live_server):
    status, head, body = raw_request(ol_live_server.url, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 414 and body["error"] == {"code": 414, "message": "Request-URI Too Long"}


def test_a_16_kb_filter_query_reaches_the_app_on_the_live_server(ol_live_server, ol_auth):
    response = requests.get(f"{ol_live_server.url}/api/DEFAULT/customer", params=long_filter(),
                            headers=ol_auth.headers("admin"), timeout=30)
    assert len(response.request.url) > 16 * 1024
    assert response.status_code == 200 and response.json()["total"] == 0


def start_gunicorn(folder, home):
    """gunicorn as `make run` starts it, on a free port, with HOME moved to `home`."""
    instance = folder / "instance"
    env = {**server_env(instance, instance / "openloyalty.db"), "HOME": str(home)}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    log = open(folder / "gunicorn.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:openloyalty_standin.app.serving", "--workers", "1",
         "--bind", "127.0.0.1:0", "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, folder / "gunicorn.log"


def wait_for_banner(process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(r"^Serving (http://127\.0\.0\.1:\d+): the API", log.read_text(), re.M)
        if found:
            return found.group(1)
        assert process.poll() is None, log.read_text()
        time.sleep(0.05)
    pytest.fail(log.read_text())


def test_two_servers_run_side_by_side_without_a_control_socket(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    started = [start_gunicorn(tmp_path / name, home) for name in ("one", "two") if not (tmp_path / name).mkdir()]
    try:
        urls = [wait_for_banner(process, log) for process, log in started]
        for url in urls:  # the banner comes once the server answers
            assert requests.get(url + "/health", timeout=5).json()["status"] == "ok"
        assert urls[0] != urls[1]
        assert not (home / ".gunicorn").exists()
        assert all("control socket" not in log.read_text().lower() for _, log in started)
    finally:
        for process, _ in started:
            process.terminate()
            process.wait(timeout=30)
