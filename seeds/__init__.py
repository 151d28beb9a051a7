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
    Level,
    PointTransfer,
    Pos,
    Seller,
    Store,
)
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


def _customer(row, hash_password, now):
    row = dict(row)
    transactions = row.pop("transactions", [])
    labels = row.pop("labels", [])
    pending_phone = row.pop("pending_phone", None)
    activation_code = row.pop("activation_code", None)
    ledger = row.pop("points", [])
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
            id=str(uuid.uuid5(_NAMESPACE, f"{customer.id}/{index}")),
            customer=customer,
            purchased_at=clock.parse_moment(moment),
            gross_value=amount,
            document_number=f"{customer.id[:8]}-{index + 1}",
        )
        for index, (moment, amount) in enumerate(transactions)
    ]
    refresh_transaction_totals(customer, moves)
    rows += moves
    rows += [
        PointTransfer(
            id=str(uuid.uuid5(_NAMESPACE, f"{customer.id}/points/{index}")),
            customer_id=customer.id,
            type=kind,
            value=value,
            created_at=now + timedelta(days=created),
            expires_at=now + timedelta(days=expires) if expires is not None else None,
        )
        for index, (kind, value, created, expires) in enumerate(ledger)
    ]
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
