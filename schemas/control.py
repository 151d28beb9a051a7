"""What the control plane reads and answers besides the outbox: the clock, snapshots and faults."""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from openloyalty_standin.schemas.base import BaseSchema, OutputSchema
from openloyalty_standin.schemas.fields import FormNumber, Moment


class ClockSchema(OutputSchema):
    now = Moment(metadata={"description": "The moment every time-based rule uses"})
    mode = fields.String(metadata={"description": "real, frozen or shifted"})
    offsetSeconds = fields.Float(metadata={"description": "Seconds the running clock is moved by"})


class FreezeSchema(BaseSchema):
    body_required = ('send a JSON body: {} stops the clock where it stands, {"at": "2019-03-20T12:00:00+01:00"} '
                     "at that moment")

    at = fields.String(metadata={"description": "ISO 8601 moment to stop at (default: where the clock stands)",
                                 "example": "2019-03-20T12:00:00+01:00"})


class AdvanceSchema(BaseSchema):
    seconds = FormNumber(minimum=-10**12, maximum=10**12,
                         metadata={"description": "Seconds to move by (negative goes back)"})
    duration = fields.String(metadata={"description": "Or a duration such as 90s, 15m, 2h, 3d, 1d12h, -1h",
                                       "example": "1d"})


class SnapshotSchema(OutputSchema):
    name = fields.String()
    createdAt = Moment()
    size = fields.Integer(metadata={"description": "Bytes"})


class SnapshotsSchema(OutputSchema):
    snapshots = fields.List(fields.Nested(SnapshotSchema))


class FaultFields(Schema):
    """The fields of a fault, as given and as listed."""

    path = fields.String(required=True, validate=validate.Length(min=1, max=500), metadata={
        "description": "Shell-style pattern of the paths it hits, e.g. /api/*/customer/*",
        "example": "/api/*/customer"})
    method = fields.String(validate=validate.OneOf(["GET", "POST", "PUT", "DELETE", "get", "post", "put", "delete"]),
                           metadata={"description": "Only this method (default: every method)"})
    latencyMs = FormNumber(integer=True, minimum=0, maximum=60000,
                           metadata={"description": "Milliseconds to wait before answering"})
    latencyMaxMs = FormNumber(integer=True, minimum=0, maximum=60000,
                              metadata={"description": "With latencyMs: wait a random time in that range"})
    status = FormNumber(integer=True, minimum=400, maximum=599,
                        metadata={"description": "Answer this error status instead"})
    rate = FormNumber(minimum=0, maximum=1,
                      metadata={"description": "Share of matching requests that fail (default 1)"})
    seed = FormNumber(integer=True, minimum=0, maximum=2**31,
                      metadata={"description": "Seed of the fault's random draws (default 0)"})


class FaultSchema(BaseSchema, FaultFields):
    """A fault to inject; at least a latency or a status."""

    @validates_schema
    def _something_to_do(self, data, **kwargs):
        if not data.get("status") and not data.get("latencyMs") and not data.get("latencyMaxMs"):
            raise ValidationError("give a latency, a status, or both", "status")
        if data.get("latencyMaxMs") is not None and data["latencyMaxMs"] < data.get("latencyMs", 0):
            raise ValidationError("latencyMaxMs is below latencyMs", "latencyMaxMs")


class ActiveFaultSchema(OutputSchema, FaultFields):
    id = fields.Integer()

    class Meta:
        ordered = True
        fields = ("id", *FaultFields._declared_fields)


class FaultsSchema(OutputSchema):
    faults = fields.List(fields.Nested(ActiveFaultSchema))


class RequestLogQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "How many, newest first (at most REQUEST_LOG_SIZE)"})
    path = fields.String(validate=validate.Length(max=500),
                         metadata={"description": "Only paths matching this pattern, e.g. /api/*/customer*"})
    method = fields.String(validate=validate.Length(max=10), metadata={"description": "Only this method"})


class RequestRecordSchema(OutputSchema):
    id = fields.Integer()
    at = fields.String(metadata={"description": "When it arrived (real time, UTC)"})
    method = fields.String()
    path = fields.String()
    query = fields.String()
    caller = fields.String(metadata={"description": "The authenticated account (kind and id), when there was one"})
    status = fields.Integer()
    durationMs = fields.Float(attribute="duration_ms")
    requestType = fields.String(attribute="request_type")
    requestBody = fields.String(attribute="request_body", metadata={"description": "The first 4 KB"})
    responseType = fields.String(attribute="response_type")
    responseBody = fields.String(attribute="response_body", metadata={"description": "The first 4 KB"})


class RequestLogSchema(OutputSchema):
    requests = fields.List(fields.Nested(RequestRecordSchema))
