"""Injected faults: latency and errors on the paths and methods a test names, so a frontend can
be tried against a slow or failing backend. Kept in the world's database for every worker; each
fault draws from its own generator, seeded, so a run of requests fails the same way each time
(per worker: under a server with several workers each worker has its own sequence)."""
import random
import time
import uuid
from fnmatch import fnmatchcase

from flask import request
from sqlalchemy.exc import SQLAlchemyError

from openloyalty_standin.app import world_settings
from openloyalty_standin.app.errors import ApiError, NotFound
from openloyalty_standin.app.extensions import db

SETTING = "faults"
UNTOUCHED = ("/_dev", "/api/doc")  # the control plane and the document never fail
_generators = {}


class InjectedFault(ApiError):
    """The error a fault answers with, in Open Loyalty's envelope."""

    def __init__(self, status):
        super().__init__("Injected fault", code=status)


def listing():
    """The active faults, in the order they were added."""
    return {"faults": world_settings.read(SETTING, [])}


def add(fault):
    """Add a fault: {path, method?, latencyMs?, latencyMaxMs?, status?, rate?, seed?}."""
    faults = world_settings.read(SETTING, [], fresh=True)
    fault = {"id": max((f["id"] for f in faults), default=0) + 1, "draws": uuid.uuid4().hex, "method": None,
             "latencyMs": 0,
             "latencyMaxMs": None, "status": None, "rate": 1.0, "seed": 0, **fault}
    world_settings.write(SETTING, [*faults, fault])
    return fault


def delete(fault_id):
    """Remove one fault; 404 when there is no such fault."""
    faults = world_settings.read(SETTING, [], fresh=True)
    kept = [fault for fault in faults if fault["id"] != fault_id]
    if len(kept) == len(faults):
        raise NotFound()
    world_settings.write(SETTING, kept)


def clear():
    """Remove every fault."""
    world_settings.remove(SETTING)


def _generator(fault):
    """The fault's own random draws: a fault added again starts its seeded sequence again."""
    if fault["draws"] not in _generators:
        _generators[fault["draws"]] = random.Random(f"{fault['seed']}:{fault['id']}")
    return _generators[fault["draws"]]


def inject():
    """Before a request: wait and fail as the matching faults say."""
    if request.path.startswith(UNTOUCHED):
        return
    try:
        active = world_settings.read(SETTING, [])
    except SQLAlchemyError:  # a database that cannot be read: the request says so itself
        db.session.rollback()
        return
    if active:
        db.session.rollback()  # the read holds no lock while a fault makes the request wait
    for fault in active:
        if fault["method"] not in (None, request.method) or not fnmatchcase(request.path, fault["path"]):
            continue
        draw = _generator(fault).random
        if fault["latencyMs"] or fault["latencyMaxMs"]:
            given = [fault["latencyMs"], fault["latencyMaxMs"]]
            low, high = sorted(given if given[1] is not None else given[:1] * 2)
            time.sleep((low + (high - low) * draw()) / 1000)
        if fault["status"] and draw() < fault["rate"]:
            raise InjectedFault(fault["status"])
