"""Synthetic customers in bulk, for trying the stand-in at scale: `flask --app wsgi seed --customers N`.

The same N gives the same customers every time (Faker and the random generator are seeded);
only their dates follow the app's clock, so "days from last transaction" filters stay useful.
Names, streets and cities come from Faker pools drawn once; each customer combines them with a
fast seeded generator, which is what keeps a million customers within a couple of minutes.
"""
import json
import random
from datetime import timedelta, timezone

from faker import Faker
from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from openloyalty_standin.app import clock, derived, engines
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, CustomerLabel, Level, Pos, Transaction
from openloyalty_standin.seeds.data import CUSTOMER_PASSWORD

SEED = 20161
BATCH = 20_000
POOL = 3_000
LOCALES = ["en_US", "pl_PL", "de_DE"]
LABELS = [("segment", "gold"), ("segment", "silver"), ("segment", "bronze"), ("channel", "web"),
          ("channel", "store"), ("channel", "app"), ("newsletter", "yes")]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]


class Pools:
    """Values drawn once from Faker, combined per customer."""

    def __init__(self, seed):
        fake = Faker(LOCALES)
        fake.seed_instance(seed)
        self.first = {"male": [fake.first_name_male() for _ in range(POOL)],
                      "female": [fake.first_name_female() for _ in range(POOL)]}
        self.last = [fake.last_name() for _ in range(POOL)]
        self.streets = [fake.street_name() for _ in range(POOL)]
        self.cities = [(fake.city(), fake.postcode(), fake.current_country_code()) for _ in range(POOL // 3)]
        self.companies = [(fake.company(), fake.bothify("##########")) for _ in range(POOL // 3)]


def _level_for(levels, value):
    """The active level earned by `value`: the highest condition not above it."""
    earned = [level for level in levels if level.condition_value <= value]
    return max(earned, key=lambda level: (level.condition_value, level.reward_value)).id if earned else None


def _ascii(text):
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum()) or "x"


def _birth_date(now, draw):
    """A birth date 18 to 78 years ago, at midnight UTC as the API stores a date alone."""
    born = now - timedelta(days=18 * 365 + int(draw * 60 * 365))
    return born.replace(hour=0, minute=0, second=0, microsecond=0)


def _stored(moment):
    """A naive UTC datetime as the UTCDateTime columns store it: text, always with microseconds."""
    return moment.isoformat(" ", "microseconds")


# The columns each row gives, in order; the others are nullable and stay NULL.
CUSTOMER_COLUMNS = (
    "id", "store_code", "first_name", "last_name", "gender", "email", "phone", "loyalty_card_number", "email_key",
    "phone_key", "card_key", "birth_date", "created_at", "updated_at", "address", "company", "agreement1",
    "agreement2", "agreement3", "active", "status_type", "status_state", "level_id", "pos_id", "password_hash",
    "password_temporary", "version", "transactions_count", "transactions_amount",
    "transactions_amount_without_delivery", "amount_excluded_for_level", "average_transaction_amount",
    "last_transaction_date", "pushy_tokens",
)
TRANSACTION_COLUMNS = (
    "id", "customer_id", "document_number", "document_type", "purchased_at", "gross_value", "delivery_costs",
    "excluded_for_level", "pos_id",
)
LABEL_COLUMNS = ("customer_id", "store_code", "position", "key", "value")


class Generator:
    """Builds, in the order of the column lists above and as SQLite stores them, the rows of the
    customers of a run: one seeded generator draws them all, so a run is the same every time."""

    def __init__(self, *, store_code, start, now, seed=SEED):
        self.pools = Pools(seed)
        self.ascii = {name: _ascii(name) for names in (*self.pools.first.values(), self.pools.last) for name in names}
        self.store_code = store_code
        self.start = start
        self.now = now.astimezone(timezone.utc).replace(tzinfo=None)
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(CUSTOMER_PASSWORD, method=method)
        self.levels = db.session.scalars(select(Level).where(Level.active.is_(True))).all()
        self.pos_ids = db.session.scalars(select(Pos.id).order_by(Pos.id)).all()
        self.rng = random.Random(seed * 1_000_003 + start)

    def rows(self, index):
        """The customer row, its transaction rows and its label rows."""
        draw = self.rng.random
        pools, now, store = self.pools, self.now, self.store_code

        def pick(choices):
            return choices[int(draw() * len(choices))]

        number = self.start + index
        gender = "male" if draw() < 0.5 else "female"
        first, last = pick(pools.first[gender]), pick(pools.last)
        customer_id = f"{number:08x}-5e1d-4000-8000-000000000000"  # ids count up, so inserts append
        created = now - timedelta(seconds=int(draw() * 3 * 365 * 86400))
        updated = created + (now - created) * draw()
        email = f"{self.ascii[first]}.{self.ascii[last]}.{number}@{pick(DOMAINS)}"
        phone = f"+48{600000000 + number}" if draw() < 0.8 else None
        card = f"{90000000000 + number}" if draw() < 0.6 else None
        address = company = None
        if draw() < 0.7:
            city, postal, country = pick(pools.cities)
            address = json.dumps({"street": pick(pools.streets), "address1": str(1 + int(draw() * 199)),
                                  "city": city, "postal": postal, "country": country}, ensure_ascii=False)
        if draw() < 0.1:
            name, nip = pick(pools.companies)
            company = json.dumps({"name": name, "nip": nip}, ensure_ascii=False)
        pos_id = pick(self.pos_ids) if self.pos_ids and draw() < 0.3 else None
        transactions, amount, last_moment = [], 0.0, None
        for position in range(pick((0, 0, 1, 1, 1, 2, 3, 4))):
            moment = created + (now - created) * draw()
            value = round(5 + draw() * 395, 2)
            amount += value
            last_moment = moment if last_moment is None or moment > last_moment else last_moment
            transactions.append((f"{number:08x}-5e1d-4000-9000-{position:012x}", customer_id,
                                 f"S{number}-{position + 1}", "sell", _stored(moment), value, 0, 0, pos_id))
        amount = round(amount, 2)
        count = len(transactions)
        customer = (
            customer_id, store, first, last, gender, email, phone, card, email, phone and phone[1:], card,
            _stored(_birth_date(now, draw())), _stored(created), _stored(updated),
            address, company, 1, int(draw() < 0.5), int(draw() < 0.2), 1, "active", "no-card",
            _level_for(self.levels, amount), pos_id, self.password_hash, 0, 1, count, amount, amount, 0,
            round(amount / count, 2) if count else 0, last_moment and _stored(last_moment), "[]",
        )
        labels = [(customer_id, store, position, key, value)
                  for position, (key, value) in enumerate(self.rng.sample(LABELS, pick((0, 0, 0, 1, 1, 2))))]
        return customer, transactions, labels


class BulkInsert:
    """Rows of one table, given as tuples in the order of `columns`, written in batches by the engine."""

    def __init__(self, table, columns):
        missing = [column.name for column in table.columns
                   if not column.nullable and column.name not in columns and not column.primary_key]
        if missing:
            raise ValueError(f"{table.name}: the bulk rows leave out the required {missing}")
        self.table, self.columns, self.rows = table, columns, []

    def flush(self, insert_many):
        insert_many(self.table, self.columns, self.rows)
        self.rows.clear()


def add_customers(count, *, store_code="DEFAULT", progress=None):
    """Add `count` synthetic customers to the store in one transaction; return how many there are now."""
    start = db.session.scalar(select(func.count()).select_from(Customer)) or 0
    generator = Generator(store_code=store_code, start=start, now=clock.now())
    customers = BulkInsert(Customer.__table__, CUSTOMER_COLUMNS)
    transactions = BulkInsert(Transaction.__table__, TRANSACTION_COLUMNS)
    labels = BulkInsert(CustomerLabel.__table__, LABEL_COLUMNS)
    connection = db.session.connection()
    tables = [customers.table, transactions.table, labels.table]
    with engines.of(connection).bulk_load(connection, tables) as insert_many:
        for first in range(0, count, BATCH):
            size = min(BATCH, count - first)
            for index in range(first, first + size):
                customer, moves, tags = generator.rows(index)
                customers.rows.append(customer)
                transactions.rows.extend(moves)
                labels.rows.extend(tags)
            for bulk in (customers, transactions, labels):
                bulk.flush(insert_many)
            if progress:
                progress(size)
    derived.rebuild()  # the counts of the stores
    db.session.commit()
    return start + count
