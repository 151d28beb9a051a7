"""One page of a cockpit list, as Open Loyalty's PaginationBundle pages: `page` below 1 is 1,
`perPage` 10 by default and for 0, negative for all; `direction` asc (any case) or else descending;
a sort field the list does not know keeps the list's default order."""
from sqlalchemy import func, inspect, select

from openloyalty_standin.app.extensions import db

DEFAULT_PER_PAGE = 10


def _primary_key(statement):
    """The primary key columns of the statement's first entity (none for a plain column select)."""
    entity = statement.column_descriptions[0].get("entity") if statement.column_descriptions else None
    return list(inspect(entity).primary_key) if entity is not None else []


def _ordered(statement, column, ascending):
    """Order by `column`, then by the primary key in the same direction, so rows that tie keep
    one order and pages neither repeat nor skip them."""
    columns = [column, *(key for key in _primary_key(statement) if key is not column)]
    return statement.order_by(None).order_by(*(c.asc() if ascending else c.desc() for c in columns))


def page_of(statement, query, sorts, default=None):
    """Return (rows, total) of `statement` for the paging and sorting of `query`.

    `sorts` maps the API's sort names to columns; `default` is a (column, ascending) pair used
    when no known sort is asked for; without one, rows keep the statement's order.
    """
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    column = sorts.get(query.get("sort") or "")
    if column is not None:
        direction = query.get("direction")
        ascending = direction is None or str(direction).lower() == "asc"
        statement = _ordered(statement, column, ascending)
    elif default is not None:
        column, ascending = default
        statement = _ordered(statement, column, ascending)
    per_page = int(query.get("perPage") or DEFAULT_PER_PAGE)
    if per_page > 0:
        page = max(int(query.get("page") or 1), 1)
        statement = statement.limit(per_page).offset(min((page - 1) * per_page, 2**62))
    return db.session.scalars(statement).all(), total
