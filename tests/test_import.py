"""POST /api/<storeCode>/admin/customer/import: XML files of customers, item by item."""
import io
import re

import pytest
from sqlalchemy import func, select

from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, Message

URL = "/api/DEFAULT/admin/customer/import"
LEVEL1 = "e82c96cf-32a3-43bd-9034-4df343e51111"
START_LEVEL = "000096cf-32a3-43bd-9034-4df343e5fd93"
POS1 = "00000000-0000-474c-1111-b0dd880c07e2"
SELLER = "00000000-0000-474c-b092-b0dd880c07e4"
UNKNOWN = "99999999-0000-474c-b092-b0dd880c07e1"
NOT_XML = "This file is not a valid XML file."
REQUIRED = {"email": None, "firstName": "Jan", "lastName": "Kowalski", "active": "true", "agreement1": "true",
            "gender": "male"}


def customer_xml(email, **nodes):
    """One <customer>: the required nodes (None leaves one out) plus `nodes`, raw XML allowed."""
    values = {**REQUIRED, "email": email, **nodes}
    return "<customer>" + "".join(f"<{k}>{v}</{k}>" for k, v in values.items() if v is not None) + "</customer>"


def document(*customers):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<customers>' + "".join(customers) + "</customers>").encode()


def post_file(client, auth, content, role="admin", url=URL, filename="customers.xml"):
    return client.post(
        url,
        data={"file[file]": (io.BytesIO(content), filename, "application/xml")},
        headers=auth.headers(role),
        content_type="multipart/form-data",
    )


def import_xml(client, auth, *customers):
    response = post_file(client, auth, document(*customers))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def only_item(client, auth, customer):
    body = import_xml(client, auth, customer)
    assert body["totalProcessed"] == 1
    return body["items"][0]


def details(client, auth, customer_id, store="DEFAULT"):
    return client.get(f"/api/{store}/customer/{customer_id}", headers=auth.headers("admin"))


def customer_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Customer))


def message_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Message))


def outbox(app, recipient, kind):
    with app.app_context():
        query = select(Message).where(Message.recipient == recipient, Message.kind == kind)
        return [(message.body, message.customer_id) for message in db.session.scalars(query)]


def temporary_password(app, email):
    ((body, _),) = outbox(app, email, "temporary_password")
    return re.search(r"temporary password: (\S+)", body).group(1)


def test_import_answers_one_item_per_customer_with_totals(client, auth):
    body = import_xml(
        client, auth,
        customer_xml("first@import.test"),
        customer_xml("second@import.test", gender=None),
        customer_xml("third@import.test", gender="female"),
    )
    assert list(body) == ["items", "totalProcessed", "totalSuccess", "totalFailed"]
    assert (body["totalProcessed"], body["totalSuccess"], body["totalFailed"]) == (3, 2, 1)
    first, second, third = body["items"]
    assert list(first) == ["status", "processImportResult", "identifier"]
    assert first["status"] == "success" and first["identifier"] == "first@import.test"
    assert re.fullmatch(r"[0-9a-f-]{36}", first["processImportResult"]["object"])
    assert second == {
        "status": "error", "message": "Convert exception: gender is required node", "identifier": "second@import.test"
    }
    assert list(second) == ["status", "message", "identifier"]
    assert third["status"] == "success"


def test_imported_customer_has_every_field_of_the_file(client, auth):
    item = only_item(client, auth, customer_xml(
        "full@import.test",
        gender="female",
        birthDate="1985-03-04",
        agreement2="true",
        agreement3="false",
        phone="+48600100200",
        loyaltyCardNumber="IMP-0001",
        company="<name>Acme</name><nip>123-456</nip>",
        address="<street>Bagno</street><address1>1</address1><address2>2</address2><city>Warszawa</city>"
                "<country>PL</country><postal>00-000</postal><province>Mazowieckie</province>",
        labels="<label><key>source</key><value>import</value></label><label><key>vip</key><value>yes</value></label>",
    ))
    customer = details(client, auth, item["processImportResult"]["object"]).json
    assert (customer["firstName"], customer["lastName"], customer["gender"]) == ("Jan", "Kowalski", "female")
    assert customer["email"] == "full@import.test" and customer["phone"] == "+48600100200"
    assert customer["birthDate"] == "1985-03-04T01:00:00+0100"  # a date alone is midnight UTC
    assert customer["loyaltyCardNumber"] == "IMP-0001"
    assert customer["company"] == {"name": "Acme", "nip": "123-456"}
    assert customer["address"] == {
        "street": "Bagno", "address1": "1", "address2": "2", "province": "Mazowieckie",
        "city": "Warszawa", "postal": "00-000", "country": "PL",
    }
    assert customer["labels"] == [{"key": "source", "value": "import"}, {"key": "vip", "value": "yes"}]
    assert (customer["agreement1"], customer["agreement2"], customer["agreement3"]) == (True, True, False)
    assert customer["levelId"] == START_LEVEL and "manuallyAssignedLevelId" not in customer
    assert customer["active"] is True
    assert customer["status"]["type"] == "active" and customer["status"]["state"] == "no-card"


