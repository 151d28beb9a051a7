"""`make contract-live` runs on a server it does not own: what it changes there (customers, the clock,
faults, store settings) is put back when it ends."""
import os
import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
# A run over the operations that move the whole world, a reset and registrations.
PATHS = r"^/_dev/(clock/freeze|faults|reset)$|^/api/\{storeCode\}/admin/customer/register$"
KEPT_FAULT = {"path": "/api/*/pos/*", "method": "GET", "latencyMs": 5}


def test_a_live_contract_run_puts_back_what_it_changed(ol_live_server, ol_client, ol_auth):
    url = ol_live_server.url
    admin = ol_auth.headers("admin")
    mine = {"customer": {"firstName": "Before", "lastName": "Run", "email": "before.run@example.com",
                         "agreement1": True}}
    assert ol_client.post("/api/DEFAULT/admin/customer/register", json=mine, headers=admin).status_code == 200
    frozen = requests.post(url + "/_dev/clock/freeze", json={"at": "2021-06-01T08:00:00+02:00"}, timeout=10).json()
    assert requests.post(url + "/_dev/faults", json=KEPT_FAULT, timeout=10).status_code == 201
    before = ol_client.get("/api/DEFAULT/customer?perPage=-1", headers=admin).json

    env = {**os.environ, "CONTRACT_URL": url, "CONTRACT_PATHS": PATHS, "CONTRACT_EXAMPLES": "3",
           "CONTRACT_MODE": "positive"}
    completed = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                                "contract/test_live.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=600)
    assert " passed" in completed.stdout, completed.stdout[-3000:]

    assert requests.get(url + "/_dev/clock", timeout=10).json() == frozen
    faults = requests.get(url + "/_dev/faults", timeout=10).json()["faults"]
    assert [{key: fault[key] for key in KEPT_FAULT} for fault in faults] == [KEPT_FAULT]
    assert requests.get(url + "/_dev/snapshots", timeout=10).json()["snapshots"] == []
    assert ol_client.get("/api/DEFAULT/customer?perPage=-1", headers=admin).json == before
