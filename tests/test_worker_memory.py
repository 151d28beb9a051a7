"""What a worker keeps between requests (stores, whether an account may log in) never outlives a
change: a change made by another worker, another process or the worker itself is seen by the
next request."""
import sqlite3

import pytest

from openloyalty_standin.app import cache
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.testing.support import fresh_app
from tests.conftest import JOHN
from tests.test_flows import customer_form

pytestmark = pytest.mark.sqlite_only  # a worker's memory, told stale by SQLite's data_version (none on PostgreSQL)


def database_path(app):
    return app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):]


@pytest.fixture
def workers(make_app):
    """Two apps over one database file, as two gunicorn workers are."""
    return make_app(), make_app()


def details(client, headers, customer=JOHN):
    return client.get(f"/api/DEFAULT/customer/{customer}", headers=headers)


def self_register_sends(client, email, phone):
    """Self-register a customer; return whom the store's activation messages went to."""
    body = {"customer": customer_form(email=email, phone=phone, plainPassword="Secret1234!")}
    assert client.post("/api/DEFAULT/customer/self_register", json=body).status_code == 200
    return {message["to"] for message in client.get("/_dev/outbox").json["messages"]}


def test_a_customer_deactivated_by_another_worker_is_refused_at_once(workers, auth):
    first, second = (app.test_client() for app in workers)
    john = auth.headers("customer")
    assert details(first, john).status_code == 200
    response = second.post(f"/api/DEFAULT/admin/customer/{JOHN}/deactivate", headers=auth.headers("admin"))
    assert response.status_code == 200
    assert details(first, john).status_code == 401
    assert first.post(f"/api/DEFAULT/admin/customer/{JOHN}/activate", headers=auth.headers("admin")).status_code == 200
    assert details(second, john).status_code == 200


def test_a_store_setting_changed_by_another_worker_holds_at_once(workers):
    first, second = (app.test_client() for app in workers)
    assert "first@example.com" in self_register_sends(first, "first@example.com", "+48600700901")
    response = second.put("/_dev/stores/DEFAULT/settings", json={"activationMethod": "sms"})
    assert response.status_code == 200
    assert "+48600700902" in self_register_sends(first, "second@example.com", "+48600700902")


def test_a_change_written_by_another_process_is_seen(app, client, auth):
    john = auth.headers("customer")
    assert details(client, john).status_code == 200
    with sqlite3.connect(database_path(app)) as connection:
        connection.execute("UPDATE customers SET active = 0 WHERE id = ?", (JOHN,))
    assert details(client, john).status_code == 401


def test_a_restored_snapshot_is_seen_by_every_worker(workers, auth):
    first, second = (app.test_client() for app in workers)
    john = auth.headers("customer")
    assert first.post("/_dev/snapshots/before").status_code == 201
    assert details(second, john).status_code == 200
    deactivated = first.post(f"/api/DEFAULT/admin/customer/{JOHN}/deactivate", headers=auth.headers("admin"))
    assert deactivated.status_code == 200
    assert details(second, john).status_code == 401
    assert first.post("/_dev/snapshots/before/restore").status_code == 200
    assert details(second, john).status_code == 200


def test_an_unknown_store_stays_unknown_and_does_not_grow_the_memory(client, auth):
    admin = auth.headers("admin")
    for number in range(cache.MAX_VALUES + 10):
        assert client.get(f"/api/STORE{number}/customer/{JOHN}", headers=admin).status_code == 404
    assert details(client, admin).status_code == 200
    with client.application.test_request_context():
        assert len(cache.request_values()) <= cache.MAX_VALUES


def test_a_request_keeps_nothing_once_its_session_has_read(app):
    """Values loaded after the session read may be older than the version they would be kept under."""
    with app.test_request_context():
        db.session.execute(db.select(1))
        assert cache.remembered("key", lambda: "loaded") == "loaded"
        assert cache.request_values() is None


def test_apps_that_come_and_go_keep_few_connections_open(tmp_path, ol_template, auth):
    for number in range(10):
        other = fresh_app(ol_template, str(tmp_path / f"instance-{number}"))
        assert details(other.test_client(), auth.headers("admin")).status_code == 200
        with other.app_context():
            db.engine.dispose()
    assert len(cache._memories) <= cache._memories.kept
