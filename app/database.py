"""Which database the app uses: the URL it is given, checked and resolved, and its engine options."""
import os

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from openloyalty_standin.app.config import ConfigurationError, project_root

SUPPORTED = "sqlite:///<file> (a relative path is read from the project folder, sqlite:////<absolute path>)"


def _refuse(uri, reason):
    return ConfigurationError(f"DATABASE_URL {uri}: {reason}; the stand-in supports {SUPPORTED}")


def database_uri(app):
    """The configured database URL, or the SQLite file of the instance folder.

    A relative SQLite path is read from the project folder and its folder is made. Any other kind
    of database raises ConfigurationError, before anything is served.
    """
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or "sqlite:///" + os.path.join(app.instance_path, "openloyalty.db")
    try:
        url = make_url(uri)
    except ArgumentError:
        raise _refuse(uri, "this is no database URL") from None
    shown = url.render_as_string(hide_password=True)
    if url.drivername not in ("sqlite", "sqlite+pysqlite"):
        raise _refuse(shown, f"{url.drivername} databases are not supported")
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise _refuse(shown, "a database in memory is not shared by the server's workers and requests")
    path = url.database if os.path.isabs(url.database) else str(project_root() / url.database)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return url.set(database=path).render_as_string(hide_password=False)


def engine_options(app, uri):
    """Engine options: a busy timeout for SQLite files."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("connect_args", {})["timeout"] = app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
    return options
