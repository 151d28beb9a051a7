"""Translations, choices and the loyalty program's settings, as Open Loyalty's 3.x cockpits read them.

SETTINGS is the one list of the settings keys: each with its kind, its choices and its fixture
default (None: stored only once an admin saves it). The settings form and the answer are made from it.
"""
import json

from marshmallow import ValidationError, fields, validates_schema

from openloyalty_standin.schemas.base import BaseSchema, OutputSchema, WrapperSchema
from openloyalty_standin.schemas.fields import (
    NOT_BLANK,
    NOT_VALID,
    Choice,
    Derived,
    FormBoolean,
    FormNumber,
    Moment,
    Text,
)

CURRENCIES = ["pln", "usd", "eur", "hkd", "cop"]
POINT_EXPIRY = ["all_time_active", "after_x_days", "at_the_end_of_the_month", "at_the_end_of_the_year"]
STATUSES = ["new", "active", "blocked", "deleted"]
IDENTIFIERS = ["email", "loyaltyCardNumber", "phone"]
PHOTOS = ["logo", "small-logo", "hero-image", "admin-cockpit-logo", "client-cockpit-logo-big",
          "client-cockpit-logo-small", "client-cockpit-hero-image"]
FILE_KEYS = PHOTOS + ["conditions"]

# key, kind, choices, fixture default (None: absent until an admin saves it)
SETTINGS = [
    ("currency", "choice", CURRENCIES, "eur"),
    ("timezone", "text", None, "Europe/Warsaw"),
    ("programName", "text", None, "Loyalty Program"),
    ("programPointsSingular", "text", None, "Point"),
    ("programPointsPlural", "text", None, "Points"),
    ("programConditionsUrl", "text", None, None),
    ("programFaqUrl", "text", None, None),
    ("programUrl", "text", None, None),
    ("helpEmailAddress", "text", None, None),
    ("pointsDaysExpiryAfter", "choice", POINT_EXPIRY, "after_x_days"),
    ("pointsDaysActiveCount", "int", None, 30),
    ("pointsDaysLocked", "int", None, None),
    ("expirePointsNotificationDays", "int", None, 10),
    ("expireCouponsNotificationDays", "int", None, 10),
    ("expireLevelsNotificationDays", "int", None, 10),
    ("allTimeNotLocked", "bool", None, True),
    ("returns", "bool", None, True),
    ("allowCustomersProfileEdits", "bool", None, True),
    ("levelResetPointsOnDowngrade", "bool", None, False),
    ("excludeDeliveryCostsFromTierAssignment", "bool", None, None),
    ("webhooks", "bool", None, None),
    ("excludedLevelCategories", "texts", None, ["category_excluded_from_level"]),
    ("excludedDeliverySKUs", "texts", None, None),
    ("excludedLevelSKUs", "texts", None, None),
    ("tierAssignType", "choice", ["points", "transactions"], "transactions"),
    ("levelDowngradeMode", "choice", ["none", "automatic", "after_x_days"], "none"),
    ("levelDowngradeDays", "int", None, None),
    ("levelDowngradeBase", "choice", ["none", "active_points", "earned_points",
                                      "earned_points_since_last_level_change"], "none"),
    ("customerStatusesEarning", "statuses", None, ["active"]),
    ("customerStatusesSpending", "statuses", None, ["active"]),
    ("customersIdentificationPriority", "priorities", None,
     [{"priority": 1, "field": "email"}, {"priority": 2, "field": "loyaltyCardNumber"},
      {"priority": 3, "field": "phone"}]),
    ("accountActivationMethod", "choice", ["email", "sms"], "email"),
    ("marketingVendorsValue", "choice", ["none"], "none"),
    ("pushySecretKey", "text", None, None),
    ("uriWebhooks", "text", None, None),
    ("webhookHeaderName", "text", None, None),
    ("webhookHeaderValue", "text", None, None),
    ("accentColor", "text", None, None),
    ("cssTemplate", "text", None, None),
]
DEFAULTS = {key: default for key, _kind, _choices, default in SETTINGS if default is not None}


class PriorityForm(BaseSchema):
    priority = FormNumber(integer=True, minimum=0, required=True)
    field = Choice(IDENTIFIERS, required=True, not_blank=True)


class PrioritySchema(OutputSchema):
    priority = fields.Integer(required=True)
    field = fields.String(required=True)


def _form_field(kind, choices):
    if kind == "choice":
        return Choice(choices, metadata={"description": " or ".join(choices)})
    return {
        "text": lambda: Text(max_length=4096),
        "int": lambda: FormNumber(integer=True, minimum=0, allow_none=True),
        "bool": lambda: FormBoolean(allow_none=True),
        "texts": lambda: fields.List(Text(allow_none=False, not_blank=True), allow_none=True),
        "statuses": lambda: fields.List(Choice(STATUSES, allow_none=False, not_blank=True), allow_none=True),
        "priorities": lambda: fields.List(fields.Nested(PriorityForm), allow_none=True),
    }[kind]()


