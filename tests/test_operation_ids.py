"""Every operation of the document has a stable camelCase operationId, so generated clients get
method names a developer can read (getCustomer, adminRegisterCustomer, searchPosCustomers)."""
import re

OPERATIONS = {"get", "put", "post", "delete", "patch"}


def operation_ids(document):
    return {(method, path): operation.get("operationId")
            for path, item in document["paths"].items() for method, operation in item.items()
            if method in OPERATIONS}


def test_every_operation_has_a_unique_camel_case_id(client):
    ids = operation_ids(client.get("/api/doc/openapi.json").json)
    missing = [key for key, name in ids.items() if not name]
    assert not missing
    assert len(set(ids.values())) == len(ids)
    assert all(re.fullmatch(r"[a-z][a-zA-Z0-9]+", name) for name in ids.values())


def test_the_ids_a_client_is_written_against(client):
    ids = operation_ids(client.get("/api/doc/openapi.json").json)
    assert ids[("get", "/api/{storeCode}/customer/{customer}")] == "getCustomer"
    assert ids[("post", "/api/{storeCode}/customer/register")] == "registerCustomer"
    assert ids[("post", "/api/{storeCode}/admin/customer/register")] == "adminRegisterCustomer"
    assert ids[("post", "/api/{storeCode}/seller/customer/register")] == "sellerRegisterCustomer"
    assert ids[("post", "/api/{storeCode}/pos/search/customer")] == "searchPosCustomers"
    assert ids[("post", "/api/admin/login_check")] == "loginAdmin"
