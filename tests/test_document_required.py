"""Each answer object of the document lists the fields it always has (`required`), and the list
holds: against the model (a required field is never a nullable column), and against live answers
for the sparsest customers there are (phone only, anonymized, deactivated, new)."""
import pytest
from jsonschema import FormatChecker
from openapi_schema_validator import OAS31Validator
from sqlalchemy import inspect

from openloyalty_standin.app.models import Customer, CustomerLabel, Level, Message
from openloyalty_standin.schemas.customer import CustomerRowSchema, CustomerSchema, LabelSchema, LevelSchema
from openloyalty_standin.schemas.outbox import OutboxMessageSchema
from tests.conftest import JOHN, NEW_CUSTOMER

DUMPED_FROM = [(CustomerSchema, Customer), (CustomerRowSchema, Customer), (LevelSchema, Level),
               (LabelSchema, CustomerLabel), (OutboxMessageSchema, Message)]


def document(client):
    return client.get("/api/doc/openapi.json").json


def _children(schema, where):
    """The schemas directly under `schema`, each with its place."""
    for name, prop in schema.get("properties", {}).items():
        yield prop, f"{where}.{name}"
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield schema[key], f"{where}[]"
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        yield option, where


def _answers(document):
    """The schema of every answer of every operation, with its place."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in (operation.get("responses", {}) if method != "parameters" else {}).items():
                if "$ref" in response:
                    response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                for content in response.get("content", {}).values():
                    yield content["schema"], f"{method.upper()} {path} {status}"


def answer_objects(document):
    """Every object schema an answer can hold, by the place it is reached from."""
    components, seen, found = document["components"]["schemas"], set(), []
    pending = list(_answers(document))
    while pending:
        schema, where = pending.pop()
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                pending.append((components[name], name))
            continue
        if schema.get("type") == "object" or "properties" in schema:
            found.append((where, schema))
        pending.extend(_children(schema, where))
    return found


def test_every_answer_object_lists_what_it_always_has(client):
    objects = answer_objects(document(client))
    assert len(objects) > 30
    unlisted = [where for where, schema in objects if schema.get("properties") and "required" not in schema]
    assert unlisted == []


def test_every_required_answer_field_is_one_of_its_properties(client):
    for where, schema in answer_objects(document(client)):
        assert set(schema.get("required", [])) <= set(schema.get("properties", {})), where


@pytest.mark.parametrize("schema, model", DUMPED_FROM, ids=[s.__name__ for s, _ in DUMPED_FROM])
def test_a_required_answer_field_is_never_a_nullable_column(schema, model):
    columns = inspect(model).columns
    checked = 0
    for name, field in schema._declared_fields.items():
        column = columns.get(field.attribute or name)
        if field.required and column is not None and name not in schema.opts.exclude:
            checked += 1
            assert not column.nullable, f"{schema.__name__}.{name} is required but {column} may be null"
    assert checked


def test_customer_answers_mark_the_documented_fields_required(client):
    components = document(client)["components"]["schemas"]
    details, row = set(components["Customer"]["required"]), set(components["CustomerRow"]["required"])
    assert {"customerId", "firstName", "lastName", "active", "status", "createdAt", "version"} <= details
    assert not {"email", "phone", "birthDate", "address", "levelId", "labels"} & details
    assert row == details - {"id", "segments", "status", "version"}


# --- live answers of sparse customers, checked strictly against the document


def strict(document, name):
    """A validator for component `name` that takes formats as assertions."""
    return OAS31Validator({"$ref": f"#/components/schemas/{name}", "components": document["components"]},
                          format_checker=FormatChecker())


def sparse_customers(client, auth):
    """Customers with as little as a customer can have: phone only, anonymized, deactivated, new."""
    admin = auth.headers("admin")
    assert client.put("/_dev/stores/DEFAULT/settings", json={"activationMethod": "sms"}).status_code == 200
    phone_only = client.post("/api/DEFAULT/admin/customer/register", headers=admin, json={"customer": {
        "firstName": "Pat", "lastName": "Phone", "phone": "+48500600700", "agreement1": True}})
    assert phone_only.status_code == 200, phone_only.json
    assert "email" not in phone_only.json
    strict(document(client), "RegisteredCustomer").validate(phone_only.json)
    anonymized = client.post(f"/api/DEFAULT/admin/customer/{JOHN}/anonymize", headers=admin)
    assert anonymized.status_code == 204
    deactivated = client.post(f"/api/DEFAULT/admin/customer/{NEW_CUSTOMER}/deactivate", headers=admin)
    assert deactivated.status_code == 200
    return [phone_only.json["customerId"], JOHN, NEW_CUSTOMER]


def test_sparse_customers_details_fit_the_document_strictly(client, auth):
    validator = strict(document(client), "Customer")
    for customer in sparse_customers(client, auth):
        response = client.get(f"/api/DEFAULT/customer/{customer}", headers=auth.headers("admin"))
        assert response.status_code == 200
        validator.validate(response.json)


def test_phone_only_customer_has_no_email_in_details(client, auth):
    customer = sparse_customers(client, auth)[0]
    body = client.get(f"/api/DEFAULT/customer/{customer}", headers=auth.headers("admin")).json
    assert "email" not in body
    assert body["phone"] == "+48500600700"


@pytest.mark.parametrize("path, name", [
    ("/api/DEFAULT/customer?perPage=-1", "CustomerList"),
    ("/api/DEFAULT/admin/customer?perPage=-1", "CustomerList"),
])
def test_every_row_of_a_list_with_sparse_customers_fits_strictly(client, auth, path, name):
    sparse_customers(client, auth)
    response = client.get(path, headers=auth.headers("admin"))
    assert response.status_code == 200
    assert response.json["total"] == len(response.json["customers"]) > 3
    strict(document(client), name).validate(response.json)


def test_pos_search_answer_with_a_phone_only_customer_fits_strictly(client, auth):
    sparse_customers(client, auth)
    response = client.post("/api/DEFAULT/pos/search/customer", headers=auth.headers("seller"),
                           json={"search": {"phone": "+48500600700"}})
    assert response.status_code == 200, response.json
    assert [row["phone"] for row in response.json["customers"]] == ["+48500600700"]
    strict(document(client), "CustomerSearchResult").validate(response.json)
