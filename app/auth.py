"""RS256 JWTs with Open Loyalty's claims, the master API key, and the access rule of every view."""
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache, wraps

import jwt
from cryptography.hazmat.primitives import serialization
from flask import current_app, g, request
from flask_smorest import Blueprint

from openloyalty_standin.app import cache, clock, jwt_keys, worlds
from openloyalty_standin.app.errors import Forbidden, PlainError, Unauthorized
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.jwt_keys import key_pair  # noqa: F401 (imported from here by the testing plugin)
from openloyalty_standin.app.models import Admin, Customer, Seller
from openloyalty_standin.schemas import context

ROLES = {"admin": "ROLE_ADMIN", "customer": "ROLE_PARTICIPANT", "seller": "ROLE_SELLER"}
KINDS = {role: kind for kind, role in ROLES.items()}
MODELS = {"admin": Admin, "customer": Customer, "seller": Seller}
MASTER_ID = "86b0c8ad-dadc-4d9f-8a72-8b55b9f81c3d"
ADMIN_PERMISSIONS = {"CUSTOMER": ["VIEW", "MODIFY"]}
CLOCK_SKEW = 60  # seconds a token's nbf or iat may lie ahead of the clock
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
_BEARER = re.compile(r"Bearer[\s\\]+([A-Za-z0-9_\-=]*\.[A-Za-z0-9_\-=]*\.[A-Za-z0-9_\-=]*)")


@dataclass
class Principal:
    """Who is calling: the kind of account and its id."""

    kind: str
    id: str

    @cached_property
    def user(self):
        """The caller's account, read when a use case needs it (None for the master API key)."""
        return db.session.get(MODELS[self.kind], self.id)


def issue_token(kind, user, last_login_at=None):
    """Return a signed JWT for `user`, with the claims Open Loyalty puts in it."""
    moment = clock.now()
    timestamp = int(moment.timestamp())
    last_login = None
    if last_login_at:
        last_login = last_login_at.astimezone(clock.local_timezone()).strftime("%Y-%m-%dT%H:%M:%S%z")
    payload = {
        "exp": timestamp + current_app.config["JWT_TTL"],
        "username": user.username if kind == "admin" else user.id,
        "roles": [ROLES[kind]],
        "id": user.id,
        "lastLoginAt": last_login,
        "permissions": ADMIN_PERMISSIONS if kind == "admin" else [],
        "superAdmin": bool(kind == "admin" and user.super_admin),
        "iat": str(timestamp),
    }
    sandbox = worlds.requested_name()
    if sandbox != worlds.DEFAULT:
        payload["sandbox"] = sandbox  # valid in that sandbox only
    private_pem, _ = jwt_keys.signing_pair()
    return jwt.encode(payload, _signing_key(private_pem), algorithm="RS256", headers={"typ": "JWS"})


@lru_cache(maxsize=8)
def _signing_key(pem):
    return serialization.load_pem_private_key(pem, password=None)


@lru_cache(maxsize=8)
def _verifying_key(pem):
    return serialization.load_pem_public_key(pem)


@lru_cache(maxsize=4096)
def _verified_claims(token, public_pem):
    """The claims of a token whose RS256 signature holds, checked once per token and key.

    Only the signature and the decoding are remembered; times, roles and the account are
    checked on every request. The claims are shared: callers read them and never change them.
    """
    return jwt.decode(
        token,
        _verifying_key(public_pem),
        algorithms=["RS256"],
        options={
            "verify_exp": False, "verify_iat": False, "verify_nbf": False,
            "require": ["exp", "id", "roles"],
        },
    )


def _claims(token):
    """The claims of a token signed with the stored pair (read again once when the signature fails)."""
    pair = jwt_keys.verifying_pair()
    if pair is None:
        raise jwt.InvalidSignatureError("no key pair is stored yet")
    try:
        return _verified_claims(token, pair[1])
    except jwt.InvalidSignatureError:
        fresh = jwt_keys.verifying_pair(again=True)
        if fresh == pair:
            raise
        return _verified_claims(token, fresh[1])


