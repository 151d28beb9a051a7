"""The seed loader: the same rows and ids every time, so documented examples work verbatim."""
import uuid
from datetime import timedelta

from flask import current_app
from werkzeug.security import generate_password_hash

from openloyalty_standin.app import clock
from openloyalty_standin.app.models import (
    ActivationCode,
    Admin,
    Customer,
    CustomerLabel,
    Language,
    Level,
    PointTransfer,
    Pos,
    Seller,
    Store,
)
from openloyalty_standin.app.services import program_settings
from openloyalty_standin.app.services.transactions import new_transaction, refresh_transaction_totals
from openloyalty_standin.seeds import data

_NAMESPACE = uuid.UUID("6f1b8a2e-5d0c-4c1e-9a57-3c2b9e0d4f10")


def _hasher():
    cache = {}
    method = current_app.config["PASSWORD_HASH_METHOD"]

    def hash_password(password):
        if password not in cache:
            cache[password] = generate_password_hash(password, method=method)
        return cache[password]

    return hash_password


def transaction_id(customer_id, index):
    """The id of the seeded customer's transaction at `index` of its row's `transactions`."""
    return str(uuid.uuid5(_NAMESPACE, f"{customer_id}/{index}"))


def transfer_id(customer_id, index):
    """The id of the seeded customer's point transfer at `index` of its row's `points`."""
    return str(uuid.uuid5(_NAMESPACE, f"{customer_id}/points/{index}"))


def _transfer(customer, index, entry, now):
    """A point transfer from (type, points, created in days, expiring in days[, details]); the details
    name the issuer, comment, state and POS, and the index of the customer's transaction behind it."""
    kind, value, created, expires, *details = entry
    details = dict(details[0]) if details else {}
    purchase = details.pop("transaction", None)
    return PointTransfer(
        id=transfer_id(customer.id, index),
        customer_id=customer.id,
        type=kind,
        value=value,
        created_at=now + timedelta(days=created),
        expires_at=now + timedelta(days=expires) if expires is not None else None,
        transaction_id=transaction_id(customer.id, purchase) if purchase is not None else None,
        **details,
    )


def _customer(row, hash_password, now):
    row = dict(row)
    transactions = row.pop("transactions", [])
    labels = row.pop("labels", [])
    pending_phone = row.pop("pending_phone", None)
    activation_code = row.pop("activation_code", None)
    ledger = row.pop("points", [])
    purchases = row.pop("purchases", {})
    password = row.pop("password", data.CUSTOMER_PASSWORD)
    for key in ("birth_date", "created_at", "updated_at", "last_level_recalculation"):
        if row.get(key):
            row[key] = clock.parse_moment(row[key])
    row.setdefault("updated_at", row["created_at"])
    row.setdefault("store_code", "DEFAULT")
    customer = Customer(
        active=True, status_type="active", status_state="no-card", pushy_tokens=[],
        password_hash=hash_password(password),
        **{k: v for k, v in row.items() if k not in ("active", "status_type", "status_state", "pushy_tokens")},
    )
    for key in ("active", "status_type", "status_state", "pushy_tokens"):
        if key in row:
            setattr(customer, key, row[key])
    customer.labels = [CustomerLabel(position=i, key=k, value=v) for i, (k, v) in enumerate(labels)]
    rows = [customer]
    moves = [
        new_transaction(
            id=transaction_id(customer.id, index),
            customer=customer,
            purchased_at=clock.parse_moment(moment),
            gross_value=amount,
            document_number=f"{customer.id[:8]}-{index + 1}",
            pos_id=at_pos[0] if at_pos else None,
            **purchases.get(index, {}),
        )
        for index, (moment, amount, *at_pos) in enumerate(transactions)
    ]
    refresh_transaction_totals(customer, moves)
    rows += moves
    rows += [_transfer(customer, index, entry, now) for index, entry in enumerate(ledger)]
    if activation_code:
        rows.append(ActivationCode(customer_id=customer.id, purpose="activation", code=activation_code, created_at=now))
    if pending_phone:
        phone, code = pending_phone
        rows.append(ActivationCode(
            customer_id=customer.id, purpose="phone_change", code=code, pending_value=phone, created_at=now
        ))
    return rows


def load(session):
    """Insert the seed rows into an empty database and commit."""
    hash_password = _hasher()
    now = clock.now()
    session.add_all(Store(**row) for row in data.STORES)
    session.add_all(Level(**row) for row in data.LEVELS)
    session.add_all(Pos(**row) for row in data.POS)
    session.add_all(Language(**{**row, "updated_at": clock.parse_moment(row["updated_at"])}) for row in data.LANGUAGES)
    session.add_all(program_settings.seed_rows())
    session.flush()
    session.add_all(
        Admin(password_hash=hash_password(row["password"]), **{k: v for k, v in row.items() if k != "password"})
        for row in data.ADMINS
    )
    session.add_all(
        Seller(password_hash=hash_password(row["password"]), **{k: v for k, v in row.items() if k != "password"})
        for row in data.SELLERS
    )
    session.flush()
    for row in data.CUSTOMERS:
        customer_rows = _customer(row, hash_password, now)
        session.add(customer_rows[0])
        session.flush()
        session.add_all(customer_rows[1:])
    session.commit()
