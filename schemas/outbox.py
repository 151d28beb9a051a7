"""The outbox as the control plane shows it."""
from marshmallow import EXCLUDE, Schema, fields, validate

from openloyalty_standin.schemas.base import BaseSchema, OutputSchema
from openloyalty_standin.schemas.fields import Moment


class OutboxMessageSchema(OutputSchema):
    id = fields.Integer(required=True)
    createdAt = Moment(required=True, attribute="created_at")
    channel = fields.String(required=True, metadata={"description": "sms or email"})
    kind = fields.String(
        required=True,
        metadata={"description": "activation_link, activation_code, phone_change_code, temporary_password"},
    )
    to = fields.String(required=True, attribute="recipient")
    subject = fields.String()
    body = fields.String(required=True)
    storeCode = fields.String(attribute="store_code")
    customerId = fields.String(attribute="customer_id")
    code = fields.String(metadata={"description": "The SMS code or temporary password the message carries"})
    link = fields.String(metadata={"description": "The link the message carries (FRONTEND_CUSTOMER_PANEL_URL ...)"})
    token = fields.String(metadata={"description": "The token at the end of the link, e.g. for customer/activate"})


class OutboxSchema(OutputSchema):
    messages = fields.List(fields.Nested(OutboxMessageSchema), required=True)


class OutboxQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    to = fields.String(metadata={"description": "Only messages to this recipient"})
    kind = fields.String(metadata={"description": "Only messages of this kind"})


ACTIVATION_METHODS = ("email", "sms")


class StoreSettingsSchema(BaseSchema):
    activationMethod = fields.String(required=True, validate=validate.OneOf(ACTIVATION_METHODS))
