"""Pushy tokens: the add form and the list."""
from marshmallow import fields

from openloyalty_standin.schemas.base import BaseSchema, OutputSchema, WrapperSchema
from openloyalty_standin.schemas.fields import Text


class PushyTokenSchema(BaseSchema):
    pushyToken = Text(required=True, not_blank=True, metadata={"description": "Customer's Pushy token"})


class AddPushyTokenRequest(WrapperSchema):
    form_root = "customer"
    customer = fields.Nested(PushyTokenSchema, required=True)


class PushyTokensSchema(OutputSchema):
    tokens = fields.List(fields.String(), required=True)
