"""Endpoints under /api/<storeCode>/pos: the POS cockpit, for sellers and admins."""
from flask import g

from openloyalty_standin.app.auth import access
from openloyalty_standin.app.services import customer_search
from openloyalty_standin.app.wire import Blueprint
from openloyalty_standin.schemas.customer import CustomerSearchResultSchema
from openloyalty_standin.schemas.search import CustomerSearchRequest

bp = Blueprint("pos", __name__, url_prefix="/api/<storeCode>/pos", description="POS")


@bp.route("/search/customer", methods=["POST"])
@access("admin", "seller")
@bp.arguments(CustomerSearchRequest)
@bp.response(200, CustomerSearchResultSchema)
def search_pos_customers(body):
    """Search for customers as a seller."""
    return customer_search.search_customers(store=g.store, criteria=body["search"])
