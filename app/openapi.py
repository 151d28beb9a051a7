"""The OpenAPI document: generated from the views' decorators and the schemas, served at
/api/doc/openapi.json with Swagger UI at /api/doc/ (its assets served from this server)."""
import copy
import os

import click
import flask_swagger_ui
from flask import Blueprint, json, send_from_directory
from flask.cli import with_appcontext
from marshmallow import RAISE, fields

from openloyalty_standin.app.extensions import api
from openloyalty_standin.schemas.errors import (
    ErrorEnvelopeSchema,
    ErrorTextSchema,
    FormErrorSchema,
    InvalidJsonSchema,
    MessageSchema,
    UnauthorizedSchema,
    missing_answer_schema,
)
from openloyalty_standin.schemas.fields import BLANK, Derived, IndexedList
from openloyalty_standin.seeds import examples

ASSETS = os.path.join(os.path.dirname(flask_swagger_ui.__file__), "dist")
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-AUTH-TOKEN"},
}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


# Error responses, under the names flask-smorest gives HTTP statuses; operations refer to
# them (see app.auth.access_doc). A 400 is described per operation (bad_request_doc).
RESPONSES = {
    "UNAUTHORIZED": ("No token, or an invalid, expired or forged one", _ref("Unauthorized")),
    "FORBIDDEN": (
        "The caller may not do this (or a wrong API key)", {"anyOf": [_ref("ErrorEnvelope"), _ref("Message")]}
    ),
    "NOT_FOUND": ("Unknown store, customer or token", _ref("ErrorEnvelope")),
    "LOGIN_FAILED": ("Bad credentials: {\"message\": \"Bad credentials.\"}", _ref("Message")),
}


def bad_request(*schemas):
    """Declare the 400 bodies a view's own rules answer with, beside those of its arguments."""
    def decorator(view):
        view.bad_requests = (*getattr(view, "bad_requests", ()), *schemas)
        return view
    return decorator


def _can_fail(schema):
    """Whether loading can refuse some input: a field that checks its value, or unknown fields refused."""
    schema = schema() if isinstance(schema, type) else schema
    return schema.unknown == RAISE or any(
        field.required or type(field) is not fields.Raw for field in schema.fields.values()
    )


def bad_request_doc(view, arguments):
    """The 400 answer of an operation: only the bodies it can send.

    Reading any arguments can meet a body that is no JSON object (InvalidJson, GET bodies too) and
    text that is no UTF-8 or nests too deep (ErrorEnvelope); a schema that checks its fields adds
    the form error tree, and one with `missing_answer` its own body; the view adds what it declares.
    """
    bodies = []
    for schema in arguments:
        bodies += [InvalidJsonSchema, ErrorEnvelopeSchema]
        bodies += [FormErrorSchema] if _can_fail(schema) else []
        missing = missing_answer_schema(schema)
        bodies += [missing] if missing else []
    bodies = list(dict.fromkeys(bodies + list(getattr(view, "bad_requests", ()))))
    if not bodies:
        return None
    names = ", ".join(schema.__name__[: -len("Schema")] for schema in bodies)
    schema = bodies[0] if len(bodies) == 1 else {"anyOf": bodies}
    return {"description": f"Invalid input; the body is one of: {names}",
            "content": {"application/json": {"schema": schema}}}


assets = Blueprint("docs_assets", __name__, url_prefix="/api/doc/assets")


@assets.route("/<path:filename>")
def asset(filename):
    """Serve a Swagger UI asset from the installed package, so the page works offline."""
    return send_from_directory(ASSETS, filename, max_age=3600)


def _register_components(spec):
    for name, schema in (
        ("ErrorEnvelope", ErrorEnvelopeSchema),
        ("Unauthorized", UnauthorizedSchema),
        ("Message", MessageSchema),
        ("FormError", FormErrorSchema),
        ("InvalidJson", InvalidJsonSchema),
        ("ErrorText", ErrorTextSchema),
    ):
        if name not in spec.components.schemas:
            spec.components.schema(name, schema=schema)
    for name, (description, schema) in RESPONSES.items():
        response = {"description": description, "content": {"application/json": {"schema": schema}}}
        if name == "UNAUTHORIZED":
            response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        registered = spec.components.responses if name in spec.components.responses else spec.components.responses_lazy
        registered[name] = response
    for name, scheme in SECURITY_SCHEMES.items():
        spec.components.security_scheme(name, scheme)


