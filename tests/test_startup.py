"""What a new app reuses from earlier apps of the process, and what it must not."""


def test_apps_with_other_settings_get_their_own_document(make_app):
    """The document is built once per process and settings, not once per process."""
    with_dev = make_app(DEV_ENDPOINTS=True).test_client().get("/api/doc/openapi.json").json
    without_dev = make_app(DEV_ENDPOINTS=False).test_client().get("/api/doc/openapi.json").json
    again = make_app(DEV_ENDPOINTS=True).test_client().get("/api/doc/openapi.json").json
    assert any(path.startswith("/_dev/") for path in with_dev["paths"])
    assert not any(path.startswith("/_dev/") for path in without_dev["paths"])
    assert again == with_dev
    assert make_app(DEV_ENDPOINTS=False).test_client().get("/_dev/outbox").status_code == 404


def test_a_token_verified_once_is_still_refused_once_expired(make_app):
    """Verified signatures are remembered; times and accounts are checked on every request."""
    from openloyalty_standin.app.testing.support import Auth

    app = make_app(CLOCK="2026-01-01T12:00:00+00:00")
    headers = Auth(app).headers("admin")
    url = "/api/DEFAULT/customer/00000000-0000-474c-b092-b0dd880c07e1"
    assert app.test_client().get(url, headers=headers).status_code == 200
    app.config["CLOCK"] = "2026-01-03T12:00:00+00:00"
    expired = app.test_client().get(url, headers=headers)
    assert expired.status_code == 401 and expired.json == {"code": 401, "message": "Invalid JWT Token"}


def test_apps_made_one_after_another_build_and_match_their_own_urls(make_app):
    """URL builders are shared between apps (app.routing); each app still routes and builds alike."""
    from flask import url_for

    for app in (make_app(), make_app(DEV_ENDPOINTS=False)):
        with app.test_request_context():
            assert url_for("customer.get_customer_status", storeCode="SECOND", customer="a b") == (
                "/api/SECOND/customer/customer/a%20b/status")
            assert url_for("customer.list_customers", storeCode="DEFAULT", page=2) == "/api/DEFAULT/customer?page=2"
        adapter = app.url_map.bind("localhost")
        assert adapter.match("/api/customer/registrations/daily") == (
            "customer.list_registrations", {"storeCode": "DEFAULT"})
