"""GET /api/<storeCode>/customer and /admin/customer: filters, paging, sorting; and customer/check."""
from datetime import datetime
from urllib.parse import urlencode

import pytest

from openloyalty_standin.app.testing.support import Auth

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
JOHN1 = "11111111-0000-474c-b092-b0dd880c07e1"
KOWALSKI = "e0eb0355-8aaa-4fb1-8159-f58e81b7a25c"
TEST_TEST = "a284f230-c1c0-4a1c-af9a-159b81de1f2b"
PIOTR = "c9be6a4e-9a21-414a-bbbd-f506d9ffad85"
NEW_CUSTOMER = "1bbafb37-b51b-47c5-b3e4-e0a2d028e655"
SECOND_CUSTOMERS = {"33333333-0000-474c-b092-b0dd880c07e1", "33333333-0000-474c-b092-b0dd880c07e2"}
NOT_VALID = "This value is not valid."
LISTS = ["/api/DEFAULT/customer", "/api/DEFAULT/admin/customer"]
# John's last transaction is 2019-03-20T11:52:56+0100 and his last update 2019-03-19T11:52:49+0100.
FROZEN_NOW = "2019-03-21T12:00:00+01:00"


@pytest.fixture(params=LISTS, ids=["customer", "admin"])
def list_path(request):
    return request.param


@pytest.fixture
def admin(auth):
    """An admin's Authorization header, signed once per test."""
    return auth.headers("admin")


@pytest.fixture
def frozen_app(make_app):
    """A fresh seeded app whose clock stands still at FROZEN_NOW."""
    return make_app(CLOCK=FROZEN_NOW)


def fetch(client, admin, path, **params):
    response = client.get(f"{path}?{urlencode(params)}" if params else path, headers=admin)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def ids(body):
    return [item["customerId"] for item in body["customers"]]


def found(client, admin, path, **params):
    """The ids of all customers matching the filters, unpaged."""
    return set(ids(fetch(client, admin, path, perPage=-1, **params)))


def everyone(client, admin, path):
    return fetch(client, admin, path, perPage=-1)


# --- the shape of the answer


def test_list_answers_customers_then_total(client, admin, list_path):
    body = fetch(client, admin, list_path)
    assert list(body) == ["customers", "total"]
    assert isinstance(body["customers"], list)
    assert isinstance(body["total"], int)


def test_list_items_have_no_segments_and_no_top_level_id(client, admin, list_path):
    for item in everyone(client, admin, list_path)["customers"]:
        assert "segments" not in item
        assert "id" not in item
        assert item["customerId"]


def test_list_items_omit_nulls(client, admin, list_path):
    for item in everyone(client, admin, list_path)["customers"]:
        assert [key for key, value in item.items() if value is None] == []


# --- paging and sorting


def test_list_shows_ten_per_page_by_default(client, admin, list_path):
    body = fetch(client, admin, list_path)
    assert body["total"] > 10
    assert len(body["customers"]) == 10


def test_list_total_counts_all_matches_ignoring_paging(client, admin, list_path):
    assert fetch(client, admin, list_path, perPage=2)["total"] == everyone(client, admin, list_path)["total"]


