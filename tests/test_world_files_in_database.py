"""What a server holds lives in its world's database, not in files: two apps with instance folders
of their own on one database sign and verify tokens with one key pair, serve the same avatars and
list the same requests. A world an earlier version made, with its key pair and avatars as files of
its folder, keeps its tokens and avatars after the upgrade."""
import os
import time

import jwt
import pytest
from sqlalchemy import delete, update

from openloyalty_standin.app import create_app, jwt_keys, worlds
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, WorldSetting
from openloyalty_standin.app.services import request_log
from openloyalty_standin.app.testing.support import _config
from tests.conftest import ADMIN_ID, JOHN
from tests.test_avatar import image_bytes, upload

DETAILS = f"/api/DEFAULT/customer/{JOHN}"
AVATAR = f"{DETAILS}/avatar"
LEGACY_AVATAR = "avatars/" + "ab" * 16 + ".png"


def login(client, prefix="", kind="admin"):
    accounts = {"admin": ("admin", "open"), "customer": ("user@example.com", "loyalty")}
    username, password = accounts[kind]
    response = client.post(f"{prefix}/api/{kind}/login_check", json={"_username": username, "_password": password})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def world_files(app):
    """The key files and avatar files in the app's world folders (its sandboxes' too)."""
    home = worlds.worlds(app).home
    return sorted(os.path.relpath(os.path.join(path, name), home) for path, _, names in os.walk(home)
                  for name in names if name.endswith(".pem") or os.path.basename(path) == "avatars")


def forget_the_key_pair(app):
    """No pair stored yet, as in a world no token was ever issued in."""
    with app.app_context():
        db.session.execute(delete(WorldSetting).where(WorldSetting.name == jwt_keys.SETTING))
        db.session.commit()


class Servers:
    """Apps on one database (a copy of the seed holding no key pair yet), as servers are, each with
    an instance folder of its own and no key files configured."""

    def __init__(self, template, folder):
        self.folder, self.apps = folder, []
        (folder / "one").mkdir()
        self.url = template.copy(str(folder / "one"))

    def start(self, name):
        app = create_app(_config(str(self.folder / name), self.url))
        if not self.apps:
            forget_the_key_pair(app)
        self.apps.append(app)
        return app

    def stop(self):
        for app in self.apps:
            with app.app_context():
                db.engine.dispose()


@pytest.fixture
def servers(ol_template, tmp_path):
    servers = Servers(ol_template, tmp_path)
    yield servers
    servers.stop()


@pytest.fixture
def two_apps(servers):
    return [servers.start("one"), servers.start("two")]


def test_a_token_of_one_server_verifies_on_the_other(two_apps):
    one, two = (app.test_client() for app in two_apps)
    admin_of_one, customer_of_two = login(one), login(two, kind="customer")

    assert two.get(DETAILS, headers=admin_of_one).status_code == 200
    assert one.get(DETAILS, headers=customer_of_two).status_code == 200
    sandbox_admin = login(one, "/sandbox/shared")
    assert two.get(f"/sandbox/shared{DETAILS}", headers=sandbox_admin).status_code == 200
    assert [world_files(app) for app in two_apps] == [[], []]


def test_two_servers_making_the_first_pair_at_once_end_with_one(two_apps, monkeypatch):
    """The second server finds no pair and makes one; the first stores its own meanwhile and wins."""
    first, second = two_apps
    made = jwt_keys._new_pair
    winner = {}

    def made_while_the_other_stores():
        if not winner:
            winner["headers"] = None  # the first server makes its own pair by this function too
            winner["headers"] = login(first.test_client())
        return made()

    monkeypatch.setattr(jwt_keys, "_new_pair", made_while_the_other_stores)
    pair = jwt_keys.key_pair(second)

    assert second.test_client().get(DETAILS, headers=winner["headers"]).status_code == 200
    assert first.test_client().get(DETAILS, headers=login(second.test_client())).status_code == 200
    assert first.extensions[jwt_keys.KEPT] == second.extensions[jwt_keys.KEPT] == pair


