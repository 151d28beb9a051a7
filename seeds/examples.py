"""Example values for the OpenAPI document, taken from the seed data, so every example a
client copies from the document works verbatim against a freshly seeded server."""
from openloyalty_standin.seeds import data

JOHN, JANE, JOHN1 = data.CUSTOMERS[0], data.CUSTOMERS[1], data.CUSTOMERS[4]
ADDRESS = JANE["address"]

# Path and query parameters, by name.
PARAMETERS = {
    "storeCode": "DEFAULT",
    "customer": JOHN["id"],
    "email": JOHN["email"],
    "emailOrPhone": JOHN["email"],
    "phone": JANE["phone"],
    "firstName": JOHN["first_name"],
    "lastName": JOHN["last_name"],
    "loyaltyCardNumber": JOHN["loyalty_card_number"],
    "to": JOHN["email"],
    "kind": "language",  # a choice type
    "code": data.LANGUAGES[0]["code"],
}

_CUSTOMER = {
    "customerId": JOHN["id"],
    "firstName": JOHN["first_name"],
    "lastName": JOHN["last_name"],
    "gender": JOHN["gender"],
    "email": JOHN["email"],
    # Input fields document digits only ("+" and a valid international number work too).
    "phone": JANE["phone"],
    "birthDate": "1990-09-11",
    "loyaltyCardNumber": JOHN["loyalty_card_number"],
    "levelId": data.LEVEL1,
    "posId": data.POS2,
    "agreement1": True,
}

# Properties of the component schemas, by schema name and property name.
PROPERTIES = {
    "CustomerRegister": _CUSTOMER,
    "CustomerUpdate": _CUSTOMER,
    "Customer": {
        **_CUSTOMER, "phone": JOHN["phone"], "birthDate": JOHN["birth_date"], "levelId": data.LEVEL0, "id": data.LEVEL0
    },
    "CustomerSearch": {**_CUSTOMER, "city": ADDRESS["city"], "postcode": ADDRESS["postal"]},
    "CustomerStatus": {key: _CUSTOMER[key] for key in ("customerId", "firstName", "lastName")},
    "RegisteredCustomer": {key: _CUSTOMER[key] for key in ("customerId", "email")},
    "CustomerId": {"customerId": JOHN["id"]},
    "Address": ADDRESS,
    "AddressDetails": ADDRESS,
    "Label": dict(zip(("key", "value"), JOHN1["labels"][0])),
    "LabelFilter": dict(zip(("key", "value"), JOHN1["labels"][0])),
    "Login": {"_username": JOHN["email"], "_password": "loyalty"},
    "AssignLevel": {"levelId": data.LEVEL1},
    "AssignPos": {"posId": data.POS1},
    "PhoneCodeRequest": {"phone": JANE["phone"]},
    "PushyToken": {"pushyToken": "pushy_token"},
    "StoreSettings": {"activationMethod": "sms"},
}
