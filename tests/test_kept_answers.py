"""A GET answered again is never older than the last write: whatever a worker keeps of an answer
(app/response_cache.py) is gone once the world's data changes, by any path, in any worker, in
another process, by a reset, a restored snapshot, an import or a sandbox made again; and a kept
answer is still refused once its token expires, served to no other caller, and logged."""
import sqlite3
import time

import pytest

from tests.conftest import JANE, JOHN
from tests.test_flows import customer_form

DETAILS = f"/api/DEFAULT/customer/{JOHN}"
LIST = "/api/DEFAULT/admin/customer?perPage=50"


@pytest.fixture
def workers(make_app):
    """Two apps over one database, as two workers of a server are."""
    return make_app().test_client(), make_app().test_client()


def first_name(client, headers, path=DETAILS):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["firstName"]


def rename(client, headers, name, customer=JOHN, prefix=""):
    response = client.put(f"{prefix}/api/DEFAULT/customer/{customer}", headers=headers,
                          json={"customer": {"firstName": name}})
    assert response.status_code == 200, response.get_data(as_text=True)


def admin_login(client, prefix=""):
    login = client.post(f"{prefix}/api/admin/login_check", json={"_username": "admin", "_password": "open"})
    assert login.status_code == 200, login.get_data(as_text=True)
    return {"Authorization": f"Bearer {login.json['token']}"}


def first_names(client, headers, path):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {row["firstName"] for row in response.json["customers"]}


def total(client, headers, path=LIST):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["total"]


def test_a_change_by_another_worker_is_read_at_once(workers, auth):
    first, second = workers
    admin = auth.headers("admin")
    for _ in range(2):
        assert first_name(first, admin) == "John"
    rename(second, admin, "Jonathan")
    assert first_name(first, admin) == "Jonathan"
    rename(first, admin, "Johnny")
    assert first_name(second, admin) == "Johnny"
    assert first_name(first, admin) == "Johnny"


def test_a_registration_by_another_worker_is_in_the_next_list(workers, auth):
    first, second = workers
    admin = auth.headers("admin")
    before = total(first, admin)
    assert total(first, admin) == before
    response = second.post("/api/DEFAULT/admin/customer/register", headers=admin,
                           json={"customer": customer_form(email="kept-list@example.com")})
    assert response.status_code == 200
    assert total(first, admin) == before + 1
    emails = [row["email"] for row in first.get(LIST, headers=admin).json["customers"]]
    assert "kept-list@example.com" in emails


def test_each_caller_gets_its_own_answer(client, auth):
    assert client.get(DETAILS, headers=auth.headers("admin")).status_code == 200
    assert client.get(DETAILS, headers=auth.headers("admin")).status_code == 200
    assert client.get(DETAILS, headers=auth.headers("customer", JANE)).status_code == 403
    assert client.get(DETAILS).status_code == 401
    assert client.get(DETAILS, headers={"Authorization": "Bearer not.a.token"}).status_code == 401


def test_a_kept_answer_is_refused_once_its_token_expires(make_app):
    client = make_app(JWT_TTL=2).test_client()
    headers = admin_login(client)
    assert client.get(DETAILS, headers=headers).status_code == 200
    assert client.get(DETAILS, headers=headers).status_code == 200
    time.sleep(2.1)
    assert client.get(DETAILS, headers=headers).status_code == 401


def test_a_list_that_depends_on_the_running_clock_is_made_again(make_app):
    """Customers updated in the last hour: John, updated an hour ago less 2 s, until those 2 s
    have passed, with no write in between."""
    earlier, now = make_app(CLOCK_OFFSET=-3600 + 2).test_client(), make_app().test_client()
    rename(earlier, admin_login(earlier), "Jonathan")
    recent = LIST + "&hoursFromLastUpdateTo=1"
    headers = admin_login(now)
    assert "Jonathan" in first_names(now, headers, recent)
    time.sleep(2.5)
    assert "Jonathan" not in first_names(now, headers, recent)


