"""Configuration: defaults, overridden by OL_* environment variables and create_app(config)."""
import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def project_root():
    """The folder relative paths are read from: the checkout holding app/ beside setup.cfg and
    wsgi.py, or the working directory for a copy installed as a package."""
    if (CHECKOUT / "setup.cfg").is_file() and (CHECKOUT / "wsgi.py").is_file():
        return CHECKOUT
    return Path.cwd()


class ConfigurationError(Exception):
    """A setting the stand-in cannot start with; its text is one line that says what to do."""


class Config:
    """Settings for serving the stand-in."""

    # None: instance/openloyalty.db; a relative SQLite path is read from the project folder
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {}
    SQLITE_BUSY_TIMEOUT_MS = 10000  # how long a write waits for another's lock (on PostgreSQL too)
    # PostgreSQL: connections each server process keeps, and how many more it may open at a peak
    DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "5"))
    DATABASE_MAX_OVERFLOW = int(os.environ.get("DATABASE_MAX_OVERFLOW", "10"))
    # Reverse proxies in front of the server whose X-Forwarded-* headers are trusted (0: none)
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # Browser origins allowed to call the API: "*", a list, or comma-separated; None allows
    # http(s)://localhost, 127.0.0.1 and [::1] on any port (a frontend's dev server).
    CORS_ORIGINS = os.environ.get("CORS_ORIGINS")

    JWT_TTL = 86400
    REFRESH_TOKEN_TTL = 2592000
    JWT_PRIVATE_KEY_PATH = os.environ.get("JWT_PRIVATE_KEY_PATH")  # None: generated beside the database
    JWT_PUBLIC_KEY_PATH = os.environ.get("JWT_PUBLIC_KEY_PATH")
    MASTER_API_KEY = os.environ.get("MASTER_API_KEY")
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000")

    TIMEZONE = os.environ.get("TIMEZONE", "Europe/Warsaw")
    CLOCK = os.environ.get("CLOCK")  # an ISO moment freezes the clock
    CLOCK_OFFSET = os.environ.get("CLOCK_OFFSET")  # seconds added to real time

    SEED_LOADER = "openloyalty_standin.seeds:load"
    SEED_FILE = os.environ.get("SEED_FILE")  # a world document (flask export) to seed from instead
    DEV_ENDPOINTS = os.environ.get("DEV_ENDPOINTS", "1") not in ("0", "false", "no", "")
    # The customer panel the links of activation and password e-mails lead to (Open Loyalty's
    # frontend_customer_panel_url)
    FRONTEND_CUSTOMER_PANEL_URL = os.environ.get("FRONTEND_CUSTOMER_PANEL_URL", "http://localhost:8183")
    # The cockpits' translations (GET /api/translations): a JSON file for the default language, or
    # a folder of <language code>.json files; without either, every language's translations are {}
    TRANSLATIONS_FILE = os.environ.get("TRANSLATIONS_FILE")
    TRANSLATIONS_DIR = os.environ.get("TRANSLATIONS_DIR")
    # Sandboxes (/sandbox/{name}/... or X-Sandbox): at most this many, each deleted once no request
    # used it for this many seconds (0: never)
    MAX_SANDBOXES = int(os.environ.get("MAX_SANDBOXES", "200"))
    SANDBOX_IDLE_TTL = float(os.environ.get("SANDBOX_IDLE_TTL", str(24 * 3600)))
    # "disk": sandboxes are kept beside the database and outlive a restart; "memory": in a
    # temporary folder (in /dev/shm where there is one), gone when the server stops
    SANDBOXES = os.environ.get("SANDBOXES", "disk")
    REQUEST_LOG_SIZE = int(os.environ.get("REQUEST_LOG_SIZE", "200"))  # requests kept for /_dev/requests; 0: none

    API_TITLE = "Open Loyalty Customer API (stand-in)"
    API_VERSION = "4.3"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/doc"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/"
    OPENAPI_SWAGGER_UI_URL = "/api/doc/assets/"


class TestConfig(Config):
    """Settings for an in-process app under pytest."""

    TESTING = True
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
