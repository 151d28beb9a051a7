"""Forms of the level and POS assignment endpoints (top-level fields, not wrapped)."""
from marshmallow import EXCLUDE

from schemas.base import BaseSchema
from schemas.fields import Text


class AssignLevelSchema(BaseSchema):
    class Meta:
        unknown = EXCLUDE

    levelId = Text(max_length=64, metadata={"description": "Level ID"})


class AssignPosSchema(BaseSchema):
    class Meta:
        unknown = EXCLUDE

    posId = Text(max_length=64, metadata={"description": "POS ID"})
