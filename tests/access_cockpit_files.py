"""Authorization matrix rows of the cockpit support endpoints: files (app/api/cockpit/files.py)."""
from tests.access_cockpit_boot import ADMIN, ANYONE
from tests.authorization_matrix import PDF, PNG, Row

NOWHERE = (404,) * 10  # only small-logo is resized
PHOTO = ("photo[file]", "logo.png", "image/png", PNG)

ROWS = [
    Row("GET", "/api/settings/photo/<name>", ANYONE, values={"name": "logo"}, setup="photos"),
    Row("GET", "/api/settings/photo/<name>/<size:size>", ANYONE, values={"name": "small-logo", "size": "192x192"},
        setup="photos"),
    Row("GET", "/api/settings/logo", ANYONE, setup="photos"),
    Row("GET", "/api/settings/logo/<size:size>", NOWHERE, values={"size": "192x192"}, setup="photos"),
    Row("GET", "/api/settings/small-logo", ANYONE, setup="photos"),
    Row("GET", "/api/settings/small-logo/<size:size>", ANYONE, values={"size": "512x512"}, setup="photos"),
    Row("GET", "/api/settings/hero-image", ANYONE, setup="photos"),
    Row("GET", "/api/settings/hero-image/<size:size>", NOWHERE, values={"size": "192x192"}, setup="photos"),
    Row("POST", "/api/settings/photo/<name>", ADMIN, values={"name": "logo"}, upload=PHOTO),
    Row("DELETE", "/api/settings/photo/<name>", ADMIN, values={"name": "logo"}, setup="photos"),
    Row("GET", "/api/settings/conditions-file", ANYONE, setup="conditions"),
    Row("GET", "/terms-conditions", ANYONE, setup="conditions"),
    Row("POST", "/api/settings/conditions-file", ADMIN,
        upload=("conditions[file]", "terms.pdf", "application/pdf", PDF)),
    Row("DELETE", "/api/settings/conditions-file", ADMIN, setup="conditions"),
]
