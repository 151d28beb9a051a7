"""The test control plane under /_dev: the clock, snapshots and the outbox's latest message,
and the CLI commands that reach the same things."""
import time
from datetime import datetime, timedelta

import pytest

from openloyalty_standin.app import create_app
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.testing.support import _config
from tests.conftest import JOHN, NEW_CUSTOMER

NEW_PHONE = "+48500100200"  # NEW_CUSTOMER's phone


def moment(text):
    return datetime.fromisoformat(text)


@pytest.fixture
def admin(auth):
    return auth.headers("admin")


# --- the clock ---------------------------------------------------------------------------


def test_the_clock_starts_real(client):
    body = client.get("/_dev/clock").json
    assert body["mode"] == "real" and body["offsetSeconds"] == 0
    assert abs((moment(body["now"]) - datetime.now().astimezone()).total_seconds()) < 5


def test_freeze_advance_and_release(client):
    frozen = client.post("/_dev/clock/freeze", json={"at": "2019-03-20T12:00:00+01:00"})
    assert frozen.status_code == 200
    assert frozen.json["mode"] == "frozen" and moment(frozen.json["now"]) == moment("2019-03-20T12:00:00+01:00")
    assert moment(client.get("/_dev/clock").json["now"]) == moment("2019-03-20T12:00:00+01:00")
    advanced = client.post("/_dev/clock/advance", json={"duration": "1d2h"}).json
    assert moment(advanced["now"]) == moment("2019-03-21T14:00:00+01:00")
    back = client.post("/_dev/clock/advance", json={"seconds": -7200}).json
    assert moment(back["now"]) == moment("2019-03-21T12:00:00+01:00")
    released = client.delete("/_dev/clock").json
    assert released["mode"] == "real"
    assert abs((moment(released["now"]) - datetime.now().astimezone()).total_seconds()) < 5


def test_a_running_clock_is_shifted(client):
    body = client.post("/_dev/clock/advance", json={"duration": "3d"}).json
    assert body["mode"] == "shifted" and body["offsetSeconds"] == 3 * 86400
    expected = datetime.now().astimezone() + timedelta(days=3)
    assert abs((moment(body["now"]) - expected).total_seconds()) < 5


def test_freezing_without_a_moment_stops_where_it_stands(client):
    first = moment(client.post("/_dev/clock/freeze", json={}).json["now"])
    assert moment(client.get("/_dev/clock").json["now"]) == first


@pytest.mark.parametrize(
    "path, body",
    [("/_dev/clock/freeze", {"at": "yesterday"}), ("/_dev/clock/advance", {"duration": "soon"}),
     ("/_dev/clock/advance", {}), ("/_dev/clock/advance", {"seconds": 1, "duration": "1"}),
     ("/_dev/clock/advance", {"seconds": 1e30}), ("/_dev/clock/advance", {"seconds": "many"}),
     ("/_dev/clock/advance", {"duration": "3000000d"}), ("/_dev/clock/freeze", {"at": "9999-12-31T23:59:59-12:00"}),
     ("/_dev/clock/freeze", {"at": "0001-01-01T00:00:00+00:00"}), ("/_dev/clock/freeze", {"at": 20190320})],
)
def test_bad_clock_requests_are_400_and_change_nothing(client, path, body):
    before = client.get("/_dev/clock").json["mode"]
    response = client.post(path, json=body)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert client.get("/_dev/clock").json["mode"] == before


def test_tokens_expire_by_the_clock(client, auth):
    client.post("/_dev/clock/freeze", json={})
    headers = auth.headers("admin")
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=headers).status_code == 200
    client.post("/_dev/clock/advance", json={"duration": "25h"})
    response = client.get(f"/api/DEFAULT/customer/{JOHN}", headers=headers)
    assert response.status_code == 401 and response.json["message"] == "Invalid JWT Token"


def test_sms_codes_go_stale_by_the_clock(client, admin):
    client.post("/_dev/clock/freeze", json={})
    assert client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code", headers=admin).status_code == 200
    code = client.get("/_dev/outbox/latest", query_string={"to": NEW_PHONE}).json["code"]
    client.post("/_dev/clock/advance", json={"duration": "2d"})
    assert client.post(f"/api/DEFAULT/customer/activate-sms/{code}").status_code == 404
    client.post("/_dev/clock/advance", json={"duration": "-2d"})
    assert client.post(f"/api/DEFAULT/customer/activate-sms/{code}").status_code == 204


