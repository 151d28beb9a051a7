"""Logging in and refreshing tokens, as Open Loyalty's login_check and token/refresh do."""
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select
from werkzeug.security import check_password_hash

from openloyalty_standin.app import clock
from openloyalty_standin.app.auth import MODELS, can_log_in, issue_token
from openloyalty_standin.app.errors import PlainError, Unauthorized
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Admin, Customer, RefreshToken, Seller, Store


def bad_credentials():
    """Open Loyalty 3.x's answer to a failed login."""
    return PlainError(401, {"message": "Bad credentials."})


def _find_admin(username, store_code):
    return db.session.scalar(
        select(Admin).where(Admin.active.is_(True), or_(Admin.username == username, Admin.email == username.lower()))
    )


def _find_seller(username, store_code):
    return db.session.scalar(select(Seller).where(or_(Seller.id == username, Seller.email == username.lower())))


def _find_customer(username, store_code):
    """Look a customer up by id or e-mail, then card number, then phone, as Open Loyalty does."""
    active = (Customer.store_code == store_code, Customer.active.is_(True))
    lookups = (
        or_(Customer.id == username, Customer.email_key == username.lower()),
        Customer.card_key == username,
        Customer.phone == username,
    )
    for condition in lookups:
        customer = db.session.scalar(select(Customer).where(*active, condition).limit(1))
        if customer is not None:
            return customer
    return None


FINDERS = {"admin": _find_admin, "seller": _find_seller, "customer": _find_customer}


def _tokens(kind, user):
    previous_login = user.last_login_at
    user.last_login_at = clock.now()
    refresh = RefreshToken(
        token=secrets.token_hex(64),
        user_type=kind,
        user_id=user.id,
        valid_until=clock.now() + timedelta(seconds=current_app.config["REFRESH_TOKEN_TTL"]),
    )
    db.session.add(refresh)
    body = {"token": issue_token(kind, user, previous_login), "refresh_token": refresh.token}
    if kind == "customer" and user.password_temporary:
        body["error"] = "password change needed"
    db.session.commit()
    return body


def login(*, kind, username, password, store_code=None):
    """Check the credentials of an admin, seller or customer and issue a JWT and a refresh token."""
    if not isinstance(username, str) or not isinstance(password, str) or not username:
        raise bad_credentials()
    if store_code is not None and not isinstance(store_code, str):
        raise bad_credentials()  # names no store
    store_code = store_code or "DEFAULT"
    if kind == "customer" and db.session.get(Store, store_code) is None:
        raise bad_credentials()
    user = FINDERS[kind](username.strip(), store_code)
    if user is None or not user.password_hash or not check_password_hash(user.password_hash, password):
        raise bad_credentials()
    if kind == "seller" and not user.active:
        raise PlainError(400, {"message": "Your account is not active"})
    return _tokens(kind, user)


def refresh_token(*, token):
    """Issue a new JWT for a valid refresh token and extend the refresh token's validity."""
    stored = db.session.get(RefreshToken, token) if isinstance(token, str) and token else None
    if stored is None or stored.valid_until <= clock.now():
        raise Unauthorized("Bad credentials")
    user = db.session.get(MODELS[stored.user_type], stored.user_id)
    if user is None or not can_log_in(stored.user_type, user):
        raise Unauthorized("Bad credentials")
    stored.valid_until = clock.now() + timedelta(seconds=current_app.config["REFRESH_TOKEN_TTL"])
    body = {"token": issue_token(stored.user_type, user, user.last_login_at), "refresh_token": stored.token}
    if stored.user_type == "customer" and user.password_temporary:
        body["error"] = "password change needed"
    db.session.commit()
    return body
