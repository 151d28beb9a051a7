"""Authentication and authorization through HTTP: login_check, token/refresh, JWTs,
the master API key and the role rules (DECISIONS 1, behaviour notes A and B)."""
import base64
import hashlib
import hmac
import json
import os
import re
import stat
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from openloyalty_standin.app import create_app
from openloyalty_standin.app.auth import key_pair
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.services import state
from tests.conftest import ADMIN_ID, JANE, JOHN, KOWALSKI, NEW_CUSTOMER, SECOND_CUSTOMER, SELLER_ID

RS256_JWS_HEADER = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXUyJ9"
MISSING_ID = "99999999-0000-474c-b092-b0dd880c07e1"
MASTER_KEY = "master-key-for-tests"
JOHN_URL = f"/api/DEFAULT/customer/{JOHN}"
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
FORBIDDEN = {"error": {"code": 403, "message": "Forbidden"}}
BAD_CREDENTIALS = {"message": "Bad credentials."}
INVALID_JWT = {"code": 401, "message": "Invalid JWT Token"}
NO_CREDENTIALS = {"code": 401, "message": "Invalid credentials"}


# --- helpers -----------------------------------------------------------------

def login(client, kind, username, password, *, as_json=False, **extra):
    body = {"_username": username, "_password": password, **extra}
    url = f"/api/{kind}/login_check"
    return client.post(url, json=body) if as_json else client.post(url, data=body)


def claims_of(token):
    return jwt.decode(token, options={"verify_signature": False})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def b64url(data):
    if not isinstance(data, bytes):
        data = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_for(user_id, role="ROLE_PARTICIPANT", **changes):
    now = int(time.time())
    claims = {
        "exp": now + 3600, "username": user_id, "roles": [role], "id": user_id,
        "lastLoginAt": None, "permissions": [], "superAdmin": False, "iat": str(now),
    }
    claims.update(changes)
    return claims


def sign_with_app_key(app, claims):
    private_key = key_pair(app)[0]
    return jwt.encode(claims, private_key, algorithm="RS256", headers={"typ": "JWS"})


def assert_invalid_jwt(response):
    assert response.status_code == 401
    assert response.json == INVALID_JWT
    assert response.headers.get("WWW-Authenticate") == "Bearer"


# --- login_check ---------------------------------------------------------------

@pytest.mark.parametrize("as_json", [False, True], ids=["form", "json"])
@pytest.mark.parametrize(
    "kind, username, password, user_id, role",
    [
        ("admin", "admin", "open", ADMIN_ID, "ROLE_ADMIN"),
        ("seller", "john@doe.com", "open", SELLER_ID, "ROLE_SELLER"),
        ("customer", "user@example.com", "loyalty", JOHN, "ROLE_PARTICIPANT"),
    ],
    ids=["admin", "seller", "customer"],
)
def test_login_returns_token_and_refresh_token(client, kind, username, password, user_id, role, as_json):
    response = login(client, kind, username, password, as_json=as_json)
    assert response.status_code == 200
    assert set(response.json) == {"token", "refresh_token"}
    claims = claims_of(response.json["token"])
    assert claims["id"] == user_id
    assert claims["roles"] == [role]
    assert re.fullmatch(r"[0-9a-f]{128}", response.json["refresh_token"])


def test_admin_login_accepts_email(client):
    response = login(client, "admin", "admin@oloy.com", "open")
    assert response.status_code == 200
    assert claims_of(response.json["token"])["id"] == ADMIN_ID


def test_seller_login_accepts_seller_id(client):
    response = login(client, "seller", SELLER_ID, "open")
    assert response.status_code == 200
    assert claims_of(response.json["token"])["id"] == SELLER_ID


@pytest.mark.parametrize("username", [JOHN, "47834433524", "+48234234000"], ids=["id", "card", "phone"])
def test_customer_login_accepts_id_card_number_and_phone(client, username):
    response = login(client, "customer", username, "loyalty", as_json=True)
    assert response.status_code == 200
    assert claims_of(response.json["token"])["id"] == JOHN
    assert "error" not in response.json


