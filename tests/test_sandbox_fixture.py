"""The plugin's `ol_sandbox`: each test gets a seeded sandbox of its own, in-process and over a
live server, with its helpers scoped to it; one app serves many such tests side by side."""
import threading
from datetime import datetime, timezone

import requests

from tests.conftest import JOHN, NEW_CUSTOMER

DETAILS = f"/api/DEFAULT/customer/{JOHN}"


def test_the_sandbox_client_and_auth_act_in_the_sandbox(ol_sandbox, ol_client, ol_auth):
    headers = ol_sandbox.auth.headers("admin")
    assert ol_sandbox.client.put(DETAILS, headers=headers, json={"customer": {"firstName": "Boxed"}}).status_code == 200
    assert ol_sandbox.client.get(DETAILS, headers=headers).json["firstName"] == "Boxed"
    assert ol_client.get(DETAILS, headers=ol_auth.headers("admin")).json["firstName"] == "John"
    assert ol_client.get(DETAILS, headers=headers).status_code == 401  # its tokens are its own


def test_the_sandbox_helpers_are_scoped_to_it(ol_sandbox, ol_clock, ol_outbox):
    ol_sandbox.clock.freeze(datetime(2019, 3, 20, 11, tzinfo=timezone.utc))
    assert ol_sandbox.client.get("/_dev/clock").json["mode"] == "frozen"
    assert ol_clock.now() != ol_sandbox.clock.now()
    admin = ol_sandbox.auth.headers("admin")
    assert ol_sandbox.client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code",
                                  headers=admin).status_code == 200
    assert ol_sandbox.outbox.latest(to="+48500100200")["kind"] == "activation_code"
    assert ol_outbox.latest(to="+48500100200") is None
    ol_sandbox.snapshots.take("mine")
    assert ol_sandbox.snapshots.names() == ["mine"]
    assert ol_sandbox.client.get("/_dev/snapshots").json["snapshots"][0]["name"] == "mine"


def test_a_live_server_serves_the_sandbox_at_its_url(ol_sandbox, ol_live_server):
    base = ol_sandbox.url(ol_live_server.url)
    assert base.endswith(ol_sandbox.prefix)
    token = requests.post(base + "/api/admin/login_check", json={"_username": "admin", "_password": "open"},
                          timeout=10).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.put(base + DETAILS, headers=headers, json={"customer": {"lastName": "Live"}},
                        timeout=10).status_code == 200
    assert ol_sandbox.client.get(DETAILS, headers=ol_sandbox.auth.headers("admin")).json["lastName"] == "Live"
    assert requests.get(ol_live_server.url + DETAILS, headers=headers, timeout=10).status_code == 401


def test_the_sandbox_is_deleted_after_its_test(ol_app, ol_client):
    from openloyalty_standin.app.testing.support import Sandbox

    sandbox = Sandbox(ol_app)
    assert ol_client.get("/_dev/sandboxes").json["total"] == 1
    sandbox.delete()
    assert ol_client.get("/_dev/sandboxes").json["total"] == 0


def test_many_sandboxes_change_the_same_customer_at_once_without_colliding(ol_app, ol_live_server):
    from openloyalty_standin.app.testing.support import Sandbox

    sandboxes = [Sandbox(ol_app) for _ in range(8)]
    failures = []

    def work(sandbox, index):
        base = sandbox.url(ol_live_server.url)
        headers = sandbox.auth.headers("admin")
        for step in range(5):
            name = f"W{index}s{step}"
            sent = requests.put(base + DETAILS, headers=headers, json={"customer": {"firstName": name}}, timeout=30)
            read = requests.get(base + DETAILS, headers=headers, timeout=30).json()["firstName"]
            if sent.status_code != 200 or read != name:
                failures.append((index, step, sent.status_code, read))

    threads = [threading.Thread(target=work, args=(sandbox, index)) for index, sandbox in enumerate(sandboxes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    for sandbox in sandboxes:
        sandbox.delete()
