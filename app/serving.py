"""How the app is served over HTTP: gunicorn's settings for `make run`, and the in-process server of
the pytest plugin. What either server answers by itself, before the app sees the request (a request
line or headers too long, too many headers, a line that is not HTTP), is JSON in Open Loyalty's
envelope, like every answer of the app.

gunicorn reads this module as its configuration:
`gunicorn --config python:openloyalty_standin.app.serving --bind 127.0.0.1:8181 wsgi:app`.
"""
import json
import os
import subprocess
import sys
import time
from http import HTTPStatus
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

from gunicorn.http import errors as http_errors
from gunicorn.workers.sync import SyncWorker
from werkzeug.serving import WSGIRequestHandler

# gunicorn's settings ------------------------------------------------------------------------------
# A request line of any length up to gunicorn's own ceiling (1 MB) reaches the app: long filter queries.
limit_request_line = 0
limit_request_fields = 100
limit_request_field_size = 8190
worker_class = "openloyalty_standin.app.serving.JsonErrorWorker"
# No control socket: several servers on one machine would share ~/.gunicorn/gunicorn.ctl.
control_socket_disable = True
# The app is made once, in the arbiter: a setting it cannot start with stops the server at once,
# with its one line, instead of failing in every worker it would start again and again.
preload_app = True
HEALTH_WAIT = 60  # seconds the banner waits for /health

# What gunicorn raises for a request it cannot read, and the status it means.
CLIENT_ERRORS = (
    (http_errors.LimitRequestLine, HTTPStatus.REQUEST_URI_TOO_LONG),
    (http_errors.LimitRequestHeaders, HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
    (http_errors.ExpectationFailed, HTTPStatus.EXPECTATION_FAILED),
    (http_errors.UnsupportedTransferCoding, HTTPStatus.NOT_IMPLEMENTED),
    (http_errors.ForbiddenProxyRequest, HTTPStatus.FORBIDDEN),
    (http_errors.ParseException, HTTPStatus.BAD_REQUEST),
)
HINTS = {
    HTTPStatus.REQUEST_URI_TOO_LONG: "The request line (method, path and query) is longer than the server takes.",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: (
        f"The server takes at most {limit_request_fields} header fields "
        f"of up to {limit_request_field_size} bytes each."
    ),
}


def error_answer(status, hint=None):
    """The bytes of a JSON error answer for `status`, the connection closed after it."""
    status = HTTPStatus(status)
    body = {"error": {"code": status.value, "message": status.phrase}}
    if hint:
        body["hint"] = hint
    payload = json.dumps(body).encode()
    head = (
        f"HTTP/1.1 {status.value} {status.phrase}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\nX-Content-Type-Options: nosniff\r\n\r\n"
    )
    return head.encode("latin-1") + payload


def client_error(exc):
    """The status of a request gunicorn could not read, or None for an error of the app."""
    if isinstance(exc, (http_errors.InvalidResponseHeader, http_errors.InvalidResponseHeaderName)):
        return None  # a header the app tried to send: the app's fault
    return next((status for kind, status in CLIENT_ERRORS if isinstance(exc, kind)), None)


class JsonErrorWorker(SyncWorker):
    """gunicorn's sync worker, answering the requests it cannot read in JSON instead of HTML."""

    def handle_error(self, req, client, addr, exc):
        status = client_error(exc)
        if status is None:
            self.log.exception("Error handling request")
            status, hint = HTTPStatus.INTERNAL_SERVER_ERROR, None
        else:
            self.log.warning("Invalid request from %s: %s", (addr or ("",))[0], exc)
            hint = HINTS.get(status) or f"The request is not valid HTTP: {exc}"
        try:
            client.setblocking(True)
            client.sendall(error_answer(status, hint))
        except OSError:
            self.log.debug("Failed to send the error answer.")


def _listener_urls(server):
    urls = []
    for listener in server.LISTENERS:
        host, port = str(listener).removeprefix("http://").rsplit(":", 1)
        host = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]"}.get(host, host)
        urls.append(f"http://{host}:{port}")
    return urls


def _healthy(url):
    """None once `url`/health answers 200, else what it answers (or why it cannot be reached)."""
    try:
        with urlopen(url + "/health", timeout=2):
            return None
    except HTTPError as error:
        return f"{error.code} {error.read().decode(errors='replace')}"
    except (URLError, OSError) as error:
        return str(error)


def announce(urls, dev):
    """Wait for every `url`/health to answer 200, then say where to go; exit 1 when one never does.

    A server stopped before it answered (its arbiter gone) ends the wait at once, without a word.
    """
    arbiter = os.getppid()
    deadline = time.monotonic() + HEALTH_WAIT
    for url in urls:
        while (problem := _healthy(url)) is not None:
            if os.getppid() != arbiter:
                return 0
            if time.monotonic() > deadline:
                print(f"{url}/health does not answer 200 after {HEALTH_WAIT} s: {problem}", file=sys.stderr, flush=True)
                return 1
            time.sleep(0.1)
    pages = ", the control plane at /_dev/" if dev else ""
    for url in urls:
        print(f"Serving {url}: the API under /api/, its documentation at /api/doc/{pages}", flush=True)
    return 0


def post_fork(server, worker):
    """A worker opens database connections of its own: none the arbiter may have opened while it
    made the app is shared across the fork."""
    from openloyalty_standin.app.extensions import db

    app = worker.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)


def when_ready(server):
    """Once the port is bound, wait for /health in another process, then say where to go.

    A process, not a thread: the arbiter forks its workers right after this hook, and a thread
    caught inside an import or a lock at that moment would leave the worker's copy locked for good.
    """
    dev = "--dev" if server.app.wsgi().config.get("DEV_ENDPOINTS") else "--no-dev"
    _announcer.append(subprocess.Popen([sys.executable, "-m", __name__, dev, *_listener_urls(server)]))


def on_exit(server):
    """A server stopped before it said where to go stops saying it."""
    for process in _announcer:
        if process.poll() is None:
            process.terminate()
            process.wait()


_announcer = []


class JsonErrorRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler (the pytest plugin's live server), answering in JSON what
    http.server would answer in HTML: a request line over 64 KB, too many headers, bad HTTP."""

    def send_error(self, code, message=None, explain=None):
        self.log_error("code %d, message %s", code, message)
        self.close_connection = True
        try:
            self.wfile.write(error_answer(code, message))
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(announce(sys.argv[2:], dev=sys.argv[1] == "--dev"))
