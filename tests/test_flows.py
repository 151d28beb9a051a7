"""End-to-end flows over HTTP only: self-registration and activation by e-mail link or SMS code,
send-sms-code, phone change confirmation, temporary passwords, and the outbox (DECISIONS 2, 3; notes H)."""
import re

import pytest

from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.testing.support import Auth

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JOHN_PHONE = "+48234234000"
ALICE = "22222222-0000-474c-b092-b0dd880c07e1"
ALICE_PHONE = "+48456457000"
NEW_CUSTOMER = "1bbafb37-b51b-47c5-b3e4-e0a2d028e655"
NEW_CUSTOMER_PHONE = "+48500100200"
NEW_CUSTOMER_EMAIL = "adam.nowak@example.com"
PASSWORD = "OpenLoyalty123!"
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
NOT_BLANK = "This value should not be blank."
PASSWORD_RULES = {
    "Open12!": "Your password must be at least 8 characters long.",
    "12345678!": "Your password must include at least one letter.",
    "openloyalty123!": "Your password must include both upper and lower case letters.",
    "OpenLoyalty!!": "Your password must include at least one number.",
    "OpenLoyalty123": "Your password must contain at least one special character.",
}
SELF_REGISTER = "/api/DEFAULT/customer/self_register"


# --- helpers: everything goes through HTTP -----------------------------------------------------


def outbox(client, to=None, kind=None):
    params = {key: value for key, value in (("to", to), ("kind", kind)) if value}
    response = client.get("/_dev/outbox", query_string=params)
    assert response.status_code == 200
    return response.json["messages"]


def latest_code(client, phone, kind="activation_code"):
    """The 6-digit code of the newest SMS of `kind` to `phone`."""
    messages = [m for m in outbox(client, to=phone) if m["kind"] == kind]
    assert messages, f"no {kind} SMS to {phone}"
    assert messages[0]["channel"] == "sms"
    match = re.search(r"\b(\d{6})\s*$", messages[0]["body"])
    assert match, messages[0]["body"]
    return match.group(1)


def activation_token(client, email):
    messages = [m for m in outbox(client, to=email) if m["kind"] == "activation_link"]
    assert messages, f"no activation e-mail to {email}"
    match = re.search(r"/activate/([^/\s]+)\s*$", messages[0]["body"])
    assert match, messages[0]["body"]
    return match.group(1)


def customer_form(**fields):
    return {"firstName": "Ann", "lastName": "Lee", "agreement1": True, **fields}


def self_register(client, **fields):
    return client.post(SELF_REGISTER, json={"customer": customer_form(plainPassword=PASSWORD, **fields)})


def register(client, auth, role, **fields):
    response = client.post(f"/api/DEFAULT/{role}/customer/register", headers=auth.headers(role),
                           json={"customer": customer_form(**fields)})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["customerId"]


def login(client, username, password=PASSWORD):
    return client.post("/api/customer/login_check", data={"_username": username, "_password": password})


def details(client, auth, customer):
    response = client.get(f"/api/DEFAULT/customer/{customer}", headers=auth.headers("admin"))
    assert response.status_code == 200
    return response.json


def use_sms_method(client):
    response = client.put("/_dev/stores/DEFAULT/settings", json={"activationMethod": "sms"})
    assert response.status_code == 200


def activate_sms(client, code):
    return client.post(f"/api/DEFAULT/customer/activate-sms/{code}")


def resend(client, headers=None, **body):
    return client.post("/api/DEFAULT/customer/customer-phone/send-sms-code", headers=headers or {}, json=body)


def change_phone(client, headers, customer, phone):
    return client.put(f"/api/DEFAULT/customer/{customer}", headers=headers, json={"customer": {"phone": phone}})


def confirm_change(client, headers, code):
    return client.post(f"/api/DEFAULT/customer/confirm-change/{code}", headers=headers)