def test_customer_login_phone_must_match_as_stored(client):
    response = login(client, "customer", "48234234000", "loyalty")
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


def test_customer_login_with_temporary_password_asks_for_password_change(client):
    response = login(client, "customer", "user-temp@example.com", "loyalty", as_json=True)
    assert response.status_code == 200
    assert response.json["error"] == "password change needed"
    assert claims_of(response.json["token"])["id"] == JANE
    assert re.fullmatch(r"[0-9a-f]{128}", response.json["refresh_token"])


@pytest.mark.parametrize("as_json", [False, True], ids=["form", "json"])
def test_customer_login_uses_store_code_from_body(client, as_json):
    response = login(client, "customer", "user@example.com", "loyalty", as_json=as_json, storeCode="SECOND")
    assert response.status_code == 200
    assert claims_of(response.json["token"])["id"] == SECOND_CUSTOMER


def test_customer_login_of_second_store_by_phone(client):
    response = login(client, "customer", "+48234234000", "loyalty", storeCode="SECOND")
    assert response.status_code == 200
    assert claims_of(response.json["token"])["id"] == SECOND_CUSTOMER


def test_customer_login_without_store_code_uses_default_store(client):
    response = login(client, "customer", "bob@second.example.com", "loyalty")
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


def test_customer_login_rejects_unknown_store_code(client):
    response = login(client, "customer", "user@example.com", "loyalty", storeCode="NOPE")
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


@pytest.mark.parametrize("as_json", [False, True], ids=["form", "json"])
@pytest.mark.parametrize(
    "kind, username",
    [("admin", "admin"), ("seller", "john@doe.com"), ("customer", "user@example.com")],
)
def test_login_rejects_wrong_password(client, kind, username, as_json):
    response = login(client, kind, username, "wrong-password", as_json=as_json)
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


@pytest.mark.parametrize("kind", ["admin", "seller", "customer"])
def test_login_rejects_unknown_user(client, kind):
    response = login(client, kind, "nobody@example.com", "open")
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


@pytest.mark.parametrize("kind", ["admin", "seller", "customer"])
def test_login_rejects_missing_fields(client, kind):
    response = client.post(f"/api/{kind}/login_check", json={})
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


@pytest.mark.parametrize(
    "kind, username, password",
    [
        ("admin", "user@example.com", "loyalty"),
        ("customer", "admin", "open"),
        ("seller", "user@example.com", "loyalty"),
    ],
)
def test_login_rejects_accounts_of_another_kind(client, kind, username, password):
    response = login(client, kind, username, password)
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


def test_customer_login_rejects_not_yet_activated_customer(client):
    response = login(client, "customer", "adam.nowak@example.com", "loyalty")
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


@pytest.mark.parametrize("kind", ["admin", "seller", "customer"])
def test_login_check_rejects_get_with_405(client, kind):
    response = client.get(f"/api/{kind}/login_check")
    assert response.status_code == 405
    assert response.json == {"error": {"code": 405, "message": "Method Not Allowed"}}
    assert "POST" in response.headers.get("Allow", "")


# --- the JWT ---------------------------------------------------------------------

def test_token_header_is_rs256_jws(client):
    token = login(client, "admin", "admin", "open").json["token"]
    assert token.startswith(RS256_JWS_HEADER + ".")
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWS"}


def test_token_is_signed_with_the_app_public_key(app, client):
    token = login(client, "customer", "user@example.com", "loyalty").json["token"]
    public_key = key_pair(app)[1]
    claims = jwt.decode(token, public_key, algorithms=["RS256"])
    assert claims["id"] == JOHN


def test_token_claims_are_open_loyaltys_in_order(client):
    claims = claims_of(login(client, "admin", "admin", "open").json["token"])
    assert list(claims) == ["exp", "username", "roles", "id", "lastLoginAt", "permissions", "superAdmin", "iat"]


