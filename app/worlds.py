"""The worlds one server holds: the default one, and sandboxes, each a whole world of its own.

A world is its database (its rows, clock and faults), its folder and its name. Its sandboxes and
snapshots are kept as its engine keeps them: as files beside a SQLite database (the default world's
folder is `openloyalty.world` beside `openloyalty.db`, unless SANDBOXES=memory puts the sandboxes
in a temporary folder that goes with the server), as schemas of a PostgreSQL one.
A request names its sandbox by a path prefix, `/sandbox/{name}/...`, or by the `X-Sandbox` header;
`SandboxRouting` reads either in front of the app, before anything else, and the request's world
is then `current()`. Neither is the default world, the one the server had before sandboxes.

The first request to an unknown sandbox creates it as a fresh reset would leave it: a copy of a
prepared, seeded template, not a second run of the seed.
"""
import json
import os
import re
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from flask import current_app, g, has_request_context, request
from sqlalchemy.engine import make_url

from openloyalty_standin.app import engines, schema, world_settings
from openloyalty_standin.app.errors import ApiError
from openloyalty_standin.app.extensions import db

DEFAULT = "default"
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
PREFIX = re.compile(r"^/sandbox/([^/]*)(/.*)?$", re.S)
ENVIRON_KEY = "openloyalty.sandbox"
# What the default world kept in the instance folder before it had a folder of its own.
LEGACY = ("clock.json", "faults.json", "requests.db", "snapshots", "avatars", "sandboxes",
          "jwt-public.pem", "jwt-private.pem")
USED_EVERY = 60  # seconds between two marks of a sandbox in use
_chosen = ContextVar("world", default=None)  # a world chosen outside a request (CLI, tests)


class TooManySandboxes(ApiError):
    code = 429
    description = "Too Many Requests"


@dataclass
class World:
    """One world: `name` ("default" for the server's own), its folder and its database engine;
    `generation` tells one sandbox from another made later under the same name."""

    name: str
    folder: str
    engine: object
    generation: tuple = ()

    @property
    def is_default(self):
        return self.name == DEFAULT


# --- which world a request names ---------------------------------------------------------------


def _refusal(message, path):
    body = json.dumps({"error": {"code": 400, "message": message}}).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
               ("X-Content-Type-Options", "nosniff")]
    if path.startswith("/api/"):
        headers.append(("Access-Control-Allow-Origin", "*"))
    return body, headers


class SandboxRouting:
    """Serve every path P also at /sandbox/{name}P, and read the X-Sandbox header: the app then
    sees P, with the prefix in SCRIPT_NAME (so the links it builds keep it), and the name in the
    environ. A bad name, or a prefix and a header that disagree, is a 400 and nothing is done."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        header = environ.get("HTTP_X_SANDBOX")
        prefixed = PREFIX.match(path)
        name, problem = header, None
        if prefixed:
            name, rest = prefixed.group(1), prefixed.group(2) or "/"
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"/sandbox/{name}"
            environ["PATH_INFO"] = path = rest
            if header is not None and header != name:
                problem = f"The path names the sandbox {name!r} and the X-Sandbox header {header!r}: send one of them"
        if name is not None and problem is None and not NAME.fullmatch(name):
            problem = (f"{name[:80]!r} is no sandbox name: 1-63 of a-z, 0-9, '_' and '-', "
                       "starting with a letter or digit")
        if problem:
            body, headers = _refusal(problem, path)
            start_response("400 Bad Request", headers)
            return [body]
        environ[ENVIRON_KEY] = name or DEFAULT
        return self.wsgi_app(environ, start_response)


def requested_name():
    """The name of the world the current request (or CLI command) works in."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    if has_request_context():
        return request.environ.get(ENVIRON_KEY, DEFAULT)
    return DEFAULT


# --- the worlds of an app ------------------------------------------------------------------------


