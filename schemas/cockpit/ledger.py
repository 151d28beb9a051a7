"""Schemas of the ledger reads of the cockpits' customer screens (openloyalty-cockpit-endpoints.md 4.4-4.8):
transactions, point transfers, a customer's campaigns, the dashboard's analytics, invitations, earning rules."""
from marshmallow import fields

from openloyalty_standin.schemas.base import OutputSchema
from openloyalty_standin.schemas.cockpit.paging import PagingQuery, list_of
from openloyalty_standin.schemas.customer import LabelFilterSchema, LabelSchema
from openloyalty_standin.schemas.fields import (
    Choice,
    Compound,
    DateInput,
    Derived,
    IndexedList,
    Moment,
    Number,
    Text,
)

STRING = {"type": "string"}
DOCUMENT_TYPES = ["sell", "return"]
TRANSFER_STATES = ["active", "canceled", "expired", "pending"]
TRANSFER_TYPES = ["adding", "spending", "p2p_adding", "p2p_spending"]
ISSUERS = ["system", "admin", "seller", "api", "internal"]
STRICT = "1: whole values, otherwise substrings (case-insensitive)"


class OneOrMany(fields.Field):
    """A filter sent once (`state=active`) or as a list (`state[]=active&state[]=expired`): a list, or None."""

    def __init__(self, inner, **kwargs):
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)
        self.inner = inner

    def _deserialize(self, value, attr, data, **kwargs):
        values = [self.inner.deserialize(item) for item in (value if isinstance(value, list) else [value])]
        return [item for item in values if item is not None] or None

    def openapi(self):
        one = self.inner.openapi()
        return {"anyOf": [one, {"type": "array", "items": one}]}


class Items(fields.List):
    """A list that a row may hold as NULL: then it is the empty list."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(value or [], attr, obj, **kwargs)


# --- transactions (4.4) ----------------------------------------------------------------------


class TransactionsQuery(PagingQuery):
    """Paging (by purchaseDate, newest first, unless `sort` says otherwise) and the filters of the lists."""

    customerId = Text(metadata={"description": "The customer's id"})
    documentNumber = Text(metadata={"description": "Document number"})
    documentType = Choice(DOCUMENT_TYPES, metadata={"description": "sell or return"})
    posId = Text(metadata={"description": "The POS's id"})
    customerData_loyaltyCardNumber = Text(metadata={"description": "The customer's loyalty card number"})
    customerData_name = Text(metadata={"description": "The customer's name (first and last)"})
    customerData_email = Text(metadata={"description": "The customer's e-mail"})
    customerData_phone = Text(metadata={"description": "The customer's phone"})
    labels = IndexedList(
        Compound(LabelFilterSchema, allow_none=False),
        metadata={"description": "labels[i][key], labels[i][value]", "style": "deepObject", "explode": True},
    )
    strict = Text(metadata={"description": STRICT})


class SkuSchema(OutputSchema):
    code = fields.String(required=True)


class TransactionItemSchema(OutputSchema):
    sku = fields.Nested(SkuSchema, required=True)
    name = fields.String(required=True)
    quantity = Number(required=True)
    grossValue = Number(required=True)
    category = fields.String()
    maker = fields.String()
    labels = Items(fields.Nested(LabelSchema), required=True)


class CustomerDataAddressSchema(OutputSchema):
    street = fields.String()
    address1 = fields.String()
    province = fields.String()
    city = fields.String()
    postal = fields.String()
    country = fields.String()


ADDRESS = CustomerDataAddressSchema()


class CustomerDataSchema(OutputSchema):
    """The customer as a transaction shows it: the customer's own data, as it is now."""

    email = fields.String()
    name = Derived(lambda c: f"{c.first_name} {c.last_name}", required=True, schema=STRING)
    nip = Derived(lambda c: (c.company or {}).get("nip"), schema=STRING)
    phone = fields.String()
    loyaltyCardNumber = fields.String(attribute="loyalty_card_number")
    address = Derived(lambda c: ADDRESS.dump(c.address or {}) or None, nested=CustomerDataAddressSchema)


