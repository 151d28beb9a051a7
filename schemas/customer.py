"""Customer schemas: the register and update forms, the details object, lists and checks."""
from marshmallow import ValidationError, fields, validates_schema

from openloyalty_standin.schemas import context
from openloyalty_standin.schemas.base import BaseSchema, OutputSchema, WrapperSchema
from openloyalty_standin.schemas.fields import (
    EXTRA_FIELDS,
    NOT_BLANK,
    Choice,
    Compound,
    DateInput,
    Decimal,
    Derived,
    Email,
    FormBoolean,
    IndexedList,
    LabelsString,
    Moment,
    Number,
    Password,
    PhoneNumber,
    Text,
    optional,
)

GENDERS = ("male", "female", "not_disclosed")
STATUS_TYPES = ["new", "active", "blocked", "deleted"]
STATUS_STATES = ["no-card", "card-sent", "with-card"]


class AddressSchema(BaseSchema):
    street = Text()
    address1 = Text()
    address2 = Text()
    postal = Text()
    city = Text()
    province = Text()
    country = Text()


class CompanySchema(BaseSchema):
    name = Text()
    nip = Text()


class CustomerUpdateSchema(BaseSchema):
    """The customer form of PUT: every field optional; empty erases."""

    firstName = Text(metadata={"description": "First name"})
    lastName = Text(metadata={"description": "Last name"})
    gender = Choice(GENDERS, empty="not_disclosed", metadata={"description": "male, female, not_disclosed"})
    email = Email(metadata={"description": "E-mail address (unique)"})
    phone = PhoneNumber(max_length=32, metadata={"description": "A phone number (unique)"})
    birthDate = DateInput(dates_at_midnight_utc=True, metadata={
        "description": "Birth date, YYYY-MM-DD (kept as midnight UTC), or a moment with its offset"})
    createdAt = DateInput(metadata={"description": "Created at, YYYY-MM-DD HH:mm:ss"})
    address = Compound(AddressSchema)
    company = Compound(CompanySchema)
    loyaltyCardNumber = Text(metadata={"description": "Loyalty card number (unique)"})
    labels = LabelsString(metadata={"description": "Labels as key1:val1;key2:val2"})
    agreement1 = FormBoolean(allow_none=True)
    agreement2 = FormBoolean(allow_none=True)
    agreement3 = FormBoolean(allow_none=True)
    levelId = Text(max_length=64, metadata={"description": "Level ID"})
    posId = Text(max_length=64, metadata={"description": "POS ID"})
    sellerId = Text(max_length=64, metadata={"description": "Seller ID (not for sellers)", "not_for": ("seller",)})

    @validates_schema(skip_on_field_errors=False)
    def known_references(self, data, **kwargs):
        """levelId, posId and sellerId name existing records; a seller has no sellerId field."""
        if "sellerId" in data and context.caller_kind.get() == "seller":
            raise ValidationError(EXTRA_FIELDS)
        check = context.reference_check.get()
        errors = check(data) if check else {}
        if errors:
            raise ValidationError(errors)


class CustomerRegisterSchema(CustomerUpdateSchema):
    """The customer form of the three register endpoints."""

    # Required under the e-mail activation method, every store's default; the document says so.
    DOCUMENTED_REQUIRED = ("email",)

    firstName = Text(required=True, not_blank=True, metadata={"description": "First name"})
    lastName = Text(required=True, not_blank=True, metadata={"description": "Last name"})
    labels = LabelsString(metadata={"form_hidden": True, "description": "Labels as key1:val1;key2:val2"})
    agreement1 = FormBoolean(required=True, must_be_true=True)
    invitationToken = Text(metadata={"form_hidden": True, "description": "Invitation token"})

    @validates_schema
    def contact_required(self, data, **kwargs):
        """E-mail is required under the e-mail activation method, phone (and not e-mail) under SMS."""
        needed = "email" if context.activation_method.get() == "email" else "phone"
        if data.get(needed) is None:
            raise ValidationError(NOT_BLANK, field_name=needed)


class CustomerSelfRegisterSchema(CustomerRegisterSchema):
    """The customer form of self-registration: no level, POS or seller; a password."""

    class Meta:
        exclude = ("levelId", "posId", "sellerId")

    invitationToken = Text(metadata={"description": "Invitation token"})
    plainPassword = Password(required=True, load_only=True, metadata={"description": "The new account's password"})


