"""Authorization matrix rows of the cockpit support endpoints: catalog (app/api/cockpit/catalog.py)."""
from tests.authorization_matrix import Row  # noqa: F401
from tests.conftest import SELLER_ID

LEVEL0 = "e82c96cf-32a3-43bd-9034-4df343e50000"
POS2 = "00000000-0000-474c-1111-b0dd880c07e3"

ROWS = [
    # CALLERS:                                                 anon adm  sell self oth  2nd  deac del  mast wkey
    # levels and POS: admins and any seller
    Row("GET", "/api/level",                                  (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/seller/level",                           (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/level/<id>",                             (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        values={"id": LEVEL0}),
    Row("GET", "/api/seller/level/<id>",                      (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        values={"id": LEVEL0}),
    Row("GET", "/api/pos",                                    (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/seller/pos",                             (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/pos/<id>",                               (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        values={"id": POS2}),
    Row("GET", "/api/seller/pos/<id>",                        (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        values={"id": POS2}),
    Row("GET", "/api/pos/identifier/<identifier>",            (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        values={"identifier": "pos2"}),
    # the active levels: customers (of any store: levels belong to no store)
    Row("GET", "/api/customer/level",                         (401, 403, 403, 200, 200, 200, 401, 401, 403, 403)),
    # the seller list: admins only; one seller: admins, and the seller itself (the "seller" caller)
    Row("GET", "/api/seller",                                 (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/seller/<seller:id>",                     (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        values={"id": SELLER_ID}),
]
