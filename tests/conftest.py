"""Our tests use the fixtures of the package's own pytest plugin, under short names, and a real
browser (Debian's chromium, headless, through its chromedriver) for pages and CORS."""
import os
import shutil

import pytest

from openloyalty_standin.app import create_app
from openloyalty_standin.app.extensions import db
from openloyalty_standin.app.testing.support import _config

ADMIN_ID = "22200000-0000-474c-b092-b0dd880c07e2"
SELLER_ID = "00000000-0000-474c-b092-b0dd880c07e4"
JOHN = "00000000-0000-474c-b092-b0dd880c07e1"
JANE = "00000000-0000-474c-b092-b0dd880c07e2"
NEW_CUSTOMER = "1bbafb37-b51b-47c5-b3e4-e0a2d028e655"
KOWALSKI = "e0eb0355-8aaa-4fb1-8159-f58e81b7a25c"
SECOND_CUSTOMER = "33333333-0000-474c-b092-b0dd880c07e1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture
def app(ol_app):
    return ol_app


@pytest.fixture
def client(ol_client):
    return ol_client


@pytest.fixture
def auth(ol_auth):
    return ol_auth


@pytest.fixture
def seed_database(ol_template):
    """The seeded template `make_app` copies (a module may override it)."""
    return ol_template


@pytest.fixture
def make_app(ol_template, seed_database, tmp_path):
    """Build apps with extra configuration, e.g. make_app(CLOCK=...), over one private copy of the seed.

    Every app built in a test shares that copy, like fresh_app's, and is disposed of afterwards.
    """
    instance = tmp_path / "configured-instance"
    instance.mkdir()
    database = seed_database.copy(str(instance))
    apps = []

    def build(**config):
        app = create_app({**_config(str(instance), database, ol_template), **config})
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def require_chromium():
    """Skip without Debian's chromium and its driver; on CI, where .ci/run installs them, fail."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        if os.environ.get("CI"):
            pytest.fail("chromium or chromedriver is missing; .ci/run installs Debian's chromium and chromium-driver")
        pytest.skip("Debian's chromium and chromium-driver are not installed")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
