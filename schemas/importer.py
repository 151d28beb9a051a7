"""Customer import schemas: the upload form and the per-item result of an import."""
from marshmallow import fields

from openloyalty_standin.schemas.base import BaseSchema, OutputSchema, WrapperSchema
from openloyalty_standin.schemas.fields import NOT_VALID, UploadedFile


class ImportFileForm(BaseSchema):
    """The import form: one XML file."""

    file = UploadedFile(
        required=True,
        not_a_file=NOT_VALID,
        named=False,
        metadata={"description": "XML file of <customer> elements"},
    )


class ImportFileRequest(WrapperSchema):
    """The multipart body around the form: `file[file]`."""

    form_root = "file"
    # An absent form is answered by the service ("This value should not be blank." on file).
    file = fields.Nested(ImportFileForm, load_default=dict)


class ProcessImportResultSchema(OutputSchema):
    object = fields.String(required=True)


class ImportItemSchema(OutputSchema):
    status = fields.String(required=True)
    processImportResult = fields.Nested(ProcessImportResultSchema)
    message = fields.String()
    identifier = fields.String(required=True)


class ImportResultSchema(OutputSchema):
    items = fields.List(fields.Nested(ImportItemSchema), required=True)
    totalProcessed = fields.Integer(required=True)
    totalSuccess = fields.Integer(required=True)
    totalFailed = fields.Integer(required=True)
