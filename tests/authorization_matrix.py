"""Who may call what: one row per route of the app, the expected status for every caller
(DECISIONS 1 and 3, behaviour notes A.5, A.6 and B), and how to make a valid request."""
import io
import re
from dataclasses import dataclass, field, replace

from PIL import Image

from tests.conftest import JOHN

CALLERS = ("anonymous", "admin", "seller", "self", "other", "second", "deactivated", "deleted", "master", "wrong_key")

MARIA = "1cb6d205-8b77-40e1-a801-052185ed52d9"  # a manually assigned level and the pushy token "pushy_token"
LEVEL2 = "e82c96cf-32a3-43bd-9034-4df343e52222"
POS1 = "00000000-0000-474c-1111-b0dd880c07e2"
_PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>")


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()
PDF = b"%PDF-1.4\n%%EOF\n"

IMPORT_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<customers><customer><email>imported@example.com</email>'
    b"<firstName>Jan</firstName><lastName>Kowalski</lastName><active>true</active>"
    b"<agreement1>true</agreement1><gender>male</gender></customer></customers>"
)


def _new_customer(email):
    return {"customer": {"firstName": "Matrix", "lastName": "Row", "email": email, "agreement1": True}}


@dataclass(frozen=True)
class Row:
    """A route, the status each caller gets, and a request an allowed caller makes successfully.

    `subject` is the customer the path names (and whose own token the "self" caller holds);
    `values` fill the other URL placeholders; `setup` names a preparation whose values fill
    "{...}" in the path values and the body.
    """

    method: str
    rule: str
    expect: tuple
    subject: str = JOHN
    values: dict = field(default_factory=dict)
    query: dict = None
    json: dict = None
    upload: tuple = None
    setup: str = None

    def __post_init__(self):
        assert len(self.expect) == len(CALLERS), self.rule

    @property
    def cells(self):
        return dict(zip(CALLERS, self.expect))

    @property
    def names_customer(self):
        return "<customer:customer>" in self.rule

    def url(self, customer=None, **prepared):
        values = {"storeCode": "DEFAULT", "customer": customer or self.subject, **self.values}
        return _PLACEHOLDER.sub(lambda match: values[match.group(1)].format(**prepared), self.rule)


C = "/api/<storeCode>/customer"
C_ID = f"{C}/<customer:customer>"
ADMIN_C = "/api/<storeCode>/admin/customer"
SELLER_C = "/api/<storeCode>/seller/customer"
ADMIN_C_ID = f"{ADMIN_C}/<customer:customer>"
SELLER_C_ID = f"{SELLER_C}/<customer:customer>"

