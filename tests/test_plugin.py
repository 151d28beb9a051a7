"""The pytest plugin's fixtures, as a downstream project uses them."""
import re
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

from tests.conftest import JOHN, NEW_CUSTOMER

pytest_plugins = ("pytester",)
NEW_PHONE = "+48500100200"


def test_live_server_serves_the_same_app_over_http(ol_live_server, ol_client, ol_auth):
    headers = ol_auth.headers("admin")
    response = requests.get(f"{ol_live_server.url}/api/DEFAULT/customer/{JOHN}", headers=headers, timeout=10)
    assert response.status_code == 200 and response.json()["email"] == "user@example.com"
    updated = requests.put(f"{ol_live_server.url}/api/DEFAULT/customer/{JOHN}", headers=headers, timeout=10,
                           json={"customer": {"lastName": "Live"}})
    assert updated.status_code == 200
    assert ol_client.get(f"/api/DEFAULT/customer/{JOHN}", headers=headers).json["lastName"] == "Live"


def test_clock_fixture(ol_clock, ol_client):
    ol_clock.freeze(datetime(2019, 3, 20, 11, tzinfo=timezone.utc))
    ol_clock.advance("1d")
    ol_clock.advance(3600)
    assert ol_clock.now() == datetime(2019, 3, 21, 12, tzinfo=timezone.utc)
    assert ol_client.get("/_dev/clock").json["mode"] == "frozen"
    ol_clock.release()
    assert abs(ol_clock.now() - datetime.now(timezone.utc)) < timedelta(seconds=5)


def test_outbox_fixture(ol_outbox, ol_client, ol_auth):
    assert ol_outbox.latest(to=NEW_PHONE) is None
    ol_client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code", headers=ol_auth.headers("admin"))
    assert ol_outbox.latest(to=NEW_PHONE)["kind"] == "activation_code"
    assert ol_client.post(f"/api/DEFAULT/customer/activate-sms/{ol_outbox.code(NEW_PHONE)}").status_code == 204
    ol_outbox.clear()
    assert ol_outbox.messages() == []


def test_snapshots_fixture(ol_snapshots, ol_client, ol_auth):
    headers = ol_auth.headers("admin")
    ol_snapshots.take("start")
    assert ol_client.delete(f"/api/DEFAULT/customer/{JOHN}", headers=headers).status_code in (200, 204)
    ol_snapshots.restore("start")
    assert ol_client.get(f"/api/DEFAULT/customer/{JOHN}", headers=headers).status_code == 200
    assert ol_snapshots.names() == ["start"]
    ol_snapshots.delete("start")
    assert ol_snapshots.names() == []


def test_a_downstream_project_gets_the_fixtures_from_the_entry_point(pytester):
    pytester.makepyfile(test_frontend=textwrap.dedent('''
        def test_register_then_read_the_code(ol_client, ol_auth, ol_outbox, ol_clock):
            ol_clock.freeze("2019-03-20T12:00:00+01:00")
            headers = ol_auth.headers("admin")
            response = ol_client.post("/api/DEFAULT/admin/customer/1bbafb37-b51b-47c5-b3e4-e0a2d028e655/send-sms-code",
                                      headers=headers)
            assert response.status_code == 200
            assert len(ol_outbox.code("+48500100200")) == 6
    '''))
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_readme_example_runs_verbatim(pytester):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Using it from pytest.*?```python\n(.*?)```", readme, re.S).group(1)
    pytester.makepyfile(test_readme=example)
    pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_each_test_meets_the_seeded_world_whatever_the_last_one_left(pytester):
    pytester.makepyfile(test_worlds=textwrap.dedent('''
        import os

        JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
        PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                            "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


        def test_first_changes_everything(ol_app, ol_client, ol_auth, ol_clock, ol_snapshots):
            headers = ol_auth.headers("admin")
            assert ol_client.delete(f"/api/DEFAULT/customer/{JOHN}", headers=headers).status_code == 204
            ol_clock.freeze("2019-03-20T12:00:00+01:00")
            ol_client.post("/_dev/faults", json={"path": "/nowhere/*", "status": 503})
            ol_snapshots.take("left-behind")
            assert ol_client.put("/_dev/stores/DEFAULT/settings", json={"activationMethod": "sms"}).status_code == 200
            ol_app.config["MASTER_API_KEY"] = "changed"
            os.makedirs(os.path.join(ol_app.extensions["worlds"].home, "avatars"), exist_ok=True)
            open(os.path.join(ol_app.extensions["worlds"].home, "avatars", "left.png"), "wb").write(PNG)
            assert ol_client.get("/_dev/requests").json["requests"]


        def test_second_meets_the_seed(ol_app, ol_client, ol_auth):
            headers = ol_auth.headers("admin")
            assert ol_client.get(f"/api/DEFAULT/customer/{JOHN}", headers=headers).status_code == 200
            assert ol_client.get("/_dev/clock").json["mode"] == "real"
            assert ol_client.get("/_dev/faults").json == {"faults": []}
            assert ol_client.get("/_dev/snapshots").json == {"snapshots": []}
            body = {"customer": {"firstName": "E", "lastName": "Mail", "email": "e.mail@example.com",
                                 "agreement1": True, "plainPassword": "OpenLoyalty123!"}}
            assert ol_client.post("/api/DEFAULT/customer/self_register", json=body).status_code == 200  # no phone
            assert ol_app.config["MASTER_API_KEY"] != "changed"
            assert not os.path.exists(os.path.join(ol_app.extensions["worlds"].home, "avatars", "left.png"))
            logged = ol_client.get("/_dev/requests").json["requests"]
            assert [record["method"] for record in logged] == ["POST", "GET", "GET", "GET", "GET"]
    '''))
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
