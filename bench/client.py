"""A small HTTP client over one connection, timing each call; used for checks and sequential timings."""
import http.client
import json
import time
from dataclasses import dataclass

from bench.servers import BenchError

CUSTOMER_ID = "00000000-0000-474c-b092-b0dd880c07e1"
ADMIN_LOGIN = {"_username": "admin", "_password": "open"}


@dataclass
class Reply:
    """One response: status, raw body and the seconds from sending the request to reading the body."""

    status: int
    body: bytes
    seconds: float

    def json(self):
        """The body parsed as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Client:
    """Requests to 127.0.0.1:port over one connection, reopened when the server closes it."""

    def __init__(self, port, headers=None, timeout=120):
        self.port = port
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        """Close the connection."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method, path, body=None, headers=None):
        """Send one request and read the whole response."""
        headers = {**self.headers, **(headers or {})}
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        seconds = time.perf_counter() - start
        if response.will_close:
            self.close()
        return Reply(response.status, data, seconds)

    def get(self, path, headers=None):
        """GET `path`."""
        return self.request("GET", path, headers=headers)


def admin_token(port, prefix=""):
    """Log in as the seeded admin and return the JWT; under `prefix` (`/sandbox/<name>`) in that sandbox, whose
    first request makes it."""
    with Client(port) as client:
        reply = client.request("POST", prefix + "/api/admin/login_check", body=ADMIN_LOGIN)
    token = (reply.json() or {}).get("token") if reply.status == 200 else None
    if not token:
        raise BenchError(f"admin login answered {reply.status}: {reply.body[:300]!r}")
    return token