def _answer_field(kind, choices):
    if kind == "choice":
        return fields.String(validate=None, metadata={"enum": choices})
    return {
        "text": fields.String, "int": fields.Integer, "bool": fields.Boolean,
        "texts": lambda: fields.List(fields.String()),
        "statuses": lambda: fields.List(fields.String(metadata={"enum": STATUSES})),
        "priorities": lambda: fields.List(fields.Nested(PrioritySchema)),
    }[kind]()


SettingsFormSchema = BaseSchema.from_dict(
    {key: _form_field(kind, choices) for key, kind, choices, _default in SETTINGS}, name="SettingsFormSchema",
)  # the settings form: every key optional, a key sent replaces its stored value


class SettingsRequest(WrapperSchema):
    """The settings as JSON, as the admin cockpit sends them (their lists of objects have no
    bracket-form description in the document)."""

    form_root = "settings"
    json_only = True
    settings = fields.Nested(SettingsFormSchema, required=True)


class SettingsFileSchema(OutputSchema):
    """An uploaded settings file, as Open Loyalty lists it under its key."""

    path = fields.String(required=True, metadata={"example": "logo/logo.png"})
    originalName = fields.String()
    mime = fields.String(required=True, metadata={"example": "image/png"})
    sizes = fields.List(fields.String(), required=True, metadata={"description": "Resized copies, WxH"})


SettingsValuesSchema = OutputSchema.from_dict(
    {
        **{key: _answer_field(kind, choices) for key, kind, choices, _default in SETTINGS},
        **{key: fields.Nested(SettingsFileSchema) for key in FILE_KEYS},
    },
    name="SettingsValuesSchema",
)


class ProgramSettingsSchema(OutputSchema):
    """The stored settings, one key per stored value (nulls left out)."""

    settings = fields.Nested(SettingsValuesSchema, required=True)


class PublicValuesSchema(OutputSchema):
    allowCustomersProfileEdits = fields.Boolean(required=True)


class PublicSettingsSchema(OutputSchema):
    settings = fields.Nested(PublicValuesSchema, required=True)


class ActivationMethodSchema(OutputSchema):
    method = fields.String(required=True, metadata={"enum": ["email", "sms"]})


class ConditionsUrlSchema(OutputSchema):
    url = fields.String(required=True, metadata={"example": "http://localhost:8183/#!/terms-conditions"})


# --- translations


class LanguageEntrySchema(OutputSchema):
    """A language of the translations; `content`, its translations as JSON text, in a single read."""

    code = fields.String(required=True, metadata={"example": "en"})
    name = fields.String(required=True, metadata={"example": "English"})
    default = fields.Boolean(required=True, attribute="is_default")
    order = fields.Integer(required=True, attribute="position")
    content = fields.String(attribute="content_text", metadata={"description": "The translations object, JSON-encoded"})
    updatedAt = Moment(required=True, attribute="updated_at")


class LanguageListSchema(OutputSchema):
    translations = fields.List(fields.Nested(LanguageEntrySchema, exclude=("content",)), required=True)
    total = fields.Integer(required=True)


def _translations_object(value):
    try:
        content = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        raise ValidationError(NOT_VALID) from None
    if not isinstance(content, dict):
        raise ValidationError(NOT_VALID)
    return content


class TranslationContent(fields.Field):
    """The translations: a JSON object, or its JSON text as Open Loyalty's form takes it; null or
    empty keeps them as they are."""

    def __init__(self, **kwargs):
        super().__init__(allow_none=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return None if value == "" else _translations_object(value)

    def openapi(self):
        return {"anyOf": [{"type": "object"}, {"type": "string"}, {"type": "null"}]}


class TranslationForm(BaseSchema):
    """A language's form; a field left out (or, for content, null) keeps its value."""

    name = Text(not_blank=True, allow_none=False)
    content = TranslationContent(metadata={"description": "The translations: a JSON object or its JSON text"})
    default = FormBoolean(allow_none=True)
    order = FormNumber(integer=True, minimum=0)


class NewTranslationForm(TranslationForm):
    DOCUMENTED_REQUIRED = ("name", "code")

    code = Text(max_length=16, not_blank=True, allow_none=False,
                metadata={"description": "The language's code, e.g. de"})

    @validates_schema
    def names_the_language(self, data, **kwargs):
        missing = {key: [NOT_BLANK] for key in ("name", "code") if not data.get(key)}
        if missing:
            raise ValidationError(missing)


class TranslationRequest(WrapperSchema):
    form_root = "translation"
    translation = fields.Nested(TranslationForm, required=True)


class NewTranslationRequest(WrapperSchema):
    form_root = "translation"
    translation = fields.Nested(NewTranslationForm, required=True)


# --- choices

_CHOICE = {"anyOf": [{"type": "string"}, {"type": "object"}]}
_MAP_OR_LIST = {"anyOf": [{"type": "object"}, {"type": "array", "items": _CHOICE}]}


class SettingChoicesSchema(OutputSchema):
    """The values of a cockpit select: a map of label to value (or a nested map, for time zones),
    or a list; smsGatewayConfig answers its gateway's `fields` instead."""

    choices = Derived(lambda answer: answer.get("choices"), schema=_MAP_OR_LIST)
    fields_ = Derived(lambda answer: answer.get("fields"), data_key="fields", schema=_MAP_OR_LIST)


TRANSLATIONS = {"type": "object", "description": "The default language's translations: nested objects of strings"}
