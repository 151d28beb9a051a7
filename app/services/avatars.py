"""Customer avatars: check an uploaded image, keep it in the world's folder, serve and remove it."""
import os
import re
import secrets
from dataclasses import dataclass

from openloyalty_standin.app import worlds
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.services import uploads
from openloyalty_standin.app.services.customers import touch
from openloyalty_standin.schemas.avatar import MIMES, AvatarSchema

FOLDER = "avatars"
_STORED = re.compile(r"^avatars/[0-9a-f]{32}\.(png|gif|jpeg)$")


@dataclass
class Avatar:
    """The bytes of a stored avatar and their content type."""

    data: bytes
    mime: str


def set_avatar(*, customer, upload):
    """Make `upload` the customer's avatar, replacing the one it had."""
    data, extension = uploads.checked_image(upload.stream, AvatarSchema())
    relative = _store(data, extension)
    old = customer.avatar_path
    customer.avatar_path = relative
    customer.avatar_mime = MIMES[extension]
    customer.avatar_original_name = uploads.display_name(upload.filename) or f"avatar.{extension}"
    touch(customer)
    try:
        db.session.commit()
    except Exception:
        # the row still names the old file, so the new one would be an orphan
        db.session.rollback()
        _delete(relative)
        raise
    _delete(old)


def read_avatar(*, customer):
    """Return the customer's avatar, or None when it has none or its file is gone."""
    path = _absolute(customer.avatar_path)
    if path is None:
        return None
    try:
        with open(path, "rb") as stored:
            data = stored.read()
    except OSError:
        return None
    # the type follows the stored name, which only set_avatar writes
    return Avatar(data, MIMES[path.rsplit(".", 1)[1]])


def drop_avatar(customer):
    """Clear the avatar fields and delete the file (the caller commits)."""
    old = customer.avatar_path
    customer.avatar_path = customer.avatar_original_name = customer.avatar_mime = None
    _delete(old)


def remove_avatar(*, customer):
    """Forget the customer's avatar and delete its file; without one, nothing changes."""
    old = customer.avatar_path
    if old is None and customer.avatar_original_name is None and customer.avatar_mime is None:
        return
    customer.avatar_path = customer.avatar_original_name = customer.avatar_mime = None
    touch(customer)
    db.session.commit()
    _delete(old)


def _folder():
    return os.path.join(worlds.current().folder, FOLDER)


def _store(data, extension):
    """Write `data` under a fresh random name and return its path relative to the world's folder."""
    os.makedirs(_folder(), exist_ok=True)
    name = f"{secrets.token_hex(16)}.{extension}"
    with open(os.path.join(_folder(), name), "xb") as stored:
        stored.write(data)
    return f"{FOLDER}/{name}"


def _absolute(relative):
    """Return the file of a stored avatar path; None for anything set_avatar did not write."""
    if not relative or not _STORED.match(relative):
        return None
    return os.path.join(_folder(), relative.split("/", 1)[1])


def _delete(relative):
    path = _absolute(relative)
    if path is not None:
        try:
            os.remove(path)
        except OSError:
            pass  # the change is committed; a file left behind harms nobody


def forget_all_files():
    """Remove every stored avatar file (the seed has none)."""
    if os.path.isdir(_folder()):
        for name in os.listdir(_folder()):
            _delete(f"{FOLDER}/{name}")
