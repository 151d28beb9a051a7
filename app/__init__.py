"""The Open Loyalty Customer API stand-in: one Flask app on SQLite."""
import os

from flask import Flask

# derived: the session's listeners
from openloyalty_standin.app import console, derived, response_cache, schema, worlds  # noqa: F401
from openloyalty_standin.app.api import register_blueprints
from openloyalty_standin.app.cli import register_commands
from openloyalty_standin.app.config import Config, project_root
from openloyalty_standin.app.database import database_uri, engine_options
from openloyalty_standin.app.errors import register_error_handlers
from openloyalty_standin.app.extensions import api, db, migrate
from openloyalty_standin.app.http import register_http, register_proxy
from openloyalty_standin.app.openapi import register_openapi
from openloyalty_standin.app.routing import Rule


def create_app(config=None):
    """Create the Open Loyalty API application (`flask seed` prepares its database)."""
    config = config or {}
    app = Flask(__name__, instance_path=instance_folder(config), static_folder=None)
    app.url_rule_class = Rule
    app.config.from_object(Config)
    app.config.from_prefixed_env("OL")
    app.config.update(config)
    app.json.sort_keys = False
    app.url_map.merge_slashes = False  # "/api//customer" is a 404, as in Symfony, not a redirect
    register_extensions(app)
    register_openapi(app)
    register_blueprints(app)
    if app.config["DEV_ENDPOINTS"]:
        app.register_blueprint(console.bp)  # the control plane's page for people
    register_error_handlers(app)
    app.wsgi_app = response_cache.KeptAnswers(app.wsgi_app, app)  # kept GET answers, served without the app
    register_http(app)
    app.wsgi_app = worlds.SandboxRouting(app.wsgi_app)  # in front of the app: /sandbox/{name}/... and X-Sandbox
    register_proxy(app)  # in front of all: a reverse proxy's path prefix comes before the sandbox's
    register_commands(app)
    return app


def instance_folder(config):
    """The instance folder: configured, or `instance/` of the project."""
    return config.get("INSTANCE_PATH") or os.environ.get("OL_INSTANCE_PATH") or str(project_root() / "instance")


def register_extensions(app):
    """Bind the database and the OpenAPI extension to the app."""
    uri = database_uri(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app, uri)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(schema.MIGRATIONS))
    api.init_app(app)
    worlds.init_app(app)
