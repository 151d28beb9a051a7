"""Query of the registration statistics."""
from marshmallow import EXCLUDE

from openloyalty_standin.schemas.base import BaseSchema
from openloyalty_standin.schemas.fields import Choice, Decimal


class RegistrationsQuery(BaseSchema):
    class Meta:
        unknown = EXCLUDE

    interval = Choice(("day", "month", "year"), empty="day", load_default="day",
                      metadata={"description": "Group by day, month or year"})
    lastDays = Decimal(
        integer=True, minimum=1, maximum=36600, load_default=30,
        metadata={"description": "Days before today, 30 by default"},
    )
