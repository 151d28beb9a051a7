"""Forgetting customers: anonymization (admin, 204) and removal (DELETE, admin, 204)."""
import pytest

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"  # user@example.com, +48234234000, card 47834433524, points
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
PIOTR = "c9be6a4e-9a21-414a-bbbd-f506d9ffad85"  # the reference's anonymize example
MARIA = "1cb6d205-8b77-40e1-a801-052185ed52d9"  # the reference's delete example
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"
UNKNOWN = "99999999-0000-474c-b092-b0dd880c07e1"

ANONYMIZE = f"/api/DEFAULT/admin/customer/{JOHN}/anonymize"
JOHN_URL = f"/api/DEFAULT/customer/{JOHN}"
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
FORBIDDEN = {"error": {"code": 403, "message": "Forbidden"}}
INVALID_TOKEN = {"code": 401, "message": "Invalid JWT Token"}


def details(client, auth, customer_id=JOHN):
    response = client.get(f"/api/DEFAULT/customer/{customer_id}", headers=auth.headers("admin"))
    assert response.status_code == 200
    return response.json


def login(client, username, password="loyalty"):
    return client.post("/api/customer/login_check", data={"_username": username, "_password": password})


def register(client, auth, **fields):
    data = {"customer[firstName]": "New", "customer[lastName]": "Person", "customer[agreement1]": "1"}
    data.update({f"customer[{key}]": value for key, value in fields.items()})
    return client.post("/api/DEFAULT/customer/register", data=data, headers=auth.headers("admin"))


