"""Cockpit support, files: the settings' photos and logos, and the program's conditions."""
import flask
from flask import Response
from werkzeug.routing import BaseConverter

from openloyalty_standin.app.api.cockpit.blueprint import bp
from openloyalty_standin.app.auth import access, authenticate
from openloyalty_standin.app.errors import NotFound
from openloyalty_standin.app.services import settings_files
from openloyalty_standin.schemas.avatar import IMAGE
from openloyalty_standin.schemas.cockpit.files import ConditionsRequest, PhotoRequest
from openloyalty_standin.schemas.cockpit.settings import PHOTOS
from openloyalty_standin.schemas.common import EMPTY_LIST, json_response

# Outside /api: the customer panel's "terms" link opens it (no OpenAPI operation of its own).
terms = flask.Blueprint("terms", __name__)
ALIASES = ("logo", "small-logo", "hero-image")


class SizeConverter(BaseConverter):
    """A photo size, WxH in digits."""

    regex = r"[0-9]+x[0-9]+"


def _image(name, size=None):
    if name not in PHOTOS:
        authenticate()  # any other name is a protected path that does not exist
        raise NotFound()
    stored = settings_files.read(name, size)
    return Response(stored.data, mimetype=stored.mime, headers={"Content-Disposition": "inline"})


def _image_doc(description):
    content = {mime: {"schema": IMAGE} for mime in ("image/png", "image/gif", "image/jpeg")}
    return {"responses": {200: {"description": description, "content": content}}}


@bp.route("/settings/photo/<name>", methods=["GET"])
@access("anonymous")
@bp.doc(**_image_doc("The photo, as uploaded"))
def get_photo(name):
    """One of the cockpits' photos and logos (logo, small-logo, hero-image, admin-cockpit-logo,
    client-cockpit-logo-big, client-cockpit-logo-small, client-cockpit-hero-image); 404 until uploaded."""
    return _image(name)


@bp.route("/settings/photo/<name>/<size:size>", methods=["GET"])
@access("anonymous")
@bp.doc(**_image_doc("The photo in that size (small-logo: 192x192 and 512x512)"))
def get_photo_in_size(name, size):
    """A resized copy of a photo; 404 for a size it was not resized to."""
    return _image(name, size)


def _alias(name, sized):
    def view(size=None):
        return _image(name, size)

    view.__name__ = "get_" + name.replace("-", "_") + ("_in_size" if sized else "")
    view.__doc__ = f"The {name} photo" + (" in a size." if sized else ".")
    return view


for _name in ALIASES:
    for _sized, _rule in ((False, f"/settings/{_name}"), (True, f"/settings/{_name}/<size:size>")):
        bp.route(_rule, methods=["GET"])(
            access("anonymous")(bp.doc(**_image_doc(f"The {_name} photo"))(_alias(_name, _sized))))


@bp.route("/settings/photo/<name>", methods=["POST"])
@access("admin")
@bp.arguments(PhotoRequest, location="form", content_type="multipart/form-data")
@bp.doc(**json_response(EMPTY_LIST))
def set_photo(body, name):
    """Upload a photo or logo (photo[file]: PNG, GIF or JPEG)."""
    return flask.jsonify(settings_files.set_photo(name=name, upload=body["photo"]["file"]))


@bp.route("/settings/photo/<name>", methods=["DELETE"])
@access("admin")
@bp.doc(**json_response(EMPTY_LIST))
def remove_photo(name):
    """Remove a photo or logo."""
    return flask.jsonify(settings_files.remove(name))


def _conditions():
    stored = settings_files.read(settings_files.CONDITIONS)
    return Response(stored.data, mimetype=stored.mime,
                    headers={"Content-Disposition": "attachment; filename=terms_conditions.pdf"})


@bp.route("/settings/conditions-file", methods=["GET"])
@access("anonymous")
@bp.doc(responses={200: {"description": "The conditions", "content": {"application/pdf": {"schema": IMAGE}}}})
def get_conditions_file():
    """The program's terms and conditions; 404 until uploaded."""
    return _conditions()


@terms.route("/terms-conditions", methods=["GET"])
def get_terms_conditions():
    """The same file, where the customer panel's login page links to it."""
    return _conditions()


@bp.route("/settings/conditions-file", methods=["POST"])
@access("admin")
@bp.arguments(ConditionsRequest, location="form", content_type="multipart/form-data")
@bp.doc(**json_response(EMPTY_LIST))
def set_conditions_file(body):
    """Upload the program's terms and conditions (conditions[file]: a PDF)."""
    return flask.jsonify(settings_files.set_conditions(upload=body["conditions"]["file"]))


@bp.route("/settings/conditions-file", methods=["DELETE"])
@access("admin")
@bp.doc(**json_response(EMPTY_LIST))
def remove_conditions_file():
    """Remove the program's terms and conditions."""
    return flask.jsonify(settings_files.remove(settings_files.CONDITIONS))
