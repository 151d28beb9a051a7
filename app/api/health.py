"""What the server says about itself, with or without the control plane: its health, and where
a person who opens its root address should go."""
from flask import current_app, redirect

from openloyalty_standin.app.services import health
from openloyalty_standin.app.wire import Blueprint
from openloyalty_standin.schemas.health import HealthSchema

bp = Blueprint("server", __name__, description="The server itself")


@bp.route("/health", methods=["GET"])
@bp.response(200, HealthSchema)
@bp.alt_response(503, schema=HealthSchema, description="The database cannot be read")
def read_health():
    """Tell whether the server answers and can read its database."""
    report = health.check()
    return report, 200 if report["status"] == "ok" else 503


@bp.route("/", methods=["GET"])
@bp.doc(responses={302: {"description": "To the control plane's page /_dev/, or the API document /api/doc/ "
                                        "when the control plane is off"}})
def open_start_page():
    """Send a person to a page: the control plane's, or the API document's."""
    return redirect("/_dev/" if current_app.config["DEV_ENDPOINTS"] else "/api/doc/", code=302)
