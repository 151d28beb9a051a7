"""Customer avatars: check an uploaded image, keep it in the world's database, serve and remove it.
Avatars an earlier version kept as files of the world's folder are taken into the database when
first read."""
import os
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import LargeBinary, delete, insert, literal, select
from sqlalchemy.exc import IntegrityError

from openloyalty_standin.app import worlds
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer, CustomerAvatar
from openloyalty_standin.app.services import uploads
from openloyalty_standin.app.services.customers import touch
from openloyalty_standin.schemas.avatar import MIMES, AvatarSchema

FOLDER = "avatars"  # where versions before 0005 kept the files, in the world's folder
_STORED = re.compile(r"^avatars/[0-9a-f]{32}\.(png|gif|jpeg)$")


@dataclass
class Avatar:
    """The bytes of a stored avatar and their content type."""

    data: bytes
    mime: str


def set_avatar(*, customer, upload):
    """Make `upload` the customer's avatar, replacing the one it had."""
    data, extension = uploads.checked_image(upload.stream, AvatarSchema())
    old = customer.avatar_path
    customer.avatar_path = f"{FOLDER}/{secrets.token_hex(16)}.{extension}"
    customer.avatar_mime = MIMES[extension]
    customer.avatar_original_name = uploads.display_name(upload.filename) or f"avatar.{extension}"
    stored = db.session.get(CustomerAvatar, customer.id)
    if stored is None:
        db.session.add(CustomerAvatar(customer_id=customer.id, data=data))
    else:
        stored.data = data
    touch(customer)
    db.session.commit()
    _delete_file(old)


def read_avatar(*, customer):
    """Return the customer's avatar, or None when it has none."""
    if not customer.avatar_path or not _STORED.match(customer.avatar_path):
        return None
    data = db.session.scalar(select(CustomerAvatar.data).where(CustomerAvatar.customer_id == customer.id))
    if data is None:
        data = _adopt_file(customer)
    if data is None:
        return None
    # the type follows the stored name, which only set_avatar writes
    return Avatar(data, MIMES[customer.avatar_path.rsplit(".", 1)[1]])


def drop_avatar(customer):
    """Clear the avatar fields and forget the image (the caller commits)."""
    old = customer.avatar_path
    _forget(customer)
    _delete_file(old)


def remove_avatar(*, customer):
    """Forget the customer's avatar; without one, nothing changes."""
    old = customer.avatar_path
    if old is None and customer.avatar_original_name is None and customer.avatar_mime is None:
        return
    _forget(customer)
    touch(customer)
    db.session.commit()
    _delete_file(old)


def _forget(customer):
    customer.avatar_path = customer.avatar_original_name = customer.avatar_mime = None
    db.session.execute(delete(CustomerAvatar).where(CustomerAvatar.customer_id == customer.id))


def forget_all_files():
    """Remove every avatar file an earlier version left in the world's folder (the seed has none)."""
    if os.path.isdir(_folder()):
        for name in os.listdir(_folder()):
            _delete_file(f"{FOLDER}/{name}")


# --- files of the versions before 0005 ----------------------------------------------------------


def _folder():
    return os.path.join(worlds.current().folder, FOLDER)


def _file(relative):
    """Return the file of a stored avatar path; None for anything set_avatar did not write."""
    if not relative or not _STORED.match(relative):
        return None
    return os.path.join(_folder(), relative.split("/", 1)[1])


def _adopt_file(customer):
    """The bytes of the customer's avatar file an earlier version wrote, stored in the database (in
    a transaction of their own, as the request may only read) and the file removed; None without one."""
    path = _file(customer.avatar_path)
    try:
        with open(path, "rb") as stored:
            data = stored.read()
    except OSError:
        return None
    # Only while the customer still names that file: a new avatar set meanwhile stays.
    still_named = select(literal(customer.id), literal(data, LargeBinary)).where(
        Customer.id == customer.id, Customer.avatar_path == customer.avatar_path)
    try:
        with worlds.current().engine.begin() as connection:
            connection.execute(insert(CustomerAvatar).from_select(["customer_id", "data"], still_named))
    except IntegrityError:
        pass  # another request took it in first
    _delete_file(customer.avatar_path)
    return data


def _delete_file(relative):
    path = _file(relative)
    if path is not None:
        try:
            os.remove(path)
        except OSError:
            pass  # none, or gone already
