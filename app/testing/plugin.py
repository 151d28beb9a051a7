"""pytest plugin: a fresh seeded stand-in per test, in-process.

Installed with this package and registered through the `pytest11` entry point, so any
project that installs it gets these fixtures:

- `ol_app`: a new app with a private seeded SQLite database (a copy of a template);
- `ol_client`: its Flask test client;
- `ol_auth`: Authorization headers per role, e.g. `ol_auth.headers("seller")`;
- `ol_live_server`: `ol_app` served over HTTP on a free port (`ol_live_server.url`), for
  browser tests and clients that are not Python;
- `ol_clock`: `freeze(at)`, `advance("1d")`, `release()`, `now()`;
- `ol_outbox`: `messages(to=...)`, `latest(to=...)`, `code(to)`, `link(to)`, `clear()`;
- `ol_snapshots`: `take(name)`, `restore(name)`, `names()`, `delete(name)`.
"""

import pytest

from openloyalty_standin.app.testing.support import (
    Auth,
    Clock,
    LiveServer,
    Outbox,
    Snapshots,
    build_template,
    fresh_app,
)


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
        from openloyalty_standin.app.extensions import db

        db.engine.dispose()


@pytest.fixture
def ol_client(ol_app):
    """A test client of `ol_app`."""
    return ol_app.test_client()


@pytest.fixture
def ol_auth(ol_app):
    """Authorization headers per role: headers("admin"), headers("seller"), headers("customer", id)."""
    return Auth(ol_app)


@pytest.fixture
def ol_live_server(ol_app):
    """`ol_app` over HTTP on a free port of 127.0.0.1; `ol_live_server.url` is its base URL."""
    server = LiveServer(ol_app)
    yield server
    server.stop()


@pytest.fixture
def ol_clock(ol_app):
    """The app's clock: freeze, advance, release."""
    return Clock(ol_app)


@pytest.fixture
def ol_outbox(ol_app):
    """The SMS and e-mails the app would have sent, with their codes and links."""
    return Outbox(ol_app)


@pytest.fixture
def ol_snapshots(ol_app):
    """Named snapshots of the app's database."""
    return Snapshots(ol_app)
