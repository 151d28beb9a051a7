"""Small bodies shared by several endpoints."""
from marshmallow import EXCLUDE, Schema

from openloyalty_standin.schemas.fields import Text

# Bodies that are no object of fields, described as JSON Schema for the OpenAPI document.
EMPTY_LIST = {"type": "array", "items": {}, "maxItems": 0, "description": "Open Loyalty's [] answer"}
COUNTS = {
    "type": "object",
    "additionalProperties": {"type": "integer", "minimum": 0},
    "description": "Registrations per YYYY-MM-DD, YYYY-MM or YYYY",
}


def json_response(schema, status=200):
    """Keyword arguments of Blueprint.doc() describing a JSON answer by its JSON Schema."""
    return {"responses": {status: {"description": "OK", "content": {"application/json": {"schema": schema}}}}}


class PhoneCodeRequest(Schema):
    class Meta:
        unknown = EXCLUDE

    phone = Text(max_length=32, metadata={"description": "Phone of a new customer (when not logged in)"})