def give_john_everything(client, auth):
    """Give John an address, a company and labels, so that their removal shows."""
    response = client.put(
        JOHN_URL,
        data={
            "customer[address][street]": "Bagno",
            "customer[address][city]": "Warszawa",
            "customer[address][postal]": "00-000",
            "customer[company][name]": "ACME",
            "customer[company][nip]": "123-456-78-90",
            "customer[labels]": "vip:yes",
        },
        headers=auth.headers("admin"),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = details(client, auth)
    assert body["company"] and body["labels"] and body["address"]


# --- anonymize


def test_anonymize_answers_no_content(client, auth):
    response = client.post(ANONYMIZE, headers=auth.headers("admin"))

    assert response.status_code == 204
    assert response.data == b""


def test_anonymized_customer_has_no_personal_data(client, auth):
    give_john_everything(client, auth)

    client.post(ANONYMIZE, headers=auth.headers("admin"))

    body = details(client, auth)
    assert body["customerId"] == JOHN
    assert body["firstName"] == "Anonymous"
    assert body["lastName"] == "Anonymous"
    assert body["email"] == f"{JOHN}@anonymized.invalid"
    assert "phone" not in body
    assert "birthDate" not in body
    assert "company" not in body
    assert body["labels"] == []
    assert body["address"] == {}


def test_anonymized_customer_keeps_its_transactions(client, auth):
    before = details(client, auth)

    client.post(ANONYMIZE, headers=auth.headers("admin"))

    after = details(client, auth)
    kept = ("transactionsCount", "transactionsAmount", "averageTransactionAmount", "lastTransactionDate", "levelId")
    for key in kept:
        assert after[key] == before[key], key


def test_anonymized_customer_keeps_its_points_and_status(client, auth):
    url = f"/api/DEFAULT/admin/customer/{JOHN}/status"
    before = client.get(url, headers=auth.headers("admin")).json

    client.post(ANONYMIZE, headers=auth.headers("admin"))

    response = client.get(url, headers=auth.headers("admin"))
    assert response.status_code == 200
    after = response.json
    assert after["firstName"] == "Anonymous"
    for key in ("points", "totalEarnedPoints", "usedPoints", "expiredPoints", "transactionsCount", "levelName"):
        assert after[key] == before[key], key


@pytest.mark.parametrize("username", ["user@example.com", "+48234234000", "47834433524", JOHN,
                                      f"{JOHN}@anonymized.invalid"])
def test_anonymized_customer_cannot_log_in(client, auth, username):
    client.post(ANONYMIZE, headers=auth.headers("admin"))

    response = login(client, username)

    assert response.status_code == 401
    assert "token" not in response.json


def test_anonymized_customer_could_log_in_before(client):
    assert login(client, "user@example.com").status_code == 200


def test_token_of_anonymized_customer_is_invalid(client, auth):
    own = auth.headers("customer", JOHN)
    assert client.get(JOHN_URL, headers=own).status_code == 200

    client.post(ANONYMIZE, headers=auth.headers("admin"))

    response = client.get(JOHN_URL, headers=own)
    assert response.status_code == 401
    assert response.json == INVALID_TOKEN


def test_refresh_token_of_anonymized_customer_is_invalid(client, auth):
    refresh_token = login(client, "user@example.com").json["refresh_token"]

    client.post(ANONYMIZE, headers=auth.headers("admin"))

    response = client.post("/api/token/refresh", data={"refresh_token": refresh_token})
    assert response.status_code == 401
    assert "token" not in response.json


def test_anonymize_twice_is_a_no_op(client, auth):
    client.post(ANONYMIZE, headers=auth.headers("admin"))
    first = details(client, auth)

    response = client.post(ANONYMIZE, headers=auth.headers("admin"))

    assert response.status_code == 204
    assert details(client, auth) == first


def test_anonymize_bumps_the_version(client, auth):
    before = details(client, auth)["version"]

    client.post(ANONYMIZE, headers=auth.headers("admin"))

    assert details(client, auth)["version"] == before + 1


def test_old_email_and_phone_of_anonymized_customer_are_free(client, auth):
    client.post(ANONYMIZE, headers=auth.headers("admin"))

    response = register(client, auth, email="user@example.com", phone="+48234234000")

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["email"] == "user@example.com"


def test_old_email_of_anonymized_customer_is_not_found_by_check(client, auth):
    client.post(ANONYMIZE, headers=auth.headers("admin"))

    for value in ("user@example.com", "+48234234000"):
        assert client.get(f"/api/DEFAULT/customer/check?emailOrPhone={value.replace('+', '%2B')}").json == {"total": 0}


def test_anonymized_customer_is_not_found_by_its_old_name(client, auth):
    client.post(ANONYMIZE, headers=auth.headers("admin"))

    response = client.get("/api/DEFAULT/customer?email=user@example.com&strict=1", headers=auth.headers("admin"))

    assert response.json["total"] == 0


def test_other_customers_are_untouched_by_anonymization(client, auth):
    before = details(client, auth, JANE)

    client.post(ANONYMIZE, headers=auth.headers("admin"))

    assert details(client, auth, JANE) == before


@pytest.mark.parametrize("headers", [lambda auth: auth.headers("seller"), lambda auth: auth.headers("customer", JOHN),
                                     lambda auth: auth.headers("customer", JANE)])
def test_only_admin_may_anonymize(client, auth, headers):
    response = client.post(ANONYMIZE, headers=headers(auth))

    assert response.status_code == 403
    assert response.json == FORBIDDEN
    assert details(client, auth)["firstName"] == "John"


def test_anonymous_caller_may_not_anonymize(client, auth):
    response = client.post(ANONYMIZE)

    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Invalid credentials"}
    assert details(client, auth)["firstName"] == "John"


@pytest.mark.parametrize("customer_id", [UNKNOWN, SECOND_CUSTOMER])
def test_anonymize_unknown_customer_is_404(client, auth, customer_id):
    response = client.post(f"/api/DEFAULT/admin/customer/{customer_id}/anonymize", headers=auth.headers("admin"))

    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_anonymize_reference_example_customer(client, auth):
    response = client.post(f"/api/DEFAULT/admin/customer/{PIOTR}/anonymize", headers=auth.headers("admin"))

    assert response.status_code == 204
    body = details(client, auth, PIOTR)
    assert (body["firstName"], body["lastName"]) == ("Anonymous", "Anonymous")
    assert client.get("/api/DEFAULT/customer/check?emailOrPhone=899000333").json == {"total": 0}


# --- remove


def delete(client, headers, customer_id=JOHN):
    return client.delete(f"/api/DEFAULT/customer/{customer_id}", headers=headers)


def listed_ids(client, auth):
    body = client.get("/api/DEFAULT/customer?perPage=-1", headers=auth.headers("admin")).json
    return body["total"], {item["customerId"] for item in body["customers"]}


@pytest.mark.parametrize("customer_id", [JOHN, MARIA])
def test_delete_answers_no_content(client, auth, customer_id):
    response = delete(client, auth.headers("admin"), customer_id)

    assert response.status_code == 204
    assert response.data == b""


def test_deleted_customer_is_404(client, auth):
    delete(client, auth.headers("admin"))

    response = client.get(JOHN_URL, headers=auth.headers("admin"))

    assert response.status_code == 404
    assert response.json == NOT_FOUND


@pytest.mark.parametrize(
    "path",
    [f"/api/DEFAULT/admin/customer/{JOHN}/status", f"/api/DEFAULT/seller/customer/{JOHN}/status",
     "/api/DEFAULT/customer/47834433524"],
)
def test_deleted_customer_is_404_everywhere(client, auth, path):
    delete(client, auth.headers("admin"))

    assert client.get(path, headers=auth.headers("admin")).status_code == 404


def test_delete_twice_is_404(client, auth):
    delete(client, auth.headers("admin"))

    response = delete(client, auth.headers("admin"))

    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_token_of_deleted_customer_is_invalid(client, auth):
    own = auth.headers("customer", JOHN)

    delete(client, auth.headers("admin"))

    response = client.get(f"/api/DEFAULT/customer/customer/{JOHN}/status", headers=own)
    assert response.status_code == 401
    assert response.json == INVALID_TOKEN


def test_refresh_token_of_deleted_customer_is_invalid(client, auth):
    refresh_token = login(client, "user@example.com").json["refresh_token"]

    delete(client, auth.headers("admin"))

    response = client.post("/api/token/refresh", data={"refresh_token": refresh_token})
    assert response.status_code == 401
    assert "token" not in response.json


def test_deleted_customer_cannot_log_in(client, auth):
    delete(client, auth.headers("admin"))

    assert login(client, "user@example.com").status_code == 401


def test_email_phone_and_card_of_deleted_customer_are_free(client, auth):
    delete(client, auth.headers("admin"))

    response = register(client, auth, email="user@example.com", phone="+48234234000", loyaltyCardNumber="47834433524")

    assert response.status_code == 200, response.get_data(as_text=True)
    new = details(client, auth, response.json["customerId"])
    assert new["customerId"] != JOHN
    identifiers = (new["email"], new["phone"], new["loyaltyCardNumber"])
    assert identifiers == ("user@example.com", "+48234234000", "47834433524")


def test_deleted_customer_is_not_listed_and_total_drops_by_one(client, auth):
    total, ids = listed_ids(client, auth)
    assert JOHN in ids

    delete(client, auth.headers("admin"))

    new_total, new_ids = listed_ids(client, auth)
    assert JOHN not in new_ids
    assert new_total == total - 1
    assert new_ids == ids - {JOHN}


def test_deleted_customer_is_not_found_by_pos_search(client, auth):
    delete(client, auth.headers("admin"))

    response = client.post("/api/DEFAULT/pos/search/customer", data={"search[email]": "user@example.com"},
                           headers=auth.headers("seller"))

    assert response.status_code == 200
    assert response.json == {"customers": []}


def test_delete_keeps_the_other_store(client, auth):
    delete(client, auth.headers("admin"))

    response = client.get(f"/api/SECOND/customer/{SECOND_CUSTOMER}", headers=auth.headers("admin"))

    assert response.status_code == 200
    assert response.json["email"] == "user@example.com"


@pytest.mark.parametrize("role", ["seller", "customer"])
def test_only_admin_may_delete(client, auth, role):
    response = delete(client, auth.headers(role, JOHN if role == "customer" else None))

    assert response.status_code == 403
    assert response.json == FORBIDDEN
    assert details(client, auth)["customerId"] == JOHN


def test_other_customer_may_not_delete(client, auth):
    assert delete(client, auth.headers("customer", JANE)).status_code == 403


def test_anonymous_caller_may_not_delete(client, auth):
    response = delete(client, {})

    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Invalid credentials"}
    assert details(client, auth)["customerId"] == JOHN


@pytest.mark.parametrize("customer_id", [UNKNOWN, SECOND_CUSTOMER])
def test_delete_unknown_customer_is_404(client, auth, customer_id):
    response = delete(client, auth.headers("admin"), customer_id)

    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_delete_by_loyalty_card_number(client, auth):
    response = delete(client, auth.headers("admin"), "47834433524")

    assert response.status_code == 204
    assert client.get(JOHN_URL, headers=auth.headers("admin")).status_code == 404


def test_anonymized_customer_can_be_deleted(client, auth):
    client.post(ANONYMIZE, headers=auth.headers("admin"))

    assert delete(client, auth.headers("admin")).status_code == 204
    assert client.get(JOHN_URL, headers=auth.headers("admin")).status_code == 404