def test_admin_token_claims(client):
    claims = claims_of(login(client, "admin", "admin", "open").json["token"])
    assert claims["username"] == "admin"
    assert claims["roles"] == ["ROLE_ADMIN"]
    assert claims["id"] == ADMIN_ID
    assert claims["permissions"] == {"CUSTOMER": ["VIEW", "MODIFY"]}
    assert claims["superAdmin"] is True


def test_customer_token_claims(client):
    claims = claims_of(login(client, "customer", "user@example.com", "loyalty").json["token"])
    assert claims["username"] == JOHN
    assert claims["roles"] == ["ROLE_PARTICIPANT"]
    assert claims["id"] == JOHN
    assert claims["permissions"] == []
    assert claims["superAdmin"] is False


def test_seller_token_claims(client):
    claims = claims_of(login(client, "seller", "john@doe.com", "open").json["token"])
    assert claims["username"] == SELLER_ID
    assert claims["roles"] == ["ROLE_SELLER"]
    assert claims["id"] == SELLER_ID
    assert claims["permissions"] == []
    assert claims["superAdmin"] is False


def test_token_expires_after_a_day_and_iat_is_a_string(client):
    before = time.time()
    claims = claims_of(login(client, "customer", "user@example.com", "loyalty").json["token"])
    assert isinstance(claims["exp"], int)
    assert isinstance(claims["iat"], str) and claims["iat"].isdigit()
    assert abs(claims["exp"] - before - 86400) < 60
    assert abs(int(claims["iat"]) - before) < 60
    assert claims["exp"] - int(claims["iat"]) == 86400


def test_first_login_has_no_last_login_at(client):
    claims = claims_of(login(client, "seller", "john2@doe2.com", "open").json["token"])
    assert claims["lastLoginAt"] is None


def test_second_login_carries_previous_login_time(client):
    login(client, "customer", "user@example.com", "loyalty")
    claims = claims_of(login(client, "customer", "user@example.com", "loyalty").json["token"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", claims["lastLoginAt"])


def test_login_token_works_on_a_protected_path(client):
    token = login(client, "customer", "user@example.com", "loyalty").json["token"]
    response = client.get(JOHN_URL, headers=bearer(token))
    assert response.status_code == 200
    assert response.json["email"] == "user@example.com"


# --- token/refresh ---------------------------------------------------------------

def _refresh_token(client, kind="admin", username="admin", password="open"):
    return login(client, kind, username, password).json["refresh_token"]


@pytest.mark.parametrize("style", ["form", "json", "query"])
def test_refresh_returns_new_token_and_same_refresh_token(client, style):
    refresh = _refresh_token(client)
    if style == "form":
        response = client.post("/api/token/refresh", data={"refresh_token": refresh})
    elif style == "json":
        response = client.post("/api/token/refresh", json={"refresh_token": refresh})
    else:
        response = client.post(f"/api/token/refresh?refresh_token={refresh}")
    assert response.status_code == 200
    assert response.json["refresh_token"] == refresh
    claims = claims_of(response.json["token"])
    assert claims["id"] == ADMIN_ID
    assert claims["roles"] == ["ROLE_ADMIN"]
    assert response.json["token"].startswith(RS256_JWS_HEADER + ".")


def test_refreshed_token_works_on_a_protected_path(client):
    refresh = _refresh_token(client, "seller", "john@doe.com", "open")
    token = client.post("/api/token/refresh", data={"refresh_token": refresh}).json["token"]
    assert client.get(JOHN_URL, headers=bearer(token)).status_code == 200


def test_refresh_token_can_be_used_again(client):
    refresh = _refresh_token(client)
    assert client.post("/api/token/refresh", data={"refresh_token": refresh}).status_code == 200
    assert client.post("/api/token/refresh", data={"refresh_token": refresh}).status_code == 200


def test_refresh_for_temporary_password_asks_for_password_change(client):
    refresh = _refresh_token(client, "customer", "user-temp@example.com", "loyalty")
    response = client.post("/api/token/refresh", data={"refresh_token": refresh})
    assert response.status_code == 200
    assert response.json["error"] == "password change needed"
    assert claims_of(response.json["token"])["id"] == JANE


@pytest.mark.parametrize(
    "body", [{"refresh_token": "f" * 128}, {"refresh_token": ""}, {}], ids=["unknown", "empty", "missing"]
)
def test_refresh_rejects_unknown_refresh_token(client, body):
    response = client.post("/api/token/refresh", data=body)
    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Bad credentials"}


def test_refresh_of_deactivated_customer_is_rejected(client, auth):
    refresh = _refresh_token(client, "customer", "user@example.com", "loyalty")
    client.post(f"/api/DEFAULT/admin/customer/{JOHN}/deactivate", headers=auth.headers("admin"))
    response = client.post("/api/token/refresh", data={"refresh_token": refresh})
    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Bad credentials"}


# --- using tokens --------------------------------------------------------------------

def test_protected_path_without_token_is_401_invalid_credentials(client):
    response = client.get(JOHN_URL)
    assert response.status_code == 401
    assert response.json == NO_CREDENTIALS
    assert response.headers.get("WWW-Authenticate") == "Bearer"


@pytest.mark.parametrize(
    "header",
    ["Bearer garbage", "Bearer abc.def.ghi", "Bearer ", "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXUyJ9.e30."],
    ids=["word", "three-parts", "empty", "header-only"],
)
def test_garbage_token_is_invalid_jwt(client, header):
    assert_invalid_jwt(client.get(JOHN_URL, headers={"Authorization": header}))


def test_expired_token_is_invalid_jwt(app, client):
    past = int(time.time()) - 10
    token = sign_with_app_key(app, claims_for(JOHN, exp=past, iat=str(past - 86400)))
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


def test_fresh_self_signed_token_is_accepted(app, client):
    """The control for the forged-token tests: the same claims, the app's key, accepted."""
    token = sign_with_app_key(app, claims_for(JOHN))
    assert client.get(JOHN_URL, headers=bearer(token)).status_code == 200


def test_token_signed_by_another_key_is_invalid_jwt(client):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(claims_for(JOHN), other_key, algorithm="RS256", headers={"typ": "JWS"})
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


def test_unsigned_alg_none_token_is_invalid_jwt(client):
    token = f"{b64url({'alg': 'none', 'typ': 'JWS'})}.{b64url(claims_for(JOHN))}."
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


def test_alg_none_admin_token_with_a_signature_part_is_invalid_jwt(client):
    token = f"{b64url({'alg': 'none', 'typ': 'JWS'})}.{b64url(claims_for(ADMIN_ID, 'ROLE_ADMIN'))}.x"
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


def test_hs256_token_signed_with_public_key_is_invalid_jwt(app, client):
    public_key = key_pair(app)[1]
    signing_input = f"{b64url({'alg': 'HS256', 'typ': 'JWS'})}.{b64url(claims_for(ADMIN_ID, 'ROLE_ADMIN'))}"
    signature = hmac.new(public_key, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64url(signature)}"
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


def test_tampered_payload_is_invalid_jwt(client, auth):
    token = auth.token("customer", JANE)
    header, _, signature = token.split(".")
    forged = claims_for(JOHN)
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(f"{header}.{b64url(forged)}.{signature}")))


def test_tampered_roles_are_invalid_jwt(client, auth):
    token = auth.token("customer", JOHN)
    header, payload, signature = token.split(".")
    claims = claims_of(token)
    claims["roles"] = ["ROLE_ADMIN"]
    forged = f"{header}.{b64url(claims)}.{signature}"
    assert_invalid_jwt(client.get("/api/DEFAULT/admin/customer", headers=bearer(forged)))


def test_token_of_unknown_user_is_invalid_jwt(app, client):
    token = sign_with_app_key(app, claims_for(MISSING_ID))
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


def test_token_with_unknown_role_is_invalid_jwt(app, client):
    token = sign_with_app_key(app, claims_for(ADMIN_ID, "ROLE_SUPERHERO"))
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


@pytest.mark.parametrize("claim", ["nbf", "iat"])
def test_token_not_yet_valid_is_invalid_jwt(app, client, claim):
    future = int(time.time()) + 3600
    value = str(future) if claim == "iat" else future
    token = sign_with_app_key(app, claims_for(JOHN, exp=future + 86400, **{claim: value}))
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


