"""What the control plane reads and answers besides the outbox: the clock and the snapshots."""
from marshmallow import EXCLUDE, Schema, fields

from schemas.base import OutputSchema
from schemas.fields import Moment


class ClockSchema(OutputSchema):
    now = Moment(metadata={"description": "The moment every time-based rule uses"})
    mode = fields.String(metadata={"description": "real, frozen or shifted"})
    offsetSeconds = fields.Float(metadata={"description": "Seconds the running clock is moved by"})


class FreezeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    at = fields.String(metadata={"description": "ISO 8601 moment to stop at (default: where the clock stands)",
                                 "example": "2019-03-20T12:00:00+01:00"})


class AdvanceSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    seconds = fields.Float(metadata={"description": "Seconds to move by (negative goes back)"})
    duration = fields.String(metadata={"description": "Or a duration such as 90s, 15m, 2h, 3d, 1d12h, -1h",
                                       "example": "1d"})


class SnapshotSchema(OutputSchema):
    name = fields.String()
    createdAt = Moment()
    size = fields.Integer(metadata={"description": "Bytes"})


class SnapshotsSchema(OutputSchema):
    snapshots = fields.List(fields.Nested(SnapshotSchema))
