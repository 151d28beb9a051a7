"""Query of the registration statistics."""
from marshmallow import EXCLUDE, ValidationError, validates

from schemas.base import BaseSchema
from schemas.fields import NOT_VALID, Choice, Decimal


class RegistrationsQuery(BaseSchema):
    class Meta:
        unknown = EXCLUDE

    interval = Choice(("day", "month", "year"), empty="day", load_default="day",
                      metadata={"description": "Group by day, month or year"})
    lastDays = Decimal(integer=True, load_default=30, metadata={"description": "Days before today, 30 by default"})

    @validates("lastDays")
    def within_range(self, value, **kwargs):
        if value is not None and not 1 <= value <= 36600:
            raise ValidationError(NOT_VALID)
