"""Our tests use the fixtures of the package's own pytest plugin, under short names."""
import shutil

import pytest

from openloyalty_standin.app import create_app
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.testing.support import _config

ADMIN_ID = "22200000-0000-474c-b092-b0dd880c07e2"
SELLER_ID = "00000000-0000-474c-b092-b0dd880c07e4"
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
NEW_CUSTOMER = "1bbafb37-b51b-47c5-b3e4-e0a2d028e655"
KOWALSKI = "e0eb0355-8aaa-4fb1-8159-f58e81b7a25c"
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"


@pytest.fixture
def app(ol_app):
    return ol_app


@pytest.fixture
def client(ol_client):
    return ol_client


@pytest.fixture
def auth(ol_auth):
    return ol_auth


@pytest.fixture
def seed_database(ol_template):
    """The seeded database file `make_app` copies (a module may override it)."""
    return ol_template.database


@pytest.fixture
def make_app(ol_template, seed_database, tmp_path):
    """Build apps with extra configuration, e.g. make_app(CLOCK=...), over one private copy of the seed.

    Every app built in a test shares that copy, like fresh_app's, and is disposed of afterwards.
    """
    instance = tmp_path / "configured-instance"
    instance.mkdir()
    database = str(instance / "openloyalty.db")
    shutil.copyfile(seed_database, database)
    apps = []

    def build(**config):
        app = create_app({**_config(str(instance), database, ol_template), **config})
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.engine.dispose()
