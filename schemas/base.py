"""Base schemas: strict forms (extra fields are errors) and the wrappers around them."""
from marshmallow import EXCLUDE, RAISE, Schema, post_dump


class BaseSchema(Schema):
    """A Symfony form: unknown keys are "This form should not contain extra fields."."""

    class Meta:
        unknown = RAISE


class WrapperSchema(Schema):
    """The request body around a form, e.g. {"customer": {...}}; other keys are ignored.

    `form_root` names the form; error trees are rendered for that form alone.
    """

    form_root = None

    class Meta:
        unknown = EXCLUDE


class OutputSchema(Schema):
    """A response object: keys in declared order, null values left out (JMS default)."""

    @post_dump
    def drop_nulls(self, data, **kwargs):
        return {key: value for key, value in data.items() if value is not None}