class SelfRegisterCustomerRequest(WrapperSchema):
    form_root = "customer"
    customer = fields.Nested(CustomerSelfRegisterSchema, required=True)


class RegisterCustomerRequest(WrapperSchema):
    form_root = "customer"
    customer = fields.Nested(CustomerRegisterSchema, required=True)


class UpdateCustomerRequest(WrapperSchema):
    form_root = "customer"
    customer = fields.Nested(CustomerUpdateSchema, required=True)


class CustomerIdSchema(OutputSchema):
    customerId = fields.String(required=True)


class RegisteredCustomerSchema(OutputSchema):
    customerId = fields.String(required=True)
    email = fields.String()


class AddressDetailsSchema(OutputSchema):
    street = fields.String()
    address1 = fields.String()
    address2 = fields.String()
    province = fields.String()
    city = fields.String()
    postal = fields.String()
    country = fields.String()


class CompanyDetailsSchema(OutputSchema):
    name = fields.String()
    nip = fields.String()


class LabelSchema(OutputSchema):
    key = fields.String(required=True)
    value = fields.String(required=True)


def _strings_of(values):
    return {"type": "array", "items": {"type": "string", "enum": values}}


# Lists of objects this stand-in has none of (campaign purchases, segments); Open Loyalty fills them.
OBJECT_LIST = {"type": "array", "items": {"type": "object"}}


class AccountStatusSchema(OutputSchema):
    """A customer account's status (type and card state), with every value each may take."""

    availableTypes = Derived(lambda _customer: STATUS_TYPES, required=True, schema=_strings_of(STATUS_TYPES))
    availableStates = Derived(lambda _customer: STATUS_STATES, required=True, schema=_strings_of(STATUS_STATES))
    type = fields.String(required=True, attribute="status_type", metadata={"enum": STATUS_TYPES})
    state = fields.String(attribute="status_state", metadata={"enum": STATUS_STATES})


STATUS = AccountStatusSchema()  # one instance serves every dump


class LevelReferenceSchema(OutputSchema):
    """A level's id, as Open Loyalty nests it: both keys hold the same id."""

    id = fields.String(required=True)
    levelId = fields.String()  # absent in some of Open Loyalty's answers


class ManualLevelSchema(OutputSchema):
    levelId = fields.String(required=True)


class LevelSchema(OutputSchema):
    levelId = Derived(lambda level: {"id": level.id, "levelId": level.id}, required=True, nested=LevelReferenceSchema)
    name = Derived(lambda level: level.name_in(context.locale.get()), required=True, schema={"type": "string"})
    translations = fields.Dict(required=True)


def _percent(fraction):
    return f"{fraction * 100:.2f}%"


class CustomerSchema(OutputSchema):
    """A customer: the details object of GET customer/{customer}, artefacts of the reference
    included (`id` equal to the level id). Lists and searches answer CustomerRow."""

    customerId = fields.String(required=True, attribute="id")
    active = fields.Boolean(required=True)
    posId = fields.String(attribute="pos_id")
    sellerId = fields.String(attribute="seller_id")
    firstName = fields.String(required=True, attribute="first_name")
    lastName = fields.String(required=True, attribute="last_name")
    gender = fields.String()
    email = fields.String()
    phone = fields.String()
    birthDate = Moment(attribute="birth_date")
    lastLevelRecalculation = Moment(attribute="last_level_recalculation")
    address = fields.Nested(AddressDetailsSchema)
    loyaltyCardNumber = fields.String(attribute="loyalty_card_number")
    createdAt = Moment(required=True, attribute="created_at")
    id = Derived(lambda c: c.level_id, schema={"type": "string", "description": "The level's id"})
    levelId = fields.String(attribute="level_id")
    manuallyAssignedLevelId = Derived(
        lambda c: {"levelId": c.manually_assigned_level_id} if c.manually_assigned_level_id else None,
        nested=ManualLevelSchema,
    )
    agreement1 = fields.Boolean(required=True)
    agreement2 = fields.Boolean(required=True)
    agreement3 = fields.Boolean(required=True)
    company = fields.Nested(CompanyDetailsSchema)
    status = Derived(lambda c: STATUS.dump(c), required=True, nested=AccountStatusSchema)
    updatedAt = Moment(required=True, attribute="updated_at")
    campaignPurchases = Derived(lambda _customer: [], required=True, schema=OBJECT_LIST)
    transactionsCount = fields.Integer(required=True, attribute="transactions_count")
    transactionsAmount = Number(required=True, attribute="transactions_amount")
    transactionsAmountWithoutDeliveryCosts = Number(required=True, attribute="transactions_amount_without_delivery")
    amountExcludedForLevel = Number(required=True, attribute="amount_excluded_for_level")
    averageTransactionAmount = Number(required=True, attribute="average_transaction_amount")
    lastTransactionDate = Moment(attribute="last_transaction_date")
    labels = fields.List(fields.Nested(LabelSchema))  # absent from Open Loyalty's list rows
    level = fields.Nested(LevelSchema)
    avatarPath = fields.String(attribute="avatar_path")
    avatarOriginalName = fields.String(attribute="avatar_original_name")
    avatarMime = fields.String(attribute="avatar_mime")
    version = fields.Integer(required=True)
    currency = Derived(lambda c: c.store.currency, required=True, schema={"type": "string", "example": "PLN"})
    segments = Derived(lambda _customer: [], required=True, schema=OBJECT_LIST)
    levelPercent = Derived(lambda c: _percent(c.level.reward_value) if c.level else None,
                           schema={"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}%$", "example": "14.00%"})
    posIdentifier = Derived(lambda c: c.pos.identifier if c.pos else None, schema={"type": "string"})


