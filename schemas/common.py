"""Small bodies shared by several endpoints."""
from marshmallow import EXCLUDE, Schema

from schemas.fields import Text


class EmptyListSchema(Schema):
    """Open Loyalty's `[]` answer."""

    def dump(self, obj, **kwargs):
        return []


class RegistrationsSchema(Schema):
    """{"YYYY-MM-DD" | "YYYY-MM" | "YYYY": count}."""

    def dump(self, obj, **kwargs):
        return dict(obj)


class PhoneCodeRequest(Schema):
    class Meta:
        unknown = EXCLUDE

    phone = Text(max_length=32, metadata={"description": "Phone of a new customer (when not logged in)"})
