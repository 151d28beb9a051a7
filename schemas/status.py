"""The customer status object, keys in Open Loyalty's order, null values left out."""
from marshmallow import fields

from openloyalty_standin.schemas.base import OutputSchema
from openloyalty_standin.schemas.fields import Number


class CustomerStatusSchema(OutputSchema):
    firstName = fields.String()
    lastName = fields.String()
    customerId = fields.String(required=True)
    points = Number(required=True)
    p2pPoints = Number()
    totalEarnedPoints = Number(required=True)
    usedPoints = Number(required=True)
    expiredPoints = Number(required=True)
    lockedPoints = Number(required=True)
    level = fields.String(metadata={"description": "Reward of the current level, e.g. 15.00%"})
    levelName = fields.String()
    levelConditionValue = Number(required=True)
    nextLevel = fields.String()
    nextLevelName = fields.String()
    nextLevelConditionValue = Number(required=True)
    transactionsAmountToNextLevelWithoutDeliveryCosts = Number()
    transactionsAmountWithoutDeliveryCosts = Number()
    transactionsAmountToNextLevel = Number()
    averageTransactionsAmount = fields.String(metadata={"description": "Two decimals, e.g. 1.50"})
    transactionsCount = fields.Integer()
    transactionsAmount = Number()
    pointsToNextLevel = Number()
    currency = fields.String(required=True)
    levelWillExpireInDays = fields.Integer()
    pointsSinceLastLevelRecalculation = Number()
    pointsRequiredToRetainLevel = Number()
    pointsExpiringNextMonth = Number(required=True)
    pointsExpiringBreakdown = fields.Dict(keys=fields.String(), values=Number())
