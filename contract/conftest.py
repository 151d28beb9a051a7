"""Contract runs: schemathesis against the app in-process, through its generated OpenAPI document."""
import os
import re
import zlib

import pytest
import schemathesis
from werkzeug.test import Client

CREDENTIALS = {
    "admin": ("/api/admin/login_check", {"_username": "admin", "_password": "open"}),
    "seller": ("/api/seller/login_check", {"_username": "john@doe.com", "_password": "open"}),
    "customer": ("/api/customer/login_check", {"_username": "user-1@example.com", "_password": "loyalty"}),
}
EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "25"))
MODE = os.environ.get("CONTRACT_MODE", "all")  # positive, negative (fuzzing) or all
# Operations whose answer to schema-valid input depends on the stored state, and where
# Open Loyalty answers 400 for it: a taken e-mail, phone or card; no new customer with that
# phone or a code sent less than 2 minutes ago; a level that was not assigned manually;
# bytes that are no image, no PDF or no XML; a search whose every field is empty; a taken language code.
STATE_DEPENDENT_400 = [
    "/api/{storeCode}/customer/register",
    "/api/{storeCode}/admin/customer/register",
    "/api/{storeCode}/seller/customer/register",
    "/api/{storeCode}/customer/self_register",
    "/api/{storeCode}/customer/{customer}",
    "/api/{storeCode}/customer/customer-phone/send-sms-code",
    "/api/{storeCode}/customer/{customer}/remove-manually-level",
    "/api/{storeCode}/customer/{customer}/avatar",
    "/api/{storeCode}/admin/customer/import",
    "/api/{storeCode}/pos/search/customer",
    "/api/admin/translations",  # a language code that exists, or content that is no JSON text
    "/api/admin/translations/{code}",  # content that is no JSON text (a form field holds it as text)
    "/api/settings/photo/{name}",
    "/api/settings/conditions-file",
]
ACCEPTED = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]
CHECKS = {path: {"positive_data_acceptance": {"expected-statuses": ACCEPTED}} for path in STATE_DEPENDENT_400}
# A customer without an avatar answers 204 (DECISIONS 2), so a deleted avatar is no 404.
CHECKS["/api/{storeCode}/customer/{customer}/avatar"]["use_after_free"] = {"enabled": False}


def make_config(checks):
    """The runs' settings, with `checks` ({path: {check: settings}}) for the paths it names."""
    return schemathesis.Config.from_dict(
        {
            "generation": {"max-examples": EXAMPLES, "mode": MODE, "deterministic": True, "allow-x00": False},
            "checks": {"enabled": True},
            "operations": [{"include-path": path, "checks": settings} for path, settings in checks.items()],
        }
    )


CONFIG = make_config(CHECKS)


def login(app, role):
    """Log in through the API itself and return the JWT."""
    path, body = CREDENTIALS[role]
    return Client(app).post(path, json=body).json["token"]


def token_auth(role, obtain=None):
    """A schemathesis auth provider: a JWT of `role`, from the app in-process or from `obtain()`."""

    class Token:
        def get(self, case, ctx):
            return obtain() if obtain else login(ctx.app, role)

        def set(self, case, data, ctx):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    Token.__name__ = f"{role.title()}Token"
    return Token


def nothing_to_violate(ctx):
    """An operation that takes no body, no query and no credentials: no input can be invalid."""
    raw = ctx.operation.definition.raw
    queries = any(p.get("in") == "query" for p in raw.get("parameters", []))
    return not (raw.get("requestBody") or raw.get("security") or queries)


@pytest.fixture
def api_schema(ol_app):
    """The generated document of a fresh seeded app, loaded by schemathesis over WSGI."""
    return schemathesis.openapi.from_wsgi("/api/doc/openapi.json", ol_app, config=CONFIG)


# The clock, snapshots and faults move the whole world between calls (tokens expire, records
# vanish, answers fail); tests/test_control_plane.py checks them, the generated runs leave them out.
WORLD_MOVERS = r"^/_dev/(clock|snapshots|faults)"


SHARDS = int(os.environ.get("CONTRACT_SHARDS", "4"))


def outside_shard(index):
    """A filter matching the operations not in shard `index` of SHARDS: a role's run is SHARDS
    tests, which pytest-xdist hands to different workers, instead of one that holds every operation.
    (An exclusion, since schemathesis keeps an operation that matches any one inclusion.)"""

    def other(ctx):
        return zlib.crc32(ctx.operation.label.encode()) % SHARDS != index

    return other


def sharded(name, schema, role, body):
    """Tests `{name}_{index}`, one per shard of `schema`, each running `body(case, ol_app, ol_template)`
    with a token of `role`; returns them by name, for the test module's globals."""
    tests = {}
    for index in range(SHARDS):
        shard = schema.exclude(func=outside_shard(index))
        shard.auth()(token_auth(role))

        @shard.parametrize()
        def test(case, ol_app, ol_template):
            body(case, ol_app, ol_template)

        test.__name__ = f"{name}_{index}"
        tests[test.__name__] = test
    return tests


def operations():
    """The operations of `api_schema` a run covers; a negative-only run skips those without inputs."""
    # A world document's rows must fit together (foreign keys no JSON Schema can say), so generated
    # ones are refused; tests/test_sandboxes.py checks import with real and broken documents.
    schema = schemathesis.pytest.from_fixture("api_schema").exclude(path_regex=WORLD_MOVERS).exclude(
        path="/_dev/import")
    if os.environ.get("CONTRACT_PATHS"):  # a regular expression: only these paths (an exclusion of
        pattern = re.compile(os.environ["CONTRACT_PATHS"])  # the others, which the roles' inclusions keep)
        schema = schema.exclude(func=lambda ctx: not pattern.search(ctx.operation.path))
    return schema.exclude(func=nothing_to_violate) if MODE == "negative" else schema
