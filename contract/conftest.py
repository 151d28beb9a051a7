"""Contract runs: schemathesis against the app in-process, through its generated OpenAPI document."""
import pytest
import schemathesis
from werkzeug.test import Client

CREDENTIALS = {
    "admin": ("/api/admin/login_check", {"_username": "admin", "_password": "open"}),
    "seller": ("/api/seller/login_check", {"_username": "john@doe.com", "_password": "open"}),
}


def login(app, role):
    """Log in through the API itself and return the JWT."""
    path, body = CREDENTIALS[role]
    return Client(app).post(path, json=body).json["token"]


@pytest.fixture
def api_schema(ol_app):
    """The generated document of a fresh seeded app, loaded by schemathesis over WSGI."""
    return schemathesis.openapi.from_wsgi("/api/doc/openapi.json", ol_app)