CUSTOMER_DATA = CustomerDataSchema()


class TransactionSchema(OutputSchema):
    """A transaction, with what the stand-in adds as Open Loyalty's cockpits expect: currency,
    pointsEarned (sells), pointsRevoked (returns that took points back), posName."""

    grossValue = Number(required=True, attribute="gross_value")
    transactionId = fields.String(required=True, attribute="id")
    documentNumber = fields.String(required=True, attribute="document_number")
    purchaseDate = Moment(required=True, attribute="purchased_at")
    purchasePlace = fields.String(attribute="purchase_place")
    documentType = fields.String(required=True, attribute="document_type", metadata={"enum": DOCUMENT_TYPES})
    customerId = fields.String(required=True, attribute="customer_id")
    posId = fields.String(attribute="pos_id")
    customerData = Derived(lambda t: CUSTOMER_DATA.dump(t.customer), required=True, nested=CustomerDataSchema)
    items = Items(fields.Nested(TransactionItemSchema), required=True)
    labels = Items(fields.Nested(LabelSchema), required=True)
    revisedDocument = fields.String(attribute="revised_document", metadata={"description": "A return's original"})
    currency = fields.String(required=True)
    pointsEarned = Number(attribute="points_earned", metadata={"description": "Active points of a sell, 0 if none"})
    pointsRevoked = Number(attribute="points_revoked", metadata={"description": "Points a return took back"})
    posName = Derived(lambda t: t.pos.name if t.pos else None, schema=STRING)


TransactionListSchema = OutputSchema.from_dict(list_of(TransactionSchema, "transactions"), name="TransactionListSchema")


# --- point transfers (4.5) -------------------------------------------------------------------


class OwnTransfersQuery(PagingQuery):
    """Paging (by createdAt, newest first, unless `sort` says otherwise), state and type."""

    state = OneOrMany(Choice(TRANSFER_STATES), metadata={"description": "state or state[]: " + ", ".join(
        TRANSFER_STATES)})
    type = Choice(TRANSFER_TYPES, metadata={"description": ", ".join(TRANSFER_TYPES)})


class TransfersQuery(OwnTransfersQuery):
    customerId = Text(metadata={"description": "The customer's id"})
    customerFirstName = Text(metadata={"description": "The customer's first name"})
    customerLastName = Text(metadata={"description": "The customer's last name"})
    customerPhone = Text(metadata={"description": "The customer's phone"})
    customerEmail = Text(metadata={"description": "The customer's e-mail"})
    willExpireTill = DateInput(metadata={"description": "Points expiring at this moment or before"})
    strict = Text(metadata={"description": STRICT})


class TransactionReferenceSchema(OutputSchema):
    transactionId = fields.String(required=True)


class TransferTransactionSchema(OutputSchema):
    grossValue = Number(required=True, attribute="gross_value")
    items = Items(fields.Nested(TransactionItemSchema), required=True)


TRANSFER_TRANSACTION = TransferTransactionSchema()


def _of_customer(name):
    return lambda transfer: getattr(transfer.customer, name)


def _reference(transaction_id):
    return {"transactionId": transaction_id} if transaction_id else None


