"""Everything PostgreSQL-specific: which URLs name a server's database (psycopg 3 drives it),
the pool, lock waits that end as a retryable 503, and substring search on pg_trgm's GIN indexes
(made by migration 0004)."""
import os
from contextlib import contextmanager

from sqlalchemy import func, literal_column, text
from sqlalchemy.dialects.postgresql import insert  # noqa: F401 (an INSERT that takes ON CONFLICT)
from sqlalchemy.schema import DropIndex

DRIVERS = ("postgresql", "postgresql+psycopg", "postgres")
ROW_KEY = literal_column("customers.id")  # a page is found as ids, then only its rows are read
BUSY = {"40001", "40P01", "55P03", "57014"}  # serialization, deadlock, lock not available, timeout


def resolve(url):
    """The URL driven by psycopg 3, whatever spelling a tool wrote (postgresql://, postgres://);
    ValueError for another driver, or for one that names no database."""
    if url.drivername not in DRIVERS:
        raise ValueError(f"{url.drivername} is not installed: write postgresql://, which psycopg 3 drives")
    if not url.database:
        raise ValueError("the URL names no database (postgresql://user@host:port/database)")
    return url.set(drivername="postgresql+psycopg")


def engine_options(app, options):
    """A pool of DATABASE_POOL_SIZE connections per process, checked before use (a restarted
    server is reconnected to), and lock waits bounded like SQLite's busy timeout."""
    options.setdefault("pool_size", int(app.config.get("DATABASE_POOL_SIZE") or 5))
    options.setdefault("max_overflow", int(app.config.get("DATABASE_MAX_OVERFLOW") or 10))
    options.setdefault("pool_pre_ping", True)
    wait = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    arguments = options.setdefault("connect_args", {})
    arguments.setdefault("options", f"-c lock_timeout={wait}")
    arguments.setdefault("connect_timeout", 10)
    return options


C_COLLATIONS = ("C", "POSIX", "C.UTF-8", "C.utf8")


def warnings(connection):
    """What makes this database answer otherwise than SQLite would, each in a sentence."""
    collation, ctype = connection.execute(text(
        "SELECT datcollate, datctype FROM pg_database WHERE datname = current_database()")).one()
    found = []
    if collation not in C_COLLATIONS:
        found.append(f"the database sorts text by the collation {collation}, not by code point as SQLite does: "
                     "create it with --locale C.UTF-8 for lists in the same order")
    if connection.scalar(text("SELECT lower('ŚŻ')")) != "śż":
        found.append(f"the database's LC_CTYPE {ctype} folds only ASCII letters: filters will miss Ś in ś; "
                     "create it with --locale C.UTF-8")
    return found


def _state(error):
    return getattr(error, "sqlstate", None)


def is_busy(error):
    """Tell whether a driver error means a lock was waited for too long, or a transaction lost a race."""
    return _state(error) in BUSY


def is_missing_table(error):
    return _state(error) == "42P01"


def is_gone(error):
    """Tell whether a driver error means the schema read was dropped meanwhile."""
    return _state(error) in ("42P01", "3F000")


def contains(column, pattern, value):
    """`column` holds `value` whatever the case: the lowered column against the lowered value's
    escaped LIKE `pattern`, which a GIN trigram index on lower(column) answers."""
    return func.lower(column).like(pattern, escape="\\")


def narrowed(condition, columns, value):
    """The planner reads the trigram indexes for the condition itself."""
    return condition


def ordered(column, ascending):
    """`column` in a list's order, an empty value (NULL) the smallest as SQLite has it: first when
    ascending, last when descending, as the sort indexes of the columns that may be empty are made
    (sort_indexes); a column never empty is ordered plainly, as its index is."""
    if getattr(column, "nullable", True) is False:
        return [column.asc() if ascending else column.desc()]
    return [column.asc().nulls_first() if ascending else column.desc().nulls_last()]


def newest_first():
    """The order of the customers the last stored first."""
    return [literal_column("customers.created_at").desc(), ROW_KEY.desc()]


def files_folder(url, instance_path):
    """The folder where a world on this server keeps what is not rows yet: one per database, in the
    instance folder."""
    return os.path.join(instance_path, f"postgresql-{url.host or 'local'}-{url.port or 5432}-{url.database}.world")


# --- worlds as schemas: copies of every row ------------------------------------------------------

SEARCHED = ("first_name", "last_name", "email", "phone", "loyalty_card_number")
TRIGRAM_PREFIX = "ix_customer_trigram_"


