"""Sandboxes and snapshots of a PostgreSQL world as schemas of its database, so that every app
server on that database sees the same ones: a sandbox is a schema with every table (the requests
of a sandbox run with SQLAlchemy's schema_translate_map, over the one pool of the server), a
snapshot a schema holding plain copies of a world's rows. `sandbox_registry` (in the default
world) and each world's `snapshot_registry` name them (migration 0004). Copies are INSERT ...
SELECT in one transaction, consistent while others write."""
import os
import secrets
import time
from contextlib import contextmanager
from functools import cached_property
from datetime import datetime, timezone

from sqlalchemy import BigInteger, Column, Float, MetaData, String, Table, delete, select, text, update

from openloyalty_standin.app import schema
from openloyalty_standin.app.engines.postgresql import (
    keep_rows,
    put_back_rows,
    quoted,
    sort_indexes,
    trigram_indexes,
)

TEMPLATE = "ol_sandbox_template"
META = MetaData()
SANDBOXES = Table(
    "sandbox_registry", META,
    Column("name", String(63), primary_key=True),
    Column("schema_name", String(63), nullable=False, unique=True),
    Column("created_at", Float, nullable=False),
    Column("used_at", Float, nullable=False),
)
SNAPSHOTS = Table(
    "snapshot_registry", META,
    Column("name", String(64), primary_key=True),
    Column("schema_name", String(63), nullable=False, unique=True),
    Column("created_at", Float, nullable=False),
    Column("size", BigInteger, nullable=False),
)
LOCK = 0x6F6C5342  # the advisory lock that makes and deletes sandboxes one at a time


def _tables():
    """The tables a copy of a world carries, in dependency order: all but its request log, which
    stays with its world (as on SQLite, where it is a file of its own)."""
    from openloyalty_standin.app.extensions import db
    from openloyalty_standin.app.models import RequestLogEntry

    return [table for table in db.metadata.sorted_tables if table is not RequestLogEntry.__table__]


@contextmanager
def tables_of(connection, schema_name):
    """`connection` reading and writing the tables of schema `schema_name` for a while (a
    connection's execution options are its own, changed in place)."""
    before = connection.get_execution_options().get("schema_translate_map")
    connection.execution_options(schema_translate_map={None: schema_name})
    try:
        yield connection
    finally:
        connection.execution_options(schema_translate_map=before)


def world_engine(engine, schema_name):
    """`engine` (its pool shared) reading and writing the tables of schema `schema_name`."""
    return engine.execution_options(schema_translate_map={None: schema_name})


def create_world_schema(connection, schema_name):
    """Make schema `schema_name` hold every table of a world, empty, at the newest revision."""
    from openloyalty_standin.app.extensions import db

    connection.exec_driver_sql(f"CREATE SCHEMA {quoted(schema_name)}")
    with tables_of(connection, schema_name):
        db.metadata.create_all(connection, checkfirst=False)
        META.tables["snapshot_registry"].create(connection)
        schema.stamp(connection)
    connection.exec_driver_sql(";\n".join(trigram_indexes(schema_name) + sort_indexes(schema_name)))


