"""Customer status: GET customer/customer/<c>/status, admin/customer/<c>/status, seller/customer/<c>/status
(reference "Get customer status", "Customer status (customer)", "Customer status (seller)"; notes G)."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from openloyalty_standin.app.testing.support import Auth, build_template
from tests.reference import documented

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
TEST_TEST = "a284f230-c1c0-4a1c-af9a-159b81de1f2b"
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"
UNKNOWN = "99999999-9999-4999-8999-999999999999"
START_LEVEL = "000096cf-32a3-43bd-9034-4df343e5fd93"
LEVEL2 = "e82c96cf-32a3-43bd-9034-4df343e52222"
LEVEL3 = "e82c96cf-32a3-43bd-9034-4df343e53333"
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
FORBIDDEN = {"error": {"code": 403, "message": "Forbidden"}}

# The reference's moment: its "Customer status (customer)" example holds then.
REFERENCE_NOW = "2019-03-20T12:00:00+01:00"

# The reference's "Customer status (customer)" example response, verbatim (key order included).
REFERENCE_STATUS = documented("GET", "/api/{storeCode}/customer/customer/{customer}/status", 200)


def status_path(prefix, customer, store="DEFAULT"):
    middle = {"customer": "customer/customer", "admin": "admin/customer", "seller": "seller/customer"}[prefix]
    return f"/api/{store}/{middle}/{customer}/status"


def get_status(client, headers, customer=JOHN, prefix="customer"):
    response = client.get(status_path(prefix, customer), headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


@pytest.fixture(scope="module")
def reference_template(ol_template, tmp_path_factory):
    """A database seeded while the clock stood at REFERENCE_NOW (point expiries follow the load-time clock)."""
    return build_template(str(tmp_path_factory.mktemp("status-template")), like=ol_template, CLOCK=REFERENCE_NOW)


@pytest.fixture
def seed_database(reference_template):
    """`make_app` copies the database seeded at REFERENCE_NOW."""
    return reference_template


@pytest.fixture
def app_at(make_app):
    """Build apps over the same seeded database whose clocks stand at the given moments."""

    def build(moment):
        return make_app(CLOCK=moment)

    return build


@pytest.fixture
def frozen_app(app_at):
    return app_at(REFERENCE_NOW)


@pytest.fixture
def frozen(frozen_app):
    """(client, auth) of the app frozen at the reference's moment."""
    return frozen_app.test_client(), Auth(frozen_app)


# --- the reference's example -----------------------------------------------------------------


def test_customer_status_equals_the_reference_example(frozen):
    client, auth = frozen
    body = get_status(client, auth.headers("customer", JOHN))
    assert body == REFERENCE_STATUS
    assert list(body) == list(REFERENCE_STATUS)
    assert list(body["pointsExpiringBreakdown"]) == list(REFERENCE_STATUS["pointsExpiringBreakdown"])


def test_admin_status_equals_the_reference_example(frozen):
    client, auth = frozen
    body = get_status(client, auth.headers("admin"), prefix="admin")
    assert body == REFERENCE_STATUS
    assert list(body) == list(REFERENCE_STATUS)


def test_seller_status_equals_the_reference_example(frozen):
    client, auth = frozen
    body = get_status(client, auth.headers("seller"), prefix="seller")
    assert body == REFERENCE_STATUS
    assert list(body) == list(REFERENCE_STATUS)


@pytest.mark.parametrize("customer", [JOHN, JANE, TEST_TEST])
def test_the_three_status_routes_answer_identical_bodies(frozen, customer):
    client, auth = frozen
    bodies = {
        client.get(status_path("customer", customer), headers=auth.headers("admin")).data,
        client.get(status_path("admin", customer), headers=auth.headers("admin")).data,
        client.get(status_path("seller", customer), headers=auth.headers("seller")).data,
    }
    assert len(bodies) == 1


def test_own_status_equals_what_admin_sees(frozen):
    client, auth = frozen
    own = client.get(status_path("customer", JOHN), headers=auth.headers("customer", JOHN))
    admin = client.get(status_path("admin", JOHN), headers=auth.headers("admin"))
    assert own.data == admin.data


def test_status_is_json(frozen):
    client, auth = frozen
    response = client.get(status_path("customer", JOHN), headers=auth.headers("customer", JOHN))
    assert response.mimetype == "application/json"


# --- under the real clock --------------------------------------------------------------------


