"""Stateful contract runs: sequences of calls chained by the document's OpenAPI links
(register -> read, update, status, activate, deactivate, delete; login -> refresh)."""
import os

import hypothesis
import schemathesis

from contract.conftest import CONFIG, WORLD_MOVERS, token_auth
from contract.test_contract import use_seeded_values
from openloyalty_standin.app.testing.support import restore_seed

STEPS = int(os.environ.get("CONTRACT_STATEFUL_EXAMPLES", "25"))


def test_linked_sequences_keep_the_contract(ol_app, ol_template):
    schema = schemathesis.openapi.from_wsgi("/api/doc/openapi.json", ol_app, config=CONFIG).exclude(
        path_regex=WORLD_MOVERS
    )

    schema.auth()(token_auth("admin"))

    class Sequences(schema.as_state_machine()):
        def __init__(self):
            restore_seed(ol_app, ol_template)  # every sequence starts from the seed
            super().__init__()

        def before_call(self, case):
            use_seeded_values(case, customers=False)  # customer ids come from the links

    Sequences.run(
        settings=hypothesis.settings(
            max_examples=STEPS,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )
