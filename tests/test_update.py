"""Updating customers: PUT /api/<storeCode>/customer/<customer>."""
import json

import pytest

from tests.helpers import field_errors
from tests.reference import documented

SELLER_ID = "00000000-0000-474c-b092-b0dd880c07e4"
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"  # user@example.com, +48234234000, card 47834433524, POS2, level0
JANE = "00000000-0000-474c-b092-b0dd880c07e2"  # user-temp@example.com, 111112222, card 0000, with an address
JOHN1 = "11111111-0000-474c-b092-b0dd880c07e1"  # labels test:test
ALICE = "22222222-0000-474c-b092-b0dd880c07e1"  # user-2@oloy.com, +48456457000
KOWALSKI = "e0eb0355-8aaa-4fb1-8159-f58e81b7a25c"  # start level, no POS
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"
START_LEVEL = "000096cf-32a3-43bd-9034-4df343e5fd93"
LEVEL0 = "e82c96cf-32a3-43bd-9034-4df343e50000"
LEVEL1 = "e82c96cf-32a3-43bd-9034-4df343e51111"
POS1 = "00000000-0000-474c-1111-b0dd880c07e2"
POS2 = "00000000-0000-474c-1111-b0dd880c07e3"
UNKNOWN_ID = "99999999-9999-4999-8999-999999999999"

NOT_BLANK = "This value should not be blank."
NOT_VALID = "This value is not valid."
BAD_PHONE = "This value is not a valid phone number."
EXTRA_FIELDS = "This form should not contain extra fields."
EMAIL_TAKEN = "Customer with such email already exists."
PHONE_TAKEN = "Customer with such phone already exists."
CARD_TAKEN = "Customer with such loyalty card number already exists."

# The reference's answer to customer[phone]=+440000000, verbatim (key order included).
INVALID_PHONE_ERROR = documented("PUT", "/api/{storeCode}/customer/{customer}", 400)


def url(customer_id, store="DEFAULT"):
    return f"/api/{store}/customer/{customer_id}"


def put(client, auth, customer_id, data, role="admin", user_id=None):
    """PUT form fields given by their customer[...] names."""
    return client.put(url(customer_id), headers=auth.headers(role, user_id), data=data)


def fields(**values):
    return {f"customer[{key}]": value for key, value in values.items()}


def details(client, auth, customer_id):
    response = client.get(url(customer_id), headers=auth.headers("admin"))
    assert response.status_code == 200
    return response.json


def updated(client, auth, customer_id, data, role="admin", user_id=None):
    """PUT, expect 200 {"customerId"}, and return the details afterwards."""
    response = put(client, auth, customer_id, data, role, user_id)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json == {"customerId": customer_id}
    return details(client, auth, customer_id)


# --- the reference's examples ------------------------------------------------------------


def test_update_example_answers_customer_id(client, auth):
    response = put(
        client,
        auth,
        KOWALSKI,
        fields(email="john4@example.com", phone="", agreement2="1"),
    )
    assert response.status_code == 200
    assert response.json == {"customerId": KOWALSKI}


def test_update_example_sets_email_erases_phone_and_sets_agreement2(client, auth):
    customer = updated(client, auth, KOWALSKI, fields(email="john4@example.com", phone="", agreement2="1"))
    assert customer["email"] == "john4@example.com"
    assert "phone" not in customer
    assert customer["agreement2"] is True
    assert customer["firstName"] == "John"
    assert customer["lastName"] == "Kowalski"


def test_update_invalid_phone_example_answers_the_documented_error_tree(client, auth):
    response = put(client, auth, KOWALSKI, fields(phone="+440000000"))
    assert response.status_code == 400
    assert response.json == INVALID_PHONE_ERROR
    assert json.dumps(response.json) == json.dumps(INVALID_PHONE_ERROR)


def test_update_invalid_phone_keeps_the_old_phone(client, auth):
    put(client, auth, KOWALSKI, fields(phone="+440000000"))
    assert details(client, auth, KOWALSKI)["phone"] == "+48500100400"


# --- partial update and erasing ----------------------------------------------------------


