"""Levels and POS of a customer: manual level assignment and its removal, POS assignment."""
import pytest

MARIA = "1cb6d205-8b77-40e1-a801-052185ed52d9"  # active, manually at level1, no transactions
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"
UNKNOWN = "99999999-0000-474c-b092-b0dd880c07e1"
LEVEL1 = "e82c96cf-32a3-43bd-9034-4df343e51111"
LEVEL2 = "e82c96cf-32a3-43bd-9034-4df343e52222"
START_LEVEL = "000096cf-32a3-43bd-9034-4df343e5fd93"
POS1 = "00000000-0000-474c-1111-b0dd880c07e2"
POS2 = "00000000-0000-474c-1111-b0dd880c07e3"

LEVEL_URL = f"/api/DEFAULT/customer/{MARIA}/level"
REMOVE_URL = f"/api/DEFAULT/customer/{MARIA}/remove-manually-level"
POS_URLS = {
    "admin": f"/api/DEFAULT/customer/{MARIA}/pos",
    "seller": f"/api/DEFAULT/seller/customer/{MARIA}/pos",
}
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
FORBIDDEN = {"error": {"code": 403, "message": "Forbidden"}}
NOT_VALID = "This value is not valid."


def details(client, auth, customer_id=MARIA):
    response = client.get(f"/api/DEFAULT/customer/{customer_id}", headers=auth.headers("admin"))
    assert response.status_code == 200
    return response.json


def form_error(field, message):
    return {"form": {"children": {field: {"errors": [message]}}}, "errors": []}


# --- assign a customer to a level


@pytest.mark.parametrize("encoding", ["data", "json"])
def test_assign_level_answers_an_empty_list(client, auth, encoding):
    response = client.post(LEVEL_URL, headers=auth.headers("admin"), **{encoding: {"levelId": LEVEL2}})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json == []


@pytest.mark.parametrize("encoding", ["data", "json"])
def test_assigned_level_is_shown_as_manual_in_details(client, auth, encoding):
    client.post(LEVEL_URL, headers=auth.headers("admin"), **{encoding: {"levelId": LEVEL2}})

    body = details(client, auth)
    assert body["levelId"] == LEVEL2
    assert body["manuallyAssignedLevelId"] == {"levelId": LEVEL2}
    assert body["levelPercent"] == "10.00%"
    assert body["level"]["name"] == "level2"
    assert body["id"] == LEVEL2


def test_assign_level_to_customer_without_manual_level(client, auth):
    assert "manuallyAssignedLevelId" not in details(client, auth, JOHN)

    response = client.post(
        f"/api/DEFAULT/customer/{JOHN}/level", data={"levelId": LEVEL2}, headers=auth.headers("admin")
    )

    assert response.status_code == 200
    body = details(client, auth, JOHN)
    assert body["levelId"] == LEVEL2
    assert body["manuallyAssignedLevelId"] == {"levelId": LEVEL2}


def test_seller_may_assign_a_level(client, auth):
    response = client.post(LEVEL_URL, data={"levelId": LEVEL2}, headers=auth.headers("seller"))

    assert response.status_code == 200
    assert details(client, auth)["levelId"] == LEVEL2


@pytest.mark.parametrize("kwargs", [{}, {"data": {"levelId": ""}}, {"json": {}}, {"json": {"levelId": ""}}])
def test_assign_level_without_level_id_is_field_required(client, auth, kwargs):
    response = client.post(LEVEL_URL, headers=auth.headers("admin"), **kwargs)

    assert response.status_code == 400
    assert response.json == {"levelId": "field is required"}


@pytest.mark.parametrize("level_id", ["e82c96cf-32a3-43bd-9034-4df343e59999", "not-a-uuid", "' OR 1=1 --"])
def test_assign_unknown_level_is_a_form_error(client, auth, level_id):
    response = client.post(LEVEL_URL, data={"levelId": level_id}, headers=auth.headers("admin"))

    assert response.status_code == 400
    assert response.json == form_error("levelId", NOT_VALID)
    assert details(client, auth)["levelId"] == LEVEL1


def test_assign_level_bumps_the_version(client, auth):
    before = details(client, auth)["version"]

    client.post(LEVEL_URL, data={"levelId": LEVEL2}, headers=auth.headers("admin"))

    assert details(client, auth)["version"] == before + 1


def test_failed_level_assignment_keeps_the_version(client, auth):
    before = details(client, auth)["version"]

    client.post(LEVEL_URL, data={"levelId": "e82c96cf-32a3-43bd-9034-4df343e59999"}, headers=auth.headers("admin"))

    assert details(client, auth)["version"] == before


