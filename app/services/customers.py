"""Customer use cases: register, update, activate and deactivate, and finding one."""
import re
import secrets
from functools import lru_cache

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.security import generate_password_hash

from openloyalty_standin.app import clock
from openloyalty_standin.app.errors import FormError, NotFound
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, CustomerLabel, Level, Pos, Seller
from openloyalty_standin.app.services import codes, ids, outbox, program_settings
from openloyalty_standin.schemas.customer import AddressDetailsSchema, CustomerRegisterSchema, CustomerUpdateSchema
from openloyalty_standin.schemas.fields import NOT_BLANK, NOT_VALID

UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
EMAIL_TAKEN = "Customer with such email already exists."
PHONE_TAKEN = "Customer with such phone already exists."
CARD_TAKEN = "Customer with such loyalty card number already exists."
NO_START_LEVEL = "Neither level is not available as start level for this customer."
NO_PROFILE_EDITS = "You don't have permission to edit this data."
# What a customer may still send of itself when the program allows no profile edits.
EDITABLE_WITHOUT_PROFILE_EDITS = {"agreement1", "agreement2", "agreement3", "createdAt", "posId", "sellerId", "levelId"}
ADDRESS_KEYS = tuple(AddressDetailsSchema().fields)
SIMPLE_FIELDS = {
    "firstName": "first_name",
    "lastName": "last_name",
    "gender": "gender",
    "email": "email",
    "phone": "phone",
    "birthDate": "birth_date",
    "createdAt": "created_at",
    "loyaltyCardNumber": "loyalty_card_number",
    "agreement1": "agreement1",
    "agreement2": "agreement2",
    "agreement3": "agreement3",
}
REQUIRED_FIELDS = {"firstName", "lastName", "createdAt", "gender"}


def find_customer(*, store, reference, for_update=False):
    """Return the store's customer by UUID, else by loyalty card number, else 404; `for_update`
    locks its row until the transaction ends (and reads it afresh)."""
    lock = {"of": Customer} if for_update else None
    if UUID_PATTERN.match(reference):
        customer = db.session.get(Customer, reference.lower(), options=[joinedload(Customer.labels)],
                                  with_for_update=lock, populate_existing=for_update)
        if customer is not None and customer.store_code == store.code:
            return customer
        raise NotFound()
    statement = select(Customer).where(Customer.store_code == store.code, Customer.card_key == reference)
    if for_update:
        statement = statement.with_for_update(of=Customer).execution_options(populate_existing=True)
    customer = db.session.scalar(statement)
    if customer is None:
        raise NotFound()
    return customer


def _taken(store, column, value, customer_id):
    values = {"store": store.code, "value": value, "customer": customer_id}
    return db.session.scalar(_taken_query(column.key, bool(customer_id)), values) is not None


@lru_cache(maxsize=None)
def _taken_query(column, of_another):
    """Whether a customer of the store holds the value in `column` (another than `customer`)."""
    query = select(Customer.id).where(Customer.store_code == bindparam("store"),
                                      getattr(Customer, column) == bindparam("value"))
    if of_another:
        query = query.where(Customer.id != bindparam("customer"))
    return query.limit(1)


def _uniqueness_errors(store, data, customer_id=None):
    errors = {}
    if data.get("email") and _taken(store, Customer.email_key, data["email"].lower(), customer_id):
        errors["email"] = [EMAIL_TAKEN]
    card = data.get("loyaltyCardNumber")
    if card and _taken(store, Customer.card_key, card, customer_id):
        errors["loyaltyCardNumber"] = [CARD_TAKEN]
    if data.get("phone") and _taken(store, Customer.phone_key, data["phone"].replace("+", ""), customer_id):
        errors["phone"] = [PHONE_TAKEN]
    return errors


def reference_errors(data):
    """Errors for levelId, posId and sellerId values that name no stored record."""
    errors = {}
    for key, model in (("levelId", Level), ("posId", Pos), ("sellerId", Seller)):
        value = data.get(key)
        if value and db.session.get(model, value) is None:
            errors[key] = [NOT_VALID]
    return errors