class Worlds:
    """The app's worlds by name: the default one, and the sandboxes, opened or made on first use.
    Where a sandbox and a snapshot are kept is the engine's: files beside a SQLite database
    (engines/sqlite_worlds.py), schemas of a PostgreSQL one (engines/postgresql_worlds.py)."""

    def __init__(self, app):
        self.app = app
        url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        engine = engines.for_url(url)
        self.home = engine.files_folder(url, app.instance_path)
        self.store = engine.worlds_store(app, self.home)
        self.root = self.store.root
        self._open = {}
        self._touched = {}  # name -> when this process last marked it used
        self._lock = threading.Lock()

    def default(self):
        world = self._open.get(DEFAULT)
        if world is None:
            world = self._open[DEFAULT] = World(DEFAULT, self.home, db.engine)
        return world

    def adopt_legacy_files(self):
        """Move what the default world kept in the instance folder, before it had a folder of its
        own, into that folder: once, and only for the instance folder's own database."""
        database = make_url(self.app.config["SQLALCHEMY_DATABASE_URI"]).database
        if os.path.dirname(database) != self.app.instance_path or os.path.exists(self.home):
            return []
        found = [name for name in LEGACY if os.path.exists(os.path.join(self.app.instance_path, name))]
        if found:
            os.makedirs(self.home)
        for name in found:
            os.replace(os.path.join(self.app.instance_path, name), os.path.join(self.home, name))
        return found

    def folder(self, name):
        return self.store.folder(name)

    def exists(self, name):
        return name == DEFAULT or self.store.exists(name)

    def names(self):
        return [name for name in self.store.names() if NAME.fullmatch(name) and self.exists(name)]

    def get(self, name, *, make=True, use=True):
        """The world `name`, made from the template on first use (`make=False`: LookupError for
        one that does not exist), and marked used unless `use=False` (a look at it from outside)."""
        if name == DEFAULT:
            return self.default()
        world = self._open.get(name)
        if world is None or world.generation != self.store.generation(name):
            with self._lock:
                made = not self.exists(name)
                if made:
                    if not make:
                        raise LookupError(name)
                    self._evict_idle()
                    self._limit()
                    self.store.make(name, None)  # from the template, which is at the newest revision
                self.forget(name)  # one deleted and made again (by any worker) is another sandbox
                engine = self.store.engine(name)
                if not made and not schema.is_current(engine):
                    schema.upgrade(engine)  # a sandbox an earlier version made keeps its rows
                    world_settings.adopt_files(self.folder(name), engine)
                world = self._open[name] = World(name, self.folder(name), engine, self.store.generation(name))
        if use:
            self._mark_used(name)
        return world

    def opened(self, name):
        """The world `name` when this process has it open and it is still the one named so (marked
        used), else None: what may be answered without a request context."""
        world = self._open.get(name)
        if world is None or (name != DEFAULT and world.generation != self.store.generation(name)):
            return None
        self._mark_used(name)
        return world

    def _mark_used(self, name):
        now = time.time()
        if now - self._touched.get(name, 0) > USED_EVERY:
            self._touched[name] = now
            self.store.mark_used(name)

    def last_used(self, name):
        return self.store.last_used(name)

    def created(self, name):
        return self.store.created(name)

    def _evict_idle(self):
        """Delete the sandboxes no request used for SANDBOX_IDLE_TTL seconds (0: keep them all)."""
        ttl = float(self.app.config.get("SANDBOX_IDLE_TTL") or 0)
        if ttl <= 0:
            return
        for name in self.names():
            if time.time() - self.last_used(name) > ttl:
                self.forget(name)
                self.store.delete(name)

    def _limit(self):
        limit = int(self.app.config.get("MAX_SANDBOXES", 200))
        if len(self.names()) >= limit:
            raise TooManySandboxes(
                f"This server holds {limit} sandboxes, its limit (MAX_SANDBOXES): delete one with "
                "DELETE /_dev/sandboxes/{name} first")

    def source(self, name):
        """What a copy of world `name` is made from (a file, a schema: the store's to say)."""
        return self.store.source_of(self.get(name, make=False, use=False))

    def replace(self, name, source):
        """Make sandbox `name` (new or not) hold a copy of `source` (None: the seeded template)."""
        with self._lock:
            if not self.exists(name):
                self._limit()
                self.store.make(name, source)
            else:
                self.forget(name)
                self.store.replace(name, source)

    def template(self):
        return self.store.template()

    def forget(self, name):
        world = self._open.pop(name, None)
        if world is not None:
            self.store.release(world.engine)

    def delete(self, name):
        with self._lock:
            self.forget(name)
            self.store.delete(name)

    def clear(self):
        """Delete every sandbox (the prepared template stays)."""
        for name in self.names():
            self.delete(name)


def seeded_copy_of_app(app, *, prepare=True, **config):
    """Seed the database that an app of `app`'s settings, changed by `config`, opens: as `flask
    seed` would (`prepare`: its schema first, else only the seed's rows)."""
    from openloyalty_standin.app import create_app
    from openloyalty_standin.app.services import state

    settings = {key: value for key, value in app.config.items() if key.isupper()}
    settings.update(config)
    builder = create_app(settings)
    token = _chosen.set(DEFAULT)  # the builder's own database, whatever the request names
    try:
        with builder.app_context():
            if prepare:
                state.prepare_database()
            else:
                state.load_seed()
                db.session.commit()
            db.engine.dispose()
    finally:
        _chosen.reset(token)


def init_app(app):
    """Give the app its worlds (before a server forks its workers, which then share them)."""
    app.extensions["worlds"] = Worlds(app)


def worlds(app=None):
    return (app or current_app).extensions["worlds"]


@contextmanager
def chosen(name):
    """Work in world `name` outside its requests (the control plane acting on another sandbox, the CLI);
    the world is made on first use."""
    token = _chosen.set(name)
    try:
        yield
    finally:
        _chosen.reset(token)


def resolve_request_world():
    """The request's world, found (or made) once, before anything reads the database. A path
    that serves nothing (a browser's /favicon.ico, a typo) answers its 404 without making a sandbox,
    so a page left open on a deleted sandbox does not bring it back."""
    name, registry = requested_name(), worlds()
    if request.routing_exception is not None and not registry.exists(name):
        raise request.routing_exception
    g.world = registry.get(name)


def current():
    """The world of the current request (or of the CLI command), made on first use."""
    if _chosen.get() is None and has_request_context() and "world" in g:
        return g.world
    return worlds().get(requested_name())
