"""Which database the app uses: the URL it is given, checked and resolved by its engine's module,
and the engine options."""
import os

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from openloyalty_standin.app import engines
from openloyalty_standin.app.config import ConfigurationError

SUPPORTED = ("sqlite:///<file> (a relative path is read from the project folder, sqlite:////<absolute path>) "
             "or postgresql://<user>@<host>:<port>/<database>")


def _refuse(uri, reason):
    return ConfigurationError(f"DATABASE_URL {uri}: {reason}; the stand-in supports {SUPPORTED}")


def database_uri(app):
    """The configured database URL, resolved by its engine, or the SQLite file of the instance folder.

    Any other kind of database, or a URL its engine cannot serve, raises ConfigurationError,
    before anything is served.
    """
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or "sqlite:///" + os.path.join(app.instance_path, "openloyalty.db")
    try:
        url = make_url(uri)
    except ArgumentError:
        raise _refuse(uri, "this is no database URL") from None
    shown = url.render_as_string(hide_password=True)
    engine = engines.for_url(url)
    if engine is None:
        raise _refuse(shown, f"{url.drivername} databases are not supported")
    try:
        return engine.resolve(url).render_as_string(hide_password=False)
    except ValueError as error:
        raise _refuse(shown, str(error)) from None


def engine_options(app, uri):
    """The engine options of the configured engine, under the app's own SQLALCHEMY_ENGINE_OPTIONS."""
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    return engines.for_url(make_url(uri)).engine_options(app, options)
