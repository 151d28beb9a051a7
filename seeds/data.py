"""The seed data: every customer, level, POS, seller and admin the reference and the
Open Loyalty fixtures show, with their ids and values."""

CUSTOMER_PASSWORD = "loyalty"  # every seeded customer's, unless its row says otherwise
DEFAULT_BIRTH = "1990-09-11T02:00:00+02:00"
FIXTURE_CREATED = "2016-08-08T10:53:14+02:00"
START_LEVEL = "000096cf-32a3-43bd-9034-4df343e5fd93"
LEVEL0 = "e82c96cf-32a3-43bd-9034-4df343e50000"
LEVEL1 = "e82c96cf-32a3-43bd-9034-4df343e51111"
POS1 = "00000000-0000-474c-1111-b0dd880c07e2"
POS2 = "00000000-0000-474c-1111-b0dd880c07e3"

STORES = [
    {"code": "DEFAULT", "name": "Default store", "currency": "eur", "activation_method": "email"},
    {"code": "SECOND", "name": "Second store", "currency": "eur", "activation_method": "email"},
]


def _level(id, name, pl, condition, reward, reward_name=None, **extra):
    return {
        "id": id,
        "name": name,
        "condition_value": condition,
        "reward_value": reward,
        "reward_name": reward_name,
        "translations": {"en": {"name": name}, "pl": {"name": pl}},
        **extra,
    }


LEVELS = [
    _level(LEVEL0, "level0", "poziom0", 0, 0.0, "test reward", description="The first level", reward_code="LEVEL0"),
    _level(LEVEL1, "level1", "poziom1", 20, 0.05, "test reward", description="From 20 spent", reward_code="LEVEL1"),
    _level("e82c96cf-32a3-43bd-9034-4df343e52222", "level2", "poziom2", 200, 0.10, "test reward",
           description="From 200 spent", reward_code="LEVEL2"),
    _level("e82c96cf-32a3-43bd-9034-4df343e53333", "level3", "poziom3", 999, 0.15, "Highest level reward",
           description="The highest level", reward_code="LEVEL3", min_order=50),
    _level(START_LEVEL, "start", "start", 0, 0.14, "Welcome reward", description="Where new customers start",
           reward_code="WELCOME14"),
]

POS = [
    {
        "id": POS1, "name": "test2", "identifier": "pos1", "description": "The Wrocław shop",
        "street": "Rynek", "address1": "1", "address2": "Ground floor", "province": "Dolnośląskie",
        "city": "Wrocław", "postal": "50-101", "country": "PL", "latitude": "51.1100", "longitude": "17.0320",
    },
    {
        "id": POS2, "name": "test1", "identifier": "pos2", "description": "The Warszawa shop",
        "street": "Marszałkowska", "address1": "10", "province": "Mazowieckie",
        "city": "Warszawa", "postal": "00-590", "country": "PL", "latitude": "52.2297", "longitude": "21.0122",
    },
]

# The languages of the cockpits' translations, as Open Loyalty's fixture has them (their texts are
# not shipped: {} unless TRANSLATIONS_FILE or TRANSLATIONS_DIR provides them).
LANGUAGES = [
    {"code": "en", "name": "English", "is_default": True, "position": 0, "updated_at": "2019-01-10T12:00:00+01:00"},
    {"code": "pl", "name": "Polski", "is_default": False, "position": 1, "updated_at": "2019-01-10T12:00:00+01:00"},
]

ADMINS = [
    {"id": "22200000-0000-474c-b092-b0dd880c07e2", "username": "admin", "email": "admin@oloy.com", "password": "open"},
]

SELLERS = [
    {
        "id": "00000000-0000-474c-b092-b0dd880c07e4", "email": "john@doe.com", "first_name": "John",
        "last_name": "Doe", "phone": "+48123123123", "pos_id": POS1, "password": "open",
        "allow_point_transfer": True,
    },
    {
        "id": "00000000-0000-474c-b092-b0dd880c07e5", "email": "john2@doe2.com", "first_name": "John2",
        "last_name": "Doe2", "phone": "+48123123124", "pos_id": POS2, "password": "open",
    },
]


