"""The upload forms of the settings' files: `photo[file]` and `conditions[file]`, multipart."""
from marshmallow import fields, pre_load

from openloyalty_standin.schemas.base import BaseSchema, WrapperSchema
from openloyalty_standin.schemas.fields import UploadedFile


class PhotoForm(BaseSchema):
    """A photo or logo: a PNG, GIF or JPEG image of at most 2 MB."""

    file = UploadedFile(required=True, metadata={"description": "The image (PNG, GIF or JPEG, max 2 MB)"})


class ConditionsForm(BaseSchema):
    """The program's terms and conditions: a PDF of at most 2 MB."""

    file = UploadedFile(required=True, metadata={"description": "The conditions (PDF, max 2 MB)"})


def _submitted(data, root):
    """A missing form counts as one without a file, so that the answer names the file."""
    data = data if isinstance(data, dict) else {}
    form = data.get(root)
    return {**data, root: form if isinstance(form, dict) else {}}


class PhotoRequest(WrapperSchema):
    form_root = "photo"
    photo = fields.Nested(PhotoForm, required=True)

    @pre_load
    def submit_form(self, data, **kwargs):
        return _submitted(data, "photo")


class ConditionsRequest(WrapperSchema):
    form_root = "conditions"
    conditions = fields.Nested(ConditionsForm, required=True)

    @pre_load
    def submit_form(self, data, **kwargs):
        return _submitted(data, "conditions")
