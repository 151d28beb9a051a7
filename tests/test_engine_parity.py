"""SQLite and PostgreSQL give the same answers: the same synthetic customers on both engines, and
the same list queries (filters, sorts, pages, totals) answered with identical JSON. Runs in the
PostgreSQL pass of `make test` (OL_TEST_POSTGRESQL), where both engines are at hand."""
import os
from urllib.parse import urlencode

import pytest

from openloyalty_standin.app import create_app
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.services.customer_search import SORT_COLUMNS
from openloyalty_standin.app.testing.support import Auth, _config

pytestmark = pytest.mark.skipif(not os.environ.get("OL_TEST_POSTGRESQL"),
                                reason="runs in the PostgreSQL pass of make test (OL_TEST_POSTGRESQL)")
CUSTOMERS = 1500
CLOCK = "2026-06-01T12:00:00+00:00"  # synthetic dates follow the clock: one clock for both
LIST = "/api/DEFAULT/admin/customer"


def _built(template, folder, database):
    app = create_app({**_config(str(folder), database, template), "CLOCK": CLOCK})
    result = app.test_cli_runner().invoke(args=["seed", "--customers", str(CUSTOMERS)])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="module")
def engines(ol_template, tmp_path_factory):
    """An app on each engine, both seeded alike at one clock, with the same synthetic customers."""
    sqlite_folder, postgresql_folder = tmp_path_factory.mktemp("sqlite"), tmp_path_factory.mktemp("postgresql")
    sqlite = _built(ol_template, sqlite_folder, str(sqlite_folder / "empty.db"))
    postgresql = _built(ol_template, postgresql_folder, ol_template.databases.template_url())
    assert {app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0] for app in (sqlite, postgresql)} == \
        {"sqlite", "postgresql+psycopg"}
    yield sqlite, postgresql
    for app in (sqlite, postgresql):
        with app.app_context():
            db.engine.dispose()


def _answers(engines, query):
    """The JSON each engine answers to the list `query`."""
    found = []
    for app in engines:
        response = app.test_client().get(f"{LIST}?{urlencode(query)}", headers=Auth(app).headers("admin"))
        assert response.status_code == 200, response.get_data(as_text=True)
        found.append(response.json)
    return found


def _same(engines, query):
    sqlite, postgresql = _answers(engines, query)
    assert sqlite == postgresql, query
    return sqlite


def test_the_synthetic_customers_are_the_same(engines):
    everyone = _same(engines, {"perPage": -1})
    assert everyone["total"] == len(everyone["customers"]) > CUSTOMERS


@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("sort", [*SORT_COLUMNS, "level.name"])
def test_every_sort_pages_alike(engines, sort, direction):
    for page in (1, 2, 37):
        _same(engines, {"sort": sort, "direction": direction, "page": page, "perPage": 20})


@pytest.mark.parametrize("query", [
    {"firstName": "a"}, {"firstName": "an"}, {"firstName": "ann"}, {"firstName": "ANN"}, {"lastName": "ski"},
    {"lastName": "ó"}, {"lastName": "Mü"}, {"email": "example.org"}, {"email": ".1"}, {"phone": "+4860000"},
    {"phone": "12"}, {"loyaltyCardNumber": "9000000001"}, {"emailOrPhone": "4860000012"},
    {"emailOrPhone": "example.net"}, {"firstName": "anna", "strict": "1"}, {"email": "x", "lastName": "a"},
    {"labels[0][key]": "segment", "labels[0][value]": "gold"}, {"labels[0][key]": "channel"},
    {"labels[0][key]": "segment", "labels[1][key]": "newsletter", "labels[1][value]": "yes"},
    {"transactionsAmountFrom": 100, "transactionsAmountTo": 400}, {"transactionsCountFrom": 3},
    {"averageTransactionAmountFrom": 50.5}, {"daysFromLastTransactionTo": 30}, {"hoursFromLastUpdateTo": 2000},
    {"firstName": "%"}, {"firstName": "_"}, {"lastName": "\\"},
], ids=lambda query: urlencode(query))
def test_every_filter_finds_alike(engines, query):
    for page in (1, 3):
        for sort in ({}, {"sort": "lastName", "direction": "asc"}):
            _same(engines, {**query, **sort, "page": page, "perPage": 25})
