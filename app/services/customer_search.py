"""Finding customers: the filtered, sorted, paged lists and the e-mail-or-phone check."""
from datetime import timedelta
from itertools import groupby, product

from sqlalchemy import and_, exists, func, or_, select

from openloyalty_standin.app import clock, engines
from openloyalty_standin.app.engines.folding import DOTTED_CAPITAL_I as DOTTED_I
from openloyalty_standin.app.engines.folding import fold
from openloyalty_standin.app.errors import FormError
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import SEARCHED_COLUMNS, Customer, CustomerCount, CustomerLabel, Level
from openloyalty_standin.schemas.search import CustomerSearchSchema

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


def _engine():
    return engines.of(db.session.get_bind())


def text_condition(column, value, *, strict, case_insensitive=True):
    """Whole-value or substring match of `column` against `value`; a substring matches whatever the case."""
    if strict:
        return func.lower(column) == fold(value) if case_insensitive else column == value
    return _engine().contains(column, f"%{_escape(fold(value))}%", value)


def indexed(condition, columns, value):
    """`condition`, narrowed first by the engine's substring index over `columns` where it has one."""
    return _engine().narrowed(condition, columns, value)


def _strict_keys(key, value):
    """For a whole-value filter on a column the store keeps a unique key of, the rows that key may
    find, on its index (the filter's own condition still decides); else None."""
    if key == "phone":
        return Customer.phone_key == value.replace("+", "")
    if key == "loyaltyCardNumber":
        return Customer.card_key == value
    keys = _email_keys(fold(value)) if key == "email" else None
    return Customer.email_key.in_(keys) if keys else None


def _email_keys(folded, most=5):
    """The e-mail keys (each address in lower case, on the unique index of the store's e-mails)
    an address folding to `folded` may have: lower case writes İ as i and a combining dot, which
    fold() makes i, so each i of `folded` may be either. None past `most` i's: the substring index
    then narrows instead."""
    dotted = folded.count("i")
    if dotted > most:
        return None
    parts = folded.split("i")
    return [
        "".join(part + (DOTTED_I if choice else "i") for part, choice in zip(parts, choices)) + parts[-1]
        for choices in product((False, True), repeat=dotted)
    ]


def row_key():
    """What a page of customers is found as before its rows are read: SQLite's rowid, or the id."""
    return _engine().ROW_KEY


def is_strict(raw):
    """PHP truthiness of the raw `strict` parameter: missing, "" and "0" are false."""
    return raw not in (None, "", "0")


def _text_conditions(query):
    strict = is_strict(query.get("strict"))
    for key, column in TEXT_FILTERS.items():
        if query.get(key) is not None:
            value = query[key]
            condition = text_condition(column, value, strict=strict, case_insensitive=key in CASE_INSENSITIVE)
            keyed = _strict_keys(key, value) if strict else None
            yield and_(keyed, condition) if keyed is not None else indexed(condition, [column], value)
    if query.get("emailOrPhone") is not None:
        value = query["emailOrPhone"]
        condition = or_(
            text_condition(Customer.email, value, strict=strict),
            text_condition(Customer.phone, value, strict=strict, case_insensitive=False),
        )
        yield indexed(condition, [Customer.email, Customer.phone], value)


def _range_conditions(query):
    for key, column in RANGE_FILTERS.items():
        if query.get(key + "From") is not None:
            yield column >= query[key + "From"]
        if query.get(key + "To") is not None:
            yield column <= query[key + "To"]
    if query.get("daysFromLastTransactionTo") is not None:
        yield Customer.last_transaction_date >= clock.now() - timedelta(days=query["daysFromLastTransactionTo"])
    if query.get("hoursFromLastUpdateTo") is not None:
        yield Customer.updated_at >= clock.now() - timedelta(hours=query["hoursFromLastUpdateTo"])


def _labels(query):
    """The label filters that filter something: an entry with neither key nor value does not."""
    labels = query.get("labels") or []
    return [label for label in labels if label.get("key") is not None or label.get("value") is not None]


def _label_match(store, label):
    match = [CustomerLabel.store_code == store.code]
    if label.get("key") is not None:
        match.append(CustomerLabel.key == label["key"])
    if label.get("value") is not None:
        match.append(CustomerLabel.value == label["value"])
    return match


def _label_conditions(store, query, *, per_row):
    """Each label filter: probed per customer when a page is walked in order (a few customers are
    read), or as the set of its holders when every match is counted."""
    for label in _labels(query):
        if per_row:
            yield exists().where(CustomerLabel.customer_id == Customer.id, *_label_match(store, label))
        else:
            yield Customer.id.in_(select(CustomerLabel.customer_id).where(*_label_match(store, label)))


def _filters(store, query, *, per_row=False):
    return [*_text_conditions(query), *_range_conditions(query), *_label_conditions(store, query, per_row=per_row)]


def _total(store, query, filters):
    """The number of the store's customers the filters keep; unfiltered, the kept count; for one
    label alone, counted on the labels' index; for one bound of a range alone, on the smaller side."""
    labels = _labels(query)
    if len(filters) == 1 and len(labels) == 1:
        holders = select(func.count(CustomerLabel.customer_id.distinct())).where(*_label_match(store, labels[0]))
        return db.session.scalar(holders)
    bound = _single_bound(query) if len(filters) == 1 else None
    if bound is not None:
        return _count_beyond(store, *bound)
    if filters:
        counted = select(func.count()).select_from(Customer).where(Customer.store_code == store.code, *filters)
        return db.session.scalar(counted)
    return db.session.scalar(select(CustomerCount.total).where(CustomerCount.store_code == store.code)) or 0