def test_assigning_the_same_manual_level_again_changes_nothing(client, auth):
    before = details(client, auth)

    response = client.post(LEVEL_URL, data={"levelId": LEVEL1}, headers=auth.headers("admin"))

    assert response.status_code == 200
    assert details(client, auth) == before


@pytest.mark.parametrize("value", [5, True, ["x"], {"id": LEVEL2}])
def test_level_id_that_is_not_a_string_is_a_form_error(client, auth, value):
    response = client.post(LEVEL_URL, json={"levelId": value}, headers=auth.headers("admin"))

    assert response.status_code == 400
    assert response.json == form_error("levelId", NOT_VALID)


# --- remove a customer from a manually assigned level


def test_remove_manual_level_answers_no_content(client, auth):
    response = client.post(REMOVE_URL, headers=auth.headers("admin"))

    assert response.status_code == 204
    assert response.data == b""


def test_removed_manual_level_is_recomputed_automatically(client, auth):
    client.post(REMOVE_URL, headers=auth.headers("admin"))

    body = details(client, auth)
    assert "manuallyAssignedLevelId" not in body
    # no transactions: the start level (condition 0, reward 14%)
    assert body["levelId"] == START_LEVEL
    assert body["levelPercent"] == "14.00%"


def test_remove_manual_level_twice_is_an_error(client, auth):
    client.post(REMOVE_URL, headers=auth.headers("admin"))

    response = client.post(REMOVE_URL, headers=auth.headers("admin"))

    assert response.status_code == 400
    assert response.json == {"error": "Customer is not assigned to level manually"}


def test_remove_manual_level_of_automatic_customer_is_an_error(client, auth):
    response = client.post(f"/api/DEFAULT/customer/{JOHN}/remove-manually-level", headers=auth.headers("admin"))

    assert response.status_code == 400
    assert response.json == {"error": "Customer is not assigned to level manually"}


def test_level_assigned_then_removed_leaves_no_manual_level(client, auth):
    client.post(f"/api/DEFAULT/customer/{JOHN}/level", data={"levelId": LEVEL2}, headers=auth.headers("admin"))

    response = client.post(f"/api/DEFAULT/customer/{JOHN}/remove-manually-level", headers=auth.headers("seller"))

    assert response.status_code == 204
    body = details(client, auth, JOHN)
    assert "manuallyAssignedLevelId" not in body
    assert body["levelId"] != LEVEL2


def test_removed_manual_level_follows_the_transactions(client, auth):
    # Test test has transactions worth 100: level1 (condition 20) is earned, level2 (200) not
    customer = "a284f230-c1c0-4a1c-af9a-159b81de1f2b"
    client.post(f"/api/DEFAULT/customer/{customer}/level", data={"levelId": LEVEL2}, headers=auth.headers("admin"))

    client.post(f"/api/DEFAULT/customer/{customer}/remove-manually-level", headers=auth.headers("admin"))

    body = details(client, auth, customer)
    assert body["levelId"] == LEVEL1
    assert body["levelPercent"] == "5.00%"


def test_remove_manual_level_bumps_the_version(client, auth):
    before = details(client, auth)["version"]

    client.post(REMOVE_URL, headers=auth.headers("admin"))

    assert details(client, auth)["version"] == before + 1


# --- assign a POS


@pytest.mark.parametrize("role", ["admin", "seller"])
@pytest.mark.parametrize("encoding", ["data", "json"])
def test_assign_pos_answers_an_empty_list(client, auth, role, encoding):
    response = client.post(POS_URLS[role], headers=auth.headers(role), **{encoding: {"posId": POS2}})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json == []


@pytest.mark.parametrize("role", ["admin", "seller"])
def test_assigned_pos_is_shown_in_details(client, auth, role):
    assert "posId" not in details(client, auth)

    client.post(POS_URLS[role], data={"posId": POS1}, headers=auth.headers(role))

    body = details(client, auth)
    assert body["posId"] == POS1
    assert body["posIdentifier"] == "pos1"


def test_assign_pos_replaces_the_previous_pos(client, auth):
    response = client.post(f"/api/DEFAULT/customer/{JOHN}/pos", data={"posId": POS1}, headers=auth.headers("admin"))

    assert response.status_code == 200
    body = details(client, auth, JOHN)
    assert (body["posId"], body["posIdentifier"]) == (POS1, "pos1")


