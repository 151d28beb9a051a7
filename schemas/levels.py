"""Forms of the level and POS assignment endpoints (top-level fields, not wrapped)."""
from marshmallow import EXCLUDE

from openloyalty_standin.schemas.base import BaseSchema
from openloyalty_standin.schemas.fields import Text


class AssignLevelSchema(BaseSchema):
    # Open Loyalty answers a missing id with {"levelId": "field is required"}, not a form tree.
    missing_answer = "field is required"

    class Meta:
        unknown = EXCLUDE

    levelId = Text(required=True, not_blank=True, max_length=64, metadata={"description": "Level ID"})


class AssignPosSchema(BaseSchema):
    missing_answer = "field is required"

    class Meta:
        unknown = EXCLUDE

    posId = Text(required=True, not_blank=True, max_length=64, metadata={"description": "POS ID"})
