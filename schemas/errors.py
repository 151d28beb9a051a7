"""The error bodies the API answers with: documented in the OpenAPI document."""
from marshmallow import fields

from openloyalty_standin.schemas.base import OutputSchema

HINT = "One English sentence on the cause, where the body alone does not tell it (not in Open Loyalty)"


class HintedSchema(OutputSchema):
    """An error body, with the stand-in's optional hint."""

    hint = fields.String(metadata={"description": HINT})


class ErrorBodySchema(OutputSchema):
    code = fields.Integer(required=True)
    message = fields.String(required=True)


class ErrorEnvelopeSchema(HintedSchema):
    """{"error": {"code": 404, "message": "Not Found"}}: 403, 404, 405, 413, 500 and malformed bodies."""

    error = fields.Nested(ErrorBodySchema, required=True)


class UnauthorizedSchema(HintedSchema):
    """The JWT firewall's 401: "Invalid credentials" (no token) or "Invalid JWT Token"."""

    code = fields.Integer(required=True)
    message = fields.String(required=True)


class MessageSchema(HintedSchema):
    """{"message": "..."}: failed login, inactive seller, wrong API key."""

    message = fields.String(required=True)


class FormNodeSchema(OutputSchema):
    """One field of a Symfony form error tree; compound fields have children."""

    errors = fields.List(fields.String())
    children = fields.Dict(keys=fields.String(), values=fields.Nested(lambda: FormNodeSchema()))


class FormErrorSchema(HintedSchema):
    """A Symfony form error: every field of the form under form.children."""

    form = fields.Nested(FormNodeSchema, required=True)
    errors = fields.List(fields.String(), required=True)


class InvalidJsonSchema(HintedSchema):
    """FOSRest's answer to a body that is not a JSON object: "Invalid json message received"."""

    code = fields.Integer(required=True)
    message = fields.String(required=True)


class ErrorTextSchema(HintedSchema):
    """{"error": "..."}: a refusal Open Loyalty words by hand, e.g. removing a level never assigned."""

    error = fields.String(required=True)


_MISSING = {}


def missing_answer_schema(schema):
    """The body a schema with `missing_answer` gives for a missing field, e.g. {"levelId": "field is required"}.

    One named schema per form: a client narrows on the field's name.
    """
    answer = getattr(schema, "missing_answer", None)
    if answer is None:
        return None
    schema = schema() if isinstance(schema, type) else schema
    names = [field.data_key or name for name, field in schema.fields.items() if field.required]
    key = "".join(name[:1].upper() + name[1:] for name in names) + "Required"
    if key not in _MISSING:
        # The answer names the first missing field: with one required field, that one.
        declared = {name: fields.String(required=len(names) == 1, metadata={"enum": [answer]}) for name in names}
        _MISSING[key] = HintedSchema.from_dict(declared, name=key + "Schema")
    return _MISSING[key]
