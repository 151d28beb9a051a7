"""Synthetic customers (`seed --customers N`) and the list at size: the search index, the kept
counts and the index-only paging must give exactly the answers a plain scan gives."""

from urllib.parse import urlencode

import pytest

from openloyalty_standin.app import create_app
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.testing.support import Auth, _config

SYNTHETIC = 3000
LIST = "/api/DEFAULT/admin/customer"


def _build(ol_template, folder, customers=SYNTHETIC):
    app = create_app(_config(str(folder), ol_template.copy(str(folder)), ol_template))
    result = app.test_cli_runner().invoke(args=["seed", "--customers", str(customers)])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="module")
def big(ol_template, tmp_path_factory):
    app = _build(ol_template, tmp_path_factory.mktemp("synthetic"))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def admin(big):
    return Auth(big).headers("admin")


@pytest.fixture(scope="module")
def everyone(big, admin):
    response = big.test_client().get(f"{LIST}?perPage=-1", headers=admin)
    assert response.status_code == 200
    return response.json["customers"]


def listed(app, admin, query):
    response = app.test_client().get(f"{LIST}?{query}", headers=admin)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def test_the_command_adds_the_customers_and_says_so(ol_template, tmp_path):
    app = _build(ol_template, tmp_path, customers=0)
    result = app.test_cli_runner().invoke(args=["seed", "--customers", "25"])
    assert result.exit_code == 0
    assert "25 synthetic customers added" in result.output
    with app.app_context():
        db.engine.dispose()


def test_synthetic_customers_are_listed_and_counted(big, admin, everyone):
    body = listed(big, admin, "perPage=10")
    assert body["total"] == len(everyone) > SYNTHETIC
    assert len(body["customers"]) == 10


def test_the_same_count_gives_the_same_customers(big, admin, ol_template, tmp_path):
    other = _build(ol_template, tmp_path, customers=SYNTHETIC)
    try:
        first = listed(big, admin, "perPage=50&sort=email&direction=asc")["customers"]
        again = listed(other, Auth(other).headers("admin"), "perPage=50&sort=email&direction=asc")["customers"]
        assert [(c["customerId"], c["email"], c["firstName"]) for c in first] == [
            (c["customerId"], c["email"], c["firstName"]) for c in again
        ]
    finally:
        with other.app_context():
            db.engine.dispose()


def test_a_synthetic_customer_reads_like_any_other(big, admin, everyone):
    synthetic = next(c for c in everyone if c["email"].endswith("@example.net"))
    response = big.test_client().get(f"/api/DEFAULT/customer/{synthetic['customerId']}", headers=admin)
    assert response.status_code == 200
    assert response.json["email"] == synthetic["email"]
    status = big.test_client().get(f"/api/DEFAULT/customer/customer/{synthetic['customerId']}/status", headers=admin)
    assert status.status_code == 200


def _values(everyone, field):
    """Substrings of real values: 3 and 4 characters (the search index), 1 and 2 (a plain scan),
    upper-cased (case folds) and one that matches nothing."""
    values = {"zqzqx"}
    for customer in everyone[::397]:
        text = customer.get(field) or ""
        if len(text) >= 5:
            values |= {text[1:4], text[:4].upper(), text[2:3], text[-2:], text}
    return sorted(values)


@pytest.mark.parametrize(
    "name, fields",
    [("firstName", ["firstName"]), ("lastName", ["lastName"]), ("email", ["email"]), ("phone", ["phone"]),
     ("loyaltyCardNumber", ["loyaltyCardNumber"]), ("emailOrPhone", ["email", "phone"])],
)
def test_substring_filters_find_exactly_what_a_scan_finds(big, admin, everyone, name, fields):
    for value in _values(everyone, fields[0]):
        expected = {c["customerId"] for c in everyone
                    if any(value.lower() in (c.get(field) or "").lower() for field in fields)}
        body = listed(big, admin, f"{name}={value}&perPage=-1")
        assert body["total"] == len(expected), value
        assert {c["customerId"] for c in body["customers"]} == expected, value


