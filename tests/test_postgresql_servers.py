"""A shared team instance: gunicorn servers with several workers on one PostgreSQL database.
These run in the PostgreSQL pass of `make test` (OL_TEST_POSTGRESQL names the server)."""
import os
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.reliability.server import ROOT, Api, Server

SERVER = os.environ.get("OL_TEST_POSTGRESQL")
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
pytestmark = pytest.mark.skipif(SERVER is None, reason="runs in the PostgreSQL pass of make test (OL_TEST_POSTGRESQL)")


@pytest.fixture
def database():
    """A new, empty database on the test server, dropped afterwards."""
    name = f"ol_servers_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(make_url(SERVER).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def servers(tmp_path, database):
    """Start servers on `database`, each with an instance folder of its own; all stopped afterwards."""
    started = []

    def start(workers=4):
        server = Server(tmp_path / f"server-{len(started) + 1}", workers=workers, database_url=database)
        if not started:
            server.seed()
        started.append(server.start())
        return server

    yield start
    for server in started:
        server.stop()


def parallel(count, call):
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def test_fifty_concurrent_token_adds_to_one_customer_are_all_kept(servers):
    api = Api(servers(workers=4))
    token = api.admin_token()
    path = f"/api/DEFAULT/customer/{JOHN}/pushy-token"
    answers = parallel(50, lambda number: api.request("POST", path, token,
                                                      json={"customer": {"pushyToken": f"device-{number}"}}))
    assert [answer.status_code for answer in answers] == [204] * 50, api.failures
    kept = api.request("GET", path, token).json()["tokens"]
    assert {f"device-{number}" for number in range(50)} <= set(kept)
    assert len(kept) == len(set(kept)) == 50


def test_fifty_concurrent_registrations_of_one_email_make_one_customer(servers):
    api = Api(servers(workers=4))
    token = api.admin_token()
    form = {"customer": {"firstName": "Race", "lastName": "Same", "email": "race@example.com", "agreement1": True}}
    answers = parallel(50, lambda _: api.request("POST", "/api/DEFAULT/customer/register", token, json=form))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [400] * 49, api.failures
    refused = [answer.json() for answer in answers if answer.status_code == 400]
    assert all(body["form"]["children"]["email"]["errors"] == ["Customer with such email already exists."]
               for body in refused), refused[0]
    listed = api.request("GET", "/api/DEFAULT/customer?email=race@example.com&strict=1", token).json()
    assert listed["total"] == 1


def test_two_servers_on_one_database_give_the_same_answers(servers):
    first, second = servers(workers=2), servers(workers=2)
    assert first.instance != second.instance
    one, two = Api(first), Api(second)
    token = one.admin_token()  # signed by the first, used on the second

    renamed = two.request("PUT", f"/api/DEFAULT/customer/{JOHN}", token, json={"customer": {"firstName": "Shared"}})
    assert renamed.status_code == 200, renamed.text
    assert one.request("GET", f"/api/DEFAULT/customer/{JOHN}", token).json()["firstName"] == "Shared"

    frozen = one.request("POST", "/_dev/clock/freeze", json={"at": "2021-03-04T05:06:07Z"})
    assert frozen.status_code == 200, frozen.text
    assert two.request("GET", "/_dev/clock").json()["now"].startswith("2021-03-04")
    assert two.request("DELETE", "/_dev/clock").status_code in (200, 204)  # the token was issued later
    assert one.request("GET", "/_dev/clock").json()["mode"] == "real"

    assert one.request("POST", "/_dev/snapshots/before", json={}).status_code in (200, 201)
    two.request("PUT", f"/api/DEFAULT/customer/{JOHN}", token, json={"customer": {"firstName": "Later"}})
    assert two.request("POST", "/_dev/snapshots/before/restore").status_code == 200
    assert one.request("GET", f"/api/DEFAULT/customer/{JOHN}", token).json()["firstName"] == "Shared"

    sandbox_token = requests.post(first.url + "/sandbox/team/api/admin/login_check",
                                  json={"_username": "admin", "_password": "open"}, timeout=30).json()["token"]
    seen = requests.get(f"{second.url}/sandbox/team/api/DEFAULT/customer/{JOHN}",
                        headers={"Authorization": f"Bearer {sandbox_token}"}, timeout=30)
    assert seen.status_code == 200 and seen.json()["firstName"] == "John"
    names = [entry["name"] for entry in requests.get(second.url + "/_dev/sandboxes", timeout=30).json()["sandboxes"]]
    assert names == ["team"]

    logged = two.request("GET", "/_dev/requests?path=/api/DEFAULT/customer/*").json()["requests"]
    assert any(entry["method"] == "PUT" and entry["status"] == 200 for entry in logged)  # one's, seen by two
    assert one.failures == [] and two.failures == []
    for server in (first, second):  # the servers hold nothing: everything is in the database
        assert [path for path in server.instance.rglob("*") if path.is_file()] == []


def test_a_database_that_folds_only_ascii_is_named_at_the_seed(tmp_path):
    name = f"ol_ascii_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(make_url(SERVER).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE 'C'"))
    try:
        server = Server(tmp_path, database_url=make_url(SERVER).set(database=name).render_as_string(False))
        completed = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed"], cwd=ROOT, env=server.env,
                                   capture_output=True, text=True, timeout=120)
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout.startswith("Seeded postgresql://")
        assert "folds only ASCII letters" in completed.stderr and "--locale C.UTF-8" in completed.stderr
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
