"""The database schema, owned by the migrations of app/migrations (Alembic): what a database holds
(nothing yet, migrated tables, or the tables of a version from before migrations), and bringing it
to the newest revision, keeping its rows. `flask --app wsgi db ...` (Flask-Migrate) gives the same
migrations to people: upgrade, current, history, downgrade."""
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST = "0001"  # the schema of the versions before migrations
# What a database made before migrations holds: these tables, and in schema_info this fingerprint
# (or none, after a reset by a version older still).
FIRST_TABLES = frozenset({
    "activation_codes", "admins", "customer_counts", "customer_labels", "customers", "id_sequences",
    "invitations", "languages", "levels", "messages", "point_transfers", "pos", "program_settings",
    "refresh_tokens", "schema_info", "sellers", "settings_files", "stores", "transaction_labels", "transactions",
})
FIRST_FINGERPRINT = "45c49fa3203bfbbb"


# What the models do not declare: each engine's substring index, SQLite's search table (a virtual
# table and its shadow tables) and PostgreSQL's trigram indexes; PostgreSQL's registries of the
# schemas of sandboxes and snapshots (app/engines/postgresql_worlds.py).
UNDECLARED = ("customer_search", "sandbox_registry", "snapshot_registry")
UNDECLARED_INDEXES = ("ix_customer_trigram_",)


def declared(_object, name, kind, _reflected, _compare_to):
    """Alembic's include_object: compare the tables and indexes the models declare."""
    if kind == "index":
        return not (name or "").startswith(UNDECLARED_INDEXES)
    return not (kind == "table" and name.startswith(UNDECLARED))


class ForeignSchema(Exception):
    """Tables no migration made or knows: nothing is changed, and the text says what to do."""


def _config(connection=None):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head():
    """The newest revision."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def world_schema(connection):
    """The schema a sandbox's connection reads on PostgreSQL (its tables, and its revision), or None
    for the connection's own."""
    return (connection.get_execution_options().get("schema_translate_map") or {}).get(None)


def revision(connection):
    """The revision the database of `connection` is at, or None for one migrations never touched."""
    options = {"version_table_schema": world_schema(connection)}
    return MigrationContext.configure(connection, opts=options).get_current_revision()


def adopt(connection):
    """Stamp a database made before migrations as revision FIRST, which made the same tables; an
    empty or migrated one is left as it is. Other tables raise ForeignSchema."""
    if revision(connection) is not None:
        return
    tables = set(inspect(connection).get_table_names(schema=world_schema(connection))) - {"alembic_version"}
    tables = {name for name in tables if not name.startswith((*UNDECLARED, "sqlite_"))}
    if not tables:
        return
    fingerprint = None
    if "schema_info" in tables:
        fingerprint = connection.execute(text("SELECT fingerprint FROM schema_info")).scalar()
    if tables != FIRST_TABLES or fingerprint not in (None, FIRST_FINGERPRINT):
        held = ", ".join(sorted(tables))
        raise ForeignSchema(
            f"the database holds tables no migration of this version knows ({held}): nothing was changed. "
            "Export what it holds with the version that made it (flask --app wsgi export FILE), then "
            "start from an empty database (another DATABASE_URL, or remove the file) and import it")
    command.stamp(_config(connection), FIRST)


def upgrade(engine, to="head"):
    """Bring the database to revision `to` in one transaction; returns (revision before, after)."""
    with engine.begin() as connection:
        adopt(connection)
        before = revision(connection)
        command.upgrade(_config(connection), to)
        return before, revision(connection)


def stamp(connection):
    """Mark the database of `connection`, whose tables the models just made, as at the newest revision."""
    command.stamp(_config(connection), "head")


def is_current(engine):
    """Tell whether the database is at the newest revision."""
    with engine.connect() as connection:
        return revision(connection) == head()
