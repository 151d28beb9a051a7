"""Login and token refresh: not store-scoped, as in every Open Loyalty version."""
from openloyalty_standin.app.openapi import bad_request, login_links
from openloyalty_standin.app.services import security
from openloyalty_standin.app.wire import Blueprint
from openloyalty_standin.schemas.auth import LoginSchema, RefreshSchema, TokenSchema
from openloyalty_standin.schemas.errors import MessageSchema

bp = Blueprint("security", __name__, url_prefix="/api", description="Authentication")


def _login(kind, form):
    return security.login(
        kind=kind,
        username=form.get("_username"),
        password=form.get("_password"),
        store_code=form.get("storeCode"),
    )


@bp.route("/admin/login_check", methods=["POST"])
@bp.arguments(LoginSchema)
@bp.response(200, TokenSchema)
@bp.alt_response(401, response="LOGIN_FAILED")
@bp.doc(**login_links())
def login_admin(form):
    """Log in as an admin."""
    return _login("admin", form)


@bp.route("/customer/login_check", methods=["POST"])
@bp.arguments(LoginSchema)
@bp.response(200, TokenSchema)
@bp.alt_response(401, response="LOGIN_FAILED")
@bp.doc(**login_links())
def login_customer(form):
    """Log in as a customer (of the store named by storeCode, DEFAULT by default)."""
    return _login("customer", form)


@bp.route("/seller/login_check", methods=["POST"])
@bp.arguments(LoginSchema)
@bp.response(200, TokenSchema)
@bp.alt_response(401, response="LOGIN_FAILED")
@bp.doc(**login_links())
@bad_request(MessageSchema)  # "Your account is not active"
def login_seller(form):
    """Log in as a seller."""
    return _login("seller", form)


@bp.route("/token/refresh", methods=["POST"])
@bp.arguments(RefreshSchema)
@bp.arguments(RefreshSchema, location="query", as_kwargs=True)
@bp.response(200, TokenSchema)
@bp.alt_response(401, response="UNAUTHORIZED")
def refresh_token(form, **query):
    """Exchange a refresh token for a new JWT."""
    return security.refresh_token(token=form.get("refresh_token") or query.get("refresh_token"))
