"""Fields that read and write values the way Open Loyalty's forms and serializer do."""
import re
from datetime import date, datetime, time

import phonenumbers
from marshmallow import ValidationError, fields

from schemas import context

NOT_BLANK = "This value should not be blank."
NOT_VALID = "This value is not valid."
EXTRA_FIELDS = "This form should not contain extra fields."
BAD_EMAIL = "This value is not a valid email address."
BAD_PHONE = "This value is not a valid phone number."
BAD_LABELS = "Customer labels invalid data"
FALSY = {"0", "false", "null", "off", "no", ""}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DIGITS = re.compile(r"^[0-9]{1,20}$")


class Text(fields.Field):
    """A trimmed text input: empty means absent (None); `not_blank` makes empty an error."""

    def __init__(self, *, not_blank=False, max_length=255, **kwargs):
        kwargs.setdefault("allow_none", not kwargs.get("required", False))
        super().__init__(**kwargs)
        self.not_blank = not_blank
        self.max_length = max_length

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValidationError(NOT_VALID)
        text = str(value).strip()
        if "\x00" in text:
            raise ValidationError(NOT_VALID)
        if len(text) > self.max_length:
            raise ValidationError(
                f"This value is too long. It should have {self.max_length} characters or less."
            )
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


class Email(Text):
    def check(self, text):
        if not _EMAIL.match(text):
            raise ValidationError(BAD_EMAIL)
        return text


class PhoneNumber(Text):
    """Digits only, or `+` and digits that libphonenumber knows as a valid number."""

    def _deserialize(self, value, attr, data, **kwargs):
        # An unencoded "+48..." in a form body arrives as " 48...": the + is form-encoded space.
        if isinstance(value, str) and value.startswith(" ") and _DIGITS.match(value.strip()):
            value = "+" + value.strip()
        return super()._deserialize(value, attr, data, **kwargs)

    def check(self, text):
        if _DIGITS.match(text):
            return text
        if text.startswith("+") and _DIGITS.match(text[1:]):
            try:
                number = phonenumbers.parse(text, None)
            except phonenumbers.NumberParseException:
                raise ValidationError(BAD_PHONE) from None
            if phonenumbers.is_valid_number(number):
                return text
        raise ValidationError(BAD_PHONE)


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


class FormBoolean(fields.Field):
    """A checkbox: 0, false, null, off, no and empty are false, any other value true."""

    def __init__(self, *, must_be_true=False, **kwargs):
        super().__init__(**kwargs)
        self.must_be_true = must_be_true

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (dict, list)):
            raise ValidationError(NOT_VALID)
        result = value is not None and str(value).strip().lower() not in FALSY
        if self.must_be_true and not result:
            raise ValidationError(NOT_BLANK)
        return result

    def _serialize(self, value, attr, obj, **kwargs):
        return bool(value)


class DateInput(Text):
    """A date (`2017-10-05`) or datetime (`2017-01-01 14:15:16`), read in the display timezone."""

    def check(self, text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(NOT_VALID) from None
        if moment.year < 1800 or moment.year > 9999:
            raise ValidationError(NOT_VALID)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=context.display_timezone.get())
        return moment


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
            if not key.strip():
                raise ValidationError(BAD_LABELS)
            labels.append((key.strip()[:255], val.strip()[:255]))
        return labels


class Moment(fields.Field):
    """A datetime written as Open Loyalty writes it: `2016-08-08T10:53:14+0200`."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return value.astimezone(context.display_timezone.get()).strftime("%Y-%m-%dT%H:%M:%S%z")


class Number(fields.Field):
    """A number as PHP's JSON writes a float: whole values without a fraction."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        value = round(float(value), 6)
        return int(value) if value.is_integer() else value


def start_of_day(day: date):
    """Return midnight of `day` in the display timezone."""
    return datetime.combine(day, time(), tzinfo=context.display_timezone.get())


class Decimal(Text):
    """A number given as text; anything else is "This value is not valid."."""

    def __init__(self, *, integer=False, **kwargs):
        super().__init__(max_length=32, **kwargs)
        self.integer = integer

    def check(self, text):
        try:
            number = int(text) if self.integer else float(text)
        except ValueError:
            raise ValidationError(NOT_VALID) from None
        if not -1e15 < number < 1e15:
            raise ValidationError(NOT_VALID)
        return number


class Compound(fields.Nested):
    """A sub-form (address, company): an empty value, "" or [], is the empty sub-form."""

    def __init__(self, nested, **kwargs):
        kwargs.setdefault("allow_none", True)
        super().__init__(nested, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if value in ("", []):
            return {}
        return super()._deserialize(value, attr, data, **kwargs)


class Password(Text):
    """A new password under the "advanced" rules of Open Loyalty; every broken rule is reported."""

    RULES = (
        (lambda p: len(p) >= 8, "Your password must be at least 8 characters long."),
        (lambda p: re.search(r"[A-Za-z]", p), "Your password must include at least one letter."),
        (lambda p: re.search(r"[a-z]", p) and re.search(r"[A-Z]", p),
         "Your password must include both upper and lower case letters."),
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
