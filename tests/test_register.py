"""Registering customers: POST customer/register, admin/customer/register, seller/customer/register."""
import json

import pytest
from sqlalchemy import select

from tests.helpers import field_errors
from tests.reference import documented

SELLER_ID = "00000000-0000-474c-b092-b0dd880c07e4"
START_LEVEL = "000096cf-32a3-43bd-9034-4df343e5fd93"
LEVEL1 = "e82c96cf-32a3-43bd-9034-4df343e51111"
POS1 = "00000000-0000-474c-1111-b0dd880c07e2"
POS2 = "00000000-0000-474c-1111-b0dd880c07e3"
UNKNOWN_ID = "99999999-9999-4999-8999-999999999999"

REGISTER = "/api/DEFAULT/customer/register"
ADMIN_REGISTER = "/api/DEFAULT/admin/customer/register"
SELLER_REGISTER = "/api/DEFAULT/seller/customer/register"
ALL_CUSTOMERS = "/api/DEFAULT/admin/customer?perPage=-1"

NOT_BLANK = "This value should not be blank."
NOT_VALID = "This value is not valid."
BAD_EMAIL = "This value is not a valid email address."
BAD_PHONE = "This value is not a valid phone number."
EXTRA_FIELDS = "This form should not contain extra fields."

# The reference's empty-body answer, verbatim (key order included).
EMPTY_FORM_ERROR = documented("POST", "/api/{storeCode}/customer/register", 400)

# The reference's second "Create a new customer" example, verbatim.
FULL_EXAMPLE = {
    "customer[firstName]": "John",
    "customer[lastName]": "Kowalski",
    "customer[email]": "john3@example.com",
    "customer[phone]": "000000004000",
    "customer[birthDate]": "1990-01-01",
    "customer[address][street]": "Street",
    "customer[address][postal]": "00-000",
    "customer[address][city]": "Wroclaw",
    "customer[address][province]": "Dolnoslaskie",
    "customer[address][country]": "Poland",
    "customer[company][nip]": "111-222-33-44",
    "customer[company][name]": "Company name",
    "customer[loyaltyCardNumber]": "00000000000000002",
    "customer[agreement1]": "1",
    "customer[agreement2]": "1",
    "customer[agreement3]": "1",
}


def form(**fields):
    """A minimal valid register form, with `fields` (customer[...] names) added or replaced."""
    data = {
        "customer[firstName]": "Anna",
        "customer[lastName]": "Nowa",
        "customer[email]": "anna.nowa@example.com",
        "customer[agreement1]": "1",
    }
    for key, value in fields.items():
        data[f"customer[{key}]"] = value
    return data


def without(name):
    data = form()
    del data[f"customer[{name}]"]
    return data


def details(client, auth, customer_id, store="DEFAULT"):
    response = client.get(f"/api/{store}/customer/{customer_id}", headers=auth.headers("admin"))
    assert response.status_code == 200
    return response.json


def register(client, auth, data, path=REGISTER, role="admin"):
    return client.post(path, headers=auth.headers(role), data=data)


def registered(client, auth, data, path=REGISTER, role="admin"):
    """Register and return the new customer's details."""
    response = register(client, auth, data, path, role)
    assert response.status_code == 200, response.get_data(as_text=True)
    return details(client, auth, response.json["customerId"])


def customer_count(client, auth):
    response = client.get(ALL_CUSTOMERS, headers=auth.headers("admin"))
    assert response.status_code == 200
    return len(response.json["customers"])


def same_in_order(actual, expected):
    return json.dumps(actual) == json.dumps(expected)


# --- the reference's examples ------------------------------------------------------------


def test_register_minimal_example_answers_id_and_email(client, auth):
    response = register(
        client,
        auth,
        {
            "customer[firstName]": "John",
            "customer[lastName]": "Kowalski",
            "customer[email]": "john4@example.com",
            "customer[phone]": "000000005000",
            "customer[agreement1]": "1",
        },
    )
    assert response.status_code == 200
    assert set(response.json) == {"customerId", "email"}
    assert response.json["email"] == "john4@example.com"


def test_register_full_example_answers_id_and_email(client, auth):
    response = register(client, auth, FULL_EXAMPLE)
    assert response.status_code == 200
    assert list(response.json) == ["customerId", "email"]
    assert response.json["email"] == "john3@example.com"


