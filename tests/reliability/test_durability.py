"""Durability of the SQLite database under gunicorn: SIGKILL mid-write, normal restarts, the seed command."""
import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import pytest
import requests

from tests.reliability.server import Api, customer_form, fan_out

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_only]  # servers over SQLite files

REGISTER = "/api/DEFAULT/admin/customer/register"
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
WRITERS = 4
ACKNOWLEDGED_PER_KILL = 60


def integrity(database):
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute("PRAGMA integrity_check").fetchall()


def detail_status(api, token, customer):
    return api.request("GET", f"/api/DEFAULT/customer/{customer}", token).status_code


def register(api, token):
    response = api.request("POST", REGISTER, token, data=customer_form(f"kept-{uuid.uuid4().hex}@example.com"))
    assert response.status_code == 200, response.text
    return response.json()["customerId"]


class Writers:
    """Threads registering customers until the server dies, keeping every acknowledged customerId."""

    def __init__(self, api, token, target):
        self.api, self.token, self.target = api, token, target
        self.acknowledged, self.unexpected = [], []
        self.reached, self.killed = threading.Event(), threading.Event()
        self._lock = threading.Lock()

    def write(self, _):
        while True:
            form = customer_form(f"durable-{uuid.uuid4().hex}@example.com")
            try:
                response = self.api.request("POST", REGISTER, self.token, data=form)
            except requests.RequestException as error:
                if not self.killed.is_set():
                    self.unexpected.append(f"before the kill: {error!r}")
                return
            with self._lock:
                if response.status_code == 200:
                    self.acknowledged.append(response.json()["customerId"])
                    if len(self.acknowledged) >= self.target:
                        self.reached.set()
                else:
                    self.unexpected.append(f"{response.status_code} {response.text[:300]}")


def kill_while_writing(server, writers, timeout=120):
    """Wait for the target of acknowledged writes, then SIGKILL the server group with writes in flight."""
    try:
        writers.reached.wait(timeout)
        deadline = time.monotonic() + 10
        while writers.api.in_flight == 0 and time.monotonic() < deadline:
            time.sleep(0.001)
        in_flight = writers.api.in_flight
    finally:
        writers.killed.set()
        server.kill()
    return in_flight


def test_acknowledged_writes_survive_sigkill_of_the_whole_server(server, scale):
    api = Api(server.start())
    acknowledged, in_flight, lost = [], [], []
    for _ in range(scale):
        writers = Writers(api, api.admin_token(), ACKNOWLEDGED_PER_KILL)
        with ThreadPoolExecutor(WRITERS) as pool:
            running = [pool.submit(writers.write, index) for index in range(WRITERS)]
            in_flight.append(kill_while_writing(server, writers))
        for future in running:
            future.result()
        assert writers.unexpected == []
        assert len(writers.acknowledged) >= ACKNOWLEDGED_PER_KILL
        acknowledged += writers.acknowledged

        server.start()
        assert integrity(server.database) == [("ok",)]
        token = api.admin_token()
        statuses = fan_out(acknowledged, lambda customer: detail_status(api, token, customer))
        lost = [customer for customer, status in zip(acknowledged, statuses) if status != 200]
        if lost:
            break
    api.report(
        "SIGKILL during writes",
        kills=len(in_flight),
        acknowledged=len(acknowledged),
        in_flight_at_kills=sum(in_flight),
        lost=len(lost),
    )
    assert lost == []
    assert not api.failures, api.failures


def test_database_survives_restarts_and_only_seed_reset_wipes_it(server):
    api = Api(server.start())
    customer = register(api, api.admin_token())
    server.stop()

    server.start()
    token = api.admin_token()
    assert detail_status(api, token, JOHN) == 200
    assert detail_status(api, token, customer) == 200
    server.stop()

    server.seed()
    server.start()
    assert detail_status(api, api.admin_token(), customer) == 200
    server.stop()

    server.seed(reset=True)
    server.start()
    token = api.admin_token()
    assert detail_status(api, token, customer) == 404
    assert detail_status(api, token, JOHN) == 200
    assert integrity(server.database) == [("ok",)]
    api.report("restarts and seeding", starts=server.starts)
    assert not api.failures, api.failures
