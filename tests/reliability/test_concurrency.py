"""Concurrent requests against a four-worker gunicorn server: no 5xx, no lock errors, no lost writes."""
import re
import uuid
from collections import Counter

import pytest

from tests.reliability.server import customer_form, race

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_only]  # servers over SQLite files

REGISTER = "/api/DEFAULT/admin/customer/register"
EMAIL_TAKEN = "Customer with such email already exists."
NEW_CUSTOMER = "1bbafb37-b51b-47c5-b3e4-e0a2d028e655"
NEW_CUSTOMER_PHONE = "+48500100200"
SEEDED_CODE = "954604"
RESEND = "/api/DEFAULT/customer/customer-phone/send-sms-code"
CODE_TEXT = re.compile(r"\(no\. (\d+)\): (\d{6})$")
RACERS = 50
RESENDERS = 20


def unique_email(prefix):
    return f"{prefix}-{uuid.uuid4().hex}@example.com"


def unique_phone():
    return f"48{uuid.uuid4().int % 10**9:09d}"


def details(api, token, customer):
    response = api.request("GET", f"/api/DEFAULT/customer/{customer}", token)
    assert response.status_code == 200, response.text
    return response.json()


def sms_codes(api, phone):
    """(number, code) of every activation code texted to `phone`, in the order they were numbered."""
    response = api.request("GET", "/_dev/outbox", params={"to": phone, "kind": "activation_code"})
    assert response.status_code == 200, response.text
    found = [CODE_TEXT.search(message["body"]) for message in response.json()["messages"]]
    return sorted((int(match.group(1)), match.group(2)) for match in found)


def activate_sms(api, code):
    return api.request("POST", f"/api/DEFAULT/customer/activate-sms/{code}").status_code


def test_parallel_registrations_of_one_email_make_one_customer(api, scale):
    token = api.admin_token()
    for _ in range(scale):
        email = unique_email("race")
        responses = race(RACERS, lambda _: api.request("POST", REGISTER, token, data=customer_form(email)))
        assert not api.failures, api.failures
        assert Counter(response.status_code for response in responses) == {200: 1, 400: RACERS - 1}
        for response in responses:
            if response.status_code == 400:
                assert response.json()["form"]["children"]["email"]["errors"] == [EMAIL_TAKEN]
        winner = next(response.json()["customerId"] for response in responses if response.status_code == 200)
        listed = api.request("GET", "/api/DEFAULT/customer", token, params={"email": email}).json()
        assert listed["total"] == 1
        assert [customer["customerId"] for customer in listed["customers"]] == [winner]
    api.report("registrations of one e-mail", rounds=scale, racers=RACERS)
    assert not api.failures, api.failures


def put_form(field, value):
    """The PUT form fields setting one field; a compound field (a dict) is sent whole."""
    if isinstance(value, dict):
        return {f"customer[{field}][{key}]": part for key, part in value.items()}
    return {f"customer[{field}]": value}


def field_changes(round_):
    """(field, value sent, value details show) for every field a round changes, each by its own PUT."""
    email, card, phone = unique_email("update"), f"card-{uuid.uuid4().hex[:12]}", unique_phone()
    gender = "female" if round_ % 2 == 0 else "male"
    agreement = round_ % 2 == 0
    birth_date = f"{1980 + round_ % 20}-01-15"
    address = {"street": f"Street {round_}", "city": f"City {round_}", "postal": f"00-{round_:03d}"}
    company = {"name": f"Company {round_}", "nip": f"{round_:010d}"}
    return [
        ("firstName", f"First{round_}", f"First{round_}"),
        ("lastName", f"Last{round_}", f"Last{round_}"),
        ("email", email, email),
        ("phone", phone, phone),
        ("gender", gender, gender),
        ("birthDate", birth_date, birth_date),
        ("loyaltyCardNumber", card, card),
        ("agreement2", "1" if agreement else "0", agreement),
        ("labels", f"round:{round_}", [{"key": "round", "value": str(round_)}]),
        ("address", address, address),
        ("company", company, company),
    ]


def test_parallel_updates_of_one_customer_lose_no_field(api, scale):
    token = api.admin_token()
    response = api.request("POST", REGISTER, token, data=customer_form(unique_email("target")))
    assert response.status_code == 200, response.text
    customer = response.json()["customerId"]
    version = details(api, token, customer)["version"]
    rounds = 3 * scale
    for round_ in range(rounds):
        changes = field_changes(round_)
        forms = [put_form(field, sent) for field, sent, _ in changes]
        responses = race(
            len(forms), lambda index: api.request("PUT", f"/api/DEFAULT/customer/{customer}", token, data=forms[index])
        )
        assert not api.failures, api.failures
        assert [response.status_code for response in responses] == [200] * len(forms), [r.text for r in responses]
        stored = details(api, token, customer)
        shown = {field: stored.get(field) for field, _, _ in changes}
        shown["birthDate"] = (shown["birthDate"] or "")[:10]
        assert shown == {field: expected for field, _, expected in changes}
        version += len(changes)
        assert stored["version"] == version, "a concurrent update was lost"
    api.report("updates of one customer", rounds=rounds, fields=len(changes))
    assert not api.failures, api.failures


def test_parallel_admin_sms_codes_leave_only_the_latest_valid(api, scale):
    token = api.admin_token()
    count = 10 * scale
    responses = race(count, lambda _: api.request("POST", f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/send-sms-code",
                                                  token))
    assert not api.failures, api.failures
    assert [response.status_code for response in responses] == [200] * count
    issued = sms_codes(api, NEW_CUSTOMER_PHONE)
    assert [number for number, _ in issued] == list(range(2, count + 2))
    codes = [code for _, code in issued]
    assert len(set(codes)) == count
    refused = [code for code in [SEEDED_CODE, *codes[:-1]] if activate_sms(api, code) == 404]
    assert refused == [SEEDED_CODE, *codes[:-1]]
    assert activate_sms(api, codes[-1]) == 204
    assert details(api, token, NEW_CUSTOMER)["status"]["type"] == "active"
    assert activate_sms(api, codes[-1]) == 404
    api.report("admin send-sms-code", codes=count, valid=1)
    assert not api.failures, api.failures


def test_parallel_resends_issue_exactly_one_code(api, scale):
    token = api.admin_token()
    for _ in range(scale):
        phone = unique_phone()
        body = {"firstName": "Sms", "lastName": "Racer", "email": unique_email("sms"), "phone": phone,
                "agreement1": True, "plainPassword": "OpenLoyalty123!"}
        response = api.request("POST", "/api/DEFAULT/customer/self_register", json={"customer": body})
        assert response.status_code == 200, response.text
        customer = response.json()["customerId"]
        responses = race(RESENDERS, lambda _: api.request("POST", RESEND, json={"phone": phone}))
        assert not api.failures, api.failures
        assert Counter(response.status_code for response in responses) == {200: 1, 400: RESENDERS - 1}
        issued = sms_codes(api, phone)
        assert len(issued) == 1
        assert activate_sms(api, issued[0][1]) == 204
        assert details(api, token, customer)["status"]["type"] == "active"
    api.report("customer resend of an SMS code", rounds=scale, racers=RESENDERS)
    assert not api.failures, api.failures
