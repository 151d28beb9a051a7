"""Uploaded files as Symfony's File and Image constraints check them: size, emptiness, and for
images a full decode by Pillow (PNG, GIF or JPEG, no decompression bomb). Problems are form errors
on the `file` field of the form the upload came with."""
import io
import re
import unicodedata

from PIL import Image

from openloyalty_standin.app.errors import FormError

MAX_BYTES = 2_000_000  # Symfony's "2M": decimal megabytes
MAX_PIXELS = 25_000_000  # a 6000x4000 photo fits; a decompression bomb does not
OPEN_FORMATS = ["PNG", "GIF", "JPEG"]
# Pillow's JPEG opener answers MPO for a multi-picture JPEG, as phone cameras write them
DETECTED = {"PNG": "png", "GIF": "gif", "JPEG": "jpeg", "MPO": "jpeg"}
NOT_IMAGE = "This file is not a valid image."
EMPTY_FILE = "An empty file is not allowed."
SIZE_UNITS = {1: "bytes", 1000: "kB", 1_000_000: "MB"}


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


def read_upload(stream, form):
    """Return the uploaded bytes; too large or empty is a form error."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = len(data)
        while chunk := stream.read(1 << 16):
            size += len(chunk)
        raise FormError(form, {"file": [too_large_message(size)]})
    if not data:
        raise FormError(form, {"file": [EMPTY_FILE]})
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


def checked_image(stream, form):
    """The bytes and extension ("png", "gif", "jpeg") of an uploaded image; else a form error."""
    data = read_upload(stream, form)
    extension = DETECTED.get(_image_format(data))
    if extension is None:
        raise FormError(form, {"file": [NOT_IMAGE]})
    return data, extension
