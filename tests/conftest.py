"""Our tests use the fixtures of the package's own pytest plugin, under short names."""
import pytest

ADMIN_ID = "22200000-0000-474c-b092-b0dd880c07e2"
SELLER_ID = "00000000-0000-474c-b092-b0dd880c07e4"
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
NEW_CUSTOMER = "1bbafb37-b51b-47c5-b3e4-e0a2d028e655"
KOWALSKI = "e0eb0355-8aaa-4fb1-8159-f58e81b7a25c"
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"


@pytest.fixture
def app(ol_app):
    return ol_app


@pytest.fixture
def client(ol_client):
    return ol_client


@pytest.fixture
def auth(ol_auth):
    return ol_auth