@pytest.mark.parametrize("path", ["admin", "seller"])
def test_admin_token_works_on_both_pos_paths(client, auth, path):
    response = client.post(POS_URLS[path], data={"posId": POS2}, headers=auth.headers("admin"))

    assert response.status_code == 200
    assert details(client, auth)["posIdentifier"] == "pos2"


@pytest.mark.parametrize("role", ["admin", "seller"])
@pytest.mark.parametrize("kwargs", [{}, {"data": {"posId": ""}}, {"json": {}}])
def test_assign_pos_without_pos_id_is_field_required(client, auth, role, kwargs):
    response = client.post(POS_URLS[role], headers=auth.headers(role), **kwargs)

    assert response.status_code == 400
    assert response.json == {"posId": "field is required"}


@pytest.mark.parametrize("role", ["admin", "seller"])
@pytest.mark.parametrize("pos_id", ["00000000-0000-474c-1111-b0dd880c0999", "pos1", "x' OR '1'='1"])
def test_assign_unknown_pos_is_a_form_error(client, auth, role, pos_id):
    response = client.post(POS_URLS[role], data={"posId": pos_id}, headers=auth.headers(role))

    assert response.status_code == 400
    assert response.json == form_error("posId", NOT_VALID)
    assert "posId" not in details(client, auth)


def test_assign_pos_bumps_the_version(client, auth):
    before = details(client, auth)["version"]

    client.post(POS_URLS["admin"], data={"posId": POS1}, headers=auth.headers("admin"))

    assert details(client, auth)["version"] == before + 1


def test_assigning_the_same_pos_again_changes_nothing(client, auth):
    before = details(client, auth, JOHN)

    response = client.post(f"/api/DEFAULT/customer/{JOHN}/pos", data={"posId": POS2}, headers=auth.headers("admin"))

    assert response.status_code == 200
    assert details(client, auth, JOHN) == before


@pytest.mark.parametrize("value", [5, True, ["x"], {"id": POS1}])
def test_pos_id_that_is_not_a_string_is_a_form_error(client, auth, value):
    response = client.post(POS_URLS["admin"], json={"posId": value}, headers=auth.headers("admin"))

    assert response.status_code == 400
    assert response.json == form_error("posId", NOT_VALID)


# --- who may call


def _url(kind, customer_id):
    if kind == "seller-pos":
        return f"/api/DEFAULT/seller/customer/{customer_id}/pos"
    return f"/api/DEFAULT/customer/{customer_id}/{kind}"


ALL_KINDS = ["level", "remove-manually-level", "pos", "seller-pos"]
FIELDS = {
    "level": {"levelId": LEVEL2}, "remove-manually-level": {}, "pos": {"posId": POS1}, "seller-pos": {"posId": POS1}
}


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_customer_itself_is_forbidden(client, auth, kind):
    response = client.post(_url(kind, MARIA), data=FIELDS[kind], headers=auth.headers("customer", MARIA))

    assert response.status_code == 403
    assert response.json == FORBIDDEN
    body = details(client, auth)
    assert body["levelId"] == LEVEL1
    assert "posId" not in body


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_other_customer_is_forbidden(client, auth, kind):
    response = client.post(_url(kind, MARIA), data=FIELDS[kind], headers=auth.headers("customer", JOHN))

    assert response.status_code == 403


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_anonymous_caller_is_401(client, kind):
    response = client.post(_url(kind, MARIA), data=FIELDS[kind])

    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Invalid credentials"}


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize("customer_id", [UNKNOWN, SECOND_CUSTOMER, "no-such-card"])
def test_unknown_customer_is_404(client, auth, kind, customer_id):
    response = client.post(_url(kind, customer_id), data=FIELDS[kind], headers=auth.headers("admin"))

    assert response.status_code == 404
    assert response.json == NOT_FOUND


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_unknown_customer_is_404_before_403(client, auth, kind):
    response = client.post(_url(kind, UNKNOWN), data=FIELDS[kind], headers=auth.headers("customer", MARIA))

    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["level", "remove-manually-level", "pos"])
def test_unknown_store_is_404(client, auth, kind):
    response = client.post(f"/api/NOPE/customer/{MARIA}/{kind}", data=FIELDS[kind], headers=auth.headers("admin"))

    assert response.status_code == 404
    assert response.json == {"error": {"code": 404, "message": "Not Found"},
                             "hint": "no store `NOPE`; stores are DEFAULT, SECOND"}


def test_customer_is_found_by_loyalty_card_number(client, auth):
    response = client.post("/api/DEFAULT/customer/47834433524/pos", data={"posId": POS1}, headers=auth.headers("admin"))

    assert response.status_code == 200
    assert details(client, auth, JOHN)["posId"] == POS1
