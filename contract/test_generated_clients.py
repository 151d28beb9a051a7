"""Typed clients generated from the served document work unmodified, as a team would make them:
TypeScript (openapi-typescript + openapi-fetch, `tsc --strict`) from /api/doc/openapi.json, and
Python (openapi-python-client, default configuration, `mypy --strict`) from its JSON-only variant.
Each runs a realistic flow against a live server, and every answer it received is checked strictly
against the document.

The generators come pinned from `make clients` (contract/clients/); `make test` prepares them and
sets OL_CLIENTS=required, so that a missing tool fails there instead of skipping.
"""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from jsonschema import FormatChecker
from openapi_schema_validator import OAS31Validator

ROOT = Path(__file__).resolve().parents[1]
TYPESCRIPT = ROOT / "contract" / "clients" / "typescript"
PYTHON = ROOT / "contract" / "clients" / "python"
CLIENTS_VENV = Path(os.environ.get("OL_CLIENTS_VENV", ROOT / ".venv-clients"))
PACKAGE = "open_loyalty_customer_api_stand_in_client"  # openapi-python-client's name for the document's title


def tool(path):
    if path.exists():
        return path
    if os.environ.get("OL_CLIENTS") == "required":
        pytest.fail(f"{path} is missing: run make clients")
    pytest.skip(f"{path} is missing: run make clients")


def run(command, cwd, env=None, timeout=300):
    completed = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                               timeout=timeout)
    assert completed.returncode == 0, (command, completed.stdout[-4000:], completed.stderr[-4000:])
    return completed


# --- strict checks of what a flow received


def _template_pattern(template):
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")


def operation_of(document, method, path):
    """The document's path template for a concrete path: the one with the fewest parameters."""
    matches = [template for template, operations in document["paths"].items()
               if method.lower() in operations and _template_pattern(template).match(path)]
    assert matches, (method, path)
    return min(matches, key=lambda template: template.count("{"))


def check_answer(document, answer):
    operation = document["paths"][answer["path"]][answer["method"].lower()]
    response = operation["responses"].get(str(answer["status"])) or operation["responses"]["default"]
    assert str(answer["status"]) in operation["responses"], answer
    while "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    if "content" not in response:
        assert answer["body"] is None, answer
        return
    if answer["body"] is None and answer["status"] == 200 and "application/json" not in response["content"]:
        return
    assert (answer["contentType"] or "").startswith("application/json"), answer
    schema = response["content"]["application/json"]["schema"]
    OAS31Validator({**schema, "components": document["components"]},
                   format_checker=FormatChecker()).validate(answer["body"])


def check_flow(document, answers, minimum):
    assert len(answers) >= minimum
    for answer in answers:
        check_answer(document, answer)
    assert {200, 204, 400, 401, 403, 404} <= {answer["status"] for answer in answers}


def served(url, query=""):
    response = requests.get(f"{url}/api/doc/openapi.json{query}", timeout=30)
    assert response.status_code == 200
    return response.json()


# --- TypeScript


def test_typescript_client_generated_from_the_document_runs_a_flow(ol_live_server, tmp_path):
    modules = tool(TYPESCRIPT / "node_modules")
    node = shutil.which("node") or pytest.fail("node is missing: run make clients")
    for name in ("flow.ts", "tsconfig.json", "package.json"):
        shutil.copy(TYPESCRIPT / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(modules)
    url = ol_live_server.url
    run([modules / ".bin" / "openapi-typescript", f"{url}/api/doc/openapi.json", "-o", "schema.d.ts"], tmp_path)
    run([modules / ".bin" / "tsc", "-p", "."], tmp_path)
    run([node, "build/flow.js", url, "captured.json"], tmp_path)

    document = served(url)
    answers = json.loads((tmp_path / "captured.json").read_text())
    check_flow(document, answers, 25)


# --- Python


def test_python_client_generated_from_the_json_variant_runs_a_flow(ol_live_server, tmp_path):
    generator = tool(CLIENTS_VENV / "bin" / "openapi-python-client")
    env = {**os.environ, "PATH": f"{generator.parent}{os.pathsep}{os.environ['PATH']}"}
    url = ol_live_server.url
    generated = run([generator, "generate", "--url", f"{url}/api/doc/openapi.json?bodies=json",
                     "--output-path", "client"], tmp_path, env)
    assert "Unsupported content_type" in generated.stdout + generated.stderr  # the avatar image: see README
    shutil.copy(PYTHON / "flow.py", tmp_path / "client" / "flow.py")
    run([generator.parent / "mypy", "--strict", "--no-incremental", "flow.py", PACKAGE], tmp_path / "client", env)
    run([generator.parent / "python", "flow.py", url, "captured.json"], tmp_path / "client", env)

    document = served(url)
    answers = [{**answer, "path": operation_of(document, answer["method"], answer["url"])}
               for answer in json.loads((tmp_path / "client" / "captured.json").read_text())]
    check_flow(document, answers, 25)
