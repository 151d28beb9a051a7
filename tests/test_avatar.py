"""Customer avatars: POST, GET and DELETE /api/<storeCode>/customer/<customer>/avatar."""
import io
import os
import re
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import update

from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.models import Customer
from tests.conftest import JOHN

OTHER = "1cb6d205-8b77-40e1-a801-052185ed52d9"  # the reference's example customer: active, no avatar
URL = f"/api/DEFAULT/customer/{JOHN}/avatar"
DETAILS = f"/api/DEFAULT/customer/{JOHN}"
NOT_BLANK = "This value should not be blank."
NOT_IMAGE = "This file is not a valid image."
MIMES = {"PNG": "image/png", "GIF": "image/gif", "JPEG": "image/jpeg"}


def image_bytes(image_format, size=(4, 3), color="red"):
    """A tiny image of `image_format`, made in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    return buffer.getvalue()


def png_header(width, height):
    """A PNG that declares `width` x `height` pixels but holds almost no data."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def upload(client, headers, data, filename="avatar.png", content_type="image/png", url=URL):
    """POST one file as `avatar[file]`, the way a browser form sends it."""
    body = {"avatar[file]": (io.BytesIO(data), filename, content_type)}
    return client.post(url, headers=headers, data=body, content_type="multipart/form-data")


def file_errors(response):
    assert response.status_code == 400
    body = response.get_json()
    assert body["errors"] == []
    assert list(body["form"]["children"]) == ["file"]
    return body["form"]["children"]["file"]["errors"]


def avatar_files(app):
    folder = os.path.join(app.extensions["worlds"].home, "avatars")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def all_files(root):
    """Every file under `root` but the SQLite database and its journals."""
    return sorted(
        os.path.join(path, name)
        for path, _, names in os.walk(root)
        for name in names
        if not name.startswith("openloyalty.db")
    )


@pytest.mark.parametrize("image_format", ["PNG", "GIF", "JPEG"])
def test_upload_then_get_returns_the_same_bytes(client, auth, image_format):
    headers = auth.headers("admin")
    data = image_bytes(image_format)

    assert upload(client, headers, data).status_code == 204

    response = client.get(URL, headers=headers)
    assert response.status_code == 200
    assert response.data == data
    assert response.mimetype == MIMES[image_format]
    assert response.headers["Content-Disposition"] == "inline"


def test_details_show_the_avatar_and_version_grows(client, auth):
    headers = auth.headers("admin")
    before = client.get(DETAILS, headers=headers).get_json()
    assert "avatarPath" not in before

    assert upload(client, headers, image_bytes("GIF"), filename="me.gif", content_type="image/gif").status_code == 204

    details = client.get(DETAILS, headers=headers).get_json()
    assert re.fullmatch(r"avatars/[0-9a-f]{32}\.gif", details["avatarPath"])
    assert details["avatarOriginalName"] == "me.gif"
    assert details["avatarMime"] == "image/gif"
    assert details["version"] == before["version"] + 1
    assert details["updatedAt"] >= before["updatedAt"]


def test_type_is_detected_not_declared(client, auth):
    headers = auth.headers("admin")
    data = image_bytes("JPEG")

    assert upload(client, headers, data, filename="photo.png", content_type="image/png").status_code == 204

    assert client.get(URL, headers=headers).mimetype == "image/jpeg"
    details = client.get(DETAILS, headers=headers).get_json()
    assert details["avatarMime"] == "image/jpeg"
    assert details["avatarPath"].endswith(".jpeg")
    assert details["avatarOriginalName"] == "photo.png"


def test_multi_picture_jpeg_from_a_camera_is_a_jpeg(client, auth):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (4, 4))])

    assert upload(client, auth.headers("admin"), buffer.getvalue(), filename="cam.jpg").status_code == 204
    assert client.get(URL, headers=auth.headers("admin")).mimetype == "image/jpeg"