def test_token_not_yet_valid_follows_the_apps_clock(make_app):
    """A token minted now is from the future for an app whose clock stands in 2019."""
    app = make_app(CLOCK="2019-03-20T12:00:00+01:00")
    token = sign_with_app_key(app, claims_for(JOHN, exp=2**31 - 1))
    assert_invalid_jwt(app.test_client().get(JOHN_URL, headers=bearer(token)))


@pytest.mark.parametrize("claim, value", [("exp", "9999999999"), ("exp", True), ("iat", "soon"), ("nbf", 1.5e300),
                                          ("iat", "\u00b9"), ("iat", "1" * 5000)],
                         ids=["exp-text", "exp-true", "iat-word", "nbf-huge", "iat-superscript", "iat-5000-digits"])
def test_token_with_malformed_time_claims_is_invalid_jwt(app, client, claim, value):
    token = sign_with_app_key(app, claims_for(JOHN, **{claim: value}))
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


def test_deleted_customer_tokens_are_dead(client, auth):
    refresh = _refresh_token(client, "customer", "user@example.com", "loyalty")
    token = login(client, "customer", "user@example.com", "loyalty").json["token"]
    assert client.delete(JOHN_URL, headers=auth.headers("admin")).status_code == 204
    assert_invalid_jwt(client.post("/api/DEFAULT/customer/customer-phone/send-sms-code", headers=bearer(token)))
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))
    response = client.post("/api/token/refresh", data={"refresh_token": refresh})
    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Bad credentials"}


def test_private_key_is_kept_in_the_database_and_never_served(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        state.prepare_database()
    pem = key_pair(app)[0]  # made on first use
    client = app.test_client()
    assert [name for _, _, names in os.walk(tmp_path) for name in names if name.endswith(".pem")] == []
    for path in ("/jwt-private.pem", "/instance/jwt-private.pem", "/api/doc/assets/../../instance/jwt-private.pem",
                 "/api/doc/assets/..%2f..%2finstance%2fjwt-private.pem", "/api/doc/openapi.json", "/_dev/export"):
        response = client.get(path)
        assert b"PRIVATE KEY" not in response.data and pem not in response.data, path
    with app.app_context():
        db.engine.dispose()


def test_configured_key_files_are_made_on_first_use_for_their_owner_only(tmp_path):
    private_path, public_path = tmp_path / "keys" / "private.pem", tmp_path / "keys" / "public.pem"
    app = create_app({"INSTANCE_PATH": str(tmp_path), "JWT_PRIVATE_KEY_PATH": str(private_path),
                      "JWT_PUBLIC_KEY_PATH": str(public_path)})
    private, public = key_pair(app)
    assert stat.S_IMODE(os.stat(private_path).st_mode) == 0o600
    assert (private_path.read_bytes(), public_path.read_bytes()) == (private, public)


def test_token_of_not_yet_activated_customer_is_invalid_jwt(app, client):
    token = sign_with_app_key(app, claims_for(NEW_CUSTOMER))
    assert_invalid_jwt(client.get(f"/api/DEFAULT/customer/{NEW_CUSTOMER}", headers=bearer(token)))


def test_curl_style_escaped_bearer_header_works(client, auth):
    token = auth.token("customer", JOHN)
    response = client.get(JOHN_URL, headers={"Authorization": f"\\ Bearer\\ {token}"})
    assert response.status_code == 200
    assert response.json["email"] == "user@example.com"


def test_any_role_token_authenticates_on_any_path(client, auth):
    """A customer token on an admin path authenticates and is then refused (403, not 401)."""
    response = client.get("/api/DEFAULT/admin/customer", headers=auth.headers("customer", JOHN))
    assert response.status_code == 403
    assert response.json == FORBIDDEN


# --- deactivated customers ---------------------------------------------------------

def _deactivate(client, auth, customer_id, role="admin"):
    response = client.post(f"/api/DEFAULT/{role}/customer/{customer_id}/deactivate", headers=auth.headers(role))
    assert response.status_code == 200
    return response


def _activate(client, auth, customer_id, role="admin"):
    response = client.post(f"/api/DEFAULT/{role}/customer/{customer_id}/activate", headers=auth.headers(role))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", JOHN_URL),
        ("PUT", JOHN_URL),
        ("GET", "/api/DEFAULT/customer"),
        ("GET", "/api/DEFAULT/admin/customer"),
        ("POST", "/api/DEFAULT/customer/register"),
        ("POST", f"/api/DEFAULT/seller/customer/{JOHN}/activate"),
    ],
)
def test_deactivated_customer_token_is_invalid_jwt_everywhere(client, auth, method, path):
    token = auth.token("customer", JOHN)
    _deactivate(client, auth, JOHN)
    response = client.open(path, method=method, headers=bearer(token), json={"customer": {"firstName": "X"}})
    assert_invalid_jwt(response)


