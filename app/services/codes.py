"""SMS codes and e-mail tokens: issuing them, sending them through the outbox, checking them."""
import secrets
from datetime import timedelta

from sqlalchemy import select

from openloyalty_standin.app import clock
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import ActivationCode, Customer
from openloyalty_standin.app.services import outbox

PROGRAM_NAME = "Loyalty Program"
CODE_VALIDITY = timedelta(minutes=30)
RESEND_PAUSE = timedelta(minutes=2)
ACTIVATION_PATH = "/#!/customer/panel/customer/registration/activate/"
TEXTS = {
    "activation": "{program} activation code (no. {number}): {code}",
    "phone_change": "Confirm your phone change in {program} (no. {number}): {code}",
}


def _new_code():
    """A 6-digit code no stored code has."""
    while True:
        code = f"{secrets.randbelow(10**6):06d}"
        if db.session.scalar(select(ActivationCode.id).where(ActivationCode.code == code).limit(1)) is None:
            return code


def _codes(customer, purpose):
    return select(ActivationCode).where(ActivationCode.customer_id == customer.id, ActivationCode.purpose == purpose)


def latest_code(customer, purpose):
    """The customer's latest code for `purpose`, the only one that counts."""
    return db.session.scalar(_codes(customer, purpose).order_by(ActivationCode.id.desc()).limit(1))


def sent_recently(customer, purpose):
    """Tell whether a code for `purpose` went out less than two minutes ago."""
    code = latest_code(customer, purpose)
    return code is not None and clock.now() - code.created_at < RESEND_PAUSE


def send_code(customer, purpose, phone, pending_value=None):
    """Issue a new code for `purpose` and text it to `phone`."""
    number = len(db.session.scalars(_codes(customer, purpose)).all()) + 1
    code = ActivationCode(
        customer_id=customer.id,
        purpose=purpose,
        code=_new_code(),
        pending_value=pending_value,
        created_at=clock.now(),
    )
    db.session.add(code)
    text = TEXTS[purpose].format(program=PROGRAM_NAME, number=number, code=code.code)
    outbox.send(channel="sms", kind=f"{purpose}_code", recipient=phone, body=text, customer=customer, code=code.code)
    return code


def find_valid_code(store, code, purpose, customer_id=None):
    """Return the code row when it exists in the store, is its customer's latest and is fresh."""
    query = (
        select(ActivationCode)
        .join(Customer, Customer.id == ActivationCode.customer_id)
        .where(ActivationCode.code == code, ActivationCode.purpose == purpose, Customer.store_code == store.code)
    )
    if customer_id:
        query = query.where(Customer.id == customer_id)
    row = db.session.scalar(query.limit(1))
    if row is None:
        return None
    customer = db.session.get(Customer, row.customer_id)
    if latest_code(customer, purpose).id != row.id or clock.now() - row.created_at > CODE_VALIDITY:
        return None
    return row


def send_activation_link(customer):
    """Give the customer a 20-character activation token and e-mail the link."""
    customer.action_token = secrets.token_hex(10)
    link = outbox.panel_url(ACTIVATION_PATH + customer.action_token)
    outbox.send(
        channel="email",
        kind="activation_link",
        recipient=customer.email,
        subject=f"{PROGRAM_NAME} - account activation",
        body="Activate your account: " + link,
        customer=customer,
        link=link,
        token=customer.action_token,
    )