def test_every_worker_follows_one_clock(app, ol_template):
    """Workers are separate apps over one instance folder: a freeze made by one holds for all."""
    other = create_app(_config(app.instance_path, app.config["SQLALCHEMY_DATABASE_URI"], ol_template))
    try:
        app.test_client().post("/_dev/clock/freeze", json={"at": "2020-02-02T02:02:02+00:00"})
        assert moment(other.test_client().get("/_dev/clock").json["now"]) == moment("2020-02-02T02:02:02+00:00")
        other.test_client().delete("/_dev/clock")
        assert app.test_client().get("/_dev/clock").json["mode"] == "real"
    finally:
        with other.app_context():
            db.engine.dispose()


# --- snapshots -----------------------------------------------------------------------------


def register(client, admin, email):
    form = {"customer": {"firstName": "Snap", "lastName": "Shot", "email": email, "agreement1": True}}
    response = client.post("/api/DEFAULT/customer/register", headers=admin, json=form)
    assert response.status_code == 200
    return response.json["customerId"]


def test_a_snapshot_restores_the_state_it_took(client, admin):
    taken = client.post("/_dev/snapshots/before")
    assert taken.status_code == 201 and taken.json["name"] == "before" and taken.json["size"] > 0
    customer_id = register(client, admin, "snap@example.com")
    restored = client.post("/_dev/snapshots/before/restore")
    assert restored.status_code == 200
    assert client.get(f"/api/DEFAULT/customer/{customer_id}", headers=admin).status_code == 404
    assert register(client, admin, "snap@example.com")  # the e-mail is free again


def test_snapshots_are_listed_replaced_and_deleted(client, admin):
    assert client.get("/_dev/snapshots").json == {"snapshots": []}
    client.post("/_dev/snapshots/one")
    client.post("/_dev/snapshots/two")
    client.post("/_dev/snapshots/one")
    names = [snapshot["name"] for snapshot in client.get("/_dev/snapshots").json["snapshots"]]
    assert sorted(names) == ["one", "two"]
    assert client.delete("/_dev/snapshots/one").status_code == 204
    assert [s["name"] for s in client.get("/_dev/snapshots").json["snapshots"]] == ["two"]
    assert client.delete("/_dev/snapshots/one").status_code == 404
    assert client.post("/_dev/snapshots/one/restore").status_code == 404


@pytest.mark.parametrize("name", ["a b", ".hidden", "x" * 65, "semi;colon", "%2e%2e"])
def test_snapshot_names_are_checked(client, name):
    response = client.post(f"/_dev/snapshots/{name}")
    assert response.status_code in (400, 404)
    assert client.get("/_dev/snapshots").json == {"snapshots": []}


def test_a_restore_reaches_every_worker(app, admin, ol_template):
    other = create_app(_config(app.instance_path, app.config["SQLALCHEMY_DATABASE_URI"], ol_template))
    try:
        client, other_client = app.test_client(), other.test_client()
        client.post("/_dev/snapshots/clean")
        customer_id = register(other_client, admin, "worker@example.com")
        assert client.get(f"/api/DEFAULT/customer/{customer_id}", headers=admin).status_code == 200
        client.post("/_dev/snapshots/clean/restore")
        assert other_client.get(f"/api/DEFAULT/customer/{customer_id}", headers=admin).status_code == 404
    finally:
        with other.app_context():
            db.engine.dispose()


# --- the outbox's latest message --------------------------------------------------------------


def test_latest_sms_code_is_the_one_that_activates(client, admin):
    for _ in range(2):
        client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code", headers=admin)
    latest = client.get("/_dev/outbox/latest", query_string={"to": NEW_PHONE})
    assert latest.status_code == 200 and latest.json["kind"] == "activation_code"
    assert latest.json["code"] in latest.json["body"]
    assert client.post(f"/api/DEFAULT/customer/activate-sms/{latest.json['code']}").status_code == 204


def test_latest_link_activates_a_self_registered_customer(client):
    customer = {"firstName": "Link", "lastName": "Follower", "email": "link@example.com", "agreement1": True,
                "plainPassword": "OpenLoyalty123!"}
    assert client.post("/api/DEFAULT/customer/self_register", json={"customer": customer}).status_code == 200
    latest = client.get("/_dev/outbox/latest", query_string={"to": "link@example.com"}).json
    assert latest["kind"] == "activation_link" and latest["link"] in latest["body"]
    token = latest["link"].rsplit("/", 1)[-1]
    assert client.post(f"/api/DEFAULT/customer/activate/{token}").status_code == 200


