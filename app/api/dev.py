"""The test control plane under /_dev (off with DEV_ENDPOINTS=0)."""
from flask import g

from app.services import outbox, state
from app.wire import Blueprint, empty
from schemas.outbox import OutboxQuery, OutboxSchema, StoreSettingsSchema

bp = Blueprint("dev", __name__, url_prefix="/_dev", description="Test control plane")


@bp.route("/reset", methods=["POST"])
@bp.response(204)
def reset():
    """Restore the seed data."""
    state.reset()
    return empty(204)


@bp.route("/outbox", methods=["GET"])
@bp.arguments(OutboxQuery, location="query")
@bp.response(200, OutboxSchema)
def list_outbox(query):
    """List the SMS and e-mails the platform would have sent, newest first."""
    return outbox.list_messages(to=query.get("to"), kind=query.get("kind"))


@bp.route("/outbox", methods=["DELETE"])
@bp.response(204)
def clear_outbox():
    """Forget the sent messages."""
    outbox.clear_messages()
    return empty(204)


@bp.route("/stores/<storeCode>/settings", methods=["PUT"])
@bp.arguments(StoreSettingsSchema)
@bp.response(200, StoreSettingsSchema)
def set_store_settings(body):
    """Set a store's account activation method (email or sms)."""
    return state.set_activation_method(store=g.store, method=body["activationMethod"])
