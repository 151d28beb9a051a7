"""The error bodies the API answers with: documented in the OpenAPI document."""
from marshmallow import Schema, fields


class ErrorBodySchema(Schema):
    code = fields.Integer(required=True)
    message = fields.String(required=True)


class ErrorEnvelopeSchema(Schema):
    """{"error": {"code": 404, "message": "Not Found"}}: 403, 404, 405, 413, 500 and malformed bodies."""

    error = fields.Nested(ErrorBodySchema, required=True)


class UnauthorizedSchema(Schema):
    """The JWT firewall's 401: "Invalid credentials" (no token) or "Invalid JWT Token"."""

    code = fields.Integer(required=True)
    message = fields.String(required=True)


class MessageSchema(Schema):
    """{"message": "..."}: failed login, inactive seller, wrong API key."""

    message = fields.String(required=True)


class FormNodeSchema(Schema):
    """One field of a Symfony form error tree; compound fields have children."""

    errors = fields.List(fields.String())
    children = fields.Dict(keys=fields.String(), values=fields.Nested(lambda: FormNodeSchema()))


class FormErrorSchema(Schema):
    """A Symfony form error: every field of the form under form.children."""

    form = fields.Nested(FormNodeSchema, required=True)
    errors = fields.List(fields.String(), required=True)
