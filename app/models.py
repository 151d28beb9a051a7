"""SQLAlchemy models: the stored state of the stand-in."""
from datetime import timezone

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from openloyalty_standin.app.extensions import db

UUID = String(36)


class UTCDateTime(TypeDecorator):
    """An aware datetime, stored as naive UTC so every database compares it alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Store(db.Model):
    __tablename__ = "stores"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    currency: Mapped[str] = mapped_column(String(16), default="eur")
    activation_method: Mapped[str] = mapped_column(String(8), default="email")


class Level(db.Model):
    __tablename__ = "levels"

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    condition_value: Mapped[float] = mapped_column(Float, default=0)
    reward_name: Mapped[str | None] = mapped_column(String(255))
    reward_value: Mapped[float] = mapped_column(Float, default=0)
    reward_code: Mapped[str | None] = mapped_column(String(255))
    min_order: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    translations: Mapped[dict] = mapped_column(JSON, default=dict)

    def name_in(self, locale=None):
        """Return the level name translated to `locale` when a translation exists."""
        translated = (self.translations or {}).get(locale or "", {})
        return translated.get("name") or self.name

    def description_in(self, locale=None):
        """Return the level description translated to `locale` when a translation has one."""
        translated = (self.translations or {}).get(locale or "", {})
        return translated.get("description") or self.description


class Pos(db.Model):
    __tablename__ = "pos"

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    identifier: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    # The location, as Open Loyalty's POS form requires it (address2, province and the geo point are
    # optional); latitude and longitude are text, as Open Loyalty answers them.
    street: Mapped[str] = mapped_column(String(255))
    address1: Mapped[str] = mapped_column(String(255))
    address2: Mapped[str | None] = mapped_column(String(255))
    province: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str] = mapped_column(String(255))
    postal: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(64))
    latitude: Mapped[str | None] = mapped_column(String(32))
    longitude: Mapped[str | None] = mapped_column(String(32))


class Admin(db.Model):
    __tablename__ = "admins"

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    super_admin: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at = mapped_column(UTCDateTime)


class Seller(db.Model):
    __tablename__ = "sellers"

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    first_name: Mapped[str] = mapped_column(String(255))
    last_name: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(64))
    pos_id: Mapped[str | None] = mapped_column(ForeignKey("pos.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_point_transfer: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str] = mapped_column(String(255))
    last_login_at = mapped_column(UTCDateTime)

    pos = relationship("Pos", lazy="joined")


class Customer(db.Model):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("store_code", "email_key", name="uq_customer_email"),
        UniqueConstraint("store_code", "phone_key", name="uq_customer_phone"),
        UniqueConstraint("store_code", "card_key", name="uq_customer_card"),
        Index("ix_customer_store_created", "store_code", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    store_code: Mapped[str] = mapped_column(ForeignKey("stores.code"), index=True)
    first_name: Mapped[str] = mapped_column(String(255))
    last_name: Mapped[str] = mapped_column(String(255))
    gender: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(64))
    loyalty_card_number: Mapped[str | None] = mapped_column(String(255))
    # Keys that make uniqueness hold in the database itself: NULL when empty.
    email_key: Mapped[str | None] = mapped_column(String(255))
    phone_key: Mapped[str | None] = mapped_column(String(64))
    card_key: Mapped[str | None] = mapped_column(String(255))

    birth_date = mapped_column(UTCDateTime)
    created_at = mapped_column(UTCDateTime, nullable=False)
    updated_at = mapped_column(UTCDateTime, nullable=False)
    last_level_recalculation = mapped_column(UTCDateTime)
    last_login_at = mapped_column(UTCDateTime)

    address: Mapped[dict | None] = mapped_column(JSON)
    company: Mapped[dict | None] = mapped_column(JSON)
    agreement1: Mapped[bool] = mapped_column(Boolean, default=False)
    agreement2: Mapped[bool] = mapped_column(Boolean, default=False)
    agreement3: Mapped[bool] = mapped_column(Boolean, default=False)

    active: Mapped[bool] = mapped_column(Boolean, default=False)
    status_type: Mapped[str] = mapped_column(String(16), default="new")
    status_state: Mapped[str | None] = mapped_column(String(16))
    level_id: Mapped[str | None] = mapped_column(ForeignKey("levels.id"))
    manually_assigned_level_id: Mapped[str | None] = mapped_column(ForeignKey("levels.id"))
    pos_id: Mapped[str | None] = mapped_column(ForeignKey("pos.id"))
    seller_id: Mapped[str | None] = mapped_column(ForeignKey("sellers.id"))

    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_temporary: Mapped[bool] = mapped_column(Boolean, default=False)
    action_token: Mapped[str | None] = mapped_column(String(64), index=True)
    anonymized_at = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    transactions_count: Mapped[int] = mapped_column(Integer, default=0)
    transactions_amount: Mapped[float] = mapped_column(Float, default=0)
    transactions_amount_without_delivery: Mapped[float] = mapped_column(Float, default=0)
    amount_excluded_for_level: Mapped[float] = mapped_column(Float, default=0)
    average_transaction_amount: Mapped[float] = mapped_column(Float, default=0)
    last_transaction_date = mapped_column(UTCDateTime)

    pushy_tokens: Mapped[list] = mapped_column(JSON, default=list)
    avatar_path: Mapped[str | None] = mapped_column(String(255))
    avatar_original_name: Mapped[str | None] = mapped_column(String(255))
    avatar_mime: Mapped[str | None] = mapped_column(String(64))

    store = relationship("Store", lazy="joined")
    level = relationship("Level", foreign_keys=[level_id], lazy="joined")
    pos = relationship("Pos", lazy="joined")
    labels = relationship(
        "CustomerLabel",
        order_by="CustomerLabel.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @validates("email")
    def _key_email(self, _, value):
        self.email_key = value.lower() if value else None
        return value

    @validates("phone")
    def _key_phone(self, _, value):
        self.phone_key = value.replace("+", "") if value else None
        return value

    @validates("loyalty_card_number")
    def _key_card(self, _, value):
        self.card_key = value or None
        return value


# The list's sort columns, each indexed per store so a page in any order is read off an index.
SORTED_COLUMNS = (
    "first_name", "last_name", "email", "phone", "gender", "birth_date", "loyalty_card_number", "updated_at",
    "active", "level_id", "manually_assigned_level_id", "pos_id", "transactions_amount",
    "transactions_amount_without_delivery", "transactions_count", "average_transaction_amount",
    "last_transaction_date",
)
SORT_INDEX_PREFIX = "ix_customer_sort_"
# The e-mail index also carries the phone, so the emailOrPhone filter reads one index, not the rows.
_CARRIED = {"email": ("phone",)}
for _name in SORTED_COLUMNS:
    _carried = [Customer.__table__.c[extra] for extra in _CARRIED.get(_name, ())]
    Index(SORT_INDEX_PREFIX + _name, Customer.store_code, Customer.__table__.c[_name], Customer.id, *_carried)
Index(SORT_INDEX_PREFIX + "id", Customer.store_code, Customer.id)

# Substring search: an FTS5 trigram index over the text filters, kept in step with the table by
# triggers. It is keyed by the customers' rowid, which only VACUUM would renumber.
SEARCHED_COLUMNS = ("first_name", "last_name", "email", "phone", "loyalty_card_number")
_searched = ", ".join(SEARCHED_COLUMNS)
_new = ", ".join(f"new.{name}" for name in SEARCHED_COLUMNS)
_old = ", ".join(f"old.{name}" for name in SEARCHED_COLUMNS)
SEARCH_DDL = (
    f"CREATE VIRTUAL TABLE customer_search USING fts5({_searched}, content='customers', content_rowid='rowid', "
    "tokenize='trigram')",
    f"CREATE TRIGGER customer_search_insert AFTER INSERT ON customers BEGIN "
    f"INSERT INTO customer_search(rowid, {_searched}) VALUES (new.rowid, {_new}); END",
    f"CREATE TRIGGER customer_search_delete AFTER DELETE ON customers BEGIN "
    f"INSERT INTO customer_search(customer_search, rowid, {_searched}) VALUES ('delete', old.rowid, {_old}); END",
    f"CREATE TRIGGER customer_search_update AFTER UPDATE OF {_searched} ON customers BEGIN "
    f"INSERT INTO customer_search(customer_search, rowid, {_searched}) VALUES ('delete', old.rowid, {_old}); "
    f"INSERT INTO customer_search(rowid, {_searched}) VALUES (new.rowid, {_new}); END",
)


class CustomerCount(db.Model):
    """How many customers each store holds, kept by the session (app/derived.py): the total of an
    unfiltered list."""

    __tablename__ = "customer_counts"

    store_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    total: Mapped[int] = mapped_column(Integer, default=0)


class CustomerLabel(db.Model):
    __tablename__ = "customer_labels"
    __table_args__ = (
        Index("ix_label_store_key_value", "store_code", "key", "value", "customer_id"),
        Index("ix_label_store_key", "store_code", "key", "customer_id"),  # holders of a key, each once, in order
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(String(255))
    # The customer's store, copied by the session (app/derived.py), so a label filter never reads the customers.
    store_code: Mapped[str | None] = mapped_column(String(64))


class Transaction(db.Model):
    __tablename__ = "transactions"

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    customer_id: Mapped[str] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    document_number: Mapped[str] = mapped_column(String(255))
    document_type: Mapped[str] = mapped_column(String(16), default="sell")
    purchased_at = mapped_column(UTCDateTime, nullable=False)
    gross_value: Mapped[float] = mapped_column(Float, default=0)
    delivery_costs: Mapped[float] = mapped_column(Float, default=0)
    excluded_for_level: Mapped[float] = mapped_column(Float, default=0)
    pos_id: Mapped[str | None] = mapped_column(ForeignKey("pos.id"), index=True)  # a POS's figures read it
    # What the cockpits show of a transaction (the customer data is the customer's own, read live,
    # so anonymizing a customer anonymizes its transactions too).
    purchase_place: Mapped[str | None] = mapped_column(String(255))
    items: Mapped[list | None] = mapped_column(JSON)  # [{sku: {code}, name, quantity, grossValue, ...}]
    revised_document: Mapped[str | None] = mapped_column(String(255))  # a return's original document number

    # Loaded by the lists that show them (app/services/ledger.py), not by every query of the rows.
    customer = relationship("Customer")
    pos = relationship("Pos")
    labels = relationship(
        "TransactionLabel", order_by="TransactionLabel.position", cascade="all, delete-orphan", lazy="selectin"
    )


Index("ix_transaction_purchased", Transaction.purchased_at, Transaction.id)


class TransactionLabel(db.Model):
    __tablename__ = "transaction_labels"
    __table_args__ = (Index("ix_transaction_label_key_value", "key", "value", "transaction_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[str] = mapped_column(String(255))


class PointTransfer(db.Model):
    __tablename__ = "point_transfers"

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    customer_id: Mapped[str] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(16))  # adding, spending, p2p_adding, p2p_spending
    value: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(16), default="active")  # active, expired, locked, canceled
    created_at = mapped_column(UTCDateTime, nullable=False)
    expires_at = mapped_column(UTCDateTime)
    locked_until = mapped_column(UTCDateTime)
    comment: Mapped[str | None] = mapped_column(String(255))
    issuer: Mapped[str | None] = mapped_column(String(16))  # system (when NULL), admin, seller, api, internal
    transaction_id: Mapped[str | None] = mapped_column(ForeignKey("transactions.id", ondelete="SET NULL"), index=True)
    revised_transaction_id: Mapped[str | None] = mapped_column(ForeignKey("transactions.id", ondelete="SET NULL"))
    pos_id: Mapped[str | None] = mapped_column(ForeignKey("pos.id"))
    sender_id: Mapped[str | None] = mapped_column(String(36))  # p2p: the customer the points came from
    receiver_id: Mapped[str | None] = mapped_column(String(36))  # p2p: the customer the points went to

    # Loaded by the lists that show them (app/services/ledger.py), not by the balance, which reads only the rows.
    customer = relationship("Customer")
    pos = relationship("Pos")
    transaction = relationship("Transaction", foreign_keys=[transaction_id])
    revised_transaction = relationship("Transaction", foreign_keys=[revised_transaction_id])


class Invitation(db.Model):
    """A referral: a customer invited someone by e-mail or phone (Open Loyalty's invitations)."""

    __tablename__ = "invitations"

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    referrer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    recipient_email: Mapped[str | None] = mapped_column(String(255))
    recipient_phone: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="invited")  # invited, registered, made_purchase
    token: Mapped[str] = mapped_column(String(64))
    created_at = mapped_column(UTCDateTime, nullable=False)

    referrer = relationship("Customer", foreign_keys=[referrer_id], lazy="joined")
    recipient = relationship("Customer", foreign_keys=[recipient_id], lazy="joined")


