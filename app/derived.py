"""What the database keeps derived from the customers, on every engine: how many customers each
store holds (customer_counts, the total of an unfiltered list) and each label's store (so that a
label filter never reads the customers). The session keeps both as it writes customers;
`rebuild()` makes them again after writes that bypass it (an import of rows, a bulk delete)."""
from collections import Counter
from functools import lru_cache

from sqlalchemy import bindparam, delete, event, func, insert, inspect, select, update

from openloyalty_standin.app import engines
from openloyalty_standin.app.extensions import WorldSession, db
from openloyalty_standin.app.models import Customer, CustomerCount, CustomerLabel


def _store_moves(customer):
    """(old store, new store) of a customer the flush moves to another store, or None."""
    history = inspect(customer).attrs.store_code.history
    return (history.deleted[0], history.added[0]) if history.deleted and history.added else None


@event.listens_for(WorldSession, "before_flush")
def _label_stores(session, _context, _instances):
    for customer in session.new | session.dirty:
        if isinstance(customer, Customer) and "labels" in inspect(customer).dict:  # loaded: only then added to
            for label in customer.labels:
                if label.store_code != customer.store_code:
                    label.store_code = customer.store_code


@event.listens_for(WorldSession, "after_flush")
def _counts(session, _context):
    change = Counter()
    for customer in session.new:
        if isinstance(customer, Customer):
            change[customer.store_code] += 1
    for customer in session.deleted:
        if isinstance(customer, Customer):
            change[customer.store_code] -= 1
    for customer in session.dirty:
        if isinstance(customer, Customer) and (moved := _store_moves(customer)):
            change[moved[0]] -= 1
            change[moved[1]] += 1
    connection = session.connection()
    for store, added in sorted(change.items()):
        if added:
            connection.execute(_count_change(connection.dialect.name), {"store": store, "added": added})


@lru_cache(maxsize=None)
def _count_change(dialect):
    """The statement adding `added` to the count of `store` (made once per engine kind)."""
    statement = engines.ENGINES[dialect].insert(CustomerCount).values(
        store_code=bindparam("store"), total=bindparam("added"))
    return statement.on_conflict_do_update(
        index_elements=[CustomerCount.store_code], set_={"total": CustomerCount.total + statement.excluded.total})


def rebuild():
    """Count the customers of every store again, and give every label its customer's store."""
    db.session.execute(delete(CustomerCount))
    counted = select(Customer.store_code, func.count()).group_by(Customer.store_code)
    db.session.execute(insert(CustomerCount).from_select(["store_code", "total"], counted))
    store = select(Customer.store_code).where(Customer.id == CustomerLabel.customer_id).scalar_subquery()
    db.session.execute(update(CustomerLabel).where(CustomerLabel.store_code.is_(None)).values(store_code=store))
