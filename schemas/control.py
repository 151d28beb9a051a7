"""What the control plane reads and answers besides the outbox: the clock, snapshots and faults."""
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from openloyalty_standin.schemas.base import BaseSchema, OutputSchema
from openloyalty_standin.schemas.fields import FormNumber, Moment


class ClockSchema(OutputSchema):
    now = Moment(required=True, metadata={"description": "The moment every time-based rule uses"})
    mode = fields.String(required=True, metadata={"description": "real, frozen or shifted"})
    offsetSeconds = fields.Float(required=True, metadata={"description": "Seconds the running clock is moved by"})


# The moments the document promises the clock takes: RFC 3339, between the years 1972 and 8999 (the
# clock itself takes 1971 to 9000 in UTC, and any ISO 8601 spelling Python reads).
_DAY = r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
MOMENT = (rf"^(?:19[7-9][2-9]|19[89][0-9]|[2-8][0-9]{{3}})-{_DAY}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
          r"(?:\.[0-9]{1,6})?(?:Z|[+-](?:0[0-9]|1[0-3]):[0-5][0-9])$")


class FreezeSchema(BaseSchema):
    body_required = ('send a JSON body: {} stops the clock where it stands, {"at": "2019-03-20T12:00:00+01:00"} '
                     "at that moment")

    at = fields.String(metadata={"description": "ISO 8601 moment to stop at (default: where the clock stands)",
                                 "example": "2019-03-20T12:00:00+01:00", "pattern": MOMENT})


class AdvanceSchema(BaseSchema):
    """Seconds, a duration, or both (added up)."""

    one_of_required = ("seconds", "duration")

    seconds = FormNumber(minimum=-5 * 10**8, maximum=5 * 10**8,
                         metadata={"description": "Seconds to move by (negative goes back)"})
    duration = fields.String(metadata={"description": "A duration such as 90s, 15m, 2h, 3d, 1d12h, -1h",
                                       "example": "1d", "pattern": r"^-?(?:[0-9]{1,4}d)?(?:[0-9]{1,4}h)?"
                                       r"(?:[0-9]{1,4}m)?(?:[0-9]{1,4}s)?$", "minLength": 2})


class SnapshotSchema(OutputSchema):
    name = fields.String(required=True)
    createdAt = Moment(required=True)
    size = fields.Integer(required=True, metadata={"description": "Bytes"})


class SnapshotListSchema(OutputSchema):
    snapshots = fields.List(fields.Nested(SnapshotSchema), required=True)


class FaultFields(Schema):
    """The fields of a fault, as given and as listed."""

    path = fields.String(required=True, validate=validate.Length(min=1, max=500), metadata={
        "description": "Shell-style pattern of the paths it hits, e.g. /api/*/customer/*",
        "example": "/api/*/customer"})
    method = fields.String(validate=validate.OneOf(["GET", "POST", "PUT", "DELETE"]),
                           metadata={"description": "Only this method (default: every method); "
                                                    "lower case is taken too"})
    latencyMs = FormNumber(integer=True, minimum=0, maximum=60000,
                           metadata={"description": "Milliseconds to wait before answering"})
    latencyMaxMs = FormNumber(integer=True, minimum=0, maximum=60000,
                              metadata={"description": "With latencyMs: wait a random time between the two"})
    status = FormNumber(integer=True, minimum=400, maximum=599,
                        metadata={"description": "Answer this error status instead"})
    rate = FormNumber(minimum=0, maximum=1,
                      metadata={"description": "Share of matching requests that fail (default 1)"})
    seed = FormNumber(integer=True, minimum=0, maximum=2**31,
                      metadata={"description": "Seed of the fault's random draws (default 0)"})


class FaultSchema(BaseSchema, FaultFields):
    """A fault to inject: a latency, a status, or both."""

    one_of_required = ("status", "latencyMs", "latencyMaxMs")

    @pre_load
    def _method_in_capitals(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("method"), str):
            data = {**data, "method": data["method"].upper()}
        return data

    @validates_schema
    def _something_to_do(self, data, **kwargs):
        if not any(data.get(name) is not None for name in self.one_of_required):
            raise ValidationError("give a latency, a status, or both", "status")


class ActiveFaultSchema(OutputSchema, FaultFields):
    id = fields.Integer(required=True)

    class Meta:
        ordered = True
        fields = ("id", *FaultFields._declared_fields)


class FaultListSchema(OutputSchema):
    faults = fields.List(fields.Nested(ActiveFaultSchema), required=True)


class RequestLogQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "How many, newest first (at most REQUEST_LOG_SIZE)"})
    path = fields.String(validate=validate.Length(max=500),
                         metadata={"description": "Only paths matching this pattern, e.g. /api/*/customer*"})
    method = fields.String(validate=validate.Length(max=10), metadata={"description": "Only this method"})


class RequestRecordSchema(OutputSchema):
    id = fields.Integer(required=True)
    at = fields.String(required=True, metadata={"description": "When it arrived (real time, UTC)"})
    method = fields.String(required=True)
    path = fields.String(required=True)
    query = fields.String()
    caller = fields.String(metadata={"description": "The authenticated account (kind and id), when there was one"})
    status = fields.Integer(required=True)
    durationMs = fields.Float(required=True, attribute="duration_ms")
    requestType = fields.String(attribute="request_type")
    requestBody = fields.String(attribute="request_body", metadata={"description": "The first 4 KB"})
    responseType = fields.String(attribute="response_type")
    responseBody = fields.String(attribute="response_body", metadata={"description": "The first 4 KB"})


class RequestLogSchema(OutputSchema):
    requests = fields.List(fields.Nested(RequestRecordSchema), required=True)


SOURCE = r"^(seed|empty|snapshot:[A-Za-z0-9][A-Za-z0-9_.-]{0,63}|sandbox:[a-z0-9][a-z0-9_-]{0,62})$"


class SandboxSchema(OutputSchema):
    name = fields.String(required=True, metadata={"example": "w1"})
    createdAt = Moment(required=True)
    lastUsedAt = Moment(required=True, metadata={"description": "Last request to it (to the minute)"})
    customers = fields.Integer(required=True)


class SandboxListSchema(OutputSchema):
    sandboxes = fields.List(fields.Nested(SandboxSchema), required=True)
    total = fields.Integer(required=True)


class SandboxSourceSchema(BaseSchema):
    source = fields.String(
        data_key="from", load_default="seed",
        validate=validate.Regexp(SOURCE),
        metadata={"description": "seed (default), empty (stores, no customers), snapshot:<name> (of the sandbox "
                                 "the request is in) or sandbox:<name> (a copy of another sandbox)"},
    )
