"""Customer import schemas: the upload form and the per-item result of an import."""
from marshmallow import ValidationError, fields

from schemas.base import BaseSchema, OutputSchema, WrapperSchema
from schemas.fields import NOT_VALID


class UploadedFile(fields.Field):
    """A file part of a multipart body (anything readable, e.g. a werkzeug FileStorage)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not callable(getattr(value, "read", None)):
            raise ValidationError(NOT_VALID)
        return value


class ImportFileForm(BaseSchema):
    """The import form: one XML file."""

    file = UploadedFile(
        required=True,
        metadata={"type": "string", "format": "binary", "description": "XML file of <customer> elements"},
    )


class ImportFileRequest(WrapperSchema):
    """The multipart body around the form: `file[file]`."""

    form_root = "file"
    # An absent form is answered by the service ("This value should not be blank." on file).
    file = fields.Nested(ImportFileForm, load_default=dict)


class ProcessImportResultSchema(OutputSchema):
    object = fields.String()


class ImportItemSchema(OutputSchema):
    status = fields.String()
    processImportResult = fields.Nested(ProcessImportResultSchema)
    message = fields.String()
    identifier = fields.String()


class ImportResultSchema(OutputSchema):
    items = fields.List(fields.Nested(ImportItemSchema))
    totalProcessed = fields.Integer()
    totalSuccess = fields.Integer()
    totalFailed = fields.Integer()
