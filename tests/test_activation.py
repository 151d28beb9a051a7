"""POST /admin|seller/customer/<customer>/activate and /deactivate."""
import pytest

from openloyalty_standin.app.testing.support import Auth

JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
NEW_CUSTOMER = "1bbafb37-b51b-47c5-b3e4-e0a2d028e655"
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"
UNKNOWN = "00000000-0000-474c-b092-b0dd880c0000"
STATUS_TYPES = ["new", "active", "blocked", "deleted"]
STATUS_STATES = ["no-card", "card-sent", "with-card"]
BLOCKED = {"availableTypes": STATUS_TYPES, "availableStates": STATUS_STATES, "type": "blocked"}
ACTIVE = {"availableTypes": STATUS_TYPES, "availableStates": STATUS_STATES, "type": "active", "state": "no-card"}
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}
FORBIDDEN = {"error": {"code": 403, "message": "Forbidden"}}
ROLES = {"admin": "admin", "seller": "seller"}  # path prefix -> the role the reference uses there


def action_path(prefix, customer, action, store="DEFAULT"):
    return f"/api/{store}/{prefix}/customer/{customer}/{action}"


def post(client, auth, prefix, customer, action, kind=None):
    return client.post(action_path(prefix, customer, action), headers=auth.headers(kind or ROLES[prefix]))


def details(client, auth, customer):
    response = client.get(f"/api/DEFAULT/customer/{customer}", headers=auth.headers("admin"))
    assert response.status_code == 200
    return response.json


def login(client, username, password="loyalty"):
    return client.post("/api/customer/login_check", data={"_username": username, "_password": password})


@pytest.fixture(params=["admin", "seller"])
def prefix(request):
    return request.param


@pytest.mark.parametrize("action", ["activate", "deactivate"])
def test_action_answers_200_with_an_empty_body(client, auth, prefix, action):
    response = post(client, auth, prefix, JOHN, action)
    assert response.status_code == 200
    assert response.data == b""


def test_deactivated_customer_shows_inactive_and_blocked_without_state(client, auth, prefix):
    post(client, auth, prefix, JOHN, "deactivate")
    body = details(client, auth, JOHN)
    assert body["active"] is False
    assert body["status"] == BLOCKED
    assert "state" not in body["status"]


def test_deactivated_customer_cannot_log_in(client, auth, prefix):
    assert login(client, "user@example.com").status_code == 200
    post(client, auth, prefix, JOHN, "deactivate")
    response = login(client, "user@example.com")
    assert response.status_code == 401
    assert "token" not in response.json


def test_deactivated_customer_cannot_log_in_by_card_or_phone(client, auth):
    post(client, auth, "admin", JOHN, "deactivate")
    assert login(client, "47834433524").status_code == 401
    assert login(client, "+48234234000").status_code == 401


def test_deactivated_customers_existing_token_is_refused(client, auth, prefix):
    token = auth.headers("customer", JOHN)
    assert client.get(f"/api/DEFAULT/customer/{JOHN}", headers=token).status_code == 200
    post(client, auth, prefix, JOHN, "deactivate")
    response = client.get(f"/api/DEFAULT/customer/{JOHN}", headers=token)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_activating_a_new_customer_makes_it_active_without_card(client, auth, prefix):
    before = details(client, auth, NEW_CUSTOMER)
    assert before["active"] is False
    assert before["status"]["type"] == "new"
    response = post(client, auth, prefix, NEW_CUSTOMER, "activate")
    assert response.status_code == 200
    body = details(client, auth, NEW_CUSTOMER)
    assert body["active"] is True
    assert body["status"] == ACTIVE


def test_activated_new_customer_can_log_in(client, auth):
    assert login(client, "adam.nowak@example.com").status_code == 401
    post(client, auth, "admin", NEW_CUSTOMER, "activate")
    response = login(client, "adam.nowak@example.com")
    assert response.status_code == 200
    assert response.json["token"]


def test_reactivated_customer_can_log_in_again(client, auth, prefix):
    post(client, auth, prefix, JOHN, "deactivate")
    post(client, auth, prefix, JOHN, "activate")
    body = details(client, auth, JOHN)
    assert body["active"] is True
    assert body["status"] == ACTIVE
    assert login(client, "user@example.com").status_code == 200


@pytest.mark.parametrize("action", ["activate", "deactivate"])
def test_repeating_an_action_is_idempotent(client, auth, prefix, action):
    first = post(client, auth, prefix, JOHN, action)
    after_first = details(client, auth, JOHN)
    second = post(client, auth, prefix, JOHN, action)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.data == b""
    assert details(client, auth, JOHN) == after_first


