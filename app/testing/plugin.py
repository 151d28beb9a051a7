"""pytest plugin: a fresh seeded stand-in per test, in-process.

Installed with this package and registered through the `pytest11` entry point, so any
project that installs it gets these fixtures:

- `ol_app`: an app over its own SQLite database, freshly seeded for each test (the process keeps
  the app and puts its whole world back to the seed, which is much faster than making a new one);
- `ol_worlds`: `take(**config)` hands out such an app with other settings;
- `ol_client`: its Flask test client;
- `ol_auth`: Authorization headers per role, e.g. `ol_auth.headers("seller")`;
- `ol_live_server`: `ol_app` served over HTTP on a free port (`ol_live_server.url`), for
  browser tests and clients that are not Python;
- `ol_clock`: `freeze(at)`, `advance("1d")`, `release()`, `now()`;
- `ol_outbox`: `messages(to=...)`, `latest(to=...)`, `code(to)`, `link(to)`, `clear()`;
- `ol_snapshots`: `take(name)`, `restore(name)`, `names()`, `delete(name)`;
- `ol_sandbox`: a fresh sandbox of the test's own in `ol_app` (`name`, `prefix`, `client`, `auth`,
  `clock`, `outbox`, `snapshots`, `url(ol_live_server.url)`), deleted after the test.
"""

import pytest

from openloyalty_standin.app.testing.support import (
    Auth,
    Clock,
    LiveServer,
    Outbox,
    Sandbox,
    Snapshots,
    Worlds,
    build_template,
)


@pytest.fixture(scope="session")
def ol_template(tmp_path_factory):
    """A seeded database and a key pair, made once per test session (its databases are
    removed at its end)."""
    template = build_template(str(tmp_path_factory.mktemp("ol-template")))
    yield template
    template.databases.close()


@pytest.fixture(scope="session")
def ol_worlds(ol_template, tmp_path_factory):
    """The apps of this test process, each put back to the seed before a test takes it."""
    worlds = Worlds(ol_template, tmp_path_factory.mktemp("ol-worlds"))
    yield worlds
    worlds.close()


@pytest.fixture
def ol_app(ol_worlds):
    """A stand-in app whose world is freshly seeded: database, clock, faults, outbox, files."""
    return ol_worlds.take()


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


@pytest.fixture
def ol_sandbox(ol_app):
    """A sandbox of the test's own: seeded, isolated from every other world, deleted afterwards."""
    sandbox = Sandbox(ol_app)
    yield sandbox
    sandbox.delete()