def test_update_leaves_omitted_fields_alone(client, auth):
    before = details(client, auth, JOHN)
    after = updated(client, auth, JOHN, fields(lastName="Smith"))
    assert after["lastName"] == "Smith"
    for key in ("firstName", "email", "phone", "birthDate", "loyaltyCardNumber", "gender", "posId", "levelId"):
        assert after[key] == before[key]


@pytest.mark.parametrize("name", ["phone", "email", "loyaltyCardNumber", "birthDate"])
def test_update_with_empty_value_erases_the_field(client, auth, name):
    assert name in details(client, auth, JOHN)
    customer = updated(client, auth, JOHN, fields(**{name: ""}))
    assert name not in customer


def test_update_erased_phone_is_free_for_others(client, auth):
    updated(client, auth, JOHN, fields(phone=""))
    assert updated(client, auth, KOWALSKI, fields(phone="+48234234000"))["phone"] == "+48234234000"


@pytest.mark.parametrize("name", ["firstName", "lastName"])
def test_update_ignores_empty_names(client, auth, name):
    before = details(client, auth, JOHN)[name]
    assert updated(client, auth, JOHN, fields(**{name: ""}))[name] == before


def test_update_empty_gender_becomes_not_disclosed(client, auth):
    assert updated(client, auth, JOHN, fields(gender=""))["gender"] == "not_disclosed"


def test_update_sets_gender(client, auth):
    assert updated(client, auth, KOWALSKI, fields(gender="male"))["gender"] == "male"


def test_update_rejects_unknown_gender(client, auth):
    assert field_errors(put(client, auth, JOHN, fields(gender="other")), "gender") == [NOT_VALID]


def test_update_sets_birth_date(client, auth):
    assert updated(client, auth, KOWALSKI, fields(birthDate="1990-01-01"))["birthDate"] == "1990-01-01T01:00:00+0100"


def test_update_rejects_invalid_birth_date(client, auth):
    assert field_errors(put(client, auth, JOHN, fields(birthDate="yesterday")), "birthDate") == [NOT_VALID]


def test_update_sets_agreement_to_false(client, auth):
    assert updated(client, auth, KOWALSKI, fields(agreement1="0"))["agreement1"] is False


def test_update_sets_loyalty_card_number(client, auth):
    customer = updated(client, auth, JOHN, fields(email="", loyaltyCardNumber="000012"))
    assert customer["loyaltyCardNumber"] == "000012"
    assert "email" not in customer


# --- address and company -----------------------------------------------------------------


def test_update_replaces_the_whole_address(client, auth):
    assert "street" in details(client, auth, JANE)["address"]
    customer = updated(client, auth, JANE, {"customer[address][city]": "Krakow"})
    assert customer["address"] == {"city": "Krakow"}


def test_update_with_empty_address_empties_it(client, auth):
    customer = updated(client, auth, JANE, {"customer[address]": ""})
    assert customer["address"] == {}


def test_update_without_address_keeps_it(client, auth):
    before = details(client, auth, JANE)["address"]
    assert updated(client, auth, JANE, fields(firstName="Janet"))["address"] == before


def test_update_sets_company_with_name_and_nip(client, auth):
    data = {"customer[company][name]": "ACME", "customer[company][nip]": "123-456"}
    assert updated(client, auth, JOHN, data)["company"] == {"name": "ACME", "nip": "123-456"}


def test_update_with_empty_company_removes_it(client, auth):
    updated(client, auth, JOHN, {"customer[company][name]": "ACME", "customer[company][nip]": "123"})
    customer = updated(client, auth, JOHN, {"customer[company][name]": "", "customer[company][nip]": ""})
    assert "company" not in customer


def test_update_with_company_empty_string_removes_it(client, auth):
    updated(client, auth, JOHN, {"customer[company][name]": "ACME", "customer[company][nip]": "123"})
    assert "company" not in updated(client, auth, JOHN, {"customer[company]": ""})


def test_update_company_with_only_a_name_needs_the_nip(client, auth):
    response = put(client, auth, JOHN, {"customer[company][name]": "ACME"})
    assert field_errors(response, "company", "nip") == [NOT_BLANK]
    assert field_errors(response, "company", "name") is None


