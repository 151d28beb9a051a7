"""Only an explicit reset drops stored data: a reset followed by any restart (a CLI command,
`flask seed`, a new app, a gunicorn worker) keeps what was written after it, and so does an upgrade
(the migrations), from the first revision or from a database made before migrations. Tables no
migration knows stop the seed and stay as they were. The configured database is checked before
anything is served."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from openloyalty_standin.app import create_app, schema
from openloyalty_standin.app.config import ConfigurationError
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import SQLITE_DDL
from openloyalty_standin.app.services import state
from openloyalty_standin.app.testing.support import Auth, _config

pytestmark = pytest.mark.sqlite_only  # the life of a SQLite database file and the folder beside it

ROOT = Path(__file__).resolve().parents[1]
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
NEW = {"customer": {"firstName": "After", "lastName": "Reset", "email": "after.reset@example.com", "agreement1": True}}


def cli(instance, *args, database=None):
    """Run `flask --app wsgi ARGS` on the instance folder, as a person does in a shell."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OL_") and key != "DATABASE_URL"}
    env.update(OL_INSTANCE_PATH=str(instance), OL_PASSWORD_HASH_METHOD="pbkdf2:sha256:1000")
    if database:
        env["DATABASE_URL"] = database
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def app_of(instance):
    return create_app({**_config(str(instance), str(instance / "openloyalty.db")),
                       "JWT_PRIVATE_KEY_PATH": None, "JWT_PUBLIC_KEY_PATH": None})


def register_after_reset(instance, reset):
    """Seed, reset the way `reset` says, register a customer; return its id."""
    assert cli(instance, "seed").returncode == 0
    app = app_of(instance)
    client = app.test_client()
    if reset == "control plane":
        assert client.post("/_dev/reset").status_code == 204
    else:
        assert cli(instance, "seed", "--reset").returncode == 0
    response = client.post("/api/DEFAULT/customer/register", json=NEW, headers=Auth(app).headers("admin"))
    assert response.status_code == 200, response.json
    return response.json["customerId"]


def stored_customer(instance, customer_id):
    with sqlite3.connect(instance / "openloyalty.db") as connection:
        return connection.execute("SELECT email FROM customers WHERE id = ?", (customer_id,)).fetchone()


@pytest.mark.parametrize("reset", ["control plane", "flask seed --reset"])
@pytest.mark.parametrize("restart", [("token", "admin"), ("seed",)])
def test_a_reset_followed_by_a_restart_keeps_later_writes(tmp_path, reset, restart):
    customer_id = register_after_reset(tmp_path, reset)
    completed = cli(tmp_path, *restart)
    assert completed.returncode == 0, completed.stderr
    assert stored_customer(tmp_path, customer_id) == ("after.reset@example.com",)
    if restart == ("seed",):
        assert completed.stdout.startswith("Kept ") and "20 customers" in completed.stdout


def test_a_new_app_over_a_reset_database_keeps_later_writes(tmp_path):
    customer_id = register_after_reset(tmp_path, "control plane")
    app = app_of(tmp_path)  # what a gunicorn worker does when it is started again
    headers = Auth(app).headers("admin")
    assert app.test_client().get(f"/api/DEFAULT/customer/{customer_id}", headers=headers).status_code == 200


def test_seed_says_what_it_did(tmp_path):
    first, second = cli(tmp_path, "seed"), cli(tmp_path, "seed")
    assert first.stdout == f"Seeded {tmp_path / 'openloyalty.db'}: 19 customers.\n"
    assert second.stdout.startswith(f"Kept {tmp_path / 'openloyalty.db'}: 19 customers")


def dumped(instance):
    with sqlite3.connect(instance / "openloyalty.db") as connection:
        return list(connection.iterdump())


def as_before_migrations(instance, fingerprint=schema.FIRST_FINGERPRINT):
    """Turn a database at revision 0001 into what a version before migrations left: no record of
    revisions, and in schema_info that version's fingerprint (or none, after its reset)."""
    with sqlite3.connect(instance / "openloyalty.db") as connection:
        connection.execute("DROP TABLE alembic_version")
        if fingerprint:
            connection.execute("INSERT INTO schema_info (fingerprint) VALUES (?)", (fingerprint,))


def first_revision_with_a_customer(instance):
    """A database made by the first migration, holding the seed (copied in SQL from a seeded one:
    this version's code needs the newest revision) and one customer changed since; returns its id."""
    scratch = instance / "scratch"
    seeded = app_of(scratch)
    with seeded.app_context():
        state.prepare_database()
        tables = [table.name for table in db.metadata.sorted_tables if table.name in schema.FIRST_TABLES]
        db.engine.dispose()
    app = app_of(instance)
    with app.app_context():
        schema.upgrade(db.engine, to=schema.FIRST)
        db.engine.dispose()
    with sqlite3.connect(instance / "openloyalty.db") as connection:
        connection.execute("ATTACH ? AS seeded", (str(scratch / "openloyalty.db"),))
        for table in tables:
            if table != "customer_counts":  # the triggers count the customers copied
                connection.execute(f"INSERT INTO main.{table} SELECT * FROM seeded.{table}")
        connection.execute("UPDATE customers SET email = 'after.reset@example.com', "
                           "email_key = 'after.reset@example.com' WHERE id = ?", (JOHN,))
    return JOHN


