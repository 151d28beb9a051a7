"""pytest plugin: a fresh seeded stand-in per test, in-process.

Installed with this package and registered through the `pytest11` entry point, so any
project that installs it gets these fixtures:

- `ol_app`: a new app with a private seeded SQLite database (a copy of a template);
- `ol_client`: its Flask test client;
- `ol_auth`: Authorization headers per role, e.g. `ol_auth.headers("seller")`.
"""

import pytest

from app.testing.support import Auth, build_template, fresh_app


@pytest.fixture(scope="session")
def ol_template(tmp_path_factory):
    """A seeded database file and a key pair, made once per test session."""
    return build_template(str(tmp_path_factory.mktemp("ol-template")))


@pytest.fixture
def ol_app(ol_template, tmp_path):
    """A fresh stand-in app with its own copy of the seeded database."""
    app = fresh_app(ol_template, str(tmp_path / "ol-instance"))
    yield app
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()


@pytest.fixture
def ol_client(ol_app):
    """A test client of `ol_app`."""
    return ol_app.test_client()


@pytest.fixture
def ol_auth(ol_app):
    """Authorization headers per role: headers("admin"), headers("seller"), headers("customer", id)."""
    return Auth(ol_app)