def test_update_company_with_only_a_nip_needs_the_name(client, auth):
    response = put(client, auth, JOHN, {"customer[company][nip]": "123"})
    assert field_errors(response, "company", "name") == [NOT_BLANK]


def test_update_with_half_a_company_changes_nothing(client, auth):
    before = details(client, auth, JOHN)
    put(client, auth, JOHN, {"customer[firstName]": "Changed", "customer[company][name]": "ACME"})
    assert details(client, auth, JOHN) == before


# --- labels ------------------------------------------------------------------------------


def test_update_replaces_labels(client, auth):
    assert details(client, auth, JOHN1)["labels"] == [{"key": "test", "value": "test"}]
    customer = updated(client, auth, JOHN1, fields(labels="a:b;c:d"))
    assert customer["labels"] == [{"key": "a", "value": "b"}, {"key": "c", "value": "d"}]


def test_update_with_empty_labels_clears_them(client, auth):
    assert updated(client, auth, JOHN1, fields(labels=""))["labels"] == []


def test_update_without_labels_keeps_them(client, auth):
    assert updated(client, auth, JOHN1, fields(firstName="Johnny"))["labels"] == [{"key": "test", "value": "test"}]


def test_update_rejects_label_without_key(client, auth):
    assert field_errors(put(client, auth, JOHN1, fields(labels=":v")), "labels") == ["Customer labels invalid data"]


# --- level, POS and seller ---------------------------------------------------------------


def test_update_with_other_level_assigns_it_manually(client, auth):
    customer = updated(client, auth, KOWALSKI, fields(levelId=LEVEL1))
    assert customer["levelId"] == LEVEL1
    assert customer["level"]["name"] == "level1"
    assert customer["manuallyAssignedLevelId"] == {"levelId": LEVEL1}
    assert customer["levelPercent"] == "5.00%"


def test_update_with_current_level_is_no_manual_assignment(client, auth):
    customer = updated(client, auth, KOWALSKI, fields(levelId=START_LEVEL))
    assert customer["levelId"] == START_LEVEL
    assert "manuallyAssignedLevelId" not in customer


def test_update_with_empty_level_is_ignored(client, auth):
    customer = updated(client, auth, JOHN, fields(levelId=""))
    assert customer["levelId"] == LEVEL0


def test_update_rejects_unknown_level(client, auth):
    assert field_errors(put(client, auth, JOHN, fields(levelId=UNKNOWN_ID)), "levelId") == [NOT_VALID]


def test_update_sets_pos(client, auth):
    customer = updated(client, auth, KOWALSKI, fields(posId=POS1))
    assert customer["posId"] == POS1
    assert customer["posIdentifier"] == "pos1"


def test_update_with_empty_pos_removes_it(client, auth):
    assert details(client, auth, JOHN)["posId"] == POS2
    customer = updated(client, auth, JOHN, fields(posId=""))
    assert "posId" not in customer
    assert "posIdentifier" not in customer


def test_update_rejects_unknown_pos(client, auth):
    assert field_errors(put(client, auth, JOHN, fields(posId=UNKNOWN_ID)), "posId") == [NOT_VALID]


def test_update_rejects_unknown_seller(client, auth):
    assert field_errors(put(client, auth, JOHN, fields(sellerId=UNKNOWN_ID)), "sellerId") == [NOT_VALID]


def test_admin_update_sets_and_removes_seller(client, auth):
    assert updated(client, auth, JOHN, fields(sellerId=SELLER_ID))["sellerId"] == SELLER_ID
    assert "sellerId" not in updated(client, auth, JOHN, fields(sellerId=""))


def test_rejected_update_changes_nothing(client, auth):
    before = details(client, auth, JOHN)
    response = put(client, auth, JOHN, fields(firstName="Changed", phone="", posId=UNKNOWN_ID))
    assert response.status_code == 400
    assert details(client, auth, JOHN) == before


# --- uniqueness --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["48234234000", "+48234234000"])
def test_update_with_own_phone_is_fine(client, auth, value):
    assert put(client, auth, JOHN, fields(phone=value)).status_code == 200


