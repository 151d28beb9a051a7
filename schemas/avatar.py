"""The avatar form: one file, `avatar[file]`, sent as multipart/form-data."""
from marshmallow import ValidationError, fields, pre_load

from schemas.base import BaseSchema, WrapperSchema
from schemas.fields import NOT_BLANK


class UploadedFile(fields.Field):
    """A file part of a multipart body; a text value or an empty file input is no file at all."""

    def _deserialize(self, value, attr, data, **kwargs):
        # Symfony's FileType drops anything that is not an upload, so NotBlank answers
        if not hasattr(value, "stream") or not getattr(value, "filename", None):
            raise ValidationError(NOT_BLANK)
        return value


class AvatarSchema(BaseSchema):
    """The avatar form: a PNG, GIF or JPEG image of at most 2 MB."""

    file = UploadedFile(
        required=True,
        metadata={"type": "string", "format": "binary", "description": "Avatar file (PNG, GIF or JPEG, max 2 MB)"},
    )


class AvatarRequest(WrapperSchema):
    form_root = "avatar"
    avatar = fields.Nested(AvatarSchema, required=True)

    @pre_load
    def submit_form(self, data, **kwargs):
        """Treat a missing avatar form as one without a file, so the answer names the file."""
        data = data if isinstance(data, dict) else {}
        avatar = data.get("avatar")
        return {**data, "avatar": avatar if isinstance(avatar, dict) else {}}