def _decode(token):
    try:
        payload = _claims(token)
    except jwt.PyJWTError:
        raise Unauthorized() from None
    # Times are checked against the app's clock, which tests may freeze or move.
    now = clock.now(untracked=True).timestamp()  # the expiry is checked again by whoever keeps the answer
    exp = payload["exp"]
    if not isinstance(exp, int) or exp <= now:
        raise Unauthorized()
    g.token_expires = exp
    for claim in ("nbf", "iat"):  # Open Loyalty's iat is a string of digits
        value = payload.get(claim)
        if value is None:
            continue
        digits = isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20
        moment = int(value) if digits else value
        if not isinstance(moment, int) or isinstance(moment, bool) or moment > now + CLOCK_SKEW:
            raise Unauthorized()
    return payload


def _principal_from_token(token):
    payload = _decode(token)
    if payload.get("sandbox", worlds.DEFAULT) != worlds.requested_name():
        raise Unauthorized()  # a token of another sandbox is no token here
    roles = payload.get("roles")
    kind = KINDS.get(roles[0]) if isinstance(roles, list) and roles else None
    if kind is None or not isinstance(payload["id"], str):
        raise Unauthorized()
    account_id = cache.remembered(("may log in", kind, payload["id"]), lambda: _id_if_may_log_in(kind, payload["id"]))
    if account_id is None:
        raise Unauthorized()
    return Principal(kind, account_id)


def _id_if_may_log_in(kind, token_id):
    user = db.session.get(MODELS[kind], token_id)
    return user.id if user is not None and can_log_in(kind, user) else None


def can_log_in(kind, user):
    """Tell whether an account may authenticate: active, and for customers not blocked or anonymized."""
    if kind == "customer":
        return user.active and user.status_type == "active" and user.anonymized_at is None
    return user.active


def authenticate():
    """Return the caller from the Authorization header or the API key, or raise 401/403."""
    if "principal" in g:
        return g.principal
    header = request.headers.get("Authorization", "")
    api_key = request.headers.get("X-AUTH-TOKEN") or request.args.get("auth_token")
    match = _BEARER.search(header)
    if match:
        principal = _principal_from_token(match.group(1))
    elif "Bearer" in header:
        raise Unauthorized()
    elif api_key:
        master = current_app.config.get("MASTER_API_KEY")
        if not master or api_key != master:
            raise PlainError(403, {"message": "Username could not be found."})
        principal = Principal("admin", MASTER_ID)
    else:
        raise Unauthorized("Invalid credentials")
    g.principal = principal
    context.caller_kind.set(principal.kind)
    return principal


def _allows(principal, rules, customer):
    if principal.kind in rules or "authenticated" in rules or "optional" in rules:
        return True
    return "self" in rules and principal.kind == "customer" and customer is not None and customer.id == principal.id


def access_doc(rules):
    """The OpenAPI security and error responses that follow from a view's access rules."""
    responses = {404: "NOT_FOUND"}
    if "anonymous" in rules:
        return {"security": [], "responses": responses}
    responses[401], responses[403] = "UNAUTHORIZED", "FORBIDDEN"
    security = [{"bearer": []}, {"apiKey": []}] + ([{}] if "optional" in rules else [])
    return {"security": security, "responses": responses}


def _has_credentials():
    return bool(request.headers.get("Authorization") or request.headers.get("X-AUTH-TOKEN"))


def access(*rules):
    """Guard a view: "anonymous", "optional" (anonymous or authenticated), "authenticated",
    or any of "admin", "seller", "self".

    The caller is authenticated first (401), then the `customer` path value is resolved
    (404), then the rules are applied (403), the order in which Open Loyalty decides. A request
    that may write locks the customer's row until it commits, so that two changes of one customer
    (two tokens added, two labels set) are made one after the other, each on the other's result.
    """
    from openloyalty_standin.app.services.customers import find_customer

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal = None if {"anonymous", "optional"} & set(rules) else authenticate()
            if "optional" in rules:
                principal = authenticate() if _has_credentials() else None
            if "customer" in kwargs:
                kwargs["customer"] = find_customer(store=g.store, reference=kwargs["customer"],
                                                   for_update=request.method not in READ_METHODS)
            if principal is not None and not _allows(principal, rules, kwargs.get("customer")):
                raise Forbidden()
            return view(*args, **kwargs)

        wrapper.access_rules = rules
        return Blueprint.doc(**access_doc(rules))(wrapper)

    return decorator