class PointsTransferSchema(OutputSchema):
    """A point transfer; its state is the one it is in now (locked points are pending until released)."""

    pointsTransferId = fields.String(required=True, attribute="id")
    accountId = fields.String(required=True, attribute="account_id")
    customerId = fields.String(required=True, attribute="customer_id")
    customerFirstName = Derived(_of_customer("first_name"), required=True, schema=STRING)
    customerLastName = Derived(_of_customer("last_name"), required=True, schema=STRING)
    customerLoyaltyCardNumber = Derived(_of_customer("loyalty_card_number"), schema=STRING)
    customerEmail = Derived(_of_customer("email"), schema=STRING)
    customerPhone = Derived(_of_customer("phone"), schema=STRING)
    createdAt = Moment(required=True, attribute="created_at")
    expiresAt = Moment(attribute="expires_at")
    lockedUntil = Moment(attribute="pending_until", metadata={"description": "Pending transfers only"})
    value = Number(required=True)
    state = fields.String(required=True, metadata={"enum": TRANSFER_STATES})
    type = fields.String(required=True, metadata={"enum": TRANSFER_TYPES})
    comment = fields.String()
    issuer = fields.String(required=True, metadata={"enum": ISSUERS})
    transactionId = Derived(lambda t: _reference(t.transaction_id), nested=TransactionReferenceSchema)
    revisedTransactionId = Derived(lambda t: _reference(t.revised_transaction_id), nested=TransactionReferenceSchema)
    posIdentifier = Derived(lambda t: t.pos.identifier if t.pos else None, schema=STRING)
    senderId = fields.String(attribute="sender_id")
    receiverId = fields.String(attribute="receiver_id")
    posName = Derived(lambda t: t.pos.name if t.pos else None, schema=STRING)
    transactionDocumentNumber = Derived(
        lambda t: t.transaction.document_number if t.transaction else None, schema=STRING)
    transaction = Derived(lambda t: TRANSFER_TRANSACTION.dump(t.transaction) if t.transaction else None,
                          nested=TransferTransactionSchema)
    revisedTransactionDocumentNumber = Derived(
        lambda t: t.revised_transaction.document_number if t.revised_transaction else None, schema=STRING)


PointsTransferListSchema = OutputSchema.from_dict(list_of(PointsTransferSchema, "transfers"),
                                                  name="PointsTransferListSchema")


# --- analytics (4.7) -------------------------------------------------------------------------


class PointsAnalyticsSchema(OutputSchema):
    totalSpendingTransfers = fields.Integer(required=True)
    totalPointsSpent = Number(required=True)


class TransactionsAnalyticsSchema(OutputSchema):
    total = fields.Integer(required=True, metadata={"description": "Sell transactions of the customers"})
    amount = Number(required=True)
    amountWithoutDeliveryCosts = Number(required=True)
    currency = fields.String(required=True)


class CustomersAnalyticsSchema(OutputSchema):
    total = fields.Integer(required=True)


class ReferralsAnalyticsSchema(OutputSchema):
    total = fields.Integer(required=True)
    totalCompleted = fields.Integer(required=True, metadata={"description": "Invitations ended in a purchase"})
    totalRegistered = fields.Integer(required=True, metadata={"description": "Invitations ended in a registration"})


# --- invitations and earning rules (4.8) -----------------------------------------------------

INVITATION_STATUSES = ["invited", "registered", "made_purchase"]


class InvitationsQuery(PagingQuery):
    """Paging (by referrerId, descending, unless `sort` says otherwise) and a filter per field."""

    invitationId = Text()
    referrerId = Text()
    referrerEmail = Text()
    referrerName = Text()
    recipientId = Text()
    recipientEmail = Text()
    recipientPhone = Text()
    recipientName = Text()
    status = Text(metadata={"description": ", ".join(INVITATION_STATUSES)})
    token = Text()
    strict = Text(metadata={"description": STRICT})


def _name(customer):
    return f"{customer.first_name} {customer.last_name}" if customer else None


class InvitationSchema(OutputSchema):
    invitationId = fields.String(required=True, attribute="id")
    referrerId = fields.String(required=True, attribute="referrer_id")
    referrerEmail = Derived(lambda i: i.referrer.email, schema=STRING)
    referrerName = Derived(lambda i: _name(i.referrer), required=True, schema=STRING)
    recipientId = fields.String(attribute="recipient_id")
    recipientEmail = fields.String(attribute="recipient_email")
    recipientPhone = fields.String(attribute="recipient_phone")
    recipientName = Derived(lambda i: _name(i.recipient), schema=STRING)
    status = fields.String(required=True, metadata={"enum": INVITATION_STATUSES})
    token = fields.String(required=True)


InvitationListSchema = OutputSchema.from_dict(list_of(InvitationSchema, "invitations"), name="InvitationListSchema")


class EarningRuleListSchema(OutputSchema):
    earningRules = fields.List(fields.Dict(), required=True, metadata={
        "description": "The active earning rules (the stand-in holds none)"})
    currency = fields.String(required=True)
