"""The control plane under /_dev on its own: every operation, every check, positive and negative.

The API's runs leave out the clock, snapshots and faults because they move the whole world between
calls. Here each case starts from the seed with the clock real and no fault, and puts them back
after, so these operations are checked like the others. Only acceptance that depends on the stored
state is relaxed: a snapshot or a fault that does not exist is a 404, and so is the latest message
to a recipient nobody wrote to.
"""
import pytest
import schemathesis

from contract.conftest import make_config, token_auth
from openloyalty_standin.app.testing.support import restore_seed

STATE_DEPENDENT_404 = [
    "/_dev/snapshots/{name}",
    "/_dev/snapshots/{name}/restore",
    "/_dev/faults/{fault_id}",
    "/_dev/outbox/latest",
]
CONFIG = make_config(
    {path: {"positive_data_acceptance": {"expected-statuses": ["2xx", "404"]}} for path in STATE_DEPENDENT_404}
)


@pytest.fixture
def dev_api_schema(ol_app):
    return schemathesis.openapi.from_wsgi("/api/doc/openapi.json", ol_app, config=CONFIG)


schema = (schemathesis.pytest.from_fixture("dev_api_schema").include(path_regex=r"^/_dev/")
          .exclude(path="/_dev/import"))  # generated world documents do not fit together: see contract/conftest.py
schema.auth()(token_auth("admin"))


@schema.parametrize()
def test_control_plane_operation_keeps_the_contract(case, ol_app, ol_template):
    restore_seed(ol_app, ol_template)
    try:
        case.call_and_validate()
    finally:
        restore_seed(ol_app, ol_template)