def test_list_is_newest_first_by_default(client, admin, list_path):
    created = [item["createdAt"] for item in everyone(client, admin, list_path)["customers"]]
    moments = [datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z") for value in created]
    assert moments == sorted(moments, reverse=True)


def test_list_negative_per_page_returns_everyone(client, admin, list_path):
    body = everyone(client, admin, list_path)
    assert len(body["customers"]) == body["total"]


def test_list_per_page_zero_means_ten(client, admin, list_path):
    assert len(fetch(client, admin, list_path, perPage=0)["customers"]) == 10


def test_list_pages_slice_the_default_order(client, admin, list_path):
    all_ids = ids(everyone(client, admin, list_path))
    assert ids(fetch(client, admin, list_path, page=2, perPage=5)) == all_ids[5:10]
    assert ids(fetch(client, admin, list_path, page=1, perPage=3)) == all_ids[:3]


def test_list_page_zero_is_page_one(client, admin, list_path):
    assert ids(fetch(client, admin, list_path, page=0, perPage=3)) == ids(fetch(client, admin, list_path, perPage=3))
    assert ids(fetch(client, admin, list_path, page=-4, perPage=3)) == ids(fetch(client, admin, list_path, perPage=3))


def test_list_page_past_the_end_is_empty(client, admin, list_path):
    body = fetch(client, admin, list_path, page=1000, perPage=10)
    assert body["customers"] == []
    assert body["total"] > 0


def test_list_sorts_by_customer_id_both_ways(client, admin, list_path):
    ascending = ids(fetch(client, admin, list_path, perPage=-1, sort="customerId", direction="asc"))
    descending = ids(fetch(client, admin, list_path, perPage=-1, sort="customerId", direction="desc"))
    assert ascending == sorted(ascending)
    assert descending == sorted(ascending, reverse=True)


def test_list_direction_is_case_insensitive(client, admin, list_path):
    upper = ids(fetch(client, admin, list_path, perPage=-1, sort="customerId", direction="ASC"))
    assert upper == sorted(upper)


def test_list_sorts_by_transactions_count(client, admin, list_path):
    body = fetch(client, admin, list_path, perPage=3, sort="transactionsCount", direction="desc")
    assert [item["transactionsCount"] for item in body["customers"]] == [2, 2, 1]
    assert set(ids(body)[:2]) == {JOHN, TEST_TEST}
    assert ids(body)[2] == JANE


def test_list_sorts_by_the_documented_singular_transaction_count(client, admin, list_path):
    body = fetch(client, admin, list_path, perPage=3, sort="transactionCount", direction="desc")
    assert [item["transactionsCount"] for item in body["customers"]] == [2, 2, 1]


def test_list_sorts_by_average_transaction_amount(client, admin, list_path):
    body = fetch(client, admin, list_path, perPage=3, sort="averageTransactionAmount", direction="desc")
    assert ids(body) == [TEST_TEST, JANE, JOHN]


@pytest.mark.parametrize("sort", ["nonexistent", "level.reward", "password_hash", "createdAt; DROP TABLE customer"])
def test_list_unknown_sort_keeps_the_default_order(client, admin, list_path, sort):
    default = ids(everyone(client, admin, list_path))
    assert ids(fetch(client, admin, list_path, perPage=-1, sort=sort, direction="asc")) == default


# --- text filters


def test_list_email_substring_finds_and_strict_does_not(client, admin, list_path):
    loose = fetch(client, admin, list_path, email="example.com", strict=0)
    assert {JOHN, JANE} <= found(client, admin, list_path, email="example.com", strict=0)
    assert loose["total"] >= 2
    strict = fetch(client, admin, list_path, email="example.com", strict=1)
    assert strict == {"customers": [], "total": 0}


def test_list_strict_email_matches_the_whole_value(client, admin, list_path):
    assert found(client, admin, list_path, email="user@example.com", strict=1) == {JOHN}


def test_list_email_is_case_insensitive(client, admin, list_path):
    assert found(client, admin, list_path, email="USER@EXAMPLE.COM", strict=1) == {JOHN}
    assert JANE in found(client, admin, list_path, email="User-Temp")


def test_list_first_name_is_case_insensitive(client, admin, list_path):
    assert found(client, admin, list_path, firstName="JOHN1") == {JOHN1}
    assert found(client, admin, list_path, firstName="john", strict=1) == {JOHN, KOWALSKI}
    assert found(client, admin, list_path, firstName="john") == {JOHN, JOHN1, KOWALSKI}


def test_list_last_name_is_case_insensitive(client, admin, list_path):
    assert found(client, admin, list_path, lastName="KOWALSKI", strict=1) == {KOWALSKI}


def test_list_strict_false_string_counts_as_strict(client, admin, list_path):
    # PHP truthiness: only missing, "" and "0" are loose.
    assert found(client, admin, list_path, firstName="john", strict="false") == {JOHN, KOWALSKI}
    assert found(client, admin, list_path, firstName="john", strict="") == {JOHN, JOHN1, KOWALSKI}


def test_list_phone_matches_a_substring(client, admin, list_path):
    assert found(client, admin, list_path, phone="234234") == {JOHN}
    assert found(client, admin, list_path, phone="899000") == {PIOTR}


def test_list_strict_phone_matches_the_whole_value(client, admin, list_path):
    assert found(client, admin, list_path, phone="+48234234000", strict=1) == {JOHN}
    assert found(client, admin, list_path, phone="234234", strict=1) == set()


def test_list_filters_by_loyalty_card_number(client, admin, list_path):
    assert found(client, admin, list_path, loyaltyCardNumber="47834433524", strict=1) == {JOHN}
    assert found(client, admin, list_path, loyaltyCardNumber="7834433") == {JOHN}


def test_list_filters_by_email_or_phone(client, admin, list_path):
    assert found(client, admin, list_path, emailOrPhone="899000333") == {PIOTR}
    assert found(client, admin, list_path, emailOrPhone="user-temp@example.com", strict=1) == {JANE}


def test_list_filters_are_anded(client, admin, list_path):
    assert found(client, admin, list_path, firstName="John", lastName="Doe", strict=1) == {JOHN}
    assert found(client, admin, list_path, firstName="John", email="user-temp") == set()


# --- ranges


def test_list_filters_by_transactions_amount_range(client, admin, list_path):
    assert found(client, admin, list_path, transactionsAmountFrom=3, transactionsAmountTo=3) == {JOHN, JANE}
    assert found(client, admin, list_path, transactionsAmountFrom=50) == {TEST_TEST}
    assert found(client, admin, list_path, transactionsAmountFrom=2.5, transactionsAmountTo=99.5) == {JOHN, JANE}


def test_list_filters_by_average_transaction_amount_range(client, admin, list_path):
    assert found(client, admin, list_path, averageTransactionAmountFrom=1.5, averageTransactionAmountTo=1.5) == {JOHN}
    assert found(client, admin, list_path, averageTransactionAmountFrom=1, averageTransactionAmountTo=3) == {JOHN, JANE}
    assert found(client, admin, list_path, averageTransactionAmountFrom=3.01) == {TEST_TEST}


def test_list_filters_by_transactions_count_range(client, admin, list_path):
    assert found(client, admin, list_path, transactionsCountFrom=2) == {JOHN, TEST_TEST}
    assert found(client, admin, list_path, transactionsCountFrom=1, transactionsCountTo=1) == {JANE}
    without = found(client, admin, list_path, transactionsCountTo=0)
    assert without and not without & {JOHN, JANE, TEST_TEST}


def test_list_days_from_last_transaction_counts_back_from_the_clock(frozen_app):
    client, admin = frozen_app.test_client(), Auth(frozen_app).headers("admin")
    path = "/api/DEFAULT/customer"
    # John's last transaction was 1 day and 7 minutes before the frozen now.
    assert found(client, admin, path, daysFromLastTransactionTo=1) == set()
    assert found(client, admin, path, daysFromLastTransactionTo=2) == {JOHN}
    assert found(client, admin, path, daysFromLastTransactionTo=500) == {JOHN, JANE, TEST_TEST}


def test_list_hours_from_last_update_counts_back_from_the_clock(frozen_app):
    client, admin = frozen_app.test_client(), Auth(frozen_app).headers("admin")
    path = "/api/DEFAULT/admin/customer"
    # John was updated 48 h 7 min before the frozen now, the new customer 74 h 45 min before.
    assert found(client, admin, path, hoursFromLastUpdateTo=48) == set()
    assert found(client, admin, path, hoursFromLastUpdateTo=49) == {JOHN}
    assert found(client, admin, path, hoursFromLastUpdateTo=75) == {JOHN, NEW_CUSTOMER}


# --- labels and form bodies


def test_list_filters_by_label_key_and_value(client, admin, list_path):
    response = client.get(f"{list_path}?labels[0][key]=test&labels[0][value]=test", headers=admin)
    assert response.status_code == 200
    assert ids(response.json) == [JOHN1]
    assert response.json["total"] == 1


@pytest.mark.parametrize("index", ["10", "0" * 5000 + "7"])
def test_list_label_indexes_are_any_ascii_numbers(client, admin, list_path, index):
    response = client.get(f"{list_path}?labels[{index}][key]=test&labels[{index}][value]=test", headers=admin)
    assert response.status_code == 200
    assert ids(response.json) == [JOHN1]


@pytest.mark.parametrize("index", ["\u00b9", "\u0661"], ids=["superscript-one", "arabic-indic-one"])
def test_list_labels_sent_as_json_under_keys_that_are_no_indexes_are_400(client, admin, list_path, index):
    body = {"labels": {index: {"key": "test", "value": "test"}}}
    response = client.get(list_path, json=body, headers=admin)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("indexes", [("10", "2"), ("9" * 5000,)], ids=["ten-and-two", "5000-nines"])
def test_list_labels_sent_as_json_under_index_keys_filter(client, admin, list_path, indexes):
    body = {"labels": {index: {"key": "test", "value": "test"} for index in indexes}}
    response = client.get(list_path, json=body, headers=admin)
    assert ids(response.json) == [JOHN1]


def test_list_label_with_another_value_matches_nobody(client, admin, list_path):
    response = client.get(f"{list_path}?labels[0][key]=test&labels[0][value]=other", headers=admin)
    assert response.json == {"customers": [], "total": 0}


def test_list_reads_filters_from_a_form_body_sent_with_get(client, admin, list_path):
    # curl -X GET -d "email=example.com" -d "strict=1" ... as the reference does
    response = client.get(
        list_path,
        data="firstName=John1&strict=1",
        content_type="application/x-www-form-urlencoded",
        headers=admin,
    )
    assert response.status_code == 200
    assert ids(response.json) == [JOHN1]


def test_list_reads_labels_from_a_form_body_sent_with_get(client, admin, list_path):
    response = client.get(
        list_path,
        data="labels[0][key]=test&labels[0][value]=test",
        content_type="application/x-www-form-urlencoded",
        headers=admin,
    )
    assert ids(response.json) == [JOHN1]


# --- bad input


@pytest.mark.parametrize(
    "field, value",
    [
        ("transactionsAmountFrom", "abc"),
        ("transactionsAmountTo", "1e"),
        ("averageTransactionAmountFrom", "x1"),
        ("transactionsCountFrom", "two"),
        ("daysFromLastTransactionTo", "soon"),
        ("hoursFromLastUpdateTo", "NaN"),
        ("page", "x"),
        ("perPage", "ten"),
    ],
)
def test_list_rejects_malformed_numbers_with_a_form_error(client, admin, list_path, field, value):
    response = client.get(f"{list_path}?{urlencode({field: value})}", headers=admin)
    assert response.status_code == 400
    body = response.json
    assert body["form"]["children"][field] == {"errors": [NOT_VALID]}
    assert body["errors"] == []


SQLISH = ["' OR 1=1 --", "%", "_", "\\", "john'; DROP TABLE customer; --", "\" OR \"\"=\"", "%' OR '1'='1"]


@pytest.mark.parametrize("value", SQLISH)
def test_list_sqlish_filters_match_nothing_and_change_nothing(client, admin, value):
    path = "/api/DEFAULT/customer"
    before = everyone(client, admin, path)
    for field in ("firstName", "lastName", "email", "phone", "loyaltyCardNumber", "emailOrPhone"):
        for strict in (0, 1):
            response = client.get(f"{path}?{urlencode({field: value, 'strict': strict})}", headers=admin)
            assert response.status_code == 200, (field, strict)
            assert response.json == {"customers": [], "total": 0}, (field, strict)
    assert everyone(client, admin, path) == before


@pytest.mark.parametrize("value", SQLISH + ["createdAt desc, (SELECT 1)", "customerId) --"])
def test_list_sqlish_sort_and_direction_never_fail(client, admin, value):
    path = "/api/DEFAULT/admin/customer"
    before = everyone(client, admin, path)
    for params in ({"sort": value}, {"sort": "customerId", "direction": value}):
        response = client.get(f"{path}?{urlencode(params)}", headers=admin)
        assert response.status_code == 200
    assert everyone(client, admin, path) == before


# --- stores


def test_second_store_lists_only_its_own_customers(client, admin, list_path):
    body = fetch(client, admin, list_path.replace("DEFAULT", "SECOND"), perPage=-1)
    assert body["total"] == 2
    assert set(ids(body)) == SECOND_CUSTOMERS


def test_default_store_lists_none_of_the_second_stores_customers(client, admin, list_path):
    assert not set(ids(everyone(client, admin, list_path))) & SECOND_CUSTOMERS


# --- customer/check


def test_check_counts_a_phone_anonymously(client):
    response = client.get("/api/DEFAULT/customer/check?emailOrPhone=899000333")
    assert response.status_code == 200
    assert response.json == {"total": 1}


def test_check_compares_email_case_insensitively(client):
    response = client.get("/api/DEFAULT/customer/check?emailOrPhone=USER-Temp@Example.com")
    assert response.json == {"total": 1}


def test_check_counts_within_the_store(client):
    # user@example.com exists once in DEFAULT and once in SECOND
    assert client.get("/api/DEFAULT/customer/check?emailOrPhone=user@example.com").json == {"total": 1}
    assert client.get("/api/SECOND/customer/check?emailOrPhone=user@example.com").json == {"total": 1}


def test_check_needs_the_whole_value(client):
    assert client.get("/api/DEFAULT/customer/check?emailOrPhone=899000").json == {"total": 0}
    assert client.get("/api/DEFAULT/customer/check?emailOrPhone=user-1").json == {"total": 0}


def test_check_without_parameter_counts_every_customer_of_the_store(client, admin):
    for store in ("DEFAULT", "SECOND"):
        total = fetch(client, admin, f"/api/{store}/customer")["total"]
        response = client.get(f"/api/{store}/customer/check")
        assert response.status_code == 200
        assert response.json == {"total": total}
    assert client.get("/api/SECOND/customer/check").json == {"total": 2}
