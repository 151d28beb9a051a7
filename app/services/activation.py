"""Self-registration and activation: e-mail tokens, SMS codes, and confirming a phone change."""
from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from openloyalty_standin.app.errors import BadRequest, Forbidden, FormError, NotFound
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer
from openloyalty_standin.app.services import codes
from openloyalty_standin.app.services.customers import (
    PHONE_TAKEN,
    check_new_customer,
    commit_customer,
    mark_active,
    new_customer,
    registered,
    touch,
)
from openloyalty_standin.schemas.customer import CustomerSelfRegisterSchema, CustomerUpdateSchema


def self_register_customer(*, store, data):
    """Register a customer who activates the account by e-mail link or SMS code."""
    schema = CustomerSelfRegisterSchema()
    level = check_new_customer(store=store, data=data, schema=schema)
    customer = new_customer(store=store, data=data, level=level)
    customer.password_hash = generate_password_hash(
        data["plainPassword"], method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    db.session.add(customer)
    db.session.flush()
    if store.activation_method == "sms":
        codes.send_code(customer, "activation", customer.phone)
    else:
        codes.send_activation_link(customer)
    commit_customer(store, data, schema)
    return registered(customer)


def _activate(customer):
    if mark_active(customer):
        touch(customer)
    db.session.commit()


def activate_with_token(*, store, token):
    """Activate the store's customer holding this e-mail token; a blocked one stays blocked."""
    customer = db.session.scalar(
        select(Customer).where(Customer.store_code == store.code, Customer.action_token == token).limit(1)
    )
    if customer is None or customer.status_type == "blocked":
        raise NotFound()
    _activate(customer)


def activate_with_sms_code(*, store, code):
    """Activate a new customer with its latest SMS code, if fresh."""
    row = codes.find_valid_code(store, code, "activation")
    customer = db.session.get(Customer, row.customer_id) if row else None
    if customer is None or customer.status_type != "new":
        raise NotFound()
    _activate(customer)


def send_activation_code(*, customer):
    """Text a new activation code to a customer that is not active yet (else do nothing)."""
    if customer.status_type == "new" and customer.phone:
        codes.send_code(customer, "activation", customer.phone)
    db.session.commit()


def resend_activation_code(*, store, caller, phone):
    """Text a new code: to the caller's own phone, or to the new customer with this phone."""
    if caller is not None and caller.kind == "customer":
        customer = caller.user
        if customer.store_code != store.code:
            raise Forbidden()
    else:
        customer = db.session.scalar(
            select(Customer).where(Customer.store_code == store.code, Customer.phone == phone).limit(1)
        ) if phone else None
        if customer is None or customer.status_type != "new":
            raise BadRequest()
    if not customer.phone or codes.sent_recently(customer, "activation"):
        raise BadRequest()
    codes.send_code(customer, "activation", customer.phone)
    db.session.commit()


def confirm_change(*, store, caller, code):
    """Apply the pending phone change that `code` confirms."""
    own = caller.id if caller.kind == "customer" else None
    row = codes.find_valid_code(store, code, "phone_change", customer_id=own)
    if row is None or row.pending_value is None:
        raise NotFound()
    customer = db.session.get(Customer, row.customer_id)
    phone_key = row.pending_value.replace("+", "")
    clash = db.session.scalar(
        select(Customer.id).where(
            Customer.store_code == store.code, Customer.phone_key == phone_key, Customer.id != customer.id
        ).limit(1)
    )
    if clash:
        raise FormError(CustomerUpdateSchema(), {"phone": [PHONE_TAKEN]})
    customer.phone = row.pending_value
    row.pending_value = None
    touch(customer)
    commit_customer(store, {"phone": customer.phone}, CustomerUpdateSchema(), customer.id)