@pytest.fixture
def app_at(make_app):
    """Build apps with frozen clocks over one shared copy of the seeded database."""
    apps = []

    def build(moment):
        if apps:
            with apps[-1].app_context():
                db.engine.dispose()
        apps.append(make_app(CLOCK=moment))
        return apps[-1]

    return build


# --- self-registration and the e-mail link -----------------------------------------------------


def test_self_registered_customer_is_new_and_inactive(client, auth):
    response = self_register(client, email="ann@example.com")
    assert response.status_code == 200
    body = details(client, auth, response.json["customerId"])
    assert body["active"] is False
    assert body["status"]["type"] == "new"


def test_self_registered_customer_cannot_log_in_before_activation(client):
    self_register(client, email="ann@example.com")
    assert login(client, "ann@example.com").status_code == 401


def test_self_registration_emails_an_activation_link_with_a_20_hex_token(client):
    self_register(client, email="ann@example.com")
    messages = outbox(client, to="ann@example.com")
    assert [m["kind"] for m in messages] == ["activation_link"]
    assert messages[0]["channel"] == "email"
    assert re.fullmatch(r"[0-9a-f]{20}", activation_token(client, "ann@example.com"))


def test_activation_link_activates_and_login_then_works(client, auth):
    customer = self_register(client, email="ann@example.com").json["customerId"]
    response = client.post(f"/api/DEFAULT/customer/activate/{activation_token(client, 'ann@example.com')}")
    assert response.status_code == 200
    assert response.data.strip() in (b"", b'""')
    body = details(client, auth, customer)
    assert body["active"] is True
    assert body["status"]["type"] == "active"
    answer = login(client, "ann@example.com")
    assert answer.status_code == 200
    assert "token" in answer.json
    assert "error" not in answer.json


@pytest.mark.parametrize("password,message", PASSWORD_RULES.items(), ids=list(PASSWORD_RULES.values()))
def test_self_registration_reports_each_broken_password_rule(client, password, message):
    body = {"customer": customer_form(email="ann@example.com", plainPassword=password)}
    response = client.post(SELF_REGISTER, json=body)
    assert response.status_code == 400
    assert message in response.json["form"]["children"]["plainPassword"]["errors"]
    assert outbox(client, to="ann@example.com") == []


def test_self_registration_without_a_password_is_refused(client):
    response = client.post(SELF_REGISTER, json={"customer": customer_form(email="ann@example.com")})
    assert response.status_code == 400
    assert response.json["form"]["children"]["plainPassword"] == {"errors": [NOT_BLANK]}


def test_self_registration_accepts_the_reference_test_password(client):
    response = self_register(client, email="ann@example.com")
    assert response.status_code == 200
    assert response.json == {"customerId": response.json["customerId"], "email": "ann@example.com"}


# --- the SMS activation method -----------------------------------------------------------------


def test_store_setting_switches_to_the_sms_method(client):
    response = client.put("/_dev/stores/DEFAULT/settings", json={"activationMethod": "sms"})
    assert response.status_code == 200
    assert response.json == {"activationMethod": "sms"}


def test_seller_registration_under_sms_method_leaves_the_customer_new_with_a_code(client, auth):
    use_sms_method(client)
    customer = register(client, auth, "seller", phone="+48600700800")
    body = details(client, auth, customer)
    assert body["active"] is False
    assert body["status"]["type"] == "new"
    assert re.fullmatch(r"\d{6}", latest_code(client, "+48600700800"))


def test_only_the_latest_sms_code_activates(client, auth):
    use_sms_method(client)
    customer = register(client, auth, "seller", phone="+48600700800")
    first = latest_code(client, "+48600700800")
    response = client.post(f"/api/DEFAULT/seller/customer/{customer}/send-sms-code", headers=auth.headers("seller"))
    assert response.status_code == 200
    second = latest_code(client, "+48600700800")
    assert second != first
    assert len([m for m in outbox(client, to="+48600700800") if m["kind"] == "activation_code"]) == 2
    assert activate_sms(client, first).status_code == 404
    assert details(client, auth, customer)["status"]["type"] == "new"
    response = activate_sms(client, second)
    assert response.status_code == 204
    assert response.data == b""
    body = details(client, auth, customer)
    assert body["active"] is True
    assert body["status"]["type"] == "active"