def test_latest_is_404_when_nothing_was_sent(client):
    response = client.get("/_dev/outbox/latest", query_string={"to": "nobody@example.com"})
    assert response.status_code == 404
    assert response.json == {"error": {"code": 404, "message": "Not Found"},
                             "hint": "nothing was sent to nobody@example.com"}
    of_kind = client.get("/_dev/outbox/latest", query_string={"to": "+48500100200", "kind": "activation_code"})
    assert of_kind.json["hint"] == "nothing of kind activation_code was sent to +48500100200"


# --- the CLI -------------------------------------------------------------------------------------


def test_cli_clock(app):
    runner = app.test_cli_runner()
    assert "real" in runner.invoke(args=["clock"]).output
    frozen = runner.invoke(args=["clock", "freeze", "2019-03-20T12:00:00+01:00"])
    assert frozen.exit_code == 0 and "2019-03-20T12:00:00+01:00" in frozen.output
    assert "2019-03-21T12:00:00+01:00" in runner.invoke(args=["clock", "advance", "1d"]).output
    assert runner.invoke(args=["clock", "advance", "soon"]).exit_code != 0
    assert "real" in runner.invoke(args=["clock", "real"]).output
    assert app.test_client().get("/_dev/clock").json["mode"] == "real"


@pytest.mark.parametrize("role, user", [("admin", None), ("seller", None), ("customer", JOHN)])
def test_cli_token_prints_a_working_header(app, client, role, user):
    result = app.test_cli_runner().invoke(args=["token", role] + ([user] if user else []))
    assert result.exit_code == 0, result.output
    name, _, value = result.output.strip().partition(": ")
    assert name == "Authorization" and value.startswith("Bearer ")
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers={name: value}).status_code == 200


def test_cli_token_refuses_unknown_accounts(app):
    unknown = "00000000-0000-0000-0000-000000000000"
    assert app.test_cli_runner().invoke(args=["token", "customer", unknown]).exit_code != 0
    assert app.test_cli_runner().invoke(args=["token", "robot"]).exit_code != 0


def test_cli_outbox(app, client, admin):
    client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code", headers=admin)
    code = client.get("/_dev/outbox/latest", query_string={"to": NEW_PHONE}).json["code"]
    listed = app.test_cli_runner().invoke(args=["outbox", "--to", NEW_PHONE])
    assert listed.exit_code == 0 and code in listed.output
    latest = app.test_cli_runner().invoke(args=["outbox", "--to", NEW_PHONE, "--latest"])
    assert latest.output.strip() == code


# --- faults ----------------------------------------------------------------------------------


def test_an_error_fault_fails_the_matching_requests_only(client, admin):
    created = client.post("/_dev/faults", json={"path": "/api/*/customer/*", "method": "get", "status": 503})
    assert created.status_code == 201
    assert created.json == {"id": 1, "path": "/api/*/customer/*", "method": "GET", "latencyMs": 0, "status": 503,
                            "rate": 1.0, "seed": 0}
    failed = client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin)
    assert failed.status_code == 503
    assert failed.json == {"error": {"code": 503, "message": "Injected fault"}}
    assert client.put(f"/api/DEFAULT/customer/{JOHN}", headers=admin,
                      json={"customer": {"lastName": "Kept"}}).status_code == 200  # another method
    assert client.get("/api/DEFAULT/admin/customer", headers=admin).status_code == 200  # another path
    assert client.get("/_dev/outbox").status_code == 200  # the control plane never fails
    assert client.delete("/_dev/faults/1").status_code == 204
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).status_code == 200


def test_a_fault_rate_fails_a_seeded_share_reproducibly(make_app):
    def outcomes():
        app = make_app()
        client = app.test_client()
        client.delete("/_dev/faults")
        client.post("/_dev/faults", json={"path": "/api/doc/*", "status": 500, "rate": 0.5, "seed": 7})
        client.post("/_dev/faults", json={"path": "/no/such/*", "status": 502, "rate": 0.3, "seed": 7})
        return [client.get(f"/no/such/{i}").status_code for i in range(40)]

    first = outcomes()
    assert set(first) == {404, 502} and 4 <= first.count(502) <= 20
    assert outcomes() == first


def test_a_latency_fault_delays_the_answer(client, admin):
    client.post("/_dev/faults", json={"path": "/api/DEFAULT/customer/*", "latencyMs": 150, "latencyMaxMs": 200})
    started = time.perf_counter()
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).status_code == 200
    assert time.perf_counter() - started >= 0.15
    assert client.get("/_dev/faults").json["faults"][0]["latencyMaxMs"] == 200
    assert client.delete("/_dev/faults").status_code == 204
    assert client.get("/_dev/faults").json == {"faults": []}


