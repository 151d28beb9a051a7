"""Endpoints under /api/<storeCode>/seller: sellers, and admins, who may do all a seller may."""
from flask import g

from openloyalty_standin.app.auth import access, authenticate
from openloyalty_standin.app.openapi import registration_links
from openloyalty_standin.app.response_cache import kept
from openloyalty_standin.app.services import activation, customers, levels, status
from openloyalty_standin.app.wire import Blueprint, empty
from openloyalty_standin.schemas.common import EMPTY_LIST, json_response
from openloyalty_standin.schemas.customer import RegisterCustomerRequest, RegisteredCustomerSchema
from openloyalty_standin.schemas.levels import AssignPosSchema
from openloyalty_standin.schemas.status import CustomerStatusSchema

bp = Blueprint("seller", __name__, url_prefix="/api/<storeCode>/seller", description="Seller")


@bp.route("/customer/register", methods=["POST"])
@access("admin", "seller")
@bp.arguments(RegisterCustomerRequest)
@bp.response(200, RegisteredCustomerSchema)
@bp.doc(**registration_links())
def register_customer(body):
    """Register new customer as a seller."""
    return customers.register_customer(store=g.store, data=body["customer"], caller=authenticate())


@bp.route("/customer/<customer:customer>/activate", methods=["POST"])
@access("admin", "seller")
@bp.response(200)
def activate_customer(customer):
    """Activate a customer as a seller."""
    customers.activate_customer(customer=customer)
    return empty()


@bp.route("/customer/<customer:customer>/deactivate", methods=["POST"])
@access("admin", "seller")
@bp.response(200)
def deactivate_customer(customer):
    """Deactivate a customer as a seller."""
    customers.deactivate_customer(customer=customer)
    return empty()


@bp.route("/customer/<customer:customer>/status", methods=["GET"])
@kept
@access("admin", "seller")
@bp.response(200, CustomerStatusSchema)
def get_customer_status(customer):
    """Customer status (seller)."""
    return status.customer_status(customer=customer)


@bp.route("/customer/<customer:customer>/send-sms-code", methods=["POST"])
@access("admin", "seller")
@bp.response(200)
def send_activation_code(customer):
    """Send SMS activation code as a seller."""
    activation.send_activation_code(customer=customer)
    return empty()


@bp.route("/customer/<customer:customer>/pos", methods=["POST"])
@access("admin", "seller")
@bp.arguments(AssignPosSchema)
@bp.response(200)
@bp.doc(**json_response(EMPTY_LIST))
def assign_pos(body, customer):
    """Assign a POS to a customer as a seller."""
    return levels.assign_pos(customer=customer, pos_id=body.get("posId"))
