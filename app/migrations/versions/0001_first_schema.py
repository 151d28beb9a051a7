"""The schema of the versions before migrations

Every table, and on SQLite the search index and the triggers that keep it and the counts in step
with the customers.

Revision ID: 0001
Revises: (none)
Created: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_DDL = (
    (
        "CREATE VIRTUAL TABLE customer_search USING fts5(first_name, last_name, email, phone, "
        "loyalty_card_number, content='customers', content_rowid='rowid', tokenize='trigram')"
    ),
    (
        "CREATE TRIGGER customer_search_insert AFTER INSERT ON customers BEGIN INSERT INTO "
        "customer_search(rowid, first_name, last_name, email, phone, loyalty_card_number) VALUES (new.rowid, "
        "new.first_name, new.last_name, new.email, new.phone, new.loyalty_card_number); END"
    ),
    (
        "CREATE TRIGGER customer_search_delete AFTER DELETE ON customers BEGIN INSERT INTO "
        "customer_search(customer_search, rowid, first_name, last_name, email, phone, loyalty_card_number) "
        "VALUES ('delete', old.rowid, old.first_name, old.last_name, old.email, old.phone, "
        "old.loyalty_card_number); END"
    ),
    (
        "CREATE TRIGGER customer_search_update AFTER UPDATE OF first_name, last_name, email, phone, "
        "loyalty_card_number ON customers BEGIN INSERT INTO customer_search(customer_search, rowid, "
        "first_name, last_name, email, phone, loyalty_card_number) VALUES ('delete', old.rowid, "
        "old.first_name, old.last_name, old.email, old.phone, old.loyalty_card_number); INSERT INTO "
        "customer_search(rowid, first_name, last_name, email, phone, loyalty_card_number) VALUES (new.rowid, "
        "new.first_name, new.last_name, new.email, new.phone, new.loyalty_card_number); END"
    ),
    (
        "CREATE TRIGGER customer_count_insert AFTER INSERT ON customers BEGIN INSERT INTO "
        "customer_counts(store_code, total) VALUES (new.store_code, 1) ON CONFLICT(store_code) DO UPDATE SET "
        "total = total + 1; END"
    ),
    (
        "CREATE TRIGGER customer_count_delete AFTER DELETE ON customers BEGIN UPDATE customer_counts SET "
        "total = total - 1 WHERE store_code = old.store_code; END"
    ),
    (
        "CREATE TRIGGER customer_count_move AFTER UPDATE OF store_code ON customers BEGIN UPDATE "
        "customer_counts SET total = total - 1 WHERE store_code = old.store_code; INSERT INTO "
        "customer_counts(store_code, total) VALUES (new.store_code, 1) ON CONFLICT(store_code) DO UPDATE SET "
        "total = total + 1; END"
    ),
    (
        "CREATE TRIGGER customer_label_store AFTER INSERT ON customer_labels WHEN new.store_code IS NULL "
        "BEGIN UPDATE customer_labels SET store_code = (SELECT store_code FROM customers WHERE id = "
        "new.customer_id) WHERE id = new.id; END"
    ),
)


def upgrade():
    op.create_table(
        "admins",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("super_admin", sa.Boolean(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "customer_counts",
        sa.Column("store_code", sa.String(length=64), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("store_code"),
    )
    op.create_table(
        "id_sequences",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "languages",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "levels",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("condition_value", sa.Float(), nullable=False),
        sa.Column("reward_name", sa.String(length=255), nullable=True),
        sa.Column("reward_value", sa.Float(), nullable=False),
        sa.Column("reward_code", sa.String(length=255), nullable=True),
        sa.Column("min_order", sa.Float(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("store_code", sa.String(length=64), nullable=True),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("link", sa.String(length=512), nullable=True),
        sa.Column("token", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_messages_recipient"), ["recipient"], unique=False)

    op.create_table(
        "pos",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("identifier", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("street", sa.String(length=255), nullable=False),
        sa.Column("address1", sa.String(length=255), nullable=False),
        sa.Column("address2", sa.String(length=255), nullable=True),
        sa.Column("province", sa.String(length=255), nullable=True),
        sa.Column("city", sa.String(length=255), nullable=False),
        sa.Column("postal", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=64), nullable=False),
        sa.Column("latitude", sa.String(length=32), nullable=True),
        sa.Column("longitude", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("identifier"),
    )
    op.create_table(
        "program_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("token", sa.String(length=128), nullable=False),
        sa.Column("user_type", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refresh_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "schema_info",
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("fingerprint"),
    )
    op.create_table(
        "settings_files",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "stores",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=16), nullable=False),
        sa.Column("activation_method", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "sellers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("last_name", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("pos_id", sa.String(length=36), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("allow_point_transfer", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pos_id"],
            ["pos.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("store_code", sa.String(length=64), nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("last_name", sa.String(length=255), nullable=False),
        sa.Column("gender", sa.String(length=16), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("phone", sa.String(length=64), nullable=True),
        sa.Column("loyalty_card_number", sa.String(length=255), nullable=True),
        sa.Column("email_key", sa.String(length=255), nullable=True),
        sa.Column("phone_key", sa.String(length=64), nullable=True),
        sa.Column("card_key", sa.String(length=255), nullable=True),
        sa.Column("birth_date", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("last_level_recalculation", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("address", sa.JSON(), nullable=True),
        sa.Column("company", sa.JSON(), nullable=True),
        sa.Column("agreement1", sa.Boolean(), nullable=False),
        sa.Column("agreement2", sa.Boolean(), nullable=False),
        sa.Column("agreement3", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("status_type", sa.String(length=16), nullable=False),
        sa.Column("status_state", sa.String(length=16), nullable=True),
        sa.Column("level_id", sa.String(length=36), nullable=True),
        sa.Column("manually_assigned_level_id", sa.String(length=36), nullable=True),
        sa.Column("pos_id", sa.String(length=36), nullable=True),
        sa.Column("seller_id", sa.String(length=36), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("password_temporary", sa.Boolean(), nullable=False),
        sa.Column("action_token", sa.String(length=64), nullable=True),
        sa.Column("anonymized_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("transactions_count", sa.Integer(), nullable=False),
        sa.Column("transactions_amount", sa.Float(), nullable=False),
        sa.Column("transactions_amount_without_delivery", sa.Float(), nullable=False),
        sa.Column("amount_excluded_for_level", sa.Float(), nullable=False),
        sa.Column("average_transaction_amount", sa.Float(), nullable=False),
        sa.Column("last_transaction_date", sa.DateTime(), nullable=True),
        sa.Column("pushy_tokens", sa.JSON(), nullable=False),
        sa.Column("avatar_path", sa.String(length=255), nullable=True),
        sa.Column("avatar_original_name", sa.String(length=255), nullable=True),
        sa.Column("avatar_mime", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["levels.id"],
        ),
        sa.ForeignKeyConstraint(
            ["manually_assigned_level_id"],
            ["levels.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pos_id"],
            ["pos.id"],
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"],
            ["sellers.id"],
        ),
        sa.ForeignKeyConstraint(
            ["store_code"],
            ["stores.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("store_code", "card_key", name="uq_customer_card"),
        sa.UniqueConstraint("store_code", "email_key", name="uq_customer_email"),
        sa.UniqueConstraint("store_code", "phone_key", name="uq_customer_phone"),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index("ix_customer_sort_active", ["store_code", "active", "id"], unique=False)
        batch_op.create_index(
            "ix_customer_sort_average_transaction_amount",
            ["store_code", "average_transaction_amount", "id"],
            unique=False,
        )
        batch_op.create_index("ix_customer_sort_birth_date", ["store_code", "birth_date", "id"], unique=False)
        batch_op.create_index("ix_customer_sort_email", ["store_code", "email", "id", "phone"], unique=False)
        batch_op.create_index("ix_customer_sort_first_name", ["store_code", "first_name", "id"], unique=False)
        batch_op.create_index("ix_customer_sort_gender", ["store_code", "gender", "id"], unique=False)
        batch_op.create_index("ix_customer_sort_id", ["store_code", "id"], unique=False)
        batch_op.create_index("ix_customer_sort_last_name", ["store_code", "last_name", "id"], unique=False)
        batch_op.create_index(
            "ix_customer_sort_last_transaction_date", ["store_code", "last_transaction_date", "id"], unique=False
        )
        batch_op.create_index("ix_customer_sort_level_id", ["store_code", "level_id", "id"], unique=False)
        batch_op.create_index(
            "ix_customer_sort_loyalty_card_number", ["store_code", "loyalty_card_number", "id"], unique=False
        )
        batch_op.create_index(
            "ix_customer_sort_manually_assigned_level_id",
            ["store_code", "manually_assigned_level_id", "id"],
            unique=False,
        )
        batch_op.create_index("ix_customer_sort_phone", ["store_code", "phone", "id"], unique=False)
        batch_op.create_index("ix_customer_sort_pos_id", ["store_code", "pos_id", "id"], unique=False)
        batch_op.create_index(
            "ix_customer_sort_transactions_amount", ["store_code", "transactions_amount", "id"], unique=False
        )
        batch_op.create_index(
            "ix_customer_sort_transactions_amount_without_delivery",
            ["store_code", "transactions_amount_without_delivery", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_customer_sort_transactions_count", ["store_code", "transactions_count", "id"], unique=False
        )
        batch_op.create_index("ix_customer_sort_updated_at", ["store_code", "updated_at", "id"], unique=False)
        batch_op.create_index("ix_customer_store_created", ["store_code", "created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_action_token"), ["action_token"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_store_code"), ["store_code"], unique=False)

    op.create_table(
        "activation_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("pending_value", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activation_codes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activation_codes_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_activation_codes_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "customer_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.Column("store_code", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("customer_labels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_labels_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index("ix_label_store_key", ["store_code", "key", "customer_id"], unique=False)
        batch_op.create_index("ix_label_store_key_value", ["store_code", "key", "value", "customer_id"], unique=False)

    op.create_table(
        "invitations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("referrer_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_id", sa.String(length=36), nullable=True),
        sa.Column("recipient_email", sa.String(length=255), nullable=True),
        sa.Column("recipient_phone", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["recipient_id"], ["customers.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["referrer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_referrer_id"), ["referrer_id"], unique=False)

    op.create_table(
        "transactions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("document_number", sa.String(length=255), nullable=False),
        sa.Column("document_type", sa.String(length=16), nullable=False),
        sa.Column("purchased_at", sa.DateTime(), nullable=False),
        sa.Column("gross_value", sa.Float(), nullable=False),
        sa.Column("delivery_costs", sa.Float(), nullable=False),
        sa.Column("excluded_for_level", sa.Float(), nullable=False),
        sa.Column("pos_id", sa.String(length=36), nullable=True),
        sa.Column("purchase_place", sa.String(length=255), nullable=True),
        sa.Column("items", sa.JSON(), nullable=True),
        sa.Column("revised_document", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["pos_id"],
            ["pos.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.create_index("ix_transaction_purchased", ["purchased_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_transactions_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_transactions_pos_id"), ["pos_id"], unique=False)

    op.create_table(
        "point_transfers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("comment", sa.String(length=255), nullable=True),
        sa.Column("issuer", sa.String(length=16), nullable=True),
        sa.Column("transaction_id", sa.String(length=36), nullable=True),
        sa.Column("revised_transaction_id", sa.String(length=36), nullable=True),
        sa.Column("pos_id", sa.String(length=36), nullable=True),
        sa.Column("sender_id", sa.String(length=36), nullable=True),
        sa.Column("receiver_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["pos_id"],
            ["pos.id"],
        ),
        sa.ForeignKeyConstraint(["revised_transaction_id"], ["transactions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["transaction_id"], ["transactions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("point_transfers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_point_transfers_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_point_transfers_transaction_id"), ["transaction_id"], unique=False)

    op.create_table(
        "transaction_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transaction_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["transaction_id"], ["transactions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("transaction_labels", schema=None) as batch_op:
        batch_op.create_index("ix_transaction_label_key_value", ["key", "value", "transaction_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_transaction_labels_transaction_id"), ["transaction_id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DDL:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS customer_search")  # its triggers go with the customers table
    with op.batch_alter_table("transaction_labels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transaction_labels_transaction_id"))
        batch_op.drop_index("ix_transaction_label_key_value")

    op.drop_table("transaction_labels")
    with op.batch_alter_table("point_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_point_transfers_transaction_id"))
        batch_op.drop_index(batch_op.f("ix_point_transfers_customer_id"))

    op.drop_table("point_transfers")
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transactions_pos_id"))
        batch_op.drop_index(batch_op.f("ix_transactions_customer_id"))
        batch_op.drop_index("ix_transaction_purchased")

    op.drop_table("transactions")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_referrer_id"))

    op.drop_table("invitations")
    with op.batch_alter_table("customer_labels", schema=None) as batch_op:
        batch_op.drop_index("ix_label_store_key_value")
        batch_op.drop_index("ix_label_store_key")
        batch_op.drop_index(batch_op.f("ix_customer_labels_customer_id"))

    op.drop_table("customer_labels")
    with op.batch_alter_table("activation_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activation_codes_customer_id"))
        batch_op.drop_index(batch_op.f("ix_activation_codes_code"))

    op.drop_table("activation_codes")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_store_code"))
        batch_op.drop_index(batch_op.f("ix_customers_action_token"))
        batch_op.drop_index("ix_customer_store_created")
        batch_op.drop_index("ix_customer_sort_updated_at")
        batch_op.drop_index("ix_customer_sort_transactions_count")
        batch_op.drop_index("ix_customer_sort_transactions_amount_without_delivery")
        batch_op.drop_index("ix_customer_sort_transactions_amount")
        batch_op.drop_index("ix_customer_sort_pos_id")
        batch_op.drop_index("ix_customer_sort_phone")
        batch_op.drop_index("ix_customer_sort_manually_assigned_level_id")
        batch_op.drop_index("ix_customer_sort_loyalty_card_number")
        batch_op.drop_index("ix_customer_sort_level_id")
        batch_op.drop_index("ix_customer_sort_last_transaction_date")
        batch_op.drop_index("ix_customer_sort_last_name")
        batch_op.drop_index("ix_customer_sort_id")
        batch_op.drop_index("ix_customer_sort_gender")
        batch_op.drop_index("ix_customer_sort_first_name")
        batch_op.drop_index("ix_customer_sort_email")
        batch_op.drop_index("ix_customer_sort_birth_date")
        batch_op.drop_index("ix_customer_sort_average_transaction_amount")
        batch_op.drop_index("ix_customer_sort_active")

    op.drop_table("customers")
    op.drop_table("sellers")
    op.drop_table("stores")
    op.drop_table("settings_files")
    op.drop_table("schema_info")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_user_id"))

    op.drop_table("refresh_tokens")
    op.drop_table("program_settings")
    op.drop_table("pos")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_recipient"))

    op.drop_table("messages")
    op.drop_table("levels")
    op.drop_table("languages")
    op.drop_table("id_sequences")
    op.drop_table("customer_counts")
    op.drop_table("admins")
