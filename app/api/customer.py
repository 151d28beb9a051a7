"""Endpoints under /api/<storeCode>/customer: the voter decides who may call them."""
from flask import g

from app.auth import access, authenticate
from app.services import customer_search, customers
from app.wire import Blueprint
from schemas.customer import (
    CustomerCheckQuery,
    CustomerIdSchema,
    CustomerListQuery,
    CustomerListSchema,
    CustomerSchema,
    RegisteredCustomerSchema,
    RegisterCustomerRequest,
    TotalSchema,
    UpdateCustomerRequest,
)

bp = Blueprint("customer", __name__, url_prefix="/api/<storeCode>/customer", description="Customers")


@bp.route("", methods=["GET"], strict_slashes=False)
@access("admin", "seller")
@bp.arguments(CustomerListQuery, location="query")
@bp.response(200, CustomerListSchema)
def list_customers(query):
    """Get customers."""
    return customer_search.list_customers(store=g.store, query=query)


@bp.route("/check", methods=["GET"])
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
def register_customer(body):
    """Create a new customer."""
    return customers.register_customer(store=g.store, data=body["customer"], caller=authenticate())


@bp.route("/<customer>", methods=["GET"])
@access("admin", "seller", "self")
@bp.response(200, CustomerSchema)
def get_customer(customer):
    """Get customer details."""
    return customer


@bp.route("/<customer>", methods=["PUT"])
@access("admin", "seller", "self")
@bp.arguments(UpdateCustomerRequest)
@bp.response(200, CustomerIdSchema)
def update_customer(body, customer):
    """Update a customer."""
    return customers.update_customer(customer=customer, data=body["customer"], caller=authenticate())