def test_a_frozen_clock_moved_is_a_change(client, auth):
    admin = auth.headers("admin")
    assert client.post("/_dev/clock/freeze", json={}).status_code == 200
    rename(client, admin, "Jonathan")
    recent = LIST + "&hoursFromLastUpdateTo=1"
    for _ in range(2):
        assert "Jonathan" in first_names(client, admin, recent)
    assert client.post("/_dev/clock/advance", json={"seconds": 7200}).status_code == 200
    assert "Jonathan" not in first_names(client, admin, recent)


def test_a_fault_set_after_an_answer_was_kept_still_fails_the_request(client, auth):
    admin = auth.headers("admin")
    for _ in range(2):
        assert client.get(DETAILS, headers=admin).status_code == 200
    assert client.post("/_dev/faults", json={"path": "/api/DEFAULT/customer/*", "status": 503}).status_code == 201
    assert client.get(DETAILS, headers=admin).status_code == 503
    assert client.delete("/_dev/faults").status_code == 204
    assert client.get(DETAILS, headers=admin).status_code == 200


def test_a_fault_that_fails_some_requests_keeps_failing_some(client, auth):
    admin = auth.headers("admin")
    fault = {"path": "/api/DEFAULT/customer/*", "status": 503, "rate": 0.5, "seed": 7}
    assert client.post("/_dev/faults", json=fault).status_code == 201
    statuses = [client.get(DETAILS, headers=admin).status_code for _ in range(30)]
    assert set(statuses) == {200, 503}
    assert statuses.index(200) < len(statuses) - statuses[::-1].index(503) - 1  # a 503 after a 200


def test_a_reset_a_snapshot_and_an_import_are_read_at_once(workers, auth):
    first, second = workers
    admin = auth.headers("admin")
    assert second.post("/_dev/snapshots/kept").status_code == 201
    rename(second, admin, "Jonathan")
    assert first_name(first, admin) == "Jonathan"
    assert second.post("/_dev/reset").status_code == 204
    assert first_name(first, admin) == "John"
    rename(first, admin, "Johnny")
    assert first_name(first, admin) == "Johnny"
    exported = second.get("/_dev/export").json
    assert second.post("/_dev/snapshots/kept/restore").status_code == 200
    assert first_name(first, admin) == "John"
    assert second.put("/_dev/import", json=exported).status_code == 200
    assert first_name(first, admin) == "Johnny"


def test_a_sandbox_made_again_by_another_worker_is_read_at_once(workers):
    first, second = workers
    prefix = "/sandbox/kept-answers"

    headers = admin_login(first, prefix)
    rename(first, headers, "Jonathan", prefix=prefix)
    for _ in range(2):
        assert first_name(first, headers, prefix + DETAILS) == "Jonathan"
    assert second.delete("/_dev/sandboxes/kept-answers").status_code == 204
    assert second.get(f"{prefix}/health").status_code == 200  # made again, from the seed
    assert first.get(prefix + DETAILS, headers=headers).status_code == 200
    assert first_name(first, headers, prefix + DETAILS) == "John"


def test_an_answer_served_again_is_logged_as_the_first(client, auth):
    admin = auth.headers("admin")
    client.delete("/_dev/requests")
    first, again = (client.get(DETAILS + "?_locale=en", headers=admin) for _ in range(2))
    logged = client.get("/_dev/requests", query_string={"path": DETAILS}).json["requests"]
    assert [entry["status"] for entry in logged] == [200, 200]
    newest, oldest = logged
    assert again.get_data() == first.get_data()
    for field in ("method", "path", "query", "caller", "requestType", "responseType", "responseBody"):
        assert newest.get(field) == oldest.get(field), field
    assert newest["caller"].startswith("admin ")


@pytest.mark.sqlite_only  # writes the database file with sqlite3
def test_a_change_written_by_another_process_is_read_at_once(app, client, auth):
    admin = auth.headers("admin")
    for _ in range(2):
        assert first_name(client, admin) == "John"
    path = app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):]
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE customers SET first_name = 'Jon' WHERE id = ?", (JOHN,))
    assert first_name(client, admin) == "Jon"
