"""What differs between the database engines the stand-in runs on, each in one module: SQLite
(`engines.sqlite`, the embedded default) and PostgreSQL (`engines.postgresql`, for a shared
instance). Every other module is portable SQLAlchemy and asks `of(bind)` for what it cannot say
portably: how a URL is served, how a substring is matched fast, how a page's rows are keyed."""
from openloyalty_standin.app.engines import postgresql, sqlite

ENGINES = {"sqlite": sqlite, "postgresql": postgresql}


def of(bind):
    """The module of the engine behind `bind` (an engine, a connection or a session's bind)."""
    return ENGINES[bind.dialect.name]


def for_url(url):
    """The module of the engine a URL names, or None for a kind the stand-in does not run on."""
    backend = url.get_backend_name()
    return ENGINES.get("postgresql" if backend == "postgres" else backend)


def of_error(error):
    """The module of the engine whose driver raised `error`."""
    return sqlite if type(error).__module__.startswith("sqlite3") else postgresql
