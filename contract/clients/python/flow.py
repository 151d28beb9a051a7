"""A backend's or a test suite's everyday calls through a client generated with
openapi-python-client (default configuration) from the document's JSON-only variant
(`/api/doc/openapi.json?bodies=json`), type-checked with `mypy --strict`.

Usage: python flow.py <base URL> <file for the captured answers>
"""
import json
import sys
from http import HTTPStatus

import httpx
from open_loyalty_customer_api_stand_in_client import AuthenticatedClient, Client
from open_loyalty_customer_api_stand_in_client.api.admin import (
    admin_get_customer_status,
    admin_list_customers,
    admin_register_customer,
)
from open_loyalty_customer_api_stand_in_client.api.customer import (
    activate_with_token,
    delete_customer,
    get_customer,
    get_customer_status,
    list_customers,
    self_register_customer,
    update_customer,
)
from open_loyalty_customer_api_stand_in_client.api.dev import latest_message
from open_loyalty_customer_api_stand_in_client.api.pos import search_pos_customers
from open_loyalty_customer_api_stand_in_client.api.security import (
    login_admin,
    login_customer,
    login_seller,
    refresh_token,
)
from open_loyalty_customer_api_stand_in_client.api.seller import seller_register_customer
from open_loyalty_customer_api_stand_in_client.models import (
    Address,
    Customer,
    CustomerId,
    CustomerList,
    CustomerRegister,
    CustomerRow,
    CustomerSearch,
    CustomerSearchRequest,
    CustomerSearchResult,
    CustomerSelfRegister,
    CustomerStatus,
    CustomerUpdate,
    ErrorEnvelope,
    FormError,
    FormNode,
    FormNodeChildren,
    Login,
    OutboxMessage,
    Refresh,
    RegisterCustomerRequest,
    RegisteredCustomer,
    SelfRegisterCustomerRequest,
    Token,
    Unauthorized,
    UpdateCustomerRequest,
)
from open_loyalty_customer_api_stand_in_client.types import UNSET

STORE = "DEFAULT"
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
captured: list[dict[str, object]] = []


def record(response: httpx.Response) -> None:
    response.read()
    captured.append({"method": response.request.method, "url": response.request.url.path,
                     "status": response.status_code, "contentType": response.headers.get("content-type"),
                     "body": response.json() if response.content else None})


def client_args() -> dict[str, object]:
    return {"event_hooks": {"response": [record]}}


def anonymous(base_url: str) -> Client:
    return Client(base_url=base_url, httpx_args=client_args())


def signed_in(base_url: str, token: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=token, httpx_args=client_args())


