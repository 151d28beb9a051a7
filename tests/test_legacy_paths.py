"""Open Loyalty 3.x paths: the 4.x routes without the store segment, served for the DEFAULT store,
so a 3.x cockpit can be pointed at the stand-in (notes B.2 and N.1–N.3). Who may call them is in
the authorization matrix; here, that they reach the same state as the 4.x paths."""
from datetime import date, timedelta

import pytest

from openloyalty_standin.app.testing.support import Auth
from tests.conftest import JOHN, SECOND_CUSTOMER

FROZEN_NOW = "2019-03-20T12:00:00+01:00"


def test_details_are_the_default_stores(client, auth):
    admin = auth.headers("admin")
    legacy = client.get(f"/api/customer/{JOHN}", headers=admin)
    assert legacy.status_code == 200
    assert legacy.json == client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).json
    assert legacy.json["email"] == "user@example.com"


def test_another_stores_customer_is_not_found(client, auth):
    assert client.get(f"/api/DEFAULT/customer/{SECOND_CUSTOMER}", headers=auth.headers("admin")).status_code == 404
    response = client.get(f"/api/customer/{SECOND_CUSTOMER}", headers=auth.headers("admin"))
    assert response.status_code == 404
    assert response.json == {"error": {"code": 404, "message": "Not Found"}}


def test_a_3x_cockpit_flow_lands_in_the_default_store(client):
    """Log in, register, activate, assign a level and read the status, all on 3.x paths."""
    token = client.post("/api/admin/login_check", json={"_username": "admin", "_password": "open"}).json["token"]
    admin = {"Authorization": f"Bearer {token}"}
    body = {"customer": {"firstName": "Old", "lastName": "Cockpit", "email": "old.cockpit@example.com",
                         "agreement1": True}}
    registered = client.post("/api/admin/customer/register", json=body, headers=admin)
    assert registered.status_code == 200, registered.get_data(as_text=True)
    customer = registered.json["customerId"]
    assert client.post(f"/api/admin/customer/{customer}/activate", headers=admin).status_code == 200
    level = client.post(f"/api/customer/{customer}/level", json={"levelId": "e82c96cf-32a3-43bd-9034-4df343e52222"},
                        headers=admin)
    assert level.status_code == 200, level.get_data(as_text=True)

    stored = client.get(f"/api/DEFAULT/customer/{customer}", headers=admin).json
    assert (stored["email"], stored["active"], stored["levelId"]) == (
        "old.cockpit@example.com", True, "e82c96cf-32a3-43bd-9034-4df343e52222")
    assert client.get(f"/api/admin/customer/{customer}/status", headers=admin).json["levelName"] == "level2"
    listed = client.get("/api/customer", query_string={"email": "old.cockpit"}, headers=admin).json
    assert [row["customerId"] for row in listed["customers"]] == [customer]


def test_a_customer_reads_its_status_on_the_3x_path(client):
    login = client.post("/api/customer/login_check", json={"_username": "user@example.com", "_password": "loyalty"})
    mine = {"Authorization": f"Bearer {login.json['token']}"}
    legacy = client.get(f"/api/customer/{JOHN}/status", headers=mine)
    assert legacy.status_code == 200
    assert legacy.json == client.get(f"/api/DEFAULT/customer/customer/{JOHN}/status", headers=mine).json


def test_registrations_daily_are_the_30_days_before_today(make_app):
    app = make_app(CLOCK=FROZEN_NOW)
    client = app.test_client()
    headers = Auth(app).headers("seller")
    daily = client.get("/api/customer/registrations/daily", headers=headers)
    assert daily.status_code == 200
    today = date(2019, 3, 20)
    assert list(daily.json) == [(today - timedelta(days=offset)).isoformat() for offset in range(30, 0, -1)]
    assert daily.json == client.get("/api/DEFAULT/customer/registrations", headers=headers).json
    assert daily.json["2019-03-18"] >= 1


def test_a_write_on_a_3x_path_is_seen_on_the_4x_path(client, auth):
    admin = auth.headers("admin")
    response = client.put(f"/api/customer/{JOHN}", json={"customer": {"firstName": "Legacy"}}, headers=admin)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json == {"customerId": JOHN}
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).json["firstName"] == "Legacy"


@pytest.mark.parametrize("path", [f"/api/DEFAULT/customer/{JOHN}", "/api/DEFAULT/customer"])
def test_the_4x_default_paths_are_served_not_redirected(client, auth, path):
    assert client.get(path, headers=auth.headers("admin")).status_code == 200


def test_the_3x_paths_stay_out_of_the_document(client):
    paths = client.get("/api/doc/openapi.json").json["paths"]
    assert "/api/{storeCode}/customer/{customer}" in paths
    # The twins of the 4.x paths; the cockpit support endpoints (3.x paths only) are documented.
    store = "/api/{storeCode}/"
    twins = {"/api/" + path[len(store):] for path in paths if path.startswith(store)}
    twins |= {"/api/customer/{customer}/status", "/api/customer/registrations/daily"}
    assert "/api/customer/{customer}" in twins
    assert not twins & set(paths)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_login_check_is_not_read_as_a_customer(client, auth, method):
    response = client.open("/api/customer/login_check", method=method, headers=auth.headers("admin"))
    assert response.status_code == 405


def test_urls_built_for_the_default_store_are_the_4x_ones(app):
    from flask import url_for

    with app.test_request_context():
        assert url_for("customer.get_customer", storeCode="DEFAULT", customer=JOHN) == f"/api/DEFAULT/customer/{JOHN}"
        assert url_for("customer.list_registrations", storeCode="DEFAULT") == "/api/DEFAULT/customer/registrations"