class Store:
    """The sandboxes of one PostgreSQL database, as schemas, and the snapshots of every world."""

    root = None

    def __init__(self, app, home):
        self.app, self.home = app, home
        self._template_checked = False

    @cached_property
    def _engine(self):
        """The app's engine, found once (every sandbox request asks for its row through it)."""
        from openloyalty_standin.app.extensions import db

        with self.app.app_context():
            return db.engine

    def _row(self, name):
        with self._engine.connect() as connection:
            return connection.execute(select(SANDBOXES).where(SANDBOXES.c.name == name)).first()

    # --- sandboxes --------------------------------------------------------------------------

    def folder(self, name):
        return os.path.join(self.home, "sandboxes", name)

    def exists(self, name):
        return self._row(name) is not None

    def names(self):
        with self._engine.connect() as connection:
            return list(connection.scalars(select(SANDBOXES.c.name).order_by(SANDBOXES.c.name)))

    def generation(self, name):
        row = self._row(name)
        return row and row.schema_name

    def engine(self, name):
        row = self._row(name)
        if row is None:
            raise LookupError(name)
        return world_engine(self._engine, row.schema_name)

    def release(self, engine):
        """Nothing to close: a sandbox's engine is the server's pool."""

    def mark_used(self, name, at=None):
        """Note that sandbox `name` was used now (or `at`, a time stamp)."""
        with self._engine.begin() as connection:
            connection.execute(update(SANDBOXES).where(SANDBOXES.c.name == name).values(used_at=at or time.time()))

    def _found(self, name):
        row = self._row(name)
        if row is None:  # deleted meanwhile
            raise LookupError(name)
        return row

    def last_used(self, name):
        return self._found(name).used_at

    def created(self, name):
        return self._found(name).created_at

    def make(self, name, source):
        """Make sandbox `name` a copy of the schema `source` (None for the template)."""
        source = source or self.template()
        schema_name = f"sandbox_{secrets.token_hex(8)}"
        with self._engine.begin() as connection:
            connection.execute(select(text(f"pg_advisory_xact_lock({LOCK})")))
            if connection.execute(select(SANDBOXES.c.name).where(SANDBOXES.c.name == name)).first():
                return  # another worker made it meanwhile
            create_world_schema(connection, schema_name)
            put_back_rows(connection, _tables(), source, schema_name)
            now = time.time()
            connection.execute(SANDBOXES.insert().values(name=name, schema_name=schema_name, created_at=now,
                                                         used_at=now))

    def replace(self, name, source):
        """Put a copy of the rows of schema `source` into sandbox `name`, in one transaction."""
        source = source or self.template()
        with self._engine.begin() as connection:
            put_back_rows(connection, _tables(), source, self._row(name).schema_name)

    def delete(self, name):
        with self._engine.begin() as connection:
            connection.execute(select(text(f"pg_advisory_xact_lock({LOCK})")))
            row = connection.execute(select(SANDBOXES).where(SANDBOXES.c.name == name)).first()
            if row is None:
                return
            with tables_of(connection, row.schema_name):
                kept = connection.scalars(select(SNAPSHOTS.c.schema_name)).all()
            for name_of_copy in kept:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {quoted(name_of_copy)} CASCADE")
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {quoted(row.schema_name)} CASCADE")
            connection.execute(delete(SANDBOXES).where(SANDBOXES.c.name == name))

    def source_of(self, world):
        """What a copy of `world` is made from: its schema."""
        return _schema_of(world.engine)

    # --- the template ---------------------------------------------------------------------

    def template(self):
        """The schema of the prepared, seeded world every new sandbox starts as (made once per
        database, and again by a version with newer migrations)."""
        if not self._template_checked:
            engine = self._engine
            with engine.connect() as lock:  # one process builds it, the others wait and use it
                lock.execute(select(text(f"pg_advisory_lock({LOCK + 1})")))
                try:
                    if not _is_current(engine, TEMPLATE):
                        _build_template(self.app, engine)
                finally:
                    lock.execute(select(text(f"pg_advisory_unlock({LOCK + 1})")))
                    lock.commit()
            self._template_checked = True
        return TEMPLATE

    # --- snapshots --------------------------------------------------------------------------

    def _snapshot(self, world, name):
        with world.engine.connect() as connection:
            return connection.execute(select(SNAPSHOTS).where(SNAPSHOTS.c.name == name)).first()

    @staticmethod
    def _described(row):
        return {"name": row.name, "createdAt": datetime.fromtimestamp(row.created_at, timezone.utc),
                "size": row.size}

    def snapshot_source(self, world, name):
        """The schema of `world`'s snapshot `name`, or None."""
        row = self._snapshot(world, name)
        return row and row.schema_name

    def take_snapshot(self, world, name):
        kept = f"snapshot_{secrets.token_hex(8)}"
        with world.engine.begin() as connection:
            previous = connection.scalar(select(SNAPSHOTS.c.schema_name).where(SNAPSHOTS.c.name == name))
            if previous:
                connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {quoted(previous)} CASCADE")
                connection.execute(delete(SNAPSHOTS).where(SNAPSHOTS.c.name == name))
            keep_rows(connection, _tables(), _schema_of(world.engine), kept)
            size = connection.scalar(text(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :name AND c.relkind = 'r'"),
                {"name": kept})
            connection.execute(SNAPSHOTS.insert().values(name=name, schema_name=kept, created_at=time.time(),
                                                         size=int(size)))
            return self._described(connection.execute(select(SNAPSHOTS).where(SNAPSHOTS.c.name == name)).one())

    def restore_snapshot(self, world, name):
        with world.engine.begin() as connection:
            row = connection.execute(select(SNAPSHOTS).where(SNAPSHOTS.c.name == name)).first()
            if row is None:
                return None
            put_back_rows(connection, _tables(), row.schema_name, _schema_of(world.engine))
            return self._described(row)

    def snapshots(self, world, is_name):
        with world.engine.connect() as connection:
            return [self._described(row) for row in connection.execute(select(SNAPSHOTS)) if is_name(row.name)]

    def delete_snapshot(self, world, name):
        with world.engine.begin() as connection:
            row = connection.execute(select(SNAPSHOTS).where(SNAPSHOTS.c.name == name)).first()
            if row is None:
                return False
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {quoted(row.schema_name)} CASCADE")
            connection.execute(delete(SNAPSHOTS).where(SNAPSHOTS.c.name == name))
            return True


def _is_current(engine, schema_name):
    """Tell whether schema `schema_name` exists and is at the newest revision."""
    with engine.connect() as connection:
        found = connection.scalar(text("SELECT count(*) FROM pg_namespace WHERE nspname = :name"),
                                  {"name": schema_name})
        if not found:
            return False
        with tables_of(connection, schema_name):
            return schema.revision(connection) == schema.head()


def _schema_of(engine):
    """The schema a world's engine reads: its translated schema, or the connection's own."""
    translated = (engine.get_execution_options().get("schema_translate_map") or {}).get(None)
    if translated:
        return translated
    with engine.connect() as connection:
        return connection.scalar(text("SELECT current_schema()"))


def _build_template(app, engine):
    """Make the template schema again: its tables at the newest revision, then the app's seed,
    loaded by an app of the same settings whose every table is the template's."""
    from openloyalty_standin.app.worlds import seeded_copy_of_app

    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {quoted(TEMPLATE)} CASCADE")
        create_world_schema(connection, TEMPLATE)
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options["execution_options"] = {"schema_translate_map": {None: TEMPLATE}}
    seeded_copy_of_app(app, prepare=False, SQLALCHEMY_ENGINE_OPTIONS=options, SANDBOXES="disk")