ROWS = [
    # CALLERS:                                                 anon adm  sell self oth  2nd  deac del  mast wkey
    # login, refresh, docs and the dev control plane: anonymous, whatever credentials come along
    Row("POST", "/api/admin/login_check",                     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={"_username": "admin", "_password": "open"}),
    Row("POST", "/api/customer/login_check",                  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={"_username": "user@example.com", "_password": "loyalty"}),
    Row("POST", "/api/seller/login_check",                    (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={"_username": "john@doe.com", "_password": "open"}),
    Row("POST", "/api/token/refresh",                         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={"refresh_token": "{refresh_token}"}, setup="refresh_token"),
    Row("GET", "/api/doc/",                                   (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("GET", "/",                                           (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    Row("GET", "/health",                                     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("GET", "/api/doc/openapi.json",                       (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("GET", "/api/doc/assets/<path:filename>",             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        values={"filename": "swagger-ui.css"}),
    Row("GET", "/_dev/",                                      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("GET", "/_dev/assets/<path:filename>",                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        values={"filename": "console.js"}),
    Row("POST", "/_dev/reset",                                (204, 204, 204, 204, 204, 204, 204, 204, 204, 204)),
    Row("GET", "/_dev/outbox",                                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("DELETE", "/_dev/outbox",                             (204, 204, 204, 204, 204, 204, 204, 204, 204, 204)),
    Row("GET", "/_dev/outbox/latest",                         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        query={"to": "+48500100200"}, setup="activation_code"),
    Row("GET", "/_dev/clock",                                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("POST", "/_dev/clock/freeze",                         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={}),
    Row("POST", "/_dev/clock/advance",                        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={"seconds": 1}),
    Row("DELETE", "/_dev/clock",                              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("GET", "/_dev/export",                                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("PUT", "/_dev/import",                                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={"format": "openloyalty-standin-world", "version": 1, "tables": {}}),
    Row("GET", "/_dev/sandboxes",                             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("PUT", "/_dev/sandboxes/<sandbox:name>",              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        values={"name": "matrix"}, json={"from": "empty"}),
    Row("DELETE", "/_dev/sandboxes/<sandbox:name>",           (204, 204, 204, 204, 204, 204, 204, 204, 204, 204),
        values={"name": "matrix"}, setup="sandbox"),
    Row("GET", "/_dev/snapshots",                             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("POST", "/_dev/snapshots/<snapshot:name>",            (201, 201, 201, 201, 201, 201, 201, 201, 201, 201),
        values={"name": "matrix"}),
    Row("POST", "/_dev/snapshots/<snapshot:name>/restore",    (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        values={"name": "{name}"}, setup="snapshot"),
    Row("DELETE", "/_dev/snapshots/<snapshot:name>",          (204, 204, 204, 204, 204, 204, 204, 204, 204, 204),
        values={"name": "{name}"}, setup="snapshot"),
    Row("GET", "/_dev/requests",                              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("DELETE", "/_dev/requests",                           (204, 204, 204, 204, 204, 204, 204, 204, 204, 204)),
    Row("GET", "/_dev/faults",                                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Row("POST", "/_dev/faults",                               (201, 201, 201, 201, 201, 201, 201, 201, 201, 201),
        json={"path": "/nowhere/*", "status": 503}),
    Row("DELETE", "/_dev/faults",                             (204, 204, 204, 204, 204, 204, 204, 204, 204, 204)),
    Row("DELETE", "/_dev/faults/<int:fault_id>",              (204, 204, 204, 204, 204, 204, 204, 204, 204, 204),
        values={"fault_id": "{fault_id}"}, setup="fault"),
    Row("PUT", "/_dev/stores/<storeCode>/settings",           (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={"activationMethod": "email"}),

    # the customer's anonymous endpoints
    Row("GET", f"{C}/check",                                  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        query={"emailOrPhone": "user@example.com"}),
    Row("POST", f"{C}/self_register",                         (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        json={"customer": {"firstName": "Self", "lastName": "Registered", "email": "self.registered@example.com",
                           "agreement1": True, "plainPassword": "OpenLoyalty123!"}}),
    Row("POST", f"{C}/activate/<token>",                      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        values={"token": "abcde"}),
    Row("POST", f"{C}/activate-sms/<token>",                  (204, 204, 204, 204, 204, 204, 204, 204, 204, 204),
        values={"token": "{code}"}, setup="activation_code"),
    # anonymous with a phone, or a customer for its own phone; credentials, when sent, must be good
    Row("POST", f"{C}/customer-phone/send-sms-code",          (200, 200, 200, 200, 200, 403, 401, 401, 200, 403),
        json={"phone": "{phone}"}, setup="new_customer_phone"),

    # any authenticated caller; a code of another customer is not found (DECISIONS 3)
    Row("POST", f"{C}/confirm-change/<token>",                (401, 204, 204, 204, 404, 404, 401, 401, 204, 403),
        values={"token": "{code}"}, setup="phone_change_code"),
    Row("GET", f"{C}/registrations",                          (401, 200, 200, 200, 200, 200, 401, 401, 200, 403)),

    # the voter: admins and sellers, and a customer for itself (view, edit, status)
    Row("GET", C_ID,                                          (401, 200, 200, 200, 403, 403, 401, 401, 200, 403)),
    Row("PUT", C_ID,                                          (401, 200, 200, 200, 403, 403, 401, 401, 200, 403),
        json={"customer": {"firstName": "Johnny"}}),
    Row("GET", f"{C}/customer/<customer:customer>/status",    (401, 200, 200, 200, 403, 403, 401, 401, 200, 403)),
    Row("GET", f"{C_ID}/pushy-token",                         (401, 200, 200, 200, 403, 403, 401, 401, 200, 403),
        subject=MARIA),
    Row("POST", f"{C_ID}/pushy-token",                        (401, 204, 204, 204, 403, 403, 401, 401, 204, 403),
        subject=MARIA, json={"customer": {"pushyToken": "device-2"}}),
    Row("DELETE", f"{C_ID}/pushy-token/<tokenToRemove>",      (401, 204, 204, 204, 403, 403, 401, 401, 204, 403),
        subject=MARIA, values={"tokenToRemove": "pushy_token"}),
    Row("GET", f"{C_ID}/avatar",                              (401, 204, 204, 204, 403, 403, 401, 401, 204, 403)),
    Row("POST", f"{C_ID}/avatar",                             (401, 204, 204, 204, 403, 403, 401, 401, 204, 403),
        upload=("avatar[file]", "avatar.png", "image/png", _png())),
    Row("DELETE", f"{C_ID}/avatar",                           (401, 204, 204, 204, 403, 403, 401, 401, 204, 403)),

    # the voter: admins and sellers only
    Row("GET", C,                                             (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("POST", f"{C}/register",                              (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        json=_new_customer("registered@example.com")),
    Row("POST", f"{C_ID}/level",                              (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        subject=MARIA, json={"levelId": LEVEL2}),
    Row("POST", f"{C_ID}/remove-manually-level",              (401, 204, 204, 403, 403, 403, 401, 401, 204, 403),
        subject=MARIA),
    Row("POST", f"{C_ID}/pos",                                (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        json={"posId": POS1}),

    # deleting is for admins only (DECISIONS 3)
    Row("DELETE", C_ID,                                       (401, 204, 403, 403, 403, 403, 401, 401, 204, 403)),

    # /admin: admins only
    Row("GET", ADMIN_C,                                       (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("POST", f"{ADMIN_C}/register",                        (401, 200, 403, 403, 403, 403, 401, 401, 200, 403),
        json=_new_customer("registered@example.com")),
    Row("POST", f"{ADMIN_C_ID}/activate",                     (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("POST", f"{ADMIN_C_ID}/deactivate",                   (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", f"{ADMIN_C_ID}/status",                        (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("POST", f"{ADMIN_C_ID}/send-sms-code",                (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("POST", f"{ADMIN_C_ID}/anonymize",                    (401, 204, 403, 403, 403, 403, 401, 401, 204, 403)),
    Row("POST", f"{ADMIN_C}/import",                          (401, 200, 403, 403, 403, 403, 401, 401, 200, 403),
        upload=("file[file]", "customers.xml", "application/xml", IMPORT_XML)),

    # /seller and /pos: sellers and admins
    Row("POST", f"{SELLER_C}/register",                       (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        json=_new_customer("registered@example.com")),
    Row("POST", f"{SELLER_C_ID}/activate",                    (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("POST", f"{SELLER_C_ID}/deactivate",                  (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", f"{SELLER_C_ID}/status",                       (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("POST", f"{SELLER_C_ID}/send-sms-code",               (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("POST", f"{SELLER_C_ID}/pos",                         (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        json={"posId": POS1}),
    Row("POST", "/api/<storeCode>/pos/search/customer",       (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        json={"search": {"firstName": "John"}}),
]

# Open Loyalty 3.x clients call the same routes without the store segment (the DEFAULT store),
# and two of them by their 3.x names: the same rules apply.
STORE = "/api/<storeCode>/"
RENAMED_IN_3X = {
    f"{C}/customer/<customer:customer>/status": "/api/customer/<customer:customer>/status",
    f"{C}/registrations": "/api/customer/registrations/daily",
}
ROWS += [replace(row, rule="/api/" + row.rule[len(STORE):]) for row in ROWS if row.rule.startswith(STORE)]
ROWS += [replace(row, rule=RENAMED_IN_3X[row.rule]) for row in ROWS if row.rule in RENAMED_IN_3X]

# The cockpit support endpoints (app/api/cockpit), one module of rows per area; they have no 3.x twins.
from tests import access_cockpit_boot, access_cockpit_catalog, access_cockpit_files, access_cockpit_ledger  # noqa: E402

for _area in (access_cockpit_boot, access_cockpit_catalog, access_cockpit_files, access_cockpit_ledger):
    ROWS += _area.ROWS