def test_deactivated_customer_token_worked_before_deactivation(client, auth):
    token = auth.token("customer", JOHN)
    assert client.get(JOHN_URL, headers=bearer(token)).status_code == 200
    _deactivate(client, auth, JOHN, role="seller")
    assert_invalid_jwt(client.get(JOHN_URL, headers=bearer(token)))


@pytest.mark.parametrize("username", ["user@example.com", JOHN, "47834433524", "+48234234000"])
def test_deactivated_customer_cannot_log_in(client, auth, username):
    _deactivate(client, auth, JOHN)
    response = login(client, "customer", username, "loyalty")
    assert response.status_code == 401
    assert response.json == BAD_CREDENTIALS


@pytest.mark.parametrize("role", ["admin", "seller"])
def test_reactivated_customer_can_log_in_again(client, auth, role):
    _deactivate(client, auth, JOHN, role=role)
    _activate(client, auth, JOHN, role=role)
    response = login(client, "customer", "user@example.com", "loyalty")
    assert response.status_code == 200
    token = response.json["token"]
    assert client.get(JOHN_URL, headers=bearer(token)).status_code == 200


def test_deactivating_one_customer_leaves_others_tokens_valid(client, auth):
    _deactivate(client, auth, JOHN)
    response = client.get(f"/api/DEFAULT/customer/{JANE}", headers=auth.headers("customer", JANE))
    assert response.status_code == 200


# --- X-AUTH-TOKEN master key -----------------------------------------------------------

@pytest.fixture
def master_app(make_app):
    """An app like `app`, over its own copy of the seed, with MASTER_API_KEY configured."""
    return make_app(MASTER_API_KEY=MASTER_KEY)


@pytest.fixture
def master_client(master_app):
    return master_app.test_client()


def test_master_key_header_lists_customers_on_admin_path(master_client):
    response = master_client.get("/api/DEFAULT/admin/customer", headers={"X-AUTH-TOKEN": MASTER_KEY})
    assert response.status_code == 200


def test_master_key_query_parameter_works(master_client):
    response = master_client.get(f"/api/DEFAULT/admin/customer?auth_token={MASTER_KEY}")
    assert response.status_code == 200


def test_master_key_works_on_customer_paths(master_client):
    assert master_client.get("/api/DEFAULT/customer", headers={"X-AUTH-TOKEN": MASTER_KEY}).status_code == 200
    response = master_client.get(JOHN_URL, headers={"X-AUTH-TOKEN": MASTER_KEY})
    assert response.status_code == 200
    assert response.json["email"] == "user@example.com"


def test_master_key_registers_customer_as_admin(master_client):
    body = {"customer": {"firstName": "Master", "lastName": "Key", "email": "master@example.com", "agreement1": True}}
    response = master_client.post(
        "/api/DEFAULT/admin/customer/register", json=body, headers={"X-AUTH-TOKEN": MASTER_KEY}
    )
    assert response.status_code == 200
    assert response.json["email"] == "master@example.com"


