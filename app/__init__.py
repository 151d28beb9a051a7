"""The Open Loyalty Customer API stand-in: one Flask app on SQLite."""
import os

from flask import Flask

from openloyalty_standin.app import console
from openloyalty_standin.app.api import register_blueprints
from openloyalty_standin.app.auth import load_keys
from openloyalty_standin.app.cli import register_commands
from openloyalty_standin.app.config import Config, project_root
from openloyalty_standin.app.errors import register_error_handlers
from openloyalty_standin.app.extensions import api, db
from openloyalty_standin.app.http import register_http
from openloyalty_standin.app.openapi import register_openapi
from openloyalty_standin.app.routing import Rule
from openloyalty_standin.app.services import state
from openloyalty_standin.app.sqlite import database_uri, engine_options, startup_lock


def create_app(config=None):
    """Create the Open Loyalty API application."""
    config = config or {}
    instance_path = (config.get("INSTANCE_PATH") or os.environ.get("OL_INSTANCE_PATH")
                     or str(project_root() / "instance"))
    app = Flask(__name__, instance_path=instance_path, static_folder=None)
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
    register_http(app)
    register_commands(app)
    prepare_instance(app)
    return app


def register_extensions(app):
    """Bind the database and the OpenAPI extension to the app."""
    uri = database_uri(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app, uri)
    db.init_app(app)
    api.init_app(app)


def prepare_instance(app):
    """Create the key pair and the schema on first start, and seed an empty database."""
    with startup_lock(app), app.app_context():
        load_keys(app)
        if app.config["AUTO_SEED"]:
            state.prepare_database()