def test_sms_code_cannot_activate_twice(client, auth):
    use_sms_method(client)
    register(client, auth, "seller", phone="+48600700800")
    code = latest_code(client, "+48600700800")
    assert activate_sms(client, code).status_code == 204
    assert activate_sms(client, code).status_code == 404


def test_self_registration_under_sms_method_needs_a_phone(client):
    use_sms_method(client)
    response = self_register(client, email="ann@example.com")
    assert response.status_code == 400
    assert response.json["form"]["children"]["phone"] == {"errors": [NOT_BLANK]}


def test_self_registration_under_sms_method_texts_a_code_and_it_activates(client, auth):
    use_sms_method(client)
    response = self_register(client, phone="+48600700801")
    assert response.status_code == 200
    customer = response.json["customerId"]
    assert details(client, auth, customer)["status"]["type"] == "new"
    assert activate_sms(client, latest_code(client, "+48600700801")).status_code == 204
    assert details(client, auth, customer)["active"] is True
    assert login(client, "+48600700801").status_code == 200


def test_seeded_new_customer_activates_with_the_documented_sms_code(client, auth):
    response = activate_sms(client, "954604")
    assert response.status_code == 204
    assert response.data == b""
    body = details(client, auth, NEW_CUSTOMER)
    assert body["active"] is True
    assert body["status"]["type"] == "active"
    assert login(client, NEW_CUSTOMER_EMAIL, "loyalty").status_code == 200


def test_seeded_new_customer_activates_with_the_documented_token(client, auth):
    assert login(client, NEW_CUSTOMER_EMAIL, "loyalty").status_code == 401
    response = client.post("/api/DEFAULT/customer/activate/abcde")
    assert response.status_code == 200
    assert response.data.strip() in (b"", b'""')
    assert details(client, auth, NEW_CUSTOMER)["status"]["type"] == "active"
    assert login(client, NEW_CUSTOMER_EMAIL, "loyalty").status_code == 200


@pytest.mark.parametrize("path", ["activate/unknowntoken", "activate-sms/000001", "activate-sms/abc"])
def test_unknown_activation_codes_are_not_found(client, path):
    response = client.post(f"/api/DEFAULT/customer/{path}")
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_activation_codes_belong_to_their_store(client):
    assert client.post("/api/SECOND/customer/activate-sms/954604").status_code == 404
    assert client.post("/api/SECOND/customer/activate/abcde").status_code == 404


def test_sms_code_older_than_30_minutes_is_not_found(app_at):
    issuing = app_at("2030-01-01T12:00:00+01:00")
    client = issuing.test_client()
    response = client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code",
                           headers=Auth(issuing).headers("admin"))
    assert response.status_code == 200
    code = latest_code(client, NEW_CUSTOMER_PHONE)
    later = app_at("2030-01-01T12:31:00+01:00").test_client()
    response = activate_sms(later, code)
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_sms_code_younger_than_30_minutes_still_activates(app_at):
    issuing = app_at("2030-01-01T12:00:00+01:00")
    client = issuing.test_client()
    client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code", headers=Auth(issuing).headers("admin"))
    code = latest_code(client, NEW_CUSTOMER_PHONE)
    later = app_at("2030-01-01T12:29:00+01:00").test_client()
    assert activate_sms(later, code).status_code == 204


# --- send-sms-code -----------------------------------------------------------------------------