def test_register_full_example_details_show_the_values(client, auth):
    customer = registered(client, auth, FULL_EXAMPLE)
    assert customer["firstName"] == "John"
    assert customer["lastName"] == "Kowalski"
    assert customer["email"] == "john3@example.com"
    assert customer["phone"] == "000000004000"
    assert customer["birthDate"].startswith("1990-01-01T")
    assert customer["address"] == {
        "street": "Street",
        "province": "Dolnoslaskie",
        "city": "Wroclaw",
        "postal": "00-000",
        "country": "Poland",
    }
    assert customer["company"] == {"name": "Company name", "nip": "111-222-33-44"}
    assert customer["loyaltyCardNumber"] == "00000000000000002"
    assert (customer["agreement1"], customer["agreement2"], customer["agreement3"]) == (True, True, True)


def test_register_defaults_gender_labels_level_and_status(client, auth):
    customer = registered(client, auth, FULL_EXAMPLE)
    assert customer["gender"] == "not_disclosed"
    assert customer["labels"] == []
    assert customer["levelId"] == START_LEVEL
    assert customer["level"]["levelId"] == {"id": START_LEVEL, "levelId": START_LEVEL}
    assert customer["levelPercent"] == "14.00%"
    assert "manuallyAssignedLevelId" not in customer
    assert customer["active"] is True
    assert customer["status"]["type"] == "active"


def test_register_agreements_default_to_false(client, auth):
    customer = registered(client, auth, form())
    assert (customer["agreement1"], customer["agreement2"], customer["agreement3"]) == (True, False, False)


def test_register_without_address_shows_empty_address(client, auth):
    assert registered(client, auth, form())["address"] == {}


def test_admin_register_example(client, auth):
    response = register(
        client,
        auth,
        {
            "customer[firstName]": "John",
            "customer[lastName]": "Kowalski",
            "customer[email]": "john@example.com",
            "customer[phone]": "0665998332",
            "customer[agreement1]": "1",
        },
        path=ADMIN_REGISTER,
    )
    assert response.status_code == 200
    assert response.json["email"] == "john@example.com"
    customer = details(client, auth, response.json["customerId"])
    assert customer["phone"] == "0665998332"
    assert customer["status"]["type"] == "active"


def test_admin_register_needs_an_admin(client, auth):
    response = register(client, auth, form(), path=ADMIN_REGISTER, role="seller")
    assert response.status_code == 403


def test_seller_register_example(client, auth):
    response = register(
        client,
        auth,
        {
            "customer[firstName]": "Lady",
            "customer[lastName]": "Mini",
            "customer[email]": "test@openloyalty.com",
            "customer[gender]": "female",
            "customer[agreement1]": "1",
        },
        path=SELLER_REGISTER,
        role="seller",
    )
    assert response.status_code == 200
    assert response.json["email"] == "test@openloyalty.com"
    customer = details(client, auth, response.json["customerId"])
    assert customer["gender"] == "female"
    assert customer["active"] is True


def test_customer_may_not_register_customers(client, auth):
    response = register(client, auth, form(), role="customer")
    assert response.status_code == 403


# --- encodings ---------------------------------------------------------------------------