def _fixture(id, first, last, email, phone=None, **extra):
    """A customer of Open Loyalty's fixtures: male, born 1990-09-11, active, level0."""
    return {
        "id": id, "first_name": first, "last_name": last, "email": email, "phone": phone,
        "gender": "male", "birth_date": DEFAULT_BIRTH, "created_at": FIXTURE_CREATED,
        "level_id": LEVEL0, **extra,
    }


CUSTOMERS = [
    _fixture(
        "00000000-0000-474c-b092-b0dd880c07e1", "John", "Doe", "user@example.com", "+48234234000",
        loyalty_card_number="47834433524", pos_id=POS2, version=7,
        last_level_recalculation="2019-03-19T12:00:09+01:00", updated_at="2019-03-19T11:52:49+01:00",
        # (moment, gross value[, POS]): John Doe bought both at his own POS
        transactions=[("2019-03-16T12:53:23+01:00", 1, POS2), ("2019-03-20T11:52:56+01:00", 2, POS2)],
        pending_phone=("+48234234001", "153105"),
        # What he bought, by the index of the transaction (items add up to its gross value).
        purchases={
            0: {"purchase_place": "Warszawa", "labels": [("channel", "store")], "items": [
                {"sku": {"code": "SKU-COFFEE"}, "name": "Coffee", "quantity": 1, "grossValue": 1,
                 "category": "Drinks", "maker": "Kawiarnia", "labels": []},
            ]},
            1: {"purchase_place": "Warszawa", "labels": [("channel", "store"), ("promotion", "breakfast")], "items": [
                {"sku": {"code": "SKU-CROISSANT"}, "name": "Croissant", "quantity": 2, "grossValue": 1.5,
                 "category": "Bakery", "maker": "Piekarnia", "labels": [{"key": "fresh", "value": "yes"}]},
                {"sku": {"code": "SKU-WATER"}, "name": "Water", "quantity": 1, "grossValue": 0.5,
                 "category": "Drinks", "maker": "Kawiarnia", "labels": []},
            ]},
        },
        # (type, points, created and expiring in days from the load-time clock[, details]): at the
        # reference's moment 2019-03-20T12:00+01:00 these give its "Customer status" example; the
        # canceled transfer counts for nothing.
        points=[
            ("adding", 88, -69, -20, {"issuer": "admin", "comment": "Welcome bonus"}),
            ("adding", 141.9, -18, 26, {"issuer": "api", "comment": "Points moved from the old programme"}),
            ("spending", 25, -17, None, {"issuer": "seller", "comment": "Coffee reward", "pos_id": POS2}),
            ("adding", 33, -15, 25, {"comment": "Purchase", "transaction": 0, "pos_id": POS2}),
            ("adding", 12, -14, 28, {"comment": "Purchase", "transaction": 1, "pos_id": POS2}),
            ("adding", 10, -13, 30, {"issuer": "admin", "comment": "Added by mistake", "state": "canceled"}),
        ],
    ),
    _fixture(
        "00000000-0000-474c-b092-b0dd880c07e2", "Jane", "Doe", "user-temp@example.com", "111112222",
        loyalty_card_number="0000", level_id=START_LEVEL, password_temporary=True,
        address={"street": "Bagno", "address1": "1", "province": "Mazowieckie", "city": "Warszawa",
                 "postal": "00-000", "country": "PL"},
        updated_at="2018-02-02T11:23:18+01:00", transactions=[("2018-02-03T11:23:21+01:00", 3)],
    ),
    {
        "id": "41fd3247-2069-4677-8904-584f0ed9f6be", "first_name": "test", "last_name": "test",
        "email": "test4@example.com", "address": {}, "level_id": START_LEVEL, "agreement1": True,
        "created_at": "2018-02-02T11:39:17+01:00", "updated_at": "2018-02-02T11:39:28+01:00",
    },
    {
        "id": "142cbe32-da28-42d0-87aa-f93f3e1ebb91", "first_name": "test", "last_name": "test",
        "email": "test3@example.com", "address": {}, "level_id": START_LEVEL, "agreement1": True,
        "created_at": "2018-02-02T11:38:19+01:00", "updated_at": "2018-02-02T11:38:20+01:00",
    },
    _fixture(
        "11111111-0000-474c-b092-b0dd880c07e1", "John1", "Doe1", "user-1@example.com", "+48456456000",
        labels=[("test", "test")], last_level_recalculation="2019-03-15T13:00:05+01:00",
        updated_at="2019-03-15T12:53:18+01:00",
    ),
    _fixture("22222222-0000-474c-b092-b0dd880c07e1", "Alice", "Smith", "user-2@oloy.com", "+48456457000", pos_id=POS1),
    _fixture("22222222-0000-474c-b092-b0dd880c07e2", "Jane", "Fonda", "user-3@oloy.com", "+48123456789", pos_id=POS1),
    _fixture("11000000-0000-474c-b092-b0dd880c07e2", "Jon", "Returner", "return@oloy.com", "+48123123787",
             password="return"),
    _fixture("00000000-0000-474c-b092-b0dd880c07f3", "Transfer", "One", "user-transfer-1@oloy.com"),
    _fixture("00000000-0000-474c-b092-b0dd880c07f4", "Transfer", "Two", "user-transfer-2@oloy.com"),
    _fixture("00000000-0000-474c-b092-b0dd880c07f5", "Transfer", "Three", "user-transfer-3@oloy.com"),
    _fixture("00000000-0000-474c-b092-b0dd880c07aa", "Return", "User", "user-return@oloy.com"),
    {
        "id": "1bbafb37-b51b-47c5-b3e4-e0a2d028e655", "first_name": "Adam", "last_name": "Nowak",
        "email": "adam.nowak@example.com", "phone": "+48500100200", "gender": "male", "address": {},
        "agreement1": True, "level_id": START_LEVEL, "created_at": "2019-03-18T09:15:00+01:00",
        "active": False, "status_type": "new", "status_state": None, "action_token": "abcde",
        "activation_code": "954604",
    },
    {
        "id": "1cb6d205-8b77-40e1-a801-052185ed52d9", "first_name": "Maria", "last_name": "Wiśniewska",
        "email": "maria@example.com", "phone": "+48500100300", "gender": "female", "address": {},
        "agreement1": True, "level_id": LEVEL1, "manually_assigned_level_id": LEVEL1,
        "created_at": "2019-02-10T10:00:00+01:00", "pushy_tokens": ["pushy_token"],
    },
    {
        "id": "c9be6a4e-9a21-414a-bbbd-f506d9ffad85", "first_name": "Piotr", "last_name": "Zieliński",
        "email": "piotr@example.com", "phone": "899000333", "gender": "male", "address": {},
        "agreement1": True, "level_id": START_LEVEL, "created_at": "2019-01-05T08:30:00+01:00",
    },
    {
        "id": "e0eb0355-8aaa-4fb1-8159-f58e81b7a25c", "first_name": "John", "last_name": "Kowalski",
        "email": "john.kowalski@example.com", "phone": "+48500100400", "gender": "not_disclosed", "address": {},
        "agreement1": True, "level_id": START_LEVEL, "created_at": "2018-02-02T11:20:00+01:00",
    },
    {
        "id": "a284f230-c1c0-4a1c-af9a-159b81de1f2b", "first_name": "Test", "last_name": "test",
        "email": "test-test@example.com", "gender": "not_disclosed", "address": {}, "agreement1": True,
        "level_id": LEVEL1, "created_at": "2018-02-02T11:30:00+01:00",
        "transactions": [("2018-02-04T10:00:00+01:00", 40), ("2018-02-05T10:00:00+01:00", 60)],
    },
    {
        "id": "33333333-0000-474c-b092-b0dd880c07e1", "store_code": "SECOND", "first_name": "Anna",
        "last_name": "Second", "email": "user@example.com", "phone": "+48234234000", "gender": "female",
        "address": {}, "agreement1": True, "level_id": START_LEVEL, "created_at": "2019-01-01T12:00:00+01:00",
    },
    {
        "id": "33333333-0000-474c-b092-b0dd880c07e2", "store_code": "SECOND", "first_name": "Bob",
        "last_name": "Second", "email": "bob@second.example.com", "gender": "male", "address": {},
        "agreement1": True, "level_id": START_LEVEL, "created_at": "2019-01-02T12:00:00+01:00",
    },
]