@pytest.mark.parametrize("body", [{}, {"path": "/x"}, {"path": "/x", "status": 200}, {"path": "/x", "status": 503,
                                  "rate": 2}, {"path": "/x", "latencyMs": -1}, {"path": "/x", "latencyMs": None},
                                  {"path": "/x", "status": 503, "method": "PATCH"}])
def test_bad_faults_are_400_and_add_nothing(client, body):
    response = client.post("/_dev/faults", json=body)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert client.get("/_dev/faults").json == {"faults": []}
    assert client.delete("/_dev/faults/99").status_code == 404


def test_every_worker_meets_the_same_faults(app, ol_template, admin):
    other = create_app(_config(app.instance_path, app.config["SQLALCHEMY_DATABASE_URI"], ol_template))
    try:
        app.test_client().post("/_dev/faults", json={"path": "/api/DEFAULT/customer/*", "status": 500})
        assert other.test_client().get(f"/api/DEFAULT/customer/{JOHN}", headers=admin).status_code == 500
    finally:
        with other.app_context():
            db.engine.dispose()


# --- the request log -------------------------------------------------------------------------


def test_requests_and_answers_are_logged_newest_first(client, admin):
    client.delete("/_dev/requests")
    client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin)
    client.put(f"/api/DEFAULT/customer/{JOHN}", headers=admin, json={"customer": {"lastName": "Logged"}})
    client.get("/api/DEFAULT/admin/customer?firstName=Jo&perPage=2", headers=admin)
    logged = client.get("/_dev/requests").json["requests"]
    assert [(r["method"], r["path"], r["status"]) for r in logged] == [
        ("GET", "/api/DEFAULT/admin/customer", 200),
        ("PUT", f"/api/DEFAULT/customer/{JOHN}", 200),
        ("GET", f"/api/DEFAULT/customer/{JOHN}", 200),
    ]
    listing, update, details = logged
    assert listing["query"] == "firstName=Jo&perPage=2" and '"total"' in listing["responseBody"]
    assert update["requestType"] == "application/json" and "Logged" in update["requestBody"]
    assert details["caller"] == "admin 22200000-0000-474c-b092-b0dd880c07e2"
    assert details["durationMs"] >= 0 and details["responseType"] == "application/json"


def test_the_log_filters_limits_and_clears(client, admin):
    client.delete("/_dev/requests")
    for _ in range(3):
        client.get("/api/DEFAULT/customer/check?emailOrPhone=x", headers=admin)
    client.post("/api/admin/login_check", json={"_username": "admin", "_password": "wrong"})
    assert [r["status"] for r in client.get("/_dev/requests?method=post").json["requests"]] == [401]
    assert len(client.get("/_dev/requests?path=/api/*/customer/check").json["requests"]) == 3
    assert len(client.get("/_dev/requests?limit=2").json["requests"]) == 2
    assert client.get("/_dev/requests?limit=0").status_code == 400
    assert client.delete("/_dev/requests").status_code == 204
    assert client.get("/_dev/requests").json == {"requests": []}


def test_injected_faults_are_logged_too(client, admin):
    client.delete("/_dev/requests")
    client.post("/_dev/faults", json={"path": "/api/DEFAULT/customer/*", "status": 502})
    client.get(f"/api/DEFAULT/customer/{JOHN}", headers=admin)
    newest = client.get("/_dev/requests?limit=1").json["requests"][0]
    assert newest["status"] == 502 and "Injected fault" in newest["responseBody"]


def test_the_log_keeps_the_configured_number(make_app):
    app = make_app(REQUEST_LOG_SIZE=5)
    client = app.test_client()
    for number in range(60):
        client.get(f"/no/such/{number}")
    paths = [r["path"] for r in client.get("/_dev/requests?limit=1000").json["requests"]]
    assert paths == [f"/no/such/{number}" for number in range(59, 54, -1)]


def test_no_log_when_its_size_is_zero(make_app):
    client = make_app(REQUEST_LOG_SIZE=0).test_client()
    client.get("/no/such/path")
    assert client.get("/_dev/requests").json == {"requests": []}


@pytest.mark.parametrize("encoding", ["json", "form"])
def test_passwords_never_reach_the_log(client, encoding):
    client.delete("/_dev/requests")
    credentials = {"_username": "admin", "_password": "open"}
    if encoding == "json":
        client.post("/api/admin/login_check", json=credentials)
    else:
        client.post("/api/admin/login_check", data=credentials)
    customer = {"customer": {"firstName": "P", "lastName": "W", "email": "pw@example.com", "agreement1": True,
                             "plainPassword": "Secret123!"}}
    client.post("/api/DEFAULT/customer/self_register", json=customer)
    bodies = [r["requestBody"] for r in client.get("/_dev/requests").json["requests"]]
    assert all("open" not in body and "Secret123!" not in body for body in bodies), bodies
    assert "admin" in bodies[1] and "pw@example.com" in bodies[0]


