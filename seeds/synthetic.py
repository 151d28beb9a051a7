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
from sqlalchemy import JSON, Boolean, func, select
from werkzeug.security import generate_password_hash

from app import clock
from app.extensions import db
from app.sqlite import bulk_load
from app.models import Customer, CustomerLabel, Level, Pos, Transaction, UTCDateTime
from seeds.data import CUSTOMER_PASSWORD

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


class Generator:
    """Builds the rows of customer number `index` (0-based) of a run."""

    def __init__(self, *, store_code, start, now, seed=SEED):
        self.pools = Pools(seed)
        self.seed = seed
        self.store_code = store_code
        self.start = start
        self.now = now
        self.password_hash = generate_password_hash(CUSTOMER_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"])
        self.levels = db.session.scalars(select(Level).where(Level.active.is_(True))).all()
        self.pos_ids = db.session.scalars(select(Pos.id).order_by(Pos.id)).all()
        self.rng = random.Random(seed * 1_000_003 + start)

    def rows(self, index):
        rng = self.rng
        pools = self.pools
        number = self.start + index
        gender = rng.choice(("male", "female"))
        first, last = rng.choice(pools.first[gender]), rng.choice(pools.last)
        customer_id = f"{number:08x}-5e1d-4000-8000-000000000000"  # ids count up, so inserts append
        created = self.now - timedelta(seconds=rng.randrange(3 * 365 * 86400))
        updated = created + (self.now - created) * rng.random()
        city, postal, country = rng.choice(pools.cities)
        customer = {
            "id": customer_id, "store_code": self.store_code, "first_name": first, "last_name": last,
            "gender": gender, "email": f"{_ascii(first)}.{_ascii(last)}.{number}@{rng.choice(DOMAINS)}",
            "phone": f"+48{600000000 + number}" if rng.random() < 0.8 else None,
            "loyalty_card_number": f"{90000000000 + number}" if rng.random() < 0.6 else None,
            "birth_date": self.now - timedelta(days=18 * 365 + rng.randrange(60 * 365)),
            "created_at": created, "updated_at": updated,
            "address": {"street": rng.choice(pools.streets), "address1": str(rng.randrange(1, 200)),
                        "city": city, "postal": postal, "country": country} if rng.random() < 0.7 else None,
            "company": dict(zip(("name", "nip"), rng.choice(pools.companies))) if rng.random() < 0.1 else None,
            "agreement1": True, "agreement2": rng.random() < 0.5, "agreement3": rng.random() < 0.2,
            "active": True, "status_type": "active", "status_state": "no-card",
            "pos_id": rng.choice(self.pos_ids) if self.pos_ids and rng.random() < 0.3 else None,
            "password_hash": self.password_hash, "pushy_tokens": [], "version": 1,
        }
        customer.update(email_key=customer["email"], card_key=customer["loyalty_card_number"],
                        phone_key=customer["phone"] and customer["phone"][1:])
        transactions = []
        for position in range(rng.choice((0, 0, 1, 1, 2, 3, 5))):
            moment = created + (self.now - created) * rng.random()
            transactions.append({
                "id": f"{number:08x}-5e1d-4000-9000-{position:012x}", "customer_id": customer_id,
                "document_number": f"S{number}-{position + 1}", "document_type": "sell",
                "purchased_at": moment, "gross_value": round(rng.uniform(5, 400), 2),
                "delivery_costs": 0, "excluded_for_level": 0, "pos_id": customer["pos_id"],
            })
        amount = round(sum(t["gross_value"] for t in transactions), 2)
        customer.update(
            transactions_count=len(transactions), transactions_amount=amount,
            transactions_amount_without_delivery=amount, amount_excluded_for_level=0,
            average_transaction_amount=round(amount / len(transactions), 2) if transactions else 0,
            last_transaction_date=max((t["purchased_at"] for t in transactions), default=None),
            level_id=_level_for(self.levels, amount),
        )
        labels = [{"customer_id": customer_id, "store_code": self.store_code, "position": position, "key": key,
                   "value": value}
                  for position, (key, value) in enumerate(rng.sample(LABELS, rng.choice((0, 0, 0, 1, 1, 2))))]
        return customer, transactions, labels


def _stored_datetime(value):
    """A datetime as the UTCDateTime columns store it: naive UTC text, always with microseconds."""
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


def _converter(column):
    if isinstance(column.type, UTCDateTime):
        return _stored_datetime
    if isinstance(column.type, JSON):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(column.type, Boolean):
        return int
    return None


class BulkInsert:
    """Rows of one table written with the driver's executemany: columns the generator leaves out
    take their model default, values are converted as the column types would convert them."""

    def __init__(self, table):
        columns = list(table.columns)  # an INTEGER PRIMARY KEY given NULL is numbered by SQLite
        self.sql = (f"INSERT INTO {table.name} ({', '.join(column.name for column in columns)}) "
                    f"VALUES ({', '.join(':' + column.name for column in columns)})")
        self.defaults = {column.name: column.default.arg if column.default is not None and column.default.is_scalar
                         else None for column in columns}
        self.converters = [(column.name, _converter(column)) for column in columns if _converter(column)]
        self.rows = []

    def add(self, row):
        values = {**self.defaults, **row}
        for name, convert in self.converters:
            value = values[name]
            if value is not None:
                values[name] = convert(value)
        self.rows.append(values)

    def flush(self, cursor):
        cursor.executemany(self.sql, self.rows)
        self.rows.clear()


def add_customers(count, *, store_code="DEFAULT", progress=None):
    """Add `count` synthetic customers to the store in one transaction; return how many there are now."""
    start = db.session.scalar(select(func.count()).select_from(Customer)) or 0
    generator = Generator(store_code=store_code, start=start, now=clock.now())
    customers, transactions, labels = (BulkInsert(model.__table__) for model in (Customer, Transaction, CustomerLabel))
    connection = db.session.connection()
    cursor = connection.connection.driver_connection.cursor()
    cursor.execute("PRAGMA cache_size=-262144")
    with bulk_load(connection):
        for first in range(0, count, BATCH):
            size = min(BATCH, count - first)
            for index in range(first, first + size):
                customer, moves, tags = generator.rows(index)
                customers.add(customer)
                for move in moves:
                    transactions.add(move)
                for tag in tags:
                    labels.add(tag)
            for bulk in (customers, transactions, labels):
                bulk.flush(cursor)
            if progress:
                progress(size)
    db.session.commit()
    return start + count
