"""Cockpit support, catalog: the levels, POS and sellers the customer screens read
(openloyalty-cockpit-endpoints.md 4.1-4.3). Admins and sellers read them all; a seller's own
record is also open to that seller, and the active levels to customers."""
from flask import g
from werkzeug.routing import BaseConverter

from openloyalty_standin.app.api.cockpit.blueprint import bp
from openloyalty_standin.app.auth import access, authenticate
from openloyalty_standin.app.services import catalog
from openloyalty_standin.schemas.cockpit.catalog import (
    CatalogLevelListSchema,
    CatalogLevelSchema,
    CustomerLevelListSchema,
    LevelListQuery,
    PosListQuery,
    PosListSchema,
    PosSchema,
    SellerListQuery,
    SellerListSchema,
    SellerSchema,
)

# The sub-paths of /api/seller that are no seller's id.
SELLER_PATHS = (
    "level", "pos", "transaction", "points", "customer", "campaign", "earningRule", "register", "login_check",
    "password",
)


class SellerConverter(BaseConverter):
    """A seller's id: never one of the words of the fixed /api/seller/... paths, which win over it."""

    regex = rf"(?!(?:{'|'.join(SELLER_PATHS)})(?:/|$))[^/]+"


# --- levels -----------------------------------------------------------------------------------


@bp.route("/level", methods=["GET"])
@access("admin", "seller")
@bp.arguments(LevelListQuery, location="query")
@bp.response(200, CatalogLevelListSchema)
def list_levels(query):
    """Levels, with their rewards and how many of the store's customers each holds."""
    return catalog.list_levels(store=g.store, query=query)


@bp.route("/seller/level", methods=["GET"])
@access("admin", "seller")
@bp.arguments(LevelListQuery, location="query")
@bp.response(200, CatalogLevelListSchema)
def seller_list_levels(query):
    """Levels, as the POS cockpit reads them (the same as GET /api/level)."""
    return catalog.list_levels(store=g.store, query=query)


@bp.route("/level/<id>", methods=["GET"])
@access("admin", "seller")
@bp.response(200, CatalogLevelSchema)
def get_level(id):
    """One level."""
    return catalog.get_level(store=g.store, level_id=id)


@bp.route("/seller/level/<id>", methods=["GET"])
@access("admin", "seller")
@bp.response(200, CatalogLevelSchema)
def seller_get_level(id):
    """One level, as the POS cockpit reads it (the same as GET /api/level/{id})."""
    return catalog.get_level(store=g.store, level_id=id)


@bp.route("/customer/level", methods=["GET"])
@access("customer")
@bp.response(200, CustomerLevelListSchema)
def list_customer_levels():
    """The active levels, as a customer reads them (not paged)."""
    return catalog.customer_levels()


# --- POS --------------------------------------------------------------------------------------


@bp.route("/pos", methods=["GET"])
@access("admin", "seller")
@bp.arguments(PosListQuery, location="query")
@bp.response(200, PosListSchema)
def list_pos(query):
    """Points of sale, with the figures of the store's transactions made at each."""
    return catalog.list_pos(store=g.store, query=query)


@bp.route("/seller/pos", methods=["GET"])
@access("admin", "seller")
@bp.arguments(PosListQuery, location="query")
@bp.response(200, PosListSchema)
def seller_list_pos(query):
    """Points of sale, as the POS cockpit reads them (the same as GET /api/pos)."""
    return catalog.list_pos(store=g.store, query=query)


@bp.route("/pos/<id>", methods=["GET"])
@access("admin", "seller")
@bp.response(200, PosSchema)
def get_pos(id):
    """One point of sale."""
    return catalog.get_pos(store=g.store, pos_id=id)


@bp.route("/seller/pos/<id>", methods=["GET"])
@access("admin", "seller")
@bp.response(200, PosSchema)
def seller_get_pos(id):
    """One point of sale, as the POS cockpit reads it (the same as GET /api/pos/{id})."""
    return catalog.get_pos(store=g.store, pos_id=id)


@bp.route("/pos/identifier/<identifier>", methods=["GET"])
@access("admin", "seller")
@bp.response(200, PosSchema)
def get_pos_by_identifier(identifier):
    """One point of sale, found by its identifier."""
    return catalog.get_pos(store=g.store, identifier=identifier)


# --- sellers ----------------------------------------------------------------------------------


@bp.route("/seller", methods=["GET"])
@access("admin")
@bp.arguments(SellerListQuery, location="query")
@bp.response(200, SellerListSchema)
def list_sellers(query):
    """Sellers, filtered by parts of their names, phone and e-mail."""
    return catalog.list_sellers(query=query)


@bp.route("/seller/<seller:id>", methods=["GET"])
@access("admin", "seller")
@bp.response(200, SellerSchema)
def get_seller(id):
    """One seller, for an admin or for that seller itself (the POS cockpit reads its own record)."""
    return catalog.get_seller(seller_id=id, caller=authenticate())
