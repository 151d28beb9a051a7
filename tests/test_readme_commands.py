"""Every command block of the README runs verbatim in bash, in order, against `make run`, as a
newcomer runs them after the first command: the blocks are read from README.md itself, so they
cannot drift from what the server does. Only the port differs (a free one in place of 8181), and
the instance folder, so the test never touches a developer's own `instance/`.

The first block is the README's two commands themselves: `make run` is the server every other
block talks to here, and `make test` is what runs this test.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.sqlite_only  # make run, on its SQLite file

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SERVED = "127.0.0.1:8181"
START_TIMEOUT = 180


def command_blocks(text=README):
    """(heading, code) of every ```sh block, in order; headings are read outside code blocks only."""
    blocks, heading = [], None
    for part in re.split(r"(```sh\n.*?```)", text, flags=re.S):
        if part.startswith("```sh\n"):
            blocks.append((heading, part[len("```sh\n"):-3]))
            continue
        for line in re.findall(r"^#+ (.*)$", re.sub(r"```.*?```", "", part, flags=re.S), re.M):
            heading = line
    return blocks


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MakeRun:
    """`make run` on a free port and a private instance folder, up once it says "Serving"."""

    def __init__(self, folder):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = {**os.environ, "PORT": str(self.port), "OL_INSTANCE_PATH": str(folder)}
        self.environment.pop("DATABASE_URL", None)
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "run"], cwd=ROOT, env=self.environment, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        self.output = []
        deadline = time.monotonic() + START_TIMEOUT
        while not any(line.startswith(f"Serving {self.url}") for line in self.output):
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("make run did not say Serving:\n" + "".join(self.output))
            self.output.append(line)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if shutil.which("curl") is None:
        if os.environ.get("CI"):
            pytest.fail("curl is missing; .ci/run installs it")
        pytest.skip("curl is not installed")
    server = MakeRun(tmp_path_factory.mktemp("readme-instance"))
    yield server
    server.stop()


def run_block(served, code):
    completed = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", code.replace(SERVED, f"127.0.0.1:{served.port}")],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=served.environment,
    )
    assert completed.returncode == 0, f"{code}\n--- stderr:\n{completed.stderr}\n--- stdout:\n{completed.stdout}"
    assert "curl: (" not in completed.stderr, completed.stderr
    for answer in ("<html", "<!doctype", '"code":500', '"code": 500'):
        assert answer not in completed.stdout.lower(), completed.stdout
    return completed.stdout


def admin_headers(served):
    token = requests.post(served.url + "/api/admin/login_check", json={"_username": "admin", "_password": "open"},
                          timeout=10).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def find(served, **query):
    answer = requests.get(served.url + "/api/DEFAULT/customer", params=query, headers=admin_headers(served),
                          timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["customers"]


def test_the_readme_starts_with_the_two_commands():
    first = command_blocks()[0][1].splitlines()
    assert [line.split()[:2] for line in first] == [["make", "run"], ["make", "test"]]
    assert "http://127.0.0.1:8181" in first[0]


def test_the_banner_comes_once_the_server_answers(served):
    assert requests.get(served.url + "/health", timeout=5).json()["status"] == "ok"
    said = "".join(served.output)
    assert re.search(r"^(Seeded|Kept) .*: \d+ customers", said, re.M), said
    assert f"Serving {served.url}: the API under /api/" in said


def after_the_walk(served, output):
    assert '"email":"john4@example.com"' in output and '"firstName":"John"' in output
    assert find(served, email="john4@example.com") == []  # its last command put the seed back


def after_the_flows(served, output):
    assert '"totalSuccess":2' in output and '"refresh_token":' in output  # the import, and Ola logged in
    assert find(served, email="ola@example.com")[0]["active"] is True
    assert find(served, phone="48600700800")[0]["active"] is True
    assert find(served, email="user-1@example.com")[0]["phone"] == "48111222333"
    assert find(served, email="anna.import@example.com")[0]["lastName"] == "Import"


def after_the_control_plane(served, output):
    assert '"now":"2019-03-20T12:00:00+0100"' in output and '"now":"2019-04-20T13:00:00+0200"' in output
    assert '"kind":"activation_code"' in output and output.count('"path":"/api/*/') == 2
    assert find(served, email="ola@example.com") == []  # reset
    assert [snapshot["name"] for snapshot in requests.get(served.url + "/_dev/snapshots", timeout=5).json()[
        "snapshots"]] == ["prepared"]
    assert requests.get(served.url + "/_dev/faults", timeout=5).json()["faults"] == []
    assert requests.get(served.url + "/_dev/clock", timeout=5).json()["mode"] == "real"


def after_the_command_line(served, output):
    lines = output.splitlines()
    assert lines[0].startswith("Authorization: Bearer ") and lines[1].startswith("Authorization: Bearer ")
    assert re.fullmatch(r"[0-9]{6}", lines[2]), lines
    assert requests.get(served.url + "/_dev/clock", timeout=5).json()["mode"] == "real"


def after_the_cockpits(served, output):
    customers, registrations, statuses, translations = output.splitlines()
    assert '"total":' in customers and customers.count('"customerId"') == 2
    assert registrations.count(":") == 30
    assert json.loads(statuses) == {"choices": ["new", "active", "blocked", "deleted"]}
    assert json.loads(translations) == {"global": {"program_name": "Our loyalty"}}


def after_the_clients(served, output):
    types, generated = Path("/tmp/openloyalty-schema.d.ts"), Path("/tmp/openloyalty-client")
    written = (types, generated / "pyproject.toml")
    assert all(time.time() - path.stat().st_mtime < 120 for path in written), "written just now"
    assert "CustomerRow" in types.read_text()
    generated = generated / "open_loyalty_customer_api_stand_in_client"
    assert (generated / "api" / "customer" / "get_customer.py").exists()
    assert "multipart" not in (generated / "api" / "customer" / "update_customer.py").read_text()


def after_the_sandboxes(served, output):
    lines = output.splitlines()
    assert lines[0] == '{"customerId":"00000000-0000-474c-b092-b0dd880c07e1"}' and lines[1] == "Sandy"
    assert json.loads(lines[2])["mode"] == "frozen" and json.loads(lines[3])["mode"] == "real"
    assert sorted(entry["name"] for entry in json.loads(lines[4])["sandboxes"]) == ["w1", "w2"]
    assert requests.get(served.url + "/_dev/sandboxes", timeout=5).json()["total"] == 0
    assert find(served, email="user@example.com")[0]["firstName"] == "John"  # the default world is untouched


CHECKS = {
    "A walk through the API": [after_the_walk],
    "Flows a frontend runs end to end": [after_the_flows],
    "Typed clients": [after_the_clients],
    "Testing a frontend against the stand-in": [after_the_control_plane, after_the_command_line],
    "Open Loyalty 3.x cockpits": [after_the_cockpits],
    "Sandboxes: isolated worlds in one server": [after_the_sandboxes],
}


def test_every_block_runs_in_order_and_does_what_it_says(served):
    checks = {heading: list(found) for heading, found in CHECKS.items()}
    for heading, code in command_blocks()[1:]:
        output = run_block(served, code)
        assert checks.get(heading), f"a new command block under {heading!r}: say in CHECKS what it does"
        checks[heading].pop(0)(served, output)
    assert not any(checks.values()), f"blocks the README no longer has: {checks}"
