"""The reference's documented example responses, read from contract/reference_examples.json."""
import copy
import json
from functools import lru_cache
from pathlib import Path

EXAMPLES_FILE = Path(__file__).parent.parent / "contract" / "reference_examples.json"


@lru_cache(maxsize=1)
def _examples():
    with EXAMPLES_FILE.open(encoding="utf-8") as file:
        return json.load(file)["examples"]


def documented(method, path, status, index=0):
    """A deep copy of the body of the `index`-th documented example for method, path and status."""
    bodies = [
        example["body"]
        for example in _examples()
        if (example["method"], example["path"], example["status"]) == (method, path, status)
    ]
    return copy.deepcopy(bodies[index])