START_LEVEL = (
    select(Level)
    .where(Level.active.is_(True), Level.condition_value <= 0)
    .order_by(Level.condition_value.desc(), Level.reward_value.desc())
    .limit(1)
)


def start_level():
    """Return the active level with the highest condition not above 0 (ties: biggest reward)."""
    return db.session.scalar(START_LEVEL)


def _address(data):
    return {key: data[key] for key in ADDRESS_KEYS if data.get(key) is not None}


def _set_labels(customer, labels):
    customer.labels = [
        CustomerLabel(position=index, key=key, value=value) for index, (key, value) in enumerate(labels)
    ]


def commit_customer(store, data, schema, customer_id=None):
    """Commit; a uniqueness race lost in the database becomes the form error it is."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        errors = _uniqueness_errors(store, data, customer_id) or {"email": [EMAIL_TAKEN]}
        raise FormError(schema, errors) from None


def check_new_customer(*, store, data, schema):
    """Raise the form error a registration of `data` meets, else return the customer's level."""
    errors = reference_errors(data)
    level = db.session.get(Level, data["levelId"]) if data.get("levelId") else start_level()
    if level is None:
        errors.setdefault("levelId", [NO_START_LEVEL])
    if errors:
        raise FormError(schema, errors)
    unique = _uniqueness_errors(store, data)
    if unique:
        first = next(iter(unique))  # Open Loyalty reports the first clash only
        raise FormError(schema, {first: unique[first]})
    return level


def new_customer(*, store, data, level):
    """Build (not yet add) a customer of `store` from registration `data`; status new."""
    now = clock.now()
    customer = Customer(id=ids.next_id(), store_code=store.code, created_at=now, updated_at=now, version=1)
    for key, attribute in SIMPLE_FIELDS.items():
        if data.get(key) is not None:
            setattr(customer, attribute, data[key])
    customer.gender = data.get("gender") or "not_disclosed"
    customer.address = _address(data.get("address") or {})
    company = data.get("company") or {}
    customer.company = company if company.get("name") and company.get("nip") else None
    _set_labels(customer, data.get("labels") or [])
    customer.level_id = level.id
    customer.manually_assigned_level_id = level.id if data.get("levelId") else None
    customer.pos_id, customer.seller_id = data.get("posId"), data.get("sellerId")
    customer.active, customer.status_type, customer.status_state = False, "new", None
    customer.pushy_tokens = []
    return customer


def registered(customer):
    """The answer to a registration: {"customerId", "email"} (e-mail lower-cased)."""
    return {"customerId": customer.id, "email": customer.email.lower() if customer.email else None}


def register_customer(*, store, data, caller):
    """Register a new customer with a temporary password; active at once, or new with an SMS code
    when a seller registers under the SMS activation method."""
    schema = CustomerRegisterSchema()
    level = check_new_customer(store=store, data=data, schema=schema)
    customer = new_customer(store=store, data=data, level=level)
    seller = caller.user if caller.kind == "seller" else None
    if seller:
        customer.pos_id = customer.pos_id or seller.pos_id
        customer.seller_id = seller.id
    send_temporary_password(customer)
    db.session.add(customer)
    if seller and store.activation_method == "sms":
        db.session.flush()
        codes.send_code(customer, "activation", customer.phone)
    else:
        mark_active(customer)
    answer = registered(customer)  # before the commit, which expires what the customer holds
    commit_customer(store, data, schema)
    return answer


def send_temporary_password(customer, hash_method=None):
    """Give the customer a random temporary password and e-mail it (login then asks for a change)."""
    password = secrets.token_urlsafe(9)
    method = hash_method or current_app.config["PASSWORD_HASH_METHOD"]
    customer.password_hash = generate_password_hash(password, method=method)
    customer.password_temporary = True
    if customer.email:
        outbox.send(
            channel="email",
            kind="temporary_password",
            recipient=customer.email,
            subject="Your account in the loyalty program",
            body=f"Your account has been created. Your temporary password: {password} "
            f"Please change it after logging in at {outbox.panel_url()}",
            customer=customer,
            code=password,
            link=outbox.panel_url(),
        )


