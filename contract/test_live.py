"""The same contract run over HTTP against a running server: the stand-in, or a real Open
Loyalty. Runs only when CONTRACT_URL is set (make contract-live URL=http://127.0.0.1:8181)."""
import os
from pathlib import Path

import pytest
import requests
import schemathesis

from contract.conftest import CONFIG, CREDENTIALS

URL = os.environ.get("CONTRACT_URL")
if not URL:
    pytest.skip("set CONTRACT_URL to run the contract over HTTP", allow_module_level=True)

schema = schemathesis.openapi.from_path(Path(__file__).parent / "openapi.json", config=CONFIG)
schema.config.update(base_url=URL.rstrip("/"))


@schema.auth()
class LiveAdminToken:
    """An admin JWT from the server's own login."""

    def get(self, case, ctx):
        path, body = CREDENTIALS["admin"]
        return requests.post(URL.rstrip("/") + path, json=body, timeout=30).json()["token"]

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
def test_live_server_keeps_the_contract(case):
    case.call_and_validate()
