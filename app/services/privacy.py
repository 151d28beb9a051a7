"""Forgetting customers: anonymization (GDPR) and removal."""
from sqlalchemy import delete

from openloyalty_standin.app import clock
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import ActivationCode, RefreshToken
from openloyalty_standin.app.services import avatars
from openloyalty_standin.app.services.customers import touch

ANONYMOUS = "Anonymous"


def anonymize_customer(*, customer):
    """Anonymize a customer: personal data removed, login disabled; points and transactions kept."""
    if customer.anonymized_at is None:
        customer.first_name = customer.last_name = ANONYMOUS
        customer.email = f"{customer.id}@anonymized.invalid"
        customer.phone = customer.birth_date = customer.company = None
        customer.address = {}
        customer.labels = []
        customer.password_hash = customer.action_token = None
        customer.pushy_tokens = []
        avatars.drop_avatar(customer)
        customer.anonymized_at = clock.now()
        touch(customer)
        _forget_sessions(customer)
    db.session.commit()


def delete_customer(*, customer):
    """Remove a customer for good: its id is then unknown and its e-mail, phone and card free."""
    _forget_sessions(customer)
    db.session.delete(customer)
    db.session.commit()


def _forget_sessions(customer):
    db.session.execute(delete(RefreshToken).where(RefreshToken.user_id == customer.id))
    db.session.execute(delete(ActivationCode).where(ActivationCode.customer_id == customer.id))