def document(bodies=None):
    """Return the OpenAPI document as a dict; `bodies="json"` for its JSON-only variant."""
    return api.document(bodies)


@click.command("openapi")
@click.option("--output", "-o", default="-", help="File to write (default: standard output).")
@click.option("--bodies", type=click.Choice(["json"]), help="json: each body offered as JSON alone.")
@with_appcontext
def openapi_command(output, bodies):
    """Write the OpenAPI document as JSON."""
    text = json.dumps(document(bodies), indent=2, sort_keys=False) + "\n"
    if output == "-":
        click.echo(text, nl=False)
    else:
        with open(output, "w", encoding="utf-8") as out:
            out.write(text)


def _operation(path, method):
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


CUSTOMER = "/api/{storeCode}/customer/{customer}"
# What a registered customer's id leads to, for clients and for stateful contract runs.
CUSTOMER_LINKS = {
    "GetCustomer": (CUSTOMER, "get"),
    "UpdateCustomer": (CUSTOMER, "put"),
    "DeleteCustomer": (CUSTOMER, "delete"),
    "GetCustomerStatus": ("/api/{storeCode}/admin/customer/{customer}/status", "get"),
    "ActivateCustomer": ("/api/{storeCode}/admin/customer/{customer}/activate", "post"),
    "DeactivateCustomer": ("/api/{storeCode}/admin/customer/{customer}/deactivate", "post"),
}


def registration_links():
    """Blueprint.doc() arguments: OpenAPI links from a registration to the new customer's operations."""
    links = {
        name: {
            "operationRef": _operation(path, method),
            "parameters": {"storeCode": "$request.path.storeCode", "customer": "$response.body#/customerId"},
        }
        for name, (path, method) in CUSTOMER_LINKS.items()
    }
    return {"responses": {200: {"links": links}}}


def login_links():
    """Blueprint.doc() arguments: the refresh token of a login leads to token/refresh."""
    refresh = {
        "operationRef": _operation("/api/token/refresh", "post"),
        "requestBody": {"refresh_token": "$response.body#/refresh_token"},
    }
    return {"responses": {200: {"links": {"RefreshToken": refresh}}}}


def field_schema(self, field, ret, **kwargs):
    """apispec attribute function: a field's own account of the values it accepts."""
    if isinstance(field, IndexedList):
        ret.pop("items", None)
        return field.openapi(self.field2property(field.inner))
    if isinstance(field, Derived):
        described = self.resolve_nested_schema(field.nested) if field.nested else dict(field.json_schema)
        return {"anyOf": [described, {"type": "null"}]} if field.allow_none else described
    if not hasattr(field, "openapi"):
        return {}
    for key in ("type", "format", "pattern", "enum", "maxLength"):
        ret.pop(key, None)
    return field.openapi()


