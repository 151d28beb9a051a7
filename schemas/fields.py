"""Fields that read and write values the way Open Loyalty's forms and serializer do.

Each input field also says, in `openapi()`, which values it accepts, so that the OpenAPI
document describes exactly what the validation does (no second copy to drift).
"""
import copy
import re
from datetime import date, datetime, timezone

import phonenumbers
from marshmallow import ValidationError, fields, missing

from openloyalty_standin.schemas import context

NOT_BLANK = "This value should not be blank."
BLANK = {"type": "string", "maxLength": 0}  # the document's schema of an empty value
NOT_VALID = "This value is not valid."
EXTRA_FIELDS = "This form should not contain extra fields."
BAD_EMAIL = "This value is not a valid email address."
BAD_PHONE = "This value is not a valid phone number."
BAD_LABELS = "Customer labels invalid data"
TRIM = " \t\n\r\x0b"  # what Symfony's trim option removes (PHP trim; NUL is refused anyway)
NOT_TRIM = r"[^\x00 \t\n\r\x0b]"
ANY = r"[^\x00]"
_EMAIL_PART = r"[^@\x00 \t\n\r\x0b\x0c]+"
EMAIL_CORE = rf"{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}"
DIGITS_CORE = r"[0-9]{1,20}"
_LABEL = r"(?:[^;:\x00]*|[^;:\x00]*[^;:\x00 \t\n\r\x0b][^;:\x00]*:[^;\x00]*)"
LABELS_CORE = rf"{_LABEL}(?:;{_LABEL})*"
EMAIL_PATTERN = rf"^{EMAIL_CORE}$"
DIGITS_PATTERN = rf"^{DIGITS_CORE}$"
TRUE_VALUES = (True, 1, "1", "true", "on")
FALSE_VALUES = (False, 0, "0", "false", "off", "")
LIMIT = 10**15


def _with_null(field, schema):
    """Let an optional field be null (JSON null erases, like an empty value)."""
    if field.allow_none and "type" in schema:
        schema["type"] = [schema["type"], "null"]
    return schema


class Text(fields.Field):
    """A trimmed text input: empty means absent (None); `not_blank` makes empty an error."""

    def __init__(self, *, not_blank=False, max_length=255, **kwargs):
        kwargs.setdefault("allow_none", not kwargs.get("required", False))
        super().__init__(**kwargs)
        self.not_blank = not_blank
        self.max_length = max_length

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or "\x00" in value:
            raise ValidationError(NOT_VALID)
        if len(value) > self.max_length:
            raise ValidationError(f"This value is too long. It should have {self.max_length} characters or less.")
        text = value.strip(TRIM)
        if not text:
            if self.not_blank:
                raise ValidationError(NOT_BLANK)
            return None
        return self.check(text)

    def check(self, text):
        """Validate a non-empty value; subclasses say what is wrong with it."""
        return text

    def _serialize(self, value, attr, obj, **kwargs):
        return value

    def core(self):
        """The regular expression of an accepted value once trimmed (not anchored); None: any text."""
        return None

    def openapi(self):
        schema = {"type": "string", "maxLength": self.max_length}
        if self.core():
            optional = "" if self.not_blank or self.required else "?"
            schema["pattern"] = rf"^(?:{self.core()}){optional}$"
        elif self.not_blank:
            schema["pattern"] = NOT_TRIM  # somewhere a character that trimming keeps
        return _with_null(self, schema)


class Email(Text):
    def check(self, text):
        if not re.match(EMAIL_PATTERN, text):
            raise ValidationError(BAD_EMAIL)
        return text

    def core(self):
        return EMAIL_CORE


