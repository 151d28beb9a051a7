"""What gunicorn adds on the way out: no version banner; the app's security and CORS headers survive."""
import re

import pytest
import requests

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_only]  # servers over SQLite files


def test_server_banner_names_no_version(busy_server):
    for path in ("/api/doc/openapi.json", "/api/doc/", "/api/DEFAULT/customer", "/no/such/path"):
        response = requests.get(busy_server.url + path, timeout=10)
        assert not re.search(r"\d", response.headers.get("Server", "")), (path, response.headers["Server"])
        assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_preflight_over_http(busy_server):
    response = requests.options(
        busy_server.url + "/api/DEFAULT/customer",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "authorization"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Headers"] == "authorization"
    assert response.headers["Access-Control-Max-Age"] == "3600"
