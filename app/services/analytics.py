"""The admin dashboard's tiles: totals over the store's customers, their points, transactions and referrals,
read from the rows the customer status and the cockpit lists read."""
from sqlalchemy import func, select

from openloyalty_standin.app import clock
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, Invitation, PointTransfer


def points(*, store):
    """Count the spending transfers of the store's customers and the points they spent."""
    count, spent = db.session.execute(
        select(func.count(PointTransfer.id), func.coalesce(func.sum(PointTransfer.value), 0))
        .join(PointTransfer.customer)
        .where(Customer.store_code == store.code, PointTransfer.type == "spending",
               PointTransfer.state != "canceled", PointTransfer.created_at <= clock.now())
    ).one()
    return {"totalSpendingTransfers": count, "totalPointsSpent": spent}


def transactions(*, store):
    """Add up the transactions of the store's customers as their statuses count them."""
    count, amount, without_delivery = db.session.execute(
        select(*(func.coalesce(func.sum(column), 0) for column in (
            Customer.transactions_count, Customer.transactions_amount, Customer.transactions_amount_without_delivery)))
        .where(Customer.store_code == store.code)
    ).one()
    return {"total": count, "amount": amount, "amountWithoutDeliveryCosts": without_delivery,
            "currency": store.currency}


def customers(*, store):
    """Count the store's customers."""
    return {"total": db.session.scalar(select(func.count(Customer.id)).where(Customer.store_code == store.code))}


def referrals(*, store):
    """Count the invitations of the store's customers: all, those that ended in a purchase, those that registered."""
    rows = db.session.execute(
        select(Invitation.status, func.count(Invitation.id)).join(Invitation.referrer)
        .where(Customer.store_code == store.code).group_by(Invitation.status)
    ).all()
    counts = dict(rows)
    return {"total": sum(counts.values()), "totalCompleted": counts.get("made_purchase", 0),
            "totalRegistered": counts.get("registered", 0)}
