"""Pushy device tokens of a customer."""
from openloyalty_standin.app.extensions import db


def list_pushy_tokens(*, customer):
    """List a customer's Pushy tokens."""
    return {"tokens": list(customer.pushy_tokens or [])}


def add_pushy_token(*, customer, token):
    """Add a Pushy token; one already there is not added twice."""
    tokens = list(customer.pushy_tokens or [])
    if token not in tokens:
        customer.pushy_tokens = tokens + [token]
    db.session.commit()


def remove_pushy_token(*, customer, token):
    """Remove a Pushy token; an unknown one is no error."""
    customer.pushy_tokens = [t for t in customer.pushy_tokens or [] if t != token]
    db.session.commit()
