"""Customer avatars: check an uploaded image, keep it in the instance folder, serve and remove it."""
import io
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass

from flask import current_app
from PIL import Image

from openloyalty_standin.app.errors import FormError
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.services.customers import touch
from openloyalty_standin.schemas.avatar import MIMES, AvatarSchema

FOLDER = "avatars"
MAX_BYTES = 2_000_000  # Symfony's "2M": decimal megabytes
MAX_PIXELS = 25_000_000  # a 6000x4000 photo fits; a decompression bomb does not
OPEN_FORMATS = ["PNG", "GIF", "JPEG"]
# Pillow's JPEG opener answers MPO for a multi-picture JPEG, as phone cameras write them
DETECTED = {"PNG": "png", "GIF": "gif", "JPEG": "jpeg", "MPO": "jpeg"}
NOT_IMAGE = "This file is not a valid image."
EMPTY_FILE = "An empty file is not allowed."
SIZE_UNITS = {1: "bytes", 1000: "kB", 1_000_000: "MB"}
_STORED = re.compile(r"^avatars/[0-9a-f]{32}\.(png|gif|jpeg)$")


@dataclass
class Avatar:
    """The bytes of a stored avatar and their content type."""

    data: bytes
    mime: str


def set_avatar(*, customer, upload):
    """Make `upload` the customer's avatar, replacing the one it had."""
    data = _read_upload(upload.stream)
    extension = _detect_extension(data)
    relative = _store(data, extension)
    old = customer.avatar_path
    customer.avatar_path = relative
    customer.avatar_mime = MIMES[extension]
    customer.avatar_original_name = display_name(upload.filename) or f"avatar.{extension}"
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


def display_name(filename):
    """Return the last part of a client file name without control characters, for display only."""
    name = re.split(r"[/\\]", filename or "")[-1]
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    return name.strip()[:255] or None


def too_large_message(size, limit=MAX_BYTES):
    """Return Symfony's File message, in the unit Symfony picks for a decimal limit."""
    unit = 1_000_000
    while unit > 1 and _php_number(size / unit) == _php_number(limit / unit):
        unit //= 1000
    suffix = SIZE_UNITS[unit]
    return (
        f"The file is too large ({_php_number(size / unit)} {suffix}). "
        f"Allowed maximum size is {_php_number(limit / unit)} {suffix}."
    )


def _php_number(value):
    """Write round(value, 2) as PHP casts a float to a string: 2.0 is "2", 2.50 is "2.5"."""
    return f"{round(value, 2):.2f}".rstrip("0").rstrip(".")


def _invalid(message):
    return FormError(AvatarSchema(), {"file": [message]})


def _read_upload(stream):
    """Return the uploaded bytes; too large or empty is a form error."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = len(data)
        while chunk := stream.read(1 << 16):
            size += len(chunk)
        raise _invalid(too_large_message(size))
    if not data:
        raise _invalid(EMPTY_FILE)
    return data


def _image_format(data):
    """Decode `data` fully; return Pillow's format name, or None for a broken file or a bomb."""
    try:
        with Image.open(io.BytesIO(data), formats=OPEN_FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            image.load()
            return image.format
    except Exception:
        # Pillow reports a broken or hostile file with many exception types
        return None


def _detect_extension(data):
    """Return the extension of a PNG, GIF or JPEG image; anything else is a form error."""
    extension = DETECTED.get(_image_format(data))
    if extension is None:
        raise _invalid(NOT_IMAGE)
    return extension


def _folder():
    return os.path.join(current_app.instance_path, FOLDER)


def _store(data, extension):
    """Write `data` under a fresh random name and return its path relative to the instance folder."""
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
