"""The settings' files: the cockpits' photos and logos (checked as avatars are, `small-logo` also
resized to 192x192 and 512x512) and the program's conditions (a PDF). Kept in the database, so they
are part of the world: a reset forgets them, a snapshot keeps them."""
import io

from PIL import Image
from sqlalchemy import delete, func, select

from openloyalty_standin.app.errors import FormError, NotFound
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import SettingsFile
from openloyalty_standin.app.services import uploads
from openloyalty_standin.schemas.avatar import MIMES
from openloyalty_standin.schemas.cockpit.files import ConditionsForm, PhotoForm
from openloyalty_standin.schemas.cockpit.settings import PHOTOS

RESIZED = {"small-logo": ["192x192", "512x512"]}
CONDITIONS = "conditions"
PDF = "application/pdf"
FORMATS = {mime: extension for extension, mime in MIMES.items()}


def _next_position():
    return db.session.scalar(select(func.coalesce(func.max(SettingsFile.position), -1))) + 1


def _replace(name, mime, data, original_name=None):
    db.session.execute(delete(SettingsFile).where((SettingsFile.name == name) | SettingsFile.name.like(f"{name}/%")))
    db.session.add(SettingsFile(name=name, position=_next_position(), mime=mime, data=data,
                                original_name=original_name))


def _resized(data, size):
    width, height = (int(part) for part in size.split("x"))
    with Image.open(io.BytesIO(data)) as image:
        copy = image.convert("RGBA" if image.mode in ("P", "RGBA", "LA") else "RGB").resize((width, height))
        buffer = io.BytesIO()
        copy.save(buffer, "PNG")
    return buffer.getvalue()


def set_photo(*, name, upload):
    if name not in PHOTOS:
        raise NotFound(hint=f"no photo `{name[:64]}`; the photos are {', '.join(PHOTOS)}")
    data, extension = uploads.checked_image(upload.stream, PhotoForm())
    _replace(name, MIMES[extension], data, uploads.display_name(upload.filename))
    db.session.flush()
    for size in RESIZED.get(name, []):
        db.session.add(SettingsFile(name=f"{name}/{size}", position=_next_position(), mime="image/png",
                                    data=_resized(data, size)))
        db.session.flush()
    db.session.commit()
    return []


def set_conditions(*, upload):
    data = upload.stream.read(uploads.MAX_BYTES + 1)
    problem = None
    if not data:
        problem = uploads.EMPTY_FILE
    elif len(data) > uploads.MAX_BYTES:
        problem = uploads.too_large_message(len(data))
    elif not data.startswith(b"%PDF-"):
        problem = f'The mime type of the file is invalid ("{upload.mimetype}"). Allowed mime types are "{PDF}".'
    if problem:
        raise FormError(ConditionsForm(), {"file": [problem]})
    _replace(CONDITIONS, PDF, data, uploads.display_name(upload.filename))
    db.session.commit()
    return []


def remove(name):
    """Forget a photo (its copies too) or the conditions; nothing stored is no error."""
    if name not in PHOTOS and name != CONDITIONS:
        raise NotFound()
    db.session.execute(delete(SettingsFile).where((SettingsFile.name == name) | SettingsFile.name.like(f"{name}/%")))
    db.session.commit()
    return []


def read(name, size=None):
    """The stored file (or its resized copy); 404 when there is none."""
    stored = db.session.get(SettingsFile, f"{name}/{size}" if size else name)
    if stored is None:
        raise NotFound()
    return stored


def described():
    """The settings' file objects, as GET /api/settings lists them, in upload order."""
    rows = db.session.scalars(select(SettingsFile).order_by(SettingsFile.position)).all()
    found = {}
    for row in rows:
        name, _, size = row.name.partition("/")
        if size:
            found.setdefault(name, {"sizes": []})["sizes"].append(size)
            continue
        folder, extension = ("conditions", "pdf") if name == CONDITIONS else ("logo", FORMATS.get(row.mime, "png"))
        entry = found.setdefault(name, {"sizes": []})
        entry.update({"path": f"{folder}/{name}.{extension}", "originalName": row.original_name, "mime": row.mime})
    return {name: {key: value for key, value in entry.items() if value is not None} for name, entry in found.items()}
