"""Request decoding in one place: form fields with bracket keys, multipart and JSON
bodies all become one nested dict, which the schemas then load."""
import json
import re
from urllib.parse import parse_qsl

import flask_smorest
from flask import Response, g, has_request_context, request
from webargs.flaskparser import FlaskParser

from openloyalty_standin.app.errors import NOT_BLANK, BadRequest, FormError, InvalidJson, PlainError
from openloyalty_standin.app.openapi import bad_request_doc
from openloyalty_standin.schemas.fields import indexed_items

MAX_DEPTH = 32
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def split_key(key):
    """Split `customer[address][city]` into ["customer", "address", "city"] as PHP does."""
    head, bracket, rest = key.partition("[")
    if not bracket or not head:
        return [key]
    rest = "[" + rest
    parts = _BRACKETS.findall(rest)
    if "".join(f"[{p}]" for p in parts) != rest[: sum(len(p) + 2 for p in parts)]:
        return [key]
    return [head, *parts]


def _listify(node):
    """Turn dicts whose keys are all list indexes into lists in index order, all the way down."""
    if not isinstance(node, dict):
        return node
    node = {k: _listify(v) for k, v in node.items()}
    items = indexed_items(node) if node else None
    return node if items is None else items


def nest(pairs):
    """Build a nested dict from (bracket key, value) pairs; a later key wins."""
    root = {}
    for key, value in pairs:
        if not key:
            continue  # a field without a name is no field (PHP drops it too)
        parts = split_key(key)
        if len(parts) > MAX_DEPTH:
            raise BadRequest()
        node = root
        for part, following in zip(parts, parts[1:]):
            part = part if part != "" else str(len(node))
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        last = parts[-1] if parts[-1] != "" else str(len(node))
        node[last] = value
    return _listify(root)


def _reject_constant(name):
    raise ValueError(name)


def _mimetype():
    """The body's media type; the reference's curl examples escape the space after "Content-type:",
    which curl sends on as a backslash, so one is tolerated there as it is before a Bearer token."""
    return request.mimetype.lstrip("\\ \t")


def _is_json(mimetype):
    return mimetype == "application/json" or mimetype.endswith("+json")


def _text(raw, errors="strict"):
    """Bodies are UTF-8; anything else (UTF-16, stray or surrogate bytes) is a bad request."""
    try:
        return raw.decode("utf-8", errors)
    except UnicodeDecodeError:
        raise BadRequest() from None


def _json_body(raw):
    """A JSON object, or FOSRest's "Invalid json message received" (UTF-8 only, as PHP's decoder)."""
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        # A lone surrogate escape ("\ud800") decodes but is no text: it cannot be UTF-8 encoded.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError):
        raise InvalidJson() from None
    if not isinstance(data, dict):
        raise InvalidJson()  # every body of the API is a JSON object
    return data


def _looks_like_json(raw):
    return raw.lstrip()[:1] in (b"{", b"[")


def note(hint):
    """Keep a sentence for the error this request may end with (the first one noticed wins)."""
    if has_request_context():
        g.setdefault("input_hint", hint)


def _url_pairs(raw, errors="strict"):
    """Parse urlencoded text; percent-escapes must decode to UTF-8 unless told otherwise."""
    try:
        return parse_qsl(_text(raw, errors), keep_blank_values=True, encoding="utf-8", errors=errors)
    except (UnicodeDecodeError, ValueError):
        raise BadRequest() from None


def decode_body():
    """Return the request body as a nested dict, read by its content type as Symfony reads it.

    Form fields and JSON are read when the body says it is one of them; a body without a content
    type is read as JSON when it looks like JSON and as form fields otherwise. Other content types
    (text/plain, XML, octet-stream) are not read at all, so the form counts as not submitted.
    """
    mimetype = _mimetype()
    if mimetype == "multipart/form-data":
        pairs = list(request.form.items(multi=True)) + list(request.files.items(multi=True))
        return nest(pairs)
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    if _is_json(mimetype) or (not mimetype and _looks_like_json(raw)):
        return _json_body(raw)
    if mimetype in ("application/x-www-form-urlencoded", ""):
        if _looks_like_json(raw):
            note("The body looks like JSON but was sent as form fields (application/x-www-form-urlencoded, "
                 "what curl -d sends): send it with Content-Type: application/json.")
        return nest(_url_pairs(raw))
    if _looks_like_json(raw):
        note(f"The body looks like JSON but was sent as {mimetype}, which is not read: "
             "send it with Content-Type: application/json.")
    else:
        note(f"A {mimetype} body is not read: send JSON (application/json) or form fields.")
    return {}


