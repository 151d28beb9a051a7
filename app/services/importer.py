"""Customer import: an XML file of customers, each registered as an admin would, one result per item."""
import os
from dataclasses import dataclass
from datetime import datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from marshmallow import ValidationError
from sqlalchemy import select

from openloyalty_standin.app.errors import FormError
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, Level, Pos, Seller
from openloyalty_standin.app.services import codes
from openloyalty_standin.app.services.customers import (
    CARD_TAKEN,
    EMAIL_TAKEN,
    NO_START_LEVEL,
    PHONE_TAKEN,
    UUID_PATTERN,
    mark_active,
    new_customer,
    send_temporary_password,
    start_level,
)
from openloyalty_standin.schemas.customer import GENDERS, CustomerUpdateSchema
from openloyalty_standin.schemas.fields import NOT_BLANK
from openloyalty_standin.schemas.importer import ImportFileForm

MAX_SIZE = 16 * 1000 * 1000  # Symfony's maxSize "16M" counts in decimal megabytes
NOT_XML = "This file is not a valid XML file."
BAD_STRUCTURE = "XML has invalid structure"
EMPTY_FILE = "An empty file is not allowed."
TOO_LARGE = "The file is too large ({size} {suffix}). Allowed maximum size is {limit} {suffix}."
BAD_MIME = 'The mime type of the file is invalid ("{type}"). Allowed mime types are "application/xml", "text/xml".'
BOOL = ("true", "false")
# (node, required, format) in the order Open Loyalty's converter checks them; the first failure counts.
NODES = (
    ("email", True, None),
    ("firstName", True, None),
    ("lastName", True, None),
    ("active", True, BOOL),
    ("sendActivationMail", False, BOOL),
    ("birthDate", False, "date"),
    ("agreement1", True, BOOL),
    ("agreement2", False, BOOL),
    ("agreement3", False, BOOL),
    ("gender", True, GENDERS),
    ("levelId", False, "uuid"),
    ("posId", False, "uuid"),
    ("sellerId", False, "uuid"),
)
TEXT_NODES = ("email", "firstName", "lastName", "gender", "birthDate", "levelId", "posId", "sellerId", "phone",
              "loyaltyCardNumber")
COMPOUNDS = {
    "address": ("address1", "address2", "city", "country", "postal", "street", "province"),
    "company": ("name", "nip"),
}
REFERENCES = (("levelId", Level, "Level"), ("posId", Pos, "POS"), ("sellerId", Seller, "Seller"))
UNIQUE_KEYS = (("email_key", EMAIL_TAKEN), ("card_key", CARD_TAKEN), ("phone_key", PHONE_TAKEN))
CHUNK = 500  # values per IN (...) query, well under SQLite's bound-parameter limit
# The temporary passwords are random (72 bits), so key stretching buys nothing; the configured
# 20,000 PBKDF2 rounds would cost about a minute per 10,000 customers, holding the write lock.
TEMPORARY_PASSWORD_HASH = "pbkdf2:sha256:1000"
_FIELDS = CustomerUpdateSchema()


class ItemError(Exception):
    """One item could not be imported; the message is the item's result."""


@dataclass
class Row:
    """One <customer> of the file on its way to becoming a customer."""

    identifier: str
    data: dict = None
    active: bool = False
    send_mail: bool = False
    customer: Customer = None
    message: str = None


def import_customers(*, store, form):
    """Import the customers of an XML file into the store, each as an admin registration."""
    root = read_upload(form.get("file"))
    rows = [_read_row(element) for element in root.findall("customer")]
    _build_customers(store, [row for row in rows if not row.message])
    built = [row for row in rows if not row.message]
    taken = _taken_keys(store, [row.customer for row in built])
    for row in built:
        _register(row, taken)
    answer = _summary(rows)  # before the commit expires every customer's attributes
    db.session.commit()
    return answer


# --- the upload --------------------------------------------------------------------------


def _reject(message):
    """Answer 400 with `message` on the form's `file` field."""
    raise FormError(ImportFileForm(), {"file": [message]})