def test_master_key_deactivates_customer(master_client):
    response = master_client.post(
        f"/api/DEFAULT/admin/customer/{KOWALSKI}/deactivate", headers={"X-AUTH-TOKEN": MASTER_KEY}
    )
    assert response.status_code == 200


def test_wrong_master_key_is_403_username_not_found(master_client):
    response = master_client.get("/api/DEFAULT/admin/customer", headers={"X-AUTH-TOKEN": "not-the-key"})
    assert response.status_code == 403
    assert response.json == {"message": "Username could not be found."}


def test_wrong_master_key_in_query_is_403(master_client):
    response = master_client.get("/api/DEFAULT/admin/customer?auth_token=not-the-key")
    assert response.status_code == 403
    assert response.json == {"message": "Username could not be found."}


def test_any_key_is_refused_when_no_master_key_is_configured(client):
    response = client.get("/api/DEFAULT/admin/customer", headers={"X-AUTH-TOKEN": MASTER_KEY})
    assert response.status_code == 403
    assert response.json == {"message": "Username could not be found."}


def test_master_app_still_requires_credentials(master_client):
    response = master_client.get("/api/DEFAULT/admin/customer")
    assert response.status_code == 401
    assert response.json == NO_CREDENTIALS


# --- role rules (DECISIONS 1, notes B.1) -----------------------------------------------

REGISTER_BODY = {
    "customer": {"firstName": "Role", "lastName": "Test", "email": "role.test@example.com", "agreement1": True}
}
UPDATE_BODY = {"customer": {"firstName": "John"}}

ANYONE = {"anonymous", "admin", "seller", "john", "jane", "second"}
STAFF = {"admin", "seller"}
ADMIN = {"admin"}
STAFF_AND_SELF = {"admin", "seller", "john"}

ENDPOINTS = [
    ("GET", JOHN_URL, None, STAFF_AND_SELF),
    ("PUT", JOHN_URL, UPDATE_BODY, STAFF_AND_SELF),
    ("GET", "/api/DEFAULT/customer", None, STAFF),
    ("GET", "/api/DEFAULT/admin/customer", None, ADMIN),
    ("POST", "/api/DEFAULT/customer/register", REGISTER_BODY, STAFF),
    ("POST", "/api/DEFAULT/admin/customer/register", REGISTER_BODY, ADMIN),
    ("POST", "/api/DEFAULT/seller/customer/register", REGISTER_BODY, STAFF),
    ("POST", f"/api/DEFAULT/admin/customer/{JOHN}/activate", None, ADMIN),
    ("POST", f"/api/DEFAULT/admin/customer/{JOHN}/deactivate", None, ADMIN),
    ("POST", f"/api/DEFAULT/seller/customer/{JOHN}/activate", None, STAFF),
    ("POST", f"/api/DEFAULT/seller/customer/{JOHN}/deactivate", None, STAFF),
    ("GET", "/api/DEFAULT/customer/check?emailOrPhone=user@example.com", None, ANYONE),
]

CALLERS = ["anonymous", "admin", "seller", "john", "jane", "second"]


def caller_headers(auth, caller):
    if caller == "anonymous":
        return {}
    if caller in ("admin", "seller"):
        return auth.headers(caller)
    return auth.headers("customer", {"john": JOHN, "jane": JANE, "second": SECOND_CUSTOMER}[caller])


def _call(client, method, path, body, headers):
    if body is None:
        return client.open(path, method=method, headers=headers)
    return client.open(path, method=method, headers=headers, json=body)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    "method, path, body, allowed",
    ENDPOINTS,
    ids=[f"{method} {path.replace('/api/DEFAULT', '')}" for method, path, _, _ in ENDPOINTS],
)
def test_role_rules(client, auth, caller, method, path, body, allowed):
    response = _call(client, method, path, body, caller_headers(auth, caller))
    if caller in allowed:
        assert response.status_code == 200, response.get_data(as_text=True)
    elif caller == "anonymous":
        assert response.status_code == 401
        assert response.json == NO_CREDENTIALS
        assert response.headers.get("WWW-Authenticate") == "Bearer"
    else:
        assert response.status_code == 403
        assert response.json == FORBIDDEN


