"""Named snapshots of a whole world, taken and restored by its engine's store: database files
copied with SQLite's backup API, or schemas of a PostgreSQL database."""
import re

from flask import current_app

from openloyalty_standin.app import worlds
from openloyalty_standin.app.errors import BadRequest, NotFound
from openloyalty_standin.app.extensions import db

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")


def _checked(name):
    if not NAME.match(name):
        raise BadRequest("A snapshot name is 1-64 letters, digits, '_', '-' or '.'")
    return name


def _store():
    db.session.rollback()  # a copy reads and writes outside the request's own transaction
    return worlds.worlds(current_app).store


def source(name):
    """What a copy of the current world's snapshot `name` is made from, or None when there is none."""
    return _store().snapshot_source(worlds.current(), _checked(name))


def take(name):
    """Copy the world into the snapshot `name`, replacing one of that name."""
    return _store().take_snapshot(worlds.current(), _checked(name))


def restore(name):
    """Put the snapshot `name` back as the world; every worker reads it from its next request."""
    restored = _store().restore_snapshot(worlds.current(), _checked(name))
    if restored is None:
        raise NotFound()
    return restored


def listing():
    """The snapshots, oldest first."""
    found = _store().snapshots(worlds.current(), NAME.match)
    return {"snapshots": sorted(found, key=lambda snapshot: (snapshot["createdAt"], snapshot["name"]))}


def delete(name):
    """Forget the snapshot `name`."""
    if not _store().delete_snapshot(worlds.current(), _checked(name)):
        raise NotFound()


def clear():
    """Forget every snapshot of the current world."""
    store = _store()
    for snapshot in store.snapshots(worlds.current(), NAME.match):
        store.delete_snapshot(worlds.current(), snapshot["name"])
