"""The README's "Parallel tests" recipes, as a project would use them: its conftest.py and test
files (one drives Debian's chromium), read from README.md, plus fifty more tests that all change
the same seeded customers, run with `-n 4` against one live server, PARALLEL_RUNS times over (2;
`make reliability` runs 20).
Each test has a sandbox of its own, so no run may fail, and the server's own world is left as it was."""
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
import requests

from tests.conftest import JOHN, require_chromium

pytest_plugins = ("pytester",)
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Parallel tests"):README.index("## Using it from pytest")]
RECIPES = dict(re.findall(r"```python\n# (\S+):[^\n]*\n(.*?)```", SECTION, re.S))
PLAYWRIGHT = {path: "// " + path + text
              for path, text in re.findall(r"```ts\n// (\S+)(:[^\n]*\n.*?)```", SECTION, re.S)}
NODE_MODULES = Path(__file__).resolve().parents[1] / "contract" / "clients" / "typescript" / "node_modules"
RUNS = int(os.environ.get("PARALLEL_RUNS", "2"))

MANY = textwrap.dedent('''
    import pytest
    import requests

    CUSTOMERS = ["00000000-0000-474c-b092-b0dd880c07e1", "00000000-0000-474c-b092-b0dd880c07e2",
                 "11111111-0000-474c-b092-b0dd880c07e1", "22222222-0000-474c-b092-b0dd880c07e1",
                 "22222222-0000-474c-b092-b0dd880c07e2"]


    @pytest.mark.parametrize("index", range(50))
    def test_each_changes_a_seeded_customer_and_sees_only_its_own_change(sandbox, admin, index):
        customer = CUSTOMERS[index % len(CUSTOMERS)]
        url = f"{sandbox}/api/DEFAULT/customer/{customer}"
        before = requests.get(url, headers=admin, timeout=30).json()
        assert not before["lastName"].startswith("Changed")  # every sandbox starts from the seed
        changed = requests.put(url, headers=admin, json={"customer": {"lastName": f"Changed{index}"}}, timeout=30)
        assert changed.status_code == 200
        assert requests.get(url, headers=admin, timeout=30).json()["lastName"] == f"Changed{index}"
        listed = requests.get(f"{sandbox}/api/DEFAULT/customer?lastName=Changed&perPage=-1", headers=admin,
                              timeout=30).json()
        assert [row["customerId"] for row in listed["customers"]] == [customer]
''')


def test_the_readme_has_every_recipe():
    assert set(RECIPES) == {"conftest.py", "test_customers.py", "test_browser.py"}
    assert set(PLAYWRIGHT) == {"playwright.config.ts", "tests/fixtures.ts", "tests/customers.spec.ts"}


def test_the_recipes_run_in_parallel_without_colliding(pytester, monkeypatch, ol_live_server, ol_client, ol_auth):
    require_chromium()
    pytester.makeconftest(RECIPES["conftest.py"])
    pytester.makepyfile(test_customers=RECIPES["test_customers.py"], test_browser=RECIPES["test_browser.py"],
                        test_many=MANY)
    pytester.makeini("[pytest]\naddopts = -p no:cacheprovider -p no:openloyalty_standin\n")
    monkeypatch.setenv("OL_URL", ol_live_server.url)
    for run in range(RUNS):
        result = pytester.runpytest_subprocess("-q", "-n", "4", "-p", "xdist")
        outcome = result.parseoutcomes()
        assert outcome.get("passed") == 54 and not outcome.get("failed"), (run, result.stdout.str()[-3000:])
    assert requests.get(ol_live_server.url + "/_dev/sandboxes", timeout=10).json()["total"] == 0
    details = ol_client.get(f"/api/DEFAULT/customer/{JOHN}", headers=ol_auth.headers("admin")).json
    assert (details["firstName"], details["lastName"]) == ("John", "Doe")


def test_the_playwright_recipe_runs_with_four_workers(tmp_path, ol_live_server, ol_client, ol_auth):
    require_chromium()
    runner = NODE_MODULES / ".bin" / "playwright"
    if not runner.exists():
        message = f"{runner} is missing: run make clients"
        pytest.fail(message) if os.environ.get("OL_CLIENTS") == "required" else pytest.skip(message)
    for path, text in PLAYWRIGHT.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    (tmp_path / "node_modules").symlink_to(NODE_MODULES)
    env = {**os.environ, "OL_URL": ol_live_server.url, "CI": "1"}  # CI: no interactive report server
    completed = subprocess.run([str(runner), "test", "--reporter=line"], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert "8 passed" in completed.stdout
    names = sorted(entry["name"] for entry in requests.get(ol_live_server.url + "/_dev/sandboxes", timeout=10).json()[
        "sandboxes"])
    assert names == ["pw-0", "pw-1", "pw-2", "pw-3"]  # one per worker
    details = ol_client.get(f"/api/DEFAULT/customer/{JOHN}", headers=ol_auth.headers("admin")).json
    assert details["firstName"] == "John"