def test_real_clock_status_has_the_reference_balances(client, auth):
    body = get_status(client, auth.headers("customer", JOHN))
    assert body["points"] == 161.9
    assert body["totalEarnedPoints"] == 274.9
    assert body["usedPoints"] == 25
    assert body["expiredPoints"] == 88
    assert body["lockedPoints"] == 0
    assert body["p2pPoints"] == 0


def test_real_clock_breakdown_has_three_dates_in_the_coming_weeks(client, auth):
    breakdown = get_status(client, auth.headers("customer", JOHN))["pointsExpiringBreakdown"]
    today = datetime.now(ZoneInfo("Europe/Warsaw")).date()
    days = [datetime.strptime(key, "%Y-%m-%d").date() for key in breakdown]
    assert len(days) == 3
    assert days == sorted(days)
    assert all(today < day <= today + timedelta(days=30) for day in days)
    assert list(breakdown.values()) == [33, 116.9, 12]


def test_real_clock_status_keys_keep_the_reference_order(client, auth):
    body = get_status(client, auth.headers("customer", JOHN))
    assert list(body) == list(REFERENCE_STATUS)


# --- customers without points, levels ------------------------------------------------------


def test_customer_without_transfers_has_zero_points_and_an_empty_breakdown(frozen):
    client, auth = frozen
    body = get_status(client, auth.headers("admin"), customer=TEST_TEST, prefix="admin")
    for key in ("points", "p2pPoints", "totalEarnedPoints", "usedPoints", "expiredPoints", "lockedPoints"):
        assert body[key] == 0, key
    assert body["pointsExpiringNextMonth"] == 0
    assert body["pointsExpiringBreakdown"] == {}


def test_empty_breakdown_is_a_json_object_not_a_list(frozen):
    client, auth = frozen
    response = client.get(status_path("admin", TEST_TEST), headers=auth.headers("admin"))
    assert b'"pointsExpiringBreakdown":{}' in response.data.replace(b" ", b"")


def test_status_follows_the_levels_for_a_level1_customer(frozen):
    client, auth = frozen
    body = get_status(client, auth.headers("admin"), customer=TEST_TEST, prefix="admin")
    assert body["firstName"] == "Test"
    assert body["lastName"] == "test"
    assert body["customerId"] == TEST_TEST
    assert body["levelName"] == "level1"
    assert body["level"] == "5.00%"
    assert body["levelConditionValue"] == 20
    assert body["nextLevelName"] == "level2"
    assert body["nextLevel"] == "10.00%"
    assert body["nextLevelConditionValue"] == 200
    assert body["transactionsAmountToNextLevel"] == 100
    assert body["transactionsAmount"] == 100
    assert body["transactionsCount"] == 2
    assert body["averageTransactionsAmount"] == "50.00"
    assert body["currency"] == "eur"


def test_status_without_transactions_has_average_zero_with_two_decimals(frozen):
    client, auth = frozen
    body = get_status(client, auth.headers("admin"), customer="41fd3247-2069-4677-8904-584f0ed9f6be", prefix="admin")
    assert body["averageTransactionsAmount"] == "0.00"
    assert body["transactionsCount"] == 0
    assert body["transactionsAmount"] == 0


def assign_level(client, auth, customer, level_id):
    response = client.post(f"/api/DEFAULT/customer/{customer}/level", headers=auth.headers("admin"),
                           data={"levelId": level_id})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_assigning_a_higher_level_changes_the_reported_level_and_next_level(frozen):
    client, auth = frozen
    assign_level(client, auth, JOHN, LEVEL2)
    body = get_status(client, auth.headers("customer", JOHN))
    assert body["level"] == "10.00%"
    assert body["levelName"] == "level2"
    assert body["levelConditionValue"] == 200
    assert body["nextLevel"] == "15.00%"
    assert body["nextLevelName"] == "level3"
    assert body["nextLevelConditionValue"] == 999
    assert body["transactionsAmountToNextLevel"] == 996  # 999 less John's 3 of transactions


def test_assigning_the_highest_level_leaves_no_next_level(frozen):
    client, auth = frozen
    assign_level(client, auth, JOHN, LEVEL3)
    body = get_status(client, auth.headers("customer", JOHN))
    assert body["levelName"] == "level3"
    assert body["level"] == "15.00%"
    assert body["nextLevelConditionValue"] == 0
    for key in ("nextLevel", "nextLevelName", "transactionsAmountToNextLevel"):
        assert key not in body


def test_assigning_the_start_level_reports_its_reward(frozen):
    client, auth = frozen
    assign_level(client, auth, TEST_TEST, START_LEVEL)
    body = get_status(client, auth.headers("admin"), customer=TEST_TEST, prefix="admin")
    assert body["levelName"] == "start"
    assert body["level"] == "14.00%"
    assert body["levelConditionValue"] == 0
    assert body["nextLevelName"] == "level2"
    assert body["transactionsAmountToNextLevel"] == 100