def test_upload_replaces_the_avatar(client, auth, app):
    headers = auth.headers("admin")
    upload(client, headers, image_bytes("PNG"))
    first = client.get(DETAILS, headers=headers).get_json()["avatarPath"]
    gif = image_bytes("GIF")

    assert upload(client, headers, gif, filename="new.gif", content_type="image/gif").status_code == 204

    assert client.get(URL, headers=headers).data == gif
    assert client.get(DETAILS, headers=headers).get_json()["avatarPath"] != first
    assert avatar_files(app) == []  # kept in the database


def test_text_file_named_like_a_png_is_rejected(client, auth, app):
    response = upload(client, auth.headers("admin"), b"just some text\n", filename="avatar.png")

    assert file_errors(response) == [NOT_IMAGE]
    assert avatar_files(app) == []


@pytest.mark.parametrize(
    "data",
    [
        image_bytes("PNG", size=(64, 64))[:-30],  # truncated
        b"GIF89a" + b"\0" * 40,
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
    ids=["truncated-png", "gif-header-only", "eps", "svg"],
)
def test_files_that_do_not_decode_are_rejected(client, auth, data):
    assert file_errors(upload(client, auth.headers("admin"), data)) == [NOT_IMAGE]


@pytest.mark.parametrize("size", [(100_000, 100_000), (6000, 5000)], ids=["bomb", "too-many-pixels"])
def test_decompression_bomb_is_not_a_valid_image(client, auth, size):
    assert file_errors(upload(client, auth.headers("admin"), png_header(*size))) == [NOT_IMAGE]


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (2_500_000, "The file is too large (2.5 MB). Allowed maximum size is 2 MB."),
        (2_000_001, "The file is too large (2000001 bytes). Allowed maximum size is 2000000 bytes."),
    ],
)
def test_oversized_file_is_rejected_with_its_size(client, auth, app, size, message):
    data = image_bytes("PNG") + b"\0" * (size - len(image_bytes("PNG")))

    assert file_errors(upload(client, auth.headers("admin"), data)) == [message]
    assert avatar_files(app) == []


def test_file_of_exactly_two_megabytes_is_accepted(client, auth):
    png = image_bytes("PNG")
    # bytes after IEND are ignored by decoders, so this is still a valid PNG
    assert upload(client, auth.headers("admin"), png + b"\0" * (2_000_000 - len(png))).status_code == 204


def test_curl_example_sends_a_path_not_a_file(client, auth):
    response = client.post(
        f"/api/DEFAULT/customer/{OTHER}/avatar",
        headers={**auth.headers("admin"), "Accept": "application/json"},
        data="avatar[file]=C:\\fakepath\\avatar.jpg",
        content_type="application/x-www-form-urlencoded",
    )

    assert file_errors(response) == [NOT_BLANK]


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"data": {}, "content_type": "multipart/form-data"},
        {"data": {"avatar[file]": (io.BytesIO(b""), "")}, "content_type": "multipart/form-data"},
        {"json": {"avatar": {"file": "avatar.png"}}},
        {"json": {"avatar": "avatar.png"}},
    ],
    ids=["no-body", "empty-form", "no-file-chosen", "json-string", "json-scalar-form"],
)
def test_missing_file_should_not_be_blank(client, auth, kwargs):
    assert file_errors(client.post(URL, headers=auth.headers("admin"), **kwargs)) == [NOT_BLANK]


def test_empty_file_is_not_allowed(client, auth):
    assert file_errors(upload(client, auth.headers("admin"), b"")) == ["An empty file is not allowed."]


def test_extra_fields_are_a_form_error(client, auth):
    body = {"avatar[file]": (io.BytesIO(image_bytes("PNG")), "a.png"), "avatar[name]": "x"}
    response = client.post(URL, headers=auth.headers("admin"), data=body, content_type="multipart/form-data")

    assert response.status_code == 400
    assert response.get_json()["errors"] == ["This form should not contain extra fields."]


def test_delete_removes_the_avatar_then_get_is_empty(client, auth, app):
    headers = auth.headers("admin")
    upload(client, headers, image_bytes("PNG"))
    version = client.get(DETAILS, headers=headers).get_json()["version"]

    response = client.delete(URL, headers=headers)

    assert response.status_code == 204 and response.data == b""
    assert avatar_files(app) == []
    get = client.get(URL, headers=headers)
    assert get.status_code == 204 and get.data == b""
    details = client.get(DETAILS, headers=headers).get_json()
    assert not {"avatarPath", "avatarOriginalName", "avatarMime"} & set(details)
    assert details["version"] == version + 1


