"""The authorization matrix walked through HTTP: every route of the app as every kind of caller."""
import io
import re

import pytest

from openloyalty_standin.app.testing.support import Auth
from tests.authorization_matrix import PDF, PNG, ROWS
from tests.conftest import JANE, JOHN, KOWALSKI, NEW_CUSTOMER, SECOND_CUSTOMER

MASTER_KEY = "master-key-for-the-matrix"
PIOTR = "c9be6a4e-9a21-414a-bbbd-f506d9ffad85"
MISSING = "99999999-0000-474c-b092-b0dd880c07e1"
NO_CREDENTIALS = {"code": 401, "message": "Invalid credentials"}
INVALID_JWT = {"code": 401, "message": "Invalid JWT Token"}
USERNAME_NOT_FOUND = {"message": "Username could not be found."}
FORBIDDEN = {"error": {"code": 403, "message": "Forbidden"}}
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
PASSWORD = "OpenLoyalty123!"


@pytest.fixture
def app(ol_worlds):
    return ol_worlds.take(MASTER_API_KEY=MASTER_KEY)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth(app):
    return Auth(app)


@pytest.fixture
def admin(auth):
    return auth.headers("admin")


CUSTOMER_CALLERS = {"other": JANE, "second": SECOND_CUSTOMER, "deactivated": KOWALSKI, "deleted": PIOTR}
API_KEYS = {"anonymous": {}, "master": {"X-AUTH-TOKEN": MASTER_KEY}, "wrong_key": {"X-AUTH-TOKEN": "not-the-key"}}


def caller_headers(client, auth, admin, caller, subject):
    """The caller's headers; Kowalski is then deactivated and Piotr deleted, whoever calls."""
    if caller in API_KEYS:
        headers = API_KEYS[caller]
    elif caller in ("admin", "seller"):
        headers = admin if caller == "admin" else auth.headers("seller")
    else:
        headers = auth.headers("customer", CUSTOMER_CALLERS.get(caller, subject))
    assert client.post(f"/api/DEFAULT/admin/customer/{KOWALSKI}/deactivate", headers=admin).status_code == 200
    assert client.delete(f"/api/DEFAULT/customer/{PIOTR}", headers=admin).status_code == 204
    return headers


# --- preparations named by rows --------------------------------------------------------------


def latest_code(client, phone, kind):
    messages = client.get("/_dev/outbox", query_string={"to": phone, "kind": kind}).json["messages"]
    assert messages, f"no {kind} to {phone}"
    return re.search(r"(\d{6})\s*$", messages[0]["body"]).group(1)


def refresh_token(client, auth):
    response = client.post("/api/admin/login_check", json={"_username": "admin", "_password": "open"})
    return {"refresh_token": response.json["refresh_token"]}


def activation_code(client, auth):
    response = client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code", headers=auth.headers("admin"))
    assert response.status_code == 200
    return {"code": latest_code(client, "+48500100200", "activation_code")}


def phone_change_code(client, auth):
    body = {"customer": {"phone": "+48500999111"}}
    response = client.put(f"/api/DEFAULT/customer/{JOHN}", json=body, headers=auth.headers("customer", JOHN))
    assert response.status_code == 200, response.get_data(as_text=True)
    return {"code": latest_code(client, "+48500999111", "phone_change_code")}


def new_customer_phone(client, auth):
    customer = {"firstName": "New", "lastName": "Phone", "email": "new.phone@example.com", "phone": "+48500999222",
                "agreement1": True, "plainPassword": PASSWORD}
    response = client.post("/api/DEFAULT/customer/self_register", json={"customer": customer})
    assert response.status_code == 200, response.get_data(as_text=True)
    return {"phone": customer["phone"]}


def snapshot(client, auth):
    assert client.post("/_dev/snapshots/prepared").status_code == 201
    return {"name": "prepared"}


def fault(client, auth):
    response = client.post("/_dev/faults", json={"path": "/nowhere/*", "latencyMs": 1})
    assert response.status_code == 201
    return {"fault_id": response.json["id"]}


def sandbox(client, auth):
    assert client.put("/_dev/sandboxes/matrix", json={"from": "seed"}).status_code == 200
    return {}