def parameter_style(self, field, ret, **kwargs):
    """apispec parameter function: style and explode from the field's metadata."""
    return {key: field.metadata[key] for key in ("style", "explode") if key in field.metadata}


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _as_form_text(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _as_form_value(schema):
    """A JSON Schema property as a form field carries it: text, so only string values."""
    if "example" in schema:
        schema = {**schema, "example": _as_form_text(schema["example"])}
    if "enum" in schema:
        strings = [value for value in schema["enum"] if isinstance(value, str)]
        return {"type": "string", "enum": strings}
    if "anyOf" in schema:
        options = [option for option in schema["anyOf"] if option.get("type") != "null"]
        if all("enum" in option for option in options):  # typed alternatives of one choice: their text
            texts = [value for option in options for value in option["enum"] if isinstance(value, str)]
            return {"type": "string", "enum": texts}
        return {"anyOf": options}
    if schema.get("type") in ("integer", "number"):
        # A number field: its digits as text, or an empty field, which is no value.
        number = {key: value for key, value in schema.items() if key != "description"}
        return {"anyOf": [number, BLANK]}
    kept = {key: value for key, value in schema.items() if key not in ("type", "description")}
    return {"type": "string", **kept}


def _flatten(spec, schema, prefix, properties, required, parent_required=True):
    if "$ref" in schema:
        schema = spec.components.schemas[schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema and any("$ref" in option for option in schema["anyOf"]):
        schema = next(option for option in schema["anyOf"] if "$ref" in option)
        return _flatten(spec, schema, prefix, properties, required, False)
    for name, prop in schema.get("properties", {}).items():
        key = f"{prefix}[{name}]" if prefix else name
        inner = prop
        if "$ref" in inner or "properties" in inner or ("anyOf" in inner and any("$ref" in o for o in inner["anyOf"])):
            _flatten(spec, inner, key, properties, required, parent_required and name in schema.get("required", []))
            continue
        properties[key] = _as_form_value(inner)
        if parent_required and name in schema.get("required", []):
            required.append(key)


def _component(spec, schema):
    if "$ref" in schema:
        return spec.components.schemas[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _schema_classes():
    """The marshmallow schema class behind each component name."""
    return {name: key[0] for key, name in api.ma_plugin.converter.refs.items()}


def add_form_encodings(spec):
    """Offer every JSON request body also as bracket-keyed form fields, as Open Loyalty takes them.

    Not a body that must be sent (`body_required`) but may be empty (`{}`): as a form, an empty
    body could not be told from none. Nor a body whose schema says `json_only`.
    """
    classes = _schema_classes()
    for operations in spec._paths.values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            body = content.get("application/json")
            if not body or set(FORM_TYPES) & set(content):
                continue
            properties, required = {}, []
            _flatten(spec, body["schema"], "", properties, required)
            named = classes.get(body["schema"].get("$ref", "").rsplit("/", 1)[-1])
            if (not required and getattr(named, "body_required", None)) or getattr(named, "json_only", False):
                continue
            form = {"type": "object", "properties": properties}
            if required:
                form["required"] = required
            if _component(spec, body["schema"]).get("additionalProperties") is False:
                form["additionalProperties"] = False  # no nested form: every field is listed
            alternatives = getattr(named, "one_of_required", ())
            if alternatives:
                form["anyOf"] = [{"required": [name], "properties": {name: _given(properties[name])}}
                                 for name in alternatives]
            for form_type in FORM_TYPES:
                content[form_type] = {"schema": form}


def json_bodies_only(document):
    """The document with each body that is offered as JSON offered as JSON alone, for client
    generators that take one encoding per body (`?bodies=json`). Bodies that are forms only (the
    avatar upload) stay as they are."""
    variant = copy.deepcopy(document)
    for operations in variant["paths"].values():
        for key, operation in operations.items():
            content = {} if key == "parameters" else operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                for form_type in FORM_TYPES:
                    content.pop(form_type, None)
    return variant


def _given(form_value):
    """A form field's schema without the empty value, which is no value."""
    options = [option for option in form_value.get("anyOf", [form_value]) if option != BLANK]
    return options[0] if len(options) == 1 else {"anyOf": options}


def add_alternatives(spec):
    """A body schema that needs one of several fields (`one_of_required`) says so."""
    for name, named in _schema_classes().items():
        alternatives = getattr(named, "one_of_required", ())
        component = spec.components.schemas.get(name)
        if alternatives and component is not None:
            component["anyOf"] = [{"required": [field]} for field in alternatives]


def _parameter_example(parameter):
    if parameter.get("name") in examples.PARAMETERS and "$ref" not in parameter:
        parameter.setdefault("example", examples.PARAMETERS[parameter["name"]])


def add_seed_examples(spec):
    """Examples from the seed data on parameters and on the properties of the component schemas."""
    for operations in spec._paths.values():
        for key, operation in operations.items():
            for parameter in operation if key == "parameters" else operation.get("parameters", []):
                _parameter_example(parameter)
    for name, values in examples.PROPERTIES.items():
        properties = spec.components.schemas.get(name, {}).get("properties", {})
        for prop, value in values.items():
            if prop in properties and "$ref" not in properties[prop]:
                properties[prop].setdefault("example", value)


def register_openapi(app):
    """Serve the document and its page; add the components every operation refers to."""
    app.register_blueprint(assets)
    _register_components(api.spec)
    converter = api.ma_plugin.converter
    if field_schema not in [getattr(f, "__func__", None) for f in converter.attribute_functions]:
        converter.add_attribute_function(field_schema)
        converter.add_parameter_attribute_function(parameter_style)
    api.variants["json"] = json_bodies_only
    app.cli.add_command(openapi_command)
