"""Transactions and the totals the customer read model keeps of them."""
from openloyalty_standin.app.models import Transaction, TransactionLabel


def refresh_transaction_totals(customer, transactions):
    """Recompute the customer's transaction count, amounts, average and last date."""
    sells = [t for t in transactions if t.document_type == "sell"]
    amount = sum(t.gross_value for t in transactions)
    customer.transactions_count = len(sells)
    customer.transactions_amount = amount
    customer.transactions_amount_without_delivery = amount - sum(t.delivery_costs for t in transactions)
    customer.amount_excluded_for_level = sum(t.excluded_for_level for t in transactions)
    customer.average_transaction_amount = amount / len(sells) if sells else 0
    dates = [t.purchased_at for t in transactions]
    customer.last_transaction_date = max(dates) if dates else None


def new_transaction(*, id, customer, purchased_at, gross_value, document_number, pos_id=None, document_type="sell",
                    items=(), labels=(), purchase_place=None, revised_document=None):
    """Build a transaction of `customer`: a sell unless told otherwise, with its items and labels."""
    return Transaction(
        id=id,
        customer_id=customer.id,
        document_number=document_number,
        purchased_at=purchased_at,
        gross_value=gross_value,
        delivery_costs=0,
        excluded_for_level=0,
        document_type=document_type,
        pos_id=pos_id,
        items=[dict(item) for item in items],
        labels=[TransactionLabel(position=i, key=key, value=value) for i, (key, value) in enumerate(labels)],
        purchase_place=purchase_place,
        revised_document=revised_document,
    )
