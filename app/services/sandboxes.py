"""Managing the sandboxes of the server from the control plane: list, make or reset, delete."""
from datetime import datetime, timezone

from sqlalchemy import delete, func, select
from sqlalchemy.exc import DBAPIError

from openloyalty_standin.app import clock, derived, engines, worlds
from openloyalty_standin.app.errors import BadRequest, NotFound
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, Message
from openloyalty_standin.app.services import faults, request_log, snapshots

SOURCES = "seed, empty, snapshot:<name> or sandbox:<name>"


def _moment(timestamp):
    return datetime.fromtimestamp(timestamp, timezone.utc)


def _customers(registry, name):
    world = registry.get(name, make=False, use=False)  # a look from outside: no sandbox made or kept alive
    with world.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Customer.__table__))


def _described(registry, name):
    return {"name": name, "createdAt": _moment(registry.created(name)),
            "lastUsedAt": _moment(registry.last_used(name)), "customers": _customers(registry, name)}


def listing():
    """The sandboxes; one deleted by another request while listed is left out."""
    registry = worlds.worlds()
    found = []
    for name in registry.names():
        try:
            found.append(_described(registry, name))
        except (LookupError, FileNotFoundError):
            continue
        except DBAPIError as error:  # its tables dropped while they were read
            if not engines.of_error(error.orig).is_gone(error.orig):
                raise
    return {"sandboxes": found, "total": len(found)}


def _checked(name):
    if not worlds.NAME.fullmatch(name):
        raise BadRequest(f"{name[:80]!r} is no sandbox name: 1-63 of a-z, 0-9, '_' and '-'")
    if name == worlds.DEFAULT:
        raise BadRequest("The default sandbox is the server's own world: use POST /_dev/reset there")
    return name


def _source(registry, source):
    """What a sandbox is made from, for a `from` value (None: the seeded template)."""
    kind, _, value = source.partition(":")
    if source in ("seed", "empty"):
        return None
    if kind == "snapshot" and value:
        found = snapshots.source(value)
        if found is None:
            raise NotFound(hint=f"no snapshot {value!r} in this sandbox")
        return found
    if kind == "sandbox" and value:
        if not registry.exists(value):
            raise NotFound(hint=f"no sandbox {value!r}")
        return registry.source(value)
    raise BadRequest(f"from must be {SOURCES}")


def put(*, name, source):
    """Make sandbox `name`, or reset it, from `source`; it starts with the real clock, no faults
    and an empty request log (its snapshots are kept)."""
    registry = worlds.worlds()
    _checked(name)
    found = _source(registry, source)
    db.session.rollback()
    registry.replace(name, found)
    with worlds.chosen(name):
        clock.release()
        faults.clear()
        request_log.clear()
        if source == "empty":
            db.session.execute(delete(Message))
            db.session.execute(delete(Customer))
            derived.rebuild()
            db.session.commit()
    return _described(registry, name)


def remove(*, name):
    registry = worlds.worlds()
    _checked(name)
    if not registry.exists(name):
        raise NotFound(hint=f"no sandbox {name!r}")
    db.session.rollback()
    registry.delete(name)
