"""Sandboxes: many isolated worlds in one server, by path prefix (/sandbox/{name}/...) or by the
X-Sandbox header; each owns its data, settings, clock, outbox, faults, request log and snapshots,
and its tokens are no tokens elsewhere."""
import io

import pytest

from tests.conftest import JOHN
from tests.test_avatar import image_bytes

DETAILS = f"/api/DEFAULT/customer/{JOHN}"


def login(client, prefix="", headers=None, kind="admin"):
    accounts = {"admin": ("admin", "open"), "customer": ("user@example.com", "loyalty"),
                "seller": ("john@doe.com", "open")}
    username, password = accounts[kind]
    response = client.post(f"{prefix}/api/{kind}/login_check", headers=headers or {},
                           json={"_username": username, "_password": password})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def rename_john(client, prefix, name):
    response = client.put(prefix + DETAILS, headers=login(client, prefix), json={"customer": {"firstName": name}})
    assert response.status_code == 200, response.json


def first_name(client, prefix=""):
    return client.get(prefix + DETAILS, headers=login(client, prefix)).json["firstName"]


# --- choosing a sandbox


def test_a_prefix_serves_every_path_for_its_own_world(client):
    rename_john(client, "/sandbox/w1", "Sandy")
    assert first_name(client, "/sandbox/w1") == "Sandy"
    assert first_name(client) == "John"
    assert first_name(client, "/sandbox/w2") == "John"


def test_the_header_selects_the_same_sandbox(client):
    rename_john(client, "/sandbox/w1", "Sandy")
    headers = {"X-Sandbox": "w1", **login(client, headers={"X-Sandbox": "w1"})}
    assert client.get(DETAILS, headers=headers).json["firstName"] == "Sandy"
    assert client.get("/sandbox/w1" + DETAILS, headers=headers).json["firstName"] == "Sandy"  # both, agreeing


def test_a_prefix_and_a_header_that_disagree_are_a_400_naming_both(client):
    response = client.post("/sandbox/w1/_dev/reset", headers={"X-Sandbox": "w2"})
    assert response.status_code == 400
    assert "'w1'" in response.json["error"]["message"] and "'w2'" in response.json["error"]["message"]
    assert client.get("/_dev/sandboxes").json["total"] == 0  # nothing was done, nothing made


@pytest.mark.parametrize("name", ["W1", "-w", "_w", "w.1", "..", "a" * 64, "sp ace", ""])
def test_a_bad_name_is_a_400_and_never_a_path(client, name):
    for response in (client.get(f"/sandbox/{name}/health"), client.get("/health", headers={"X-Sandbox": name})):
        assert response.status_code == 400
        assert response.json["error"]["code"] == 400
    assert client.get("/_dev/sandboxes").json["total"] == 0


def test_the_longest_name_works(client):
    name = "a" + "-_0" * 20 + "zz"
    assert len(name) == 63
    assert client.get(f"/sandbox/{name}/health").status_code == 200


def test_neither_is_the_default_sandbox_and_default_names_it(client):
    rename_john(client, "", "Dee")
    assert first_name(client, "/sandbox/default") == "Dee"
    assert client.get("/_dev/sandboxes").json["total"] == 0


def test_a_new_sandbox_holds_the_seed(client):
    admin = login(client)
    rename_john(client, "", "Changed")
    seeded = client.get("/sandbox/fresh/api/DEFAULT/customer?perPage=-1", headers=login(client, "/sandbox/fresh"))
    assert seeded.status_code == 200
    client.post("/_dev/reset")
    assert seeded.json == client.get("/api/DEFAULT/customer?perPage=-1", headers=admin).json


def test_the_cockpit_and_3x_paths_work_under_a_prefix(client):
    headers = login(client, "/sandbox/w1")
    assert client.get("/sandbox/w1/api/customer?perPage=1", headers=headers).status_code == 200
    assert client.get("/sandbox/w1/api/settings/choices/language").status_code == 200
    assert client.get("/sandbox/w1/api/doc/openapi.json").status_code == 200


