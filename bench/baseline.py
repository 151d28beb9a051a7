"""The floor: bare Flask reading one customer row from SQLite through the standard library.

Serve it as `bench.baseline:app` under gunicorn or granian. BASELINE_DB names the SQLite file;
it is created in WAL mode with a couple of rows when missing. Nothing else happens per request:
no authentication, no schema, no ORM, so its figures are what the stack itself costs.
"""
import fcntl
import os
import sqlite3
import tempfile
import threading
from contextlib import closing

from flask import Flask, jsonify

DATABASE = os.environ.get("BASELINE_DB") or os.path.join(tempfile.gettempdir(), "bench-baseline.db")
COLUMNS = ("id", "first_name", "last_name", "email", "phone", "created_at")
ROWS = [
    ("00000000-0000-474c-b092-b0dd880c07e1", "John", "Doe", "user@example.com", "+48234234000",
     "2016-08-08T10:53:14+02:00"),
    ("11111111-0000-474c-b092-b0dd880c07e1", "John1", "Doe1", "user-1@example.com", "+48456456000",
     "2016-08-08T10:53:14+02:00"),
]


def create_database(path):
    """Create the customers table with its rows, unless the file already holds them; the workers
    that start together take turns (switching a new file to WAL does not wait for a lock)."""
    with open(path + ".lock", "w") as lock, closing(sqlite3.connect(path, timeout=10)) as connection:
        fcntl.flock(lock, fcntl.LOCK_EX)
        connection.execute("PRAGMA journal_mode=WAL")
        with connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, "
                "email TEXT, phone TEXT, created_at TEXT)"
            )
            connection.executemany("INSERT OR IGNORE INTO customers VALUES (?, ?, ?, ?, ?, ?)", ROWS)


_local = threading.local()


def connection():
    """Return this thread's connection, opened on first use."""
    if getattr(_local, "connection", None) is None:
        _local.connection = sqlite3.connect(DATABASE, timeout=10)
    return _local.connection


create_database(DATABASE)
app = Flask(__name__)


@app.get("/api/DEFAULT/customer/<customer_id>")
def customer_details(customer_id):
    """Return one customer row as JSON, or a 404 JSON error."""
    row = connection().execute(f"SELECT {', '.join(COLUMNS)} FROM customers WHERE id = ?", (customer_id,)).fetchone()
    if row is None:
        return jsonify(code=404, message="Not Found"), 404
    return jsonify(dict(zip(COLUMNS, row)))
