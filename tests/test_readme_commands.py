"""The README's commands for testing a frontend run as written, against a live server (its
address in place of 127.0.0.1:8181), and do what the README says."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SERVED = "http://127.0.0.1:8181"


def shell_blocks(heading):
    """The ```sh blocks of a README section, in order."""
    section = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^## )", README, re.S | re.M).group(1)
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def run(script, env=None):
    completed = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True,
                               timeout=120, cwd=ROOT, env={**os.environ, **(env or {})})
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.fixture
def curl():
    if shutil.which("curl") is None:
        if os.environ.get("CI"):
            pytest.fail("curl is missing; .ci/run installs it")
        pytest.skip("curl is not installed")


def test_the_control_plane_commands(curl, ol_live_server, ol_client, ol_auth):
    admin = ol_auth.headers("admin")
    ol_client.put("/api/DEFAULT/customer/00000000-0000-474c-b092-b0dd880c07e1",
                  json={"customer": {"firstName": "Changed"}}, headers=admin)
    output = run(shell_blocks("Testing a frontend against the stand-in")[0].replace(SERVED, ol_live_server.url))

    john = ol_client.get("/api/DEFAULT/customer/00000000-0000-474c-b092-b0dd880c07e1", headers=admin).json
    assert john["firstName"] == "John"  # reset
    assert [snapshot["name"] for snapshot in ol_client.get("/_dev/snapshots").json["snapshots"]] == ["prepared"]
    assert '"now":"2019-03-20T12:00:00+0100"' in output  # frozen
    assert '"now":"2019-04-20T13:00:00+0200"' in output  # 31 days of seconds later, in summer time
    assert ol_client.get("/_dev/clock").json["mode"] == "real"
    assert output.count('"path":"/api/*/') == 2  # both faults were added
    assert ol_client.get("/_dev/faults").json["faults"] == []


def test_the_3x_cockpit_commands(curl, ol_live_server):
    output = run(shell_blocks("Open Loyalty 3.x cockpits")[0].replace(SERVED, ol_live_server.url))
    customers, registrations = output.splitlines()
    assert '"total":' in customers and customers.count('"customerId"') == 2
    assert registrations.count(":") == 30


def test_the_command_line_on_the_served_instance(ol_app, ol_live_server, ol_client, ol_auth):
    sent = ol_client.post("/api/DEFAULT/admin/customer/1bbafb37-b51b-47c5-b3e4-e0a2d028e655/send-sms-code",
                          headers=ol_auth.headers("admin"))
    assert sent.status_code == 200
    script = shell_blocks("Testing a frontend against the stand-in")[1]
    script = script.replace(".venv/bin/flask", f"{sys.executable} -m flask")
    environment = {
        "OL_INSTANCE_PATH": ol_app.instance_path,
        "DATABASE_URL": ol_app.config["SQLALCHEMY_DATABASE_URI"],
        "JWT_PRIVATE_KEY_PATH": ol_app.config["JWT_PRIVATE_KEY_PATH"],
        "JWT_PUBLIC_KEY_PATH": ol_app.config["JWT_PUBLIC_KEY_PATH"],
    }
    admin_header, customer_header, code, clock = run(script, environment).strip().splitlines()[:4]
    assert ol_client.get("/_dev/clock").json["offsetSeconds"] == 86400, clock
    ol_client.delete("/_dev/clock")  # the day advanced is the tokens' lifetime
    for header, path in ((admin_header, "/api/DEFAULT/customer"),
                         (customer_header, "/api/DEFAULT/customer/00000000-0000-474c-b092-b0dd880c07e1")):
        name, value = header.split(": ", 1)
        assert ol_client.get(path, headers={name: value}).status_code == 200
    assert code == ol_client.get("/_dev/outbox/latest", query_string={"to": "+48500100200"}).json["code"]
