"""The same contract run over HTTP against a running server: the stand-in, or a real Open
Loyalty. Runs only when CONTRACT_URL is set (make contract-live URL=http://127.0.0.1:8181).

The server is not the run's own: on a stand-in, what the run changes (customers, the outbox, store
settings, the clock, faults) is put back when it ends, from a snapshot taken before it and the clock
and faults read then. CONTRACT_PATHS (a regular expression) narrows the run to some paths; then the
operations that move the whole world (clock, snapshots, faults) are run too when they match.
"""
import os
import uuid
from pathlib import Path

import pytest
import requests
import schemathesis

from contract.conftest import CONFIG, CREDENTIALS, WORLD_MOVERS, token_auth

URL = (os.environ.get("CONTRACT_URL") or "").rstrip("/")
if not URL:
    pytest.skip("set CONTRACT_URL to run the contract over HTTP", allow_module_level=True)
PATHS = os.environ.get("CONTRACT_PATHS")
FAULT_FIELDS = ("path", "method", "latencyMs", "latencyMaxMs", "status", "rate", "seed")

schema = schemathesis.openapi.from_path(Path(__file__).parent / "openapi.json", config=CONFIG)
schema.config.update(base_url=URL)
# An exclusion, not include(): the config's per-operation check settings would widen an include again.
schema = schema.exclude(path_regex=f"^(?!(?:{PATHS}))") if PATHS else schema.exclude(path_regex=WORLD_MOVERS)


def _live_admin_token():
    path, body = CREDENTIALS["admin"]
    return requests.post(URL + path, json=body, timeout=30).json()["token"]


schema.auth()(token_auth("admin", obtain=_live_admin_token))


def _call(method, path, **kwargs):
    response = requests.request(method, URL + path, timeout=30, **kwargs)
    assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text[:300]}"
    return response


def save_world():
    """What the run may change, kept to be put back: None when the server has no control plane."""
    clock = requests.get(URL + "/_dev/clock", timeout=30)
    if clock.status_code != 200:
        return None
    snapshot = f"contract-live-{uuid.uuid4().hex[:12]}"
    _call("POST", f"/_dev/snapshots/{snapshot}")
    faults = _call("GET", "/_dev/faults").json()["faults"]
    return {"snapshot": snapshot, "clock": clock.json(), "faults": faults}


def restore_world(saved):
    """Put the data, the clock and the faults back as they were before the run."""
    _call("POST", f"/_dev/snapshots/{saved['snapshot']}/restore")
    _call("DELETE", f"/_dev/snapshots/{saved['snapshot']}")
    _call("DELETE", "/_dev/faults")
    for fault in saved["faults"]:
        _call("POST", "/_dev/faults", json={key: fault[key] for key in FAULT_FIELDS if fault.get(key) is not None})
    clock = saved["clock"]
    _call("DELETE", "/_dev/clock")
    if clock["mode"] == "frozen":
        _call("POST", "/_dev/clock/freeze", json={"at": clock["now"]})
    elif clock["offsetSeconds"]:
        _call("POST", "/_dev/clock/advance", json={"seconds": clock["offsetSeconds"]})


@pytest.fixture(scope="module", autouse=True)
def world_put_back():
    saved = save_world()
    yield
    if saved:
        restore_world(saved)


@schema.parametrize()
def test_live_server_keeps_the_contract(case):
    case.call_and_validate()
