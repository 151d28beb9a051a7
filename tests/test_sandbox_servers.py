"""Sandboxes across processes and servers: the workers of one gunicorn server share them, a CLI
command acts on one while the server runs, disk sandboxes outlive a restart and SANDBOXES=memory
ones go with the server. Two servers on two database files share nothing, even with one instance
folder, and a folder of the instance kept before worlds had their own is moved, not lost."""
import os
import shutil
import subprocess
import sys

import pytest
import requests

from openloyalty_standin.app import create_app
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.services import state
from openloyalty_standin.app.testing.support import _config
from tests.reliability.server import ROOT, Server

pytestmark = pytest.mark.sqlite_only  # sandboxes as files beside a SQLite database, across the servers on it

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
DETAILS = f"/api/DEFAULT/customer/{JOHN}"
ADMIN_LOGIN = {"_username": "admin", "_password": "open"}
SPREAD = 30  # requests, each on a new connection, so that both workers answer some


def admin(url, prefix=""):
    token = requests.post(f"{url}{prefix}/api/admin/login_check", json=ADMIN_LOGIN, timeout=10).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def first_name(url, prefix):
    response = requests.get(f"{url}{prefix}{DETAILS}", headers=admin(url, prefix), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["firstName"]


def rename_john(url, prefix, name):
    response = requests.put(f"{url}{prefix}{DETAILS}", headers=admin(url, prefix),
                            json={"customer": {"firstName": name}}, timeout=10)
    assert response.status_code == 200, response.text


def sandbox_names(url):
    return sorted(entry["name"] for entry in requests.get(url + "/_dev/sandboxes", timeout=10).json()["sandboxes"])


@pytest.fixture
def server(tmp_path):
    server = Server(tmp_path, workers=2)
    server.seed()
    yield server
    server.stop()


def test_the_workers_of_a_server_share_every_sandbox(server):
    url = server.start().url
    assert requests.put(url + "/_dev/sandboxes/w1", json={"from": "seed"}, timeout=10).status_code == 200
    rename_john(url, "/sandbox/w1", "Shared")
    headers = admin(url, "/sandbox/w1")

    names = {requests.get(f"{url}/sandbox/w1{DETAILS}", headers=headers, timeout=10).json()["firstName"]
             for _ in range(SPREAD)}
    assert names == {"Shared"}
    assert first_name(url, "") == "John"

    assert requests.delete(url + "/_dev/sandboxes/w1", timeout=10).status_code == 204
    assert all(requests.get(url + "/health", timeout=10).json()["sandboxes"] == 0 for _ in range(SPREAD))
    # made again on first use, by whichever worker: a fresh seeded one in every worker
    names = {first_name(url, "/sandbox/w1") for _ in range(SPREAD // 3)}
    assert names == {"John"}


def test_a_cli_command_acts_on_a_sandbox_while_the_server_runs(server):
    url = server.start().url
    rename_john(url, "/sandbox/w1", "Before")
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "clock", "freeze", "2020-02-03T04:05:06Z",
               "--sandbox", "w1"]
    subprocess.run(command, cwd=ROOT, env=server.env, check=True, capture_output=True, timeout=60)

    clocks = {requests.get(url + "/sandbox/w1/_dev/clock", timeout=10).json()["mode"] for _ in range(SPREAD // 3)}
    assert clocks == {"frozen"}
    assert requests.get(url + "/sandbox/w1/_dev/clock", timeout=10).json()["now"].startswith("2020-02-03")
    assert requests.get(url + "/_dev/clock", timeout=10).json()["mode"] == "real"
    exported = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "export", "-", "--sandbox", "w1"],
        cwd=ROOT, env=server.env, check=True, capture_output=True, timeout=60, text=True).stdout
    assert '"Before"' in exported and first_name(url, "/sandbox/w1") == "Before"


def test_sandboxes_on_disk_outlive_a_restart(server):
    url = server.start().url
    rename_john(url, "/sandbox/kept", "Kept")
    server.stop()

    url = server.start().url
    assert sandbox_names(url) == ["kept"]
    assert first_name(url, "/sandbox/kept") == "Kept"
    assert os.path.isdir(server.instance / "openloyalty.world" / "sandboxes" / "kept")


def test_sandboxes_in_memory_go_with_the_server(server):
    server.env["SANDBOXES"] = "memory"
    url = server.start().url
    rename_john(url, "/sandbox/gone", "Gone")
    assert all(first_name(url, "/sandbox/gone") == "Gone" for _ in range(SPREAD // 3))  # in both workers
    assert not os.path.exists(server.instance / "openloyalty.world" / "sandboxes")
    held = [folder for folder in os.listdir("/dev/shm" if os.path.isdir("/dev/shm") else "/tmp")
            if folder.startswith("openloyalty-sandboxes-")]
    server.stop()

    url = server.start().url
    assert sandbox_names(url) == []
    assert first_name(url, "/sandbox/gone") == "John"
    left = [folder for folder in os.listdir("/dev/shm" if os.path.isdir("/dev/shm") else "/tmp")
            if folder.startswith("openloyalty-sandboxes-")]
    assert len(set(held) - set(left)) >= 1  # the stopped server's folder was removed


def test_an_unknown_sandboxes_mode_stops_the_start_in_one_line(tmp_path):
    with pytest.raises(Exception, match="SANDBOXES=tape: it is disk"):
        create_app({**_config(str(tmp_path), str(tmp_path / "a.db")), "SANDBOXES": "tape"})


# --- two databases, one instance folder


def seeded_app(instance, database):
    app = create_app(_config(str(instance), str(database)))
    with app.app_context():
        state.prepare_database()
        db.session.remove()
    return app


def test_two_databases_in_one_instance_folder_share_nothing(tmp_path):
    first, second = seeded_app(tmp_path, tmp_path / "first.db"), seeded_app(tmp_path, tmp_path / "second.db")
    one, two = first.test_client(), second.test_client()

    assert one.post("/_dev/clock/freeze", json={"at": "2020-01-01T00:00:00Z"}).status_code == 200
    assert one.post("/_dev/faults", json={"path": "/nowhere", "status": 503}).status_code in (200, 201)
    assert one.post("/_dev/snapshots/only-first").status_code in (200, 201)
    assert one.get("/sandbox/w1/health").status_code == 200
    token = one.post("/api/admin/login_check", json=ADMIN_LOGIN).json["token"]

    assert two.get("/_dev/clock").json["mode"] == "real"
    assert two.get("/_dev/faults").json == {"faults": []}
    assert two.get("/_dev/snapshots").json == {"snapshots": []}
    assert two.get("/_dev/sandboxes").json["total"] == 0
    assert [entry["path"] for entry in two.get("/_dev/requests").json["requests"]] == [
        "/_dev/sandboxes", "/_dev/snapshots", "/_dev/faults", "/_dev/clock"]
    refused = two.get(DETAILS, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and refused.json["message"] == "Invalid JWT Token"  # keys of its own
    assert one.get(DETAILS, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


def test_files_the_instance_folder_held_before_are_moved_beside_the_database(tmp_path):
    app = seeded_app(tmp_path, tmp_path / "openloyalty.db")
    client = app.test_client()
    client.post("/_dev/snapshots/earlier")
    token = client.post("/api/admin/login_check", json=ADMIN_LOGIN).json["token"]
    with app.app_context():
        db.engine.dispose()
    home = tmp_path / "openloyalty.world"
    for name in os.listdir(home):  # the instance folder as an earlier version left it
        shutil.move(str(home / name), str(tmp_path / name))
    home.rmdir()
    (tmp_path / "clock.json").write_text('{"frozenAt": null, "offsetSeconds": 60}')

    upgraded = create_app(_config(str(tmp_path), str(tmp_path / "openloyalty.db")))
    result = upgraded.test_cli_runner().invoke(args=["seed"])

    assert result.exit_code == 0, result.output
    assert "Moved clock.json" in result.output and "snapshots" in result.output
    client = upgraded.test_client()
    assert client.get("/_dev/clock").json["mode"] == "shifted"
    assert client.get("/_dev/clock").json["offsetSeconds"] == 60
    assert [entry["name"] for entry in client.get("/_dev/snapshots").json["snapshots"]] == ["earlier"]
    assert client.get(DETAILS, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert not os.path.exists(tmp_path / "clock.json")
    assert not os.path.exists(tmp_path / "openloyalty.world" / "clock.json")  # now in the database
    with upgraded.app_context():
        db.engine.dispose()


def test_a_path_that_serves_nothing_makes_no_sandbox(client):
    for path in ("/sandbox/ghost/favicon.ico", "/sandbox/ghost/api/nowhere"):
        response = client.get(path)
        assert response.status_code == 404 and response.is_json, path
        assert response.json["error"]["code"] == 404
    assert client.get("/_dev/sandboxes").json["total"] == 0
    assert client.get("/sandbox/real/health").status_code == 200
    assert client.get("/sandbox/real/favicon.ico").status_code == 404
    assert [entry["name"] for entry in client.get("/_dev/sandboxes").json["sandboxes"]] == ["real"]


def test_listing_sandboxes_neither_makes_nor_keeps_alive_the_ones_it_reads(make_app):
    app = make_app(SANDBOX_IDLE_TTL=3600)
    client = app.test_client()
    client.get("/sandbox/listed/health")
    registry = app.extensions["worlds"]
    used = os.path.join(registry.root, "listed", ".used")
    os.utime(used, (1_000_000_000, 1_000_000_000))
    registry._touched.clear()

    assert client.get("/_dev/sandboxes").json["sandboxes"][0]["lastUsedAt"].startswith("2001-09-09")
    assert client.get("/_dev/").status_code == 200  # the page lists them too
    assert os.stat(used).st_mtime == 1_000_000_000


def test_a_sandbox_deleted_while_the_list_is_read_is_left_out_and_stays_deleted(make_app, monkeypatch):
    app = make_app()
    client = app.test_client()
    for name in ("keep", "vanish"):
        client.get(f"/sandbox/{name}/health")
    registry = app.extensions["worlds"]
    created = registry.created

    def deleted_meanwhile(name):
        if name == "vanish":
            registry.delete(name)  # another request's DELETE, between the folder listing and the read
        return created(name)

    monkeypatch.setattr(registry, "created", deleted_meanwhile)
    assert [entry["name"] for entry in client.get("/_dev/sandboxes").json["sandboxes"]] == ["keep"]
    monkeypatch.undo()
    assert client.get("/_dev/sandboxes").json["total"] == 1
    assert not os.path.exists(os.path.join(registry.root, "vanish"))


def test_two_apps_on_one_database_follow_one_clock_and_one_set_of_faults(tmp_path):
    first = seeded_app(tmp_path / "one", tmp_path / "shared.db")
    second = create_app(_config(str(tmp_path / "two"), str(tmp_path / "shared.db")))  # its own instance folder
    one, two = first.test_client(), second.test_client()

    assert one.post("/_dev/clock/freeze", json={"at": "2020-01-01T00:00:00Z"}).status_code == 200
    fault = {"path": "/api/DEFAULT/customer/check", "status": 503}
    assert two.post("/_dev/faults", json=fault).status_code in (200, 201)

    assert two.get("/_dev/clock").json["now"].startswith("2020-01-01")
    assert one.get("/api/DEFAULT/customer/check?emailOrPhone=x").status_code == 503
    assert one.delete("/_dev/clock").status_code in (200, 204) and two.get("/_dev/clock").json["mode"] == "real"
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()