def trigram_indexes(schema_name):
    """The DDL of the trigram indexes of the customers of schema `schema_name` (as migration 0004 makes them)."""
    return [f"CREATE INDEX {TRIGRAM_PREFIX}{column} ON {quoted(schema_name)}.customers "
            f"USING gin (lower({column}) gin_trgm_ops)" for column in SEARCHED]


def sort_indexes(schema_name, replace=True):
    """The DDL that makes the customers' sort indexes of schema `schema_name` (app/models.py) with
    an empty value first, as the lists order them (see ordered); `replace`: the indexes the models
    made are dropped first."""
    from openloyalty_standin.app.models import SORT_INDEX_PREFIX, Customer

    statements = []
    for index in sorted(Customer.__table__.indexes, key=lambda index: index.name):
        if index.name.startswith(SORT_INDEX_PREFIX):
            columns = ", ".join(quoted(column.name) + (" NULLS FIRST" if column.nullable else "")
                                for column in index.columns)
            if replace:
                statements.append(f"DROP INDEX {quoted(schema_name)}.{quoted(index.name)}")
            statements.append(f"CREATE INDEX {quoted(index.name)} ON {quoted(schema_name)}.customers ({columns})")
    return statements


def quoted(name):
    """`name` as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def keep_rows(connection, tables, source, target):
    """Make schema `target` a plain copy of the rows of `tables` in schema `source` (no indexes or
    constraints: it only holds rows to put back), replacing what it held."""
    statements = [f"DROP SCHEMA IF EXISTS {quoted(target)} CASCADE", f"CREATE SCHEMA {quoted(target)}"]
    for table in tables:
        statements.append(f"CREATE TABLE {quoted(target)}.{quoted(table.name)} AS "
                          f"SELECT * FROM {quoted(source)}.{quoted(table.name)}")
    connection.exec_driver_sql(";\n".join(statements))


def put_back_rows(connection, tables, source, target):
    """Make the rows of `tables` (in dependency order) in schema `target` those of schema `source`,
    in one statement batch: every table emptied (DELETE: far quicker than TRUNCATE for the few rows a
    world holds), refilled, and its id sequence moved past them."""
    statements = [f"DELETE FROM {quoted(target)}.{quoted(table.name)}" for table in reversed(tables)]
    for table in tables:  # sorted by dependency
        columns = ", ".join(quoted(column.name) for column in table.columns)
        statements.append(f"INSERT INTO {quoted(target)}.{quoted(table.name)} ({columns}) "
                          f"SELECT {columns} FROM {quoted(source)}.{quoted(table.name)}")
        serial = table.autoincrement_column
        if serial is not None:
            qualified = f"{quoted(target)}.{quoted(table.name)}"
            statements.append(
                f"SELECT setval(pg_get_serial_sequence('{qualified}', '{serial.name}'), "
                f"coalesce((SELECT max({quoted(serial.name)}) FROM {qualified}), 0) + 1, false)")
    connection.exec_driver_sql(";\n".join(statements))


# --- loading many customers at once ----------------------------------------------------------------


@contextmanager
def bulk_load(connection, tables):
    """Load many customers at once with COPY: the sort and trigram indexes are dropped for the
    load and made again after it, statistics refreshed."""
    from openloyalty_standin.app.models import SORT_INDEX_PREFIX, Customer

    indexes = [index for index in Customer.__table__.indexes if index.name.startswith(SORT_INDEX_PREFIX)]
    trigram = connection.exec_driver_sql(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND starts_with(indexname, 'ix_customer_trigram_')").all()
    for index in indexes:
        connection.execute(DropIndex(index))
    for name, _definition in trigram:
        connection.exec_driver_sql(f"DROP INDEX {quoted(name)}")
    cursor = connection.connection.driver_connection.cursor()
    yield lambda table, columns, rows: _copy(cursor, table, columns, rows)
    connection.exec_driver_sql("SET maintenance_work_mem = '256MB'")
    schema_name = connection.scalar(text("SELECT current_schema()"))
    for statement in sort_indexes(schema_name, replace=False):
        connection.exec_driver_sql(statement)
    for _name, definition in trigram:
        connection.exec_driver_sql(definition)
    for table in tables:
        connection.exec_driver_sql(f"ANALYZE {quoted(table.name)}")


def _copy(cursor, table, columns, rows):
    names = ", ".join(quoted(column) for column in columns)
    with cursor.copy(f"COPY {quoted(table.name)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def worlds_store(app, home):
    """Where the sandboxes and snapshots of the app's worlds are kept (engines/postgresql_worlds.py)."""
    from openloyalty_standin.app.engines import postgresql_worlds

    return postgresql_worlds.Store(app, home)
