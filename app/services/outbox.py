"""The outbox: every SMS and e-mail the real platform would send is stored here instead."""
from flask import current_app
from sqlalchemy import delete, select

from openloyalty_standin.app import clock
from openloyalty_standin.app.errors import NotFound
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Message


def panel_url(path="/"):
    """An address of the customer panel the e-mails link to (FRONTEND_CUSTOMER_PANEL_URL)."""
    return current_app.config["FRONTEND_CUSTOMER_PANEL_URL"].rstrip("/") + path


def send(*, channel, kind, recipient, body, subject=None, customer=None, code=None, link=None, token=None):
    """Store a message as sent; the caller's transaction commits it."""
    message = Message(
        created_at=clock.now(),
        channel=channel,
        kind=kind,
        recipient=recipient,
        subject=subject,
        body=body,
        store_code=customer.store_code if customer else None,
        customer_id=customer.id if customer else None,
        code=code,
        link=link,
        token=token,
    )
    db.session.add(message)
    return message


def _messages(to, kind):
    query = select(Message).order_by(Message.id.desc())
    if to:
        query = query.where(Message.recipient == to)
    if kind:
        query = query.where(Message.kind == kind)
    return query


def list_messages(*, to=None, kind=None, limit=None):
    """The stored messages, newest first, optionally to one recipient or of one kind, or only the first few."""
    return {"messages": db.session.scalars(_messages(to, kind).limit(limit)).all()}


def latest_message(*, to=None, kind=None):
    """The newest stored message (to one recipient, of one kind); 404 when there is none."""
    message = db.session.scalar(_messages(to, kind).limit(1))
    if message is None:
        of_kind = f" of kind {kind}" if kind else ""
        raise NotFound(hint=f"nothing{of_kind} was sent to {to}" if to else f"nothing{of_kind} was sent")
    return message


def clear_messages():
    """Forget every stored message."""
    db.session.execute(delete(Message))
    db.session.commit()
