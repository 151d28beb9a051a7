"""The same contract run over HTTP against a running server: the stand-in, or a real Open
Loyalty. Runs only when CONTRACT_URL is set (make contract-live URL=http://127.0.0.1:8181)."""
import os
from pathlib import Path

import pytest
import requests
import schemathesis

from contract.conftest import CONFIG, CREDENTIALS, token_auth

URL = os.environ.get("CONTRACT_URL")
if not URL:
    pytest.skip("set CONTRACT_URL to run the contract over HTTP", allow_module_level=True)

schema = schemathesis.openapi.from_path(Path(__file__).parent / "openapi.json", config=CONFIG)
schema.config.update(base_url=URL.rstrip("/"))


def _live_admin_token():
    path, body = CREDENTIALS["admin"]
    return requests.post(URL.rstrip("/") + path, json=body, timeout=30).json()["token"]


schema.auth()(token_auth("admin", obtain=_live_admin_token))


@schema.parametrize()
def test_live_server_keeps_the_contract(case):
    case.call_and_validate()
