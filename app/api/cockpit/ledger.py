"""Cockpit support: the ledger reads of the customer screens and the admin dashboard (3.x paths, DEFAULT
store): transactions, point transfers, a customer's campaigns, analytics, invitations and earning rules."""
from flask import g

from openloyalty_standin.app.api.cockpit.blueprint import bp
from openloyalty_standin.app.auth import access, authenticate
from openloyalty_standin.app.services import analytics, campaigns, invitations, ledger
from openloyalty_standin.schemas.cockpit.campaigns import (
    AvailableCampaignListSchema,
    AvailableCampaignsQuery,
    BoughtCampaignListSchema,
    BoughtCampaignsQuery,
)
from openloyalty_standin.schemas.cockpit.ledger import (
    CustomersAnalyticsSchema,
    EarningRuleListSchema,
    InvitationListSchema,
    InvitationsQuery,
    OwnTransfersQuery,
    PointsAnalyticsSchema,
    PointsTransferListSchema,
    ReferralsAnalyticsSchema,
    TransactionListSchema,
    TransactionsAnalyticsSchema,
    TransactionSchema,
    TransactionsQuery,
    TransfersQuery,
)


def _own():
    return ledger.own_customer(store=g.store, caller=authenticate())


# --- transactions ------------------------------------------------------------------------------


@bp.route("/transaction", methods=["GET"])
@access("admin")
@bp.arguments(TransactionsQuery, location="query")
@bp.response(200, TransactionListSchema)
def list_transactions(query):
    """List transactions."""
    return ledger.list_transactions(store=g.store, query=query)


@bp.route("/seller/transaction", methods=["GET"])
@access("admin", "seller")
@bp.arguments(TransactionsQuery, location="query")
@bp.response(200, TransactionListSchema)
def seller_list_transactions(query):
    """List transactions as a seller (all of them, whatever the POS)."""
    return ledger.list_transactions(store=g.store, query=query)


@bp.route("/customer/transaction", methods=["GET"])
@access("customer")
@bp.arguments(TransactionsQuery, location="query")
@bp.response(200, TransactionListSchema)
def list_own_transactions(query):
    """List the calling customer's transactions (customerId is the caller's)."""
    return ledger.list_transactions(store=g.store, query=query, customer=_own())


@bp.route("/seller/transaction/customer/<customer:customer>", methods=["GET"])
@access("admin", "self")
@bp.arguments(TransactionsQuery, location="query")
@bp.response(200, TransactionListSchema)
def list_customer_transactions(query, customer):
    """List a customer's transactions (an admin, or the customer itself)."""
    return ledger.list_transactions(store=g.store, query=query, customer=customer)


@bp.route("/seller/transaction/<documentNumber>", methods=["GET"])
@access("seller")
@bp.response(200, TransactionSchema)
def get_transaction_by_document_number(documentNumber):
    """Get a transaction by its document number, as a seller."""
    return ledger.find_by_document_number(store=g.store, document_number=documentNumber)


@bp.route("/transaction/<transactionId>", methods=["GET"])
@access("admin", "seller", "customer")
@bp.response(200, TransactionSchema)
def get_transaction(transactionId):
    """Get a transaction (an admin, a seller, or the customer it belongs to)."""
    return ledger.get_transaction(store=g.store, transaction_id=transactionId, caller=authenticate())


@bp.route("/customer/transaction/<transactionId>", methods=["GET"])
@access("admin", "seller", "customer")
@bp.response(200, TransactionSchema)
def get_customer_transaction(transactionId):
    """Get a transaction on the customer's path (an admin, a seller, or the customer it belongs to)."""
    return ledger.get_transaction(store=g.store, transaction_id=transactionId, caller=authenticate())


# --- point transfers ---------------------------------------------------------------------------


@bp.route("/points/transfer", methods=["GET"])
@access("admin", "seller")
@bp.arguments(TransfersQuery, location="query")
@bp.response(200, PointsTransferListSchema)
def list_point_transfers(query):
    """List point transfers, newest first."""
    return ledger.list_transfers(store=g.store, query=query)


@bp.route("/seller/points/transfer", methods=["GET"])
@access("admin", "seller")
@bp.arguments(TransfersQuery, location="query")
@bp.response(200, PointsTransferListSchema)
def seller_list_point_transfers(query):
    """List point transfers as a seller, newest first."""
    return ledger.list_transfers(store=g.store, query=query)


