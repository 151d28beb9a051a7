"""Unbound extensions, bound to the app in create_app()."""
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import current_app, json, request
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session
from sqlalchemy.orm import DeclarativeBase

from openloyalty_standin.app.errors import BadRequest
from openloyalty_standin.schemas.base import OutputSchema
from openloyalty_standin.schemas.errors import ErrorEnvelopeSchema


class Base(DeclarativeBase):
    """Declarative base of every model."""


def schema_name(schema):
    """Name a schema component after its class; a schema narrowed by exclude (beyond its class's
    Meta.exclude) or by only is inlined."""
    narrowed = set(getattr(schema, "exclude", ())) - set(resolve_schema_cls(schema).opts.exclude)
    if narrowed or getattr(schema, "only", None):
        return None
    name = resolve_schema_cls(schema).__name__
    return name[: -len("Schema")] if name.endswith("Schema") and name != "Schema" else name


class Converter(OpenAPIConverter):
    """apispec's converter; a schema's DOCUMENTED_REQUIRED fields are listed as required even
    where the schema checks them itself, because the requirement depends on a store setting.
    An answer's `required` lists the fields it always has (its fields marked required), even none."""

    def schema2jsonschema(self, schema):
        jsonschema = super().schema2jsonschema(schema)
        if issubclass(resolve_schema_cls(schema), OutputSchema):
            jsonschema.setdefault("required", [])
        documented = [
            name for name in getattr(resolve_schema_cls(schema), "DOCUMENTED_REQUIRED", ())
            if name in jsonschema["properties"]
        ]
        if documented:
            jsonschema["required"] = sorted(set(jsonschema.get("required", [])) | set(documented))
        return jsonschema


class Plugin(MarshmallowPlugin):
    Converter = Converter


class OpenLoyaltyApi(Api):
    """flask-smorest's Api, documenting errors with Open Loyalty's envelope.

    The document depends only on the code and on a few settings, so it is built once per process
    and settings: later apps register their views with Flask and reuse the finished document.
    """

    ERROR_SCHEMA = ErrorEnvelopeSchema
    DOCUMENT_SETTINGS = ("DEV_ENDPOINTS", "API_TITLE", "API_VERSION", "OPENAPI_VERSION")
    _documents = {}
    variants = {}  # ?bodies=<name> of /api/doc/openapi.json -> a function of the whole document

    def init_app(self, app, **kwargs):
        super().init_app(app, **kwargs)
        app.extensions["openapi-document"] = tuple(app.config.get(name) for name in self.DOCUMENT_SETTINGS)

    def _built(self, app=None):
        return self._documents.get((app or current_app).extensions["openapi-document"])

    def register_blueprint(self, blp, **options):
        if self._built(self._app) is None:
            return super().register_blueprint(blp, **options)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][options.get("name", blp.name)] = self
        return self._app.register_blueprint(blp, **options)

    def finish_document(self, *steps):
        """Run the steps that complete the document over the spec, once per process and settings."""
        if self._built(self._app) is None:
            for step in steps:
                step(self.spec)
            self._documents[self._app.extensions["openapi-document"]] = self.spec.to_dict()

    def document(self, bodies=None):
        """The finished document of the current app, or its variant `bodies` (callers must not
        change it)."""
        if bodies is None:
            return self._built()
        key = (current_app.extensions["openapi-document"], bodies)
        if key not in self._documents:
            self._documents[key] = self.variants[bodies](self._built())
        return self._documents[key]

    def _openapi_json(self):
        bodies = request.args.get("bodies")
        if bodies is not None and bodies not in self.variants:
            raise BadRequest(f"bodies must be one of: {', '.join(sorted(self.variants))}",
                             hint="Leave bodies out for the whole document, every encoding included.")
        return current_app.response_class(json.dumps(self.document(bodies), indent=2, sort_keys=False),
                                          mimetype="application/json")


class WorldSession(Session):
    """The session of the current world: a sandbox's requests read and write its own database."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None:
            from openloyalty_standin.app import worlds  # worlds uses this module's db

            if worlds.requested_name() != worlds.DEFAULT:
                return worlds.current().engine
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


db = SQLAlchemy(model_class=Base, session_options={"class_": WorldSession})
migrate = Migrate()  # `flask db ...`: the migrations of app/migrations
api = OpenLoyaltyApi(spec_kwargs={"marshmallow_plugin": Plugin(schema_name_resolver=schema_name)})
