"""The POS customer search form: search[loyaltyCardNumber], search[phone], ..."""
import re

from marshmallow import ValidationError, fields, validates

from openloyalty_standin.schemas.base import BaseSchema, WrapperSchema
from openloyalty_standin.schemas.fields import Text

_PHONE = re.compile(r"^\+?[0-9]+$")


class CustomerSearchSchema(BaseSchema):
    loyaltyCardNumber = Text(metadata={"description": "Loyalty card number"})
    phone = Text(metadata={"description": "A phone number"})
    email = Text(metadata={"description": "Email address"})
    firstName = Text(metadata={"description": "First name"})
    lastName = Text(metadata={"description": "Last name"})
    city = Text(metadata={"description": "City name"})
    postcode = Text(metadata={"description": "Post code"})

    @validates("phone")
    def numeric_phone(self, value, **kwargs):
        if value is not None and not _PHONE.match(value):
            raise ValidationError("Incorrect phone number format, use +00000000000")


class CustomerSearchRequest(WrapperSchema):
    form_root = "search"
    search = fields.Nested(CustomerSearchSchema, load_default=dict)