def decode_query():
    """Return the query string as a nested dict; a form body sent with GET counts too.

    Bytes that are not UTF-8 become U+FFFD, so a filter never matches their escaped spelling.
    """
    data = nest(_url_pairs(request.query_string, errors="replace"))
    if request.method == "GET" and request.content_length:
        body = decode_body()
        data = {**body, **data}
    return data


class WireParser(FlaskParser):
    """webargs parser that reads every location through the decoders above."""

    DEFAULT_VALIDATION_STATUS = 400

    def load_json(self, req, schema):
        return self._body(schema)

    def load_form(self, req, schema):
        return self._body(schema)

    @staticmethod
    def _body(schema):
        required = getattr(schema, "body_required", None)  # the message for a request without a body
        if required and request.mimetype != "multipart/form-data" and not request.get_data(cache=True).strip():
            raise BadRequest(required)
        return decode_body()

    def load_querystring(self, req, schema):
        return decode_query()

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        (messages,) = error.messages.values()
        missing_answer = getattr(schema, "missing_answer", None)
        if missing_answer and isinstance(messages, dict):
            for key, errors in messages.items():
                if set(errors) <= {NOT_BLANK, "Missing data for required field.", "Field may not be null."}:
                    raise PlainError(400, {key: missing_answer})
        root = getattr(schema, "form_root", None)
        if root:
            # Symfony reads only its form's own key; without it the form was not submitted.
            inner = messages.get(root) if isinstance(messages, dict) else None
            raise FormError(schema.fields[root].schema, inner if isinstance(inner, dict) else {},
                            hint=outside_form_hint(root, schema))
        raise FormError(schema, messages)


def outside_form_hint(root, schema):
    """A sentence on the body's keys that are not read because they are outside the form `root`."""
    body = decode_body()
    if g.get("input_hint"):
        return g.input_hint  # the body was not read as sent: that comes first
    outside = [key for key in body if key != root and key not in schema.fields]
    sent_json = _is_json(_mimetype()) or (not _mimetype() and _looks_like_json(request.get_data(cache=True)))
    if sent_json:
        if root in body:
            keys = ", ".join(outside)
            return f'The keys {keys} are outside the "{root}" object and were not read.' if outside else None
        return f'The JSON body has no "{root}" object: send {{"{root}": {{...}}}} with the form\'s fields inside.'
    if not outside:
        return None
    named = ", ".join(f"{root}[{key}]" for key in outside[:5])
    fields = f"fields {', '.join(outside[:5])} are" if len(outside) > 1 else f"field {outside[0]} is"
    return f"The form {fields} outside {root}[...] and {'were' if len(outside) > 1 else 'was'} not read: send {named}."


# Blueprints whose operations' ids begin with the role, beside the customer's of the same name.
ROLE_PREFIXED = ("admin", "seller")


def operation_id(blueprint, view):
    """The stable camelCase id of a view's operation: adminRegisterCustomer, getCustomer."""
    words = ([blueprint] if blueprint in ROLE_PREFIXED else []) + view.split("_")
    return words[0] + "".join(word.title() for word in words[1:])


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint whose arguments are read by WireParser and whose operations
    are named after their views."""

    ARGUMENTS_PARSER = WireParser()

    def arguments(self, schema, **kwargs):
        decorate = super().arguments(schema, **kwargs)

        def decorator(view):
            wrapped = decorate(view)
            wrapped.argument_schemas = (*getattr(view, "argument_schemas", ()), schema)
            return wrapped

        return decorator

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options):
        if view_func is not None:
            doc = {}
            if "operationId" not in getattr(view_func, "_apidoc", {}).get("manual_doc", {}):
                doc["operationId"] = operation_id(self.name, endpoint or view_func.__name__)
            invalid = bad_request_doc(view_func, getattr(view_func, "argument_schemas", ()))
            if invalid:
                doc["responses"] = {400: invalid}
            view_func = self.doc(**doc)(view_func) if doc else view_func
        super().add_url_rule(rule, endpoint, view_func, **options)


def empty(status=200):
    """An answer with no body, as Open Loyalty's "(no content)"."""
    response = Response(status=status)
    del response.headers["Content-Type"]
    return response