def read_upload(upload):
    """Return the root element of the uploaded XML file, or raise the form error on `file`."""
    if upload is None:
        _reject(NOT_BLANK)
    stream = getattr(upload, "stream", upload)
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size > MAX_SIZE:
        _reject(_too_large(size))
    if size == 0:
        _reject(EMPTY_FILE)
    return _parse(stream.read())


def _number(value):
    """A number as PHP prints it: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _too_large(size):
    """Symfony's message, in the largest unit where size and limit read differently."""
    for coefficient, suffix in ((1000**2, "MB"), (1000, "kB")):
        shown, limit = _number(size / coefficient), _number(MAX_SIZE / coefficient)
        if shown != limit:
            return TOO_LARGE.format(size=shown, limit=limit, suffix=suffix)
    return TOO_LARGE.format(size=size, limit=MAX_SIZE, suffix="bytes")


def _looks_like_xml(content):
    """Tell whether the content could be XML at all (else the file's type is wrong)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: the parser decides
        return True
    return content.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def _parse(content):
    """Parse without DTDs, entities or external references; anything else is not our XML."""
    if not _looks_like_xml(content):
        _reject(BAD_MIME.format(type="application/octet-stream" if b"\x00" in content[:8192] else "text/plain"))
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError, LookupError):
        _reject(NOT_XML)
    if root.tag != "customers":
        _reject(BAD_STRUCTURE)
    return root


# --- converting one <customer> -----------------------------------------------------------


def _text(element, name):
    """The stripped text of the child node `name`, None when there is no such node."""
    node = element.find(name)
    return None if node is None else "".join(node.itertext()).strip()


def _is_date(text):
    """Tell whether `text` is a real calendar date written Y-m-d."""
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def _node_error(name, required, rule, text):
    """Open Loyalty's message for one node, or None; a required node must not be empty."""
    if not text and (required or text is None):
        return f"{name} is required node" if required else None
    if rule == "date":
        return None if _is_date(text) else f"{name} has invalid date format (Y-m-d required)"
    if rule == "uuid":
        return None if not text or UUID_PATTERN.match(text) else f"{name} should be UUID"
    if rule and text and text not in rule:
        return f"{name} should one of ({', '.join(rule)})"
    return None


def _convert(element):
    """Read one <customer> into registration data, or raise its "Convert exception"."""
    texts = {name: _text(element, name) for name in {*TEXT_NODES, *(node for node, _, _ in NODES)}}
    for name, required, rule in NODES:
        message = _node_error(name, required, rule, texts[name])
        if message:
            raise ItemError(f"Convert exception: {message}")
    data = {name: texts[name] for name in TEXT_NODES if texts[name]}
    if "birthDate" in data:
        data["birthDate"] = datetime.strptime(data["birthDate"], "%Y-%m-%d").date().isoformat()
    for name in ("levelId", "posId", "sellerId"):
        if name in data:
            data[name] = data[name].lower()
    data.update({name: texts[name] == "true" for name in ("agreement1", "agreement2", "agreement3")})
    for name, children in COMPOUNDS.items():
        if element.find(name) is not None:
            data[name] = {child: _text(element, f"{name}/{child}") or "" for child in children}
    return data, texts


def _labels(element):
    """The (key, value) pairs of labels/label; a value without a key is invalid."""
    labels = element.find("labels")
    children = () if labels is None else list(labels)
    pairs = [(_text(label, "key") or "", _text(label, "value") or "") for label in children]
    if any(value and not key for key, value in pairs):
        raise ItemError("Process exception: labels: Customer labels invalid data")
    return [(key[:255], value[:255]) for key, value in pairs if key]


def _first_error(messages, path=""):
    """The first (field path, message) of marshmallow's nested error messages."""
    field, found = next(iter(messages.items()))
    path = f"{path}.{field}" if path else field
    if isinstance(found, dict):
        return _first_error(found, path)
    return path, found[0]


