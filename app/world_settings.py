"""A world's run-time settings (the clock, the faults), kept in its own database, so that every
worker, and every server on that database, follows the same ones. A request reads them once,
together; a write is committed at once."""
import json
import os

from flask import g, has_request_context
from sqlalchemy import delete, insert, select

from openloyalty_standin.app import cache, worlds
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import WorldSetting

FILES = {"clock": "clock.json", "faults": "faults.json"}  # where versions before 0002 kept them
LOADED = object()  # marks a request's settings as read
KEPT = ("world settings",)  # where app/cache.py keeps them all, as {name: value or None}


def _cached():
    """This request's settings read so far, per world, or None outside a request."""
    if not has_request_context():
        return None
    return g.setdefault("world_settings", {}).setdefault(worlds.current().name, {})


def read(name, default, fresh=False):
    """The value of the setting `name`, or `default` when it is not set; `fresh` reads it again,
    for a change of it (the write request's transaction then holds it until the write)."""
    cached = _cached()
    if cached is not None and not fresh and name in FILES:
        if LOADED not in cached:  # a request's first read reads every run-time setting, kept until they change
            cached.update(cache.remembered(KEPT, _run_time_settings))
            cached[LOADED] = True
        return default if cached[name] is None else cached[name]
    row = db.session.get(WorldSetting, name)
    return default if row is None else row.value


def _run_time_settings():
    """Every run-time setting, in one query: None for one not set."""
    found = select(WorldSetting.name, WorldSetting.value).where(WorldSetting.name.in_(FILES))
    return {**dict.fromkeys(FILES), **dict(db.session.execute(found).all())}


def write(name, value):
    """Set `name` to `value` (JSON) and commit."""
    row = db.session.get(WorldSetting, name)
    if row is None:
        db.session.add(WorldSetting(name=name, value=value))
    else:
        row.value = value
    db.session.commit()
    cached = _cached()
    if cached is not None:
        cached[name] = value


def remove(name):
    """Unset `name` and commit."""
    db.session.execute(delete(WorldSetting).where(WorldSetting.name == name))
    db.session.commit()
    cached = _cached()
    if cached is not None:
        cached[name] = None


def adopt_files(folder, engine):
    """Move the settings an earlier version kept in files of the world's folder into its database."""
    for name, file in FILES.items():
        path = os.path.join(folder, file)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            value = json.load(handle)
        with engine.begin() as connection:
            connection.execute(delete(WorldSetting).where(WorldSetting.name == name))
            connection.execute(insert(WorldSetting).values(name=name, value=value))
        os.remove(path)
