"""What typed clients need from the document: every field of every answer has a type, request
fields too, enums hold one JSON type each, and moments say what they look like."""
from openloyalty_standin.schemas.fields import MOMENT_PATTERN

TYPED = ("type", "$ref", "anyOf", "oneOf", "allOf", "const")


def document(client):
    return client.get("/api/doc/openapi.json").json


def untyped(schema, where, found):
    """Collect the places under `schema` that have no type."""
    for name, prop in schema.get("properties", {}).items():
        place = f"{where}.{name}"
        if not any(key in prop for key in TYPED):
            found.append(place)
        untyped(prop, place, found)
        if "items" in prop:
            untyped(prop["items"], place + "[]", found)
    for option in schema.get("anyOf", []):
        untyped(option, where, found)
    return found


def test_every_field_of_every_component_has_a_type(client):
    found = []
    for name, schema in document(client)["components"]["schemas"].items():
        untyped(schema, name, found)
    assert found == []


def schema_objects(node, where="#"):
    """Every object in the document, with its JSON pointer."""
    if isinstance(node, dict):
        yield where, node
        children = node.items()
    elif isinstance(node, list):
        children = enumerate(node)
    else:
        return
    for key, value in children:
        yield from schema_objects(value, f"{where}/{key}")


def mixes_types_or_cases(values):
    kinds = {type(value) for value in values if value is not None}
    texts = [value.lower() for value in values if isinstance(value, str)]
    return len(kinds) > 1 or len(texts) != len(set(texts))


def test_every_array_says_what_it_holds(client):
    arrays = [where for where, node in schema_objects(document(client))
              if node.get("type") == "array" and "items" not in node]
    assert arrays == []


def test_no_enum_mixes_json_types_or_spellings_that_differ_by_case(client):
    mixed = [where for where, node in schema_objects(document(client))
             if isinstance(node.get("enum"), list) and mixes_types_or_cases(node["enum"])]
    assert mixed == []


def test_moments_carry_open_loyaltys_pattern_not_rfc_3339s_format(client):
    customer = document(client)["components"]["schemas"]["Customer"]["properties"]
    for name in ("birthDate", "createdAt", "updatedAt", "lastLevelRecalculation", "lastTransactionDate"):
        assert customer[name]["pattern"] == MOMENT_PATTERN and "format" not in customer[name]


def test_the_customers_computed_fields_have_their_real_types(client):
    schemas = document(client)["components"]["schemas"]
    customer = schemas["Customer"]["properties"]
    assert customer["status"]["$ref"] == "#/components/schemas/AccountStatus"
    assert schemas["AccountStatus"]["properties"]["type"]["enum"] == ["new", "active", "blocked", "deleted"]
    assert schemas["Level"]["properties"]["levelId"]["$ref"] == "#/components/schemas/LevelReference"
    assert {customer[name]["type"] for name in ("currency", "levelPercent", "posIdentifier", "id")} == {"string"}
    assert customer["segments"]["type"] == customer["campaignPurchases"]["type"] == "array"
