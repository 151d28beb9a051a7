"""Every error answer says what went wrong: Open Loyalty's body as it is, plus one English sentence
under "hint" where the body alone does not tell the cause. A body that is not JSON, sent as JSON,
answers FOSRest's own body."""
import pytest

REGISTER = "/api/DEFAULT/admin/customer/register"
FIELDS = {"firstName": "Hint", "lastName": "Reader", "email": "hint.reader@example.com", "agreement1": True}
INVALID_JSON = {"code": 400, "message": "Invalid json message received"}
JOHN_URL = "/api/DEFAULT/customer/00000000-0000-474c-b092-b0dd880c07e1"


def total(client, headers):
    return client.get("/api/DEFAULT/customer?perPage=1", headers=headers).json["total"]


def test_a_json_body_without_the_customer_object_says_so(client, auth):
    headers = auth.headers("admin")
    before = total(client, headers)
    response = client.post(REGISTER, json=FIELDS, headers=headers)
    assert response.status_code == 400
    assert response.json["form"]["children"]["firstName"] == {}  # the form was not submitted, as in Symfony
    assert response.json["hint"] == ('The JSON body has no "customer" object: '
                                     'send {"customer": {...}} with the form\'s fields inside.')
    assert total(client, headers) == before


def test_an_update_without_the_customer_object_says_so_and_changes_nothing(client, auth):
    headers = auth.headers("admin")
    response = client.put(JOHN_URL, json={"lastName": "Unwrapped"}, headers=headers)
    assert response.status_code == 400 and '"customer" object' in response.json["hint"]
    assert client.get(JOHN_URL, headers=headers).json["lastName"] == "Doe"


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain; charset=utf-8", "application/octet-stream"])
def test_json_sent_as_another_type_says_which_type_to_send(client, auth, content_type):
    response = client.post(REGISTER, data=f'{{"customer": {{"firstName": "{FIELDS["firstName"]}"}}}}',
                           content_type=content_type, headers=auth.headers("admin"))
    assert response.status_code == 400 and "form" in response.json
    assert "Content-Type: application/json" in response.json["hint"]
    assert content_type.split(";")[0] in response.json["hint"]


def test_json_sent_as_form_fields_says_so(client, auth):
    response = client.post(REGISTER, data='{"customer": {"firstName": "Hint"}}',
                           content_type="application/x-www-form-urlencoded", headers=auth.headers("admin"))
    assert response.status_code == 400
    assert "looks like JSON but was sent as form fields" in response.json["hint"]


def test_a_json_login_sent_as_text_says_so(client):
    response = client.post("/api/admin/login_check", data='{"_username": "admin", "_password": "open"}',
                           content_type="text/plain")
    assert response.status_code == 401 and response.json["message"] == "Bad credentials."
    assert "Content-Type: application/json" in response.json["hint"]


def test_json_without_a_content_type_is_read(client, auth):
    body = '{"customer": {"firstName": "Hint", "lastName": "Reader", "email": "plain@example.com", "agreement1": 1}}'
    response = client.post(REGISTER, data=body, headers=auth.headers("admin"))
    assert response.status_code == 200, response.json


def test_a_form_field_outside_customer_says_where_it_belongs(client, auth):
    data = {"customer[firstName]": "Hint", "lastName": "Reader", "customer[email]": "form.hint@example.com",
            "customer[agreement1]": "1"}
    response = client.post(REGISTER, data=data, headers=auth.headers("admin"))
    assert response.status_code == 400
    assert response.json["form"]["children"]["lastName"] == {"errors": ["This value should not be blank."]}
    assert response.json["hint"] == ("The form field lastName is outside customer[...] and was not read: "
                                     "send customer[lastName].")


def test_a_wellformed_request_gets_no_hint(client, auth):
    response = client.post(REGISTER, json={"customer": {**FIELDS, "email": "not-an-email"}},
                           headers=auth.headers("admin"))
    assert response.status_code == 400 and "hint" not in response.json


@pytest.mark.parametrize("path", [f"/api/NOPE/customer/{'x' * 8}", "/api/Default/customer", "/_dev/stores/X/settings"])
def test_an_unknown_store_names_the_stores(client, auth, path):
    response = client.open(path, method="PUT" if path.startswith("/_dev") else "GET", headers=auth.headers("admin"),
                           json={"activationMethod": "sms"})
    assert response.status_code == 404
    assert response.json["error"] == {"code": 404, "message": "Not Found"}
    code = path.split("/")[2] if path.startswith("/api") else "X"
    assert response.json["hint"] == f"no store `{code}`; stores are DEFAULT, SECOND"


@pytest.mark.parametrize("path, method", [
    ("/api/admin/login_check", "POST"), ("/api/customer/login_check", "POST"), ("/api/token/refresh", "POST"),
    (REGISTER, "POST"), (JOHN_URL, "PUT"), ("/api/DEFAULT/customer/self_register", "POST"),
    ("/_dev/clock/freeze", "POST"), ("/_dev/faults", "POST"), ("/_dev/stores/DEFAULT/settings", "PUT"),
])
@pytest.mark.parametrize("body", ['{"customer": {', "{'single': 'quotes'}", '"a string"', "[1, 2]", "nul"])
def test_a_body_that_is_not_a_json_object_answers_fosrest_body(client, auth, path, method, body):
    response = client.open(path, method=method, data=body, content_type="application/json",
                           headers=auth.headers("admin"))
    assert response.status_code == 400 and response.json == INVALID_JSON