def test_delete_without_an_avatar_is_204_and_changes_nothing(client, auth):
    headers = auth.headers("admin")
    before = client.get(DETAILS, headers=headers).get_json()

    assert client.delete(URL, headers=headers).status_code == 204

    after = client.get(DETAILS, headers=headers).get_json()
    assert after["version"] == before["version"] and after["updatedAt"] == before["updatedAt"]


def test_get_without_an_avatar_is_204(client, auth):
    response = client.get(f"/api/DEFAULT/customer/{OTHER}/avatar", headers=auth.headers("admin"))

    assert response.status_code == 204 and response.data == b""


def test_get_when_an_earlier_versions_file_is_gone_is_204(client, auth, app):
    headers = auth.headers("admin")
    with app.app_context():
        db.session.execute(update(Customer).where(Customer.id == JOHN).values(
            avatar_path="avatars/" + "0" * 32 + ".png", avatar_mime="image/png"))
        db.session.commit()

    assert client.get(URL, headers=headers).status_code == 204
    assert client.delete(URL, headers=headers).status_code == 204


def test_hostile_file_name_writes_no_file(client, auth, app):
    root = os.path.dirname(app.instance_path)  # the test's own folder, which holds the instance
    headers = auth.headers("admin")
    before = all_files(root)

    response = upload(client, headers, image_bytes("PNG"), filename="../../evil.png")

    assert response.status_code == 204
    assert all_files(root) == before  # the image is kept in the database
    for target in ("../evil.png", "../../evil.png", "../../../evil.png"):
        assert not os.path.exists(os.path.join(app.extensions["worlds"].home, "avatars", target))
    details = client.get(DETAILS, headers=auth.headers("admin")).get_json()
    assert details["avatarOriginalName"] == "evil.png"
    assert ".." not in details["avatarPath"]


def test_windows_path_and_control_characters_are_dropped_from_the_shown_name(client, auth):
    # old browsers send the full client path; the quoted header escapes its backslashes
    head = b'Content-Disposition: form-data; name="avatar[file]"; filename="C:\\\\fakepath\\\\my\x07 photo.png"'
    body = b"--XX\r\n" + head + b"\r\nContent-Type: image/png\r\n\r\n" + image_bytes("PNG") + b"\r\n--XX--\r\n"
    headers = auth.headers("admin")

    response = client.post(URL, headers=headers, data=body, content_type="multipart/form-data; boundary=XX")

    assert response.status_code == 204
    assert client.get(DETAILS, headers=headers).get_json()["avatarOriginalName"] == "my photo.png"


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_anonymous_caller_is_401(client, method):
    response = client.open(URL, method=method)

    assert response.status_code == 401
    assert response.get_json() == {"code": 401, "message": "Invalid credentials"}


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_another_customer_is_403(client, auth, method):
    response = client.open(URL, method=method, headers=auth.headers("customer", OTHER))

    assert response.status_code == 403
    assert response.get_json() == {"error": {"code": 403, "message": "Forbidden"}}


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_unknown_customer_is_404(client, auth, method):
    url = "/api/DEFAULT/customer/00000000-0000-0000-0000-000000000000/avatar"

    response = client.open(url, method=method, headers=auth.headers("admin"))

    assert response.status_code == 404
    assert response.get_json() == {"error": {"code": 404, "message": "Not Found"}}


@pytest.mark.parametrize("role", ["admin", "seller", "customer"])
def test_admin_seller_and_the_customer_itself_may_manage_it(client, auth, role):
    headers = auth.headers(role, JOHN if role == "customer" else None)
    data = image_bytes("PNG")

    assert upload(client, headers, data).status_code == 204
    assert client.get(URL, headers=headers).data == data
    assert client.delete(URL, headers=headers).status_code == 204
