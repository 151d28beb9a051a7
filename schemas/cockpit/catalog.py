"""Schemas of the cockpits' catalog reads: levels, POS and sellers (openloyalty-cockpit-endpoints.md 4.1-4.3).

Answers are dumped from the records the catalog service returns (app/services/catalog.py): the
model's columns, and the figures it computes for them (customersCount, transactionsAmount, ...).
Decimal amounts are JSON numbers (DECISIONS 6); null values are left out.
"""
from marshmallow import fields

from openloyalty_standin.schemas import context
from openloyalty_standin.schemas.base import OutputSchema
from openloyalty_standin.schemas.cockpit.paging import PagingQuery, list_of
from openloyalty_standin.schemas.fields import Derived, Moment, Number, Text

STRING = {"type": "string"}


# --- levels -----------------------------------------------------------------------------------


class LevelRewardSchema(OutputSchema):
    """The reward of a level's customers; `value` is a fraction (0.15 is 15 %)."""

    name = fields.String(attribute="reward_name")
    value = Number(required=True, attribute="reward_value", metadata={"description": "A fraction: 0.15 is 15 %"})
    code = fields.String(attribute="reward_code")


class LevelSpecialRewardSchema(OutputSchema):
    """A reward a level gives for a while (the stand-in's levels have none)."""

    id = fields.String(required=True)
    name = fields.String(required=True)
    code = fields.String()
    value = Number(required=True, metadata={"description": "A fraction: 0.15 is 15 %"})
    active = fields.Boolean(required=True)
    createdAt = Moment(required=True)
    startAt = Moment()
    endAt = Moment()


class LevelTranslationSchema(OutputSchema):
    id = fields.Integer(required=True)
    locale = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String()


REWARD = LevelRewardSchema()  # one instance serves every dump


class CatalogLevelSchema(OutputSchema):
    """A level as the level reads answer it; `name` and `description` in the `_locale` asked for."""

    id = fields.String(required=True)
    name = Derived(lambda level: level.name_in(context.locale.get()), required=True, schema=STRING)
    description = Derived(lambda level: level.description_in(context.locale.get()), schema=STRING)
    active = fields.Boolean(required=True)
    conditionValue = Number(required=True, attribute="condition_value")
    minOrder = Number(attribute="min_order")
    reward = Derived(lambda level: REWARD.dump(level), required=True, nested=LevelRewardSchema)
    specialRewards = fields.List(fields.Nested(LevelSpecialRewardSchema), required=True, attribute="special_rewards")
    customersCount = fields.Integer(required=True, attribute="customers_count",
                                    metadata={"description": "The store's customers at this level"})
    hasPhoto = fields.Boolean(required=True, attribute="has_photo")
    translations = fields.List(fields.Nested(LevelTranslationSchema), required=True, attribute="translation_rows")


CatalogLevelListSchema = OutputSchema.from_dict(list_of(CatalogLevelSchema, "levels"), name="CatalogLevelListSchema")


class CustomerLevelSchema(OutputSchema):
    """An active level, as a customer reads it."""

    conditionValue = Number(required=True, attribute="condition_value")
    name = Derived(lambda level: level.name_in(context.locale.get()), required=True, schema=STRING)
    description = Derived(lambda level: level.description_in(context.locale.get()), schema=STRING)
    hasPhoto = fields.Boolean(required=True, attribute="has_photo")
    levelId = fields.String(required=True, attribute="id")


class CustomerLevelListSchema(OutputSchema):
    """The active levels, not paged: no `total`."""

    levels = fields.List(fields.Nested(CustomerLevelSchema), required=True)


class LevelListQuery(PagingQuery):
    sort = Text(metadata={"description": "levelId, name, description, active, conditionValue, minOrder or "
                                         "customersCount; without one, by conditionValue"})


# --- POS --------------------------------------------------------------------------------------


class PosGeoPointSchema(OutputSchema):
    lat = fields.String(required=True, attribute="latitude", metadata={"example": "52.2297"})
    long = fields.String(required=True, attribute="longitude", metadata={"example": "21.0122"})


class PosLocationSchema(OutputSchema):
    street = fields.String(required=True)
    address1 = fields.String(required=True)
    address2 = fields.String()
    province = fields.String()
    city = fields.String(required=True)
    postal = fields.String(required=True)
    country = fields.String(required=True)
    geoPoint = Derived(lambda pos: GEO_POINT.dump(pos) if pos.latitude and pos.longitude else None,
                       nested=PosGeoPointSchema)


GEO_POINT = PosGeoPointSchema()
LOCATION = PosLocationSchema()


class PosSchema(OutputSchema):
    """A point of sale, with the figures of the store's transactions made there."""

    posId = fields.String(required=True, attribute="id")
    name = fields.String(required=True)
    identifier = fields.String(required=True)
    description = fields.String()
    location = Derived(lambda pos: LOCATION.dump(pos), required=True, nested=PosLocationSchema)
    transactionsAmount = Number(required=True, attribute="transactions_amount",
                                metadata={"description": "The gross value of the store's transactions here"})
    transactionsCount = fields.Integer(required=True, attribute="transactions_count",
                                       metadata={"description": "How many of the store's transactions were made here"})
    currency = fields.String(required=True, metadata={"example": "eur"})


PosListSchema = OutputSchema.from_dict(list_of(PosSchema, "pos"), name="PosListSchema")


class PosListQuery(PagingQuery):
    sort = Text(metadata={"description": "posId, name, identifier, description, transactionsAmount or "
                                         "transactionsCount; without one, by name"})


# --- sellers ----------------------------------------------------------------------------------


class SellerSchema(OutputSchema):
    sellerId = fields.String(required=True, attribute="id")
    name = Derived(lambda seller: f"{seller.first_name} {seller.last_name}", required=True,
                   schema={"type": "string", "description": "First and last name"})
    firstName = fields.String(required=True, attribute="first_name")
    lastName = fields.String(required=True, attribute="last_name")
    email = fields.String(required=True)
    phone = fields.String()
    posId = fields.String(attribute="pos_id")
    posName = Derived(lambda seller: seller.pos.name if seller.pos else None, schema=STRING)
    posCity = Derived(lambda seller: seller.pos.city if seller.pos else None, schema=STRING)
    active = fields.Boolean(required=True)
    deleted = fields.Boolean(required=True)
    allowPointTransfer = fields.Boolean(required=True, attribute="allow_point_transfer",
                                        metadata={"description": "The POS cockpit offers adding and spending points"})


SellerListSchema = OutputSchema.from_dict(list_of(SellerSchema, "sellers"), name="SellerListSchema")


class SellerListQuery(PagingQuery):
    """Paging and the sellers' filters: parts of the value, in any case."""

    firstName = Text(metadata={"description": "Part of the seller's first name"})
    lastName = Text(metadata={"description": "Part of the seller's last name"})
    phone = Text(metadata={"description": "Part of the seller's phone"})
    email = Text(metadata={"description": "Part of the seller's e-mail"})
    sort = Text(metadata={"description": "sellerId, firstName, lastName, email, phone, posId, active or "
                                         "allowPointTransfer; without one, by first and last name"})
