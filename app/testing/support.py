"""Building blocks of the pytest plugin, usable from any test harness."""
import itertools
import os
import secrets
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from openloyalty_standin.app import clock, create_app, worlds
from openloyalty_standin.app.auth import MODELS, issue_token, key_pair
from openloyalty_standin.app.config import TestConfig
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.services import clock_control, faults, outbox, request_log, snapshots, state
from openloyalty_standin.app.serving import JsonErrorRequestHandler
from openloyalty_standin.app.testing.databases import from_environment as databases_from_environment

ADMIN_ID = "22200000-0000-474c-b092-b0dd880c07e2"
SELLER_ID = "00000000-0000-474c-b092-b0dd880c07e4"
CUSTOMER_ID = "00000000-0000-474c-b092-b0dd880c07e1"


@dataclass
class Template:
    """A seeded database (its URL), the databases of the test process it is copied into (SQLite
    files, or PostgreSQL's with OL_TEST_POSTGRESQL), and the key pair every app of the session shares."""

    url: str
    databases: object
    private_key: str
    public_key: str

    @property
    def database(self):
        """The template's SQLite file (None on PostgreSQL)."""
        return make_url(self.url).database if self.databases.engine == "sqlite" else None

    def copy(self, instance_path):
        """The URL of a new database holding the template's rows."""
        return self.databases.copy(self.url, instance_path)


def _config(instance_path, database, template=None):
    """Test settings for an app of `instance_path` on `database`: a URL, or a SQLite file's path."""
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    url = database if "://" in str(database) else f"sqlite:///{database}"
    config.update(INSTANCE_PATH=instance_path, SQLALCHEMY_DATABASE_URI=url)
    if template:
        config.update(JWT_PRIVATE_KEY_PATH=template.private_key, JWT_PUBLIC_KEY_PATH=template.public_key)
    return config


def build_template(folder, like=None, **config):
    """Create a seeded database and a key pair in `folder`; `like`, another template, gives its
    databases and keys, and `config` settings for the seeding (a CLOCK, say)."""
    databases = like.databases if like else databases_from_environment(folder)
    url = databases.template_url()
    app = create_app({**_config(folder, url, like), **config})
    with app.app_context():
        state.prepare_database()
        pems = key_pair(app)
        db.engine.dispose()
    databases.finish_template(url)
    if like:
        return Template(url, databases, like.private_key, like.public_key)
    private, public = os.path.join(folder, "jwt-private.pem"), os.path.join(folder, "jwt-public.pem")
    for path, pem in ((private, pems[0]), (public, pems[1])):
        with open(path, "wb") as out:
            out.write(pem)
    return Template(url, databases, private, public)


def fresh_app(template, instance_path, **config):
    """Create an app over a private copy of the template database."""
    os.makedirs(instance_path, exist_ok=True)
    return create_app({**_config(instance_path, template.copy(instance_path), template), **config})


# What a test may leave in the default world's folder besides the database, the clock and the faults.
INSTANCE_FOLDERS = ("avatars", "snapshots")


class Worlds:
    """The apps of one test process, each handed out as a fresh seeded world.

    Making an app costs tens of milliseconds, and so does its first query of each kind; an app
    put back to the seed costs about one. Before a test takes an app again, everything the last
    test could change is put back: the database (from the template), the clock, the faults, the
    request log, avatars and snapshots, and the app's settings.
    """

    def __init__(self, template, folder):
        self.template, self.folder, self._apps = template, str(folder), {}

    def take(self, **config):
        """A seeded app with `config` on top of the test settings."""
        key = repr(sorted(config.items()))
        kept = self._apps.get(key)
        if kept is None:
            app = fresh_app(self.template, os.path.join(self.folder, f"world-{len(self._apps) + 1}"), **config)
            self._apps[key] = app, dict(app.config)
            return app
        app, settings = kept
        app.config.clear()
        app.config.update(settings)
        reset_world(app, self.template)
        return app

    def close(self):
        for app, _settings in self._apps.values():
            with app.app_context():
                db.engine.dispose()
        self._apps.clear()


def reset_world(app, template):
    """Put an app's world back to the template: see Worlds."""
    with app.app_context():
        db.session.remove()
        request_log.clear()
        snapshots.clear()
        worlds.worlds(app).clear()
    home = worlds.worlds(app).home
    for name in INSTANCE_FOLDERS:
        shutil.rmtree(os.path.join(home, name), ignore_errors=True)
    restore_seed(app, template)


class Scoped:
    """A helper acting on one world of an app: the default one, or the sandbox `sandbox`."""

    def __init__(self, app, sandbox=None):
        self.app, self.sandbox = app, sandbox

    @contextmanager
    def context(self):
        with self.app.app_context():
            if self.sandbox is None:
                yield
            else:
                with worlds.chosen(self.sandbox):
                    yield