def test_import_assigns_level_manually_and_pos_and_seller(client, auth):
    item = only_item(client, auth, customer_xml("assigned@import.test", levelId=LEVEL1, posId=POS1, sellerId=SELLER))
    customer = details(client, auth, item["processImportResult"]["object"]).json
    assert customer["levelId"] == LEVEL1
    assert customer["manuallyAssignedLevelId"] == {"levelId": LEVEL1}
    assert customer["posId"] == POS1 and customer["posIdentifier"] == "pos1"
    assert customer["sellerId"] == SELLER


def test_active_imported_customer_logs_in_with_the_temporary_password(app, client, auth):
    only_item(client, auth, customer_xml("login@import.test"))
    password = temporary_password(app, "login@import.test")
    response = client.post("/api/customer/login_check", json={"_username": "login@import.test", "_password": password})
    assert response.status_code == 200
    assert response.json["error"] == "password change needed"


def test_inactive_imported_customer_is_new_and_gets_an_activation_mail_when_asked(app, client, auth):
    item = only_item(client, auth, customer_xml("inactive@import.test", active="false", sendActivationMail="true"))
    customer_id = item["processImportResult"]["object"]
    customer = details(client, auth, customer_id).json
    assert customer["active"] is False and customer["status"]["type"] == "new"
    ((body, owner),) = outbox(app, "inactive@import.test", "activation_link")
    assert owner == customer_id
    with app.app_context():
        token = db.session.get(Customer, customer_id).action_token
    assert re.fullmatch(r"[0-9a-f]{20}", token) and token in body
    password = temporary_password(app, "inactive@import.test")
    login = {"_username": "inactive@import.test", "_password": password}
    assert client.post("/api/customer/login_check", json=login).status_code == 401


def test_inactive_imported_customer_gets_no_activation_mail_unless_asked(app, client, auth):
    only_item(client, auth, customer_xml("quiet@import.test", active="false"))
    only_item(client, auth, customer_xml("quiet2@import.test", active="false", sendActivationMail="false"))
    assert outbox(app, "quiet@import.test", "activation_link") == []
    assert outbox(app, "quiet2@import.test", "activation_link") == []


@pytest.mark.parametrize("node", ["email", "firstName", "lastName", "active", "agreement1", "gender"])
def test_missing_required_node_is_a_convert_error(client, auth, node):
    nodes = {node: None} if node != "email" else {}
    item = only_item(client, auth, customer_xml(None if node == "email" else "req@import.test", **nodes))
    assert item["status"] == "error"
    assert item["message"] == f"Convert exception: {node} is required node"
    assert item["identifier"] == ("" if node == "email" else "req@import.test")


def test_empty_required_node_is_a_convert_error(client, auth):
    item = only_item(client, auth, customer_xml("empty@import.test", firstName=""))
    assert item["message"] == "Convert exception: firstName is required node"


@pytest.mark.parametrize(
    "nodes, message",
    [
        ({"birthDate": "11-09-1990"}, "birthDate has invalid date format (Y-m-d required)"),
        ({"birthDate": "1990-02-30"}, "birthDate has invalid date format (Y-m-d required)"),
        ({"birthDate": ""}, "birthDate has invalid date format (Y-m-d required)"),
        ({"active": "yes"}, "active should one of (true, false)"),
        ({"agreement1": "1"}, "agreement1 should one of (true, false)"),
        ({"sendActivationMail": "TRUE"}, "sendActivationMail should one of (true, false)"),
        ({"agreement2": "no"}, "agreement2 should one of (true, false)"),
        ({"agreement3": "maybe"}, "agreement3 should one of (true, false)"),
        ({"gender": "other"}, "gender should one of (male, female, not_disclosed)"),
        ({"levelId": "level1"}, "levelId should be UUID"),
        ({"posId": "pos1"}, "posId should be UUID"),
        ({"sellerId": "42"}, "sellerId should be UUID"),
    ],
)
def test_malformed_node_is_a_convert_error(client, auth, nodes, message):
    item = only_item(client, auth, customer_xml("bad@import.test", **nodes))
    assert item == {"status": "error", "message": f"Convert exception: {message}", "identifier": "bad@import.test"}