class ActivationCode(db.Model):
    """An SMS code: account activation or confirmation of a pending phone change."""

    __tablename__ = "activation_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[str] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(16))  # activation, phone_change
    code: Mapped[str] = mapped_column(String(16), index=True)
    pending_value: Mapped[str | None] = mapped_column(String(255))
    created_at = mapped_column(UTCDateTime, nullable=False)


class Message(db.Model):
    """An SMS or e-mail the real platform would have sent: the outbox."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at = mapped_column(UTCDateTime, nullable=False)
    channel: Mapped[str] = mapped_column(String(8))  # sms, email
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(255), index=True)
    subject: Mapped[str | None] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    store_code: Mapped[str | None] = mapped_column(String(64))
    customer_id: Mapped[str | None] = mapped_column(String(36))
    code: Mapped[str | None] = mapped_column(String(64))  # the SMS code or temporary password it carries
    link: Mapped[str | None] = mapped_column(String(512))  # the link it carries
    token: Mapped[str | None] = mapped_column(String(64))  # the token at the end of that link


class RefreshToken(db.Model):
    __tablename__ = "refresh_tokens"

    token: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_type: Mapped[str] = mapped_column(String(16))  # admin, customer, seller
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    valid_until = mapped_column(UTCDateTime, nullable=False)


class Language(db.Model):
    """A language of the cockpits' translations; `content` None means the configured file's, or none."""

    __tablename__ = "languages"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    updated_at = mapped_column(UTCDateTime, nullable=False)


class ProgramSetting(db.Model):
    """One stored key of the loyalty program's settings (GET /api/settings), in storage order."""

    __tablename__ = "program_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    value = mapped_column(JSON)


