"""Schemas of a customer's reward campaigns as the cockpits read them (openloyalty-cockpit-endpoints.md 4.6):
the campaigns available to the customer and those it bought. The stand-in's worlds hold no campaigns, so
the lists are empty; their items are described here as Open Loyalty sends them."""
from marshmallow import fields

from openloyalty_standin.schemas.base import OutputSchema
from openloyalty_standin.schemas.cockpit.ledger import OneOrMany
from openloyalty_standin.schemas.cockpit.paging import PagingQuery, list_of
from openloyalty_standin.schemas.customer import LabelSchema
from openloyalty_standin.schemas.fields import Choice, FormBoolean, Moment, Number, Text

REWARDS = ["discount_code", "value_code", "free_delivery_code", "gift_code", "event_code", "cashback",
           "percentage_discount_code", "custom_campaign_code"]
COUPON_STATUSES = ["active", "inactive", "expired", "cancelled"]
DELIVERY_STATUSES = ["ordered", "shipped", "delivered", "canceled"]


class AvailableCampaignsQuery(PagingQuery):
    isFeatured = FormBoolean(allow_none=True, metadata={"description": "Featured campaigns only (or not)"})
    isPublic = FormBoolean(allow_none=True, metadata={"description": "Public campaigns only (or not)"})
    hasSegment = FormBoolean(allow_none=True, metadata={"description": "Campaigns for segments only (or not)"})
    categoryId = OneOrMany(Text(), metadata={"description": "categoryId[]: campaigns of these categories"})
    format = Text(metadata={"description": "html: descriptions rendered from markdown"})


class BoughtCampaignsQuery(PagingQuery):
    includeDetails = Text(metadata={"description": "Any value but empty or 0: each purchase embeds its campaign"})
    deliveryStatus = Choice(DELIVERY_STATUSES, metadata={"description": ", ".join(DELIVERY_STATUSES)})


class CampaignActivitySchema(OutputSchema):
    allTimeActive = fields.Boolean(required=True)
    activeFrom = Moment()
    activeTo = Moment()


class CampaignVisibilitySchema(OutputSchema):
    allTimeVisible = fields.Boolean(required=True)
    visibleFrom = Moment()
    visibleTo = Moment()


def _names(description):
    return fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                       metadata={"description": description})


class CampaignSchema(OutputSchema):
    """A reward campaign as a customer's lists show it, with what is computed for the customer."""

    campaignId = fields.String(required=True)
    reward = fields.String(required=True, metadata={"enum": REWARDS})
    name = fields.String(required=True)
    shortDescription = fields.String()
    conditionsDescription = fields.String()
    usageInstruction = fields.String()
    brandName = fields.String()
    brandDescription = fields.String()
    moreInformationLink = fields.String()
    active = fields.Boolean(required=True)
    costInPoints = Number(required=True)
    singleCoupon = fields.Boolean(required=True)
    unlimited = fields.Boolean(required=True)
    limit = fields.Integer()
    limitPerUser = fields.Integer()
    daysValid = fields.Integer()
    daysInactive = fields.Integer()
    campaignActivity = fields.Nested(CampaignActivitySchema, required=True)
    campaignVisibility = fields.Nested(CampaignVisibilitySchema, required=True)
    labels = fields.List(fields.Nested(LabelSchema), required=True)
    featured = fields.Boolean(required=True)
    public = fields.Boolean(required=True)
    fulfillmentTracking = fields.Boolean(required=True)
    brandIcon = fields.Boolean(required=True)
    segmentNames = _names("Segment names by segment id")
    levelNames = _names("Level names by level id")
    categoryNames = _names("Category names by category id")
    usageLeft = fields.Integer(required=True)
    usageLeftForCustomer = fields.Integer(required=True)
    canBeBoughtByCustomer = fields.Boolean(required=True, metadata={"description": "Enough points, and active"})
    visibleForCustomersCount = fields.Integer(required=True)
    usersWhoUsedThisCampaignCount = fields.Integer(required=True)
    will_be_active_from = Moment(metadata={"description": "When the campaign is not active now"})
    will_be_active_to = Moment(metadata={"description": "When the campaign is not active now"})


class CampaignDetailsSchema(CampaignSchema):
    """A campaign as a purchase embeds it: with the ids of its levels, segments, categories and coupons."""

    levels = fields.List(fields.String(), required=True)
    segments = fields.List(fields.String(), required=True)
    categories = fields.List(fields.String(), required=True)
    coupons = fields.List(fields.String(), required=True)


class CouponSchema(OutputSchema):
    id = fields.String(required=True)
    code = fields.String(required=True)


class BoughtCampaignSchema(OutputSchema):
    """A purchase of a campaign; `campaignId` is the campaign's id as a plain string (DECISIONS 6)."""

    purchaseAt = Moment(required=True)
    costInPoints = Number(required=True)
    campaignId = fields.String(required=True)
    used = fields.Boolean(required=True)
    coupon = fields.Nested(CouponSchema, required=True)
    status = fields.String(required=True, metadata={"enum": COUPON_STATUSES})
    activeSince = Moment(required=True)
    activeTo = Moment()
    deliveryStatus = fields.String(required=True, metadata={"enum": DELIVERY_STATUSES})
    usageDate = Moment()
    canBeUsed = fields.Boolean(required=True)
    campaign = fields.Nested(CampaignDetailsSchema, metadata={"description": "With includeDetails"})


AvailableCampaignListSchema = OutputSchema.from_dict(list_of(CampaignSchema, "campaigns"),
                                                     name="AvailableCampaignListSchema")
BoughtCampaignListSchema = OutputSchema.from_dict(list_of(BoughtCampaignSchema, "campaigns"),
                                                  name="BoughtCampaignListSchema")