# --- time passes -------------------------------------------------------------------------------


def test_advancing_the_clock_past_an_expiry_moves_points_to_expired(app_at):
    before_app = app_at(REFERENCE_NOW)
    before = get_status(before_app.test_client(), Auth(before_app).headers("admin"), prefix="admin")
    # 33 points expire at 2019-04-14T13:00+02:00 (25 days after the load)
    later_app = app_at("2019-04-14T14:00:00+02:00")
    later = get_status(later_app.test_client(), Auth(later_app).headers("admin"), prefix="admin")
    assert before["points"] == 161.9 and before["expiredPoints"] == 88
    assert later["points"] == pytest.approx(128.9)
    assert later["expiredPoints"] == 121
    assert later["totalEarnedPoints"] == 274.9
    assert later["usedPoints"] == 25
    assert later["pointsExpiringBreakdown"] == {"2019-04-15": 116.9, "2019-04-17": 12}


def test_just_before_an_expiry_the_points_are_still_available(app_at):
    app = app_at("2019-04-14T12:59:00+02:00")
    body = get_status(app.test_client(), Auth(app).headers("admin"), prefix="admin")
    assert body["points"] == 161.9
    assert body["expiredPoints"] == 88


def test_after_every_expiry_no_points_are_left(app_at):
    app = app_at("2019-05-01T12:00:00+02:00")
    body = get_status(app.test_client(), Auth(app).headers("admin"), prefix="admin")
    assert body["points"] == 0
    assert body["expiredPoints"] == pytest.approx(249.9)
    assert body["pointsExpiringBreakdown"] == {}
    assert body["pointsExpiringNextMonth"] == 0


def test_points_expiring_next_month_counts_only_next_calendar_month(app_at):
    # In April, the remaining points expire this month, none next month (May).
    app = app_at("2019-04-01T12:00:00+02:00")
    body = get_status(app.test_client(), Auth(app).headers("admin"), prefix="admin")
    assert body["points"] == 161.9
    assert body["pointsExpiringNextMonth"] == 0
    assert body["pointsExpiringBreakdown"] == REFERENCE_STATUS["pointsExpiringBreakdown"]


# --- who may ask -------------------------------------------------------------------------------


def test_another_customer_is_forbidden(client, auth):
    response = client.get(status_path("customer", JOHN), headers=auth.headers("customer", JANE))
    assert response.status_code == 403
    assert response.json == FORBIDDEN


@pytest.mark.parametrize("prefix", ["customer", "admin", "seller"])
def test_anonymous_is_unauthorized(client, prefix):
    response = client.get(status_path(prefix, JOHN))
    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Invalid credentials"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("prefix", ["admin", "seller"])
def test_customer_on_the_admin_or_seller_path_is_forbidden(client, auth, prefix):
    response = client.get(status_path(prefix, JOHN), headers=auth.headers("customer", JOHN))
    assert response.status_code == 403
    assert response.json == FORBIDDEN


def test_seller_on_the_admin_path_is_forbidden(client, auth):
    response = client.get(status_path("admin", JOHN), headers=auth.headers("seller"))
    assert response.status_code == 403
    assert response.json == FORBIDDEN


@pytest.mark.parametrize("kind", ["admin", "seller"])
def test_admin_and_seller_may_use_the_customer_path(client, auth, kind):
    response = client.get(status_path("customer", JOHN), headers=auth.headers(kind))
    assert response.status_code == 200


@pytest.mark.parametrize("prefix,kind", [("customer", "admin"), ("admin", "admin"), ("seller", "seller")])
def test_unknown_customer_is_not_found(client, auth, prefix, kind):
    response = client.get(status_path(prefix, UNKNOWN), headers=auth.headers(kind))
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_unknown_customer_is_not_found_for_a_customer_too(client, auth):
    response = client.get(status_path("customer", UNKNOWN), headers=auth.headers("customer", JOHN))
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_customer_of_another_store_is_not_found(client, auth):
    response = client.get(status_path("admin", SECOND_CUSTOMER), headers=auth.headers("admin"))
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_status_by_loyalty_card_number(client, auth):
    by_card = client.get(status_path("admin", "47834433524"), headers=auth.headers("admin"))
    by_id = client.get(status_path("admin", JOHN), headers=auth.headers("admin"))
    assert by_card.status_code == 200
    assert by_card.data == by_id.data