def test_customer_resend_texts_a_new_code_to_its_own_phone(client, auth):
    response = resend(client, auth.headers("customer", JOHN))
    assert response.status_code == 200
    messages = outbox(client, to=JOHN_PHONE)
    assert len(messages) == 1
    assert messages[0]["channel"] == "sms"
    assert re.fullmatch(r"\d{6}", latest_code(client, JOHN_PHONE))


def test_customer_resend_again_within_two_minutes_is_refused(client, auth):
    assert resend(client, auth.headers("customer", JOHN)).status_code == 200
    assert resend(client, auth.headers("customer", JOHN)).status_code == 400
    assert len(outbox(client, to=JOHN_PHONE)) == 1


def test_customer_resend_after_two_minutes_is_allowed(app_at):
    first = app_at("2030-01-01T12:00:00+01:00")
    assert resend(first.test_client(), Auth(first).headers("customer", JOHN)).status_code == 200
    later = app_at("2030-01-01T12:02:30+01:00")
    client = later.test_client()
    assert resend(client, Auth(later).headers("customer", JOHN)).status_code == 200
    assert len(outbox(client, to=JOHN_PHONE)) == 2


def test_anonymous_resend_for_a_new_customers_phone_texts_a_code(client, auth):
    customer = self_register(client, email="ann@example.com", phone="+48600700802").json["customerId"]
    response = resend(client, phone="+48600700802")
    assert response.status_code == 200
    code = latest_code(client, "+48600700802")
    assert activate_sms(client, code).status_code == 204
    assert details(client, auth, customer)["status"]["type"] == "active"


def test_anonymous_resend_for_the_seeded_new_customer_texts_a_code(app_at):
    # long after the seed's code was issued, so the two-minute pause is over
    app = app_at("2100-01-01T12:00:00+01:00")
    client = app.test_client()
    assert resend(client, phone=NEW_CUSTOMER_PHONE).status_code == 200
    assert activate_sms(client, latest_code(client, NEW_CUSTOMER_PHONE)).status_code == 204


def test_anonymous_resend_again_within_two_minutes_is_refused(client):
    self_register(client, email="ann@example.com", phone="+48600700802")
    assert resend(client, phone="+48600700802").status_code == 200
    assert resend(client, phone="+48600700802").status_code == 400
    assert len(outbox(client, to="+48600700802")) == 1


def test_anonymous_resend_for_an_active_customers_phone_is_refused(client):
    response = resend(client, phone=JOHN_PHONE)
    assert response.status_code == 400
    assert outbox(client, to=JOHN_PHONE) == []


def test_anonymous_resend_for_an_unknown_phone_or_none_is_refused(client):
    assert resend(client, phone="+48999888777").status_code == 400
    assert resend(client).status_code == 400


def test_admin_send_sms_code_texts_a_new_customer(client, auth):
    response = client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code", headers=auth.headers("admin"))
    assert response.status_code == 200
    assert response.data.strip() in (b"", b'""')
    code = latest_code(client, NEW_CUSTOMER_PHONE)
    assert activate_sms(client, "954604").status_code == 404  # no longer the latest
    assert activate_sms(client, code).status_code == 204


@pytest.mark.parametrize("role", ["admin", "seller"])
def test_send_sms_code_to_an_active_customer_sends_nothing_but_answers_200(client, auth, role):
    response = client.post(f"/api/DEFAULT/{role}/customer/{JOHN}/send-sms-code", headers=auth.headers(role))
    assert response.status_code == 200
    assert response.data.strip() in (b"", b'""')
    assert outbox(client, to=JOHN_PHONE) == []


# --- confirm-change ----------------------------------------------------------------------------


def test_own_phone_change_is_held_until_confirmed(client, auth):
    alice = auth.headers("customer", ALICE)
    response = change_phone(client, alice, ALICE, "+48600700803")
    assert response.status_code == 200
    assert details(client, auth, ALICE)["phone"] == ALICE_PHONE
    code = latest_code(client, "+48600700803", kind="phone_change_code")
    response = confirm_change(client, alice, code)
    assert response.status_code == 204
    assert response.data == b""
    assert details(client, auth, ALICE)["phone"] == "+48600700803"


