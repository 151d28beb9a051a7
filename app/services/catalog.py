"""The catalog the cockpits read: levels, POS and sellers, with the figures Open Loyalty keeps of
them for a store (a level's customers, a POS's transactions)."""
from sqlalchemy import func, select

from openloyalty_standin.app.engines.folding import fold
from openloyalty_standin.app.errors import Forbidden, NotFound
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, Level, Pos, Seller, Transaction
from openloyalty_standin.app.services.paging import page_of


class Figures:
    """A record and what is computed for it: the record's attributes, and the figures' own."""

    def __init__(self, record, **figures):
        self._record = record
        self.__dict__.update(figures)

    def __getattr__(self, name):
        return getattr(self._record, name)


# --- levels -----------------------------------------------------------------------------------


def _customers_at(store):
    """The number of the store's customers at the level of the row (a correlated subquery)."""
    return (
        select(func.count(Customer.id))
        .where(Customer.store_code == store.code, Customer.level_id == Level.id)
        .correlate(Level)
        .scalar_subquery()
    )


def _level_sorts(store):
    return {
        "levelId": Level.id, "id": Level.id, "name": Level.name, "description": Level.description,
        "active": Level.active, "conditionValue": Level.condition_value, "minOrder": Level.min_order,
        "customersCount": _customers_at(store),
    }


def _translation_rows(level):
    """The level's translations as Open Loyalty lists them, numbered from 1 in their order; a
    translation without a description of its own has the level's."""
    return [
        {"id": number, "locale": locale, "name": entry.get("name") or level.name,
         "description": entry.get("description") or level.description}
        for number, (locale, entry) in enumerate((level.translations or {}).items(), start=1)
    ]


def _with_level_figures(store, levels):
    ids = [level.id for level in levels]
    counts = dict(db.session.execute(
        select(Customer.level_id, func.count(Customer.id))
        .where(Customer.store_code == store.code, Customer.level_id.in_(ids))
        .group_by(Customer.level_id)
    ).all()) if ids else {}
    return [
        Figures(level, customers_count=counts.get(level.id, 0), special_rewards=[], has_photo=False,
                translation_rows=_translation_rows(level))
        for level in levels
    ]


def list_levels(*, store, query):
    """Every level, paged and sorted (by condition value when no sort is asked for)."""
    statement = select(Level).order_by(Level.condition_value, Level.name, Level.id)
    levels, total = page_of(statement, query, _level_sorts(store))
    return {"levels": _with_level_figures(store, levels), "total": total}


def get_level(*, store, level_id):
    """One level, or 404."""
    level = db.session.get(Level, level_id)
    if level is None:
        raise NotFound()
    return _with_level_figures(store, [level])[0]


def customer_levels():
    """The active levels a customer may read, lowest condition first, not paged."""
    levels = db.session.scalars(
        select(Level).where(Level.active.is_(True)).order_by(Level.condition_value, Level.name, Level.id)
    ).all()
    return {"levels": [Figures(level, has_photo=False) for level in levels]}


# --- POS --------------------------------------------------------------------------------------


def _store_transactions(store):
    """The store's transactions: those of its customers."""
    return select(Transaction).join(Customer, Customer.id == Transaction.customer_id).where(
        Customer.store_code == store.code
    )


def _at_pos(store, figure):
    """A figure of the store's transactions at the POS of the row (a correlated subquery)."""
    return (
        select(figure)
        .select_from(Transaction)
        .join(Customer, Customer.id == Transaction.customer_id)
        .where(Customer.store_code == store.code, Transaction.pos_id == Pos.id)
        .correlate(Pos)
        .scalar_subquery()
    )


def _pos_sorts(store):
    return {
        "posId": Pos.id, "id": Pos.id, "name": Pos.name, "identifier": Pos.identifier,
        "description": Pos.description, "transactionsCount": _at_pos(store, func.count(Transaction.id)),
        "transactionsAmount": _at_pos(store, func.coalesce(func.sum(Transaction.gross_value), 0)),
    }


def _with_pos_figures(store, pos_rows):
    """Each POS with the count and gross value of the store's transactions made there (returns
    included, as Open Loyalty adds up every transaction registered at a POS)."""
    ids = [pos.id for pos in pos_rows]
    figures = {}
    if ids:
        statement = (
            _store_transactions(store)
            .where(Transaction.pos_id.in_(ids))
            .with_only_columns(Transaction.pos_id, func.count(Transaction.id), func.sum(Transaction.gross_value))
            .group_by(Transaction.pos_id)
        )
        figures = {pos_id: (count, amount) for pos_id, count, amount in db.session.execute(statement)}
    return [
        Figures(pos, transactions_count=figures.get(pos.id, (0, 0))[0],
                transactions_amount=figures.get(pos.id, (0, 0))[1] or 0, currency=store.currency)
        for pos in pos_rows
    ]


def list_pos(*, store, query):
    """Every POS, paged and sorted (by name when no sort is asked for)."""
    statement = select(Pos).order_by(Pos.name, Pos.id)
    pos_rows, total = page_of(statement, query, _pos_sorts(store))
    return {"pos": _with_pos_figures(store, pos_rows), "total": total}


def get_pos(*, store, pos_id=None, identifier=None):
    """One POS by its id or by its identifier, or 404."""
    if identifier is None:
        pos = db.session.get(Pos, pos_id)
    else:
        pos = db.session.scalar(select(Pos).where(Pos.identifier == identifier))
    if pos is None:
        raise NotFound()
    return _with_pos_figures(store, [pos])[0]


# --- sellers ----------------------------------------------------------------------------------


SELLER_FILTERS = {"firstName": Seller.first_name, "lastName": Seller.last_name, "phone": Seller.phone,
                  "email": Seller.email}
SELLER_SORTS = {
    "sellerId": Seller.id, "id": Seller.id, "firstName": Seller.first_name, "lastName": Seller.last_name,
    "email": Seller.email, "phone": Seller.phone, "posId": Seller.pos_id, "active": Seller.active,
    "allowPointTransfer": Seller.allow_point_transfer,
}


def list_sellers(*, query):
    """The sellers whose fields hold each filter's text (in any case), paged and sorted."""
    statement = select(Seller).order_by(Seller.first_name, Seller.last_name, Seller.id)
    for key, column in SELLER_FILTERS.items():
        if query.get(key):
            statement = statement.where(func.lower(column).contains(fold(query[key]), autoescape=True))
    sellers, total = page_of(statement, query, SELLER_SORTS)
    return {"sellers": sellers, "total": total}


def get_seller(*, seller_id, caller):
    """One seller, for an admin or for that seller itself: 404 when there is none, then 403."""
    seller = db.session.get(Seller, seller_id)
    if seller is None:
        raise NotFound()
    if caller.kind == "seller" and caller.id != seller.id:
        raise Forbidden()
    return seller
