"""The stand-in installed into another project, as a team would: a throwaway project with its own
`app`, `schemas` and `seeds` packages gets its own venv, installs the stand-in from a copy of this
repository (a regular install, not an editable one), and runs its tests: its own, and some that use
the stand-in's pytest fixtures beside its own `app`.
"""
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only  # the package installed into another project, run on SQLite

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("app", "schemas", "seeds", "setup.cfg", "pyproject.toml", "README.md", "wsgi.py")

PROJECT = {
    "app/__init__.py": '''
        """The downstream project's own Flask app: the most common layout."""
        from flask import Flask


        def create_app():
            app = Flask(__name__)

            @app.get("/ping")
            def ping():
                return {"pong": "downstream"}

            return app
    ''',
    "schemas/__init__.py": '''
        OWNER = "downstream"
    ''',
    "seeds/__init__.py": '''
        CUSTOMERS = ["downstream@example.com"]
    ''',
    "pytest.ini": '''
        [pytest]
        pythonpath = .
        testpaths = tests
    ''',
    "tests/test_own.py": '''
        import schemas
        import seeds
        from app import create_app


        def test_the_projects_own_packages_are_its_own():
            assert schemas.OWNER == "downstream"
            assert seeds.CUSTOMERS == ["downstream@example.com"]
            assert create_app().test_client().get("/ping").json == {"pong": "downstream"}
    ''',
    "tests/test_with_standin.py": '''
        import json
        import urllib.request

        import openloyalty_standin
        from app import create_app


        def test_the_standin_is_installed_not_linked_to_its_repository():
            (location,) = openloyalty_standin.__path__
            assert "site-packages" in location


        def test_registration_then_activation_through_the_fixtures(ol_client, ol_auth, ol_outbox):
            registered = ol_client.post(
                "/api/DEFAULT/customer/self_register",
                json={"customer": {"firstName": "Ada", "lastName": "Down", "email": "ada@down.example",
                                   "agreement1": True, "plainPassword": "OpenLoyalty123!"}},
            )
            assert registered.status_code == 200, registered.json
            token = ol_outbox.latest(to="ada@down.example")["token"]
            assert ol_client.post(f"/api/DEFAULT/customer/activate/{token}").status_code == 200
            found = ol_client.get("/api/DEFAULT/customer?email=ada@down.example", headers=ol_auth.headers("admin"))
            assert found.json["total"] == 1
            assert found.json["customers"][0]["active"] is True
            assert create_app().test_client().get("/ping").json == {"pong": "downstream"}


        def test_seeded_customers_over_http(ol_live_server, ol_auth):
            request = urllib.request.Request(
                ol_live_server.url + "/api/DEFAULT/customer?perPage=1", headers=ol_auth.headers("admin")
            )
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert json.load(answer)["total"] > 0
    ''',
}


def _run(command, cwd, timeout):
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def downstream(tmp_path_factory):
    """The downstream project, with the stand-in and pytest installed in its own venv."""
    base = tmp_path_factory.mktemp("downstream")
    source = base / "openloyalty-standin"
    for name in COPIED:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, source / name)
    project = base / "project"
    for name, text in PROJECT.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    venv = project / ".venv"
    _run([sys.executable, "-m", "venv", str(venv)], project, 120)
    python = str(venv / "bin" / "python")
    installed = _run(
        [python, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off",
         str(source), "pytest"],
        project, 600,
    )
    return project, python, installed


def test_installing_the_standin_prints_no_warning_walls(downstream):
    _project, _python, installed = downstream
    assert "*****" not in installed.stdout + installed.stderr
    assert "Successfully installed" in installed.stdout


def test_the_projects_tests_and_the_standin_fixtures_run_together(downstream):
    project, python, _installed = downstream
    done = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout
