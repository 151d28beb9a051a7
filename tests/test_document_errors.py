"""Each operation's 400 lists exactly the bodies it can answer: every body listed is sent back
for some input, and the inputs that make one body on some operation make none unlisted elsewhere."""
import json
import os

import pytest

from tests.conftest import JOHN

DOCUMENT = json.load(open(os.path.join(os.path.dirname(__file__), "..", "contract", "openapi.json")))
PATH_VALUES = {"storeCode": "DEFAULT", "customer": JOHN, "token": "x", "name": "snap", "fault_id": "1",
               "tokenToRemove": "x", "transactionId": "x", "documentNumber": "x", "code": "en", "kind": "language",
               "id": "x", "identifier": "x", "size": "1x1"}
DEEP = "a" + "[a]" * 40 + "=1"  # nests deeper than any form reads


def operations():
    for path, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield pytest.param(method, path, operation, id=operation["operationId"])


def listed(operation):
    """The component names of the bodies an operation's 400 lists."""
    answer = operation["responses"].get("400")
    if answer is None:
        return set()
    schema = answer["content"]["application/json"]["schema"]
    return {ref["$ref"].rsplit("/", 1)[1] for ref in schema.get("anyOf", [schema])}


def kind(body):
    """Which of the documented bodies an answer is."""
    if set(body) - {"hint"} == {"code", "message"}:
        return "InvalidJson"
    if "form" in body:
        return "FormError"
    if isinstance(body.get("error"), dict):
        return "ErrorEnvelope"
    if isinstance(body.get("error"), str):
        return "ErrorText"
    return "Message" if "message" in body else "other"


def send(client, auth, method, path, **options):
    url = path.format(**PATH_VALUES)
    response = client.open(url, method=method.upper(), headers=auth.headers("admin"), **options)
    if response.status_code == 403:  # the customer's own operations
        response = client.open(url, method=method.upper(), headers=auth.headers("customer", JOHN), **options)
    return response


def reads_body(operation):
    return "requestBody" in operation


def reads_query(operation):
    return any(parameter["in"] == "query" for parameter in operation.get("parameters", []))


def wrong_value(schema):
    """A value a JSON body field of this schema refuses: a list of lists, unless it takes lists."""
    types = schema.get("type", [])
    return "not this" if "array" in (types if isinstance(types, list) else [types]) else [[1]]


@pytest.mark.parametrize("method, path, operation", operations())
def test_a_body_that_is_no_json_is_answered_where_listed(client, auth, method, path, operation):
    response = send(client, auth, method, path, data="{", content_type="application/json")
    answered = response.status_code == 400 and kind(response.json) == "InvalidJson"
    assert answered == ("InvalidJson" in listed(operation))
    if answered:
        assert response.json == {"code": 400, "message": "Invalid json message received"}


@pytest.mark.parametrize("method, path, operation", operations())
def test_text_that_is_no_utf8_or_nests_too_deep_is_answered_where_listed(client, auth, method, path, operation):
    if reads_body(operation):
        response = send(client, auth, method, path, data=b"a=%ff&b=\xff",
                        content_type="application/x-www-form-urlencoded")
    else:
        response = send(client, auth, method, path, query_string=DEEP)
    answered = response.status_code == 400 and kind(response.json) == "ErrorEnvelope"
    assert answered == ("ErrorEnvelope" in listed(operation))
    if answered:
        assert response.json["error"] == {"code": 400, "message": "Bad Request"}


def bad_form(operation):
    """Request options whose values the operation's form refuses."""
    if reads_body(operation):
        content = operation["requestBody"]["content"]
        schema = content.get("application/json", content.get("multipart/form-data"))["schema"]
        if "$ref" in schema:
            schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        body = {name: wrong_value(prop) for name, prop in schema.get("properties", {}).items()}
        return {"json": body or {"unknown": 1}}
    names = [parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"]
    return {"query_string": "&".join(f"{name}[x]=1" for name in names)}  # a map where text goes


# Forms that only refuse what the state makes wrong: the change confirmed takes a phone another
# customer took meanwhile (tests/test_activation.py).
STATEFUL = {"confirmChange"}


@pytest.mark.parametrize("method, path, operation", operations())
def test_a_form_error_is_answered_where_listed(client, auth, method, path, operation):
    if operation["operationId"] in STATEFUL:
        assert "FormError" in listed(operation)
        return
    if not (reads_body(operation) or reads_query(operation)):
        assert "FormError" not in listed(operation)
        return
    response = send(client, auth, method, path, **bad_form(operation))
    answered = response.status_code == 400 and kind(response.json) == "FormError"
    assert answered == ("FormError" in listed(operation)), response.json


@pytest.mark.parametrize("method, path, operation", operations())
def test_no_400_ends_in_a_catch_all(method, path, operation):
    assert listed(operation) <= set(DOCUMENT["components"]["schemas"])
    for name in listed(operation):
        assert DOCUMENT["components"]["schemas"][name].get("additionalProperties") is False
