"""A catalogue of hostile and malformed input.

Every case is answered with a 4xx in one of Open Loyalty's error formats (the Symfony form
tree, the error envelope, or the firewall's bodies), never with a 5xx, and the stored data
reads back through the API exactly as before. Where a hostile value is valid input (odd
Unicode, SQL-like filter text, a page below 1) the answer is the correct one instead; a
repeated key is read as PHP reads it, the last one wins.
"""
import io
import json
import os
import struct
import zipfile
import zlib
from urllib.parse import quote, urlencode

import flask_swagger_ui
import pytest
from PIL import Image

from tests.conftest import JOHN, KOWALSKI, SELLER_ID

TEST_TEST = "a284f230-c1c0-4a1c-af9a-159b81de1f2b"
LEVEL1 = "e82c96cf-32a3-43bd-9034-4df343e51111"
POS1 = "00000000-0000-474c-1111-b0dd880c07e2"
ACTIVATION_TOKEN = "abcde"  # NEW_CUSTOMER's e-mail token
ACTIVATION_CODE = "954604"  # NEW_CUSTOMER's latest SMS code
PHONE_CHANGE_CODE = "153105"  # confirms John's pending phone change

REGISTER = "/api/DEFAULT/customer/register"
UPDATE = f"/api/DEFAULT/customer/{KOWALSKI}"
IMPORT = "/api/DEFAULT/admin/customer/import"
AVATAR = f"/api/DEFAULT/customer/{JOHN}/avatar"
LISTS = ["/api/DEFAULT/customer", "/api/DEFAULT/admin/customer"]
STORES = ["DEFAULT", "SECOND"]
LOGINS = {
    "admin": ("/api/admin/login_check", {"_username": "admin", "_password": "open"}),
    "customer": ("/api/customer/login_check", {"_username": "user@example.com", "_password": "loyalty"}),
    "seller": ("/api/seller/login_check", {"_username": "john@doe.com", "_password": "open"}),
}
FORM = "application/x-www-form-urlencoded"
NOT_VALID = "This value is not valid."

# A complete, valid customer form: every input field of register and update holds a value.
CUSTOMER = {
    "firstName": "Ola",
    "lastName": "Nowak",
    "email": "ola.nowak@example.com",
    "phone": "48600700800",
    "gender": "female",
    "birthDate": "1991-02-03",
    "createdAt": "2017-01-01 14:15:16",
    "loyaltyCardNumber": "CARD-777",
    "labels": "tier:gold",
    "address": {
        "street": "Bagno",
        "address1": "1",
        "address2": "2",
        "postal": "00-000",
        "city": "Warszawa",
        "province": "Mazowieckie",
        "country": "Poland",
    },
    "company": {"name": "Acme", "nip": "123-456-78-90"},
    "levelId": LEVEL1,
    "posId": POS1,
    "sellerId": SELLER_ID,
    "agreement1": "1",
    "agreement2": "1",
}
TEXT_FIELDS = [
    ("firstName",),
    ("lastName",),
    ("email",),
    ("phone",),
    ("loyaltyCardNumber",),
    ("address", "street"),
    ("address", "address1"),
    ("address", "address2"),
    ("address", "postal"),
    ("address", "city"),
    ("address", "province"),
    ("address", "country"),
    ("company", "name"),
    ("company", "nip"),
]
INPUT_FIELDS = TEXT_FIELDS + [
    ("gender",),
    ("birthDate",),
    ("createdAt",),
    ("labels",),
    ("levelId",),
    ("posId",),
    ("sellerId",),
]
FREE_TEXT_FIELDS = [path for path in TEXT_FIELDS if path[0] not in ("email", "phone")]


@pytest.fixture(autouse=True)
def served(app):
    """Answer an unexpected exception as the served app does, a 500, so that a defect fails on its status."""
    app.config["PROPAGATE_EXCEPTIONS"] = False


@pytest.fixture
def admin(auth):
    return auth.headers("admin")


# --- reading back and judging answers -----------------------------------------------------


def snapshot(client, admin):
    """Everything a caller reads about the stored customers of both stores and the sent messages."""
    responses = [client.get(f"/api/{store}/admin/customer?perPage=-1", headers=admin) for store in STORES]
    responses.append(client.get("/_dev/outbox"))
    for response in responses:
        assert response.status_code == 200, response.get_data(as_text=True)
    return [response.json for response in responses]


def customers(client, admin, path="/api/DEFAULT/admin/customer"):
    response = client.get(f"{path}?perPage=-1", headers=admin)
    assert response.status_code == 200
    return response.json["customers"]


def details(client, admin, customer_id):
    response = client.get(f"/api/DEFAULT/customer/{customer_id}", headers=admin)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


INVALID_JSON = {"code": 400, "message": "Invalid json message received"}


def without_hint(body):
    """The Open Loyalty body of an answer, without the stand-in's optional one-sentence hint."""
    if isinstance(body, dict) and "hint" in body:
        assert isinstance(body["hint"], str) and body["hint"], body
        return {key: value for key, value in body.items() if key != "hint"}
    return body


def is_form_error(body):
    body = without_hint(body)
    return (
        isinstance(body, dict)
        and set(body) == {"form", "errors"}
        and isinstance(body["errors"], list)
        and isinstance(body["form"], dict)
        and isinstance(body["form"].get("children"), dict)
    )


def is_envelope(body, code):
    body = without_hint(body)
    return (
        isinstance(body, dict)
        and set(body) == {"error"}
        and isinstance(body["error"], dict)
        and set(body["error"]) == {"code", "message"}
        and body["error"]["code"] == code
        and isinstance(body["error"]["message"], str)
        and body["error"]["message"] != ""
    )


def is_open_loyalty_error(status, body):
    """Whether `body` is one of the error bodies Open Loyalty answers with `status`."""
    if status == 400:
        return is_form_error(body) or is_envelope(body, 400) or body == INVALID_JSON
    if status == 401:
        body = without_hint(body)
        firewall = isinstance(body, dict) and set(body) == {"code", "message"} and body["code"] == 401
        login = isinstance(body, dict) and set(body) == {"message"} and isinstance(body["message"], str)
        return firewall or login
    return is_envelope(body, status)


def rejected(response, *statuses):
    """Assert a 4xx among `statuses` (any 4xx when none are named) in Open Loyalty's format; return the body."""
    status = response.status_code
    text = response.get_data(as_text=True)[:600]
    assert status in statuses if statuses else 400 <= status < 500, f"{status}: {text}"
    body = response.get_json(silent=True)
    assert is_open_loyalty_error(status, body), f"{status}, not an Open Loyalty error body: {text}"
    return body


