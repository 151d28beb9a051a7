"""Unbound extensions, bound to the app in create_app()."""
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase

from schemas.errors import ErrorEnvelopeSchema


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
    """flask-smorest's Api, documenting errors with Open Loyalty's envelope."""

    ERROR_SCHEMA = ErrorEnvelopeSchema


db = SQLAlchemy(model_class=Base)
api = OpenLoyaltyApi(spec_kwargs={"marshmallow_plugin": Plugin(schema_name_resolver=schema_name)})