def _snapshot(customer):
    columns = [getattr(customer, c.key) for c in Customer.__table__.columns]
    return columns, [(label.key, label.value) for label in customer.labels]


def _apply_company(customer, company, errors):
    name, nip = company.get("name"), company.get("nip")
    if name and nip:
        customer.company = {"name": name, "nip": nip}
    elif not name and not nip:
        customer.company = None
    else:
        errors["company"] = {"nip" if name else "name": [NOT_BLANK]}


def _apply_assignments(customer, data, caller):
    """Apply levelId, posId and sellerId of a PUT; a customer's own are ignored."""
    if caller.kind == "customer":
        return
    level_id = data.get("levelId")
    if level_id and level_id != customer.level_id:
        customer.level_id = customer.manually_assigned_level_id = level_id
    if "posId" in data:
        customer.pos_id = data["posId"]
    if "sellerId" in data:
        customer.seller_id = data["sellerId"]


def _apply_fields(customer, data, errors):
    """Apply the present fields of a PUT: empty erases, except where a value is required."""
    for key, attribute in SIMPLE_FIELDS.items():
        if key not in data or (data[key] is None and key in REQUIRED_FIELDS):
            continue
        if data[key] is not None or key not in ("agreement1", "agreement2", "agreement3"):
            setattr(customer, attribute, data[key])
    if "address" in data:
        customer.address = _address(data["address"] or {})
    if "company" in data:
        _apply_company(customer, data["company"] or {}, errors)
    if "labels" in data:
        _set_labels(customer, data["labels"] or [])


def update_customer(*, customer, data, caller):
    """Update the fields present in `data`; empty values erase, compound fields are replaced."""
    schema = CustomerUpdateSchema()
    store = customer.store
    if caller.kind == "customer" and not program_settings.allows_profile_edits():
        locked = {key: [NO_PROFILE_EDITS] for key in data if key not in EDITABLE_WITHOUT_PROFILE_EDITS}
        if locked:
            raise FormError(schema, locked)
    errors = _uniqueness_errors(store, data, customer.id)
    pending_phone, data_phone = None, data.get("phone")
    if caller.kind == "customer" and data_phone and data_phone != customer.phone:
        # A customer's own new phone is a login credential: held until confirmed by SMS.
        data = {key: value for key, value in data.items() if key != "phone"}
        pending_phone = None if errors else data_phone
    before = _snapshot(customer)
    _apply_fields(customer, data, errors)
    if errors:
        db.session.rollback()
        raise FormError(schema, errors)
    _apply_assignments(customer, data, caller)
    if _snapshot(customer) != before:
        touch(customer)
    if pending_phone:
        codes.send_code(customer, "phone_change", pending_phone, pending_value=pending_phone)
    commit_customer(store, data, schema, customer.id)
    return {"customerId": customer.id}


def touch(customer):
    """Mark a change of the customer: a new version and a new updatedAt."""
    customer.updated_at = clock.now()
    customer.version = (customer.version or 0) + 1


def mark_active(customer):
    """Set the customer active, status active with no card; True when that changed anything."""
    if customer.active and customer.status_type == "active":
        return False
    customer.active, customer.status_type, customer.status_state = True, "active", "no-card"
    return True


def activate_customer(*, customer):
    """Activate a customer: it may log in again, status active."""
    if mark_active(customer):
        touch(customer)
    db.session.commit()


def deactivate_customer(*, customer):
    """Deactivate a customer: it can no longer log in and its tokens stop working."""
    if customer.active or customer.status_type != "blocked":
        customer.active, customer.status_type, customer.status_state = False, "blocked", None
        touch(customer)
    db.session.commit()
