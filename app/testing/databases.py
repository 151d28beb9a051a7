"""The databases a test run works on: SQLite files (the default), or databases of one PostgreSQL
server when OL_TEST_POSTGRESQL names one (postgresql://user@host:port/postgres, a database to
connect to for creating the others). Each kind makes a seeded template once per test process,
copies it for every app, and puts an app's database back to the seed between tests."""
import os
import secrets
import shutil
import sqlite3
import tempfile

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from openloyalty_standin.app.engines import postgresql

SEED_SCHEMA = "seed"  # on PostgreSQL, a copy of the seeded rows inside every test database


def from_environment(folder):
    """The databases of this test process: PostgreSQL's when OL_TEST_POSTGRESQL is set, else SQLite files."""
    server = os.environ.get("OL_TEST_POSTGRESQL")
    return PostgresqlDatabases(server) if server else SqliteDatabases(folder)


class SqliteDatabases:
    """Database files: a copy is a file copy, a restore SQLite's backup API."""

    engine = "sqlite"

    def __init__(self, folder):
        self.folder = folder

    def template_url(self):
        """The URL of a new, empty database for a template."""
        fd, path = tempfile.mkstemp(prefix="template-", suffix=".db", dir=self.folder)
        os.close(fd)
        os.remove(path)
        return f"sqlite:///{path}"

    def finish_template(self, url):
        with sqlite3.connect(make_url(url).database) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def copy(self, template_url, instance_path):
        """A new database holding what the template holds, for an app of `instance_path`."""
        database = os.path.join(instance_path, "openloyalty.db")
        shutil.copyfile(make_url(template_url).database, database)
        return f"sqlite:///{database}"

    def restore(self, app, template_url):
        """Put the template's rows back into the app's database."""
        with sqlite3.connect(make_url(template_url).database) as source, \
                sqlite3.connect(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database) as target:
            source.backup(target)

    def close(self):
        pass


class PostgresqlDatabases:
    """Databases of one server, named after this process: a copy is CREATE DATABASE ... TEMPLATE,
    a restore puts the rows of the database's own `seed` schema back; all are dropped at the end."""

    engine = "postgresql"

    def __init__(self, server):
        self.server = make_url(server)
        self.prefix = f"ol_test_{os.getpid()}_{secrets.token_hex(3)}"
        self.made = []
        self._admin = create_engine(postgresql.resolve(self.server), isolation_level="AUTOCOMMIT",
                                    pool_size=1, max_overflow=0)

    def _new(self, name, template=None):
        name = f"{self.prefix}_{name}"
        suffix = f" TEMPLATE {template}" if template else ""
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        self.made.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def template_url(self):
        return self._new(f"template{len(self.made)}")

    def finish_template(self, url):
        """Keep a copy of the seeded rows in the template (and so in every copy), then close it."""
        from openloyalty_standin.app.extensions import db

        engine = create_engine(postgresql.resolve(make_url(url)))
        with engine.begin() as connection:
            postgresql.keep_rows(connection, db.metadata.sorted_tables, "public", SEED_SCHEMA)
        engine.dispose()

    def copy(self, template_url, instance_path):
        return self._new(f"copy{len(self.made)}", template=make_url(template_url).database)

    def restore(self, app, template_url):
        """Put the seeded rows the app's database keeps in its `seed` schema back."""
        from openloyalty_standin.app.extensions import db

        with app.app_context(), db.engine.begin() as connection:
            postgresql.put_back_rows(connection, db.metadata.sorted_tables, SEED_SCHEMA, "public")

    def close(self):
        with self._admin.connect() as connection:
            for name in reversed(self.made):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._admin.dispose()
