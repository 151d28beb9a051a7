"""GET /health tells whether the server can do its work, with or without the control plane, and
GET / sends a person to a page instead of a bare 404."""
import os

import pytest

from openloyalty_standin.app import create_app


def test_health_says_ok_with_the_version(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "version": "0.1.0", "database": "ok", "sandboxes": 0}


def test_health_is_on_without_the_control_plane(make_app):
    client = make_app(DEV_ENDPOINTS=False).test_client()
    assert client.get("/_dev/outbox").status_code == 404
    assert client.get("/health").json["status"] == "ok"


def test_health_is_503_in_the_same_shape_when_the_database_cannot_be_read(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "TESTING": True})  # never prepared
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "version": "0.1.0",
                             "database": "not prepared: run flask --app wsgi seed", "sandboxes": 0}


def test_health_is_503_when_the_database_file_is_no_database(tmp_path):
    database = tmp_path / "openloyalty.db"
    database.write_bytes(b"this is not a database file" * 100)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "TESTING": True})
    response = app.test_client().get("/health")
    assert response.status_code == 503 and response.json["status"] == "unavailable"
    assert response.json["database"].startswith("unreadable: ")


def test_an_unprepared_database_says_how_to_prepare_it(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "TESTING": True})
    response = app.test_client().get("/api/DEFAULT/customer/check?emailOrPhone=x")
    assert response.status_code == 503
    assert response.json == {"error": {"code": 503, "message": "Service Unavailable"},
                             "hint": "The database is not prepared: run flask --app wsgi seed."}
    assert os.path.exists(tmp_path / "openloyalty.db")


@pytest.mark.parametrize("dev, target", [(True, "/_dev/"), (False, "/api/doc/")])
def test_the_root_leads_to_a_page(make_app, dev, target):
    client = make_app(DEV_ENDPOINTS=dev).test_client()
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == target
    assert client.get(target).status_code == 200
