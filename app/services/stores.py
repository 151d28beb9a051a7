"""Stores: finding one by its code, listing them, choosing how their customers activate and their currency."""
from dataclasses import dataclass

from sqlalchemy import select

from openloyalty_standin.app import cache
from openloyalty_standin.app.errors import BadRequest
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import CustomerCount, Store
from openloyalty_standin.schemas.outbox import ACTIVATION_METHODS


@dataclass(frozen=True)
class StoreRecord:
    """A store as the requests of its path read it; shared between requests, so never changed."""

    code: str
    name: str
    currency: str
    activation_method: str


def _load(code):
    store = db.session.get(Store, code)
    if store is None:
        return None
    return StoreRecord(store.code, store.name, store.currency, store.activation_method)


def find_store(code):
    """The store with this code, or None; read again only after the database changed."""
    return cache.remembered(("store", code), lambda: _load(code))


def store_codes():
    """The codes of every store, in order."""
    return cache.remembered(("store codes",), lambda: db.session.scalars(select(Store.code).order_by(Store.code)).all())


def stores():
    """Every store, with how many customers it holds."""
    counts = dict(db.session.execute(select(CustomerCount.store_code, CustomerCount.total)).all())
    return [
        {"store": store, "customers": counts.get(store.code, 0)}
        for store in db.session.scalars(select(Store).order_by(Store.code))
    ]


def set_currency(*, store, currency):
    """The currency the store's amounts are in (the program settings' `currency`)."""
    db.session.get(Store, store.code).currency = currency
    db.session.commit()


def set_activation_method(*, store, method):
    """Choose how the store's self-registered customers activate: "email" or "sms"."""
    if method not in ACTIVATION_METHODS:
        raise BadRequest("activationMethod must be email or sms")
    db.session.get(Store, store.code).activation_method = method
    db.session.commit()
    return {"activationMethod": method}