def test_a_preflight_under_a_prefix_allows_the_header(client):
    response = client.options("/sandbox/w1/api/DEFAULT/customer", headers={
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, x-sandbox"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Headers"] == "authorization, x-sandbox"


# --- tokens


def test_a_token_is_valid_only_in_its_sandbox(client):
    tokens = {"default": login(client), "w1": login(client, "/sandbox/w1"), "w2": login(client, "/sandbox/w2")}
    for issued, headers in tokens.items():
        for used in ("default", "w1", "w2"):
            response = client.get(("" if used == "default" else f"/sandbox/{used}") + DETAILS, headers=headers)
            if used == issued:
                assert response.status_code == 200
            else:
                assert response.status_code == 401
                assert response.json == {"code": 401, "message": "Invalid JWT Token"}


@pytest.mark.parametrize("kind", ["customer", "seller"])
def test_every_role_logs_in_per_sandbox(client, kind):
    headers = login(client, "/sandbox/w1", kind=kind)
    assert client.get("/sandbox/w1" + DETAILS, headers=headers).status_code == 200
    assert client.get(DETAILS, headers=headers).status_code == 401


# --- what a sandbox owns


def test_the_clock_is_a_sandboxs_own(client):
    frozen = client.post("/sandbox/w1/_dev/clock/freeze", json={"at": "2020-01-01T00:00:00+00:00"}).json
    assert frozen["mode"] == "frozen"
    assert client.get("/sandbox/w1/_dev/clock").json == frozen
    assert client.get("/_dev/clock").json["mode"] == "real"
    assert client.get("/sandbox/w2/_dev/clock").json["mode"] == "real"


def test_the_outbox_is_a_sandboxs_own(client):
    sent = client.post("/sandbox/w1/api/DEFAULT/customer/self_register", json={"customer": {
        "firstName": "Ola", "lastName": "Box", "email": "ola.box@example.com", "agreement1": True,
        "plainPassword": "OpenLoyalty123!"}})
    assert sent.status_code == 200, sent.json
    assert client.get("/sandbox/w1/_dev/outbox/latest?to=ola.box@example.com").status_code == 200
    assert client.get("/_dev/outbox/latest?to=ola.box@example.com").status_code == 404
    assert client.get("/sandbox/w2/_dev/outbox?to=ola.box@example.com").json["messages"] == []


def test_faults_are_a_sandboxs_own(client):
    added = client.post("/sandbox/w1/_dev/faults", json={"path": "/api/*/customer/*", "status": 503})
    assert added.status_code == 201
    assert client.get("/sandbox/w1" + DETAILS, headers=login(client, "/sandbox/w1")).status_code == 503
    assert client.get(DETAILS, headers=login(client)).status_code == 200
    assert client.get("/_dev/faults").json["faults"] == []


def test_the_request_log_is_a_sandboxs_own(client):
    client.delete("/_dev/requests")
    client.get("/sandbox/w1/api/DEFAULT/customer/check?emailOrPhone=x")
    logged = client.get("/sandbox/w1/_dev/requests").json["requests"]
    assert [entry["path"] for entry in logged] == ["/api/DEFAULT/customer/check"]
    default_log = client.get("/_dev/requests").json["requests"]
    assert "/api/DEFAULT/customer/check" not in [entry["path"] for entry in default_log]


def test_snapshots_are_a_sandboxs_own(client):
    assert client.post("/sandbox/w1/_dev/snapshots/before").status_code == 201
    rename_john(client, "/sandbox/w1", "After")
    assert client.get("/_dev/snapshots").json["snapshots"] == []
    assert client.post("/_dev/snapshots/before/restore").status_code == 404
    assert client.post("/sandbox/w1/_dev/snapshots/before/restore").status_code == 200
    assert first_name(client, "/sandbox/w1") == "John"


def test_settings_are_a_sandboxs_own(client):
    assert client.put("/sandbox/w1/_dev/stores/DEFAULT/settings", json={"activationMethod": "sms"}).status_code == 200
    assert client.get("/sandbox/w1/api/settings/activation-method").json == {"method": "sms"}
    assert client.get("/api/settings/activation-method").json == {"method": "email"}
    admin = login(client, "/sandbox/w2")
    client.post("/sandbox/w2/api/settings", headers=admin, json={"settings": {"programName": "Second"}})
    assert client.get("/api/settings", headers=login(client)).json["settings"]["programName"] == "Loyalty Program"


def test_avatars_are_a_sandboxs_own(client):
    admin = login(client, "/sandbox/w1")
    uploaded = client.post(f"/sandbox/w1{DETAILS}/avatar", headers=admin, content_type="multipart/form-data",
                           data={"avatar[file]": (io.BytesIO(image_bytes("PNG")), "a.png")})
    assert uploaded.status_code == 204
    assert client.get(f"/sandbox/w1{DETAILS}/avatar", headers=admin).status_code == 200
    assert client.get(f"{DETAILS}/avatar", headers=login(client)).status_code == 204


def test_a_reset_in_one_sandbox_leaves_the_others(client):
    rename_john(client, "/sandbox/w1", "One")
    rename_john(client, "", "Dee")
    assert client.post("/sandbox/w2/_dev/reset").status_code == 204
    assert first_name(client, "/sandbox/w1") == "One" and first_name(client) == "Dee"
    assert client.post("/sandbox/w1/_dev/reset").status_code == 204
    assert first_name(client, "/sandbox/w1") == "John" and first_name(client) == "Dee"


# --- management


def test_sandboxes_are_listed_with_their_customers(client):
    login(client, "/sandbox/w1")
    client.put("/_dev/sandboxes/w2", json={"from": "empty"})
    listed = client.get("/_dev/sandboxes").json
    assert listed["total"] == 2
    by_name = {entry["name"]: entry for entry in listed["sandboxes"]}
    assert set(by_name) == {"w1", "w2"}
    assert by_name["w1"]["customers"] > 10 and by_name["w2"]["customers"] == 0
    assert list(by_name["w1"]) == ["name", "createdAt", "lastUsedAt", "customers"]
    assert client.get("/health").json["sandboxes"] == 2


def test_an_empty_sandbox_has_its_stores_and_no_customers(client):
    assert client.put("/_dev/sandboxes/blank", json={"from": "empty"}).status_code == 200
    admin = login(client, "/sandbox/blank")
    assert client.get("/sandbox/blank/api/DEFAULT/customer", headers=admin).json == {"customers": [], "total": 0}
    assert client.get("/sandbox/blank/api/SECOND/customer", headers=admin).status_code == 200


def test_put_resets_a_sandbox_and_its_clock_and_faults(client):
    rename_john(client, "/sandbox/w1", "Changed")
    client.post("/sandbox/w1/_dev/clock/freeze", json={"at": "2020-01-01T00:00:00+00:00"})
    client.post("/sandbox/w1/_dev/faults", json={"path": "/nowhere", "status": 500})
    response = client.put("/_dev/sandboxes/w1", json={"from": "seed"})
    assert response.status_code == 200 and response.json["name"] == "w1"
    assert first_name(client, "/sandbox/w1") == "John"
    assert client.get("/sandbox/w1/_dev/clock").json["mode"] == "real"
    assert client.get("/sandbox/w1/_dev/faults").json["faults"] == []


def test_a_sandbox_made_from_another_or_from_a_snapshot(client):
    rename_john(client, "/sandbox/w1", "Copied")
    assert client.put("/_dev/sandboxes/w2", json={"from": "sandbox:w1"}).status_code == 200
    assert first_name(client, "/sandbox/w2") == "Copied"
    rename_john(client, "/sandbox/w2", "Later")
    assert first_name(client, "/sandbox/w1") == "Copied"  # a copy, not a link
    client.post("/_dev/snapshots/mine")
    assert client.put("/_dev/sandboxes/w3", json={"from": "snapshot:mine"}).status_code == 200
    assert first_name(client, "/sandbox/w3") == "John"


@pytest.mark.parametrize("body, status", [
    ({"from": "nowhere"}, 400), ({"from": "snapshot:missing"}, 404), ({"from": "sandbox:missing"}, 404),
    ({"from": 3}, 400),
])
def test_a_bad_source_makes_nothing(client, body, status):
    assert client.put("/_dev/sandboxes/w9", json=body).status_code == status
    assert client.get("/_dev/sandboxes").json["total"] == 0


def test_delete_forgets_a_sandbox(client):
    rename_john(client, "/sandbox/w1", "Gone")
    assert client.delete("/_dev/sandboxes/w1").status_code == 204
    assert client.get("/_dev/sandboxes").json["total"] == 0
    assert client.delete("/_dev/sandboxes/w1").status_code == 404
    assert first_name(client, "/sandbox/w1") == "John"  # a new one, from the seed


def test_the_default_sandbox_cannot_be_deleted_or_put(client):
    assert client.delete("/_dev/sandboxes/default").status_code == 400
    assert client.put("/_dev/sandboxes/default", json={"from": "empty"}).status_code == 400


def test_past_the_limit_a_new_sandbox_is_a_429_that_says_how(make_app):
    client = make_app(MAX_SANDBOXES=2).test_client()
    assert client.get("/sandbox/a/health").status_code == 200
    assert client.get("/sandbox/b/health").status_code == 200
    refused = client.get("/sandbox/c/health")
    assert refused.status_code == 429
    assert "2" in refused.json["error"]["message"] and "DELETE /_dev/sandboxes/" in refused.json["error"]["message"]
    assert client.get("/sandbox/a/health").status_code == 200  # those in use stay
    client.delete("/_dev/sandboxes/a")
    assert client.get("/sandbox/c/health").status_code == 200


def test_idle_sandboxes_are_deleted_when_a_new_one_is_made(make_app):
    import time

    app = make_app(SANDBOX_IDLE_TTL=3600)
    client = app.test_client()
    rename_john(client, "/sandbox/old", "Old")
    rename_john(client, "/sandbox/recent", "Recent")
    app.extensions["worlds"].store.mark_used("old", at=time.time() - 7200)
    app.extensions["worlds"]._touched.clear()
    client.get("/sandbox/new/health")
    assert sorted(entry["name"] for entry in client.get("/_dev/sandboxes").json["sandboxes"]) == ["new", "recent"]


# --- ids


def register(client, prefix, email):
    customer = {"firstName": "Id", "lastName": "Seq", "email": email, "agreement1": True}
    response = client.post(prefix + "/api/DEFAULT/admin/customer/register", headers=login(client, prefix),
                           json={"customer": customer})
    assert response.status_code == 200, response.json
    return response.json["customerId"]


def test_the_same_requests_make_the_same_ids_and_a_reset_replays_them(client):
    first = [register(client, "/sandbox/w1", f"id{n}@example.com") for n in range(3)]
    assert len(set(first)) == 3
    assert [register(client, "/sandbox/w2", f"id{n}@example.com") for n in range(3)] == first
    client.post("/sandbox/w1/_dev/reset")
    assert [register(client, "/sandbox/w1", f"id{n}@example.com") for n in range(3)] == first


def test_a_refused_request_draws_no_id(client):
    first = register(client, "/sandbox/w1", "one@example.com")
    refused = client.post("/sandbox/w1/api/DEFAULT/admin/customer/register", headers=login(client, "/sandbox/w1"),
                          json={"customer": {"firstName": "Id", "lastName": "Seq", "email": "one@example.com",
                                             "agreement1": True}})
    assert refused.status_code == 400
    second = register(client, "/sandbox/w1", "two@example.com")
    assert register(client, "/sandbox/w2", "one@example.com") == first
    assert register(client, "/sandbox/w2", "two@example.com") == second


def test_a_copy_carries_the_sequence_on(client):
    register(client, "/sandbox/w1", "one@example.com")
    client.put("/_dev/sandboxes/w2", json={"from": "sandbox:w1"})
    assert register(client, "/sandbox/w2", "two@example.com") == register(client, "/sandbox/w1", "two@example.com")


# --- export and import


def test_export_then_import_elsewhere_gives_the_same_document(client):
    rename_john(client, "/sandbox/w1", "Exported")
    client.post("/sandbox/w1/_dev/clock/freeze", json={"at": "2020-01-01T12:00:00+01:00"})
    exported = client.get("/sandbox/w1/_dev/export").json
    assert exported["format"] == "openloyalty-standin-world" and exported["version"] == 1
    assert "w1" not in str(exported["clock"]) and exported["clock"]["frozenAt"]
    john = next(row for row in exported["tables"]["customers"] if row["id"] == JOHN)
    assert john["first_name"] == "Exported" and john["password_hash"]
    imported = client.put("/sandbox/w2/_dev/import", json=exported)
    assert imported.status_code == 200, imported.json
    assert imported.json["tables"]["customers"] == len(exported["tables"]["customers"])
    assert client.get("/sandbox/w2/_dev/export").json == exported
    assert first_name(client, "/sandbox/w2") == "Exported"
    assert client.get("/sandbox/w2/_dev/clock").json["mode"] == "frozen"
    assert client.get("/sandbox/w2/api/customer/login_check").status_code == 405
    login(client, "/sandbox/w2", kind="customer")  # password hashes came along


@pytest.mark.parametrize("change, named", [
    (lambda doc: doc.update(version=2), "version"),
    (lambda doc: doc.update(format="other"), "format"),
    (lambda doc: doc["tables"].update(nothing=[]), "tables.nothing"),
    (lambda doc: doc["tables"]["customers"][0].update(first_name=5), "tables.customers[0].first_name"),
    (lambda doc: doc["tables"]["customers"][0].update(colour="red"), "tables.customers[0].colour"),
    (lambda doc: doc["tables"]["customers"][0].pop("store_code"), "tables.customers[0].store_code"),
    (lambda doc: doc["tables"]["customers"].append(dict(doc["tables"]["customers"][0])), "tables.customers"),
])
def test_a_bad_document_is_a_400_naming_the_field_and_changes_nothing(client, change, named):
    rename_john(client, "/sandbox/w1", "Kept")
    document = client.get("/_dev/export").json
    change(document)
    before = client.get("/sandbox/w1/_dev/export").json
    response = client.put("/sandbox/w1/_dev/import", json=document)
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith(named + ":")
    assert client.get("/sandbox/w1/_dev/export").json == before


def test_the_cli_exports_and_imports_and_works_in_a_sandbox(app, client, tmp_path):
    runner = app.test_cli_runner()
    rename_john(client, "/sandbox/w1", "Cli")
    target = tmp_path / "world.json"
    assert runner.invoke(args=["export", "--sandbox", "w1", str(target)]).exit_code == 0
    done = runner.invoke(args=["import", "--sandbox", "w2", str(target)])
    assert done.exit_code == 0 and "19 customers" in done.output, done.output
    assert first_name(client, "/sandbox/w2") == "Cli" and first_name(client) == "John"
    frozen = runner.invoke(args=["clock", "--sandbox", "w2", "freeze", "2020-01-01T10:00:00+01:00"])
    assert frozen.exit_code == 0, frozen.output
    assert client.get("/sandbox/w2/_dev/clock").json["mode"] == "frozen"
    assert client.get("/_dev/clock").json["mode"] == "real"
    token = runner.invoke(args=["token", "admin", "--sandbox", "w2"]).output.strip().split(": ", 1)[1]
    assert client.get("/sandbox/w2" + DETAILS, headers={"Authorization": token}).status_code == 200
    assert client.get(DETAILS, headers={"Authorization": token}).status_code == 401
    (tmp_path / "bad.json").write_text('{"format": "openloyalty-standin-world", "version": 9, "tables": {}}')
    refused = runner.invoke(args=["import", str(tmp_path / "bad.json")])
    assert refused.exit_code == 1 and "version: expected 1" in refused.output
    assert first_name(client) == "John"
    assert runner.invoke(args=["clock", "--sandbox", "Bad Name"]).exit_code == 2


def test_a_seed_file_seeds_the_default_world_new_sandboxes_and_resets(client, make_app, tmp_path):
    rename_john(client, "", "Seeded")
    (tmp_path / "world.json").write_text(__import__("json").dumps(client.get("/_dev/export").json))
    own = make_app(SEED_FILE=str(tmp_path / "world.json")).test_client()
    assert own.post("/_dev/reset").status_code == 204
    assert first_name(own) == "Seeded"
    assert first_name(own, "/sandbox/mine") == "Seeded"
    rename_john(own, "/sandbox/mine", "Changed")
    assert own.put("/_dev/sandboxes/mine", json={"from": "seed"}).status_code == 200
    assert first_name(own, "/sandbox/mine") == "Seeded"


def test_a_sandbox_deleted_while_the_list_is_read_is_left_out(app, client, monkeypatch):
    client.get("/sandbox/stays/health")
    client.get("/sandbox/vanish/health")
    store = app.extensions["worlds"].store
    names = store.names

    def names_then_deleted():
        found = names()
        store.delete("vanish")  # another request deletes it while the list is read
        return found

    monkeypatch.setattr(store, "names", names_then_deleted)
    listed = client.get("/_dev/sandboxes")
    assert listed.status_code == 200 and [entry["name"] for entry in listed.json["sandboxes"]] == ["stays"]