@bp.route("/customer/points/transfer", methods=["GET"])
@access("customer")
@bp.arguments(OwnTransfersQuery, location="query")
@bp.response(200, PointsTransferListSchema)
def list_own_point_transfers(query):
    """List the calling customer's point transfers, newest first."""
    return ledger.list_transfers(store=g.store, query=query, customer=_own())


# --- campaigns of a customer -----------------------------------------------------------------


@bp.route("/admin/customer/<customer:customer>/campaign/available", methods=["GET"])
@access("admin", "seller")
@bp.arguments(AvailableCampaignsQuery, location="query")
@bp.response(200, AvailableCampaignListSchema)
def list_available_campaigns(query, customer):
    """List the campaigns a customer may buy."""
    return campaigns.available_campaigns(customer=customer, query=query)


@bp.route("/seller/customer/<customer:customer>/campaign/available", methods=["GET"])
@access("admin", "seller")
@bp.arguments(AvailableCampaignsQuery, location="query")
@bp.response(200, AvailableCampaignListSchema)
def seller_list_available_campaigns(query, customer):
    """List the campaigns a customer may buy, as a seller."""
    return campaigns.available_campaigns(customer=customer, query=query)


@bp.route("/customer/campaign/available", methods=["GET"])
@access("customer")
@bp.arguments(AvailableCampaignsQuery, location="query")
@bp.response(200, AvailableCampaignListSchema)
def list_own_available_campaigns(query):
    """List the campaigns the calling customer may buy."""
    return campaigns.available_campaigns(customer=_own(), query=query)


@bp.route("/admin/customer/<customer:customer>/campaign/bought", methods=["GET"])
@access("admin", "seller")
@bp.arguments(BoughtCampaignsQuery, location="query")
@bp.response(200, BoughtCampaignListSchema)
def list_bought_campaigns(query, customer):
    """List the campaigns a customer bought."""
    return campaigns.bought_campaigns(customer=customer, query=query)


@bp.route("/seller/customer/<customer:customer>/campaign/bought", methods=["GET"])
@access("admin", "seller")
@bp.arguments(BoughtCampaignsQuery, location="query")
@bp.response(200, BoughtCampaignListSchema)
def seller_list_bought_campaigns(query, customer):
    """List the campaigns a customer bought, as a seller."""
    return campaigns.bought_campaigns(customer=customer, query=query)


@bp.route("/customer/campaign/bought", methods=["GET"])
@access("customer")
@bp.arguments(BoughtCampaignsQuery, location="query")
@bp.response(200, BoughtCampaignListSchema)
def list_own_bought_campaigns(query):
    """List the campaigns the calling customer bought."""
    return campaigns.bought_campaigns(customer=_own(), query=query)


# --- the admin dashboard -----------------------------------------------------------------------


@bp.route("/admin/analytics/points", methods=["GET"])
@access("admin")
@bp.response(200, PointsAnalyticsSchema)
def get_points_analytics():
    """Count the spending transfers and the points spent."""
    return analytics.points(store=g.store)


@bp.route("/admin/analytics/transactions", methods=["GET"])
@access("admin")
@bp.response(200, TransactionsAnalyticsSchema)
def get_transactions_analytics():
    """Add up the customers' transactions."""
    return analytics.transactions(store=g.store)


@bp.route("/admin/analytics/customers", methods=["GET"])
@access("admin")
@bp.response(200, CustomersAnalyticsSchema)
def get_customers_analytics():
    """Count the customers."""
    return analytics.customers(store=g.store)


@bp.route("/admin/analytics/referrals", methods=["GET"])
@access("admin")
@bp.response(200, ReferralsAnalyticsSchema)
def get_referrals_analytics():
    """Count the invitations, those that registered and those that ended in a purchase."""
    return analytics.referrals(store=g.store)


# --- invitations and earning rules ---------------------------------------------------------------


@bp.route("/invitations", methods=["GET"])
@access("admin")
@bp.arguments(InvitationsQuery, location="query")
@bp.response(200, InvitationListSchema)
def list_invitations(query):
    """List the invitations customers sent (the referred customers)."""
    return invitations.list_invitations(store=g.store, query=query)


@bp.route("/customer/earningRule", methods=["GET"])
@access("customer")
@bp.response(200, EarningRuleListSchema)
def list_own_earning_rules():
    """List the active earning rules, for the calling customer."""
    _own()
    return campaigns.earning_rules(store=g.store)