def _single_bound(query):
    """(column, bound, upward) when the query's one filter is one bound of a range: From is upward."""
    given = [(key, side) for key in RANGE_FILTERS for side in ("From", "To") if query.get(key + side) is not None]
    if len(given) != 1:
        return None
    key, side = given[0]
    return RANGE_FILTERS[key], query[key + side], side == "From"


def _count_beyond(store, column, bound, upward):
    """How many of the store's customers hold at least (`upward`) or at most `bound` in `column`, a
    column no customer leaves empty: the side of the bound the store's median says is the smaller
    one is counted on the column's index, the other side is the store's count less that. A range
    over most customers thus reads at most half of the index."""
    total = _total(store, {}, [])
    median = _median(store, column, total)
    if median is None or (bound > median if upward else bound < median):
        return _count(store, column >= bound if upward else column <= bound)
    return total - _count(store, column < bound if upward else column > bound)


def _count(store, condition):
    counted = select(func.count()).select_from(Customer).where(Customer.store_code == store.code, condition)
    return db.session.scalar(counted)


_medians = {}  # (database, store, column) -> the middle value: a hint for the side to count, kept by the process


def _median(store, column, total):
    """The store's middle value of `column`, found once per process on its index (a value that has
    moved since changes which side is counted, not the count)."""
    key = (str(db.session.get_bind().url), store.code, column.key)
    if key not in _medians and total:
        middle = select(column).where(Customer.store_code == store.code).order_by(column).offset(total // 2).limit(1)
        if len(_medians) >= 256:
            _medians.clear()
        _medians[key] = db.session.scalar(middle)
    return _medians.get(key)


def _sort(query):
    """The sort column and direction; an unknown column keeps the default, createdAt descending."""
    if query.get("sort") == "level.name":
        column = select(Level.name).where(Level.id == Customer.level_id).scalar_subquery()
    else:
        column = SORT_COLUMNS.get(query.get("sort") or "createdAt")
    if column is None:
        return Customer.created_at, False
    return column, (query.get("direction") or "").lower() == "asc"


def _ordered(column, ascending):
    """The order of a page: by `column` (an empty value is the smallest, as SQLite orders it), then by id."""
    return [*_engine().ordered(column, ascending), Customer.id.asc() if ascending else Customer.id.desc()]


def _page_by_level_name(kept, ascending, offset, limit):
    """Rowids of a page in level-name order, read group by group on the (level, id) index: the
    customers without a level first, then one group per level name, each in id order."""
    levels = sorted(db.session.execute(select(Level.name, Level.id)).all())
    groups = [Customer.level_id.is_(None)] + [
        Customer.level_id.in_([level.id for level in same]) for _, same in groupby(levels, key=lambda level: level.name)
    ]
    key, rowids = row_key(), []
    for group in groups if ascending else reversed(groups):
        if offset:
            size = db.session.scalar(select(func.count()).select_from(Customer).where(*kept, group))
            if offset >= size:
                offset -= size
                continue
        rowids += db.session.scalars(
            select(key).select_from(Customer).where(*kept, group)
            .order_by(_ordered(Customer.id, ascending)[-1]).limit(limit - len(rowids)).offset(offset)
        ).all()
        offset = 0
        if len(rowids) >= limit:
            break
    return rowids


def list_customers(*, store, query):
    """Return one page of the store's customers matching the filters, and the total."""
    total = _total(store, query, _filters(store, query))
    kept = [Customer.store_code == store.code, *_filters(store, query, per_row=True)]
    column, ascending = _sort(query)
    per_page = query.get("perPage") or DEFAULT_PER_PAGE
    if per_page <= 0:
        everyone = select(Customer).where(*kept).order_by(*_ordered(column, ascending))
        return {"customers": db.session.scalars(everyone).unique().all(), "total": total}
    # The page is found on the indexes alone, then only its rows are read.
    page = max(query.get("page") or 1, 1)
    offset = min((page - 1) * per_page, 2**62)
    if query.get("sort") == "level.name":
        rowids = _page_by_level_name(kept, ascending, offset, per_page)
    else:
        rowids = db.session.scalars(
            select(row_key()).select_from(Customer).where(*kept).order_by(*_ordered(column, ascending))
            .limit(per_page).offset(offset)
        ).all()
    key = row_key()
    rows = dict(db.session.execute(select(key, Customer).where(key.in_(rowids))).unique().all()) if rowids else {}
    return {"customers": [rows[rowid] for rowid in rowids], "total": total}


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


def find_anywhere(text, *, limit):
    """Customers of every store whose name, e-mail, phone or card number holds `text`, the last stored first."""
    statement = select(Customer).order_by(*_engine().newest_first()).limit(limit)
    if text:
        columns = [Customer.__table__.c[name] for name in SEARCHED_COLUMNS]
        condition = or_(*(text_condition(column, text, strict=False) for column in columns))
        statement = statement.where(indexed(condition, columns, text))
    return db.session.scalars(statement).unique().all()
