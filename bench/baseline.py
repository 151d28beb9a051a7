"""The floor: bare Flask on SQLite through the standard library, answering the requests the benchmark
compares under the stand-in's paths.

Serve it as `bench.baseline:app` under gunicorn or granian. BASELINE_DB names the SQLite file, created in
WAL mode with synchronous=NORMAL (as the stand-in opens its database) when missing. BASELINE_SEED may name
a JSON document {"customers": [...]} (bench/peers.py writes the seed's customers so) to fill a new file;
without it, two customers. Nothing else happens per request: no authentication, no schema, no ORM, so its
figures are what the stack itself costs.
"""
import fcntl
import json
import os
import sqlite3
import tempfile
import threading
import uuid
from contextlib import closing
from datetime import datetime, timezone

from flask import Flask, jsonify, request

DATABASE = os.environ.get("BASELINE_DB") or os.path.join(tempfile.gettempdir(), "bench-baseline.db")
# Each column, and its name in the answers (the API's).
FIELDS = {"id": "customerId", "first_name": "firstName", "last_name": "lastName", "email": "email",
          "phone": "phone", "created_at": "createdAt"}
SELECT = f"SELECT {', '.join(FIELDS)} FROM customers"
ROWS = [
    ("00000000-0000-474c-b092-b0dd880c07e1", "John", "Doe", "user@example.com", "+48234234000",
     "2016-08-08T10:53:14+02:00"),
    ("11111111-0000-474c-b092-b0dd880c07e1", "John1", "Doe1", "user-1@example.com", "+48456456000",
     "2016-08-08T10:53:14+02:00"),
]


def seed_rows(path):
    """The rows of the customers in the JSON document at `path`, or the two built-in ones without it."""
    if not path:
        return ROWS
    with open(path) as document:
        customers = json.load(document)["customers"]
    return [tuple(customer.get(name) for name in FIELDS.values()) for customer in customers]


def create_database(path, rows):
    """Create the customers table with `rows`, unless the file already holds them; the workers that start
    together take turns (switching a new file to WAL does not wait for a lock)."""
    with open(path + ".lock", "w") as lock, closing(sqlite3.connect(path, timeout=10)) as connection:
        fcntl.flock(lock, fcntl.LOCK_EX)
        connection.execute("PRAGMA journal_mode=WAL")
        with connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, "
                "email TEXT, phone TEXT, created_at TEXT)"
            )
            connection.execute("CREATE INDEX IF NOT EXISTS customers_created_at ON customers (created_at)")
            connection.executemany("INSERT OR IGNORE INTO customers VALUES (?, ?, ?, ?, ?, ?)", rows)


_local = threading.local()


def connection():
    """Return this thread's connection, opened on first use."""
    if getattr(_local, "connection", None) is None:
        _local.connection = sqlite3.connect(DATABASE, timeout=10)
        _local.connection.execute("PRAGMA synchronous=NORMAL")
    return _local.connection


def as_customer(row):
    """A row as the API names its fields."""
    return dict(zip(FIELDS.values(), row))


create_database(DATABASE, seed_rows(os.environ.get("BASELINE_SEED")))
app = Flask(__name__)


@app.get("/api/DEFAULT/customer/<customer_id>")
def customer_details(customer_id):
    """Return one customer as JSON, or a 404 JSON error."""
    row = connection().execute(f"{SELECT} WHERE id = ?", (customer_id,)).fetchone()
    if row is None:
        return jsonify(code=404, message="Not Found"), 404
    return jsonify(as_customer(row))


@app.get("/api/DEFAULT/admin/customer")
def customer_list():
    """Return a page of customers, newest first (`page`, `perPage`, default 1 and 10), and their total."""
    page = max(request.args.get("page", 1, type=int), 1)
    per_page = max(request.args.get("perPage", 10, type=int), 1)
    database = connection()
    rows = database.execute(f"{SELECT} ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                            (per_page, (page - 1) * per_page)).fetchall()
    total = database.execute("SELECT count(*) FROM customers").fetchone()[0]
    return jsonify(customers=[as_customer(row) for row in rows], total=total)


@app.post("/api/DEFAULT/customer/register")
def register():
    """Insert the customer of {"customer": {...}} under a new id; answer {"customerId", "email"}."""
    customer = (request.get_json(silent=True) or {}).get("customer") or {}
    customer_id = str(uuid.uuid4())
    database = connection()
    with database:
        database.execute(
            "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)",
            (customer_id, customer.get("firstName"), customer.get("lastName"), customer.get("email"),
             customer.get("phone"), datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )
    return jsonify(customerId=customer_id, email=customer.get("email"))
