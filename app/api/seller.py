"""Endpoints under /api/<storeCode>/seller: sellers, and admins, who may do all a seller may."""
from flask import g

from app.auth import access, authenticate
from app.services import customers
from app.wire import Blueprint, empty
from schemas.customer import RegisteredCustomerSchema, RegisterCustomerRequest

bp = Blueprint("seller", __name__, url_prefix="/api/<storeCode>/seller", description="Seller")


@bp.route("/customer/register", methods=["POST"])
@access("admin", "seller")
@bp.arguments(RegisterCustomerRequest)
@bp.response(200, RegisteredCustomerSchema)
def register_customer(body):
    """Register new customer as a seller."""
    return customers.register_customer(store=g.store, data=body["customer"], caller=authenticate())


@bp.route("/customer/<customer>/activate", methods=["POST"])
@access("admin", "seller")
@bp.response(200)
def activate_customer(customer):
    """Activate a customer as a seller."""
    customers.activate_customer(customer=customer)
    return empty()


@bp.route("/customer/<customer>/deactivate", methods=["POST"])
@access("admin", "seller")
@bp.response(200)
def deactivate_customer(customer):
    """Deactivate a customer as a seller."""
    customers.deactivate_customer(customer=customer)
    return empty()