# --- the control plane's own inputs are checked like the API's ------------------------------------


@pytest.mark.parametrize("kwargs", [{}, {"data": ""}, {"data": " ", "content_type": "application/json"}])
def test_freezing_takes_a_body(client, kwargs):
    response = client.post("/_dev/clock/freeze", **kwargs)
    assert response.status_code == 400
    assert "{}" in response.json["error"]["message"]
    assert client.get("/_dev/clock").json["mode"] == "real"


def test_freezing_with_an_empty_object_stops_where_the_clock_stands(client):
    assert client.post("/_dev/clock/freeze", json={}).status_code == 200
    assert client.get("/_dev/clock").json["mode"] == "frozen"


@pytest.mark.parametrize("seed", [1.5, "1.5", "seven", True])
def test_a_fault_seed_is_an_integer(client, seed):
    response = client.post("/_dev/faults", json={"path": "/api/*", "status": 503, "seed": seed})
    assert response.status_code == 400
    assert response.json["form"]["children"]["seed"]["errors"]
    assert client.get("/_dev/faults").json == {"faults": []}


def test_fault_fields_sent_as_a_form(client):
    created = client.post("/_dev/faults", data={"path": "/api/*/customer", "status": "503", "rate": "0.5",
                                                "seed": "3", "method": "GET"})
    assert created.status_code == 201, created.json
    (fault,) = client.get("/_dev/faults").json["faults"]
    assert (fault["status"], fault["rate"], fault["seed"], fault["method"]) == (503, 0.5, 3, "GET")


def test_an_empty_multipart_number_is_not_given(client):
    created = client.post("/_dev/faults", content_type="multipart/form-data",
                          data={"path": "/api/*/customer", "status": "503", "latencyMs": "", "seed": ""})
    assert created.status_code == 201, created.json
    (fault,) = client.get("/_dev/faults").json["faults"]
    assert fault["status"] == 503 and fault.get("latencyMs") in (None, 0) and fault.get("seed") in (None, 0)


def test_advancing_by_seconds_sent_as_a_form(client):
    client.post("/_dev/clock/freeze", json={"at": "2019-03-20T12:00:00+01:00"})
    assert client.post("/_dev/clock/advance", data={"seconds": "90"}).status_code == 200
    assert moment(client.get("/_dev/clock").json["now"]) == moment("2019-03-20T12:01:30+01:00")
    assert client.post("/_dev/clock/advance", data={"seconds": "soon"}).status_code == 400


def test_a_latency_range_may_be_given_either_way_round(client):
    client.post("/_dev/faults", json={"path": "/api/DEFAULT/customer/*", "latencyMs": 200, "latencyMaxMs": 150})
    started = time.monotonic()
    client.get(f"/api/DEFAULT/customer/{JOHN}")
    assert time.monotonic() - started >= 0.15


def test_advancing_by_seconds_and_a_duration_adds_them_up(client):
    client.post("/_dev/clock/freeze", json={"at": "2019-03-20T12:00:00+01:00"})
    assert client.post("/_dev/clock/advance", json={"seconds": 30, "duration": "1m"}).status_code == 200
    assert moment(client.get("/_dev/clock").json["now"]) == moment("2019-03-20T12:01:30+01:00")
    assert client.post("/_dev/clock/advance", json={}).status_code == 400


def test_a_lower_case_fault_method_is_taken(client):
    assert client.post("/_dev/faults", json={"path": "/x", "status": 503, "method": "get"}).status_code == 201
    assert client.get("/_dev/faults").json["faults"][0]["method"] == "GET"


def test_restoring_a_snapshot_keeps_the_request_log(client):
    client.get("/api/DEFAULT/customer/check?emailOrPhone=before")
    assert client.post("/_dev/snapshots/logged").status_code in (200, 201)
    client.get("/api/DEFAULT/customer/check?emailOrPhone=after")
    assert client.post("/_dev/snapshots/logged/restore").status_code == 200
    logged = [entry["query"] for entry in client.get("/_dev/requests?path=/api/*/customer/check").json["requests"]]
    assert logged == ["emailOrPhone=after", "emailOrPhone=before"]  # the log is no data: a restore leaves it