def test_register_accepts_json(client, auth):
    body = {
        "customer": {
            "firstName": "Json",
            "lastName": "Body",
            "email": "json@example.com",
            "phone": "000000007000",
            "address": {"city": "Wroclaw", "country": "Poland"},
            "company": {"name": "ACME", "nip": "123"},
            "agreement1": True,
        }
    }
    response = client.post(REGISTER, headers=auth.headers("admin"), json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    customer = details(client, auth, response.json["customerId"])
    assert customer["firstName"] == "Json"
    assert customer["address"] == {"city": "Wroclaw", "country": "Poland"}
    assert customer["company"] == {"name": "ACME", "nip": "123"}


def test_register_accepts_multipart(client, auth):
    response = client.post(
        REGISTER, headers=auth.headers("admin"), data=FULL_EXAMPLE, content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    customer = details(client, auth, response.json["customerId"])
    assert customer["address"]["city"] == "Wroclaw"
    assert customer["company"] == {"name": "Company name", "nip": "111-222-33-44"}


# --- validation --------------------------------------------------------------------------


def test_register_empty_body_answers_the_documented_error_tree(client, auth):
    response = client.post(REGISTER, headers=auth.headers("admin"))
    assert response.status_code == 400
    assert response.json == EMPTY_FORM_ERROR
    assert same_in_order(response.json, EMPTY_FORM_ERROR)


def test_admin_register_empty_body_answers_the_documented_error_tree(client, auth):
    response = client.post(ADMIN_REGISTER, headers=auth.headers("admin"))
    assert response.status_code == 400
    assert same_in_order(response.json, EMPTY_FORM_ERROR)


def test_seller_register_empty_body_answers_an_error_tree(client, auth):
    response = client.post(SELLER_REGISTER, headers=auth.headers("seller"))
    assert response.status_code == 400
    assert response.json["errors"] == []
    assert response.json["form"]["children"]["firstName"] == {}


@pytest.mark.parametrize("name", ["firstName", "lastName", "email", "agreement1"])
def test_register_requires_field(client, auth, name):
    assert field_errors(register(client, auth, without(name)), name) == [NOT_BLANK]


@pytest.mark.parametrize("name", ["firstName", "lastName", "email"])
def test_register_rejects_blank_field(client, auth, name):
    assert field_errors(register(client, auth, form(**{name: ""})), name) == [NOT_BLANK]


@pytest.mark.parametrize("value", ["0", "false"])
def test_register_requires_agreement1_true(client, auth, value):
    assert field_errors(register(client, auth, form(agreement1=value)), "agreement1") == [NOT_BLANK]


def test_register_error_tree_has_no_root_errors_for_field_errors(client, auth):
    response = register(client, auth, without("firstName"))
    assert response.status_code == 400
    assert response.json["errors"] == []
    assert "errors" not in response.json["form"]
    assert response.json["form"]["children"]["lastName"] == {}


@pytest.mark.parametrize("value", ["not-an-email", "a@b", "john@@example.com"])
def test_register_rejects_invalid_email(client, auth, value):
    assert field_errors(register(client, auth, form(email=value)), "email") == [BAD_EMAIL]


@pytest.mark.parametrize("value", ["+440000000", "abc", "12-34"])
def test_register_rejects_invalid_phone(client, auth, value):
    assert field_errors(register(client, auth, form(phone=value)), "phone") == [BAD_PHONE]


@pytest.mark.parametrize("value", ["000000005000", "0665998332", "+48500600700"])
def test_register_accepts_documented_phones(client, auth, value):
    assert registered(client, auth, form(phone=value))["phone"] == value


def test_register_rejects_unknown_gender(client, auth):
    assert field_errors(register(client, auth, form(gender="other")), "gender") == [NOT_VALID]


@pytest.mark.parametrize("value", ["male", "female", "not_disclosed"])
def test_register_accepts_each_gender(client, auth, value):
    assert registered(client, auth, form(gender=value))["gender"] == value


@pytest.mark.parametrize("name", ["birthDate", "createdAt"])
@pytest.mark.parametrize("value", ["yesterday", "1990-13-45"])
def test_register_rejects_invalid_dates(client, auth, name, value):
    assert field_errors(register(client, auth, form(**{name: value})), name) == [NOT_VALID]


@pytest.mark.parametrize("name", ["levelId", "posId", "sellerId"])
def test_register_rejects_unknown_reference(client, auth, name):
    assert field_errors(register(client, auth, form(**{name: UNKNOWN_ID})), name) == [NOT_VALID]


def test_register_rejects_extra_fields(client, auth):
    response = register(client, auth, form(foo="bar"))
    assert response.status_code == 400
    assert response.json["errors"] == [EXTRA_FIELDS]
    assert response.json["form"]["errors"] == [EXTRA_FIELDS]
    assert list(response.json["form"]) == ["errors", "children"]


def test_register_rejects_label_without_key(client, auth):
    assert field_errors(register(client, auth, form(labels=":v")), "labels") == ["Customer labels invalid data"]


def test_register_reports_several_field_errors_at_once(client, auth):
    data = form(email="bad", phone="+440000000", gender="other")
    del data["customer[firstName]"]
    response = register(client, auth, data)
    assert field_errors(response, "email") == [BAD_EMAIL]
    assert field_errors(response, "phone") == [BAD_PHONE]
    assert field_errors(response, "gender") == [NOT_VALID]
    assert field_errors(response, "firstName") == [NOT_BLANK]


# --- uniqueness per store ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["user@example.com", "USER@Example.COM"])
def test_register_rejects_taken_email_case_insensitively(client, auth, value):
    response = register(client, auth, form(email=value))
    assert field_errors(response, "email") == ["Customer with such email already exists."]


@pytest.mark.parametrize("value", ["48234234000", "+48234234000"])
def test_register_rejects_taken_phone_ignoring_plus(client, auth, value):
    response = register(client, auth, form(phone=value))
    assert field_errors(response, "phone") == ["Customer with such phone already exists."]


def test_register_rejects_taken_phone_when_stored_without_plus(client, auth):
    # 899000333 is stored without a plus sign
    response = register(client, auth, form(phone="899000333"))
    assert field_errors(response, "phone") == ["Customer with such phone already exists."]


def test_register_rejects_taken_loyalty_card(client, auth):
    response = register(client, auth, form(loyaltyCardNumber="47834433524"))
    assert field_errors(response, "loyaltyCardNumber") == ["Customer with such loyalty card number already exists."]


def test_register_reports_only_the_first_uniqueness_clash(client, auth):
    response = register(client, auth, form(email="user@example.com", phone="+48234234000"))
    assert field_errors(response, "email") == ["Customer with such email already exists."]
    assert field_errors(response, "phone") is None


def test_register_same_email_twice_is_rejected_the_second_time(client, auth):
    assert register(client, auth, form()).status_code == 200
    response = register(client, auth, form(phone="000000008000"))
    assert field_errors(response, "email") == ["Customer with such email already exists."]


def test_register_email_of_another_store_is_free(client, auth):
    response = client.post(
        "/api/SECOND/customer/register",
        headers=auth.headers("admin"),
        data=form(email="user-temp@example.com"),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    customer = details(client, auth, response.json["customerId"], store="SECOND")
    assert customer["email"] == "user-temp@example.com"


def test_register_email_used_in_second_store_is_free_in_default(client, auth):
    # bob@second.example.com belongs to a customer of store SECOND only
    response = register(client, auth, form(email="bob@second.example.com"))
    assert response.status_code == 200


def test_register_customer_of_second_store_is_not_found_in_default(client, auth):
    response = client.post("/api/SECOND/customer/register", headers=auth.headers("admin"), data=form())
    assert response.status_code == 200
    found = client.get(f"/api/DEFAULT/customer/{response.json['customerId']}", headers=auth.headers("admin"))
    assert found.status_code == 404


def test_register_in_unknown_store_is_not_found(client, auth):
    response = client.post("/api/NOPE/customer/register", headers=auth.headers("admin"), data=form())
    assert response.status_code == 404


# --- rejected requests change nothing ----------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {},
        form(email="user@example.com"),
        form(phone="48234234000"),
        form(loyaltyCardNumber="47834433524"),
        form(phone="+440000000"),
        form(posId=UNKNOWN_ID),
        form(foo="bar"),
    ],
    ids=["empty", "email-taken", "phone-taken", "card-taken", "bad-phone", "unknown-pos", "extra-field"],
)
def test_rejected_register_leaves_customers_unchanged(client, auth, data):
    before = customer_count(client, auth)
    assert register(client, auth, data).status_code == 400
    assert customer_count(client, auth) == before


def test_accepted_register_adds_one_customer(client, auth):
    before = customer_count(client, auth)
    assert register(client, auth, form()).status_code == 200
    assert customer_count(client, auth) == before + 1


# --- stored values -----------------------------------------------------------------------


def test_register_response_email_is_lower_cased(client, auth):
    response = register(client, auth, form(email="Anna.Nowa@Example.com"))
    assert response.status_code == 200
    assert response.json["email"] == "anna.nowa@example.com"


def test_register_shows_created_at_and_birth_date_in_warsaw_time(client, auth):
    customer = registered(client, auth, form(createdAt="2017-01-01 14:15:16", birthDate="2017-10-05"))
    assert customer["createdAt"] == "2017-01-01T14:15:16+0100"
    assert customer["birthDate"] == "2017-10-05T02:00:00+0200"  # a date alone is midnight UTC


def test_register_drops_company_with_only_a_name(client, auth):
    customer = registered(client, auth, {**form(), "customer[company][name]": "Only name"})
    assert "company" not in customer


def test_register_drops_company_with_only_a_nip(client, auth):
    customer = registered(client, auth, {**form(), "customer[company][nip]": "123"})
    assert "company" not in customer


def test_register_parses_labels(client, auth):
    customer = registered(client, auth, form(labels="a:b;c:d"))
    assert customer["labels"] == [{"key": "a", "value": "b"}, {"key": "c", "value": "d"}]


def test_register_with_level_assigns_it_manually(client, auth):
    customer = registered(client, auth, form(levelId=LEVEL1))
    assert customer["levelId"] == LEVEL1
    assert customer["manuallyAssignedLevelId"] == {"levelId": LEVEL1}


def test_admin_register_with_pos_and_seller(client, auth):
    customer = registered(client, auth, form(posId=POS2, sellerId=SELLER_ID))
    assert customer["posId"] == POS2
    assert customer["posIdentifier"] == "pos2"
    assert customer["sellerId"] == SELLER_ID


def test_admin_register_without_pos_has_no_pos(client, auth):
    customer = registered(client, auth, form())
    assert "posId" not in customer
    assert "sellerId" not in customer


def test_seller_register_assigns_the_seller_and_its_pos(client, auth):
    customer = registered(client, auth, form(), path=SELLER_REGISTER, role="seller")
    assert customer["sellerId"] == SELLER_ID
    assert customer["posId"] == POS1
    assert customer["posIdentifier"] == "pos1"


def test_seller_register_keeps_a_given_pos(client, auth):
    customer = registered(client, auth, form(posId=POS2), path=SELLER_REGISTER, role="seller")
    assert customer["posId"] == POS2
    assert customer["sellerId"] == SELLER_ID


def test_seller_register_through_customer_path_assigns_the_seller(client, auth):
    customer = registered(client, auth, form(), path=REGISTER, role="seller")
    assert customer["sellerId"] == SELLER_ID
    assert customer["posId"] == POS1


def test_seller_sending_seller_id_gets_extra_fields_error(client, auth):
    response = register(client, auth, form(sellerId=SELLER_ID), path=SELLER_REGISTER, role="seller")
    assert response.status_code == 400
    assert response.json["errors"] == [EXTRA_FIELDS]
    assert response.json["form"]["errors"] == [EXTRA_FIELDS]


def test_seller_sending_empty_seller_id_gets_extra_fields_error(client, auth):
    # the field does not exist for a seller, so even an empty value is an extra field
    response = register(client, auth, form(sellerId=""), path=SELLER_REGISTER, role="seller")
    assert response.status_code == 400
    assert response.json["errors"] == [EXTRA_FIELDS]


def test_seller_form_tree_has_no_seller_id_field(client, auth):
    # Open Loyalty's form has no sellerId child when the caller is a seller (notes D.1, D.5)
    response = register(client, auth, form(sellerId=SELLER_ID), path=SELLER_REGISTER, role="seller")
    assert response.status_code == 400
    assert "sellerId" not in response.json["form"]["children"]


def test_register_sends_a_temporary_password(client, auth, app):
    from openloyalty_standin.app.extensions import db
    from openloyalty_standin.app.models import Message

    response = register(client, auth, form())
    customer_id = response.json["customerId"]
    with app.app_context():
        messages = db.session.scalars(select(Message).where(Message.customer_id == customer_id)).all()
    assert len(messages) == 1
    assert messages[0].channel == "email"
    assert messages[0].recipient == "anna.nowa@example.com"


# --- more edges --------------------------------------------------------------------------


def test_register_drops_label_entries_without_colon(client, auth):
    customer = registered(client, auth, form(labels="a;b:c"))
    assert customer["labels"] == [{"key": "b", "value": "c"}]


def test_register_accepts_date_only_created_at(client, auth):
    customer = registered(client, auth, form(createdAt="2018-08-06"))
    assert customer["createdAt"] == "2018-08-06T00:00:00+0200"


def test_register_json_agreement1_false_is_blank(client, auth):
    body = {"customer": {"firstName": "A", "lastName": "B", "email": "ab@example.com", "agreement1": False}}
    response = client.post(REGISTER, headers=auth.headers("admin"), json=body)
    assert field_errors(response, "agreement1") == [NOT_BLANK]


def test_register_reports_unknown_pos_together_with_missing_name(client, auth):
    # Symfony validates every field of the form at once, reference checks included
    data = form(posId=UNKNOWN_ID)
    del data["customer[firstName]"]
    response = register(client, auth, data)
    assert field_errors(response, "firstName") == [NOT_BLANK]
    assert field_errors(response, "posId") == [NOT_VALID]