@pytest.mark.parametrize("value", ["user@example.com", "USER@example.com"])
def test_update_with_own_email_is_fine(client, auth, value):
    assert put(client, auth, JOHN, fields(email=value)).status_code == 200


def test_update_with_own_card_is_fine(client, auth):
    assert put(client, auth, JOHN, fields(loyaltyCardNumber="47834433524")).status_code == 200


@pytest.mark.parametrize("value", ["user-temp@example.com", "User-Temp@Example.com"])
def test_update_rejects_email_of_another_customer(client, auth, value):
    assert field_errors(put(client, auth, JOHN, fields(email=value)), "email") == [EMAIL_TAKEN]


@pytest.mark.parametrize("value", ["48456457000", "+48456457000"])
def test_update_rejects_phone_of_another_customer(client, auth, value):
    assert field_errors(put(client, auth, JOHN, fields(phone=value)), "phone") == [PHONE_TAKEN]


def test_update_rejects_card_of_another_customer(client, auth):
    assert field_errors(put(client, auth, JOHN, fields(loyaltyCardNumber="0000")), "loyaltyCardNumber") == [CARD_TAKEN]


def test_update_reports_every_uniqueness_clash(client, auth):
    response = put(client, auth, JOHN, fields(email="user-2@oloy.com", loyaltyCardNumber="0000", phone="111112222"))
    assert field_errors(response, "email") == [EMAIL_TAKEN]
    assert field_errors(response, "loyaltyCardNumber") == [CARD_TAKEN]
    assert field_errors(response, "phone") == [PHONE_TAKEN]


def test_update_email_of_a_customer_in_another_store_is_fine(client, auth):
    # bob@second.example.com belongs to a customer of store SECOND only
    assert updated(client, auth, JOHN, fields(email="bob@second.example.com"))["email"] == "bob@second.example.com"


def test_update_customer_of_another_store_is_not_found(client, auth):
    assert put(client, auth, SECOND_CUSTOMER, fields(firstName="X")).status_code == 404


def test_update_unknown_customer_is_not_found(client, auth):
    assert put(client, auth, UNKNOWN_ID, fields(firstName="X")).status_code == 404


# --- version and updatedAt ---------------------------------------------------------------


def test_update_repeating_current_values_changes_nothing(client, auth):
    before = details(client, auth, JOHN)
    data = fields(firstName="John", lastName="Doe", email="user@example.com", phone="+48234234000", gender="male")
    data.update(fields(loyaltyCardNumber="47834433524", posId=POS2, levelId=LEVEL0, agreement1="0", labels=""))
    after = updated(client, auth, JOHN, data)
    assert after["version"] == before["version"]
    assert after["updatedAt"] == before["updatedAt"]
    assert after == before


def test_update_with_a_change_increments_version_and_updated_at(client, auth):
    before = details(client, auth, JOHN)
    after = updated(client, auth, JOHN, fields(firstName="Johnny"))
    assert after["version"] == before["version"] + 1
    assert after["updatedAt"] != before["updatedAt"]


# --- encodings ---------------------------------------------------------------------------


