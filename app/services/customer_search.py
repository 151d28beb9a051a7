"""Finding customers: the filtered, sorted, paged lists and the e-mail-or-phone check."""
from datetime import timedelta

from sqlalchemy import and_, exists, func, or_, select

from app import clock
from app.errors import FormError
from app.extensions import db
from app.models import Customer, CustomerLabel, Level
from schemas.search import CustomerSearchSchema

TEXT_FILTERS = {
    "firstName": Customer.first_name,
    "lastName": Customer.last_name,
    "email": Customer.email,
    "phone": Customer.phone,
    "loyaltyCardNumber": Customer.loyalty_card_number,
}
CASE_INSENSITIVE = {"firstName", "lastName", "email"}
RANGE_FILTERS = {
    "transactionsAmount": Customer.transactions_amount,
    "averageTransactionAmount": Customer.average_transaction_amount,
    "transactionsCount": Customer.transactions_count,
}
SORT_COLUMNS = {
    "customerId": Customer.id,
    "firstName": Customer.first_name,
    "lastName": Customer.last_name,
    "email": Customer.email,
    "phone": Customer.phone,
    "gender": Customer.gender,
    "birthDate": Customer.birth_date,
    "loyaltyCardNumber": Customer.loyalty_card_number,
    "createdAt": Customer.created_at,
    "updatedAt": Customer.updated_at,
    "active": Customer.active,
    "levelId": Customer.level_id,
    "manuallyAssignedLevelId": Customer.manually_assigned_level_id,
    "posId": Customer.pos_id,
    "transactionsAmount": Customer.transactions_amount,
    "transactionsAmountWithoutDeliveryCosts": Customer.transactions_amount_without_delivery,
    "transactionsCount": Customer.transactions_count,
    "transactionCount": Customer.transactions_count,
    "averageTransactionAmount": Customer.average_transaction_amount,
    "lastTransactionDate": Customer.last_transaction_date,
}
DEFAULT_PER_PAGE = 10


def _escape(value):
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_condition(column, value, *, strict, case_insensitive=True):
    """Whole-value or substring match of `column` against `value`."""
    if strict:
        return func.lower(column) == value.lower() if case_insensitive else column == value
    return column.ilike(f"%{_escape(value)}%", escape="\\")


def is_strict(raw):
    """PHP truthiness of the raw `strict` parameter: missing, "" and "0" are false."""
    return raw not in (None, "", "0")


def _text_conditions(query):
    strict = is_strict(query.get("strict"))
    for key, column in TEXT_FILTERS.items():
        if query.get(key) is not None:
            yield text_condition(column, query[key], strict=strict, case_insensitive=key in CASE_INSENSITIVE)
    if query.get("emailOrPhone") is not None:
        value = query["emailOrPhone"]
        yield or_(
            text_condition(Customer.email, value, strict=strict),
            text_condition(Customer.phone, value, strict=strict, case_insensitive=False),
        )


def _range_conditions(query):
    for key, column in RANGE_FILTERS.items():
        if query.get(key + "From") is not None:
            yield column >= query[key + "From"]
        if query.get(key + "To") is not None:
            yield column <= query[key + "To"]
    now = clock.now()
    if query.get("daysFromLastTransactionTo") is not None:
        yield Customer.last_transaction_date >= now - timedelta(days=query["daysFromLastTransactionTo"])
    if query.get("hoursFromLastUpdateTo") is not None:
        yield Customer.updated_at >= now - timedelta(hours=query["hoursFromLastUpdateTo"])


def _label_conditions(query):
    for label in query.get("labels") or []:
        if label.get("key") is None and label.get("value") is None:
            continue  # an empty entry filters nothing
        match = [CustomerLabel.customer_id == Customer.id]
        if label.get("key") is not None:
            match.append(CustomerLabel.key == label["key"])
        if label.get("value") is not None:
            match.append(CustomerLabel.value == label["value"])
        yield exists().where(and_(*match))


def _conditions(store, query):
    return [
        Customer.store_code == store.code,
        *_text_conditions(query),
        *_range_conditions(query),
        *_label_conditions(query),
    ]


def _order(query):
    column = SORT_COLUMNS.get(query.get("sort") or "createdAt")
    if query.get("sort") == "level.name":
        column = select(Level.name).where(Level.id == Customer.level_id).scalar_subquery()
    if column is None:
        column = Customer.created_at
        ascending = False
    else:
        ascending = (query.get("direction") or "").lower() == "asc"
    return [column.asc() if ascending else column.desc(), Customer.id.asc() if ascending else Customer.id.desc()]


def list_customers(*, store, query):
    """Return one page of the store's customers matching the filters, and the total."""
    conditions = _conditions(store, query)
    total = db.session.scalar(select(func.count()).select_from(Customer).where(*conditions))
    statement = select(Customer).where(*conditions).order_by(*_order(query))
    per_page = query.get("perPage") or DEFAULT_PER_PAGE
    if per_page > 0:
        page = max(query.get("page") or 1, 1)
        offset = min((page - 1) * per_page, 2**62)
        statement = statement.limit(per_page).offset(offset)
    customers = db.session.scalars(statement).unique().all()
    return {"customers": customers, "total": total}


def check_customer(*, store, email_or_phone):
    """Count the store's customers whose e-mail or phone equals the value."""
    conditions = [Customer.store_code == store.code]
    if email_or_phone is not None:
        conditions.append(or_(Customer.email_key == email_or_phone.lower(), Customer.phone == email_or_phone))
    return {"total": db.session.scalar(select(func.count()).select_from(Customer).where(*conditions))}


SEARCH_COLUMNS = {
    "loyaltyCardNumber": Customer.loyalty_card_number,
    "phone": Customer.phone,
    "email": Customer.email,
    "firstName": Customer.first_name,
    "lastName": Customer.last_name,
    "city": Customer.address["city"].as_string(),
    "postcode": Customer.address["postal"].as_string(),
}


def search_customers(*, store, criteria):
    """Find the store's customers matching every given criterion as a substring."""
    if all(value is None for value in criteria.values()):
        raise FormError(CustomerSearchSchema(), root=["Provide at least one field"])
    conditions = [Customer.store_code == store.code]
    for key, value in criteria.items():
        if value is not None:
            conditions.append(text_condition(SEARCH_COLUMNS[key], value, strict=False))
    statement = select(Customer).where(*conditions).order_by(Customer.created_at.desc(), Customer.id)
    return {"customers": db.session.scalars(statement).unique().all()}