class CustomerRowSchema(CustomerSchema):
    """A row of a customer list or search: the details without `id` and `segments`. Open Loyalty's
    rows do not all carry `status` and `version`, so a client must not rely on them here."""

    status = optional(CustomerSchema._declared_fields["status"])
    version = optional(CustomerSchema._declared_fields["version"])

    class Meta:
        exclude = ("id", "segments")


class CustomerListSchema(OutputSchema):
    customers = fields.List(fields.Nested(CustomerRowSchema), required=True)
    total = fields.Integer(required=True)


class CustomerCheckQuery(BaseSchema):
    emailOrPhone = Text(metadata={"description": "Customer's email or phone"})

    class Meta:
        unknown = "exclude"


class TotalSchema(OutputSchema):
    total = fields.Integer(required=True)


class LabelFilterSchema(BaseSchema):
    key = Text()
    value = Text()


class CustomerListQuery(BaseSchema):
    """Filters, paging and sorting of the customer lists."""

    class Meta:
        unknown = "exclude"

    firstName = Text(metadata={"description": "Customer's first name"})
    lastName = Text(metadata={"description": "Customer's last name"})
    phone = Text(metadata={"description": "Customer's phone"})
    email = Text(metadata={"description": "Customer's email address"})
    loyaltyCardNumber = Text(metadata={"description": "Customer's loyalty card number"})
    emailOrPhone = Text(metadata={"description": "Customer's email or phone"})
    transactionsAmountFrom = Decimal(metadata={"description": "Transactions amount lower limit"})
    transactionsAmountTo = Decimal(metadata={"description": "Transactions amount upper limit"})
    averageTransactionAmountFrom = Decimal(metadata={"description": "Average transaction amount lower limit"})
    averageTransactionAmountTo = Decimal(metadata={"description": "Average transaction amount upper limit"})
    transactionsCountFrom = Decimal(integer=True, metadata={"description": "Transactions count lower limit"})
    transactionsCountTo = Decimal(integer=True, metadata={"description": "Transactions count upper limit"})
    daysFromLastTransactionTo = Decimal(
        minimum=0, maximum=700_000, metadata={"description": "Days from last transaction upper limit"}
    )
    hoursFromLastUpdateTo = Decimal(
        minimum=0, maximum=16_000_000, metadata={"description": "Hours from last update upper limit"}
    )
    strict = Text(metadata={"description": "1: exact values, otherwise substrings"})
    labels = IndexedList(
        Compound(LabelFilterSchema, allow_none=False),
        metadata={"description": "labels[i][key], labels[i][value]", "style": "deepObject", "explode": True},
    )
    page = Decimal(integer=True, metadata={"description": "Page, by default 1"})
    perPage = Decimal(integer=True, metadata={"description": "Items per page, by default 10"})
    sort = Text(metadata={"description": "Sort by column name"})
    direction = Text(metadata={"description": "ASC or DESC"})
    _locale = Text(data_key="_locale", metadata={"description": "Locale of level names"})


class CustomerSearchResultSchema(OutputSchema):
    customers = fields.List(fields.Nested(CustomerRowSchema), required=True)