def test_update_accepts_json(client, auth):
    body = {"customer": {"firstName": "Jan", "address": {"city": "Gdansk"}, "phone": "", "agreement3": True}}
    response = client.put(url(KOWALSKI), headers=auth.headers("admin"), json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    customer = details(client, auth, KOWALSKI)
    assert customer["firstName"] == "Jan"
    assert customer["address"] == {"city": "Gdansk"}
    assert "phone" not in customer
    assert customer["agreement3"] is True


def test_update_accepts_multipart(client, auth):
    response = client.put(
        url(KOWALSKI), headers=auth.headers("admin"), data=fields(lastName="Nowak"), content_type="multipart/form-data"
    )
    assert response.status_code == 200
    assert details(client, auth, KOWALSKI)["lastName"] == "Nowak"


def test_update_rejects_extra_fields(client, auth):
    response = put(client, auth, JOHN, fields(foo="bar"))
    assert response.status_code == 400
    assert response.json["errors"] == [EXTRA_FIELDS]
    assert response.json["form"]["errors"] == [EXTRA_FIELDS]


# --- who may update ----------------------------------------------------------------------


def test_seller_may_update_a_customer(client, auth):
    assert updated(client, auth, KOWALSKI, fields(firstName="Jack"), role="seller")["firstName"] == "Jack"


def test_seller_sending_seller_id_gets_extra_fields_error(client, auth):
    response = put(client, auth, JOHN, fields(sellerId=SELLER_ID), role="seller")
    assert response.status_code == 400
    assert response.json["errors"] == [EXTRA_FIELDS]
    assert response.json["form"]["errors"] == [EXTRA_FIELDS]


def test_customer_updates_its_own_name_and_email(client, auth):
    customer = updated(
        client,
        auth,
        KOWALSKI,
        fields(firstName="Jan", lastName="Kowal", email="jan.kowal@example.com"),
        role="customer",
        user_id=KOWALSKI,
    )
    assert (customer["firstName"], customer["lastName"]) == ("Jan", "Kowal")
    assert customer["email"] == "jan.kowal@example.com"


def test_customer_own_level_pos_and_seller_are_ignored(client, auth):
    data = fields(levelId=LEVEL1, posId=POS1, sellerId=SELLER_ID)
    customer = updated(client, auth, KOWALSKI, data, role="customer", user_id=KOWALSKI)
    assert customer["levelId"] == START_LEVEL
    assert "manuallyAssignedLevelId" not in customer
    assert "posId" not in customer
    assert "sellerId" not in customer


def test_customer_own_empty_pos_is_ignored(client, auth):
    customer = updated(client, auth, JOHN, fields(posId="", firstName="Johnny"), role="customer", user_id=JOHN)
    assert customer["posId"] == POS2
    assert customer["firstName"] == "Johnny"


def test_customer_may_not_update_another_customer(client, auth):
    response = put(client, auth, JOHN, fields(firstName="X"), role="customer", user_id=KOWALSKI)
    assert response.status_code == 403
    assert details(client, auth, JOHN)["firstName"] == "John"


def test_update_needs_a_token(client):
    response = client.put(url(JOHN), data=fields(firstName="X"))
    assert response.status_code == 401


# --- more edges --------------------------------------------------------------------------


def test_update_repeating_the_same_address_and_company_changes_nothing(client, auth):
    data = {"customer[company][name]": "ACME", "customer[company][nip]": "123"}
    for key, value in details(client, auth, JANE)["address"].items():
        data[f"customer[address][{key}]"] = value
    first = updated(client, auth, JANE, data)
    second = updated(client, auth, JANE, data)
    assert second["version"] == first["version"]
    assert second["updatedAt"] == first["updatedAt"]


def test_two_customers_may_both_have_no_card_and_no_email(client, auth):
    updated(client, auth, JOHN, fields(loyaltyCardNumber="", email=""))
    customer = updated(client, auth, JANE, fields(loyaltyCardNumber="", email=""))
    assert "loyaltyCardNumber" not in customer
    assert "email" not in customer


def test_update_sets_created_at_in_warsaw_time(client, auth):
    customer = updated(client, auth, KOWALSKI, fields(createdAt="2017-01-01 14:15:16"))
    assert customer["createdAt"] == "2017-01-01T14:15:16+0100"


def test_update_rejects_invalid_email(client, auth):
    response = put(client, auth, JOHN, fields(email="not-an-email"))
    assert field_errors(response, "email") == ["This value is not a valid email address."]


def test_update_json_labels_must_be_a_string(client, auth):
    body = {"customer": {"labels": [{"key": "a", "value": "b"}]}}
    response = client.put(url(JOHN1), headers=auth.headers("admin"), json=body)
    assert field_errors(response, "labels") == [NOT_VALID]


def test_update_reports_unknown_pos_together_with_invalid_phone(client, auth):
    # Symfony validates every field of the form at once, reference checks included
    response = put(client, auth, JOHN, fields(phone="+440000000", posId=UNKNOWN_ID))
    assert field_errors(response, "phone") == [BAD_PHONE]
    assert field_errors(response, "posId") == [NOT_VALID]
