"""The ledger as Open Loyalty's cockpits read it: the transactions and point transfers of a store's
customers, paged and filtered, with the figures the lists add (points earned or revoked by a
transaction, the state a transfer is in now). They read the rows the customer status is computed from."""
import uuid
from collections import defaultdict

from sqlalchemy import and_, case, exists, or_, select
from sqlalchemy.orm import selectinload

from openloyalty_standin.app import clock
from openloyalty_standin.app.errors import Forbidden, NotFound
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, PointTransfer, Transaction, TransactionLabel
from openloyalty_standin.app.services.customer_search import is_strict, text_condition
from openloyalty_standin.app.services.paging import page_of
from openloyalty_standin.app.services.points import ADDING

# Open Loyalty keeps an account per customer; its id is derived from the customer's, the same every time.
_ACCOUNTS = uuid.UUID("4c6f7961-6c74-7941-6363-6f756e747321")
CUSTOMER_NAME = Customer.first_name + " " + Customer.last_name


class Entry:
    """A row of a list with the figures the list adds to it; every other attribute is the row's."""

    def __init__(self, row, **figures):
        self.row = row
        self.__dict__.update(figures)

    def __getattr__(self, name):
        return getattr(self.row, name)


def own_customer(*, store, caller):
    """The calling customer, who must be one of the store's customers (the cockpits serve one store)."""
    customer = db.session.get(Customer, caller.id) if caller.kind == "customer" else None
    if customer is None or customer.store_code != store.code:
        raise Forbidden()
    return customer


# --- transactions ------------------------------------------------------------------------------

TRANSACTION_SORTS = {
    "purchaseDate": Transaction.purchased_at,
    "transactionId": Transaction.id,
    "documentNumber": Transaction.document_number,
    "documentType": Transaction.document_type,
    "grossValue": Transaction.gross_value,
    "customerId": Transaction.customer_id,
    "posId": Transaction.pos_id,
}
TRANSACTION_EXACT = {"customerId": Transaction.customer_id, "posId": Transaction.pos_id,
                     "documentType": Transaction.document_type}
TRANSACTION_TEXT = {
    "documentNumber": Transaction.document_number,
    "customerData_loyaltyCardNumber": Customer.loyalty_card_number,
    "customerData_name": CUSTOMER_NAME,
    "customerData_email": Customer.email,
    "customerData_phone": Customer.phone,
}


def _label_conditions(query):
    for label in query.get("labels") or []:
        match = [TransactionLabel.transaction_id == Transaction.id]
        match += [TransactionLabel.key == label["key"]] if label.get("key") is not None else []
        match += [TransactionLabel.value == label["value"]] if label.get("value") is not None else []
        if len(match) > 1:
            yield exists().where(*match)


def _transaction_conditions(query):
    strict = is_strict(query.get("strict"))
    conditions = [column == query[key] for key, column in TRANSACTION_EXACT.items() if query.get(key) is not None]
    conditions += [text_condition(column, query[key], strict=strict)
                   for key, column in TRANSACTION_TEXT.items() if query.get(key) is not None]
    return conditions + list(_label_conditions(query))


def _store_transactions(store):
    return (select(Transaction).join(Transaction.customer).where(Customer.store_code == store.code)
            .options(selectinload(Transaction.customer), selectinload(Transaction.pos)))


def _points_of(transactions, now):
    """{transaction id: points} of the active adding transfers and of the spending transfers they led to."""
    ids = [transaction.id for transaction in transactions]
    earned, revoked = defaultdict(float), defaultdict(float)
    transfers = db.session.scalars(select(PointTransfer).where(PointTransfer.transaction_id.in_(ids))) if ids else []
    for transfer in transfers:
        state = transfer_state(transfer, now)
        if transfer.type == "adding" and state == "active":
            earned[transfer.transaction_id] += transfer.value
        elif transfer.type == "spending" and state not in (None, "canceled"):
            revoked[transfer.transaction_id] += transfer.value
    return earned, revoked


def _entries(transactions, store):
    earned, revoked = _points_of(transactions, clock.now())
    entries = []
    for transaction in transactions:
        is_return = transaction.document_type == "return"
        entries.append(Entry(
            transaction, currency=store.currency,
            points_earned=None if is_return else earned.get(transaction.id, 0),
            points_revoked=revoked.get(transaction.id) if is_return else None,
        ))
    return entries


def list_transactions(*, store, query, customer=None):
    """One page of the store's transactions (of `customer` alone when given), by purchase date, newest first."""
    if customer is not None:
        query = {**query, "customerId": customer.id}
    statement = _store_transactions(store).where(*_transaction_conditions(query))
    rows, total = page_of(statement, query, TRANSACTION_SORTS, default=(Transaction.purchased_at, False))
    return {"transactions": _entries(rows, store), "total": total}


