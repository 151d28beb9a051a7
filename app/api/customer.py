"""Endpoints under /api/<storeCode>/customer: the voter decides who may call them."""
from flask import Response, g

from openloyalty_standin.app.auth import access, authenticate
from openloyalty_standin.app.openapi import bad_request, registration_links
from openloyalty_standin.app.response_cache import kept
from openloyalty_standin.app.services import (
    activation,
    avatars,
    customer_search,
    customers,
    levels,
    privacy,
    pushy,
    statistics,
    status,
)
from openloyalty_standin.app.wire import Blueprint, empty
from openloyalty_standin.schemas.avatar import AvatarRequest, image_answer
from openloyalty_standin.schemas.common import COUNTS, EMPTY_LIST, PhoneCodeRequest, json_response
from openloyalty_standin.schemas.customer import (
    CustomerCheckQuery,
    CustomerIdSchema,
    CustomerListQuery,
    CustomerListSchema,
    CustomerSchema,
    RegisterCustomerRequest,
    RegisteredCustomerSchema,
    SelfRegisterCustomerRequest,
    TotalSchema,
    UpdateCustomerRequest,
)
from openloyalty_standin.schemas.errors import ErrorTextSchema, FormErrorSchema
from openloyalty_standin.schemas.levels import AssignLevelSchema, AssignPosSchema
from openloyalty_standin.schemas.pushy import AddPushyTokenRequest, PushyTokensSchema
from openloyalty_standin.schemas.statistics import RegistrationsQuery
from openloyalty_standin.schemas.status import CustomerStatusSchema

bp = Blueprint("customer", __name__, url_prefix="/api/<storeCode>/customer", description="Customers")


@bp.route("", methods=["GET"], strict_slashes=False)
@kept
@access("admin", "seller")
@bp.arguments(CustomerListQuery, location="query")
@bp.response(200, CustomerListSchema)
def list_customers(query):
    """Get customers."""
    return customer_search.list_customers(store=g.store, query=query)


@bp.route("/check", methods=["GET"])
@kept
@access("anonymous")
@bp.arguments(CustomerCheckQuery, location="query")
@bp.response(200, TotalSchema)
def check_customer(query):
    """Check if a customer with a given phone number or email exists."""
    return customer_search.check_customer(store=g.store, email_or_phone=query.get("emailOrPhone"))


@bp.route("/register", methods=["POST"])
@access("admin", "seller")
@bp.arguments(RegisterCustomerRequest)
@bp.response(200, RegisteredCustomerSchema)
@bp.doc(**registration_links())
def register_customer(body):
    """Create a new customer."""
    return customers.register_customer(store=g.store, data=body["customer"], caller=authenticate())


@bp.route("/<customer:customer>", methods=["GET"])
@kept
@access("admin", "seller", "self")
@bp.response(200, CustomerSchema)
def get_customer(customer):
    """Get customer details."""
    return customer


@bp.route("/<customer:customer>", methods=["PUT"])
@access("admin", "seller", "self")
@bp.arguments(UpdateCustomerRequest)
@bp.response(200, CustomerIdSchema)
def update_customer(body, customer):
    """Update a customer."""
    return customers.update_customer(customer=customer, data=body["customer"], caller=authenticate())


@bp.route("/<customer:customer>", methods=["DELETE"])
@access("admin")
@bp.response(204)
def delete_customer(customer):
    """Remove customer."""
    privacy.delete_customer(customer=customer)
    return empty(204)


@bp.route("/self_register", methods=["POST"])
@access("anonymous")
@bp.arguments(SelfRegisterCustomerRequest)
@bp.response(200, RegisteredCustomerSchema)
@bp.doc(**registration_links())
def self_register_customer(body):
    """Register as a customer; the account is activated by e-mail link or SMS code."""
    return activation.self_register_customer(store=g.store, data=body["customer"])


@bp.route("/activate/<token>", methods=["POST"])
@access("anonymous")
@bp.response(200)
def activate_with_token(token):
    """Activate a customer using activation token."""
    activation.activate_with_token(store=g.store, token=token)
    return empty()


@bp.route("/activate-sms/<token>", methods=["POST"])
@access("anonymous")
@bp.response(204)
def activate_with_sms_code(token):
    """Activate a customer using SMS activation token."""
    activation.activate_with_sms_code(store=g.store, code=token)
    return empty(204)


