"""What every answer carries: security headers, a content security policy on HTML pages,
and CORS for browser frontends served from another origin."""
import base64
import hashlib
import re

import pytest

from tests.conftest import JOHN
from tests.test_avatar import image_bytes, upload

PREFLIGHT = {"Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization, content-type"}
JOHN_URL = f"/api/DEFAULT/customer/{JOHN}"


def answers(client, auth):
    """One answer of every kind the server gives, by name."""
    admin = auth.headers("admin")
    upload(client, admin, image_bytes("PNG"))
    return {
        "json": client.get(JOHN_URL, headers=admin),
        "form error": client.put(JOHN_URL, headers=admin, data={"customer[email]": "nope"}),
        "401": client.get(JOHN_URL),
        "403": client.get("/api/DEFAULT/admin/customer", headers=auth.headers("customer")),
        "404 route": client.get("/no/such/path"),
        "404 store": client.get("/api/NOPE/customer", headers=admin),
        "405": client.get("/api/admin/login_check"),
        "413": client.post("/api/admin/login_check", data=b"x" * (21 * 1024 * 1024), content_type="text/plain"),
        "empty 200": client.post(f"/api/DEFAULT/admin/customer/{JOHN}/activate", headers=admin),
        "204": client.delete(f"{JOHN_URL}/avatar", headers=admin),
        "image": (upload(client, admin, image_bytes("PNG")), client.get(f"{JOHN_URL}/avatar", headers=admin))[1],
        "docs page": client.get("/api/doc/"),
        "asset": client.get("/api/doc/assets/swagger-ui.css"),
        "document": client.get("/api/doc/openapi.json"),
        "outbox": client.get("/_dev/outbox"),
    }


def test_every_kind_of_answer_says_nosniff(client, auth):
    for name, response in answers(client, auth).items():
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name
        assert response.headers.get("Referrer-Policy") == "no-referrer", name
        assert response.status_code < 500, name


def test_api_answers_forbid_any_content(client, auth):
    for name, response in answers(client, auth).items():
        if response.mimetype != "text/html":
            assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'", name


def test_request_over_the_size_limit_is_413_in_the_envelope(client, auth):
    response = answers(client, auth)["413"]
    assert response.status_code == 413
    assert response.json == {"error": {"code": 413, "message": "Request Entity Too Large"}}


def test_docs_page_policy_allows_exactly_its_own_inline_scripts(client):
    page = client.get("/api/doc/")
    policy = dict(part.strip().split(" ", 1) for part in page.headers["Content-Security-Policy"].split(";"))
    scripts = re.findall(rb"<script>(.*?)</script>", page.data, re.S)
    assert scripts, "the page has an inline script"
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'" for script in scripts}
    assert set(policy["script-src"].split()) == {"'self'"} | hashes
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert page.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "origin", ["http://localhost:3000", "http://127.0.0.1:8080", "https://localhost", "http://[::1]:5173"]
)
def test_local_frontends_may_call_by_default(client, auth, origin):
    preflight = client.options(JOHN_URL, headers={"Origin": origin, **PREFLIGHT})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    assert "PUT" in preflight.headers["Access-Control-Allow-Methods"]
    assert {"authorization", "content-type"} <= set(
        h.strip().lower() for h in preflight.headers["Access-Control-Allow-Headers"].split(",")
    )
    response = client.get(JOHN_URL, headers={"Origin": origin, **auth.headers("admin")})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "Origin" in response.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost.evil.example", "null"])
def test_other_origins_get_no_cors_grant(client, auth, origin):
    preflight = client.options(JOHN_URL, headers={"Origin": origin, **PREFLIGHT})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    response = client.get(JOHN_URL, headers={"Origin": origin, **auth.headers("admin")})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("setting", ["https://shop.example, https://cockpit.example", ["https://shop.example"]])
def test_configured_origins_replace_the_default(make_app, setting):
    client = make_app(CORS_ORIGINS=setting).test_client()
    allowed = client.options(JOHN_URL, headers={"Origin": "https://shop.example", **PREFLIGHT})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    local = client.options(JOHN_URL, headers={"Origin": "http://localhost:3000", **PREFLIGHT})
    assert "Access-Control-Allow-Origin" not in local.headers


def test_any_origin_when_configured_so(make_app):
    client = make_app(CORS_ORIGINS="*").test_client()
    preflight = client.options(JOHN_URL, headers={"Origin": "https://anywhere.example", **PREFLIGHT})
    assert preflight.headers["Access-Control-Allow-Origin"] in ("*", "https://anywhere.example")


def test_unauthenticated_answers_still_carry_cors_so_a_browser_can_read_them(client):
    response = client.get(JOHN_URL, headers={"Origin": "http://localhost:3000"})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert "WWW-Authenticate" in response.headers["Access-Control-Expose-Headers"]