def photos(client, auth):
    for name in ("logo", "small-logo", "hero-image"):
        response = client.post(f"/api/settings/photo/{name}", headers=auth.headers("admin"),
                               data={"photo[file]": (io.BytesIO(PNG), f"{name}.png")},
                               content_type="multipart/form-data")
        assert response.status_code == 200, response.get_data(as_text=True)
    return {}


def conditions(client, auth):
    response = client.post("/api/settings/conditions-file", headers=auth.headers("admin"),
                           data={"conditions[file]": (io.BytesIO(PDF), "terms.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    return {}


PREPARATIONS = {
    step.__name__: step
    for step in (refresh_token, activation_code, phone_change_code, new_customer_phone, snapshot, fault, photos,
                 conditions, sandbox)
}


# --- requests and checks ------------------------------------------------------------------------


def fill(value, prepared):
    if isinstance(value, dict):
        return {key: fill(item, prepared) for key, item in value.items()}
    return value.format(**prepared) if isinstance(value, str) else value


def send(client, row, headers, prepared, customer=None):
    options = {"headers": headers, "query_string": row.query}
    if row.json is not None:
        options["json"] = fill(row.json, prepared)
    if row.upload:
        name, filename, mime, content = row.upload
        options.update(data={name: (io.BytesIO(content), filename, mime)}, content_type="multipart/form-data")
    return client.open(row.url(customer, **prepared), method=row.method, **options)


def records(client, admin, subject):
    """What a refused call must leave as it was: the customers, the subject's pushy tokens, the outbox."""
    views = [
        "/api/DEFAULT/customer?perPage=-1",
        "/api/SECOND/customer?perPage=-1",
        f"/api/DEFAULT/customer/{subject}",
        f"/api/DEFAULT/customer/{subject}/pushy-token",
        "/_dev/outbox",
    ]
    return {view: client.get(view, headers=admin).json for view in views}


def refusal(caller, status):
    if status == 401:
        return NO_CREDENTIALS if caller == "anonymous" else INVALID_JWT
    if status == 403:
        return USERNAME_NOT_FOUND if caller == "wrong_key" else FORBIDDEN
    return NOT_FOUND


def assert_refused(response, caller, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.json == refusal(caller, status)
    if status == 401:
        assert response.headers.get("WWW-Authenticate") == "Bearer"


def label(row):
    return f"{row.method} {row.rule.replace('<customer:customer>', '<c>')}"


CELLS = [(row, caller) for row in ROWS for caller in row.cells]


@pytest.mark.parametrize("row, caller", CELLS, ids=[f"{label(row)} as {caller}" for row, caller in CELLS])
def test_cell(client, auth, admin, row, caller):
    headers = caller_headers(client, auth, admin, caller, row.subject)
    prepared = PREPARATIONS[row.setup](client, auth) if row.setup else {}
    before = records(client, admin, row.subject)
    response = send(client, row, headers, prepared)
    expected = row.cells[caller]
    if expected < 400:
        assert response.status_code == expected, response.get_data(as_text=True)
        return
    assert_refused(response, caller, expected)
    assert records(client, admin, row.subject) == before


REFERENCES = {"missing": MISSING, "another store's customer": SECOND_CUSTOMER}
NOT_FOUND_CASES = [
    (row, caller, reference)
    for row in ROWS
    if row.names_customer
    for caller, status in row.cells.items()
    if status == 403 and caller != "wrong_key"
    for reference in REFERENCES
]


@pytest.mark.parametrize(
    "row, caller, reference",
    NOT_FOUND_CASES,
    ids=[f"{label(row)} as {caller} naming {reference}" for row, caller, reference in NOT_FOUND_CASES],
)
def test_unknown_customer_is_404_before_403(client, auth, admin, row, caller, reference):
    headers = caller_headers(client, auth, admin, caller, row.subject)
    prepared = PREPARATIONS[row.setup](client, auth) if row.setup else {}
    assert_refused(send(client, row, headers, prepared, REFERENCES[reference]), caller, 404)


def test_every_route_has_exactly_one_row(app):
    routes = {
        (method, rule.rule) for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    rows = [(row.method, row.rule) for row in ROWS]
    problems = [f"no row: {method} {rule}" for method, rule in sorted(routes - set(rows))]
    problems += [f"no such route: {method} {rule}" for method, rule in sorted(set(rows) - routes)]
    problems += [f"two rows: {method} {rule}" for method, rule in sorted(set(rows)) if rows.count((method, rule)) > 1]
    assert not problems, "\n".join(problems)