def get_transaction(*, store, transaction_id, caller):
    """One of the store's transactions, for an admin, a seller or the customer it belongs to."""
    transaction = db.session.scalar(_store_transactions(store).where(Transaction.id == transaction_id))
    if transaction is None:
        raise NotFound()
    if caller.kind == "customer" and transaction.customer_id != caller.id:
        raise Forbidden()
    return _entries([transaction], store)[0]


def find_by_document_number(*, store, document_number):
    """The store's transaction with this document number (the latest, should several have it)."""
    transaction = db.session.scalar(
        _store_transactions(store).where(Transaction.document_number == document_number)
        .order_by(Transaction.purchased_at.desc(), Transaction.id.desc()).limit(1)
    )
    if transaction is None:
        raise NotFound()
    return _entries([transaction], store)[0]


# --- point transfers ---------------------------------------------------------------------------


def transfer_state(transfer, now):
    """The state a transfer is in at `now`, as the balance sees it (None before it was made):
    adding points past their expiry have expired, locked points not yet released are pending."""
    if transfer.created_at > now:
        return None
    if transfer.state in ("canceled", "expired"):
        return transfer.state
    if transfer.type in ADDING and transfer.expires_at is not None and transfer.expires_at <= now:
        return "expired"
    if transfer.state == "locked" and (transfer.locked_until is None or transfer.locked_until > now):
        return "pending"
    return "active"


def state_column(now):
    """transfer_state() as SQL, to filter and sort on."""
    return case(
        (PointTransfer.state.in_(("canceled", "expired")), PointTransfer.state),
        (and_(PointTransfer.type.in_(ADDING), PointTransfer.expires_at <= now), "expired"),
        (and_(PointTransfer.state == "locked",
              or_(PointTransfer.locked_until.is_(None), PointTransfer.locked_until > now)), "pending"),
        else_="active",
    )


def account_id(customer_id):
    """The id of the customer's points account."""
    return str(uuid.uuid5(_ACCOUNTS, customer_id))


TRANSFER_TEXT = {
    "customerFirstName": Customer.first_name,
    "customerLastName": Customer.last_name,
    "customerPhone": Customer.phone,
    "customerEmail": Customer.email,
}


def _transfer_sorts(state):
    return {
        "createdAt": PointTransfer.created_at,
        "expiresAt": PointTransfer.expires_at,
        "lockedUntil": PointTransfer.locked_until,
        "value": PointTransfer.value,
        "state": state,
        "type": PointTransfer.type,
        "issuer": PointTransfer.issuer,
        "pointsTransferId": PointTransfer.id,
        "customerId": PointTransfer.customer_id,
        "customerFirstName": Customer.first_name,
        "customerLastName": Customer.last_name,
        "customerEmail": Customer.email,
        "customerPhone": Customer.phone,
    }


def _transfer_conditions(query, state):
    strict = is_strict(query.get("strict"))
    conditions = [text_condition(column, query[key], strict=strict)
                  for key, column in TRANSFER_TEXT.items() if query.get(key) is not None]
    if query.get("customerId") is not None:
        conditions.append(PointTransfer.customer_id == query["customerId"])
    if query.get("state"):
        conditions.append(state.in_(query["state"]))
    if query.get("type") is not None:
        conditions.append(PointTransfer.type == query["type"])
    if query.get("willExpireTill") is not None:
        conditions.append(PointTransfer.expires_at <= query["willExpireTill"])
    return conditions


def list_transfers(*, store, query, customer=None):
    """One page of the point transfers of the store's customers (of `customer` alone when given), newest first."""
    if customer is not None:
        query = {**query, "customerId": customer.id}
    now = clock.now()
    state = state_column(now)
    statement = (
        select(PointTransfer).join(PointTransfer.customer)
        .where(Customer.store_code == store.code, PointTransfer.created_at <= now, *_transfer_conditions(query, state))
        .options(*(selectinload(relation) for relation in (
            PointTransfer.customer, PointTransfer.pos, PointTransfer.transaction, PointTransfer.revised_transaction)))
    )
    rows, total = page_of(statement, query, _transfer_sorts(state), default=(PointTransfer.created_at, False))
    entries = []
    for transfer in rows:
        shown = transfer_state(transfer, now)
        entries.append(Entry(transfer, state=shown, account_id=account_id(transfer.customer_id),
                             issuer=transfer.issuer or "system",
                             pending_until=transfer.locked_until if shown == "pending" else None))
    return {"transfers": entries, "total": total}
