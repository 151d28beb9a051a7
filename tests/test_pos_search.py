"""POST /api/<storeCode>/pos/search/customer: the POS cockpit's customer search."""
import pytest

URL = "/api/DEFAULT/pos/search/customer"
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JOHN1 = "11111111-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
KOWALSKI = "e0eb0355-8aaa-4fb1-8159-f58e81b7a25c"
ALICE = "22222222-0000-474c-b092-b0dd880c07e1"
MARIA = "1cb6d205-8b77-40e1-a801-052185ed52d9"  # Maria Wiśniewska
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"  # SECOND's user@example.com
FIELDS = ["loyaltyCardNumber", "phone", "email", "firstName", "lastName", "city", "postcode"]
PHONE_FORMAT = "Incorrect phone number format, use +00000000000"
AT_LEAST_ONE = "Provide at least one field"


def search(client, auth, role="seller", store="DEFAULT", **criteria):
    """Search with form fields search[<key>]=<value>."""
    data = {f"search[{key}]": value for key, value in criteria.items()}
    return client.post(f"/api/{store}/pos/search/customer", data=data, headers=auth.headers(role))


def found(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["customerId"] for item in response.json["customers"]]


# --- what is found


def test_first_and_last_name_find_john_doe(client, auth):
    ids = found(search(client, auth, firstName="John", lastName="Doe"))

    assert JOHN in ids
    # "John"/"Doe" are substrings of John1 Doe1 as well, as in the reference's example
    assert set(ids) == {JOHN, JOHN1}


def test_json_body_searches_like_the_form(client, auth):
    response = client.post(
        URL, json={"search": {"firstName": "John", "lastName": "Doe"}}, headers=auth.headers("seller")
    )

    assert set(found(response)) == {JOHN, JOHN1}


def test_answer_has_customers_only_without_total(client, auth):
    body = search(client, auth, firstName="John", lastName="Doe").json

    assert list(body) == ["customers"]


def test_found_customers_are_full_objects(client, auth):
    body = search(client, auth, firstName="John", lastName="Doe").json
    john = next(item for item in body["customers"] if item["customerId"] == JOHN)

    assert john["status"]["type"] == "active"
    assert john["status"]["availableTypes"] == ["new", "active", "blocked", "deleted"]
    assert john["level"]["name"] == "level0"
    assert john["levelPercent"] == "0.00%"
    assert john["posId"] == "00000000-0000-474c-1111-b0dd880c07e3"
    assert john["posIdentifier"] == "pos2"
    assert john["email"] == "user@example.com"
    assert john["loyaltyCardNumber"] == "47834433524"
    assert john["currency"] == "eur"


def test_found_customers_look_like_list_items(client, auth):
    body = search(client, auth, firstName="John", lastName="Doe").json

    for item in body["customers"]:
        assert "id" not in item
        assert "segments" not in item


def test_nothing_found_is_an_empty_list(client, auth):
    response = search(client, auth, lastName="Nobody")

    assert response.status_code == 200
    assert response.json == {"customers": []}


@pytest.mark.parametrize("value", ["ohn", "JOHN", "jOhN", "oh"])
def test_first_name_is_a_case_insensitive_substring(client, auth, value):
    assert {JOHN, JOHN1, KOWALSKI} <= set(found(search(client, auth, firstName=value)))


@pytest.mark.parametrize("value", ["USER@EXAMPLE.COM", "user@example", "@EXAMPLE.com"])
def test_email_is_a_case_insensitive_substring(client, auth, value):
    assert JOHN in found(search(client, auth, email=value))


@pytest.mark.parametrize("value", ["Warszawa", "warszawa", "WARSZ", "arsza"])
def test_city_matches_the_address_city(client, auth, value):
    assert found(search(client, auth, city=value)) == [JANE]


@pytest.mark.parametrize("value", ["00-000", "00-0"])
def test_postcode_matches_the_address_postal(client, auth, value):
    assert found(search(client, auth, postcode=value)) == [JANE]


def test_city_is_not_matched_against_other_fields(client, auth):
    # POS2 is in Warszawa, but a customer's POS is not its address
    assert JOHN not in found(search(client, auth, city="Warszawa"))


@pytest.mark.parametrize("value", ["WIŚNIEWSKA", "Wiśniewska", "wiśniewska", "IŚNIEW"])
def test_case_insensitive_match_holds_for_polish_letters(client, auth, value):
    assert found(search(client, auth, lastName=value)) == [MARIA]


@pytest.mark.parametrize("value", ["+48456456000", "48456456000", "456456"])
def test_phone_is_a_substring(client, auth, value):
    assert found(search(client, auth, phone=value)) == [JOHN1]


@pytest.mark.parametrize("value", ["47834433524", "4783443"])
def test_loyalty_card_number_is_a_substring(client, auth, value):
    assert found(search(client, auth, loyaltyCardNumber=value)) == [JOHN]


@pytest.mark.parametrize("value", ["abc", "48 456", "+48-456", "++48", "1e5", "' OR 1=1 --"])
def test_phone_must_be_numeric(client, auth, value):
    response = search(client, auth, phone=value)

    assert response.status_code == 400
    assert response.json["form"]["children"]["phone"] == {"errors": [PHONE_FORMAT]}
    assert response.json["errors"] == []


def test_phone_error_lists_every_field_of_the_form(client, auth):
    response = search(client, auth, phone="abc")

    assert list(response.json["form"]["children"]) == FIELDS
    assert all(response.json["form"]["children"][key] == {} for key in FIELDS if key != "phone")


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"data": {"search[firstName]": ""}},
        {"data": {"search[firstName]": "", "search[city]": ""}},
        {"json": {}},
        {"json": {"search": {}}},
        {"json": {"search": {"firstName": None}}},
    ],
)
def test_search_without_any_field_is_a_form_error(client, auth, kwargs):
    response = client.post(URL, headers=auth.headers("seller"), **kwargs)

    assert response.status_code == 400
    body = response.json
    assert body["errors"] == [AT_LEAST_ONE]
    assert body["form"]["errors"] == [AT_LEAST_ONE]
    assert list(body["form"]) == ["errors", "children"]
    assert body["form"]["children"] == {key: {} for key in FIELDS}


def test_criteria_are_anded(client, auth):
    assert found(search(client, auth, firstName="John", lastName="Kowalski")) == [KOWALSKI]
    assert found(search(client, auth, firstName="Jane", city="Warszawa")) == [JANE]
    assert found(search(client, auth, firstName="John", city="Warszawa")) == []


def test_one_unmatched_criterion_finds_nothing(client, auth):
    assert found(search(client, auth, email="user@example.com", phone="999")) == []


def test_last_name_finds_every_match(client, auth):
    assert found(search(client, auth, lastName="Smith")) == [ALICE]
    assert {JOHN, JANE, JOHN1} <= set(found(search(client, auth, lastName="doe")))


# --- stores


def test_search_finds_only_the_stores_own_customers(client, auth):
    assert found(search(client, auth, email="user@example.com")) == [JOHN]
    assert found(search(client, auth, store="SECOND", email="user@example.com")) == [SECOND_CUSTOMER]


def test_search_in_second_store_does_not_find_default_customers(client, auth):
    assert found(search(client, auth, store="SECOND", firstName="John")) == []


def test_search_in_unknown_store_is_404(client, auth):
    response = search(client, auth, store="NOPE", firstName="John")

    assert response.status_code == 404
    assert response.json == {"error": {"code": 404, "message": "Not Found"},
                             "hint": "no store `NOPE`; stores are DEFAULT, SECOND"}


def test_store_code_is_case_sensitive(client, auth):
    assert search(client, auth, store="default", firstName="John").status_code == 404


# --- who may call


@pytest.mark.parametrize("role", ["admin", "seller"])
def test_admin_and_seller_may_search(client, auth, role):
    assert JOHN in found(search(client, auth, role=role, firstName="John"))


def test_customer_may_not_search(client, auth):
    response = client.post(URL, data={"search[firstName]": "John"}, headers=auth.headers("customer", JOHN))

    assert response.status_code == 403
    assert response.json == {"error": {"code": 403, "message": "Forbidden"}}


def test_anonymous_caller_may_not_search(client):
    response = client.post(URL, data={"search[firstName]": "John"})

    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Invalid credentials"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_get_is_not_allowed(client, auth):
    assert client.get(URL, headers=auth.headers("seller")).status_code == 405


# --- hostile input


@pytest.mark.parametrize(
    "value",
    [
        "' OR '1'='1", "'; DROP TABLE customers; --", "%", "_", "%%", "\\", "\\%", '"',
        "a' UNION SELECT * FROM admins --",
    ],
)
@pytest.mark.parametrize("field", ["firstName", "email", "city", "loyaltyCardNumber"])
def test_sql_like_input_finds_nothing_and_never_fails(client, auth, field, value):
    response = search(client, auth, **{field: value})

    assert response.status_code == 200
    assert response.json == {"customers": []}


def test_sql_like_input_leaves_the_customers_in_place(client, auth):
    search(client, auth, firstName="'; DROP TABLE customers; --")

    assert found(search(client, auth, firstName="John", lastName="Doe"))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"json": {"search": "x"}},
        {"json": {"search": ["John"]}},
        {"json": {"search": {"firstName": ["John"]}}},
        {"json": {"search": {"firstName": {"a": "b"}}}},
        {"data": {"search[firstName][]": "John"}},
        {"data": {"search[firstName][a][b]": "John"}},
        {"data": {"search[unknown]": "x"}},
        {"data": "{not json", "content_type": "application/json"},
    ],
)
def test_malformed_search_is_400_not_500(client, auth, kwargs):
    response = client.post(URL, headers=auth.headers("seller"), **kwargs)

    assert response.status_code == 400, response.get_data(as_text=True)


def test_very_long_value_never_fails(client, auth):
    response = search(client, auth, firstName="J" * 10000)

    assert response.status_code in (200, 400)
