"""The ledger reads of Open Loyalty's 3.x cockpits (openloyalty-cockpit-endpoints.md 4.4-4.8): transactions,
point transfers, a customer's campaigns, the dashboard's analytics, invitations and earning rules. Their
figures are those the customer status is computed from. Who may call them: tests/access_cockpit_ledger.py."""
import copy
import uuid
from datetime import datetime, timedelta

import pytest
from openapi_schema_validator import OAS31Validator
from sqlalchemy import select

from openloyalty_standin.app import clock
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, Invitation, PointTransfer, Pos, Transaction
from openloyalty_standin.app.services.transactions import new_transaction, refresh_transaction_totals
from tests.conftest import JANE, JOHN, SECOND_CUSTOMER

UNKNOWN = "99999999-0000-474c-b092-b0dd880c07e1"
POS1 = "00000000-0000-474c-1111-b0dd880c07e2"
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
FORBIDDEN = {"error": {"code": 403, "message": "Forbidden"}}
CAMPAIGN_PATHS = [f"/api/{prefix}/customer/{JOHN}/campaign/{kind}" for prefix in ("admin", "seller")
                  for kind in ("available", "bought")]


@pytest.fixture
def admin(auth):
    return auth.headers("admin")


@pytest.fixture
def john(auth):
    return auth.headers("customer", JOHN)


def get(client, path, headers, **query):
    response = client.get(path, headers=headers, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def _closed(node):
    """The schema with every object closed to undocumented keys."""
    if isinstance(node, dict):
        node = {key: _closed(value) for key, value in node.items()}
        if "properties" in node:
            node.setdefault("additionalProperties", False)
    elif isinstance(node, list):
        node = [_closed(value) for value in node]
    return node


def fits_the_document(client, body, component):
    """The answer has the documented keys only, the required ones included, of the documented types."""
    components = _closed(copy.deepcopy(client.get("/api/doc/openapi.json").json["components"]))
    OAS31Validator({"$ref": f"#/components/schemas/{component}", "components": components}).validate(body)


def moment(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")


def status(client, admin, customer=JOHN):
    return get(client, f"/api/DEFAULT/admin/customer/{customer}/status", admin)


def everything(client, path, headers, key, **query):
    return get(client, path, headers, perPage=-1, **query)[key]


def add_transaction(app, customer_id, gross_value, *, days_ago=1, **details):
    """Add a transaction to the customer's ledger, with the totals its status reads."""
    with app.app_context():
        customer = db.session.get(Customer, customer_id)
        transaction = new_transaction(
            id=str(uuid.uuid4()), customer=customer, purchased_at=clock.now() - timedelta(days=days_ago),
            gross_value=gross_value, document_number=f"T-{uuid.uuid4().hex[:8]}", **details,
        )
        db.session.add(transaction)
        db.session.flush()
        refresh_transaction_totals(
            customer, db.session.scalars(select(Transaction).where(Transaction.customer_id == customer_id)).all())
        db.session.commit()
        return transaction.id


def add_transfer(app, customer_id, kind, value, **details):
    with app.app_context():
        details.setdefault("created_at", clock.now() - timedelta(hours=1))
        transfer = PointTransfer(id=str(uuid.uuid4()), customer_id=customer_id, type=kind, value=value, **details)
        db.session.add(transfer)
        db.session.commit()
        return transfer.id


# --- transactions -------------------------------------------------------------------------------


def test_the_transaction_list_has_the_list_key_first_and_fits_the_document(client, admin):
    body = get(client, "/api/transaction", admin)
    assert list(body) == ["transactions", "total"]
    assert 0 < len(body["transactions"]) <= body["total"]
    fits_the_document(client, body, "TransactionList")


def test_transactions_are_newest_first_unless_sorted(client, admin):
    dates = [moment(t["purchaseDate"]) for t in everything(client, "/api/transaction", admin, "transactions")]
    assert len(dates) > 2 and dates == sorted(dates, reverse=True)
    for direction, descending in (("asc", False), ("ASC", False), ("down", True)):
        rows = everything(client, "/api/transaction", admin, "transactions", sort="grossValue", direction=direction)
        values = [row["grossValue"] for row in rows]
        assert values == sorted(values, reverse=descending) and len(set(values)) > 1


def test_an_unknown_sort_keeps_the_newest_first(client, admin):
    default = everything(client, "/api/transaction", admin, "transactions")
    assert everything(client, "/api/transaction", admin, "transactions", sort="nothing") == default


def test_transactions_are_paged_as_open_loyalty_pages(app, client, admin):
    for number in range(12):
        add_transaction(app, JANE, 10 + number, days_ago=number + 1)
    every = everything(client, "/api/transaction", admin, "transactions")
    assert len(every) > 12
    assert get(client, "/api/transaction", admin)["transactions"] == every[:10]
    assert get(client, "/api/transaction", admin, perPage=0)["transactions"] == every[:10]
    assert get(client, "/api/transaction", admin, perPage=4, page=0)["transactions"] == every[:4]
    pages = [get(client, "/api/transaction", admin, perPage=4, page=page) for page in range(1, 6)]
    assert [row for body in pages for row in body["transactions"]] == every
    assert {body["total"] for body in pages} == {len(every)}


def test_a_customers_transactions_agree_with_its_status(client, admin):
    rows = everything(client, f"/api/seller/transaction/customer/{JOHN}", admin, "transactions")
    figures = status(client, admin)
    assert len([row for row in rows if row["documentType"] == "sell"]) == figures["transactionsCount"] > 0
    assert sum(row["grossValue"] for row in rows) == pytest.approx(figures["transactionsAmount"])
    assert {row["customerId"] for row in rows} == {JOHN}
    for row in rows:
        assert sum(item["grossValue"] for item in row["items"]) == pytest.approx(row["grossValue"])
        assert row["currency"] == figures["currency"]


def test_a_new_transaction_shows_in_the_list_and_in_the_status(app, client, admin):
    before, listed = status(client, admin), get(client, "/api/transaction", admin, customerId=JOHN)["total"]
    added = add_transaction(app, JOHN, 7.5, pos_id=POS1, items=[
        {"sku": {"code": "SKU-TEA"}, "name": "Tea", "quantity": 3, "grossValue": 7.5, "labels": []}])
    after, body = status(client, admin), get(client, "/api/transaction", admin, customerId=JOHN)
    assert body["total"] == listed + 1
    assert after["transactionsCount"] == before["transactionsCount"] + 1
    assert after["transactionsAmount"] == pytest.approx(before["transactionsAmount"] + 7.5)
    newest = body["transactions"][0]
    assert (newest["transactionId"], newest["grossValue"], newest["posId"]) == (added, 7.5, POS1)
    assert newest["pointsEarned"] == 0 and newest["items"][0]["sku"] == {"code": "SKU-TEA"}
    with app.app_context():
        assert newest["posName"] == db.session.get(Pos, POS1).name
    fits_the_document(client, body, "TransactionList")


def test_the_customer_data_is_the_customers_own(client, admin):
    details = get(client, f"/api/DEFAULT/customer/{JOHN}", admin)
    for row in everything(client, "/api/transaction", admin, "transactions", customerId=JOHN):
        assert row["customerData"]["name"] == f"{details['firstName']} {details['lastName']}"
        assert row["customerData"]["email"] == details["email"]
        assert row["customerData"]["loyaltyCardNumber"] == details["loyaltyCardNumber"]
    client.post(f"/api/DEFAULT/admin/customer/{JOHN}/anonymize", headers=admin)
    for row in everything(client, "/api/transaction", admin, "transactions", customerId=JOHN):
        assert row["customerData"]["name"] == "Anonymous Anonymous"
        assert "phone" not in row["customerData"]


def filtered(client, admin, **query):
    return everything(client, "/api/transaction", admin, "transactions", **query)


def test_the_filters_keep_the_matching_transactions(client, admin):
    every = filtered(client, admin)
    john = [row for row in every if row["customerId"] == JOHN]
    assert 0 < len(john) < len(every)
    assert filtered(client, admin, customerId=JOHN) == john
    document = john[0]["documentNumber"]
    assert filtered(client, admin, documentNumber=document) == [row for row in every if document in row[
        "documentNumber"]]
    assert filtered(client, admin, documentNumber=document[:-1]) == [row for row in every if document[:-1] in row[
        "documentNumber"]]
    assert filtered(client, admin, documentNumber=document[:-1], strict="1") == []
    assert filtered(client, admin, documentType="sell") == [row for row in every if row["documentType"] == "sell"]
    assert filtered(client, admin, documentType="return") == []
    pos = john[0]["posId"]
    assert filtered(client, admin, posId=pos) == [row for row in every if row.get("posId") == pos]


@pytest.mark.parametrize("key", ["name", "email", "phone", "loyaltyCardNumber"])
def test_the_customer_data_filters_match_parts_of_the_customers_data(client, admin, key):
    every = filtered(client, admin)
    value = next(row["customerData"][key] for row in every if row["customerId"] == JOHN)
    part = value[1:-1].upper() if key != "phone" else value[2:-2]
    expected = [row for row in every if part.lower() in row["customerData"].get(key, "").lower()]
    assert 0 < len(expected) < len(every)
    assert filtered(client, admin, **{f"customerData_{key}": part}) == expected


def test_the_label_filters_keep_transactions_with_that_label(client, admin):
    every = filtered(client, admin)
    labelled = [row for row in every if row["labels"]]
    key, value = labelled[-1]["labels"][-1]["key"], labelled[-1]["labels"][-1]["value"]
    with_key = [row for row in every if key in {label["key"] for label in row["labels"]}]
    with_both = [row for row in every if {"key": key, "value": value} in row["labels"]]
    assert 0 < len(with_both) < len(every)
    assert filtered(client, admin, **{"labels[0][key]": key}) == with_key
    assert filtered(client, admin, **{"labels[0][key]": key, "labels[0][value]": value}) == with_both
    assert filtered(client, admin, **{"labels[0][key]": key, "labels[0][value]": value + "-not"}) == []


@pytest.mark.parametrize("query", [{"perPage": "ten"}, {"page": "1.5"}, {"documentType": "gift"},
                                   {"labels[x]": "1"}, {"customerId[a]": "b"}])
def test_bad_list_input_is_a_form_error(client, admin, query):
    response = client.get("/api/transaction", headers=admin, query_string=query)
    assert response.status_code == 400
    assert "form" in response.json


def test_a_customer_lists_its_own_transactions_only(client, admin, john):
    own = get(client, "/api/customer/transaction", john, customerId=JANE, perPage=-1)
    assert own == get(client, "/api/transaction", admin, customerId=JOHN, perPage=-1)
    assert own["total"] > 0


def test_a_customer_reads_its_own_transaction_list_on_the_seller_path(client, john, admin):
    assert get(client, f"/api/seller/transaction/customer/{JOHN}", john) == \
        get(client, "/api/transaction", admin, customerId=JOHN)


@pytest.mark.parametrize("path", ["/api/transaction/{}", "/api/customer/transaction/{}"])
def test_a_transaction_is_read_by_admins_sellers_and_its_customer(client, auth, admin, john, path):
    listed = get(client, "/api/transaction", admin, customerId=JOHN)["transactions"][0]
    for headers in (admin, auth.headers("seller"), john):
        assert get(client, path.format(listed["transactionId"]), headers) == listed
    fits_the_document(client, listed, "Transaction")
    response = client.get(path.format(listed["transactionId"]), headers=auth.headers("customer", JANE))
    assert (response.status_code, response.json) == (403, FORBIDDEN)
    response = client.get(path.format(UNKNOWN), headers=admin)
    assert (response.status_code, response.json) == (404, NOT_FOUND)


def test_a_seller_finds_a_transaction_by_its_document_number(client, auth, admin):
    listed = get(client, "/api/transaction", admin, customerId=JOHN)["transactions"][-1]
    seller = auth.headers("seller")
    assert get(client, f"/api/seller/transaction/{listed['documentNumber']}", seller) == listed
    response = client.get(f"/api/seller/transaction/{listed['documentNumber']}-none", headers=seller)
    assert (response.status_code, response.json) == (404, NOT_FOUND)


def test_static_seller_paths_win_over_a_seller_id(client, auth):
    seller = auth.headers("seller")
    assert "transactions" in get(client, "/api/seller/transaction", seller)
    assert "transfers" in get(client, "/api/seller/points/transfer", seller)
    assert "campaigns" in get(client, f"/api/seller/customer/{JOHN}/campaign/available", seller)


def test_points_earned_are_the_active_adding_transfers_of_the_transaction(client, admin):
    transfers = everything(client, "/api/points/transfer", admin, "transfers", customerId=JOHN)
    rows = everything(client, "/api/transaction", admin, "transactions", customerId=JOHN)
    assert any(row["pointsEarned"] for row in rows)
    for row in rows:
        assert row["pointsEarned"] == sum(
            t["value"] for t in transfers if t.get("transactionId") == {"transactionId": row["transactionId"]}
            and t["type"] == "adding" and t["state"] == "active")
        assert "pointsRevoked" not in row


def test_a_return_shows_the_points_it_took_back(app, client, admin):
    sold = get(client, "/api/transaction", admin, customerId=JOHN)["transactions"][0]
    returned = add_transaction(app, JOHN, -sold["grossValue"], document_type="return",
                               revised_document=sold["documentNumber"])
    add_transfer(app, JOHN, "spending", 5, transaction_id=returned)
    row = get(client, f"/api/transaction/{returned}", admin)
    assert (row["documentType"], row["revisedDocument"], row["pointsRevoked"]) == ("return", sold["documentNumber"], 5)
    assert "pointsEarned" not in row
    assert filtered(client, admin, documentType="return") == [row]


def test_another_stores_transactions_are_not_listed(app, client, admin):
    other = add_transaction(app, SECOND_CUSTOMER, 50)
    assert other not in {row["transactionId"] for row in filtered(client, admin)}
    response = client.get(f"/api/transaction/{other}", headers=admin)
    assert (response.status_code, response.json) == (404, NOT_FOUND)


@pytest.mark.parametrize("path", ["/api/customer/transaction", "/api/customer/points/transfer",
                                  "/api/customer/campaign/available", "/api/customer/campaign/bought",
                                  "/api/customer/earningRule"])
def test_the_customers_own_lists_are_for_the_cockpits_stores_customers(client, auth, path):
    for headers in (auth.headers("admin"), auth.headers("seller"), auth.headers("customer", SECOND_CUSTOMER)):
        response = client.get(path, headers=headers)
        assert (response.status_code, response.json) == (403, FORBIDDEN)


# --- point transfers ----------------------------------------------------------------------------


def test_the_transfer_list_has_the_list_key_first_and_fits_the_document(client, admin):
    body = get(client, "/api/points/transfer", admin, perPage=-1)
    assert list(body) == ["transfers", "total"]
    assert body["total"] == len(body["transfers"]) > 0
    fits_the_document(client, body, "PointsTransferList")
    assert get(client, "/api/seller/points/transfer", admin, perPage=-1) == body


def test_transfers_are_newest_first_unless_sorted(client, admin):
    rows = everything(client, "/api/points/transfer", admin, "transfers")
    dates = [moment(row["createdAt"]) for row in rows]
    assert len(dates) > 2 and dates == sorted(dates, reverse=True)
    values = [row["value"] for row in everything(client, "/api/points/transfer", admin, "transfers", sort="value",
                                                 direction="asc")]
    assert values == sorted(values) and len(set(values)) > 1


def test_the_transfers_add_up_to_the_status(client, admin):
    rows = everything(client, "/api/points/transfer", admin, "transfers", customerId=JOHN)
    figures = status(client, admin)

    def total(kind, *states):
        return sum(row["value"] for row in rows if row["type"] == kind and row["state"] in states)

    assert {row["state"] for row in rows} >= {"active", "expired", "canceled"}
    assert total("adding", "active", "expired", "pending") == pytest.approx(figures["totalEarnedPoints"])
    assert total("spending", "active") == pytest.approx(figures["usedPoints"])
    assert total("adding", "expired") == pytest.approx(figures["expiredPoints"])
    assert total("adding", "active") - total("spending", "active") == pytest.approx(figures["points"])
    assert total("adding", "pending") == figures["lockedPoints"] == 0


def test_transfers_expire_as_the_clock_passes_their_expiry(client, auth, admin):
    rows = everything(client, "/api/points/transfer", admin, "transfers", customerId=JOHN)
    expiring = min((row for row in rows if row["state"] == "active" and "expiresAt" in row),
                   key=lambda row: moment(row["expiresAt"]))
    before = status(client, admin)
    later = moment(expiring["expiresAt"]) + timedelta(minutes=1)
    assert client.post("/_dev/clock/freeze", json={"at": later.isoformat()}).status_code == 200
    admin = auth.headers("admin")  # a token of the later moment
    after = {row["pointsTransferId"]: row for row in everything(client, "/api/points/transfer", admin, "transfers")}
    assert after[expiring["pointsTransferId"]]["state"] == "expired"
    assert status(client, admin)["expiredPoints"] == pytest.approx(before["expiredPoints"] + expiring["value"])
    expired = everything(client, "/api/points/transfer", admin, "transfers", state="expired", customerId=JOHN)
    assert expiring["pointsTransferId"] in {row["pointsTransferId"] for row in expired}


def test_locked_points_are_pending_until_released(app, client, admin):
    with app.app_context():
        until = clock.now() + timedelta(days=3)
    locked = add_transfer(app, JOHN, "adding", 40, state="locked", locked_until=until)
    row = next(row for row in everything(client, "/api/points/transfer", admin, "transfers")
               if row["pointsTransferId"] == locked)
    assert row["state"] == "pending" and moment(row["lockedUntil"]) == until.replace(microsecond=0)
    assert status(client, admin)["lockedPoints"] == 40
    assert [row["pointsTransferId"] for row in everything(
        client, "/api/points/transfer", admin, "transfers", state="pending")] == [locked]


def test_the_transfer_filters_keep_the_matching_transfers(client, admin):
    every = everything(client, "/api/points/transfer", admin, "transfers")
    assert everything(client, "/api/points/transfer", admin, "transfers", customerId=JOHN) == [
        row for row in every if row["customerId"] == JOHN]
    for state in ("active", "expired", "canceled"):
        assert everything(client, "/api/points/transfer", admin, "transfers", state=state) == [
            row for row in every if row["state"] == state]
    both = everything(client, "/api/points/transfer", admin, "transfers", **{"state[]": ["expired", "canceled"]})
    assert both == [row for row in every if row["state"] in ("expired", "canceled")] and len(both) > 1
    assert everything(client, "/api/points/transfer", admin, "transfers", type="spending") == [
        row for row in every if row["type"] == "spending"]
    assert everything(client, "/api/points/transfer", admin, "transfers", customerEmail="USER@example") == [
        row for row in every if "user@example" in row.get("customerEmail", "")]
    till = max(moment(row["expiresAt"]) for row in every if "expiresAt" in row) - timedelta(days=1)
    kept = everything(client, "/api/points/transfer", admin, "transfers", willExpireTill=till.isoformat())
    assert kept == [row for row in every if "expiresAt" in row and moment(row["expiresAt"]) <= till]
    assert 0 < len(kept) < len(every)


def test_a_transfer_names_its_transaction(client, admin):
    transactions = {row["transactionId"]: row for row in filtered(client, admin, customerId=JOHN)}
    linked = [row for row in everything(client, "/api/points/transfer", admin, "transfers") if "transactionId" in row]
    assert linked
    for row in linked:
        transaction = transactions[row["transactionId"]["transactionId"]]
        assert row["transactionDocumentNumber"] == transaction["documentNumber"]
        assert row["transaction"] == {"grossValue": transaction["grossValue"], "items": transaction["items"]}


def test_a_customer_lists_its_own_transfers(client, admin, john):
    own = get(client, "/api/customer/points/transfer", john, perPage=-1, customerId=JANE)
    assert own == get(client, "/api/points/transfer", admin, perPage=-1, customerId=JOHN)
    active = get(client, "/api/customer/points/transfer", john, state="active", type="adding", perPage=-1)
    assert active["transfers"] == [row for row in own["transfers"] if row["state"] == "active"
                                   and row["type"] == "adding"]
    assert 0 < active["total"] < own["total"]


@pytest.mark.parametrize("query", [{"state": "gone"}, {"type": "gift"}, {"willExpireTill": "soon"},
                                   {"perPage": "-"}, {"state[x]": "active"}])
def test_bad_transfer_filters_are_form_errors(client, admin, query):
    response = client.get("/api/points/transfer", headers=admin, query_string=query)
    assert response.status_code == 400
    assert "form" in response.json


# --- campaigns ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CAMPAIGN_PATHS + ["/api/customer/campaign/available", "/api/customer/campaign/bought"])
def test_the_world_has_no_campaigns(client, admin, john, path):
    headers = john if path.startswith("/api/customer/") else admin
    body = get(client, path, headers, includeDetails="true", perPage=6)
    assert body == {"campaigns": [], "total": 0}
    assert list(body) == ["campaigns", "total"]
    fits_the_document(client, body, "BoughtCampaignList" if path.endswith("bought") else "AvailableCampaignList")


@pytest.mark.parametrize("path", CAMPAIGN_PATHS)
def test_the_campaigns_of_an_unknown_customer_are_not_found(client, admin, path):
    response = client.get(path.replace(JOHN, UNKNOWN), headers=admin)
    assert (response.status_code, response.json) == (404, NOT_FOUND)


@pytest.mark.parametrize("path, query", [(CAMPAIGN_PATHS[0], {"isFeatured": "maybe"}),
                                         (CAMPAIGN_PATHS[1], {"deliveryStatus": "lost"}),
                                         (CAMPAIGN_PATHS[0], {"categoryId[x]": "1"})])
def test_bad_campaign_filters_are_form_errors(client, admin, path, query):
    response = client.get(path, headers=admin, query_string=query)
    assert response.status_code == 400
    assert "form" in response.json


def test_the_document_describes_the_campaign_items(client):
    schemas = client.get("/api/doc/openapi.json").json["components"]["schemas"]
    bought = schemas["BoughtCampaign"]
    assert bought["properties"]["campaignId"]["type"] == "string"  # a plain UUID string (DECISIONS 6)
    assert {"purchaseAt", "costInPoints", "campaignId", "used", "coupon", "status", "canBeUsed"} <= set(
        bought["required"])
    assert bought["properties"]["campaign"]["$ref"].endswith("/CampaignDetails")
    campaign = schemas["Campaign"]
    assert {"campaignId", "reward", "name", "costInPoints", "campaignActivity", "canBeBoughtByCustomer",
            "usageLeft"} <= set(campaign["required"])
    assert "cashback" in campaign["properties"]["reward"]["enum"]
    assert {"levels", "segments", "categories", "coupons"} <= set(schemas["CampaignDetails"]["required"])
    assert not {"levels", "coupons"} & set(campaign["properties"])


# --- analytics ----------------------------------------------------------------------------------


def test_the_customer_tile_counts_the_stores_customers(client, admin):
    assert get(client, "/api/admin/analytics/customers", admin) == {
        "total": get(client, "/api/DEFAULT/customer", admin)["total"]}


def test_the_transaction_tile_adds_up_the_customers(app, client, admin):
    def tile():
        customers = everything(client, "/api/DEFAULT/customer", admin, "customers")
        return {"total": sum(c["transactionsCount"] for c in customers),
                "amount": pytest.approx(sum(c["transactionsAmount"] for c in customers)),
                "amountWithoutDeliveryCosts": pytest.approx(sum(c["transactionsAmountWithoutDeliveryCosts"]
                                                                for c in customers)),
                "currency": customers[0]["currency"]}

    before = get(client, "/api/admin/analytics/transactions", admin)
    assert before == tile()
    add_transaction(app, JOHN, 12.5)
    after = get(client, "/api/admin/analytics/transactions", admin)
    assert after == tile() and after["total"] == before["total"] + 1
    fits_the_document(client, after, "TransactionsAnalytics")


def test_the_points_tile_adds_up_the_spending_transfers(app, client, admin):
    def tile():
        spent = [row["value"] for row in everything(client, "/api/points/transfer", admin, "transfers",
                                                    type="spending") if row["state"] != "canceled"]
        return {"totalSpendingTransfers": len(spent), "totalPointsSpent": pytest.approx(sum(spent))}

    assert get(client, "/api/admin/analytics/points", admin) == tile()
    add_transfer(app, JOHN, "spending", 3)
    add_transfer(app, JOHN, "spending", 4, state="canceled")
    assert get(client, "/api/admin/analytics/points", admin) == tile()
    assert get(client, "/api/admin/analytics/points", admin)["totalPointsSpent"] == status(client, admin)["usedPoints"]


def invite(app, referrer, status, recipient=None, email=None):
    with app.app_context():
        invitation = Invitation(id=str(uuid.uuid4()), referrer_id=referrer, recipient_id=recipient, status=status,
                                recipient_email=email, token=uuid.uuid4().hex[:20], created_at=clock.now())
        db.session.add(invitation)
        db.session.commit()
        return invitation.id


def test_the_referral_tile_counts_the_invitations(app, client, admin):
    assert get(client, "/api/admin/analytics/referrals", admin) == {"total": 0, "totalCompleted": 0,
                                                                    "totalRegistered": 0}
    statuses = ["invited", "registered", "made_purchase", "made_purchase"]
    for number, state in enumerate(statuses):
        invite(app, JOHN, state, email=f"friend{number}@example.com")
    invite(app, SECOND_CUSTOMER, "registered")  # another store's
    assert get(client, "/api/admin/analytics/referrals", admin) == {
        "total": len(statuses), "totalCompleted": statuses.count("made_purchase"),
        "totalRegistered": statuses.count("registered")}


# --- invitations and earning rules ------------------------------------------------------------------


def test_no_invitations_is_an_empty_list(client, admin):
    assert get(client, "/api/invitations", admin) == {"invitations": [], "total": 0}


def test_invitations_name_the_people_and_filter_on_any_field(app, client, admin):
    first = invite(app, JOHN, "registered", recipient=JANE, email="user-temp@example.com")
    second = invite(app, JANE, "invited", email="friend@example.com")
    invite(app, SECOND_CUSTOMER, "invited")
    body = get(client, "/api/invitations", admin)
    fits_the_document(client, body, "InvitationList")
    assert [row["invitationId"] for row in body["invitations"]] == [second, first]  # by referrer id, descending
    by_id = {row["invitationId"]: row for row in body["invitations"]}
    assert (by_id[first]["referrerName"], by_id[first]["recipientName"]) == ("John Doe", "Jane Doe")
    assert by_id[first]["referrerEmail"] == get(client, f"/api/DEFAULT/customer/{JOHN}", admin)["email"]
    assert "recipientName" not in by_id[second]
    for key, value in (("recipientName", "jane"), ("status", "invited"), ("recipientEmail", "friend@")):
        rows = get(client, "/api/invitations", admin, **{key: value})["invitations"]
        assert rows == [row for row in body["invitations"] if value.lower() in row.get(key, "").lower()]
        assert len(rows) == 1
    assert get(client, "/api/invitations", admin, status="invite", strict="1")["total"] == 0


def test_the_earning_rules_are_in_the_stores_currency(client, admin, john):
    body = get(client, "/api/customer/earningRule", john)
    assert body == {"earningRules": [], "currency": get(client, f"/api/DEFAULT/customer/{JOHN}", admin)["currency"]}
    assert list(body) == ["earningRules", "currency"]
