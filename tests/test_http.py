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


# --- CORS under /api/: Open Loyalty's NelmioCors setup (DECISIONS 6, cockpit facts section 5)

ORIGINS = ["http://localhost:3000", "https://cockpit.example", "null"]
NELMIO_METHODS = "POST, PUT, GET, DELETE"


def preflight(client, path, method="PUT", headers="authorization, content-type", origin="https://cockpit.example"):
    sent = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        sent["Access-Control-Request-Headers"] = headers
    return client.options(path, headers=sent)


def assert_nelmio_preflight(response, status=200, headers="authorization, content-type"):
    assert response.status_code == status
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == NELMIO_METHODS
    assert response.headers["Access-Control-Max-Age"] == "3600"
    assert response.headers.get("Access-Control-Allow-Headers") == headers
    assert response.data == b""
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("origin", ORIGINS)
@pytest.mark.parametrize("path", [
    JOHN_URL,  # routed and protected
    "/api/settings/choices/language",
    "/api/no/such/path",  # not routed: the browser then sees the real 404
    "/api/NOPE/customer",  # an unknown store
    "/api/admin/login_check",
    "/api/doc/openapi.json",
])
def test_every_api_preflight_is_answered_before_routing_and_authentication(client, path, origin):
    assert_nelmio_preflight(preflight(client, path, origin=origin))


@pytest.mark.parametrize("method", ["post", "GET", "delete", "PUT"])
def test_preflight_method_is_case_insensitive(client, method):
    assert_nelmio_preflight(preflight(client, JOHN_URL, method=method))


@pytest.mark.parametrize("method", ["PATCH", "OPTIONS", "HEAD", ""])
def test_preflight_for_another_method_is_405_with_the_same_headers(client, method):
    assert_nelmio_preflight(preflight(client, JOHN_URL, method=method), status=405)


def test_requested_headers_are_echoed_and_left_out_when_none_are_asked(client):
    asked = "authorization, content-type, x-sandbox, x-custom-thing"
    assert_nelmio_preflight(preflight(client, JOHN_URL, headers=asked), headers=asked)
    assert_nelmio_preflight(preflight(client, JOHN_URL, headers=None), headers=None)


def test_options_without_origin_is_routed_as_usual(client):
    response = client.options("/api/no/such/path")
    assert response.status_code == 404
    assert response.json == {"error": {"code": 404, "message": "Not Found"}}


def test_same_origin_requests_get_no_cors_headers(client):
    response = client.options(JOHN_URL, headers={"Origin": "http://localhost", "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("origin", ORIGINS)
def test_every_cross_origin_api_answer_may_be_read_by_any_origin(client, auth, origin):
    sent = {"Origin": origin}
    answers = {
        "200": client.get(JOHN_URL, headers={**sent, **auth.headers("admin")}),
        "401": client.get(JOHN_URL, headers=sent),
        "403": client.get("/api/DEFAULT/admin/customer", headers={**sent, **auth.headers("customer")}),
        "404": client.get("/api/no/such/path", headers=sent),
        "405": client.get("/api/admin/login_check", headers=sent),
        "400": client.put(JOHN_URL, headers={**sent, **auth.headers("admin")}, data={"customer[email]": "nope"}),
    }
    for status, response in answers.items():
        assert str(response.status_code) == status
        assert response.headers["Access-Control-Allow-Origin"] == "*", status
        assert "Access-Control-Allow-Credentials" not in response.headers


# --- CORS outside /api/: the control plane and /health answer the configured origins


@pytest.mark.parametrize(
    "origin", ["http://localhost:3000", "http://127.0.0.1:8080", "https://localhost", "http://[::1]:5173"]
)
def test_local_frontends_may_call_the_control_plane_by_default(client, origin):
    response = client.options("/_dev/outbox", headers={"Origin": origin, **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert client.get("/_dev/outbox", headers={"Origin": origin}).headers["Access-Control-Allow-Origin"] == origin


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost.evil.example", "null"])
def test_other_origins_get_no_control_plane_grant(client, origin):
    response = client.options("/_dev/outbox", headers={"Origin": origin, **PREFLIGHT})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Origin" not in client.get("/health", headers={"Origin": origin}).headers


@pytest.mark.parametrize("setting", ["https://shop.example, https://cockpit.example", ["https://shop.example"]])
def test_configured_origins_replace_the_default(make_app, setting):
    client = make_app(CORS_ORIGINS=setting).test_client()
    allowed = client.options("/_dev/outbox", headers={"Origin": "https://shop.example", **PREFLIGHT})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    local = client.options("/_dev/outbox", headers={"Origin": "http://localhost:3000", **PREFLIGHT})
    assert "Access-Control-Allow-Origin" not in local.headers


FORWARDED = {"X-Forwarded-Prefix": "/loyalty", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "team.example"}


def test_behind_a_proxy_under_a_path_the_pages_link_under_it(make_app):
    client = make_app(PROXY_HOPS=1).test_client()
    docs = client.get("/api/doc/", headers=FORWARDED).get_data(as_text=True)
    assert 'url: "/loyalty/api/doc/openapi.json"' in docs
    console = client.get("/_dev/", headers=FORWARDED).get_data(as_text=True)
    assert 'data-api="/loyalty/_dev/reset"' in console
    in_sandbox = client.get("/sandbox/proxied/_dev/", headers=FORWARDED).get_data(as_text=True)
    assert 'data-api="/loyalty/sandbox/proxied/_dev/reset"' in in_sandbox


def test_without_proxy_hops_forwarded_headers_are_not_trusted(client):
    docs = client.get("/api/doc/", headers=FORWARDED).get_data(as_text=True)
    assert 'url: "/api/doc/openapi.json"' in docs and "/loyalty" not in docs
