"""The test control plane under /_dev (off with DEV_ENDPOINTS=0)."""
from app.services import state
from app.wire import Blueprint, empty

bp = Blueprint("dev", __name__, url_prefix="/_dev", description="Test control plane")


@bp.route("/reset", methods=["POST"])
@bp.response(204)
def reset():
    """Restore the seed data."""
    state.reset()
    return empty(204)
