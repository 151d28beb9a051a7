"""The one clock of the application: real time, frozen, or shifted.

Configuration sets where it starts (`CLOCK` freezes it at a moment, `CLOCK_OFFSET` shifts real
time by seconds). The control plane then freezes, advances or releases it at run time; that
setting is kept in the world's database (world_settings), so every worker of a server follows it.
"""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context

from openloyalty_standin.app import world_settings

SETTING = "clock"


def parse_moment(text, config=None):
    """Parse an ISO 8601 moment; a naive one is read in the configured timezone."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_timezone(config))
    return moment.astimezone(timezone.utc)


def local_timezone(config=None):
    """Return the timezone datetimes are rendered in."""
    return ZoneInfo((config or current_app.config)["TIMEZONE"])


def setting():
    """The run-time setting: {"frozenAt": ISO moment or None, "offsetSeconds": float}."""
    return world_settings.read(SETTING, {"frozenAt": None, "offsetSeconds": 0.0})


def _configured(config):
    if config.get("CLOCK"):
        return parse_moment(config["CLOCK"], config)
    moment = datetime.now(timezone.utc)
    if config.get("CLOCK_OFFSET"):
        moment += timedelta(seconds=float(config["CLOCK_OFFSET"]))
    return moment


def now(untracked=False):
    """Return the current moment (aware, UTC) as the configuration and the control plane decide.
    A running clock read while reads are tracked is noted, unless `untracked` (a check the reader
    makes again itself, such as a token's expiry)."""
    current = setting()
    if not untracked and not current["frozenAt"] and has_request_context() and g.get("running_clock_read") is False:
        g.running_clock_read = not current_app.config.get("CLOCK")
    return moment_of(current, current_app.config)


def moment_of(current, config):
    """The moment a world's run-time clock setting (or None, not set) and the configuration say."""
    current = current or {"frozenAt": None, "offsetSeconds": 0.0}
    if current["frozenAt"]:
        return parse_moment(current["frozenAt"], config)
    moment = _configured(config)
    return moment + timedelta(seconds=current["offsetSeconds"]) if current["offsetSeconds"] else moment


def track_reads():
    """Note from now on, for this request, whether a running clock is read (see now())."""
    g.running_clock_read = False  # None: not tracked; True: read


def running_clock_read():
    """Whether this request read a running clock since track_reads()."""
    return bool(g.get("running_clock_read"))


def _store(frozen_at, offset_seconds):
    value = {"frozenAt": frozen_at.isoformat() if frozen_at else None, "offsetSeconds": float(offset_seconds)}
    world_settings.write(SETTING, value)


def freeze(at=None):
    """Stop the clock at `at` (an aware datetime), or where it stands now."""
    _store(at or now(), 0)


def advance(seconds):
    """Move the clock by `seconds` (negative goes back), frozen or running."""
    current = world_settings.read(SETTING, {"frozenAt": None, "offsetSeconds": 0.0}, fresh=True)
    if current["frozenAt"]:
        _store(parse_moment(current["frozenAt"]) + timedelta(seconds=seconds), 0)
    else:
        _store(None, current["offsetSeconds"] + seconds)


def restore(frozen_at, offset_seconds):
    """Set the run-time setting as `setting()` gave it (frozenAt as ISO text or None)."""
    if not frozen_at and not offset_seconds:
        release()
    else:
        _store(parse_moment(frozen_at) if frozen_at else None, offset_seconds)


def release():
    """Return to the configured clock: real time unless CLOCK or CLOCK_OFFSET say otherwise."""
    world_settings.remove(SETTING)


def state():
    """What the control plane shows of the clock."""
    current = setting()
    mode = "frozen" if current["frozenAt"] or current_app.config.get("CLOCK") else (
        "shifted" if current["offsetSeconds"] or current_app.config.get("CLOCK_OFFSET") else "real")
    return {"now": now(), "mode": mode, "offsetSeconds": current["offsetSeconds"]}
