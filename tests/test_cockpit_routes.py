"""Every call of the cockpit × screen table (cockpit facts section 6) is routed: the calls each of
Open Loyalty's 3.x cockpits makes at boot and on its customer screens, as the cockpits send them."""
import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.conftest import JOHN, SELLER_ID

LEVEL = "e82c96cf-32a3-43bd-9034-4df343e50000"
POS = "00000000-0000-474c-1111-b0dd880c07e3"
ALL = [
    ("GET", "/api/translations"), ("GET", "/api/settings/photo/logo"), ("POST", "/api/token/refresh"),
]
ADMIN = [
    ("POST", "/api/admin/login_check"), ("GET", "/api/settings/choices/language"),
    ("GET", "/api/settings"), ("GET", "/api/settings/photo/client-cockpit-logo-big"),
    ("GET", "/api/settings/photo/small-logo"), ("GET", "/api/settings/photo/hero-image"),
    ("GET", "/api/settings/conditions-url"), ("GET", "/api/settings/conditions-file"),
    ("GET", "/api/admin/analytics/points"), ("GET", "/api/admin/analytics/transactions"),
    ("GET", "/api/admin/analytics/customers"), ("GET", "/api/admin/analytics/referrals"),
    ("GET", "/api/customer/registrations/daily"), ("GET", "/api/level"), ("GET", "/api/customer"),
    ("GET", "/api/invitations"), ("GET", "/api/pos"), ("GET", "/api/seller"),
    ("GET", "/api/settings/activation-method"), ("POST", "/api/customer/register"),
    ("GET", f"/api/customer/{JOHN}"), ("GET", f"/api/admin/customer/{JOHN}/status"),
    ("PUT", f"/api/customer/{JOHN}"), ("GET", "/api/transaction"), ("GET", "/api/points/transfer"),
    ("GET", f"/api/admin/customer/{JOHN}/campaign/available"), ("GET", f"/api/admin/customer/{JOHN}/campaign/bought"),
    ("GET", f"/api/level/{LEVEL}"), ("GET", f"/api/pos/{POS}"), ("GET", f"/api/seller/{SELLER_ID}"),
]
CLIENT = [
    ("POST", "/api/customer/login_check"), ("POST", "/api/customer/self_register"),
    ("GET", f"/api/customer/{JOHN}/status"), ("GET", "/api/settings/public"), ("GET", "/api/customer/transaction"),
    ("GET", "/api/customer/points/transfer"), ("GET", "/api/customer/campaign/available"),
    ("GET", "/api/customer/campaign/bought"), ("GET", "/api/customer/earningRule"),
]
POS_COCKPIT = [
    ("POST", "/api/seller/login_check"), ("GET", f"/api/seller/{SELLER_ID}"), ("POST", "/api/pos/search/customer"),
    ("GET", "/api/seller/level"), ("GET", "/api/seller/pos"), ("POST", "/api/seller/customer/register"),
    ("GET", f"/api/seller/customer/{JOHN}/status"), ("GET", "/api/seller/transaction"),
    ("GET", "/api/seller/points/transfer"), ("GET", f"/api/seller/customer/{JOHN}/campaign/available"),
    ("GET", f"/api/seller/customer/{JOHN}/campaign/bought"), ("GET", f"/api/seller/level/{LEVEL}"),
    ("GET", f"/api/seller/pos/{POS}"),
]
COCKPITS = {"all": ALL, "admin": ADMIN, "client": CLIENT, "pos": POS_COCKPIT}
CALLS = sorted(set(ALL + ADMIN + CLIENT + POS_COCKPIT))


@pytest.mark.parametrize("method, path", CALLS, ids=[f"{method} {path}" for method, path in CALLS])
def test_every_call_of_the_cockpits_is_routed(app, method, path):
    try:
        endpoint, _values = app.url_map.bind("localhost").match(path, method=method)
    except (NotFound, MethodNotAllowed) as error:
        pytest.fail(f"{method} {path}: {error.code}")
    assert endpoint


@pytest.mark.parametrize("cockpit", COCKPITS)
def test_no_cockpit_lists_a_call_twice(cockpit):
    assert len(set(COCKPITS[cockpit])) == len(COCKPITS[cockpit])
