"""Counts and label stores kept by the session

The customers' counts per store and each label's store were kept by SQLite triggers; the session
keeps them now (app/derived.py), the same on every engine, so the triggers go.

Revision ID: 0003
Revises: 0002
Created: 2026-12-04
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TRIGGERS = {
    "customer_count_insert": (
        "CREATE TRIGGER customer_count_insert AFTER INSERT ON customers BEGIN INSERT INTO "
        "customer_counts(store_code, total) VALUES (new.store_code, 1) ON CONFLICT(store_code) DO UPDATE SET "
        "total = total + 1; END"
    ),
    "customer_count_delete": (
        "CREATE TRIGGER customer_count_delete AFTER DELETE ON customers BEGIN UPDATE customer_counts SET "
        "total = total - 1 WHERE store_code = old.store_code; END"
    ),
    "customer_count_move": (
        "CREATE TRIGGER customer_count_move AFTER UPDATE OF store_code ON customers BEGIN UPDATE "
        "customer_counts SET total = total - 1 WHERE store_code = old.store_code; INSERT INTO "
        "customer_counts(store_code, total) VALUES (new.store_code, 1) ON CONFLICT(store_code) DO UPDATE SET "
        "total = total + 1; END"
    ),
    "customer_label_store": (
        "CREATE TRIGGER customer_label_store AFTER INSERT ON customer_labels WHEN new.store_code IS NULL BEGIN "
        "UPDATE customer_labels SET store_code = (SELECT store_code FROM customers WHERE id = new.customer_id) "
        "WHERE id = new.id; END"
    ),
}


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in TRIGGERS.values():
            op.execute(statement)