def test_case_folding_reaches_letters_beyond_ascii(big, admin, everyone):
    accented = next(c for c in everyone if any(not ch.isascii() for ch in c["lastName"]) and len(c["lastName"]) > 3)
    name = accented["lastName"]
    index = next(i for i, ch in enumerate(name) if not ch.isascii())
    start = max(index - 1, 0)
    fragment = name[start:start + 3].upper()
    expected = {c["customerId"] for c in everyone if fragment.lower() in c["lastName"].lower()}
    assert accented["customerId"] in expected
    body = listed(big, admin, f"lastName={fragment}&perPage=-1")
    assert {c["customerId"] for c in body["customers"]} == expected


def test_strict_filters_match_whole_values(big, admin, everyone):
    target = everyone[1234]
    body = listed(big, admin, f"strict=1&email={target['email'].upper()}&perPage=-1")
    assert [c["customerId"] for c in body["customers"]] == [target["customerId"]]
    body = listed(big, admin, f"strict=1&firstName={target['firstName'][:3]}&perPage=-1")
    assert all(c["firstName"].lower() == target["firstName"][:3].lower() for c in body["customers"])


@pytest.mark.parametrize("sort", ["createdAt", "lastName", "transactionsAmount", "birthDate", "phone", "level.name"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_every_page_is_the_slice_of_the_whole_order(big, admin, sort, direction):
    whole = [c["customerId"] for c in listed(big, admin, f"sort={sort}&direction={direction}&perPage=-1")["customers"]]
    for page in (1, 2, 77, 150, 151):
        body = listed(big, admin, f"sort={sort}&direction={direction}&perPage=20&page={page}")
        assert [c["customerId"] for c in body["customers"]] == whole[(page - 1) * 20:page * 20]
        assert body["total"] == len(whole)


def test_label_and_range_filters_agree_with_a_scan(big, admin, everyone):
    expected = {c["customerId"] for c in everyone if {"key": "segment", "value": "gold"} in c["labels"]}
    body = listed(big, admin, "labels[0][key]=segment&labels[0][value]=gold&perPage=-1")
    assert expected and {c["customerId"] for c in body["customers"]} == expected
    expected = {c["customerId"] for c in everyone if 100 <= c["transactionsAmount"] <= 300}
    body = listed(big, admin, "transactionsAmountFrom=100&transactionsAmountTo=300&perPage=-1")
    assert expected and {c["customerId"] for c in body["customers"]} == expected


def test_counts_and_search_follow_every_write(ol_app, ol_client, ol_auth):
    admin = ol_auth.headers("admin")
    before = listed(ol_app, admin, "perPage=1")["total"]
    form = {
        "customer": {"firstName": "Żaneta", "lastName": "Quellbrunn", "email": "zq@example.com", "agreement1": True}
    }
    created = ol_client.post("/api/DEFAULT/customer/register", headers=admin, json=form)
    assert created.status_code == 200
    customer_id = created.json["customerId"]
    assert listed(ol_app, admin, "perPage=1")["total"] == before + 1
    assert [c["customerId"] for c in listed(ol_app, admin, "lastName=llbru")["customers"]] == [customer_id]
    assert [c["customerId"] for c in listed(ol_app, admin, "firstName=ŻANE")["customers"]] == [customer_id]
    renamed = ol_client.put(f"/api/DEFAULT/customer/{customer_id}", headers=admin,
                            json={"customer": {"lastName": "Ostwind"}})
    assert renamed.status_code == 200
    assert listed(ol_app, admin, "lastName=llbru")["total"] == 0
    assert [c["customerId"] for c in listed(ol_app, admin, "lastName=stwin")["customers"]] == [customer_id]
    deleted = ol_client.delete(f"/api/DEFAULT/customer/{customer_id}", headers=admin)
    assert deleted.status_code in (200, 204)
    assert listed(ol_app, admin, "perPage=1")["total"] == before
    assert listed(ol_app, admin, "lastName=stwin")["total"] == 0


def test_reset_restores_the_seed_counts(ol_template, tmp_path):
    app = _build(ol_template, tmp_path, customers=40)
    admin = Auth(app).headers("admin")
    assert listed(app, admin, "perPage=1")["total"] > 40
    assert app.test_cli_runner().invoke(args=["seed", "--reset"]).exit_code == 0
    body = listed(app, admin, "perPage=-1")
    assert body["total"] == len(body["customers"]) < 40
    assert listed(app, admin, "email=example.net")["total"] == 0
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("name, fragment", [
    ("İnce", "i"), ("İnce", "in"), ("İnce", "nce"), ("İnce", "ce"), ("xİk", "k"), ("\u212aarlsson", "ka"),
    ("\u212aarlsson", "ar"), ("\u212aarlsson", "KA"), ("Straße", "sse"), ("Straße", "str"), ("Ærø", "r"),
])
def test_ascii_filters_find_letters_that_fold_to_ascii(ol_app, ol_client, ol_auth, name, fragment):
    """A short ASCII value is matched in C, but a name whose lower case holds it is still found;
    İ folds to i, one letter for one, on every engine."""
    admin = ol_auth.headers("admin")
    form = {"customer": {"firstName": "Fold", "lastName": name, "email": "fold@example.com", "agreement1": True}}
    created = ol_client.post("/api/DEFAULT/customer/register", headers=admin, json=form)
    assert created.status_code == 200
    found = {c["customerId"] for c in listed(ol_app, admin, f"lastName={fragment}&perPage=-1")["customers"]}
    assert (created.json["customerId"] in found) == (fragment.lower() in name.lower().replace("i\u0307", "i"))


def test_a_label_counts_only_the_customers_of_the_store(ol_app, ol_client, ol_auth):
    admin = ol_auth.headers("admin")
    second = "33333333-0000-474c-b092-b0dd880c07e1"
    query = "labels[0][key]=test&labels[0][value]=test&perPage=-1"
    before = listed(ol_app, admin, query)
    assert before["total"] == len(before["customers"]) >= 1
    labelled = ol_client.put(f"/api/SECOND/customer/{second}", headers=admin,
                             json={"customer": {"labels": "test:test;test:test"}})
    assert labelled.status_code == 200
    assert listed(ol_app, admin, query) == before
    response = ol_client.get(f"/api/SECOND/admin/customer?{query}", headers=admin)
    assert response.json["total"] == 1 and [c["customerId"] for c in response.json["customers"]] == [second]


def test_a_new_database_takes_synthetic_customers_at_once(ol_template, tmp_path):
    """`seed --customers N` on an instance that has no database yet: created, seeded, then added to."""
    app = create_app(_config(str(tmp_path), str(tmp_path / "new.db"), ol_template))
    try:
        result = app.test_cli_runner().invoke(args=["seed", "--customers", "30"])
        assert result.exit_code == 0, result.output
        assert listed(app, Auth(app).headers("admin"), "email=example.net&perPage=-1")["total"] >= 1
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("email, asked, matches", [
    ("ingrid.lind@example.com", "Ingrid.Lind@EXAMPLE.com", True),
    ("İngrid.lİnd@example.com", "ingrid.lind@example.com", True),
    ("İngrid.lİnd@example.com", "İNGRID.LİND@example.com", True),
    ("ingrid.lind@example.com", "ingrid.lin@example.com", False),
    ("iiiiiiii@example.com", "IIIIIIII@example.com", True),
])
def test_a_strict_email_filter_finds_the_address_in_any_case(ol_app, ol_client, ol_auth, email, asked, matches):
    """Found on the e-mail index: İ folds to i, also in an address whose i's are too many to try."""
    admin = ol_auth.headers("admin")
    form = {"customer": {"firstName": "Fold", "lastName": "Mail", "email": email, "agreement1": True}}
    created = ol_client.post("/api/DEFAULT/customer/register", headers=admin, json=form)
    assert created.status_code == 200, created.get_data(as_text=True)
    body = listed(ol_app, admin, urlencode({"email": asked, "strict": 1, "perPage": -1}))
    assert ([c["customerId"] for c in body["customers"]] == [created.json["customerId"]]) == matches
    assert body["total"] == (1 if matches else 0)


@pytest.mark.parametrize("key", ["transactionsAmount", "averageTransactionAmount", "transactionsCount"])
def test_one_bound_of_a_range_counts_what_the_list_holds(big, admin, everyone, key):
    """A bound over most customers is counted as the store's count less the other side: the
    total is still the number of customers the list holds, on either side of the middle."""
    values = sorted(customer[key] for customer in everyone)
    for bound in (values[0], values[len(values) // 4], values[len(values) // 2], values[-len(values) // 4], values[-1]):
        for side in ("From", "To"):
            body = listed(big, admin, f"{key}{side}={bound}&perPage=-1")
            assert body["total"] == len(body["customers"]) > 0, (side, bound)