def test_an_upgrade_keeps_the_customers_a_database_of_the_first_migration_holds(tmp_path):
    customer_id = first_revision_with_a_customer(tmp_path)

    completed = cli(tmp_path, "seed")

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith(f"Upgraded {tmp_path / 'openloyalty.db'} from revision 0001 to {schema.head()}")
    assert "19 customers" in completed.stdout
    assert stored_customer(tmp_path, customer_id) == ("after.reset@example.com",)
    client = app_of(tmp_path).test_client()
    assert client.get("/health").json["database"] == "ok"
    assert client.post("/_dev/clock/freeze", json={"at": "2020-01-01T00:00:00Z"}).status_code == 200


def test_flask_db_upgrade_upgrades_too_and_says_where_it_is(tmp_path):
    customer_id = first_revision_with_a_customer(tmp_path)
    assert "at schema revision 0001" in app_of(tmp_path).test_client().get("/health").json["database"]

    upgraded = cli(tmp_path, "db", "upgrade")

    assert upgraded.returncode == 0, upgraded.stderr
    assert cli(tmp_path, "db", "current").stdout.strip() == f"{schema.head()} (head)"
    assert stored_customer(tmp_path, customer_id) == ("after.reset@example.com",)


@pytest.mark.parametrize("fingerprint", [schema.FIRST_FINGERPRINT, None])
def test_a_database_made_before_migrations_is_taken_as_the_first_revision_and_kept(tmp_path, fingerprint):
    customer_id = first_revision_with_a_customer(tmp_path)
    as_before_migrations(tmp_path, fingerprint)

    completed = cli(tmp_path, "seed")

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Upgraded ") and "19 customers" in completed.stdout
    assert stored_customer(tmp_path, customer_id) == ("after.reset@example.com",)


@pytest.mark.parametrize("change", ["another version's fingerprint", "a table of another application"])
def test_tables_no_migration_knows_stop_the_seed_and_stay_as_they_were(tmp_path, change):
    customer_id = first_revision_with_a_customer(tmp_path)
    as_before_migrations(tmp_path, "an-older-version" if change.startswith("another") else None)
    if change.startswith("a table"):
        with sqlite3.connect(tmp_path / "openloyalty.db") as connection:
            connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    before = dumped(tmp_path)

    completed = cli(tmp_path, "seed")

    assert completed.returncode == 1
    assert "holds tables no migration of this version knows" in completed.stderr
    assert "nothing was changed" in completed.stderr and completed.stderr.count("\n") == 1
    assert dumped(tmp_path) == before
    assert stored_customer(tmp_path, customer_id) == ("after.reset@example.com",)


def test_the_migrations_make_what_the_models_declare(tmp_path):
    """No model change without its migration: comparing a migrated database with the models finds nothing."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    app = app_of(tmp_path)
    with app.app_context():
        schema.upgrade(db.engine)
        with db.engine.connect() as connection:
            options = {"compare_type": True, "include_object": schema.declared}
            assert compare_metadata(MigrationContext.configure(connection, opts=options), db.metadata) == []
            found = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in found}
        db.engine.dispose()
    assert triggers == {ddl for ddl in SQLITE_DDL if ddl.startswith("CREATE TRIGGER")}


def test_a_relative_sqlite_path_is_read_from_the_project_folder(tmp_path):
    folder = f"instance-test-{os.getpid()}-{tmp_path.name}"
    try:
        completed = cli(tmp_path, "seed", database=f"sqlite:///{folder}/nested/openloyalty.db")
        assert completed.returncode == 0, completed.stderr
        assert (ROOT / folder / "nested" / "openloyalty.db").is_file()
        assert f"{folder}/nested/openloyalty.db: 19 customers" in completed.stdout
    finally:
        for path in sorted((ROOT / folder).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        (ROOT / folder).rmdir()


def test_the_readme_database_url_works(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite:///instance/openloyalty.db"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{ROOT / 'instance' / 'openloyalty.db'}"


@pytest.mark.parametrize("url, scheme", [
    ("postgresql+psycopg2://user:secret@localhost:5432/openloyalty", "postgresql+psycopg2"),
    ("postgresql://user:secret@localhost:5432", "names no database"),
    ("mysql://root:secret@localhost/ol", "mysql"),
    ("sqlite://", "memory"),
    ("not a url", "no database URL"),
])
def test_an_unsupported_database_url_stops_the_start_in_one_line(tmp_path, url, scheme):
    with pytest.raises(ConfigurationError):
        create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": url})
    for command in (("seed",), ("token", "admin")):
        completed = cli(tmp_path, *command, database=url)
        assert completed.returncode == 1 and completed.stdout == ""
        lines = completed.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: DATABASE_URL"), completed.stderr
        assert scheme in lines[0] and "supports sqlite:///" in lines[0] and "postgresql://" in lines[0]
        assert "secret" not in lines[0] and "Traceback" not in completed.stderr
        assert "No such command" not in completed.stderr


def test_a_postgresql_server_that_does_not_answer_stops_the_seed_in_one_line(tmp_path):
    url = "postgresql://user:secret@127.0.0.1:1/openloyalty"  # no server listens on port 1
    completed = cli(tmp_path, "seed", database=url)
    assert completed.returncode == 1 and completed.stdout == ""
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("Error: postgresql://user:***@127.0.0.1:1/openloyalty: the database cannot be reached")
    assert "secret" not in completed.stderr


def test_gunicorn_stops_at_once_on_an_unsupported_database_url(tmp_path):
    env = {**os.environ, "OL_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "mysql://user@localhost/ol"}
    completed = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "python:openloyalty_standin.app.serving", "--bind",
         "127.0.0.1:0", "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert completed.returncode != 0
    assert "Error: DATABASE_URL mysql://user@localhost/ol: mysql" in completed.stderr
    assert "Booting worker" not in completed.stderr
