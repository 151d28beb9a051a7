"""The control plane's clock requests: a moment or a duration read from text, then set."""
import re
from datetime import timedelta

from openloyalty_standin.app import clock
from openloyalty_standin.app.errors import BadRequest

DURATION = re.compile(r"^(-)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$")
UNITS = (86400, 3600, 60, 1)
EARLIEST, LATEST = 1971, 9000


def _bad(message):
    return BadRequest(message)


def _check(moment):
    """Refuse a moment every date computation of the app cannot take (tokens, expiry months)."""
    if not EARLIEST <= moment.year <= LATEST:
        raise OverflowError(moment.year)
    return moment


def freeze(at=None):
    """Stop the clock at the ISO 8601 moment `at`, or where it stands."""
    if at is None:
        clock.freeze()
        return clock.state()
    try:
        moment = _check(clock.parse_moment(at))
    except ValueError:
        raise _bad("at must be an ISO 8601 moment, e.g. 2019-03-20T12:00:00+01:00") from None
    except OverflowError:
        raise _bad(f"the clock stays between the years {EARLIEST} and {LATEST}") from None
    clock.freeze(moment)
    return clock.state()


def parse_duration(text):
    """Seconds in a duration such as 90s, 15m, 2h, 3d, 1d12h or -1h."""
    match = DURATION.match(text.strip())
    if not match or not any(match.groups()[1:]):
        raise _bad("duration must look like 90s, 15m, 2h, 3d or 1d12h (a leading - goes back)")
    seconds = sum(float(part) * unit for part, unit in zip(match.groups()[1:], UNITS) if part)
    return -seconds if match.group(1) else seconds


def advance(*, seconds=None, duration=None):
    """Move the clock by `seconds`, by `duration`, or by both added up."""
    if seconds is None and duration is None:
        raise _bad("give seconds, a duration, or both")
    step = (seconds or 0) + (parse_duration(duration) if duration is not None else 0)
    try:
        _check(clock.now() + timedelta(seconds=step))
    except OverflowError:
        raise _bad(f"the clock stays between the years {EARLIEST} and {LATEST}") from None
    clock.advance(step)
    return clock.state()
