"""The one clock of the application: real time, frozen, or shifted by configuration."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app


def parse_moment(text):
    """Parse an ISO 8601 moment; a naive one is read in the configured timezone."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_timezone())
    return moment.astimezone(timezone.utc)


def local_timezone():
    """Return the timezone datetimes are rendered in."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def now():
    """Return the current moment (aware, UTC) as the configuration decides."""
    config = current_app.config
    if config.get("CLOCK"):
        return parse_moment(config["CLOCK"])
    moment = datetime.now(timezone.utc)
    if config.get("CLOCK_OFFSET"):
        moment += timedelta(seconds=float(config["CLOCK_OFFSET"]))
    return moment
