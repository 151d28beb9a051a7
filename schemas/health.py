"""What GET /health answers."""
from marshmallow import fields, validate

from openloyalty_standin.schemas.base import OutputSchema


class HealthSchema(OutputSchema):
    status = fields.String(required=True, validate=validate.OneOf(["ok", "unavailable"]),
                           metadata={"description": "ok, or unavailable when the database cannot be read"})
    version = fields.String(required=True, metadata={"description": "The stand-in's version", "example": "0.1.0"})
    database = fields.String(required=True, metadata={"description": "ok, or why the database cannot be read"})
    sandboxes = fields.Integer(required=True, metadata={"description": "How many sandboxes the server holds"})
