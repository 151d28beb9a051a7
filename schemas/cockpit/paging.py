"""Paging and sorting of the cockpit lists, as Open Loyalty's PaginationBundle reads them."""
from marshmallow import EXCLUDE, fields

from openloyalty_standin.schemas.base import BaseSchema
from openloyalty_standin.schemas.fields import Decimal, Text


class PagingQuery(BaseSchema):
    """page (from 1), perPage (10 by default, negative for all), sort and direction; other keys
    the cockpits send along (customerId, includeDetails, silenceQuery, ...) are ignored unless an
    endpoint's query names them."""

    class Meta:
        unknown = EXCLUDE

    page = Decimal(integer=True, metadata={"description": "Page, by default 1 (below 1: 1)"})
    perPage = Decimal(integer=True, metadata={"description": "Items per page: 10 by default and for 0, "
                                                             "negative for all"})
    sort = Text(metadata={"description": "Sort by this field"})
    direction = Text(metadata={"description": "asc, or anything else for descending"})
    _locale = Text(data_key="_locale", metadata={"description": "Locale of translated names"})


def list_of(schema, key):
    """The fields of a list answer: the array under `key`, first, and the total of all matches."""
    return {key: fields.List(fields.Nested(schema), required=True), "total": fields.Integer(required=True)}
