"""The HTTP API: one blueprint module per role, and the store segment handled once."""
from flask import g, request
from werkzeug.routing import BaseConverter

from openloyalty_standin.app import response_cache, worlds
from openloyalty_standin.app.api import admin, cockpit, customer, dev, health, pos, security, seller
from openloyalty_standin.app.clock import local_timezone
from openloyalty_standin.app.errors import NotFound
from openloyalty_standin.app.extensions import api
from openloyalty_standin.app.openapi import add_alternatives, add_form_encodings, add_seed_examples
from openloyalty_standin.app.services import faults, request_log, snapshots, stores
from openloyalty_standin.app.services.customers import reference_errors
from openloyalty_standin.schemas import context

MODULES = (security, customer, admin, seller, pos, cockpit, dev, health)
# The first segments of /api/ paths that are no store: the 3.x paths and the cockpit support's.
RESERVED_STORE_CODES = {
    "admin", "customer", "seller", "pos", "token", "_dev", "doc", "translations", "settings", "level",
    "transaction", "points", "invitations", "campaign", "earningRule",
}
STORE_PREFIX = "/api/<storeCode>/"
LEGACY_STORE = "DEFAULT"
# Open Loyalty 3.x paths that differ from the 4.x path without its store segment, and the 4.x route serving them.
LEGACY_RENAMES = {
    "/api/customer/<customer:customer>/status": "/api/<storeCode>/customer/customer/<customer:customer>/status",
    "/api/customer/registrations/daily": "/api/<storeCode>/customer/registrations",
}


def refuse_nul(_endpoint, values):
    """A path value holding a NUL character names nothing (no store, id, code or token has one):
    404, before any database sees it (PostgreSQL refuses such text outright)."""
    if values and any("\x00" in value for value in values.values() if isinstance(value, str)):
        raise NotFound()


def pull_store_code(endpoint, values):
    """Move the <storeCode> URL segment into g.store; an unknown store is 404."""
    if not values or "storeCode" not in values:
        return
    code = values.pop("storeCode")
    store = None if code in RESERVED_STORE_CODES else stores.find_store(code)
    if store is None:
        shown = code if len(code) <= 64 else code[:64] + "..."
        raise NotFound(hint=f"no store `{shown}`; stores are {', '.join(stores.store_codes())}")
    g.store = store
    context.activation_method.set(store.activation_method)


def set_request_context():
    """Tell the schemas the display timezone and the requested locale."""
    context.display_timezone.set(local_timezone())
    context.locale.set(request.args.get("_locale"))
    context.caller_kind.set(None)
    context.reference_check.set(reference_errors)
    if "store" not in g:
        context.activation_method.set("email")


class CustomerConverter(BaseConverter):
    """A customer id (UUID) or loyalty card number; never a word the API uses in its paths."""

    regex = (
        r"(?!(?:check|register|self_register|registrations|activate|activate-sms|customer-phone"
        r"|confirm-change|customer|login_check|transaction|points|campaign|earningRule|level)(?:/|$))[^/]+"
    )


class SnapshotNameConverter(BaseConverter):
    """A snapshot's name: any path segment reaches the view, which says what a name may be."""


# The names a snapshot may have, as the document states them (JSON Schema's $ is the end of the text).
SNAPSHOT_NAME = snapshots.NAME.pattern.removesuffix("\\Z") + "$"


class SandboxNameConverter(BaseConverter):
    """A sandbox's name: any path segment reaches the view, which says what a name may be."""


# The names the control plane makes and deletes: any sandbox name but the default one's.
SANDBOX_NAME = f"^(?!{worlds.DEFAULT}$){worlds.NAME.pattern}$"


def add_legacy_paths(app):
    """Serve the Open Loyalty 3.x paths, which have no store segment, for the DEFAULT store.

    Each is a second rule of a 4.x endpoint, outside the OpenAPI document. The 3.x rules begin
    with reserved store codes, so they never hide a store's 4.x path.
    """
    app.url_map.redirect_defaults = False  # /api/DEFAULT/... is served, not redirected to its 3.x twin
    renamed = {store_path: path for path, store_path in LEGACY_RENAMES.items()}
    for rule in [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(STORE_PREFIX)]:
        paths = ["/api/" + rule.rule[len(STORE_PREFIX):], renamed.get(rule.rule)]
        for path in filter(None, paths):
            app.add_url_rule(
                path, endpoint=rule.endpoint, methods=rule.methods - {"HEAD", "OPTIONS"},
                defaults={"storeCode": LEGACY_STORE}, strict_slashes=rule.strict_slashes, alias=True,
            )


def register_blueprints(app):
    """Register every role's blueprint and the per-request hooks."""
    app.url_map.converters["customer"] = CustomerConverter
    api.register_converter(CustomerConverter, lambda converter: {"type": "string", "minLength": 1})
    app.url_map.converters["snapshot"] = SnapshotNameConverter
    api.register_converter(SnapshotNameConverter, lambda converter: {"type": "string", "pattern": SNAPSHOT_NAME})
    app.url_map.converters["sandbox"] = SandboxNameConverter
    api.register_converter(SandboxNameConverter, lambda converter: {"type": "string", "pattern": SANDBOX_NAME})
    for name, (converter, schema) in cockpit.CONVERTERS.items():
        app.url_map.converters[name] = converter
        api.register_converter(converter, lambda _converter, schema=schema: dict(schema))
    app.url_value_preprocessor(lambda _endpoint, _values: worlds.resolve_request_world())  # first of all
    app.url_value_preprocessor(refuse_nul)
    app.url_value_preprocessor(pull_store_code)
    if app.config["DEV_ENDPOINTS"]:
        app.before_request(request_log.start)
        app.after_request(request_log.record)
        app.before_request(faults.inject)
    app.before_request(set_request_context)
    app.before_request(response_cache.prepare)
    app.after_request(response_cache.keep)
    for module in MODULES:
        if module is dev and not app.config["DEV_ENDPOINTS"]:
            continue
        api.register_blueprint(module.bp)
    app.register_blueprint(cockpit.terms)
    api.finish_document(add_seed_examples, add_alternatives, add_form_encodings)
    add_legacy_paths(app)