def form_errors(body, *path):
    """The errors of the form node at `path` (names of children) of a form error tree."""
    assert is_form_error(body), body
    node = body["form"]
    for name in path:
        node = node["children"][name]
    return node.get("errors", [])


# --- building bodies ----------------------------------------------------------------------


def replaced(data, path, value):
    """A deep copy of the nested dict `data` with the value at `path` replaced."""
    copy = json.loads(json.dumps(data))
    node = copy
    for name in path[:-1]:
        node = node[name]
    node[path[-1]] = value
    return copy


def value_at(data, path):
    for name in path:
        data = data[name]
    return data


def bracket_pairs(data, prefix="customer"):
    """Flatten a nested dict into (bracket key, value) pairs, as a browser form sends it."""
    for key, value in data.items():
        name = f"{prefix}[{key}]"
        if isinstance(value, dict):
            yield from bracket_pairs(value, name)
        else:
            yield name, value


def form_body(data, raw=None):
    """Urlencode `data` as customer[...] fields; `raw` = (path, already percent-encoded value) replaces one."""
    pairs = []
    raw_key = None if raw is None else "customer" + "".join(f"[{name}]" for name in raw[0])
    for key, value in bracket_pairs(data):
        encoded = raw[1] if key == raw_key else quote(value, safe="")
        pairs.append(f"{quote(key, safe='[]')}={encoded}")
    return "&".join(pairs)


def json_body(data):
    return json.dumps({"customer": data})


def register_json(client, admin, body):
    return client.post(REGISTER, headers=admin, data=body, content_type="application/json")


def update_json(client, admin, body):
    return client.put(UPDATE, headers=admin, data=body, content_type="application/json")


def register_form(client, admin, body):
    return client.post(REGISTER, headers=admin, data=body, content_type=FORM)


def update_form(client, admin, body):
    return client.put(UPDATE, headers=admin, data=body, content_type=FORM)


SENDERS = {
    ("register", "json"): register_json,
    ("register", "form"): register_form,
    ("update", "json"): update_json,
    ("update", "form"): update_form,
}


def login(client, kind="admin"):
    path, credentials = LOGINS[kind]
    response = client.post(path, json=credentials)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


# --- the valid bodies the hostile ones are made from work -----------------------------------


@pytest.mark.parametrize("operation, encoding", list(SENDERS), ids=["-".join(key) for key in SENDERS])
def test_the_complete_customer_form_is_valid(client, admin, operation, encoding):
    body = json_body(CUSTOMER) if encoding == "json" else form_body(CUSTOMER)
    response = SENDERS[operation, encoding](client, admin, body)
    assert response.status_code == 200, response.get_data(as_text=True)
    customer = details(client, admin, response.json["customerId"])
    assert customer["firstName"] == "Ola" and customer["company"] == CUSTOMER["company"]
    assert customer["address"] == CUSTOMER["address"] and customer["sellerId"] == SELLER_ID