def test_customer_check_answers_anonymous_with_count(client):
    response = client.get("/api/DEFAULT/customer/check?emailOrPhone=899000333")
    assert response.status_code == 200
    assert response.json == {"total": 1}


def test_refused_update_changes_nothing(client, auth):
    response = client.put(JOHN_URL, json={"customer": {"firstName": "Hacked"}}, headers=auth.headers("customer", JANE))
    assert response.status_code == 403
    assert client.get(JOHN_URL, headers=auth.headers("admin")).json["firstName"] == "John"


def test_refused_deactivation_leaves_customer_active(client, auth):
    response = client.post(f"/api/DEFAULT/seller/customer/{JANE}/deactivate", headers=auth.headers("customer", JOHN))
    assert response.status_code == 403
    assert login(client, "customer", "user-temp@example.com", "loyalty").status_code == 200


# --- 404 before 403, stores -----------------------------------------------------------------

@pytest.mark.parametrize("method, body", [("GET", None), ("PUT", UPDATE_BODY)])
def test_customer_asking_for_missing_customer_gets_404(client, auth, method, body):
    response = _call(client, method, f"/api/DEFAULT/customer/{MISSING_ID}", body, auth.headers("customer", JOHN))
    assert response.status_code == 404
    assert response.json == NOT_FOUND


@pytest.mark.parametrize("method, body", [("GET", None), ("PUT", UPDATE_BODY)])
def test_second_store_customer_is_not_found_under_default(client, auth, method, body):
    path = f"/api/DEFAULT/customer/{SECOND_CUSTOMER}"
    response = _call(client, method, path, body, auth.headers("customer", SECOND_CUSTOMER))
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_second_store_customer_sees_itself_under_its_store(client, auth):
    response = client.get(f"/api/SECOND/customer/{SECOND_CUSTOMER}", headers=auth.headers("customer", SECOND_CUSTOMER))
    assert response.status_code == 200
    assert response.json["email"] == "user@example.com"


def test_default_customer_is_not_found_under_second_store(client, auth):
    response = client.get(f"/api/SECOND/customer/{JOHN}", headers=auth.headers("admin"))
    assert response.status_code == 404
    assert response.json == NOT_FOUND


@pytest.mark.parametrize(
    "path",
    [f"/api/DEFAULT/admin/customer/{MISSING_ID}/deactivate", f"/api/DEFAULT/seller/customer/{MISSING_ID}/activate"],
)
def test_customer_on_staff_path_with_missing_id_gets_404(client, auth, path):
    response = client.post(path, headers=auth.headers("customer", JOHN))
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_anonymous_asking_for_missing_customer_gets_401(client):
    response = client.get(f"/api/DEFAULT/customer/{MISSING_ID}")
    assert response.status_code == 401
    assert response.json == NO_CREDENTIALS


def test_customer_id_may_be_a_loyalty_card_number(client, auth):
    response = client.get("/api/DEFAULT/customer/47834433524", headers=auth.headers("customer", JOHN))
    assert response.status_code == 200
    assert response.json["email"] == "user@example.com"


def test_non_uuid_unknown_customer_is_404_for_other_customer(client, auth):
    response = client.get("/api/DEFAULT/customer/not-a-card", headers=auth.headers("customer", JANE))
    assert response.status_code == 404
    assert response.json == NOT_FOUND


@pytest.mark.parametrize("store", ["NOPE", "default", "Default"])
def test_unknown_store_code_is_404(client, auth, store):
    response = client.get(f"/api/{store}/customer/{JOHN}", headers=auth.headers("admin"))
    assert response.status_code == 404
    assert response.json == {**NOT_FOUND, "hint": f"no store `{store}`; stores are DEFAULT, SECOND"}


def test_unknown_store_code_is_404_on_anonymous_endpoint(client):
    response = client.get("/api/NOPE/customer/check?emailOrPhone=user@example.com")
    assert response.status_code == 404
    assert response.json == {**NOT_FOUND, "hint": "no store `NOPE`; stores are DEFAULT, SECOND"}
