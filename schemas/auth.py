"""Login and token refresh: what login_check and token/refresh take and give."""
from marshmallow import EXCLUDE, Schema, fields

from openloyalty_standin.schemas.base import OutputSchema


class LoginSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    _username = fields.Raw(data_key="_username", allow_none=True, metadata={
        "type": "string", "description": "Username, e-mail, card number or phone"})
    _password = fields.Raw(data_key="_password", allow_none=True,
                           metadata={"type": "string", "description": "Password"})
    storeCode = fields.Raw(allow_none=True, metadata={
        "type": "string", "description": "Store of a customer login; DEFAULT when absent"})


class RefreshSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    refresh_token = fields.Raw(
        allow_none=True, metadata={"type": "string", "description": "The refresh token of a login"}
    )


class TokenSchema(OutputSchema):
    token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    error = fields.String(metadata={"description": "\"password change needed\" for a temporary password"})
