"""Named snapshots of the whole database, taken and restored with SQLite's backup API."""
import os
import re
import sqlite3
from contextlib import closing
from datetime import datetime, timezone

from flask import current_app

from openloyalty_standin.app import worlds
from openloyalty_standin.app.errors import BadRequest, NotFound
from openloyalty_standin.app.extensions import db

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")
SUFFIX = ".db"


def _folder():
    return os.path.join(worlds.current().folder, "snapshots")


def path_of(name):
    if not NAME.match(name):
        message = "A snapshot name is 1-64 letters, digits, '_', '-' or '.'"
        raise BadRequest(message)
    return os.path.join(_folder(), name + SUFFIX)


def _live():
    """A driver connection to the world's own database file, outside any ORM transaction."""
    db.session.rollback()
    database = worlds.current().engine.url.database
    return sqlite3.connect(database, timeout=current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)


def _describe(name, path):
    stat = os.stat(path)
    return {"name": name, "createdAt": datetime.fromtimestamp(stat.st_mtime, timezone.utc), "size": stat.st_size}


def take(name):
    """Copy the database into the snapshot `name`, replacing one of that name."""
    path = path_of(name)
    os.makedirs(_folder(), exist_ok=True)
    partial = f"{path}.{os.getpid()}.partial"
    with closing(_live()) as source, closing(sqlite3.connect(partial)) as target:
        source.backup(target)
    os.replace(partial, path)
    return _describe(name, path)


def restore(name):
    """Put the snapshot `name` back as the database; every worker reads it from its next request."""
    path = path_of(name)
    if not os.path.exists(path):
        raise NotFound()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source, closing(_live()) as target:
        source.backup(target)
    return _describe(name, path)


def listing():
    """The snapshots, oldest first."""
    if not os.path.isdir(_folder()):
        return {"snapshots": []}
    found = [
        _describe(entry.name[: -len(SUFFIX)], entry.path)
        for entry in os.scandir(_folder())
        if entry.name.endswith(SUFFIX) and NAME.match(entry.name[: -len(SUFFIX)])
    ]
    return {"snapshots": sorted(found, key=lambda snapshot: (snapshot["createdAt"], snapshot["name"]))}


def delete(name):
    """Forget the snapshot `name`."""
    path = path_of(name)
    if not os.path.exists(path):
        raise NotFound()
    os.remove(path)
