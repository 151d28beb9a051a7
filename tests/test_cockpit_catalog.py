"""The cockpits' catalog reads (openloyalty-cockpit-endpoints.md 4.1-4.3): levels, POS and sellers,
their shapes, paging and sorting (0.1), filters, 404s and the figures computed for them."""
import uuid
from datetime import datetime, timezone

import pytest
from openapi_schema_validator import OAS31Validator
from sqlalchemy import func, select

from openloyalty_standin.app.api.cockpit.catalog import SELLER_PATHS
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, Level, Transaction
from openloyalty_standin.seeds import data
from tests.conftest import JANE, JOHN, SECOND_CUSTOMER, SELLER_ID

NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
FORBIDDEN = {"error": {"code": 403, "message": "Forbidden"}}
MISSING = "99999999-0000-474c-b092-b0dd880c07e1"
OTHER_SELLER = data.SELLERS[1]["id"]
LEVEL2 = "e82c96cf-32a3-43bd-9034-4df343e52222"
LEVEL_KEYS = {"id", "name", "description", "active", "conditionValue", "minOrder", "reward", "specialRewards",
              "customersCount", "hasPhoto", "translations"}
POS_KEYS = {"posId", "name", "identifier", "description", "location", "transactionsAmount", "transactionsCount",
            "currency"}
SELLER_KEYS = {"sellerId", "name", "firstName", "lastName", "email", "phone", "posId", "posName", "posCity",
               "active", "deleted", "allowPointTransfer"}


@pytest.fixture
def admin(auth):
    return auth.headers("admin")


@pytest.fixture
def seller(auth):
    return auth.headers("seller")


def get(client, path, headers, **query):
    response = client.get(path, headers=headers, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def fits_the_document(client, body, component):
    document = client.get("/api/doc/openapi.json").json
    OAS31Validator({"$ref": f"#/components/schemas/{component}", "components": document["components"]}).validate(body)


def customers_by_level(client, admin):
    """How many of the DEFAULT store's customers hold each level, counted from the customer list."""
    counts = {}
    for customer in get(client, "/api/DEFAULT/customer", admin, perPage=-1)["customers"]:
        counts[customer.get("levelId")] = counts.get(customer.get("levelId"), 0) + 1
    return counts


# --- levels -----------------------------------------------------------------------------------


def test_level_list_has_the_list_key_first_and_every_level(client, admin):
    body = get(client, "/api/level", admin, perPage=-1)
    assert list(body) == ["levels", "total"]
    assert body["total"] == len(body["levels"]) == len(data.LEVELS)
    assert {level["id"] for level in body["levels"]} == {level["id"] for level in data.LEVELS}
    fits_the_document(client, body, "CatalogLevelList")


@pytest.mark.parametrize("seeded", data.LEVELS, ids=[level["name"] for level in data.LEVELS])
def test_a_level_has_the_fields_of_its_record(client, admin, seeded):
    level = get(client, f"/api/level/{seeded['id']}", admin)
    assert set(level) <= LEVEL_KEYS
    assert (level["name"], level["description"], level["active"]) == (seeded["name"], seeded["description"], True)
    assert level["conditionValue"] == seeded["condition_value"]
    assert level.get("minOrder") == seeded.get("min_order")  # optional: absent, not null, when unset
    assert level["reward"] == {"name": seeded["reward_name"], "value": seeded["reward_value"],
                               "code": seeded["reward_code"]}
    assert (level["specialRewards"], level["hasPhoto"]) == ([], False)
    assert level["translations"] == [
        {"id": number, "locale": locale, "name": entry["name"], "description": seeded["description"]}
        for number, (locale, entry) in enumerate(seeded["translations"].items(), start=1)
    ]
    fits_the_document(client, level, "CatalogLevel")


def test_decimal_amounts_are_json_numbers(client, admin):
    for level in get(client, "/api/level", admin, perPage=-1)["levels"]:
        for value in (level["conditionValue"], level["reward"]["value"], level.get("minOrder", 0)):
            assert isinstance(value, (int, float)) and not isinstance(value, bool)


def test_customers_count_is_the_default_stores_customers_at_each_level(client, admin):
    counts = customers_by_level(client, admin)
    levels = get(client, "/api/level", admin, perPage=-1)["levels"]
    assert {level["id"]: level["customersCount"] for level in levels} == {
        level["id"]: counts.get(level["id"], 0) for level in levels
    }
    assert sum(level["customersCount"] for level in levels) == sum(counts.values())
    # the SECOND store's customers are at the start level too, and are not counted
    second = get(client, "/api/SECOND/customer", admin, perPage=-1)["customers"]
    assert any(customer["levelId"] == data.START_LEVEL for customer in second)


def test_customers_count_follows_a_level_assigned_through_the_api(client, admin):
    before = get(client, f"/api/level/{LEVEL2}", admin)["customersCount"]
    old_level = get(client, f"/api/DEFAULT/customer/{JOHN}", admin)["levelId"]
    old_count = get(client, f"/api/level/{old_level}", admin)["customersCount"]
    assigned = client.post(f"/api/DEFAULT/customer/{JOHN}/level", json={"levelId": LEVEL2}, headers=admin)
    assert assigned.status_code == 200, assigned.get_data(as_text=True)
    assert get(client, f"/api/level/{LEVEL2}", admin)["customersCount"] == before + 1
    assert get(client, f"/api/level/{old_level}", admin)["customersCount"] == old_count - 1
    listed = {level["id"]: level for level in get(client, "/api/level", admin, perPage=-1)["levels"]}
    assert listed[LEVEL2]["customersCount"] == before + 1


def test_a_deleted_customer_leaves_its_levels_count(client, admin):
    level = get(client, f"/api/DEFAULT/customer/{JANE}", admin)["levelId"]
    before = get(client, f"/api/level/{level}", admin)["customersCount"]
    assert client.delete(f"/api/DEFAULT/customer/{JANE}", headers=admin).status_code == 204
    assert get(client, f"/api/level/{level}", admin)["customersCount"] == before - 1


def test_the_seller_paths_answer_what_the_admin_paths_answer(client, admin, seller):
    for query in ({}, {"perPage": 2, "page": 2}, {"sort": "name", "direction": "desc"}):
        assert get(client, "/api/seller/level", seller, **query) == get(client, "/api/level", admin, **query)
    assert get(client, f"/api/seller/level/{LEVEL2}", seller) == get(client, f"/api/level/{LEVEL2}", admin)


def test_one_level_is_its_row_of_the_list(client, admin):
    for level in get(client, "/api/level", admin, perPage=-1)["levels"]:
        assert get(client, f"/api/level/{level['id']}", admin) == level


@pytest.mark.parametrize("path", ["/api/level/{id}", "/api/seller/level/{id}"])
@pytest.mark.parametrize("level", [MISSING, "level0", "%20"])
def test_an_unknown_level_is_not_found(client, admin, seller, path, level):
    for headers in (admin, seller):
        response = client.get(path.format(id=level), headers=headers)
        assert (response.status_code, response.json) == (404, NOT_FOUND)


def test_locale_translates_the_level_names(client, admin):
    polish = {level["id"]: level for level in get(client, "/api/level", admin, perPage=-1, _locale="pl")["levels"]}
    english = {level["id"]: level for level in get(client, "/api/level", admin, perPage=-1)["levels"]}
    for seeded in data.LEVELS:
        assert polish[seeded["id"]]["name"] == seeded["translations"]["pl"]["name"]
        assert english[seeded["id"]]["name"] == seeded["name"]
        assert polish[seeded["id"]]["translations"] == english[seeded["id"]]["translations"]
    assert get(client, f"/api/level/{LEVEL2}", admin, _locale="pl")["name"] == "poziom2"
    assert get(client, f"/api/level/{LEVEL2}", admin, _locale="xx")["name"] == "level2"


# --- paging and sorting (section 0.1) ----------------------------------------------------------


def ids(body, key="levels", id_key="id"):
    return [row[id_key] for row in body[key]]


def test_per_page_is_10_by_default_and_for_0_and_everything_when_negative(client, admin):
    everything = ids(get(client, "/api/level", admin, perPage=-1))
    assert len(everything) == len(data.LEVELS) < 10
    for query in ({}, {"perPage": 0}, {"perPage": ""}, {"perPage": -5}, {"perPage": 100}):
        assert ids(get(client, "/api/level", admin, **query)) == everything, query


def test_pages_split_the_list_without_overlap(client, admin):
    everything = ids(get(client, "/api/level", admin, perPage=-1))
    pages = [get(client, "/api/level", admin, perPage=2, page=page) for page in (1, 2, 3, 4)]
    assert [len(page["levels"]) for page in pages] == [2, 2, 1, 0]
    assert all(page["total"] == len(everything) for page in pages)
    assert sum((ids(page) for page in pages), []) == everything


@pytest.mark.parametrize("page", [0, -3])
def test_a_page_below_1_is_the_first(client, admin, page):
    first = get(client, "/api/level", admin, perPage=2, page=1)
    assert get(client, "/api/level", admin, perPage=2, page=page) == first


def test_without_a_sort_levels_come_by_condition_value(client, admin):
    values = [level["conditionValue"] for level in get(client, "/api/level", admin)["levels"]]
    assert values == sorted(values)


@pytest.mark.parametrize("direction, descending", [
    (None, False), ("asc", False), ("ASC", False), ("Asc", False), ("desc", True), ("DESC", True), ("up", True),
])
def test_direction_is_ascending_only_when_asked_or_absent(client, admin, direction, descending):
    query = {"sort": "conditionValue", "perPage": -1, **({"direction": direction} if direction else {})}
    values = [level["conditionValue"] for level in get(client, "/api/level", admin, **query)["levels"]]
    assert values == sorted(values, reverse=descending)
    assert len(set(values)) > 1


@pytest.mark.parametrize("sort, key", [("name", "name"), ("customersCount", "customersCount"),
                                       ("description", "description"), ("levelId", "id")])
def test_levels_sort_by_their_fields(client, admin, sort, key):
    for direction, reverse in (("asc", False), ("desc", True)):
        levels = get(client, "/api/level", admin, perPage=-1, sort=sort, direction=direction)["levels"]
        values = [level[key] for level in levels]
        assert values == sorted(values, reverse=reverse), (sort, direction)


def test_an_unknown_sort_keeps_the_default_order(client, admin):
    default = get(client, "/api/level", admin, perPage=-1)
    assert get(client, "/api/level", admin, perPage=-1, sort="nothing", direction="desc") == default


def test_unknown_query_keys_are_ignored(client, admin):
    default = get(client, "/api/level", admin)
    assert get(client, "/api/level", admin, customerId=JOHN, includeDetails="1", silenceQuery="true") == default


@pytest.mark.parametrize("path", ["/api/level", "/api/seller/level", "/api/pos", "/api/seller/pos", "/api/seller"])
@pytest.mark.parametrize("key, value", [("perPage", "abc"), ("page", "1.5"), ("perPage", "1e3"), ("page", "x"),
                                        ("perPage", "9" * 40), ("sort", "s" * 300)])
def test_malformed_paging_is_a_form_error(client, admin, path, key, value):
    response = client.get(path, headers=admin, query_string={key: value})
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["form"]["children"][key]["errors"]


# --- the customer's levels ---------------------------------------------------------------------


def test_a_customer_reads_the_active_levels_without_a_total(client, auth):
    body = get(client, "/api/customer/level", auth.headers("customer", JOHN))
    assert list(body) == ["levels"]
    assert {level["levelId"] for level in body["levels"]} == {level["id"] for level in data.LEVELS}
    for level in body["levels"]:
        assert set(level) == {"conditionValue", "name", "description", "hasPhoto", "levelId"}
        assert level["hasPhoto"] is False
    values = [level["conditionValue"] for level in body["levels"]]
    assert values == sorted(values)
    fits_the_document(client, body, "CustomerLevelList")


def test_an_inactive_level_is_hidden_from_customers_only(app, client, auth, admin):
    with app.app_context():
        db.session.get(Level, LEVEL2).active = False
        db.session.commit()
    customer = get(client, "/api/customer/level", auth.headers("customer", JOHN))
    assert LEVEL2 not in {level["levelId"] for level in customer["levels"]}
    assert len(customer["levels"]) == len(data.LEVELS) - 1
    listed = {level["id"]: level for level in get(client, "/api/level", admin, perPage=-1)["levels"]}
    assert listed[LEVEL2]["active"] is False
    assert get(client, f"/api/level/{LEVEL2}", admin)["active"] is False


def test_customer_levels_are_translated(client, auth):
    body = get(client, "/api/customer/level", auth.headers("customer", JOHN), _locale="pl")
    names = {level["levelId"]: level["name"] for level in body["levels"]}
    assert names == {level["id"]: level["translations"]["pl"]["name"] for level in data.LEVELS}


@pytest.mark.parametrize("kind", ["admin", "seller"])
def test_the_customer_levels_are_for_customers(client, auth, kind):
    response = client.get("/api/customer/level", headers=auth.headers(kind))
    assert (response.status_code, response.json) == (403, FORBIDDEN)


# --- POS --------------------------------------------------------------------------------------


def test_pos_list_has_the_list_key_first_and_every_pos(client, admin):
    body = get(client, "/api/pos", admin)
    assert list(body) == ["pos", "total"]
    assert body["total"] == len(body["pos"]) == len(data.POS)
    fits_the_document(client, body, "PosList")


@pytest.mark.parametrize("seeded", data.POS, ids=[pos["identifier"] for pos in data.POS])
def test_a_pos_has_the_fields_of_its_record(client, admin, seeded):
    pos = get(client, f"/api/pos/{seeded['id']}", admin)
    assert set(pos) == POS_KEYS
    assert (pos["posId"], pos["name"], pos["identifier"], pos["description"]) == (
        seeded["id"], seeded["name"], seeded["identifier"], seeded["description"])
    location = {key: seeded[key] for key in ("street", "address1", "address2", "province", "city", "postal",
                                             "country") if seeded.get(key) is not None}
    geo_point = {"lat": seeded["latitude"], "long": seeded["longitude"]}
    assert pos["location"] == {**location, "geoPoint": geo_point}
    assert "address2" in pos["location"] or "address2" not in seeded  # unset fields are left out, not null
    fits_the_document(client, pos, "Pos")


def test_the_pos_currency_is_the_stores(client, admin):
    currency = get(client, f"/api/DEFAULT/customer/{JOHN}", admin)["currency"]
    assert {pos["currency"] for pos in get(client, "/api/pos", admin)["pos"]} == {currency}


def transactions_at(app, pos_id):
    """The count and gross value of the DEFAULT store's transactions at a POS, from the table."""
    with app.app_context():
        statement = (select(func.count(Transaction.id), func.coalesce(func.sum(Transaction.gross_value), 0))
                     .join(Customer, Customer.id == Transaction.customer_id)
                     .where(Transaction.pos_id == pos_id, Customer.store_code == "DEFAULT"))
        return tuple(db.session.execute(statement).one())


def add_transaction(app, customer_id, pos_id, gross_value):
    with app.app_context():
        db.session.add(Transaction(
            id=str(uuid.uuid4()), customer_id=customer_id, document_number=f"T-{uuid.uuid4().hex[:8]}",
            document_type="sell", purchased_at=datetime(2019, 3, 1, tzinfo=timezone.utc), gross_value=gross_value,
            delivery_costs=0, excluded_for_level=0, pos_id=pos_id,
        ))
        db.session.commit()


def test_pos_figures_agree_with_the_transactions(app, client, admin):
    for pos in get(client, "/api/pos", admin)["pos"]:
        assert (pos["transactionsCount"], pos["transactionsAmount"]) == transactions_at(app, pos["posId"])
    assert sum(pos["transactionsCount"] for pos in get(client, "/api/pos", admin)["pos"]) > 0


def test_pos_figures_follow_new_transactions_of_the_store_only(app, client, admin):
    pos_id = data.POS1
    before = get(client, f"/api/pos/{pos_id}", admin)
    add_transaction(app, JANE, pos_id, 12.5)
    add_transaction(app, JOHN, pos_id, 7)
    add_transaction(app, SECOND_CUSTOMER, pos_id, 1000)  # another store's: not this store's figures
    after = get(client, f"/api/pos/{pos_id}", admin)
    assert after["transactionsCount"] == before["transactionsCount"] + 2
    assert after["transactionsAmount"] == before["transactionsAmount"] + 19.5
    assert (after["transactionsCount"], after["transactionsAmount"]) == transactions_at(app, pos_id)
    by_count = get(client, "/api/pos", admin, sort="transactionsCount", direction="desc")["pos"]
    counts = [pos["transactionsCount"] for pos in by_count]
    assert counts == sorted(counts, reverse=True)


def test_pos_paths_answer_alike(client, admin, seller):
    for pos in get(client, "/api/pos", admin)["pos"]:
        assert get(client, f"/api/pos/{pos['posId']}", admin) == pos
        assert get(client, f"/api/seller/pos/{pos['posId']}", seller) == pos
        assert get(client, f"/api/pos/identifier/{pos['identifier']}", seller) == pos
    assert get(client, "/api/seller/pos", seller) == get(client, "/api/pos", admin)


@pytest.mark.parametrize("path", ["/api/pos/{}", "/api/seller/pos/{}", "/api/pos/identifier/{}"])
@pytest.mark.parametrize("value", [MISSING, "pos3", "test1"])
def test_an_unknown_pos_is_not_found(client, admin, path, value):
    response = client.get(path.format(value), headers=admin)
    assert (response.status_code, response.json) == (404, NOT_FOUND)


def test_the_pos_identifier_is_not_its_id(client, admin):
    response = client.get(f"/api/pos/identifier/{data.POS1}", headers=admin)
    assert response.status_code == 404
    assert client.get("/api/pos/pos1", headers=admin).status_code == 404


def test_pos_paging_and_sorting(client, admin):
    names = [pos["name"] for pos in get(client, "/api/pos", admin)["pos"]]
    assert names == sorted(names)
    assert [pos["name"] for pos in get(client, "/api/pos", admin, sort="name", direction="desc")["pos"]] == names[::-1]
    first, second = (get(client, "/api/pos", admin, perPage=1, page=page) for page in (1, 2))
    assert (first["total"], second["total"]) == (len(data.POS), len(data.POS))
    assert [first["pos"][0]["name"], second["pos"][0]["name"]] == names[:2]


# --- sellers ----------------------------------------------------------------------------------


def test_seller_list_has_the_list_key_first_and_every_seller(client, admin):
    body = get(client, "/api/seller", admin)
    assert list(body) == ["sellers", "total"]
    assert body["total"] == len(body["sellers"]) == len(data.SELLERS)
    fits_the_document(client, body, "SellerList")


@pytest.mark.parametrize("seeded", data.SELLERS, ids=[seller["email"] for seller in data.SELLERS])
def test_a_seller_has_the_fields_of_its_record_and_its_pos(client, admin, seeded):
    seller = get(client, f"/api/seller/{seeded['id']}", admin)
    pos = get(client, f"/api/pos/{seeded['pos_id']}", admin)
    assert set(seller) == SELLER_KEYS
    assert seller == {
        "sellerId": seeded["id"], "name": f"{seeded['first_name']} {seeded['last_name']}",
        "firstName": seeded["first_name"], "lastName": seeded["last_name"], "email": seeded["email"],
        "phone": seeded["phone"], "posId": seeded["pos_id"], "posName": pos["name"], "posCity": pos["location"]["city"],
        "active": True, "deleted": False, "allowPointTransfer": seeded.get("allow_point_transfer", False),
    }
    fits_the_document(client, seller, "Seller")


def test_john_may_transfer_points(client, admin):
    sellers = {seller["email"]: seller for seller in get(client, "/api/seller", admin)["sellers"]}
    assert sellers["john@doe.com"]["allowPointTransfer"] is True
    assert sellers["john2@doe2.com"]["allowPointTransfer"] is False


@pytest.mark.parametrize("query, emails", [
    ({"firstName": "john2"}, ["john2@doe2.com"]),
    ({"firstName": "JOHN"}, ["john@doe.com", "john2@doe2.com"]),
    ({"lastName": "oe2"}, ["john2@doe2.com"]),
    ({"email": "DOE.COM"}, ["john@doe.com"]),
    ({"phone": "124"}, ["john2@doe2.com"]),
    ({"phone": "+4812312312"}, ["john@doe.com", "john2@doe2.com"]),
    ({"firstName": "john", "email": "doe2"}, ["john2@doe2.com"]),
    ({"firstName": "jane"}, []),
    ({"email": "%"}, []),
    ({"email": "_"}, []),
    ({"firstName": ""}, ["john@doe.com", "john2@doe2.com"]),
])
def test_sellers_are_filtered_by_parts_of_their_fields(client, admin, query, emails):
    body = get(client, "/api/seller", admin, **query)
    assert [seller["email"] for seller in body["sellers"]] == emails
    assert body["total"] == len(emails)


def test_sellers_sort_and_page(client, admin):
    by_email = get(client, "/api/seller", admin, sort="email", direction="desc")["sellers"]
    assert [seller["email"] for seller in by_email] == sorted((s["email"] for s in data.SELLERS), reverse=True)
    pages = [get(client, "/api/seller", admin, perPage=1, page=page, sort="email") for page in (1, 2, 3)]
    assert [[s["email"] for s in page["sellers"]] for page in pages] == [
        [email] for email in sorted(s["email"] for s in data.SELLERS)] + [[]]
    assert {page["total"] for page in pages} == {len(data.SELLERS)}


def test_a_seller_reads_its_own_record(client, admin, seller):
    assert get(client, f"/api/seller/{SELLER_ID}", seller) == get(client, f"/api/seller/{SELLER_ID}", admin)


def test_a_seller_may_not_read_another_seller(client, auth, seller):
    response = client.get(f"/api/seller/{OTHER_SELLER}", headers=seller)
    assert (response.status_code, response.json) == (403, FORBIDDEN)
    other = auth.headers("seller", OTHER_SELLER)
    assert get(client, f"/api/seller/{OTHER_SELLER}", other)["email"] == "john2@doe2.com"
    response = client.get(f"/api/seller/{SELLER_ID}", headers=other)
    assert (response.status_code, response.json) == (403, FORBIDDEN)


@pytest.mark.parametrize("kind", ["admin", "seller"])
def test_an_unknown_seller_is_not_found(client, auth, kind):
    response = client.get(f"/api/seller/{MISSING}", headers=auth.headers(kind))
    assert (response.status_code, response.json) == (404, NOT_FOUND)


@pytest.mark.parametrize("kind", ["seller", "customer"])
def test_the_seller_list_is_for_admins(client, auth, kind):
    response = client.get("/api/seller", headers=auth.headers(kind))
    assert (response.status_code, response.json) == (403, FORBIDDEN)


@pytest.mark.parametrize("word", SELLER_PATHS)
def test_the_fixed_seller_paths_are_no_sellers_id(app, word):
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(f"/api/seller/{word}", method="GET")
    except Exception:  # noqa: BLE001 (404 or 405: any answer but the seller's)
        endpoint = None
    assert endpoint is None or not endpoint.endswith(".get_seller")


def test_the_fixed_seller_paths_win_over_the_id(client, seller):
    assert list(get(client, "/api/seller/level", seller)) == ["levels", "total"]
    assert list(get(client, "/api/seller/pos", seller)) == ["pos", "total"]
    assert client.get("/api/seller/login_check", headers=seller).status_code == 405
