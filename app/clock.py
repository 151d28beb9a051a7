"""The one clock of the application: real time, frozen, or shifted.

Configuration sets where it starts (`CLOCK` freezes it at a moment, `CLOCK_OFFSET` shifts real
time by seconds). The control plane then freezes, advances or releases it at run time; that
setting lives in a small file of the instance folder, so every worker of a server follows it.
"""
import json
import os
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app

SETTING_FILE = "clock.json"
_cache = {}  # setting file path -> (modification time, setting)


def parse_moment(text):
    """Parse an ISO 8601 moment; a naive one is read in the configured timezone."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_timezone())
    return moment.astimezone(timezone.utc)


def local_timezone():
    """Return the timezone datetimes are rendered in."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def _setting_path():
    return os.path.join(current_app.instance_path, SETTING_FILE)


def setting():
    """The run-time setting: {"frozenAt": ISO moment or None, "offsetSeconds": float}."""
    path = _setting_path()
    try:
        modified = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return {"frozenAt": None, "offsetSeconds": 0.0}
    cached = _cache.get(path)
    if cached and cached[0] == modified:
        return cached[1]
    with open(path, encoding="utf-8") as handle:
        value = json.load(handle)
    _cache[path] = (modified, value)
    return value


def _configured():
    config = current_app.config
    if config.get("CLOCK"):
        return parse_moment(config["CLOCK"])
    moment = datetime.now(timezone.utc)
    if config.get("CLOCK_OFFSET"):
        moment += timedelta(seconds=float(config["CLOCK_OFFSET"]))
    return moment


def now():
    """Return the current moment (aware, UTC) as the configuration and the control plane decide."""
    current = setting()
    if current["frozenAt"]:
        return parse_moment(current["frozenAt"])
    moment = _configured()
    return moment + timedelta(seconds=current["offsetSeconds"]) if current["offsetSeconds"] else moment


def _store(frozen_at, offset_seconds):
    path = _setting_path()
    value = {"frozenAt": frozen_at.isoformat() if frozen_at else None, "offsetSeconds": float(offset_seconds)}
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(value, handle)
    os.replace(temporary, path)  # readers see the old setting or the new one, never half of one
    _cache.pop(path, None)


def freeze(at=None):
    """Stop the clock at `at` (an aware datetime), or where it stands now."""
    _store(at or now(), 0)


def advance(seconds):
    """Move the clock by `seconds` (negative goes back), frozen or running."""
    current = setting()
    if current["frozenAt"]:
        _store(parse_moment(current["frozenAt"]) + timedelta(seconds=seconds), 0)
    else:
        _store(None, current["offsetSeconds"] + seconds)


def release():
    """Return to the configured clock: real time unless CLOCK or CLOCK_OFFSET say otherwise."""
    try:
        os.remove(_setting_path())
    except FileNotFoundError:
        pass
    _cache.pop(_setting_path(), None)


def state():
    """What the control plane shows of the clock."""
    current = setting()
    mode = "frozen" if current["frozenAt"] or current_app.config.get("CLOCK") else (
        "shifted" if current["offsetSeconds"] or current_app.config.get("CLOCK_OFFSET") else "real")
    return {"now": now(), "mode": mode, "offsetSeconds": current["offsetSeconds"]}