@pytest.mark.parametrize("kind", list(LOGINS))
def test_the_logins_and_the_refresh_used_below_work(client, kind):
    tokens = login(client, kind)
    response = client.post("/api/token/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 200 and response.json["token"]


# --- malformed JSON -----------------------------------------------------------------------


def _insert_into_first_string(text, fragment):
    """`text` (JSON) with `fragment` inserted just inside its first string value."""
    index = text.index(': "') + 3
    return text[:index].encode() + fragment + text[index:].encode()


MALFORMED_JSON = {
    "truncated": lambda text: text[:-1].encode(),
    "cut-in-a-string": lambda text: text[: text.index(': "') + 5].encode(),
    "trailing-garbage": lambda text: (text + " xyz").encode(),
    "two-objects": lambda text: (text + text).encode(),
    "array": lambda text: f"[{text}]".encode(),
    "string": lambda text: json.dumps(text).encode(),
    "number": lambda text: b"42",
    "null": lambda text: b"null",
    "boolean": lambda text: b"true",
    "invalid-utf8": lambda text: _insert_into_first_string(text, b"\xff\xfe"),
    "utf8-surrogate-bytes": lambda text: _insert_into_first_string(text, b"\xed\xa0\x80"),
    "utf16": lambda text: text.encode("utf-16"),
    "control-character": lambda text: _insert_into_first_string(text, b"\x01"),
    "single-quotes": lambda text: text.replace('"', "'").encode(),
    "trailing-comma": lambda text: (text[:-1] + ",}").encode(),
    "comment": lambda text: (text[:-1] + " /* x */}").encode(),
    "nan": lambda text: (text[:-1] + ', "x": NaN}').encode(),
    "infinity": lambda text: (text[:-1] + ', "x": -Infinity}').encode(),
    "deep-nesting": lambda text: (text[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
}


def json_targets(client):
    """(path, method, valid JSON text) of every endpoint that reads a JSON body, valid as given."""
    refresh = login(client)["refresh_token"]
    targets = {
        "register": (REGISTER, "POST", json_body(CUSTOMER)),
        "update": (UPDATE, "PUT", json_body({"lastName": "Changed"})),
        "refresh": ("/api/token/refresh", "POST", json.dumps({"refresh_token": refresh})),
        "dev-freeze": ("/_dev/clock/freeze", "POST", json.dumps({"at": "2019-03-20T12:00:00+01:00"})),
        "dev-advance": ("/_dev/clock/advance", "POST", json.dumps({"duration": "1h"})),
        "dev-fault": ("/_dev/faults", "POST", json.dumps({"path": "/api/nowhere", "status": 503})),
        "dev-settings": ("/_dev/stores/DEFAULT/settings", "PUT", json.dumps({"activationMethod": "email"})),
    }
    for kind, (path, credentials) in LOGINS.items():
        targets[f"{kind}-login"] = (path, "POST", json.dumps(credentials))
    return targets


JSON_TARGETS = ["register", "update", "admin-login", "customer-login", "seller-login", "refresh",
                "dev-freeze", "dev-advance", "dev-fault", "dev-settings"]


@pytest.mark.parametrize("target", JSON_TARGETS)
@pytest.mark.parametrize("malformed", list(MALFORMED_JSON))
def test_malformed_json_is_400(client, admin, target, malformed):
    path, method, text = json_targets(client)[target]
    before = snapshot(client, admin)
    response = client.open(path, method=method, headers=admin, data=MALFORMED_JSON[malformed](text),
                           content_type="application/json")
    assert response.status_code == 400 and response.json == INVALID_JSON, response.get_data(as_text=True)[:300]
    assert snapshot(client, admin) == before
    assert client.get("/_dev/clock").json["mode"] == "real" and client.get("/_dev/faults").json["faults"] == []


@pytest.mark.parametrize("target", JSON_TARGETS)
def test_the_valid_json_of_each_target_is_accepted(client, admin, target):
    path, method, text = json_targets(client)[target]
    response = client.open(path, method=method, headers=admin, data=text, content_type="application/json")
    assert response.status_code in (200, 201), response.get_data(as_text=True)


def test_duplicate_keys_in_json_the_last_one_is_read_as_php_does(client, admin):
    text = json_body(CUSTOMER).replace('"firstName": "Ola"', '"firstName": "First", "firstName": "Last"')
    response = register_json(client, admin, text)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert details(client, admin, response.json["customerId"])["firstName"] == "Last"


VALID_EMAIL = '"email": "ola.nowak@example.com"'


@pytest.mark.parametrize(
    "operation, text",
    [
        ("register", json_body(CUSTOMER).replace(VALID_EMAIL, VALID_EMAIL + ', "email": "not-an-email"')),
        ("register", json_body(CUSTOMER)[:-1] + ', "customer": "x"}'),
        ("update", '{"customer": {"email": "new@example.com", "email": "not-an-email"}}'),
        ("update", '{"customer": {"lastName": "Changed", "gender": "male", "gender": "robot"}}'),
    ],
    ids=["register-valid-then-invalid-email", "register-form-then-scalar", "update-valid-then-invalid-email",
         "update-valid-then-invalid-gender"],
)
def test_duplicate_keys_in_json_ending_with_an_invalid_value_are_400(client, admin, operation, text):
    before = snapshot(client, admin)
    rejected(SENDERS[operation, "json"](client, admin, text), 400)
    assert snapshot(client, admin) == before


def test_duplicate_password_in_json_login_the_last_one_counts(client):
    text = '{"_username": "admin", "_password": "open", "_password": "wrong"}'
    response = client.post("/api/admin/login_check", data=text, content_type="application/json")
    assert rejected(response, 401) == {"message": "Bad credentials."}


# --- wrong content types ------------------------------------------------------------------


def content_type_targets(client):
    """(path, method, valid form body, valid JSON body) of the endpoints that read a body."""
    refresh = login(client)["refresh_token"]
    admin_path, credentials = LOGINS["admin"]
    return {
        "register": (REGISTER, "POST", form_body(CUSTOMER), json_body(CUSTOMER)),
        "update": (UPDATE, "PUT", form_body({"lastName": "Changed"}), json_body({"lastName": "Changed"})),
        "admin-login": (admin_path, "POST", urlencode(credentials), json.dumps(credentials)),
        "refresh": ("/api/token/refresh", "POST", urlencode({"refresh_token": refresh}),
                    json.dumps({"refresh_token": refresh})),
    }


WRONG_CONTENT_TYPES = {
    "text-plain-form": ("text/plain", "form"),
    "text-plain-json": ("text/plain", "json"),
    "octet-stream-form": ("application/octet-stream", "form"),
    "xml-json": ("application/xml", "json"),
    "xml-xml": ("application/xml", "xml"),
    "multipart-without-boundary": ("multipart/form-data", "form"),
    "json-with-form-body": ("application/json", "form"),
    "form-with-json-body": (FORM, "json"),
}


@pytest.mark.parametrize("target", ["register", "update", "admin-login", "refresh"])
@pytest.mark.parametrize("case", list(WRONG_CONTENT_TYPES))
def test_wrong_content_type_is_not_read(client, admin, target, case):
    path, method, form, text = content_type_targets(client)[target]
    content_type, kind = WRONG_CONTENT_TYPES[case]
    data = {"form": form, "json": text, "xml": "<customer><lastName>Changed</lastName></customer>"}[kind]
    before = snapshot(client, admin)
    response = client.open(path, method=method, headers=admin, data=data, content_type=content_type)
    body = rejected(response, 400, 401, 415)
    assert "token" not in body
    assert snapshot(client, admin) == before


@pytest.mark.parametrize("encoding", ["json", "form"])
def test_a_body_without_a_content_type_is_read_by_its_look(client, admin, encoding):
    """Symfony's format listener falls back to JSON for /api; curl-style form bodies are read as forms."""
    body = json_body(CUSTOMER) if encoding == "json" else form_body(CUSTOMER)
    response = client.post(REGISTER, headers=admin, data=body.encode())
    assert response.request.headers.get("Content-Type") is None
    assert response.status_code == 200, response.get_data(as_text=True)
    assert details(client, admin, response.json["customerId"])["email"] == CUSTOMER["email"]


def test_json_with_a_byte_order_mark_is_400(client, admin):
    before = snapshot(client, admin)
    response = register_json(client, admin, b"\xef\xbb\xbf" + json_body(CUSTOMER).encode())
    rejected(response, 400)
    assert snapshot(client, admin) == before


def test_a_paired_surrogate_escape_is_text(client, admin):
    text = json_body(replaced(CUSTOMER, ("firstName",), "Ola")).replace('"Ola"', '"Ola \\ud83d\\ude00"')
    response = register_json(client, admin, text)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert details(client, admin, response.json["customerId"])["firstName"] == "Ola \U0001f600"


@pytest.mark.parametrize("path", ["/api/DEFAULT//customer", "/api//DEFAULT/customer", "//api/DEFAULT/customer"])
def test_doubled_slashes_are_404_not_a_redirect(client, admin, path):
    rejected(client.get(path, headers=admin), 404)


# --- bodies over MAX_CONTENT_LENGTH ---------------------------------------------------------


def _upload(name, size):
    file = (io.BytesIO(b"x" * size), "f.xml", "application/xml")
    return {"data": {name: file}, "content_type": "multipart/form-data"}


# name: (method, path, request keyword arguments for a body of `size` bytes or more, given a refresh token)
OVERSIZED = {
    "register": ("POST", REGISTER, lambda size, refresh: {
        "data": b'{"customer": {"firstName": "' + b"x" * size + b'"}}', "content_type": "application/json"}),
    "update": ("PUT", UPDATE, lambda size, refresh: {
        "data": b"customer[lastName]=" + b"x" * size, "content_type": FORM}),
    "login": ("POST", "/api/admin/login_check", lambda size, refresh: {
        "data": b'{"_username": "admin", "_password": "open", "x": "' + b"x" * size + b'"}',
        "content_type": "application/json"}),
    "refresh": ("POST", "/api/token/refresh", lambda size, refresh: {
        "data": json.dumps({"refresh_token": refresh, "x": "x" * size}), "content_type": "application/json"}),
    "list-with-form-body": ("GET", LISTS[0], lambda size, refresh: {
        "data": b"firstName=" + b"x" * size, "content_type": FORM}),
    "import": ("POST", IMPORT, lambda size, refresh: _upload("file[file]", size)),
    "avatar": ("POST", AVATAR, lambda size, refresh: _upload("avatar[file]", size)),
}


@pytest.mark.parametrize("target", list(OVERSIZED))
def test_body_over_the_size_limit_is_413_in_the_envelope(app, client, admin, target):
    method, path, make = OVERSIZED[target]
    kwargs = make(app.config["MAX_CONTENT_LENGTH"] + 1, login(client)["refresh_token"])
    before = snapshot(client, admin)
    response = client.open(path, method=method, headers=admin, **kwargs)
    assert response.status_code == 413, response.get_data(as_text=True)[:300]
    assert is_envelope(response.get_json(silent=True), 413), response.get_data(as_text=True)[:300]
    assert snapshot(client, admin) == before


# --- huge, NUL, invalid and lone-surrogate values in every input field -------------------------


def _spliced(value, fragment):
    return value[:1] + fragment + value[1:]


HOSTILE_VALUES = {
    "1mb-json": ("json", lambda value: "x" * 1_000_000),
    "nul-json": ("json", lambda value: _spliced(value, "\x00")),
    "nul-form": ("form", lambda value: quote(_spliced(value, "\x00"), safe="")),
    "lone-high-surrogate-json": ("json", lambda value: _spliced(value, "\ud800")),
    "lone-low-surrogate-json": ("json", lambda value: value + "\udfff"),
    "invalid-utf8-form": ("form", lambda value: quote(value[:1], safe="") + "%C3%28" + quote(value[1:], safe="")),
    "utf8-surrogate-form": ("form", lambda value: quote(value, safe="") + "%ED%A0%80"),
    "overlong-utf8-form": ("form", lambda value: "%C0%AF" + quote(value, safe="")),
}


@pytest.mark.parametrize("operation", ["register", "update"])
@pytest.mark.parametrize("path", INPUT_FIELDS, ids=["-".join(path) for path in INPUT_FIELDS])
@pytest.mark.parametrize("hostile", list(HOSTILE_VALUES))
def test_hostile_value_in_an_input_field_is_400(client, admin, operation, path, hostile):
    encoding, make = HOSTILE_VALUES[hostile]
    value = make(value_at(CUSTOMER, path))
    body = json_body(replaced(CUSTOMER, path, value)) if encoding == "json" else form_body(CUSTOMER, (path, value))
    before = snapshot(client, admin)
    body = rejected(SENDERS[operation, encoding](client, admin, body), 400)
    if is_form_error(body):
        assert form_errors(body, *path), body
    assert snapshot(client, admin) == before


@pytest.mark.parametrize("operation", ["register", "update"])
@pytest.mark.parametrize("encoding", ["json", "form"])
def test_a_hundred_thousand_character_email_is_400(client, admin, operation, encoding):
    data = replaced(CUSTOMER, ("email",), "a" * 100_000 + "@example.com")
    before = snapshot(client, admin)
    body = rejected(SENDERS[operation, encoding](client, admin, json_body(data) if encoding == "json"
                                                 else form_body(data)), 400)
    assert form_errors(body, "email")
    assert snapshot(client, admin) == before


ODD_TEXT = {
    "rtl-marks": "\u200f\u05e9\u05dc\u05d5\u05dd\u200e",
    "rtl-override": "\u202eevil\u202c",
    "zero-width": "a\u200db\u200cc\u200b",
    "emoji-family": "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "emoji-flags": "\U0001f1f5\U0001f1f1\U0001f3f3\ufe0f\u200d\U0001f308",
    "combining-marks": "Ze\u0301\u0301\u0301bra\u0308\u0324",
    "bom-inside": "x\ufeffy",
    "astral-letters": "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594",
    "fullwidth": "\uff2f\uff2c\uff21",
    "cjk": "\u9867\u5ba2",
}


@pytest.mark.parametrize("operation", ["register", "update"])
@pytest.mark.parametrize("encoding", ["json", "form"])
@pytest.mark.parametrize("odd", list(ODD_TEXT))
def test_odd_unicode_in_every_free_text_field_is_stored_exactly(client, admin, operation, encoding, odd):
    text = ODD_TEXT[odd]
    data = dict(CUSTOMER, labels=f"{text}:{text}")
    for path in FREE_TEXT_FIELDS:
        data = replaced(data, path, f"{text}-card" if path == ("loyaltyCardNumber",) else text)
    response = SENDERS[operation, encoding](client, admin, json_body(data) if encoding == "json" else form_body(data))
    assert response.status_code == 200, response.get_data(as_text=True)
    customer = details(client, admin, response.json["customerId"])
    for path in FREE_TEXT_FIELDS:
        assert value_at(customer, path) == value_at(data, path), path
    assert customer["labels"] == [{"key": text, "value": text}]


# --- SQL-like text in the list filters, sort and direction ------------------------------------


SQLISH = ["' OR 1=1 --", '"; DROP TABLE customer; --', "%", "_", "\\", "%%", "\\%", "*", "' OR '1'='1",
          "' UNION SELECT id, password_hash FROM admin --"]
TEXT_FILTERS = ["firstName", "lastName", "email", "phone", "loyaltyCardNumber", "emailOrPhone",
                "labels[0][key]", "labels[0][value]"]
# Customers holding the SQL-like values literally, so that a filter has something true to find.
PLANTED = {
    KOWALSKI: {"firstName": "' OR 1=1 --", "lastName": '"; DROP TABLE customer; --',
               "email": "o'hara%_\\@example.com", "loyaltyCardNumber": "100%_\\*",
               "labels": "' OR 1=1 --:%;_:\\"},
    TEST_TEST: {"firstName": "50%", "lastName": "snake_case", "loyaltyCardNumber": "C:\\cards\\1"},
}
FOLDED_WHEN_STRICT = {"firstName", "lastName", "email"}


@pytest.fixture
def planted(client, admin):
    for customer_id, values in PLANTED.items():
        response = client.put(f"/api/DEFAULT/customer/{customer_id}", headers=admin, json={"customer": values})
        assert response.status_code == 200, response.get_data(as_text=True)


def _holds(text, value, strict, fold):
    if text is None:
        return False
    if fold:
        text, value = text.lower(), value.lower()
    return text == value if strict else value in text


def matches(customer, name, value, strict):
    """Whether `customer` holds `value` literally in the field the filter `name` reads."""
    if name.startswith("labels"):
        part = "key" if name.endswith("[key]") else "value"
        return any(label[part] == value for label in customer["labels"])
    if name == "emailOrPhone":
        return _holds(customer.get("email"), value, strict, True) or _holds(customer.get("phone"), value, strict,
                                                                            not strict)
    return _holds(customer.get(name), value, strict, not strict or name in FOLDED_WHEN_STRICT)


@pytest.mark.parametrize("path", LISTS, ids=["customer", "admin"])
@pytest.mark.parametrize("name", TEXT_FILTERS)
@pytest.mark.parametrize("value", SQLISH)
def test_sql_like_filter_text_is_matched_literally(client, admin, planted, path, name, value):
    before = snapshot(client, admin)
    everyone = customers(client, admin, path)
    for strict in ("0", "1"):
        response = client.get(f"{path}?{urlencode({name: value, 'strict': strict, 'perPage': -1})}", headers=admin)
        if response.status_code == 400:
            rejected(response, 400)
            continue
        assert response.status_code == 200, response.get_data(as_text=True)
        expected = {c["customerId"] for c in everyone if matches(c, name, value, strict == "1")}
        assert {c["customerId"] for c in response.json["customers"]} == expected, strict
        assert response.json["total"] == len(expected)
    assert snapshot(client, admin) == before


@pytest.mark.parametrize("path", LISTS, ids=["customer", "admin"])
def test_percent_and_underscore_find_only_the_customers_holding_them(client, admin, planted, path):
    def found(**params):
        response = client.get(f"{path}?{urlencode({**params, 'perPage': -1})}", headers=admin)
        assert response.status_code == 200
        return {c["customerId"] for c in response.json["customers"]}

    assert found(firstName="%") == {TEST_TEST}
    assert found(lastName="_") == {TEST_TEST}
    assert found(loyaltyCardNumber="%_") == {KOWALSKI}
    assert found(email="%_\\@") == {KOWALSKI}
    assert found(firstName="50_") == set()


@pytest.mark.parametrize("path", LISTS, ids=["customer", "admin"])
@pytest.mark.parametrize("value", ["%FF", "%C3%28", "%ED%A0%80", "%00"])
def test_invalid_bytes_in_a_filter_match_no_literal_text(client, admin, path, value):
    response = client.put(UPDATE, headers=admin, json={"customer": {"firstName": value}})
    assert response.status_code == 200
    before = snapshot(client, admin)
    response = client.get(f"{path}?firstName={value}&perPage=-1", headers=admin)
    if response.status_code == 400:
        assert form_errors(rejected(response, 400), "firstName") == [NOT_VALID]
    else:
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.json == {"customers": [], "total": 0}
    assert snapshot(client, admin) == before


def ids_unless_refused(client, admin, path, query):
    """The listed customer ids, or None when the list refused the query (a 400 in Open Loyalty's format)."""
    response = client.get(f"{path}?{urlencode(query)}", headers=admin)
    if response.status_code == 400:
        rejected(response, 400)
        return None
    assert response.status_code == 200, response.get_data(as_text=True)
    return [c["customerId"] for c in response.json["customers"]]


@pytest.mark.parametrize("path", LISTS, ids=["customer", "admin"])
@pytest.mark.parametrize("value", SQLISH + ["createdAt desc, (SELECT 1)", "customerId) --", "1; --"])
def test_sql_like_sort_keeps_the_default_order(client, admin, path, value):
    before = snapshot(client, admin)
    default = [c["customerId"] for c in customers(client, admin, path)]
    listed = ids_unless_refused(client, admin, path, {"sort": value, "direction": "asc", "perPage": -1})
    assert listed in (None, default)
    assert snapshot(client, admin) == before


@pytest.mark.parametrize("path", LISTS, ids=["customer", "admin"])
@pytest.mark.parametrize("value", SQLISH + ["asc; DROP TABLE customer", "asc, id", "ASC --"])
def test_sql_like_direction_sorts_by_the_column_or_is_400(client, admin, path, value):
    before = snapshot(client, admin)
    ids = sorted(c["customerId"] for c in customers(client, admin, path))
    listed = ids_unless_refused(client, admin, path, {"sort": "customerId", "direction": value, "perPage": -1})
    assert listed in (None, ids, ids[::-1])
    assert snapshot(client, admin) == before


@pytest.mark.parametrize("path", LISTS, ids=["customer", "admin"])
@pytest.mark.parametrize("name", ["strict", "_locale"])
@pytest.mark.parametrize("value", SQLISH)
def test_sql_like_strict_and_locale_filter_nothing(client, admin, path, name, value):
    before = snapshot(client, admin)
    default = [c["customerId"] for c in customers(client, admin, path)]
    assert ids_unless_refused(client, admin, path, {name: value, "perPage": -1}) in (None, default)
    assert snapshot(client, admin) == before


# --- paging and range filters ---------------------------------------------------------------


HUGE = str(10**30)
# params, the expected slice of the default order (None: must be 400), whether 400 is also right
PAGING = {
    "page-zero": ({"page": "0", "perPage": "3"}, lambda ids: ids[:3], False),
    "page-negative": ({"page": "-1", "perPage": "3"}, lambda ids: ids[:3], False),
    "page-very-negative": ({"page": "-99999", "perPage": "3"}, lambda ids: ids[:3], False),
    "page-huge": ({"page": HUGE, "perPage": "3"}, lambda ids: [], True),
    "page-minus-huge": ({"page": "-" + HUGE, "perPage": "3"}, lambda ids: ids[:3], True),
    "page-past-int64": ({"page": str(2**63), "perPage": "3"}, lambda ids: [], True),
    "page-word": ({"page": "abc"}, None, False),
    "page-fraction": ({"page": "1.5"}, None, False),
    "page-exponent": ({"page": "1e3"}, None, False),
    "page-hex": ({"page": "0x10"}, None, False),
    "page-nan": ({"page": "NaN"}, None, False),
    "page-arabic-digits": ({"page": "\u0662"}, None, False),
    "per-page-zero": ({"perPage": "0"}, lambda ids: ids[:10], False),
    "per-page-negative": ({"perPage": "-1"}, lambda ids: ids, False),
    "per-page-very-negative": ({"perPage": "-7"}, lambda ids: ids, False),
    "per-page-huge": ({"perPage": HUGE}, lambda ids: ids, True),
    "per-page-past-int64": ({"perPage": str(2**63)}, lambda ids: ids, True),
    "per-page-word": ({"perPage": "ten"}, None, False),
    "per-page-infinity": ({"perPage": "Infinity"}, None, False),
    "per-page-fraction": ({"perPage": "2.5"}, None, False),
}


@pytest.mark.parametrize("path", LISTS, ids=["customer", "admin"])
@pytest.mark.parametrize("case", list(PAGING))
def test_odd_paging_is_read_as_documented_or_400(client, admin, path, case):
    params, expected, may_be_invalid = PAGING[case]
    before = snapshot(client, admin)
    everyone = [c["customerId"] for c in customers(client, admin, path)]
    response = client.get(f"{path}?{urlencode(params)}", headers=admin)
    if expected is None or (may_be_invalid and response.status_code == 400):
        body = rejected(response, 400)
        assert any(form_errors(body, name) == [NOT_VALID] for name in params)
    else:
        assert response.status_code == 200, response.get_data(as_text=True)
        assert [c["customerId"] for c in response.json["customers"]] == expected(everyone)
        assert response.json["total"] == len(everyone)
    assert snapshot(client, admin) == before


RANGE_FILTERS = ["transactionsAmountFrom", "transactionsAmountTo", "averageTransactionAmountFrom",
                 "averageTransactionAmountTo", "transactionsCountFrom", "transactionsCountTo",
                 "daysFromLastTransactionTo", "hoursFromLastUpdateTo"]
BAD_NUMBERS = ["abc", "1e309", "-1e309", "NaN", "Infinity", "-Infinity", HUGE, "0x10", "\u0661\u0662",
               "1 OR 1=1"]


@pytest.mark.parametrize("path", LISTS, ids=["customer", "admin"])
@pytest.mark.parametrize("name", RANGE_FILTERS)
@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_malformed_or_absurd_range_is_a_form_error(client, admin, path, name, value):
    before = snapshot(client, admin)
    response = client.get(f"{path}?{urlencode({name: value})}", headers=admin)
    assert form_errors(rejected(response, 400), name) == [NOT_VALID]
    assert snapshot(client, admin) == before


# --- bracket-key abuse in form bodies ---------------------------------------------------------


BRACKET_ABUSE = {
    "scalar-address": [("customer[address]", "x")],
    "list-in-nameless-list": [("customer[][]", "")],
    "nameless-field": [("customer[]", "x")],
    "key-under-text": [("customer[firstName][x]", "y")],
    "list-under-text": [("customer[lastName][]", "y")],
    "index-under-text": [("customer[email][0]", "a@example.com")],
    "list-under-checkbox": [("customer[agreement1][]", "1")],
    "key-under-address-field": [("customer[address][city][x]", "y")],
    "index-in-address": [("customer[address][0]", "x")],
    "huge-index-in-address": [("customer[address][99999999999999999999]", "x")],
    "5000-digit-index-in-address": [("customer[address][" + "9" * 5000 + "]", "x")],
    "superscript-digit-in-address": [("customer[address][\u00b9]", "x")],
    "arabic-indic-digits-in-form": [("customer[\u0661\u0662]", "x")],
    "nested-50-deep": [("customer" + "[a]" * 50, "x")],
    "nested-50-deep-in-address": [("customer[address]" + "[a]" * 49, "x")],
    "nested-10000-deep": [("customer" + "[a]" * 10_000, "x")],
    "nul-in-key": [("customer[first\x00Name]", "x")],
    "nul-after-key": [("customer[lastName\x00]", "x")],
    "nul-in-nested-key": [("customer[address][ci\x00ty]", "x")],
    "form-as-scalar": [("customer", "x")],
    "unknown-field": [("customer[password]", "x")],
    "thousand-unknown-fields": [(f"customer[f{n}]", "x") for n in range(1000)],
    "avatar-path": [("customer[avatarPath]", "avatars/../../jwt-private.pem")],
}


def abusive_body(base, pairs):
    encoded = [f"{quote(key, safe='[]')}={quote(value, safe='')}" for key, value in pairs]
    return "&".join([form_body(base), *encoded])


@pytest.mark.parametrize("operation", ["register", "update"])
@pytest.mark.parametrize("abuse", list(BRACKET_ABUSE))
def test_bracket_key_abuse_is_400(client, admin, operation, abuse):
    before = snapshot(client, admin)
    body = abusive_body(CUSTOMER, BRACKET_ABUSE[abuse])
    rejected(SENDERS[operation, "form"](client, admin, body), 400)
    assert snapshot(client, admin) == before


@pytest.mark.parametrize("key", ["\u00b9", "\u0661", "9" * 5000, "0" * 5000 + "1"],
                         ids=["superscript-one", "arabic-indic-one", "5000-nines", "5000-zeros-then-one"])
def test_a_key_of_digits_python_cannot_count_is_a_400_not_a_list_index(client, admin, key):
    """Only ASCII digits number a list, however many: ¹ and ١ are digits to str.isdigit()
    but not to int(), and int() refuses 5,000 digits."""
    path = f"/api/DEFAULT/customer/{JOHN}/pushy-token"
    for body in (f"{quote(key)}=x", f"{quote(key)}=x&0=y", f"customer[{quote(key)}]=x"):
        response = client.post(path, headers={**admin, "Content-Type": "application/x-www-form-urlencoded"}, data=body)
        assert response.status_code == 400, (body[:40], response.status_code)
        assert "code" in response.json or "form" in response.json


UNBALANCED = ["customer[firstName=Ola&customer[lastName=Nowak&customer[agreement1=1",
              "customer]firstName[=Ola&customer]lastName[=Nowak",
              "[customer][firstName]=Ola&[customer][lastName]=Nowak",
              "customer[[firstName]]=Ola&customer[[lastName]]=Nowak",
              "customer[address[city]]=Krakow&customer[address[street]]=Rynek",
              "customer%5BfirstName=Ola&customer%5BlastName=Nowak&customer%5Bagreement1=1"]


@pytest.mark.parametrize("operation", ["register", "update"])
@pytest.mark.parametrize("body", UNBALANCED)
def test_unbalanced_brackets_submit_no_form(client, admin, operation, body):
    before = snapshot(client, admin)
    rejected(SENDERS[operation, "form"](client, admin, body), 400)
    assert snapshot(client, admin) == before


def test_repeated_form_key_the_last_one_is_read_as_php_does(client, admin):
    response = update_form(client, admin, "customer[firstName]=First&customer[firstName]=Last")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert details(client, admin, KOWALSKI)["firstName"] == "Last"


@pytest.mark.parametrize(
    "operation, pairs",
    [
        ("update", [("customer[email]", "new@example.com"), ("customer[email]", "not-an-email")]),
        ("update", [("customer[gender]", "male"), ("customer[gender]", "robot")]),
        ("register", [("customer[agreement1]", "0")]),
        ("register", [("customer[phone]", "+440000000")]),
    ],
    ids=["update-email", "update-gender", "register-agreement1", "register-phone"],
)
def test_repeated_form_key_ending_with_an_invalid_value_is_400(client, admin, operation, pairs):
    base = CUSTOMER if operation == "register" else {"lastName": "Changed"}
    before = snapshot(client, admin)
    rejected(SENDERS[operation, "form"](client, admin, abusive_body(base, pairs)), 400)
    assert snapshot(client, admin) == before


def test_avatar_path_cannot_be_written_through_update(client, admin):
    rejected(update_form(client, admin, abusive_body({}, BRACKET_ABUSE["avatar-path"])), 400)
    response = client.get(f"/api/DEFAULT/customer/{KOWALSKI}/avatar", headers=admin)
    assert response.status_code == 204 and response.data == b""


# --- XML import -------------------------------------------------------------------------------


CUSTOMER_NODES = (b"<lastName>B</lastName><active>true</active><agreement1>true</agreement1>"
                  b"<gender>male</gender></customer></customers>")


def xml_with(doctype, first_name, email=b"hostile@import.test"):
    return (b'<?xml version="1.0"?>\n' + doctype + b"\n<customers><customer><email>" + email + b"</email><firstName>"
            + first_name + b"</firstName>" + CUSTOMER_NODES)


LAUGHS = b"".join(
    b'<!ENTITY lol%d "%s">' % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10)) if n else b"lol")
    for n in range(10)
)
HOSTILE_XML = {
    "external-entity": xml_with(b'<!DOCTYPE customers [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;"),
    "external-entity-private-key": None,  # made per test: it names the instance's key file
    "billion-laughs": xml_with(b"<!DOCTYPE customers [" + LAUGHS + b"]>", b"&lol9;"),
    "quadratic-blowup": xml_with(b'<!DOCTYPE customers [<!ENTITY a "' + b"a" * 50_000 + b'">]>', b"&a;" * 50_000),
    "parameter-entity": xml_with(b'<!DOCTYPE customers [<!ENTITY % r SYSTEM "http://127.0.0.1:1/x.dtd"> %r;]>', b"A"),
    "external-dtd": xml_with(b'<!DOCTYPE customers SYSTEM "file:///etc/passwd">', b"A"),
    "internal-dtd": xml_with(b"<!DOCTYPE customers [<!ELEMENT customers ANY>]>", b"A"),
    "internal-entity": xml_with(b'<!DOCTYPE customers [<!ENTITY n "Nina">]>', b"&n;"),
    "json": b'{"customers": [{"email": "json@import.test"}]}',
    "csv": b"email,firstName\ncsv@import.test,Jan\n",
    "html": b"<!DOCTYPE html><html><body><customers></customers></body></html>",
    "png": None,  # made per test
    "nul-bytes": b"<customers>\x00\x00</customers>",
    "truncated": xml_with(b"", b"A")[:-20],
    "whitespace-only": b" \n\t \n",
}


@pytest.mark.parametrize("case", list(HOSTILE_XML))
def test_hostile_import_file_is_a_form_error_and_imports_nobody(app, client, admin, case):
    content = HOSTILE_XML[case]
    if case == "external-entity-private-key":
        key = app.config["JWT_PRIVATE_KEY_PATH"].encode()
        content = xml_with(b'<!DOCTYPE customers [<!ENTITY k SYSTEM "file://' + key + b'">]>', b"&k;")
    if case == "png":
        content = png_bytes()
    before = snapshot(client, admin)
    response = client.post(IMPORT, headers=admin, content_type="multipart/form-data",
                           data={"file[file]": (io.BytesIO(content), "customers.xml", "application/xml")})
    body = rejected(response, 400)
    assert form_errors(body, "file"), body
    assert b"root:" not in response.data and b"PRIVATE KEY" not in response.data
    assert snapshot(client, admin) == before


def test_xinclude_is_not_followed(client, admin):
    content = xml_with(b"", b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" '
                            b'parse="text"/>')
    before = snapshot(client, admin)
    response = client.post(IMPORT, headers=admin, content_type="multipart/form-data",
                           data={"file[file]": (io.BytesIO(content), "customers.xml", "application/xml")})
    assert b"root:" not in response.data
    if response.status_code == 200:
        assert response.json["totalSuccess"] == 0
        assert response.json["items"][0]["message"] == "Convert exception: firstName is required node"
    else:
        rejected(response, 400)
    assert snapshot(client, admin) == before


def test_import_file_over_the_form_limit_is_a_form_error(client, admin):
    content = xml_with(b"", b"A") + b" " * 16_500_000
    before = snapshot(client, admin)
    response = client.post(IMPORT, headers=admin, content_type="multipart/form-data",
                           data={"file[file]": (io.BytesIO(content), "customers.xml", "application/xml")})
    assert form_errors(rejected(response, 400), "file") == [
        "The file is too large (16.5 MB). Allowed maximum size is 16 MB."
    ]
    assert snapshot(client, admin) == before


# --- avatars that lie about their type ----------------------------------------------------------


def png_bytes(size=(4, 3), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, image_format)
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width, height):
    """A PNG header declaring `width` x `height` pixels with almost no data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _chunk(b"IEND", b""))


def gif_claiming(width, height):
    """A GIF whose logical screen is `width` x `height`, holding one 1x1 frame."""
    frame = b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00"
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + frame + b";"


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("avatar.png", png_bytes())
    return buffer.getvalue()


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>'
LYING_FILES = {
    "text-named-png": (lambda: b"just some text\n", "avatar.png", "image/png"),
    "html-named-jpg": (lambda: b"<html><script>alert(1)</script></html>", "avatar.jpg", "image/jpeg"),
    "svg-with-script": (lambda: SVG_SCRIPT, "avatar.svg", "image/svg+xml"),
    "svg-named-png": (lambda: SVG_SCRIPT, "avatar.png", "image/png"),
    "truncated-png": (lambda: png_bytes((64, 64))[:-30], "avatar.png", "image/png"),
    "png-signature-only": (lambda: b"\x89PNG\r\n\x1a\n", "avatar.png", "image/png"),
    "jpeg-markers-only": (lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 32 + b"\xff\xd9", "avatar.jpg", "image/jpeg"),
    "zip-named-png": (zip_bytes, "avatar.png", "image/png"),
    "png-bomb-100000x100000": (lambda: png_claiming(100_000, 100_000), "avatar.png", "image/png"),
    "png-zero-size": (lambda: png_claiming(0, 0), "avatar.png", "image/png"),
    "gif-bomb-65535x65535": (lambda: gif_claiming(65_535, 65_535), "avatar.gif", "image/gif"),
    "bmp": (lambda: png_bytes(image_format="BMP"), "avatar.bmp", "image/bmp"),
    "tiff-named-png": (lambda: png_bytes(image_format="TIFF"), "avatar.png", "image/png"),
    "empty": (lambda: b"", "avatar.png", "image/png"),
}


@pytest.mark.parametrize("old", ["with-old-avatar", "without-avatar"])
@pytest.mark.parametrize("case", list(LYING_FILES))
def test_file_that_is_no_png_gif_or_jpeg_is_400_and_the_avatar_stays(client, admin, case, old):
    old_image = png_bytes((5, 5))
    if old == "with-old-avatar":
        upload = {"avatar[file]": (io.BytesIO(old_image), "old.png", "image/png")}
        assert client.post(AVATAR, headers=admin, data=upload, content_type="multipart/form-data").status_code == 204
    make, filename, mimetype = LYING_FILES[case]
    before = snapshot(client, admin)
    response = client.post(AVATAR, headers=admin, content_type="multipart/form-data",
                           data={"avatar[file]": (io.BytesIO(make()), filename, mimetype)})
    assert form_errors(rejected(response, 400), "file"), response.json
    current = client.get(AVATAR, headers=admin)
    if old == "with-old-avatar":
        assert current.status_code == 200 and current.data == old_image and current.mimetype == "image/png"
    else:
        assert current.status_code == 204 and current.data == b""
    assert snapshot(client, admin) == before


# --- path parameters ------------------------------------------------------------------------------


# name: (method, path with {} for the parameter, its valid value, role of the caller or None)
ROUTES = {
    "store-list": ("GET", "/api/{}/customer", "DEFAULT", "admin"),
    "store-register": ("POST", "/api/{}/customer/register", "DEFAULT", "admin"),
    "customer-details": ("GET", "/api/DEFAULT/customer/{}", KOWALSKI, "admin"),
    "customer-update": ("PUT", "/api/DEFAULT/customer/{}", KOWALSKI, "admin"),
    "customer-delete": ("DELETE", "/api/DEFAULT/customer/{}", KOWALSKI, "admin"),
    "customer-status": ("GET", "/api/DEFAULT/customer/customer/{}/status", KOWALSKI, "admin"),
    "customer-deactivate": ("POST", "/api/DEFAULT/admin/customer/{}/deactivate", KOWALSKI, "admin"),
    "customer-avatar": ("GET", "/api/DEFAULT/customer/{}/avatar", KOWALSKI, "admin"),
    "activation-token": ("POST", "/api/DEFAULT/customer/activate/{}", ACTIVATION_TOKEN, None),
    "sms-code": ("POST", "/api/DEFAULT/customer/activate-sms/{}", ACTIVATION_CODE, None),
    "phone-change-code": ("POST", "/api/DEFAULT/customer/confirm-change/{}", PHONE_CHANGE_CODE, "customer"),
}
# each turns the valid value into a hostile one, written as it appears in the URL
PATH_VALUES = {
    "traversal": lambda valid: "..%2F..%2Fetc%2Fpasswd",
    "double-encoded-traversal": lambda valid: "..%252F..%252Fetc%252Fpasswd",
    "dot-dot": lambda valid: "..",
    "encoded-dot-dot": lambda valid: "%2e%2e",
    "backslash-traversal": lambda valid: "..%5C..%5Capp%5Cconfig.py",
    "nul": lambda valid: "%00",
    "valid-then-nul": lambda valid: f"{valid}%00",
    "valid-then-space": lambda valid: f"{valid}%20",
    "valid-then-quote": lambda valid: f"{valid}'",
    "very-long": lambda valid: "a" * 10_000,
    "unicode": lambda valid: quote("Za\u017c\u00f3\u0142\u0107\U0001f600\u202e"),
    "star": lambda valid: "*",
    "quote": lambda valid: "'",
    "sql": lambda valid: quote("' OR '1'='1"),
    "percent": lambda valid: "%25",
    "bare-percent": lambda valid: "%",
    "underscores": lambda valid: "_" * len(valid),
    "lone-surrogate-bytes": lambda valid: "%ED%A0%80",
    "invalid-utf8": lambda valid: "%FF%FE",
}


def route_request(client, auth, route, value):
    method, template, _, role = ROUTES[route]
    headers = {} if role is None else auth.headers(role, JOHN if role == "customer" else None)
    kwargs = {"json": {"customer": {"lastName": "Changed"}}} if method == "PUT" else {}
    if route == "store-register":
        kwargs = {"data": form_body(CUSTOMER), "content_type": FORM}
    return client.open(template.format(value), method=method, headers=headers, **kwargs)


@pytest.mark.parametrize("route", list(ROUTES))
def test_each_route_answers_its_valid_path_value(client, auth, route):
    response = route_request(client, auth, route, ROUTES[route][2])
    assert response.status_code in (200, 204), response.get_data(as_text=True)


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("hostile", list(PATH_VALUES))
def test_hostile_path_value_is_404(client, auth, admin, route, hostile):
    value = PATH_VALUES[hostile](ROUTES[route][2])
    before = snapshot(client, admin)
    response = route_request(client, auth, route, value)
    rejected(response, 404)
    assert snapshot(client, admin) == before


ASSETS = os.path.join(os.path.dirname(flask_swagger_ui.__file__), "dist")
ASSET_PATHS = [
    "..%2f..%2fapp%2fconfig.py",
    "../../app/config.py",
    "%2e%2e/%2e%2e/%2e%2e/app/config.py",
    "..%5c..%5capp%5cconfig.py",
    "....//....//app/config.py",
    "%2fetc%2fpasswd",
    "/etc/passwd",
    "..%2f" * 12 + "etc%2fpasswd",
    "%00",
    "index.html%00.css",
    "{relative_key}",
    "{relative_key_encoded}",
    "{absolute_key}",
]


@pytest.mark.parametrize("path", ASSET_PATHS)
def test_doc_assets_serve_nothing_outside_their_folder(app, client, path):
    key = app.config["JWT_PRIVATE_KEY_PATH"]
    relative = os.path.relpath(key, ASSETS)
    path = path.format(relative_key=relative, relative_key_encoded=quote(relative, safe=""),
                       absolute_key=quote(key, safe=""))
    response = client.get(f"/api/doc/assets/{path}", follow_redirects=True)
    rejected(response, 404)
    assert response.request.path.startswith("/api/doc/assets/")
    for secret in (b"PRIVATE KEY", b"root:", b"MAX_CONTENT_LENGTH"):
        assert secret not in response.data


def test_doc_assets_serve_their_own_files(client):
    response = client.get("/api/doc/assets/swagger-ui.css")
    assert response.status_code == 200 and response.data


@pytest.mark.parametrize("suffix", ["/..%2f..%2f..%2fjwt-private.pem", "/../../../etc/passwd", "%2f..%2fconfig.py"])
def test_avatar_route_serves_nothing_outside_its_folder(client, admin, suffix):
    upload = {"avatar[file]": (io.BytesIO(png_bytes()), "a.png", "image/png")}
    assert client.post(AVATAR, headers=admin, data=upload, content_type="multipart/form-data").status_code == 204
    response = client.get(AVATAR + suffix, headers=admin, follow_redirects=True)
    rejected(response, 404)
    assert b"PRIVATE KEY" not in response.data and b"root:" not in response.data
