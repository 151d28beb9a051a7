"""Building blocks of the pytest plugin, usable from any test harness."""
import os
import shutil
import sqlite3
from dataclasses import dataclass

from app import clock, create_app
from app.auth import MODELS, issue_token
from app.config import TestConfig
from app.extensions import db
from app.services import faults, state

ADMIN_ID = "22200000-0000-474c-b092-b0dd880c07e2"
SELLER_ID = "00000000-0000-474c-b092-b0dd880c07e4"
CUSTOMER_ID = "00000000-0000-474c-b092-b0dd880c07e1"


@dataclass
class Template:
    """A seeded database file and the key pair every app of the session shares."""

    database: str
    private_key: str
    public_key: str


def _config(instance_path, database, template=None):
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config.update(INSTANCE_PATH=instance_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    if template:
        config.update(JWT_PRIVATE_KEY_PATH=template.private_key, JWT_PUBLIC_KEY_PATH=template.public_key)
    return config


def build_template(folder):
    """Create a seeded database file and a key pair in `folder`."""
    database = os.path.join(folder, "template.db")
    app = create_app(_config(folder, database))
    with app.app_context():
        state.prepare_database()
        db.engine.dispose()
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Template(database, os.path.join(folder, "jwt-private.pem"), os.path.join(folder, "jwt-public.pem"))


def fresh_app(template, instance_path):
    """Create an app over a private copy of the template database."""
    os.makedirs(instance_path, exist_ok=True)
    database = os.path.join(instance_path, "openloyalty.db")
    shutil.copyfile(template.database, database)
    return create_app(_config(instance_path, database, template))


class Auth:
    """Hands out Authorization headers for the seeded accounts, or any account by id."""

    DEFAULT_IDS = {"admin": ADMIN_ID, "seller": SELLER_ID, "customer": CUSTOMER_ID}

    def __init__(self, app):
        self.app = app

    def token(self, kind, user_id=None):
        """Return a JWT for the account of `kind` with `user_id` (a seeded one by default)."""
        with self.app.app_context():
            user = db.session.get(MODELS[kind], user_id or self.DEFAULT_IDS[kind])
            return issue_token(kind, user)

    def headers(self, kind, user_id=None):
        """Return {"Authorization": "Bearer ..."} for that account."""
        return {"Authorization": f"Bearer {self.token(kind, user_id)}"}


def restore_seed(app, template):
    """Put the template's seeded rows back into the app's database (SQLite backup API), the clock
    back to the configured one, and no faults."""
    with app.app_context():
        clock.release()
        faults.clear()
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with sqlite3.connect(template.database) as source, sqlite3.connect(database) as target:
        source.backup(target)
