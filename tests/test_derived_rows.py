"""The rows the database derives from the customers, kept by the session on every engine: the
per-store totals of an unfiltered list and each label's store (what a label filter reads), through
registrations, label changes, deletions, an emptied sandbox and an imported world."""
LIST = "/api/DEFAULT/customer"
SECOND_LIST = "/api/SECOND/customer"


def total(client, headers, path=LIST, query=""):
    response = client.get(f"{path}?perPage=1{query}", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["total"]


def register(client, headers, email, labels=""):
    body = {"customer": {"firstName": "Derived", "lastName": "Rows", "email": email, "agreement1": True,
                         "labels": labels}}
    response = client.post("/api/DEFAULT/customer/register", json=body, headers=headers)
    assert response.status_code == 200, response.json
    return response.json["customerId"]


def test_totals_and_label_filters_follow_every_write(client, auth):
    admin = auth.headers("admin")
    seeded, second = total(client, admin), total(client, admin, SECOND_LIST)
    first = register(client, admin, "derived.one@example.com", "colour:teal")
    register(client, admin, "derived.two@example.com")
    assert total(client, admin) == seeded + 2
    assert total(client, admin, query="&labels[0][key]=colour&labels[0][value]=teal") == 1

    changed = client.put(f"{LIST}/{first}", json={"customer": {"labels": "colour:plum"}}, headers=admin)
    assert changed.status_code == 200, changed.json
    assert total(client, admin, query="&labels[0][key]=colour&labels[0][value]=teal") == 0
    assert total(client, admin, query="&labels[0][key]=colour&labels[0][value]=plum") == 1

    assert client.delete(f"{LIST}/{first}", headers=admin).status_code == 204
    assert total(client, admin) == seeded + 1
    assert total(client, admin, query="&labels[0][key]=colour") == 0
    assert total(client, admin, SECOND_LIST) == second  # the other store's total is its own


def test_an_emptied_sandbox_and_an_imported_world_count_their_own_customers(client, auth):
    admin = auth.headers("admin")
    register(client, admin, "derived.three@example.com", "colour:teal")
    exported = client.get("/_dev/export").json
    assert client.put("/_dev/sandboxes/emptied", json={"from": "empty"}).status_code == 200
    login = client.post("/sandbox/emptied/api/admin/login_check", json={"_username": "admin", "_password": "open"})
    assert total(client, {"Authorization": f"Bearer {login.json['token']}"}, "/sandbox/emptied" + LIST) == 0

    for row in exported["tables"]["customer_labels"]:
        row["store_code"] = None  # a document written by hand may leave the derived store out
    assert client.put("/sandbox/imported/_dev/import", json=exported).status_code == 200
    login = client.post("/sandbox/imported/api/admin/login_check", json={"_username": "admin", "_password": "open"})
    headers = {"Authorization": f"Bearer {login.json['token']}"}
    assert total(client, headers, "/sandbox/imported" + LIST) == total(client, admin)
    assert total(client, headers, "/sandbox/imported" + LIST, "&labels[0][key]=colour&labels[0][value]=teal") == 1