def check(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(f"check failed: {what}")


def describe(customer: Customer | CustomerRow) -> str:
    """Everyday reading of a customer, with no casts: e-mail is absent for phone-only customers."""
    contact = customer.email or customer.phone or "no contact"
    return f"{customer.first_name} {customer.last_name} <{contact}> since {customer.created_at[:10]}"


def errors_of(node: FormNode, *path: str) -> list[str]:
    for name in path:
        children = node.children
        check(isinstance(children, FormNodeChildren) and name in children, f"form child {name}")
        assert isinstance(children, FormNodeChildren)
        node = children[name]
    return list(node.errors or [])


def token_of(answer: object, what: str) -> Token:
    check(isinstance(answer, Token), what)
    assert isinstance(answer, Token)
    return answer


def main(base_url: str) -> None:
    public = anonymous(base_url)
    admin = signed_in(base_url, token_of(login_admin.sync(client=public, body=Login(
        field_username="admin", field_password="open")), "admin login").token)

    page = list_customers.sync(STORE, client=admin, per_page=5, sort="lastName", direction="asc")
    assert isinstance(page, CustomerList), page
    check(page.total >= len(page.customers) > 0, "list")
    check(all(describe(row) for row in page.customers), "rows")

    john = get_customer.sync(STORE, JOHN, client=admin)
    assert isinstance(john, Customer), john
    check(john.status.type_ == "active" and describe(john).startswith("John Doe"), "details")
    check(john.level is not UNSET and bool(john.level and john.level.name), "level")

    registered = admin_register_customer.sync(STORE, client=admin, body=RegisterCustomerRequest(
        customer=CustomerRegister(first_name="Typed", last_name="Python", email="typed.python@example.com",
                                  agreement1=True, address=Address(city="Łódź", country="PL"))))
    assert isinstance(registered, RegisteredCustomer), registered
    typed = registered.customer_id

    updated = update_customer.sync(STORE, typed, client=admin, body=UpdateCustomerRequest(
        customer=CustomerUpdate(first_name="Typed", last_name="Updated", email="typed.python@example.com",
                                agreement1=True)))
    check(isinstance(updated, CustomerId) and updated.customer_id == typed, f"update: {updated}")
    reread = get_customer.sync(STORE, typed, client=admin)
    assert isinstance(reread, Customer), reread
    check(reread.last_name == "Updated" and reread.address is not UNSET, "the update holds")

    status = admin_get_customer_status.sync(STORE, JOHN, client=admin)
    assert isinstance(status, CustomerStatus), status
    check(status.points >= 0, "admin status")
    filtered = admin_list_customers.sync(STORE, client=admin, last_name="Updated")
    assert isinstance(filtered, CustomerList), filtered
    check([row.customer_id for row in filtered.customers] == [typed], "filter")

    customer = signed_in(base_url, token_of(login_customer.sync(client=public, body=Login(
        field_username="user@example.com", field_password="loyalty")), "customer login").token)
    own = get_customer.sync(STORE, JOHN, client=customer)
    check(isinstance(own, Customer) and own.customer_id == JOHN, "own details")
    own_status = get_customer_status.sync(STORE, JOHN, client=customer)
    check(isinstance(own_status, CustomerStatus), "own status")
    other = get_customer.sync_detailed(STORE, JANE, client=customer)
    check(other.status_code == HTTPStatus.FORBIDDEN, "another customer is forbidden")

    seller = signed_in(base_url, token_of(login_seller.sync(client=public, body=Login(
        field_username="john@doe.com", field_password="open")), "seller login").token)
    at_till = seller_register_customer.sync(STORE, client=seller, body=RegisterCustomerRequest(
        customer=CustomerRegister(first_name="Till", last_name="Python", email="till.python@example.com",
                                  phone="+48600300400", agreement1=True)))
    assert isinstance(at_till, RegisteredCustomer), at_till
    found = search_pos_customers.sync(STORE, client=seller, body=CustomerSearchRequest(
        search=CustomerSearch(phone="+48600300400")))
    assert isinstance(found, CustomerSearchResult), found
    check([row.customer_id for row in found.customers] == [at_till.customer_id], "POS search")

    self_registered = self_register_customer.sync(STORE, client=public, body=SelfRegisterCustomerRequest(
        customer=CustomerSelfRegister(first_name="Self", last_name="Python", email="self.python@example.com",
                                      agreement1=True, plain_password="OpenLoyalty123!")))
    assert isinstance(self_registered, RegisteredCustomer), self_registered
    message = latest_message.sync(client=public, to="self.python@example.com")
    assert isinstance(message, OutboxMessage) and isinstance(message.token, str), message
    check(activate_with_token.sync_detailed(STORE, message.token, client=public).status_code == HTTPStatus.OK,
          "activation")
    tokens = token_of(login_customer.sync(client=public, body=Login(
        field_username="self.python@example.com", field_password="OpenLoyalty123!")), "self login")
    refreshed = token_of(refresh_token.sync(client=public, body=Refresh(refresh_token=tokens.refresh_token)),
                         "refresh")
    mine = get_customer.sync(STORE, self_registered.customer_id, client=signed_in(base_url, refreshed.token))
    check(isinstance(mine, Customer) and mine.active, "the activated customer reads itself")

    duplicate = admin_register_customer.sync(STORE, client=admin, body=RegisterCustomerRequest(
        customer=CustomerRegister(first_name="Again", last_name="Python", email="typed.python@example.com",
                                  agreement1=True)))
    assert isinstance(duplicate, FormError), duplicate
    check(len(errors_of(duplicate.form, "email")) == 1, "the e-mail field's error")
    no_token = get_customer.sync(STORE, JOHN, client=signed_in(base_url, "not-a-token"))
    check(isinstance(no_token, Unauthorized) and no_token.message == "Invalid JWT Token", f"401: {no_token}")
    missing = get_customer.sync(STORE, "00000000-0000-474c-b092-000000000000", client=admin)
    check(isinstance(missing, ErrorEnvelope) and missing.error.code == 404, "404")
    removed = delete_customer.sync_detailed(STORE, typed, client=admin)
    check(removed.status_code == HTTPStatus.NO_CONTENT, "delete")


if __name__ == "__main__":
    url, capture_path = sys.argv[1], sys.argv[2]
    try:
        main(url)
    finally:
        with open(capture_path, "w", encoding="utf-8") as out:
            json.dump(captured, out, indent=1)