def test_activating_an_active_customer_changes_nothing(client, auth, prefix):
    before = details(client, auth, JOHN)
    post(client, auth, prefix, JOHN, "activate")
    assert details(client, auth, JOHN) == before


def test_version_increments_on_a_real_change_only(client, auth, prefix):
    assert details(client, auth, JOHN)["version"] == 7
    post(client, auth, prefix, JOHN, "deactivate")
    assert details(client, auth, JOHN)["version"] == 8
    post(client, auth, prefix, JOHN, "deactivate")
    assert details(client, auth, JOHN)["version"] == 8
    post(client, auth, prefix, JOHN, "activate")
    assert details(client, auth, JOHN)["version"] == 9


def test_real_change_moves_updated_at(client, auth):
    before = details(client, auth, JOHN)["updatedAt"]
    post(client, auth, "admin", JOHN, "deactivate")
    assert details(client, auth, JOHN)["updatedAt"] != before


@pytest.mark.parametrize("action", ["activate", "deactivate"])
@pytest.mark.parametrize("customer", [JOHN, JANE])
def test_customer_token_is_forbidden(client, auth, prefix, action, customer):
    response = post(client, auth, prefix, customer, action, kind="customer")
    assert response.status_code == 403
    assert response.json == FORBIDDEN
    assert details(client, auth, JOHN)["active"] is True


@pytest.mark.parametrize("action", ["activate", "deactivate"])
def test_seller_token_is_forbidden_on_admin_paths(client, auth, action):
    response = post(client, auth, "admin", JOHN, action, kind="seller")
    assert response.status_code == 403
    assert response.json == FORBIDDEN


@pytest.mark.parametrize("action", ["activate", "deactivate"])
def test_admin_token_works_on_seller_paths(client, auth, action):
    response = post(client, auth, "seller", JOHN, action, kind="admin")
    assert response.status_code == 200
    assert response.data == b""


@pytest.mark.parametrize("action", ["activate", "deactivate"])
def test_anonymous_call_is_401(client, prefix, action):
    response = client.post(action_path(prefix, JOHN, action))
    assert response.status_code == 401
    assert response.json == {"code": 401, "message": "Invalid credentials"}


@pytest.mark.parametrize("action", ["activate", "deactivate"])
@pytest.mark.parametrize("customer", [UNKNOWN, "no-such-card"])
def test_unknown_customer_is_404(client, auth, prefix, action, customer):
    response = post(client, auth, prefix, customer, action)
    assert response.status_code == 404
    assert response.json == NOT_FOUND


@pytest.mark.parametrize("action", ["activate", "deactivate"])
def test_another_stores_customer_is_404(client, auth, prefix, action):
    response = post(client, auth, prefix, SECOND_CUSTOMER, action)
    assert response.status_code == 404
    assert response.json == NOT_FOUND


def test_deactivation_by_loyalty_card_number(client, auth):
    response = post(client, auth, "admin", "47834433524", "deactivate")
    assert response.status_code == 200
    assert details(client, auth, JOHN)["active"] is False


def self_register_ola(client):
    body = {"customer": {"firstName": "Ola", "lastName": "Link", "email": "ola.link@example.com",
                         "agreement1": True, "plainPassword": "OpenLoyalty123!"}}
    assert client.post("/api/DEFAULT/customer/self_register", json=body).status_code == 200
    return client.get("/_dev/outbox/latest", query_string={"to": "ola.link@example.com"}).json


def test_the_activation_link_leads_to_the_default_customer_panel_and_carries_its_token(client):
    message = self_register_ola(client)
    panel = "http://localhost:8183/#!/customer/panel/customer/registration/activate/"
    assert message["link"] == panel + message["token"]
    assert len(message["token"]) == 20 and message["link"] in message["body"]
    assert client.post(f"/api/DEFAULT/customer/activate/{message['token']}").status_code == 200


def test_the_links_of_e_mails_start_with_the_configured_customer_panel(make_app):
    app = make_app(FRONTEND_CUSTOMER_PANEL_URL="https://panel.example.com/loyalty/")
    client = app.test_client()
    message = self_register_ola(client)
    assert message["link"].startswith("https://panel.example.com/loyalty/#!/customer/panel/")
    assert message["link"].endswith("/" + message["token"])
    body = {"customer": {"firstName": "Temp", "lastName": "Pass", "email": "temp.pass@example.com", "agreement1": True}}
    assert client.post("/api/DEFAULT/admin/customer/register", json=body,
                       headers=Auth(app).headers("admin")).status_code == 200  # e-mails a temporary password
    password = client.get("/_dev/outbox/latest", query_string={"to": "temp.pass@example.com"}).json
    assert password["kind"] == "temporary_password" and password["link"] == "https://panel.example.com/loyalty/"
