"""Run-time settings in the database

The clock and the faults of a world move from files beside the database into world_settings,
so that every server on one database follows the same ones; the fingerprint table of the versions
before migrations goes.

Revision ID: 0002
Revises: 0001
Created: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "world_settings",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.drop_table("schema_info")


def downgrade():
    op.create_table(
        "schema_info",
        sa.Column("fingerprint", sa.VARCHAR(length=64), nullable=False),
        sa.PrimaryKeyConstraint("fingerprint"),
    )
    op.drop_table("world_settings")
