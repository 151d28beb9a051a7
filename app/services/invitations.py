"""Referrals: the invitations the store's customers sent, as the admin's "referred customers" list shows them."""
from sqlalchemy import select
from sqlalchemy.orm import aliased

from openloyalty_standin.app.models import Customer, Invitation
from openloyalty_standin.app.services.customer_search import is_strict, text_condition
from openloyalty_standin.app.services.paging import page_of

REFERRER, RECIPIENT = aliased(Customer), aliased(Customer)
# Every field of an invitation can filter the list (the names are the people's, read live).
FIELDS = {
    "invitationId": Invitation.id,
    "referrerId": Invitation.referrer_id,
    "referrerEmail": REFERRER.email,
    "referrerName": REFERRER.first_name + " " + REFERRER.last_name,
    "recipientId": Invitation.recipient_id,
    "recipientEmail": Invitation.recipient_email,
    "recipientPhone": Invitation.recipient_phone,
    "recipientName": RECIPIENT.first_name + " " + RECIPIENT.last_name,
    "status": Invitation.status,
    "token": Invitation.token,
}


def list_invitations(*, store, query):
    """One page of the invitations of the store's customers, by referrer id, descending."""
    strict = is_strict(query.get("strict"))
    statement = (
        select(Invitation).join(REFERRER, Invitation.referrer_id == REFERRER.id)
        .outerjoin(RECIPIENT, Invitation.recipient_id == RECIPIENT.id)
        .where(REFERRER.store_code == store.code)
        .where(*(text_condition(column, query[key], strict=strict) for key, column in FIELDS.items()
                 if query.get(key) is not None))
    )
    rows, total = page_of(statement, query, FIELDS, default=(Invitation.referrer_id, False))
    return {"invitations": rows, "total": total}