class PhoneNumber(Text):
    """Digits only, or `+` and digits that libphonenumber knows as a valid number."""

    def _deserialize(self, value, attr, data, **kwargs):
        # An unencoded "+48..." in a form body arrives as " 48...": the + is form-encoded space.
        if isinstance(value, str) and value.startswith(" ") and re.match(DIGITS_PATTERN, value.strip(TRIM)):
            value = "+" + value.strip(TRIM)
        return super()._deserialize(value, attr, data, **kwargs)

    def check(self, text):
        if re.match(DIGITS_PATTERN, text):
            return text
        if text.startswith("+") and re.match(DIGITS_PATTERN, text[1:]):
            try:
                number = phonenumbers.parse(text, None)
            except phonenumbers.NumberParseException:
                raise ValidationError(BAD_PHONE) from None
            if phonenumbers.is_valid_number(number):
                return text
        raise ValidationError(BAD_PHONE)

    def core(self):
        # "+" and a valid international number are accepted too; digits are what any client may send.
        return DIGITS_CORE


class Choice(Text):
    """One of `choices`; empty gives `empty` (Symfony's empty_data)."""

    def __init__(self, choices, *, empty=None, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.empty = empty

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return self.empty if text is None else text

    def check(self, text):
        if text not in self.choices:
            raise ValidationError(NOT_VALID)
        return text

    def openapi(self):
        return _with_null(self, {"type": "string", "enum": [*self.choices] + ([] if self.not_blank else [""])})


class FormBoolean(fields.Field):
    """A checkbox: true, 1, "1", "true", "on" are true; false, 0, "0", "false", "off", "" false."""

    def __init__(self, *, must_be_true=False, **kwargs):
        super().__init__(**kwargs)
        self.must_be_true = must_be_true

    def _deserialize(self, value, attr, data, **kwargs):
        if any(value is v or (type(value) is type(v) and value == v) for v in TRUE_VALUES):
            return True
        if not any(value is v or (type(value) is type(v) and value == v) for v in FALSE_VALUES):
            raise ValidationError(NOT_VALID)
        if self.must_be_true:
            raise ValidationError(NOT_BLANK)
        return False

    def _serialize(self, value, attr, obj, **kwargs):
        return bool(value)

    def openapi(self):
        """The values taken, one alternative per JSON type, so that typed clients can hold them."""
        accepted = TRUE_VALUES if self.must_be_true else TRUE_VALUES + FALSE_VALUES
        options = [
            {"type": name, "enum": [value for value in accepted if type(value) is kind]}
            for name, kind in (("boolean", bool), ("integer", int), ("string", str))
        ]
        return {"anyOf": options + ([{"type": "null"}] if self.allow_none else [])}


class DateInput(Text):
    """A date (`2017-10-05`) or datetime (`2017-01-01 14:15:16`); without an offset it is read in the
    display timezone. With `dates_at_midnight_utc` a date alone is midnight UTC, as Open Loyalty's
    fixtures hold birth dates: its calendar day then survives a round trip through any client from
    UTC to UTC+14, which reads the rendered moment back in its own timezone."""

    def __init__(self, *, dates_at_midnight_utc=False, **kwargs):
        super().__init__(**kwargs)
        self.dates_at_midnight_utc = dates_at_midnight_utc

    def check(self, text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(NOT_VALID) from None
        if moment.tzinfo is None:
            date_only = self.dates_at_midnight_utc and _is_date(text)
            moment = moment.replace(tzinfo=timezone.utc if date_only else context.display_timezone.get())
        try:
            moment.astimezone(timezone.utc)
        except OverflowError:  # the first or last day of year 1 or 9999 in a far timezone
            moment = moment.replace(tzinfo=timezone.utc)
        return moment

    def openapi(self):
        nullable = [{"type": "null"}] if self.allow_none else []
        return {"anyOf": [{"type": "string", "format": "date"}, BLANK] + nullable}


def _is_date(text):
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


class LabelsString(Text):
    """`key1:val1;key2:val2` into [(key, value), ...]; an empty string clears the labels."""

    def __init__(self, **kwargs):
        super().__init__(max_length=10000, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        parsed = super()._deserialize(value, attr, data, **kwargs)
        return [] if parsed is None else parsed

    def check(self, text):
        labels = []
        for entry in text.split(";"):
            key, colon, val = entry.partition(":")
            if not colon:
                continue
            if not key.strip(TRIM):
                raise ValidationError(BAD_LABELS)
            labels.append((key.strip(TRIM)[:255], val.strip(TRIM)[:255]))
        return labels

    def core(self):
        return LABELS_CORE


class Decimal(Text):
    """A number given as text (a query parameter); anything else is "This value is not valid."."""

    def __init__(self, *, integer=False, minimum=1 - LIMIT, maximum=LIMIT - 1, **kwargs):
        super().__init__(max_length=32, **kwargs)
        self.integer, self.minimum, self.maximum = integer, minimum, maximum

    def check(self, text):
        pattern = r"^-?[0-9]+$" if self.integer else r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"
        if not re.match(pattern, text):
            raise ValidationError(NOT_VALID)
        number = int(text) if self.integer else float(text)
        if not self.minimum <= number <= self.maximum:
            raise ValidationError(NOT_VALID)
        return number

    def openapi(self):
        number = {"type": "integer" if self.integer else "number", "minimum": self.minimum, "maximum": self.maximum}
        return {"anyOf": [number, BLANK]}  # an empty value is no filter, as in a Symfony form


class Password(Text):
    """A new password under the "advanced" rules of Open Loyalty; every broken rule is reported."""

    RULES = (
        (lambda p: len(p) >= 8, "Your password must be at least 8 characters long."),
        (lambda p: re.search(r"[A-Za-z]", p), "Your password must include at least one letter."),
        (
            lambda p: re.search(r"[a-z]", p) and re.search(r"[A-Z]", p),
            "Your password must include both upper and lower case letters.",
        ),
        (lambda p: re.search(r"[0-9]", p), "Your password must include at least one number."),
        (lambda p: re.search(r"[^A-Za-z0-9]", p), "Your password must contain at least one special character."),
    )

    def __init__(self, **kwargs):
        super().__init__(not_blank=True, max_length=4096, **kwargs)

    def check(self, text):
        broken = [message for rule, message in self.RULES if not rule(text)]
        if broken:
            raise ValidationError(broken)
        return text

    def openapi(self):
        rules = " ".join(message for _, message in self.RULES)
        return {"type": "string", "minLength": 8, "maxLength": 4096, "description": rules}


class Compound(fields.Nested):
    """A sub-form (address, company): an empty value, "" or [], is the empty sub-form."""

    def __init__(self, nested, **kwargs):
        kwargs.setdefault("allow_none", True)
        super().__init__(nested, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if value in ("", []):
            return {}
        return super()._deserialize(value, attr, data, **kwargs)


def _numeric_order(key):
    # Numeric order of ASCII digit strings without int(), which refuses more than 4,300 digits.
    digits = key.lstrip("0")
    return len(digits), digits


def indexed_items(mapping):
    """The values of a dict whose keys are all list indexes, in index order, else None.

    An index is ASCII digits: str.isdigit() also takes ¹ and ١, which int() refuses.
    """
    if not all(isinstance(key, str) and key.isascii() and key.isdigit() for key in mapping):
        return None
    return [mapping[key] for key in sorted(mapping, key=_numeric_order)]


class IndexedList(fields.List):
    """A list sent with bracket keys, `labels[0][key]=...`, which arrives as a list or as {"0": ...}."""

    def openapi(self, items):
        return {"type": "object", "propertyNames": {"pattern": "^[0-9]{1,4}$"}, "additionalProperties": items}

    def _deserialize(self, value, attr, data, **kwargs):
        items = indexed_items(value) if isinstance(value, dict) else None
        return super()._deserialize(value if items is None else items, attr, data, **kwargs)


class UploadedFile(fields.Field):
    """A file part of a multipart body (a werkzeug FileStorage); a text value is no file.

    `not_a_file` is the message for anything else; with `named`, a file input left empty
    (no file name) is no file either, as Symfony's FileType has it.
    """

    def __init__(self, *, not_a_file=NOT_BLANK, named=True, **kwargs):
        super().__init__(**kwargs)
        self.not_a_file, self.named = not_a_file, named

    def _deserialize(self, value, attr, data, **kwargs):
        if not callable(getattr(value, "read", None)) or (self.named and not getattr(value, "filename", None)):
            raise ValidationError(self.not_a_file)
        return value

    def openapi(self):
        return {"type": "string", "format": "binary"}


# Open Loyalty's moments are ISO 8601 with a +hhmm offset, which is not RFC 3339's date-time: a
# pattern says what they are, where `format: date-time` would make strict checkers refuse them.
MOMENT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{4}$"


class Moment(fields.Field):
    """A datetime written as Open Loyalty writes it: `2016-08-08T10:53:14+0200`."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        try:
            value = value.astimezone(context.display_timezone.get())
        except OverflowError:
            pass
        return f"{value.year:04d}-{value:%m-%dT%H:%M:%S%z}"

    def openapi(self):
        return _with_null(self, {"type": "string", "pattern": MOMENT_PATTERN, "example": "2016-08-08T10:53:14+0200"})


def optional(field):
    """A copy of `field` that an answer may leave out."""
    clone = copy.copy(field)
    clone.required = False
    return clone


class Derived(fields.Function):
    """A value computed from the whole object, documented as `schema` (JSON Schema) or as the
    component of the schema class `nested`; None when `allow_none`."""

    def __init__(self, serialize, *, schema=None, nested=None, **kwargs):
        super().__init__(serialize, **kwargs)
        self.json_schema, self.nested = schema, nested


class Number(fields.Field):
    """A number as PHP's JSON writes a float: whole values without a fraction."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        value = round(float(value), 6)
        return int(value) if value.is_integer() else value

    def openapi(self):
        return {"type": "number"}


# A number as text: digits, a fraction and an exponent as str(float) writes them (0.5, 1e-05).
NUMBER_TEXT = r"^-?[0-9]{1,15}(\.[0-9]{1,30})?([eE][-+]?[0-9]{1,3})?$"


class FormNumber(fields.Field):
    """A number sent as JSON or as a form field: a JSON number, or its digits as text.

    An empty form field is no value at all (the key is left out), as an empty number input sends it;
    with `integer`, a fraction (1.5, "1.5") is "This value is not valid." and 527.0 is 527.
    """

    def __init__(self, *, integer=False, minimum=None, maximum=None, **kwargs):
        super().__init__(**kwargs)
        self.integer, self.minimum, self.maximum = integer, minimum, maximum

    def _deserialize(self, value, attr, data, **kwargs):
        if value == "":
            return missing
        number = self._number(value)
        if number is None or (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum):
            raise ValidationError(NOT_VALID)
        return number

    def _number(self, value):
        if isinstance(value, bool):
            return None
        if isinstance(value, float) and (value != value or abs(value) == float("inf")):
            return None
        if isinstance(value, int) or (isinstance(value, float) and not self.integer):
            return value
        if isinstance(value, float):
            return int(value) if value.is_integer() else None  # 527.0 is the integer 527, as in JSON Schema
        if isinstance(value, str) and value.isascii():
            text = value.strip(TRIM)
            if re.match(r"^-?[0-9]{1,15}(\.0{1,30})?$" if self.integer else NUMBER_TEXT, text):
                number = float(text)
                return int(number) if self.integer else number if abs(number) != float("inf") else None
        return None

    def _serialize(self, value, attr, obj, **kwargs):
        return value

    def openapi(self):
        schema = {"type": "integer" if self.integer else "number"}
        schema.update({key: value for key, value in (("minimum", self.minimum), ("maximum", self.maximum))
                       if value is not None})
        return _with_null(self, schema)