def _validated(data):
    """Check the values as the register form does; level, POS and seller ids are checked later, in bulk."""
    references = {key: data.pop(key) for key, _, _ in REFERENCES if key in data}
    try:
        loaded = _FIELDS.load(data)
    except ValidationError as error:
        field, message = _first_error(error.messages)
        raise ItemError(f"Process exception: {field}: {message}") from None
    return {**loaded, **references}


def _read_row(element):
    """Turn one <customer> into a Row: its data, or the message of its first error."""
    row = Row(identifier=_text(element, "email") or "")
    try:
        data, texts = _convert(element)
        row.data = _validated(data)
        row.data["labels"] = _labels(element)
    except ItemError as error:
        row.message = str(error)
        return row
    row.active, row.send_mail = texts["active"] == "true", texts["sendActivationMail"] == "true"
    return row


# --- registering ---------------------------------------------------------------------------


def _in_chunks(what, column, values, *where):
    """select(what) where `column` is one of `values`, a few hundred values per query."""
    values, found = list(values), []
    for start in range(0, len(values), CHUNK):
        end = start + CHUNK
        query = select(what).where(*where, column.in_(values[start:end]))
        found.extend(db.session.scalars(query))
    return found


def _known_references(rows):
    """{field: {id: level, POS or seller}} of the ones the rows name that exist: a query per kind."""
    known = {}
    for key, model, _ in REFERENCES:
        ids = {row.data[key] for row in rows if row.data.get(key)}
        known[key] = {item.id: item for item in _in_chunks(model, model.id, ids)}
    return known


def _level(row, known, start):
    """The row's level: the one it names (all named ids must exist), else the start level."""
    for key, _, label in REFERENCES:
        value = row.data.get(key)
        if value and value not in known[key]:
            raise ItemError(f"Process exception: {label} with id {value} does not exist")
    level = known["levelId"][row.data["levelId"]] if row.data.get("levelId") else start
    if level is None:
        raise ItemError(f"Process exception: {NO_START_LEVEL}")
    return level


def _build_customers(store, rows):
    """Build (not add) the customer of every row whose level, POS and seller exist."""
    known, start = _known_references(rows), start_level()
    for row in rows:
        try:
            row.customer = new_customer(store=store, data=row.data, level=_level(row, known, start))
        except ItemError as error:
            row.message = str(error)


def _taken_keys(store, customers):
    """{key column: values already used in the store} for the keys these customers carry."""
    taken = {}
    for attribute, _ in UNIQUE_KEYS:
        column = getattr(Customer, attribute)
        values = {getattr(customer, attribute) for customer in customers} - {None}
        taken[attribute] = set(_in_chunks(column, column, values, Customer.store_code == store.code))
    return taken


def _register(row, taken):
    """Register the row's customer unless its e-mail, card or phone is taken (earlier rows count)."""
    customer = row.customer
    keys = [(attribute, message, getattr(customer, attribute)) for attribute, message in UNIQUE_KEYS]
    for attribute, message, value in keys:
        if value is not None and value in taken[attribute]:
            row.message = f"Process exception: {message.rstrip('.')}"
            return
    for attribute, _, value in keys:
        taken[attribute].add(value)
    send_temporary_password(customer, hash_method=TEMPORARY_PASSWORD_HASH)
    if row.active:
        mark_active(customer)
    elif row.send_mail:
        codes.send_activation_link(customer)
    db.session.add(customer)


def _item(row):
    """One row's result, keys in Open Loyalty's order."""
    if row.message:
        return {"status": "error", "message": row.message, "identifier": row.identifier}
    return {"status": "success", "processImportResult": {"object": row.customer.id}, "identifier": row.identifier}


def _summary(rows):
    """The answer: one item per <customer>, then the totals."""
    failed = sum(1 for row in rows if row.message)
    return {
        "items": [_item(row) for row in rows],
        "totalProcessed": len(rows),
        "totalSuccess": len(rows) - failed,
        "totalFailed": failed,
    }
