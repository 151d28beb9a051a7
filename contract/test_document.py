"""The generated OpenAPI document: valid, complete against the reference, and kept in the repository."""
import json
from pathlib import Path

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

HERE = Path(__file__).parent
COMMITTED = HERE / "openapi.json"
REFERENCE = json.loads((HERE / "reference_endpoints.json").read_text())["endpoints"]


def served_document(client):
    response = client.get("/api/doc/openapi.json")
    assert response.status_code == 200
    return response.json


def test_served_document_is_valid_openapi(ol_client):
    validate(served_document(ol_client))


def test_document_has_every_endpoint_and_status_of_the_reference(ol_client):
    paths = served_document(ol_client)["paths"]
    missing = []
    for endpoint in REFERENCE:
        operation = paths.get(endpoint["path"], {}).get(endpoint["method"].lower())
        if operation is None:
            missing.append(f"{endpoint['method']} {endpoint['path']}")
            continue
        missing += [
            f"{endpoint['method']} {endpoint['path']} {status}"
            for status in endpoint["statuses"]
            if str(status) not in operation["responses"]
        ]
    assert missing == []


def test_every_operation_documents_its_errors(ol_client):
    paths = served_document(ol_client)["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method == "parameters" or path.startswith("/_dev"):
                continue
            if "{storeCode}" in path:
                assert "404" in operation["responses"], (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_committed_document_is_the_generated_one(ol_client):
    generated = served_document(ol_client)
    assert COMMITTED.exists(), "write it with: flask --app wsgi openapi -o contract/openapi.json"
    assert json.loads(COMMITTED.read_text()) == generated, (
        "contract/openapi.json is stale: flask --app wsgi openapi -o contract/openapi.json"
    )


def test_docs_page_and_its_assets_are_served_locally(ol_client):
    page = ol_client.get("/api/doc/")
    assert page.status_code == 200 and b"swagger-ui-bundle.js" in page.data
    assert b"https://" not in page.data
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        assert ol_client.get(f"/api/doc/assets/{asset}").status_code == 200


EXAMPLES = json.loads((HERE / "reference_examples.json").read_text())["examples"]


def _response_schema(document, example):
    operation = document["paths"][example["path"]][example["method"].lower()]
    response = operation["responses"][str(example["status"])]
    while "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return {**response["content"]["application/json"]["schema"], "components": document["components"]}


@pytest.mark.parametrize(
    "example", EXAMPLES, ids=[f"{e['method']} {e['path']} {e['status']}" for e in EXAMPLES]
)
def test_reference_example_response_fits_the_document(ol_client, example):
    OAS31Validator(_response_schema(served_document(ol_client), example)).validate(example["body"])


def _examples(node, where=""):
    """Every (location, schema, example) pair of the document's parameters and properties."""
    if isinstance(node, dict):
        if "example" in node and "schema" in node:
            yield where, node["schema"], node["example"]
        elif "example" in node:
            yield where, {k: v for k, v in node.items() if k != "example"}, node["example"]
        for key, value in node.items():
            yield from _examples(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _examples(value, f"{where}/{index}")


def test_every_example_fits_its_own_schema(ol_client):
    document = served_document(ol_client)
    found = list(_examples(document["paths"])) + list(_examples(document["components"]["schemas"]))
    assert len(found) > 100
    for where, schema, example in found:
        OAS31Validator({**schema, "components": document["components"]}).validate(example), where


def test_example_parameters_lead_to_seeded_resources(ol_client, ol_auth):
    """GET operations called with the document's parameter examples find what they name."""
    paths = served_document(ol_client)["paths"]
    tried = 0
    for path, operations in paths.items():
        parameters = {p["name"]: p.get("example") for p in operations.get("parameters", [])}
        if "get" not in operations or path.startswith("/_dev") or "customer}" not in path \
                or None in parameters.values():
            continue
        url = path.format(**parameters)
        response = ol_client.get(url, headers=ol_auth.headers("admin"))
        assert response.status_code in (200, 204), (url, response.json)
        tried += 1
    assert tried >= 2


def test_the_openapi_command_writes_the_served_document(ol_app, ol_client, tmp_path):
    target = tmp_path / "openapi.json"
    result = ol_app.test_cli_runner().invoke(args=["openapi", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text()) == served_document(ol_client)
    printed = ol_app.test_cli_runner().invoke(args=["openapi"])
    assert json.loads(printed.output) == served_document(ol_client)


# --- the JSON-only variant, for generators that take one encoding per body

FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _bodies(document):
    """{(method, path): set of the request body's media types}."""
    return {(method, path): set(operation["requestBody"]["content"])
            for path, operations in document["paths"].items()
            for method, operation in operations.items()
            if method != "parameters" and "requestBody" in operation}


def test_json_variant_offers_each_json_body_as_json_alone(ol_client):
    whole = served_document(ol_client)
    response = ol_client.get("/api/doc/openapi.json?bodies=json")
    assert response.status_code == 200
    variant = response.json
    whole_bodies, variant_bodies = _bodies(whole), _bodies(variant)
    assert whole_bodies.keys() == variant_bodies.keys()
    both = [key for key, types in whole_bodies.items() if "application/json" in types and types & FORMS]
    assert len(both) >= 15
    for key, types in whole_bodies.items():
        expected = {"application/json"} if "application/json" in types else types
        assert variant_bodies[key] == expected, key
    assert variant_bodies[("post", "/api/{storeCode}/customer/{customer}/avatar")] == {"multipart/form-data"}


def _without_bodies(document):
    """The document's text with every request body taken out, and the bodies by operation."""
    bodies = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "parameters" and "requestBody" in operation:
                bodies[method, path] = operation.pop("requestBody")
    return document, bodies


def test_json_variant_differs_from_the_document_only_in_form_bodies(ol_client):
    whole, whole_bodies = _without_bodies(served_document(ol_client))
    variant, variant_bodies = _without_bodies(ol_client.get("/api/doc/openapi.json?bodies=json").json)
    assert variant == whole
    for key, body in variant_bodies.items():
        content = whole_bodies[key]["content"]
        assert body["content"] == {name: content[name] for name in body["content"]}, key


def test_an_unknown_bodies_value_is_a_400_envelope(ol_client):
    response = ol_client.get("/api/doc/openapi.json?bodies=xml")
    assert response.status_code == 400
    assert response.json["error"] == {"code": 400, "message": "bodies must be one of: json"}
    assert "whole document" in response.json["hint"]


def test_the_openapi_command_writes_the_json_variant(ol_app, ol_client, tmp_path):
    target = tmp_path / "openapi-json.json"
    result = ol_app.test_cli_runner().invoke(args=["openapi", "--bodies", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text()) == ol_client.get("/api/doc/openapi.json?bodies=json").json