def test_a_pair_made_by_a_command_that_never_commits_is_stored(two_apps):
    """`flask token` signs outside any request and commits nothing: its pair is stored all the same."""
    first, second = two_apps
    result = first.test_cli_runner().invoke(args=["token", "admin"])
    assert result.exit_code == 0, result.output
    header = result.output.strip().split(": ", 1)

    assert second.test_client().get(DETAILS, headers=dict([header])).status_code == 200


def test_tokens_outlive_a_snapshot_taken_before_the_first_one(two_apps, servers):
    one, two = (app.test_client() for app in two_apps)
    assert one.post("/_dev/snapshots/before-tokens").status_code in (200, 201)
    earlier = login(one)
    assert two.get(DETAILS, headers=earlier).status_code == 200

    assert one.post("/_dev/snapshots/before-tokens/restore").status_code == 200  # no pair stored now
    later = login(two)  # stores again the pair it signs with

    third = servers.start("three")  # a server started after the restore
    assert third.test_client().get(DETAILS, headers=earlier).status_code == 200
    assert third.test_client().get(DETAILS, headers=later).status_code == 200


def test_an_avatar_uploaded_through_one_server_is_served_by_the_other(two_apps):
    one, two = (app.test_client() for app in two_apps)
    gif = image_bytes("GIF")
    assert upload(one, login(one), gif, filename="me.gif", content_type="image/gif").status_code == 204

    served = two.get(AVATAR, headers=login(two))
    assert served.status_code == 200 and served.data == gif and served.mimetype == "image/gif"
    assert two.delete(AVATAR, headers=login(two)).status_code == 204
    assert one.get(AVATAR, headers=login(one)).status_code == 204
    assert [world_files(app) for app in two_apps] == [[], []]


def test_a_request_made_through_one_server_is_listed_by_the_other(two_apps):
    one, two = (app.test_client() for app in two_apps)
    assert one.delete("/_dev/requests").status_code == 204
    one.get("/api/DEFAULT/customer/check?emailOrPhone=user@example.com")
    one.post("/api/admin/login_check", json={"_username": "admin", "_password": "wrong"})

    logged = two.get("/_dev/requests").json["requests"]
    assert [(entry["method"], entry["path"], entry["status"]) for entry in logged] == [
        ("POST", "/api/admin/login_check", 401), ("GET", "/api/DEFAULT/customer/check", 200)]
    assert two.delete("/_dev/requests").status_code == 204
    assert one.get("/_dev/requests").json == {"requests": []}
    assert [world_files(app) for app in two_apps] == [[], []]


def test_the_log_lives_through_a_reset_and_is_no_part_of_an_export(two_apps):
    one, two = (app.test_client() for app in two_apps)
    one.get("/api/DEFAULT/customer/check?emailOrPhone=x")
    assert one.post("/_dev/reset").status_code == 204

    paths = [entry["path"] for entry in two.get("/_dev/requests").json["requests"]]
    assert paths[:2] == ["/_dev/reset", "/api/DEFAULT/customer/check"]
    assert "request_log" not in two.get("/_dev/export").json["tables"]


# --- a world an earlier version made ------------------------------------------------------------


def earlier_versions_world(app, token_claims):
    """Make the app's world what version 0004 left: no tables of 0005, no stored pair, the pair as
    files of the world's folder (one token signed with it) and John's avatar as a file there."""
    runner = app.test_cli_runner()
    forget_the_key_pair(app)
    assert runner.invoke(args=["db", "downgrade", "0004"]).exit_code == 0
    home = worlds.worlds(app).home
    os.makedirs(os.path.join(home, "avatars"), exist_ok=True)
    private, public = jwt_keys._new_pair()
    for name, pem in zip(jwt_keys.FILES, (private, public)):
        with open(os.path.join(home, name), "wb") as out:
            out.write(pem)
    png = image_bytes("PNG")
    with open(os.path.join(home, LEGACY_AVATAR), "wb") as out:
        out.write(png)
    with app.app_context():
        db.session.execute(update(Customer).where(Customer.id == JOHN).values(
            avatar_path=LEGACY_AVATAR, avatar_mime="image/png", avatar_original_name="old.png"))
        db.session.commit()
    token = jwt.encode(token_claims, private, algorithm="RS256", headers={"typ": "JWS"})
    return {"Authorization": f"Bearer {token}"}, png