def test_convert_errors_come_in_open_loyaltys_node_order(client, auth):
    item = only_item(client, auth, customer_xml("order@import.test", gender="x", active="x", lastName=None))
    assert item["message"] == "Convert exception: lastName is required node"


@pytest.mark.parametrize(
    "nodes, message",
    [
        ({"email": "user@example.com"}, "Customer with such email already exists"),
        ({"email": "USER@Example.com"}, "Customer with such email already exists"),
        ({"phone": "48234234000"}, "Customer with such phone already exists"),
        ({"loyaltyCardNumber": "47834433524"}, "Customer with such loyalty card number already exists"),
        ({"levelId": UNKNOWN}, f"Level with id {UNKNOWN} does not exist"),
        ({"posId": UNKNOWN}, f"POS with id {UNKNOWN} does not exist"),
        ({"sellerId": UNKNOWN}, f"Seller with id {UNKNOWN} does not exist"),
        ({"phone": "+440000000"}, "phone: This value is not a valid phone number."),
        ({"email": "not-an-email"}, "email: This value is not a valid email address."),
        ({"labels": "<label><key></key><value>v</value></label>"}, "labels: Customer labels invalid data"),
    ],
)
def test_processing_failure_is_a_process_error(app, client, auth, nodes, message):
    before = customer_count(app)
    email = nodes.pop("email", "process@import.test")
    item = only_item(client, auth, customer_xml(email, **nodes))
    assert item == {"status": "error", "message": f"Process exception: {message}", "identifier": email}
    assert customer_count(app) == before


@pytest.mark.parametrize(
    "first, second, message",
    [
        ({}, {}, "Customer with such email already exists"),
        ({}, {"email": "Dup@Import.test"}, "Customer with such email already exists"),
        ({"phone": "+48600000001"}, {"email": "other@import.test", "phone": "48600000001"},
         "Customer with such phone already exists"),
        ({"loyaltyCardNumber": "CARD-1"}, {"email": "other@import.test", "loyaltyCardNumber": "CARD-1"},
         "Customer with such loyalty card number already exists"),
    ],
)
def test_duplicates_inside_one_file_count(client, auth, first, second, message):
    email = second.pop("email", "dup@import.test")
    body = import_xml(client, auth, customer_xml("dup@import.test", **first), customer_xml(email, **second))
    assert body["items"][0]["status"] == "success"
    assert body["items"][1] == {"status": "error", "message": f"Process exception: {message}", "identifier": email}
    assert (body["totalSuccess"], body["totalFailed"]) == (1, 1)


def test_a_failed_item_does_not_claim_its_email(client, auth):
    body = import_xml(client, auth, customer_xml("claim@import.test", gender="x"), customer_xml("claim@import.test"))
    assert [item["status"] for item in body["items"]] == ["error", "success"]


def test_import_goes_to_the_store_of_the_path(client, auth):
    response = post_file(client, auth, document(customer_xml("user-temp@example.com")),
                         url="/api/SECOND/admin/customer/import")
    item = response.json["items"][0]
    assert item["status"] == "success"
    customer_id = item["processImportResult"]["object"]
    assert details(client, auth, customer_id, store="SECOND").status_code == 200
    assert details(client, auth, customer_id).status_code == 404


def test_file_without_customers_imports_nothing(client, auth):
    assert import_xml(client, auth) == {"items": [], "totalProcessed": 0, "totalSuccess": 0, "totalFailed": 0}


def file_errors(response):
    assert response.status_code == 400, response.get_data(as_text=True)
    return response.json["form"]["children"]["file"]["errors"]


def test_missing_file_is_not_blank(client, auth):
    response = client.post(URL, data={}, headers=auth.headers("admin"), content_type="multipart/form-data")
    assert response.json == {"form": {"children": {"file": {"errors": ["This value should not be blank."]}}},
                             "errors": []}


