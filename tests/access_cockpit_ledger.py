"""Authorization matrix rows of the cockpit support endpoints: ledger (app/api/cockpit/ledger.py).

A customer-only path is refused to admins and sellers (Open Loyalty's voters grant it to ROLE_PARTICIPANT
alone) and to a customer of another store (the cockpits serve the DEFAULT store)."""
from openloyalty_standin.seeds import transaction_id
from tests.authorization_matrix import Row
from tests.conftest import JOHN

JOHNS_TRANSACTION = transaction_id(JOHN, 1)
JOHNS_DOCUMENT = f"{JOHN[:8]}-2"
ADMIN_C_ID = "/api/admin/customer/<customer:customer>"
SELLER_C_ID = "/api/seller/customer/<customer:customer>"

ROWS = [
    # CALLERS:                                                     anon adm  sell self oth  2nd  deac del  mast wkey
    # admins only
    Row("GET", "/api/transaction",                                (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/admin/analytics/points",                     (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/admin/analytics/transactions",               (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/admin/analytics/customers",                  (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/admin/analytics/referrals",                  (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/invitations",                                (401, 200, 403, 403, 403, 403, 401, 401, 200, 403)),
    # admins and sellers
    Row("GET", "/api/seller/transaction",                         (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/points/transfer",                            (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", "/api/seller/points/transfer",                     (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", f"{ADMIN_C_ID}/campaign/available",                (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", f"{ADMIN_C_ID}/campaign/bought",                   (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        query={"includeDetails": "true"}),
    Row("GET", f"{SELLER_C_ID}/campaign/available",               (401, 200, 200, 403, 403, 403, 401, 401, 200, 403)),
    Row("GET", f"{SELLER_C_ID}/campaign/bought",                  (401, 200, 200, 403, 403, 403, 401, 401, 200, 403),
        query={"includeDetails": "true"}),
    # sellers only
    Row("GET", "/api/seller/transaction/<documentNumber>",        (401, 403, 200, 403, 403, 403, 401, 401, 403, 403),
        values={"documentNumber": JOHNS_DOCUMENT}),
    # admins, and the customer itself (not sellers)
    Row("GET", "/api/seller/transaction/customer/<customer:customer>",
        (401, 200, 403, 200, 403, 403, 401, 401, 200, 403)),
    # admins, sellers and the customer the transaction belongs to
    Row("GET", "/api/transaction/<transactionId>",                (401, 200, 200, 200, 403, 403, 401, 401, 200, 403),
        values={"transactionId": JOHNS_TRANSACTION}),
    Row("GET", "/api/customer/transaction/<transactionId>",       (401, 200, 200, 200, 403, 403, 401, 401, 200, 403),
        values={"transactionId": JOHNS_TRANSACTION}),
    # the calling customer's own
    Row("GET", "/api/customer/transaction",                       (401, 403, 403, 200, 200, 403, 401, 401, 403, 403)),
    Row("GET", "/api/customer/points/transfer",                   (401, 403, 403, 200, 200, 403, 401, 401, 403, 403)),
    Row("GET", "/api/customer/campaign/available",                (401, 403, 403, 200, 200, 403, 401, 401, 403, 403)),
    Row("GET", "/api/customer/campaign/bought",                   (401, 403, 403, 200, 200, 403, 401, 401, 403, 403)),
    Row("GET", "/api/customer/earningRule",                       (401, 403, 403, 200, 200, 403, 401, 401, 403, 403)),
]
