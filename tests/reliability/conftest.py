"""Fixtures of the reliability tests: real gunicorn servers over real HTTP, always stopped afterwards."""
import os

import pytest

from tests.reliability.server import Api, Server


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "reliability: runs real multi-worker gunicorn servers; sizes grow with RELIABILITY_SCALE"
    )


@pytest.fixture(scope="session")
def scale():
    """The size factor of the reliability tests (RELIABILITY_SCALE, 1 by default)."""
    return max(1, int(os.environ.get("RELIABILITY_SCALE", "1")))


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory):
    """A seeded server with four workers, shared by a module's tests."""
    server = Server(tmp_path_factory.mktemp("busy"), workers=4)
    try:
        server.seed()
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def api(busy_server):
    """A counting client of the shared four-worker server."""
    return Api(busy_server)


@pytest.fixture
def server(tmp_path):
    """A seeded, not yet started two-worker server of this test's own instance folder."""
    server = Server(tmp_path, workers=2)
    try:
        server.seed()
        yield server
    finally:
        server.stop()