def test_a_world_of_an_earlier_version_keeps_its_tokens_and_avatars(two_apps, servers):
    first, second = two_apps
    now = int(time.time())
    claims = {"exp": now + 3600, "username": "admin", "roles": ["ROLE_ADMIN"], "id": ADMIN_ID,
              "lastLoginAt": None, "permissions": [], "superAdmin": True, "iat": str(now)}
    earlier_token, png = earlier_versions_world(first, claims)

    upgrade = first.test_cli_runner().invoke(args=["seed"])
    assert upgrade.exit_code == 0 and "from revision 0004 to 0005" in upgrade.output, upgrade.output

    one, two = first.test_client(), second.test_client()
    assert one.get(DETAILS, headers=earlier_token).status_code == 200
    served = one.get(AVATAR, headers=earlier_token)
    assert served.status_code == 200 and served.data == png and served.mimetype == "image/png"
    assert one.get(DETAILS, headers=login(one)).json["avatarPath"] == LEGACY_AVATAR  # a new token stores the pair
    assert world_files(first) == []  # both taken into the database

    assert two.get(AVATAR, headers=earlier_token).data == png
    third = servers.start("three")  # no pair in its process, no files to read
    assert third.test_client().get(AVATAR, headers=earlier_token).data == png


def test_the_log_keeps_any_path_and_finds_paths_by_their_pattern(client):
    client.delete("/_dev/requests")
    for path in ("/no/such/a_x", "/no/such/bYx", "/No/such/a_x", "/no/such/%00nul", "/no/such/100%25"):
        client.get(path)

    def found(pattern):
        listed = client.get("/_dev/requests", query_string={"path": pattern}).json["requests"]
        return [entry["path"] for entry in listed]

    assert found("/no/such/[ab]_x") == ["/no/such/a_x"]
    assert found("/no/such/?Yx") == ["/no/such/bYx"]
    assert found("/no/*_x") == ["/no/such/a_x"]  # as faults match paths: case counts, _ is no wildcard
    assert found("/no/such/*nul") == ["/no/such/\ufffdnul"]  # a NUL character is kept as U+FFFD
    assert found("/no/such/1%") == [] and found("/no/such/1*%") == ["/no/such/100%"]


def test_an_export_carries_the_avatars_into_another_sandbox(client, auth):
    gif = image_bytes("GIF")
    assert upload(client, auth.headers("admin"), gif, filename="me.gif", content_type="image/gif").status_code == 204
    document = client.get("/_dev/export").json
    assert [row["customer_id"] for row in document["tables"]["customer_avatars"]] == [JOHN]

    assert client.put("/sandbox/imported/_dev/import", json=document).status_code == 200
    served = client.get(f"/sandbox/imported{AVATAR}", headers=login(client, "/sandbox/imported"))
    assert served.status_code == 200 and served.data == gif


def test_the_log_files_of_sqlite_worlds_do_not_pile_up(tmp_path, ol_template):
    """Apps come and go (one per test): the log keeps few of their files open."""
    for number in range(10):
        folder = tmp_path / f"instance-{number}"
        folder.mkdir()
        app = create_app(_config(str(folder), str(folder / "db.db"), ol_template))
        assert app.test_client().get("/no/such/path").status_code == 404
        assert [entry["path"] for entry in app.test_client().get("/_dev/requests").json["requests"]] == [
            "/no/such/path"]
        with app.app_context():
            db.engine.dispose()
    assert len(request_log._files) <= request_log._files.kept


def test_a_deleted_customer_takes_its_avatar_along(client, auth):
    headers = auth.headers("admin")
    assert upload(client, headers, image_bytes("PNG")).status_code == 204
    assert client.delete(DETAILS, headers=headers).status_code == 204
    assert client.get("/_dev/export").json["tables"]["customer_avatars"] == []
