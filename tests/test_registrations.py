"""GET /api/<storeCode>/customer/registrations: registrations per day, month or year before today
(reference "Customer registrations"; DECISIONS 2; notes K)."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from openloyalty_standin.app.testing.support import Auth

PATH = "/api/DEFAULT/customer/registrations"
NOT_VALID = "This value is not valid."
# The moment of the reference's status examples; the seed's newest DEFAULT customer is from 2019-03-18.
FROZEN_NOW = "2019-03-20T12:00:00+01:00"
# The seed's DEFAULT customers created on 2018-02-02: 41fd3247, 142cbe32, e0eb0355 (Kowalski), a284f230 (Test test).
SEEDED_ON_2018_02_02 = 4


def form_error(interval_errors=None, last_days_errors=None):
    def child(errors):
        return {"errors": errors} if errors else {}

    return {"form": {"children": {"interval": child(interval_errors), "lastDays": child(last_days_errors)}},
            "errors": []}


def days_before(today, count):
    return [(today - timedelta(days=offset)).isoformat() for offset in range(count, 0, -1)]


def fetch(client, headers, path=PATH, **params):
    response = client.get(path, headers=headers, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


@pytest.fixture
def app_at(make_app):
    """Build apps whose clock stands at a given moment, over one private copy of the seeded database."""

    def build(moment):
        return make_app(CLOCK=moment)

    return build


@pytest.fixture
def frozen(app_at):
    """(client, admin headers) of an app frozen at FROZEN_NOW."""
    app = app_at(FROZEN_NOW)
    return app.test_client(), Auth(app)


def admin_register(client, auth, email, **fields):
    body = {"customer": {"firstName": "Reg", "lastName": "Istered", "email": email, "agreement1": True, **fields}}
    response = client.post("/api/DEFAULT/admin/customer/register", headers=auth.headers("admin"), json=body)
    assert response.status_code == 200, response.get_data(as_text=True)


# --- who may ask -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["admin", "seller", "customer"])
def test_any_authenticated_role_may_read_registrations(client, auth, kind):
    response = client.get(PATH, headers=auth.headers(kind))
    assert response.status_code == 200


def test_anonymous_is_unauthorized(client):
    response = client.get(PATH)
    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Invalid credentials"}


def test_unknown_store_is_not_found(client, auth):
    response = client.get("/api/NOPE/customer/registrations", headers=auth.headers("admin"))
    assert response.status_code == 404


# --- defaults ----------------------------------------------------------------------------------


def test_default_is_the_30_days_before_today_under_the_real_clock(client, auth):
    body = fetch(client, auth.headers("admin"))
    today = datetime.now(ZoneInfo("Europe/Warsaw")).date()
    assert list(body) == days_before(today, 30)
    assert all(isinstance(count, int) and count >= 0 for count in body.values())


def test_default_is_the_30_days_before_a_frozen_today(frozen):
    client, auth = frozen
    body = fetch(client, auth.headers("admin"))
    assert list(body) == days_before(date(2019, 3, 20), 30)
    assert list(body)[0] == "2019-02-18"
    assert list(body)[-1] == "2019-03-19"


def test_every_day_is_present_and_empty_days_count_zero(frozen):
    client, auth = frozen
    body = fetch(client, auth.headers("admin"))
    assert body["2019-03-18"] == 1  # the seeded new customer 1bbafb37
    assert sum(body.values()) == 1


def test_explicit_day_interval_and_30_days_equal_the_defaults(frozen):
    client, auth = frozen
    assert fetch(client, auth.headers("admin"), interval="day", lastDays="30") == fetch(client, auth.headers("admin"))


def test_last_days_sets_the_number_of_daily_keys(frozen):
    client, auth = frozen
    body = fetch(client, auth.headers("admin"), lastDays="7")
    assert list(body) == days_before(date(2019, 3, 20), 7)


def test_customer_registered_today_is_not_counted(frozen):
    client, auth = frozen
    before = fetch(client, auth.headers("admin"))
    admin_register(client, auth, "today@example.com")
    assert fetch(client, auth.headers("admin")) == before


def test_customer_registered_with_created_at_yesterday_is_counted(frozen):
    client, auth = frozen
    admin_register(client, auth, "yesterday@example.com", createdAt="2019-03-19 10:00:00")
    body = fetch(client, auth.headers("admin"))
    assert body["2019-03-19"] == 1
    assert sum(body.values()) == 2


def test_customer_registered_yesterday_under_the_real_clock_is_counted(client, auth):
    yesterday = datetime.now(ZoneInfo("Europe/Warsaw")).date() - timedelta(days=1)
    before = fetch(client, auth.headers("admin"))[yesterday.isoformat()]
    admin_register(client, auth, "yesterday@example.com", createdAt=f"{yesterday.isoformat()} 12:00:00")
    admin_register(client, auth, "today@example.com")
    assert fetch(client, auth.headers("admin"))[yesterday.isoformat()] == before + 1


# --- month and year ----------------------------------------------------------------------------


def test_month_interval_has_year_month_keys(frozen):
    client, auth = frozen
    assert fetch(client, auth.headers("admin"), interval="month") == {"2019-02": 0, "2019-03": 1}


def test_month_interval_counts_each_month_of_the_window(frozen):
    client, auth = frozen
    # 2019-01-19 .. 2019-03-19: Maria (2019-02-10) and the new customer (2019-03-18); Piotr (01-05) is earlier
    body = fetch(client, auth.headers("admin"), interval="month", lastDays="60")
    assert body == {"2019-01": 0, "2019-02": 1, "2019-03": 1}


def test_year_interval_has_year_keys(frozen):
    client, auth = frozen
    # 2017-11-06 .. 2019-03-19
    body = fetch(client, auth.headers("admin"), interval="year", lastDays="499")
    assert body == {"2017": 0, "2018": SEEDED_ON_2018_02_02, "2019": 3}


def test_year_interval_with_the_default_window(frozen):
    client, auth = frozen
    assert fetch(client, auth.headers("admin"), interval="year") == {"2019": 1}


def test_month_keys_under_the_real_clock_have_the_year_month_shape(client, auth):
    body = fetch(client, auth.headers("admin"), interval="month")
    assert 1 <= len(body) <= 2
    assert all(len(key) == 7 and datetime.strptime(key, "%Y-%m") for key in body)


# --- the seed's known dates --------------------------------------------------------------------


def test_seeded_customers_land_on_2018_02_02(app_at):
    app = app_at("2018-02-05T12:00:00+01:00")
    body = fetch(app.test_client(), Auth(app).headers("admin"), lastDays="10")
    assert list(body) == days_before(date(2018, 2, 5), 10)
    assert body["2018-02-02"] == SEEDED_ON_2018_02_02
    assert sum(body.values()) == SEEDED_ON_2018_02_02


def test_reference_window_of_the_example(app_at):
    # The reference's example ends on 2018-02-04: the request was made on 2018-02-05.
    app = app_at("2018-02-05T12:00:00+01:00")
    body = fetch(app.test_client(), Auth(app).headers("admin"))
    assert list(body)[0] == "2018-01-06"
    assert list(body)[-1] == "2018-02-04"
    assert body["2018-02-02"] == SEEDED_ON_2018_02_02


def test_day_boundaries_follow_the_store_timezone(app_at):
    # Piotr registered 2019-01-05T08:30+01:00; seen from 2019-01-06, he is yesterday's only registration.
    app = app_at("2019-01-06T00:30:00+01:00")
    body = fetch(app.test_client(), Auth(app).headers("admin"), lastDays="1")
    assert body == {"2019-01-05": 1}


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("interval", ["week", "days", "1"])
def test_invalid_interval_is_a_form_error(client, auth, interval):
    response = client.get(PATH, headers=auth.headers("admin"), query_string={"interval": interval})
    assert response.status_code == 400
    assert response.json == form_error(interval_errors=[NOT_VALID])


@pytest.mark.parametrize("last_days", ["abc", "-1", "1.5", "30days", "99999999999999999999"])
def test_invalid_last_days_is_a_form_error(client, auth, last_days):
    response = client.get(PATH, headers=auth.headers("admin"), query_string={"lastDays": last_days})
    assert response.status_code == 400
    assert response.json == form_error(last_days_errors=[NOT_VALID])


@pytest.mark.parametrize("last_days", ["0", "", " ", "1e3", "36600", "1000000", " 5"])
def test_odd_last_days_never_fail_with_a_server_error(client, auth, last_days):
    response = client.get(PATH, headers=auth.headers("admin"), query_string={"lastDays": last_days})
    assert response.status_code in (200, 400)


# --- stores ------------------------------------------------------------------------------------


def test_stores_count_only_their_own_customers(frozen):
    client, auth = frozen
    second = fetch(client, auth.headers("admin"), path="/api/SECOND/customer/registrations", lastDays="90")
    default = fetch(client, auth.headers("admin"), lastDays="90")
    assert second["2019-01-01"] == 1 and second["2019-01-02"] == 1
    assert sum(second.values()) == 2
    assert default["2019-01-01"] == 0 and default["2019-01-02"] == 0
    assert default["2019-01-05"] == 1  # Piotr


def test_a_registration_in_one_store_does_not_show_in_the_other(frozen):
    client, auth = frozen
    before = fetch(client, auth.headers("admin"), path="/api/SECOND/customer/registrations")
    admin_register(client, auth, "yesterday@example.com", createdAt="2019-03-19 10:00:00")
    assert fetch(client, auth.headers("admin"), path="/api/SECOND/customer/registrations") == before
