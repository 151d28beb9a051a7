"""The settings' photos and logos and the program's conditions (cockpit facts section 3): 404 while
nothing is uploaded, uploads checked as avatars are, and listed in the settings."""
import io

import pytest
from PIL import Image

from tests.test_avatar import image_bytes

PHOTOS = ["logo", "small-logo", "hero-image", "admin-cockpit-logo", "client-cockpit-logo-big",
          "client-cockpit-logo-small", "client-cockpit-hero-image"]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload_photo(client, auth, name, data, filename="logo.png"):
    return client.post(f"/api/settings/photo/{name}", headers=auth.headers("admin"),
                       data={"photo[file]": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def upload_conditions(client, auth, data, filename="terms.pdf"):
    return client.post("/api/settings/conditions-file", headers=auth.headers("admin"),
                       data={"conditions[file]": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


@pytest.mark.parametrize("path", [f"/api/settings/photo/{name}" for name in PHOTOS] + [
    "/api/settings/logo", "/api/settings/small-logo", "/api/settings/hero-image", "/api/settings/small-logo/192x192",
    "/api/settings/conditions-file", "/terms-conditions"])
def test_nothing_is_served_before_an_upload(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json["error"] == {"code": 404, "message": "Not Found"}


def test_another_photo_name_is_401_without_a_token_and_404_with_one(client, auth):
    assert client.get("/api/settings/photo/avatar").status_code == 401
    assert client.get("/api/settings/photo/avatar", headers=auth.headers("admin")).status_code == 404


@pytest.mark.parametrize("image_format", ["PNG", "GIF", "JPEG"])
def test_an_uploaded_photo_is_served_inline_with_its_type(client, auth, image_format):
    data = image_bytes(image_format)
    response = upload_photo(client, auth, "hero-image", data, f"hero.{image_format.lower()}")
    assert response.status_code == 200, response.json
    assert response.json == []
    for path in ("/api/settings/photo/hero-image", "/api/settings/hero-image"):
        served = client.get(path)
        assert served.status_code == 200
        assert served.data == data
        assert served.mimetype == f"image/{image_format.lower()}"
        assert served.headers["Content-Disposition"] == "inline"


def test_the_small_logo_is_also_served_resized(client, auth):
    assert upload_photo(client, auth, "small-logo", image_bytes("PNG")).status_code == 200
    for size in ("192x192", "512x512"):
        for path in (f"/api/settings/photo/small-logo/{size}", f"/api/settings/small-logo/{size}"):
            served = client.get(path)
            assert served.status_code == 200
            assert Image.open(io.BytesIO(served.data)).size == tuple(int(part) for part in size.split("x"))
    assert client.get("/api/settings/photo/small-logo/100x100").status_code == 404
    assert client.get("/api/settings/photo/logo/192x192").status_code == 404


def test_uploads_are_listed_in_the_settings(client, auth):
    upload_photo(client, auth, "logo", image_bytes("PNG"), "our-logo.png")
    upload_photo(client, auth, "small-logo", image_bytes("JPEG"), "small.jpg")
    upload_conditions(client, auth, PDF)
    settings = client.get("/api/settings", headers=auth.headers("admin")).json["settings"]
    assert settings["logo"] == {"sizes": [], "path": "logo/logo.png", "originalName": "our-logo.png",
                                "mime": "image/png"}
    assert settings["small-logo"]["sizes"] == ["192x192", "512x512"]
    assert settings["small-logo"]["mime"] == "image/jpeg"
    assert settings["conditions"]["mime"] == "application/pdf"


@pytest.mark.parametrize("data, message", [
    (b"not an image", "This file is not a valid image."),
    (b"", "An empty file is not allowed."),
])
def test_a_bad_photo_is_a_form_error_and_keeps_the_old_one(client, auth, data, message):
    upload_photo(client, auth, "logo", image_bytes("PNG"))
    response = upload_photo(client, auth, "logo", data)
    assert response.status_code == 400
    assert response.json["form"]["children"]["file"]["errors"] == [message]
    assert client.get("/api/settings/logo").data == image_bytes("PNG")


def test_a_photo_under_another_name_cannot_be_uploaded(client, auth):
    assert upload_photo(client, auth, "avatar", image_bytes("PNG")).status_code == 404


def test_removing_a_photo_removes_its_copies(client, auth):
    upload_photo(client, auth, "small-logo", image_bytes("PNG"))
    response = client.delete("/api/settings/photo/small-logo", headers=auth.headers("admin"))
    assert response.status_code == 200 and response.json == []
    assert client.get("/api/settings/small-logo").status_code == 404
    assert client.get("/api/settings/small-logo/192x192").status_code == 404
    assert "small-logo" not in client.get("/api/settings", headers=auth.headers("admin")).json["settings"]


def test_the_conditions_are_downloaded_as_an_attachment(client, auth):
    assert upload_conditions(client, auth, PDF).json == []
    for path in ("/api/settings/conditions-file", "/terms-conditions"):
        served = client.get(path)
        assert served.status_code == 200
        assert served.data == PDF and served.mimetype == "application/pdf"
        assert served.headers["Content-Disposition"] == "attachment; filename=terms_conditions.pdf"
    assert client.delete("/api/settings/conditions-file", headers=auth.headers("admin")).json == []
    assert client.get("/terms-conditions").status_code == 404


def test_conditions_must_be_a_pdf(client, auth):
    response = upload_conditions(client, auth, b"plain text", "terms.txt")
    assert response.status_code == 400
    assert "Allowed mime types are \"application/pdf\"." in response.json["form"]["children"]["file"]["errors"][0]
    assert client.get("/api/settings/conditions-file").status_code == 404


@pytest.mark.parametrize("kind, status", [("seller", 403), ("customer", 403), (None, 401)])
def test_only_admins_upload_and_remove(client, auth, kind, status):
    headers = auth.headers(kind) if kind else {}
    sent = {"photo[file]": (io.BytesIO(image_bytes("PNG")), "logo.png")}
    assert client.post("/api/settings/photo/logo", headers=headers, data=sent,
                       content_type="multipart/form-data").status_code == status
    assert client.delete("/api/settings/photo/logo", headers=headers).status_code == status
    assert client.get("/api/settings/logo").status_code == 404


def test_a_reset_forgets_the_uploads(client, auth):
    upload_photo(client, auth, "logo", image_bytes("PNG"))
    assert client.post("/_dev/reset").status_code == 204
    assert client.get("/api/settings/logo").status_code == 404
