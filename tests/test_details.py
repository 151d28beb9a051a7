"""GET /api/<storeCode>/customer/<customer>: the details object of the reference."""
import pytest

from tests.reference import documented

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"
POS2 = "00000000-0000-474c-1111-b0dd880c07e3"
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}


def _john_details():
    """The reference's "Get customer details" example, in its order, plus the POS assignment
    DECISIONS 5 gives John (posId after active, posIdentifier appended last, as in C.1)."""
    details = list(documented("GET", "/api/{storeCode}/customer/{customer}", 200).items())
    details.insert([key for key, _ in details].index("active") + 1, ("posId", POS2))
    return {**dict(details), "posIdentifier": "pos2"}


JOHN_DETAILS = _john_details()

# The list example's address of Jane Doe, in the order the reference shows it.
JANE_ADDRESS = {
    "street": "Bagno",
    "address1": "1",
    "province": "Mazowieckie",
    "city": "Warszawa",
    "postal": "00-000",
    "country": "PL",
}


def shared_key_order(actual, expected):
    """The keys both objects have, once in the order of each."""
    return [key for key in actual if key in expected], [key for key in expected if key in actual]


def get_details(client, auth, reference, store="DEFAULT", query=""):
    return client.get(f"/api/{store}/customer/{reference}{query}", headers=auth.headers("admin"))


def test_details_of_john_equal_the_reference_example(client, auth):
    response = get_details(client, auth, JOHN)
    assert response.status_code == 200
    body = response.json
    for key, value in JOHN_DETAILS.items():
        assert key in body, key
        assert body[key] == value, key


def test_details_keys_come_in_the_documented_order(client, auth):
    body = get_details(client, auth, JOHN).json
    actual, expected = shared_key_order(body, JOHN_DETAILS)
    assert actual == expected


def test_details_nested_keys_come_in_the_documented_order(client, auth):
    body = get_details(client, auth, JOHN).json
    assert list(body["status"]) == ["availableTypes", "availableStates", "type", "state"]
    assert list(body["level"]) == ["levelId", "name", "translations"]
    assert list(body["level"]["levelId"]) == ["id", "levelId"]


def test_details_omit_null_values(client, auth):
    body = get_details(client, auth, JOHN).json
    assert [key for key, value in body.items() if value is None] == []
    assert "address" not in body  # John never had one: no key, not null
    assert "company" not in body


def test_details_translate_the_level_name_with_locale(client, auth):
    body = get_details(client, auth, JOHN, query="?_locale=pl").json
    assert body["level"]["name"] == "poziom0"
    assert body["level"]["translations"] == {"en": {"name": "level0"}, "pl": {"name": "poziom0"}}


def test_details_are_found_by_loyalty_card_number(client, auth):
    response = get_details(client, auth, "47834433524")
    assert response.status_code == 200
    assert response.json["customerId"] == JOHN


@pytest.mark.parametrize("reference", ["not-a-card", "12345", "00000000-0000-474c-b092-b0dd880c0000"])
def test_details_of_an_unknown_customer_are_404(client, auth, reference):
    response = get_details(client, auth, reference)
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_details_of_another_stores_customer_are_404(client, auth):
    response = get_details(client, auth, SECOND_CUSTOMER)
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_details_of_a_customer_are_served_under_its_own_store(client, auth):
    response = get_details(client, auth, SECOND_CUSTOMER, store="SECOND")
    assert response.status_code == 200
    assert response.json["customerId"] == SECOND_CUSTOMER


def test_details_show_janes_address_in_the_documented_order(client, auth):
    body = get_details(client, auth, JANE).json
    assert body["address"] == JANE_ADDRESS
    assert list(body["address"]) == ["street", "address1", "province", "city", "postal", "country"]