def test_confirmed_phone_works_for_login(client, auth):
    alice = auth.headers("customer", ALICE)
    change_phone(client, alice, ALICE, "+48600700803")
    confirm_change(client, alice, latest_code(client, "+48600700803", kind="phone_change_code"))
    assert login(client, "+48600700803", "loyalty").status_code == 200


def test_someone_elses_change_code_is_not_found(client, auth):
    change_phone(client, auth.headers("customer", ALICE), ALICE, "+48600700803")
    code = latest_code(client, "+48600700803", kind="phone_change_code")
    response = confirm_change(client, auth.headers("customer", JOHN), code)
    assert response.status_code == 404
    assert response.json == NOT_FOUND
    assert details(client, auth, ALICE)["phone"] == ALICE_PHONE
    assert details(client, auth, JOHN)["phone"] == JOHN_PHONE


def test_unknown_change_code_is_not_found(client, auth):
    response = confirm_change(client, auth.headers("customer", JOHN), "000001")
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_confirm_change_needs_a_token(client):
    response = confirm_change(client, {}, "153105")
    assert response.status_code == 401


def test_seeded_pending_change_of_john_confirms_with_his_token(client, auth):
    response = confirm_change(client, auth.headers("customer", JOHN), "153105")
    assert response.status_code == 204
    assert details(client, auth, JOHN)["phone"] == "+48234234001"


def test_a_newer_phone_change_replaces_the_seeded_one(client, auth):
    john = auth.headers("customer", JOHN)
    change_phone(client, john, JOHN, "+48600700804")
    assert confirm_change(client, john, "153105").status_code == 404
    code = latest_code(client, "+48600700804", kind="phone_change_code")
    assert confirm_change(client, john, code).status_code == 204
    assert details(client, auth, JOHN)["phone"] == "+48600700804"


def test_stale_change_code_is_not_found(app_at):
    app = app_at("2100-01-01T12:00:00+01:00")
    response = confirm_change(app.test_client(), Auth(app).headers("customer", JOHN), "153105")
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["admin", "seller"])
def test_admin_or_seller_phone_change_applies_at_once(client, auth, role):
    response = change_phone(client, auth.headers(role), ALICE, "+48600700805")
    assert response.status_code == 200
    assert details(client, auth, ALICE)["phone"] == "+48600700805"
    assert outbox(client, to="+48600700805") == []


# --- temporary password and the outbox ---------------------------------------------------------


def test_admin_registration_emails_a_temporary_password_that_asks_for_a_change(client, auth):
    register(client, auth, "admin", email="temp@example.com")
    messages = outbox(client, to="temp@example.com")
    assert [m["kind"] for m in messages] == ["temporary_password"]
    answers = [login(client, "temp@example.com", word) for word in messages[0]["body"].split()]
    accepted = [answer.json for answer in answers if answer.status_code == 200]
    assert len(accepted) == 1
    assert accepted[0]["error"] == "password change needed"
    assert "token" in accepted[0]


def test_admin_registered_customer_is_active_at_once(client, auth):
    customer = register(client, auth, "admin", email="temp@example.com")
    assert details(client, auth, customer)["status"]["type"] == "active"


def test_deleting_the_outbox_empties_it(client, auth):
    register(client, auth, "admin", email="temp@example.com")
    assert outbox(client) != []
    response = client.delete("/_dev/outbox")
    assert response.status_code == 204
    assert outbox(client) == []


def test_outbox_filters_by_kind(client, auth):
    register(client, auth, "admin", email="temp@example.com")
    self_register(client, email="ann@example.com")
    assert {m["to"] for m in outbox(client, kind="activation_link")} == {"ann@example.com"}
    assert {m["to"] for m in outbox(client, kind="temporary_password")} == {"temp@example.com"}
