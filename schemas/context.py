"""Per-request facts the schemas need, set by the application for each request."""
from contextvars import ContextVar
from zoneinfo import ZoneInfo

display_timezone = ContextVar("display_timezone", default=ZoneInfo("Europe/Warsaw"))
locale = ContextVar("locale", default=None)
activation_method = ContextVar("activation_method", default="email")
caller_kind = ContextVar("caller_kind", default=None)
# A callable(data) -> {field: [messages]} that checks levelId, posId and sellerId exist;
# the application supplies it, so that those errors come with the other field errors.
reference_check = ContextVar("reference_check", default=None)