class Auth(Scoped):
    """Hands out Authorization headers for the seeded accounts, or any account by id (tokens of a
    sandbox's helper are valid in that sandbox only)."""

    DEFAULT_IDS = {"admin": ADMIN_ID, "seller": SELLER_ID, "customer": CUSTOMER_ID}

    def token(self, kind, user_id=None):
        """Return a JWT for the account of `kind` with `user_id` (a seeded one by default)."""
        with self.context():
            user = db.session.get(MODELS[kind], user_id or self.DEFAULT_IDS[kind])
            return issue_token(kind, user)

    def headers(self, kind, user_id=None):
        """Return {"Authorization": "Bearer ..."} for that account."""
        return {"Authorization": f"Bearer {self.token(kind, user_id)}"}


def restore_seed(app, template):
    """Put the template's seeded rows back into the app's database, the clock
    back to the configured one, and no faults."""
    with app.app_context():
        clock.release()
        faults.clear()
    template.databases.restore(app, template.url)


class Clock(Scoped):
    """The app's clock from a test: freeze(at), advance("1d" or seconds), release(), now()."""

    def now(self):
        with self.context():
            return clock.now()

    def freeze(self, at=None):
        """Stop the clock at `at` (a datetime or ISO 8601 text), or where it stands."""
        with self.context():
            clock_control.freeze(at.isoformat() if hasattr(at, "isoformat") else at)

    def advance(self, step):
        with self.context():
            clock_control.advance(**({"duration": step} if isinstance(step, str) else {"seconds": step}))

    def release(self):
        with self.context():
            clock.release()


class Outbox(Scoped):
    """The messages the app would have sent: messages(to=, kind=), latest(to=, kind=), code(to), link(to), clear()."""

    FIELDS = ("channel", "kind", "recipient", "subject", "body", "code", "link", "token", "customer_id")

    def _plain(self, message):
        return {name: getattr(message, name) for name in self.FIELDS}

    def messages(self, to=None, kind=None):
        with self.context():
            return [self._plain(message) for message in outbox.list_messages(to=to, kind=kind)["messages"]]

    def latest(self, to=None, kind=None):
        """The newest message (a dict), or None when nothing was sent."""
        found = self.messages(to=to, kind=kind)
        return found[0] if found else None

    def code(self, to):
        """The code of the newest message to `to` (an SMS code or a temporary password)."""
        latest = self.latest(to=to)
        return latest and latest["code"]

    def link(self, to):
        """The link of the newest message to `to` (an activation link)."""
        latest = self.latest(to=to)
        return latest and latest["link"]

    def clear(self):
        with self.context():
            outbox.clear_messages()


class Snapshots(Scoped):
    """Named snapshots of the app's database: take(name), restore(name), names(), delete(name)."""

    def take(self, name):
        with self.context():
            snapshots.take(name)

    def restore(self, name):
        with self.context():
            snapshots.restore(name)

    def names(self):
        with self.context():
            return [snapshot["name"] for snapshot in snapshots.listing()["snapshots"]]

    def delete(self, name):
        with self.context():
            snapshots.delete(name)


class Sandbox:
    """A sandbox of one test's own, in an app that may serve others at the same time.

    `name` and `prefix` ("/sandbox/<name>"); `client`, a Flask test client whose requests all go
    to the sandbox (X-Sandbox); `auth`, `clock`, `outbox` and `snapshots` scoped to it;
    `url(base)` the sandbox's base URL on a live server (`sandbox.url(ol_live_server.url)`).
    """

    _numbers = itertools.count(1)

    def __init__(self, app, name=None):
        self.app = app
        self.name = name or f"t{next(self._numbers)}-{os.getpid()}-{secrets.token_hex(3)}"
        self.prefix = f"/sandbox/{self.name}"
        with app.app_context():
            worlds.worlds(app).get(self.name)  # made now, from the seeded template
        self.client = app.test_client()
        self.client.environ_base["HTTP_X_SANDBOX"] = self.name
        self.auth, self.clock = Auth(app, self.name), Clock(app, self.name)
        self.outbox, self.snapshots = Outbox(app, self.name), Snapshots(app, self.name)

    def url(self, base):
        return base.rstrip("/") + self.prefix

    def delete(self):
        with self.app.app_context():
            worlds.worlds(self.app).delete(self.name)


class LiveServer:
    """The app served over HTTP on a free port of 127.0.0.1, in a thread: `url` is its base.

    Ready when made: it has answered GET /health with 200.
    """

    def __init__(self, app, wait=30):
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=JsonErrorRequestHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self._wait_until_healthy(wait)

    def _wait_until_healthy(self, wait):
        deadline = time.monotonic() + wait
        while True:
            try:
                with urlopen(self.url + "/health", timeout=5):
                    return
            except (HTTPError, URLError, OSError) as error:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"{self.url}/health does not answer 200: {error}") from None
                time.sleep(0.05)

    def stop(self):
        self._server.shutdown()
        self._thread.join(timeout=10)
