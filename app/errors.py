"""Exceptions of the API and the one registry that renders every error."""
from flask import g, has_request_context, jsonify
from marshmallow import fields
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from openloyalty_standin.app import engines
from openloyalty_standin.schemas import context
from openloyalty_standin.schemas.fields import EXTRA_FIELDS, NOT_BLANK, NOT_VALID  # noqa: E402

# marshmallow's generic messages, said the way Symfony forms say them
SYMFONY_MESSAGES = {
    "Missing data for required field.": NOT_BLANK,
    "Field may not be null.": NOT_BLANK,
    "Unknown field.": EXTRA_FIELDS,
    "Invalid input type.": NOT_VALID,
    "Not a valid list.": NOT_VALID,
    "Not a valid string.": NOT_VALID,
    "Not a valid integer.": NOT_VALID,
    "Not a valid number.": NOT_VALID,
    "Not a valid boolean.": NOT_VALID,
    "Not a valid mapping type.": NOT_VALID,
}


class ApiError(Exception):
    """An error answered with Open Loyalty's envelope {"error": {"code", "message"}}.

    `hint` is one English sentence added under a top-level "hint" key where the body alone does
    not tell the cause (a difference from Open Loyalty, listed in the README).
    """

    code = 500
    description = "Internal Server Error"
    headers = {}

    def __init__(self, message=None, *, code=None, hint=None):
        super().__init__(message or self.description)
        self.message = message or self.description
        self.code = code or self.code
        self.hint = hint

    def body(self):
        return {"error": {"code": self.code, "message": self.message}}


class BadRequest(ApiError):
    code = 400
    description = "Bad Request"


class Forbidden(ApiError):
    code = 403
    description = "Forbidden"


class NotFound(ApiError):
    code = 404
    description = "Not Found"


class Unavailable(ApiError):
    code = 503
    description = "Service Unavailable"


class InvalidJson(ApiError):
    """FOSRest's body listener on a body it cannot decode: {"code": 400, "message": ...}."""

    code = 400
    description = "Invalid json message received"

    def body(self):
        return {"code": self.code, "message": self.message}


class Unauthorized(ApiError):
    """The JWT firewall's answer: {"code": 401, "message": ...}."""

    code = 401
    description = "Invalid JWT Token"
    headers = {"WWW-Authenticate": "Bearer"}

    def body(self):
        return {"code": 401, "message": self.message}


class PlainError(ApiError):
    """An error whose body Open Loyalty writes by hand, e.g. {"message": "..."}."""

    def __init__(self, code, body, *, hint=None):
        super().__init__(str(body), code=code, hint=hint)
        self._body = body

    def body(self):
        return self._body


class FormError(ApiError):
    """A Symfony form error: the whole form tree, every field present."""

    code = 400

    def __init__(self, schema, messages=None, root=None, *, hint=None):
        super().__init__(str(messages), hint=hint)
        self.schema = schema
        self.messages = messages or {}
        self.root = list(root or [])

    def body(self):
        tree, root = form_tree(self.schema, self.messages, self.root)
        return {"form": tree, "errors": root}


def _translate(messages):
    if isinstance(messages, dict):  # a list field's per-item messages
        messages = [m for item in messages.values() for m in _translate(item)]
    return [SYMFONY_MESSAGES.get(m, m) if isinstance(m, str) else NOT_VALID for m in messages]


def _child(field, messages):
    if isinstance(field, fields.Nested) and not field.many:
        nested = messages if isinstance(messages, dict) else {}
        extra = _translate(messages) if isinstance(messages, list) else []
        tree, _ = form_tree(field.schema, nested, extra)
        return tree
    return {"errors": _translate(messages)} if messages else {}


def form_tree(schema, messages, root=()):
    """Walk `schema` and return (form tree, root errors) in Symfony's shape."""
    root = _translate(root) if root else []
    if not isinstance(messages, dict):
        root += _translate(messages or [])
        messages = {}
    known = {field.data_key or name for name, field in schema.fields.items()}
    root += _translate(messages.get("_schema", []))
    if any(key not in known and key != "_schema" for key in messages):
        root.append(EXTRA_FIELDS)
    root = list(dict.fromkeys(root))
    children = {}
    for name, field in schema.fields.items():
        key = field.data_key or name
        if field.dump_only or (field.metadata.get("form_hidden") and key not in messages):
            continue
        if context.caller_kind.get() in field.metadata.get("not_for", ()):
            continue
        children[key] = _child(field, messages.get(key))
    tree = {"errors": root, "children": children} if root else {"children": children}
    return tree, root


def _respond(error):
    body = error.body()
    hint = error.hint
    if hint is None and 400 <= error.code < 500 and has_request_context():
        hint = g.get("input_hint")  # what the request's decoding noticed (app.wire)
    if hint and isinstance(body, dict):
        body = {**body, "hint": hint}
    response = jsonify(body)
    response.status_code = error.code
    response.headers.update(error.headers)
    return response


def _http_error(exc):
    response = _respond(ApiError(exc.name, code=exc.code))
    if exc.code == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _database_error(exc):
    """A busy database is a 503 to retry; one whose tables were never made says how to make them."""
    engine = engines.of_error(exc.orig)
    if engine.is_missing_table(exc.orig):
        return _respond(Unavailable(hint="The database is not prepared: run flask --app wsgi seed."))
    if not engine.is_busy(exc.orig):
        raise exc
    return _respond(Unavailable())


def register_error_handlers(app):
    """Render every error of the app, routing and HTTP errors included, as JSON."""
    app.register_error_handler(ApiError, _respond)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_error)
