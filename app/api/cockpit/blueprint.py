"""The blueprint of the cockpit support endpoints: 3.x paths under /api, for the DEFAULT store."""
from flask import g

from openloyalty_standin.app.errors import Unavailable
from openloyalty_standin.app.services import stores
from openloyalty_standin.app.wire import Blueprint
from openloyalty_standin.schemas import context

TAG = "Open Loyalty cockpit support"
COCKPIT_STORE = "DEFAULT"

bp = Blueprint(
    TAG, __name__, url_prefix="/api",
    description="What Open Loyalty's 3.x cockpits call outside the Customer API, for the DEFAULT store: "
                "boot (translations, choices, settings) and the reads of the customer screens.",
)


@bp.before_request
def serve_the_cockpit_store():
    store = stores.find_store(COCKPIT_STORE)
    if store is None:
        raise Unavailable(hint=f"the store {COCKPIT_STORE} the cockpits are served for does not exist")
    g.store = store
    context.activation_method.set(store.activation_method)
