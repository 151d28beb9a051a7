"""PostgreSQL: substring indexes, and the registries of sandboxes and snapshots

On PostgreSQL the lists sort an empty value first, ascending, as SQLite does: the sort indexes are
made again with NULLS FIRST. The text filters (`lower(column) LIKE '%value%'`) are answered by pg_trgm's GIN
indexes over the lowered columns, as SQLite answers them from its FTS5 trigram table (0001).
A sandbox there is a schema of the database, and a snapshot a schema holding copies of the rows:
`sandbox_registry` (in the default world) names each sandbox's schema, `snapshot_registry` (in
every world) each of its snapshots'. SQLite, which keeps both as files, gets nothing here.

Revision ID: 0004
Revises: 0003
Created: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

from openloyalty_standin.app import schema
from openloyalty_standin.app.engines.postgresql import sort_indexes

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEARCHED = ("first_name", "last_name", "email", "phone", "loyalty_card_number")
PREFIX = "ix_customer_trigram_"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        op.create_index(f"{PREFIX}{column}", "customers", [sa.text(f"lower({column}) gin_trgm_ops")],
                        postgresql_using="gin")
    schema_name = op.get_bind().scalar(sa.text("SELECT current_schema()"))
    for statement in sort_indexes(schema.world_schema(op.get_bind()) or schema_name):
        op.execute(statement)
    op.create_table(
        "sandbox_registry",
        sa.Column("name", sa.String(63), primary_key=True),
        sa.Column("schema_name", sa.String(63), nullable=False, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("used_at", sa.Float, nullable=False),
    )
    op.create_table(
        "snapshot_registry",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("schema_name", sa.String(63), nullable=False, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_table("snapshot_registry")
    op.drop_table("sandbox_registry")
    for column in SEARCHED:
        op.drop_index(f"{PREFIX}{column}", table_name="customers")
