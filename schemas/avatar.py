"""The avatar form: one file, `avatar[file]`, sent as multipart/form-data."""
from marshmallow import fields, pre_load

from openloyalty_standin.schemas.base import BaseSchema, WrapperSchema
from openloyalty_standin.schemas.fields import UploadedFile

MIMES = {"png": "image/png", "gif": "image/gif", "jpeg": "image/jpeg"}  # by stored extension
IMAGE = {"type": "string", "format": "binary"}


def image_answer(description):
    """The documented 200 of an avatar read: the image, as one of the stored types."""
    return {200: {"description": description, "content": {mime: {"schema": IMAGE} for mime in MIMES.values()}}}


class AvatarSchema(BaseSchema):
    """The avatar form: a PNG, GIF or JPEG image of at most 2 MB."""

    file = UploadedFile(
        required=True,
        metadata={"description": "Avatar file (PNG, GIF or JPEG, max 2 MB)"},
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
