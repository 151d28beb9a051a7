"""Unbound extensions, bound to the app in create_app()."""
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import current_app, json
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from openloyalty_standin.schemas.errors import ErrorEnvelopeSchema


class Base(DeclarativeBase):
    """Declarative base of every model."""


def schema_name(schema):
    """Name a schema component after its class; a schema narrowed by exclude is inlined."""
    if getattr(schema, "exclude", None) or getattr(schema, "only", None):
        return None
    name = resolve_schema_cls(schema).__name__
    return name[: -len("Schema")] if name.endswith("Schema") and name != "Schema" else name


class Converter(OpenAPIConverter):
    """apispec's converter; a schema's DOCUMENTED_REQUIRED fields are listed as required even
    where the schema checks them itself, because the requirement depends on a store setting."""

    def schema2jsonschema(self, schema):
        jsonschema = super().schema2jsonschema(schema)
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

    def document(self):
        """The finished document of the current app (callers must not change it)."""
        return self._built()

    def _openapi_json(self):
        return current_app.response_class(json.dumps(self.document(), indent=2, sort_keys=False),
                                          mimetype="application/json")


db = SQLAlchemy(model_class=Base)
api = OpenLoyaltyApi(spec_kwargs={"marshmallow_plugin": Plugin(schema_name_resolver=schema_name)})
