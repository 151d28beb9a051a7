"""Pushy device tokens of a customer: list, add, remove."""
import pytest

MARIA = "1cb6d205-8b77-40e1-a801-052185ed52d9"  # seeded with the token "pushy_token"
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"
UNKNOWN = "99999999-0000-474c-b092-b0dd880c07e1"
URL = f"/api/DEFAULT/customer/{MARIA}/pushy-token"
NOT_BLANK = {"form": {"children": {"pushyToken": {"errors": ["This value should not be blank."]}}}, "errors": []}


def tokens(client, auth, customer_id=MARIA):
    response = client.get(f"/api/DEFAULT/customer/{customer_id}/pushy-token", headers=auth.headers("admin"))
    assert response.status_code == 200
    return response.json["tokens"]


def add(client, headers, token, url=URL):
    return client.post(url, data={"customer[pushyToken]": token}, headers=headers)


# --- list


def test_list_shows_the_seeded_token(client, auth):
    response = client.get(URL, headers=auth.headers("admin"))

    assert response.status_code == 200
    assert response.json == {"tokens": ["pushy_token"]}


def test_list_of_customer_without_tokens_is_empty(client, auth):
    assert tokens(client, auth, JOHN) == []


# --- add


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": {"customer[pushyToken]": "device-2"}},
        {"data": "customer[pushyToken]=device-2", "content_type": "application/x-www-form-urlencoded"},
        {"json": {"customer": {"pushyToken": "device-2"}}},
    ],
)
def test_add_token_answers_no_content(client, auth, kwargs):
    response = client.post(URL, headers=auth.headers("admin"), **kwargs)

    assert response.status_code == 204, response.get_data(as_text=True)
    assert response.data == b""


def test_added_token_is_listed_after_the_others(client, auth):
    add(client, auth.headers("admin"), "device-2")

    assert tokens(client, auth) == ["pushy_token", "device-2"]


def test_first_token_of_a_customer(client, auth):
    add(client, auth.headers("admin"), "device-1", f"/api/DEFAULT/customer/{JOHN}/pushy-token")

    assert tokens(client, auth, JOHN) == ["device-1"]


def test_duplicate_token_is_not_added_twice(client, auth):
    first = add(client, auth.headers("admin"), "pushy_token")
    second = add(client, auth.headers("admin"), "device-2")
    third = add(client, auth.headers("admin"), "device-2")

    assert (first.status_code, second.status_code, third.status_code) == (204, 204, 204)
    assert tokens(client, auth) == ["pushy_token", "device-2"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": {"customer[pushyToken]": ""}},
        {"json": {"customer": {}}},
        {"json": {"customer": {"pushyToken": ""}}},
        {"json": {"customer": {"pushyToken": None}}},
    ],
)
def test_missing_token_is_not_blank_form_error(client, auth, kwargs):
    response = client.post(URL, headers=auth.headers("admin"), **kwargs)

    assert response.status_code == 400
    assert response.json == NOT_BLANK
    assert tokens(client, auth) == ["pushy_token"]


@pytest.mark.parametrize("kwargs", [{}, {"data": {"pushyToken": "abc"}}, {"json": {}}])
def test_body_without_the_customer_form_is_a_form_error(client, auth, kwargs):
    # Like the reference's empty register example: the form was not submitted.
    response = client.post(URL, headers=auth.headers("admin"), **kwargs)

    assert response.status_code == 400
    assert {"form", "errors"} <= set(response.json) <= {"form", "errors", "hint"}
    assert "pushyToken" in response.json["form"]["children"]
    assert tokens(client, auth) == ["pushy_token"]


def test_extra_field_is_a_form_error(client, auth):
    response = client.post(
        URL, data={"customer[pushyToken]": "device-2", "customer[other]": "x"}, headers=auth.headers("admin")
    )

    assert response.status_code == 400
    assert response.json["errors"] == ["This form should not contain extra fields."]


# --- remove


def test_remove_token_answers_no_content(client, auth):
    response = client.delete(f"{URL}/pushy_token", headers=auth.headers("admin"))

    assert response.status_code == 204
    assert response.data == b""
    assert tokens(client, auth) == []


def test_remove_keeps_the_other_tokens(client, auth):
    add(client, auth.headers("admin"), "device-2")

    client.delete(f"{URL}/pushy_token", headers=auth.headers("admin"))

    assert tokens(client, auth) == ["device-2"]


def test_remove_unknown_token_answers_no_content(client, auth):
    response = client.delete(f"{URL}/no-such-token", headers=auth.headers("admin"))

    assert response.status_code == 204
    assert tokens(client, auth) == ["pushy_token"]


def test_remove_twice_answers_no_content(client, auth):
    client.delete(f"{URL}/pushy_token", headers=auth.headers("admin"))

    assert client.delete(f"{URL}/pushy_token", headers=auth.headers("admin")).status_code == 204


def test_removed_token_can_be_added_again(client, auth):
    client.delete(f"{URL}/pushy_token", headers=auth.headers("admin"))

    add(client, auth.headers("admin"), "pushy_token")

    assert tokens(client, auth) == ["pushy_token"]


# --- who may call

CALLS = {
    "list": lambda client, headers: client.get(URL, headers=headers),
    "add": lambda client, headers: add(client, headers, "device-2"),
    "remove": lambda client, headers: client.delete(f"{URL}/pushy_token", headers=headers),
}
SUCCESS = {"list": 200, "add": 204, "remove": 204}


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("role", ["admin", "seller"])
def test_admin_and_seller_may_manage_tokens(client, auth, call, role):
    assert CALLS[call](client, auth.headers(role)).status_code == SUCCESS[call]


@pytest.mark.parametrize("call", list(CALLS))
def test_customer_itself_may_manage_its_tokens(client, auth, call):
    assert CALLS[call](client, auth.headers("customer", MARIA)).status_code == SUCCESS[call]


def test_customer_itself_adds_and_removes(client, auth):
    own = auth.headers("customer", MARIA)

    add(client, own, "device-2")
    client.delete(f"{URL}/pushy_token", headers=own)

    assert client.get(URL, headers=own).json == {"tokens": ["device-2"]}


@pytest.mark.parametrize("call", list(CALLS))
def test_other_customer_is_forbidden(client, auth, call):
    response = CALLS[call](client, auth.headers("customer", JOHN))

    assert response.status_code == 403
    assert response.json == {"error": {"code": 403, "message": "Forbidden"}}
    assert tokens(client, auth) == ["pushy_token"]


@pytest.mark.parametrize("call", list(CALLS))
def test_anonymous_caller_is_401(client, auth, call):
    response = CALLS[call](client, {})

    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Invalid credentials"}
    assert tokens(client, auth) == ["pushy_token"]


@pytest.mark.parametrize("customer_id", [UNKNOWN, SECOND_CUSTOMER])
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_unknown_customer_is_404(client, auth, customer_id, method):
    url = f"/api/DEFAULT/customer/{customer_id}/pushy-token" + ("/pushy_token" if method == "DELETE" else "")

    response = client.open(url, method=method, data={"customer[pushyToken]": "x"}, headers=auth.headers("admin"))

    assert response.status_code == 404
    assert response.json == {"error": {"code": 404, "message": "Not Found"}}
