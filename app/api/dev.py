"""The test control plane under /_dev (off with DEV_ENDPOINTS=0)."""
from flask import g, jsonify

from openloyalty_standin.app import clock
from openloyalty_standin.app.openapi import bad_request
from openloyalty_standin.app.services import (
    clock_control,
    faults,
    outbox,
    request_log,
    sandboxes,
    snapshots,
    state,
    stores,
    world_export,
)
from openloyalty_standin.app.wire import Blueprint, decode_body, empty
from openloyalty_standin.schemas.common import json_response
from openloyalty_standin.schemas.control import (
    ActiveFaultSchema,
    AdvanceSchema,
    ClockSchema,
    FaultListSchema,
    FaultSchema,
    FreezeSchema,
    RequestLogQuery,
    RequestLogSchema,
    SandboxListSchema,
    SandboxSchema,
    SandboxSourceSchema,
    SnapshotListSchema,
    SnapshotSchema,
)
from openloyalty_standin.schemas.errors import ErrorEnvelopeSchema, InvalidJsonSchema
from openloyalty_standin.schemas.outbox import OutboxMessageSchema, OutboxQuery, OutboxSchema, StoreSettingsSchema

bp = Blueprint("dev", __name__, url_prefix="/_dev", description="Test control plane")


@bp.route("/reset", methods=["POST"])
@bp.response(204)
def reset_to_seed():
    """Restore the seed data."""
    state.reset()
    return empty(204)


@bp.route("/export", methods=["GET"])
@bp.doc(**json_response(world_export.document_schema()))
def export_world():
    """The whole world of this sandbox as one JSON document (it names no sandbox)."""
    return jsonify(world_export.export_world())


@bp.route("/import", methods=["PUT"])
@bad_request(InvalidJsonSchema, ErrorEnvelopeSchema)  # no JSON object; the first bad field of the document
@bp.doc(requestBody={"required": True, "content": {"application/json": {"schema": world_export.document_schema()}}},
        **json_response({"type": "object", "properties": {"tables": {"type": "object", "additionalProperties": {
            "type": "integer"}}}, "required": ["tables"], "description": "Rows imported per table"}))
def import_world():
    """Replace this sandbox's whole world with an exported document; a bad one changes nothing."""
    return jsonify(world_export.import_world(decode_body()))


@bp.route("/sandboxes", methods=["GET"])
@bp.response(200, SandboxListSchema)
def list_sandboxes():
    """The sandboxes of this server (the default one is not listed)."""
    return sandboxes.listing()


@bp.route("/sandboxes/<sandbox:name>", methods=["PUT"])
@bp.arguments(SandboxSourceSchema, required=False)
@bp.response(200, SandboxSchema)
def put_sandbox(body, name):
    """Make a sandbox, or reset it, from the seed, empty, a snapshot or another sandbox."""
    return sandboxes.put(name=name, source=body["source"])


@bp.route("/sandboxes/<sandbox:name>", methods=["DELETE"])
@bp.response(204)
def delete_sandbox(name):
    """Delete a sandbox and all it holds."""
    sandboxes.remove(name=name)
    return empty(204)


@bp.route("/outbox", methods=["GET"])
@bp.arguments(OutboxQuery, location="query")
@bp.response(200, OutboxSchema)
def list_outbox(query):
    """List the SMS and e-mails the platform would have sent, newest first."""
    return outbox.list_messages(to=query.get("to"), kind=query.get("kind"))


@bp.route("/outbox/latest", methods=["GET"])
@bp.arguments(OutboxQuery, location="query")
@bp.response(200, OutboxMessageSchema)
def latest_message(query):
    """The newest message, to a recipient or of a kind when asked: its code or link ready to use."""
    return outbox.latest_message(to=query.get("to"), kind=query.get("kind"))


@bp.route("/outbox", methods=["DELETE"])
@bp.response(204)
def clear_outbox():
    """Forget the sent messages."""
    outbox.clear_messages()
    return empty(204)


@bp.route("/stores/<storeCode>/settings", methods=["PUT"])
@bp.arguments(StoreSettingsSchema)
@bp.response(200, StoreSettingsSchema)
def set_store_settings(body):
    """Set a store's account activation method (email or sms)."""
    return stores.set_activation_method(store=g.store, method=body["activationMethod"])


@bp.route("/clock", methods=["GET"])
@bp.response(200, ClockSchema)
def read_clock():
    """The clock every time-based rule follows: token expiry, SMS codes, points, statistics."""
    return clock.state()


@bp.route("/clock/freeze", methods=["POST"])
@bp.arguments(FreezeSchema)
@bp.response(200, ClockSchema)
def freeze_clock(body):
    """Stop the clock at a moment, or where it stands."""
    return clock_control.freeze(body.get("at"))


@bp.route("/clock/advance", methods=["POST"])
@bp.arguments(AdvanceSchema)
@bp.response(200, ClockSchema)
def advance_clock(body):
    """Move the clock, frozen or running, by seconds or by a duration (90s, 15m, 2h, 3d)."""
    return clock_control.advance(seconds=body.get("seconds"), duration=body.get("duration"))


@bp.route("/clock", methods=["DELETE"])
@bp.response(200, ClockSchema)
def release_clock():
    """Return to real time (or to the clock the configuration sets)."""
    clock.release()
    return clock.state()


@bp.route("/snapshots", methods=["GET"])
@bp.response(200, SnapshotListSchema)
def list_snapshots():
    """The named snapshots of the database."""
    return snapshots.listing()


@bp.route("/snapshots/<snapshot:name>", methods=["POST"])
@bp.response(201, SnapshotSchema)
def take_snapshot(name):
    """Copy the whole database under a name (a snapshot of that name is replaced)."""
    return snapshots.take(name)


@bp.route("/snapshots/<snapshot:name>/restore", methods=["POST"])
@bp.response(200, SnapshotSchema)
def restore_snapshot(name):
    """Put a snapshot back as the database."""
    return snapshots.restore(name)


@bp.route("/snapshots/<snapshot:name>", methods=["DELETE"])
@bp.response(204)
def delete_snapshot(name):
    """Forget a snapshot."""
    snapshots.delete(name)
    return empty(204)


@bp.route("/faults", methods=["GET"])
@bp.response(200, FaultListSchema)
def list_faults():
    """The injected faults."""
    return faults.listing()


@bp.route("/faults", methods=["POST"])
@bp.arguments(FaultSchema)
@bp.response(201, ActiveFaultSchema)
def add_fault(body):
    """Inject latency or errors (or both) on the matching paths and method, from the next request on."""
    return faults.add(body)


@bp.route("/faults", methods=["DELETE"])
@bp.response(204)
def clear_faults():
    """Remove every fault."""
    faults.clear()
    return empty(204)


@bp.route("/faults/<int:fault_id>", methods=["DELETE"])
@bp.response(204)
def delete_fault(fault_id):
    """Remove one fault."""
    faults.delete(fault_id)
    return empty(204)


@bp.route("/requests", methods=["GET"])
@bp.arguments(RequestLogQuery, location="query")
@bp.response(200, RequestLogSchema)
def list_requests(query):
    """The last requests and their answers, newest first, for debugging a frontend."""
    return request_log.listing(limit=query["limit"], path=query.get("path"), method=query.get("method"))


@bp.route("/requests", methods=["DELETE"])
@bp.response(204)
def clear_requests():
    """Forget the logged requests."""
    request_log.clear()
    return empty(204)