@bp.route("/customer-phone/send-sms-code", methods=["POST"])
@access("optional")
@bp.arguments(PhoneCodeRequest, required=False)
@bp.response(200)
def resend_activation_code(body):
    """Send an activation token as a customer (or anonymously, for the new customer with `phone`)."""
    caller = g.get("principal")
    activation.resend_activation_code(store=g.store, caller=caller, phone=body.get("phone"))
    return empty()


@bp.route("/confirm-change/<token>", methods=["POST"])
@access("authenticated")
@bp.response(204)
@bad_request(FormErrorSchema)  # the new phone was taken meanwhile
def confirm_change(token):
    """Confirm a change of authentication credential."""
    activation.confirm_change(store=g.store, caller=authenticate(), code=token)
    return empty(204)


@bp.route("/registrations", methods=["GET"])
@kept
@access("authenticated")
@bp.arguments(RegistrationsQuery, location="query")
@bp.response(200)
@bp.doc(**json_response(COUNTS))
def list_registrations(query):
    """Customer registrations."""
    return statistics.registrations(store=g.store, interval=query["interval"], last_days=query["lastDays"] or 30)


@bp.route("/customer/<customer:customer>/status", methods=["GET"])
@kept
@access("admin", "seller", "self")
@bp.response(200, CustomerStatusSchema)
def get_customer_status(customer):
    """Customer status (customer)."""
    return status.customer_status(customer=customer)


@bp.route("/<customer:customer>/level", methods=["POST"])
@access("admin", "seller")
@bp.arguments(AssignLevelSchema)
@bp.response(200)
@bp.doc(**json_response(EMPTY_LIST))
def assign_level(body, customer):
    """Assign a customer to a level."""
    return levels.assign_level(customer=customer, level_id=body.get("levelId"))


@bp.route("/<customer:customer>/remove-manually-level", methods=["POST"])
@access("admin", "seller")
@bp.response(204)
@bad_request(ErrorTextSchema)
def remove_manual_level(customer):
    """Remove a customer from a manually assigned level."""
    levels.remove_manual_level(customer=customer)
    return empty(204)


@bp.route("/<customer:customer>/pos", methods=["POST"])
@access("admin", "seller")
@bp.arguments(AssignPosSchema)
@bp.response(200)
@bp.doc(**json_response(EMPTY_LIST))
def assign_pos(body, customer):
    """Assign a POS to a customer."""
    return levels.assign_pos(customer=customer, pos_id=body.get("posId"))


@bp.route("/<customer:customer>/pushy-token", methods=["GET"])
@kept
@access("admin", "seller", "self")
@bp.response(200, PushyTokensSchema)
def list_pushy_tokens(customer):
    """List Pushy tokens."""
    return pushy.list_pushy_tokens(customer=customer)


@bp.route("/<customer:customer>/pushy-token", methods=["POST"])
@access("admin", "seller", "self")
@bp.arguments(AddPushyTokenRequest)
@bp.response(204)
def add_pushy_token(body, customer):
    """Add a Pushy token."""
    pushy.add_pushy_token(customer=customer, token=body["customer"]["pushyToken"])
    return empty(204)


@bp.route("/<customer:customer>/pushy-token/<tokenToRemove>", methods=["DELETE"])
@access("admin", "seller", "self")
@bp.response(204)
def remove_pushy_token(customer, tokenToRemove):
    """Remove a Pushy token."""
    pushy.remove_pushy_token(customer=customer, token=tokenToRemove)
    return empty(204)


@bp.route("/<customer:customer>/avatar", methods=["DELETE"])
@access("admin", "seller", "self")
@bp.response(204)
def remove_avatar(customer):
    """Remove customer's avatar."""
    avatars.remove_avatar(customer=customer)
    return empty(204)


@bp.route("/<customer:customer>/avatar", methods=["GET"])
@access("admin", "seller", "self")
@bp.doc(responses=image_answer("The image, as it was uploaded"))
@bp.alt_response(204, description="The customer has no avatar", success=True)
def get_avatar(customer):
    """Get a customer's avatar."""
    avatar = avatars.read_avatar(customer=customer)
    if avatar is None:
        return empty(204)
    headers = {"Content-Disposition": "inline", "X-Content-Type-Options": "nosniff"}
    return Response(avatar.data, mimetype=avatar.mime, headers=headers)


@bp.route("/<customer:customer>/avatar", methods=["POST"])
@access("admin", "seller", "self")
@bp.arguments(AvatarRequest, location="form", content_type="multipart/form-data")
@bp.response(204)
def set_avatar(body, customer):
    """Set customer's avatar."""
    avatars.set_avatar(customer=customer, upload=body["avatar"]["file"])
    return empty(204)