class SettingsFile(db.Model):
    """An uploaded settings file: a photo or logo (and its resized copies), or the conditions."""

    __tablename__ = "settings_files"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # "logo", "small-logo/192x192", ...
    position: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class IdSequence(db.Model):
    """How many ids the world has made: the next id is drawn from it (services/ids.py)."""

    __tablename__ = "id_sequences"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class WorldSetting(db.Model):
    """A run-time setting of the world (the clock, the faults), kept with its data so that every
    worker, and every server on this database, reads the same one. A reset leaves it."""

    __tablename__ = "world_settings"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value = mapped_column(JSON, nullable=False)


# What SQLite holds beyond the declared tables: the search index and the triggers that keep it in
# step with the customers (the migrations make them; a bulk load drops and remakes the triggers).
SQLITE_DDL = SEARCH_DDL


class CustomerAvatar(db.Model):
    """The image of a customer's avatar; its name and type are the customer's avatar columns.
    A deleted customer's goes with it."""

    __tablename__ = "customer_avatars"

    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class RequestLogEntry(db.Model):
    """A request the world answered and its answer, for debugging a frontend (services/request_log.py;
    a SQLite world keeps this table in a file of its own). No world data: a reset, an import and an
    export leave the log alone."""

    __tablename__ = "request_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    query_string: Mapped[str | None] = mapped_column("query", Text)
    caller: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[float] = mapped_column(Float)
    request_type: Mapped[str | None] = mapped_column(Text)
    request_body: Mapped[str | None] = mapped_column(Text)
    response_type: Mapped[str | None] = mapped_column(Text)
    response_body: Mapped[str | None] = mapped_column(Text)
