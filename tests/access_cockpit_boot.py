"""Authorization matrix rows of the cockpit support endpoints: boot (app/api/cockpit/boot.py)."""
from tests.authorization_matrix import Row

ANYONE = (200,) * 10  # anonymous: a token, valid or not, is not even read
ADMIN = (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)
SIGNED_IN = (401, 200, 200, 200, 200, 200, 401, 401, 200, 403)

ROWS = [
    # CALLERS:                                          anon adm  sell self oth  2nd  deac del  mast wkey
    Row("GET", "/api/translations", ANYONE),
    Row("GET", "/api/admin/translations", ADMIN),
    Row("POST", "/api/admin/translations", ADMIN, json={"translation": {"code": "de", "name": "Deutsch"}}),
    Row("GET", "/api/admin/translations/<code>", ADMIN, values={"code": "pl"}),
    Row("PUT", "/api/admin/translations/<code>", ADMIN, values={"code": "pl"},
        json={"translation": {"name": "Polish"}}),
    Row("DELETE", "/api/admin/translations/<code>", (401, 204, 403, 403, 403, 403, 401, 401, 204, 403),
        values={"code": "pl"}),
    Row("GET", "/api/settings/choices/<kind>", ANYONE, values={"kind": "country"}),
    Row("GET", "/api/settings/activation-method", ANYONE),
    Row("GET", "/api/settings/public", SIGNED_IN),
    Row("GET", "/api/settings", ADMIN),
    Row("POST", "/api/settings", ADMIN, json={"settings": {"programName": "Matrix"}}),
    Row("GET", "/api/settings/conditions-url", SIGNED_IN),
]
