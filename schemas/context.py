"""Per-request facts the schemas need, set by the application for each request."""
from contextvars import ContextVar
from zoneinfo import ZoneInfo

display_timezone = ContextVar("display_timezone", default=ZoneInfo("Europe/Warsaw"))
locale = ContextVar("locale", default=None)
activation_method = ContextVar("activation_method", default="email")