def test_a_path_instead_of_a_file_is_not_valid(client, auth):
    response = client.post(URL, data={"file[file]": "C:\\fakepath\\customers.xml"}, headers=auth.headers("admin"))
    assert file_errors(response) == ["This value is not valid."]


def test_file_that_is_not_xml_is_a_form_error(client, auth):
    errors = file_errors(post_file(client, auth, b"email,firstName\njan@example.com,Jan\n", filename="c.csv"))
    assert errors == ['The mime type of the file is invalid ("text/plain"). '
                      'Allowed mime types are "application/xml", "text/xml".']


@pytest.mark.parametrize(
    "content",
    [b"<customers><customer>", b"<customers></customer>", b"<a><b></a>",
     b'<?xml version="1.0" encoding="bogus"?><customers/>'],
)
def test_malformed_xml_is_a_form_error(client, auth, content):
    assert file_errors(post_file(client, auth, content)) == [NOT_XML]


def test_xml_with_another_root_is_a_form_error(client, auth):
    assert file_errors(post_file(client, auth, b"<people><customer/></people>")) == ["XML has invalid structure"]


def test_empty_file_is_a_form_error(client, auth):
    assert file_errors(post_file(client, auth, b"")) == ["An empty file is not allowed."]


def test_file_over_16_megabytes_is_a_form_error(app, client, auth):
    before = customer_count(app)
    content = document(customer_xml("big@import.test")) + b" " * (16_000_000 + 500_000)
    errors = file_errors(post_file(client, auth, content))
    assert errors == ["The file is too large (16.5 MB). Allowed maximum size is 16 MB."]
    assert customer_count(app) == before


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE customers [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<customers><customer><email>bomb@import.test</email><firstName>&lol9;</firstName><lastName>B</lastName>
<active>true</active><agreement1>true</agreement1><gender>male</gender></customer></customers>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE customers [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<customers><customer><email>xxe@import.test</email><firstName>&secret;</firstName><lastName>B</lastName>
<active>true</active><agreement1>true</agreement1><gender>male</gender></customer></customers>"""
PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE customers [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>
<customers><customer><email>dtd@import.test</email><firstName>A</firstName><lastName>B</lastName>
<active>true</active><agreement1>true</agreement1><gender>male</gender></customer></customers>"""
DOCTYPE_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE customers SYSTEM "customers.dtd">
<customers><customer><email>doctype@import.test</email><firstName>A</firstName><lastName>B</lastName>
<active>true</active><agreement1>true</agreement1><gender>male</gender></customer></customers>"""


@pytest.mark.parametrize("content", [BOMB, EXTERNAL, PARAMETER, DOCTYPE_ONLY], ids=["bomb", "xxe", "dtd", "doctype"])
def test_entities_and_dtds_are_rejected_and_nothing_is_stored(app, client, auth, content):
    before = customer_count(app), message_count(app)
    assert file_errors(post_file(client, auth, content)) == [NOT_XML]
    assert (customer_count(app), message_count(app)) == before


@pytest.mark.parametrize("role, status", [("seller", 403), ("customer", 403)])
def test_only_admins_import(app, client, auth, role, status):
    before = customer_count(app)
    assert post_file(client, auth, document(customer_xml("role@import.test")), role=role).status_code == status
    assert customer_count(app) == before


def test_anonymous_import_is_unauthorized(client):
    response = client.post(URL, data={"file[file]": (io.BytesIO(document()), "c.xml")},
                           content_type="multipart/form-data")
    assert response.status_code == 401


def test_ten_thousand_customers_import_in_one_request(app, client, auth):
    customers = [
        customer_xml(f"bulk{n}@import.test", phone=f"600{n:06d}", loyaltyCardNumber=f"BULK{n:06d}",
                     birthDate="1990-01-01", active="true" if n % 2 else "false",
                     labels="<label><key>batch</key><value>1</value></label>")
        for n in range(10_000)
    ]
    body = import_xml(client, auth, *customers)
    assert (body["totalProcessed"], body["totalSuccess"], body["totalFailed"]) == (10_000, 10_000, 0)
    assert body["items"][-1]["identifier"] == "bulk9999@import.test"
    with app.app_context():
        imported = select(func.count()).select_from(Customer).where(Customer.email.like("bulk%@import.test"))
        assert db.session.scalar(imported) == 10_000
