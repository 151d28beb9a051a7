"""The peers the stand-in is compared with: Prism and json-server from npm (run through npx at exact
versions), and the customers json-server and the floor are seeded with."""
import json
import shutil
import subprocess

from bench.servers import ROOT

PRISM_PACKAGE = "@stoplight/prism-cli@5.14.2"
JSON_SERVER_PACKAGE = "json-server@0.17.4"
CONTRACT = "contract/openapi.json"
NPX_TIMEOUT = 180  # seconds npx may take to fetch a package into its cache
# The seed's columns json-server's documents and the floor's rows keep, under the API's names.
SEED_FIELDS = {
    "first_name": "firstName", "last_name": "lastName", "email": "email", "phone": "phone", "gender": "gender",
    "birth_date": "birthDate", "created_at": "createdAt", "loyalty_card_number": "loyaltyCardNumber",
    "level_id": "levelId",
}


def npx_command(package):
    """The command line running `package` through npx, or None when npx is missing."""
    npx = shutil.which("npx")
    return [npx, "--yes", package] if npx else None


def npx_probe(package, *args):
    """Run `package` once with `args` (fetching it into npx's cache when needed); return its standard
    output, or None and a line saying why it cannot run here."""
    command = npx_command(package)
    if not command:
        return None, f"npx not found (apt-get install nodejs npm): {package} skipped"
    try:
        result = subprocess.run([*command, *args], cwd=ROOT, capture_output=True, text=True, timeout=NPX_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, (f"npx {package} did not start within {NPX_TIMEOUT} s (offline without it in the npm cache?): "
                      "skipped")
    if result.returncode:
        return None, f"npx {package} failed ({result.returncode}): {result.stderr.strip()[-300:]}; skipped"
    return result.stdout, None


def prism_modes():
    """Prism's modes to measure as (tool name, extra flags), and a line saying why none, if so."""
    help_text, note = npx_probe(PRISM_PACKAGE, "mock", "--help")
    if help_text is None:
        return [], note
    modes = [("prism", [])]
    if "--multiprocess" in help_text:
        modes.append(("prism -m", ["--multiprocess"]))
    return modes, None


def prism_argv(port, flags):
    """Prism mocking the contract on 127.0.0.1:port."""
    return [*npx_command(PRISM_PACKAGE), "mock", "-p", str(port), "-h", "127.0.0.1", *flags, CONTRACT]


def json_server_argv(port, database):
    """json-server serving the JSON file `database` on 127.0.0.1:port."""
    return [*npx_command(JSON_SERVER_PACKAGE), "--port", str(port), "--host", "127.0.0.1", str(database)]


def seed_customers():
    """The seed's customers (seeds/data.py, as `flask seed` loads them) as flat documents under the API's
    names, with json-server's `id` beside `customerId`."""
    from openloyalty_standin.seeds.data import CUSTOMERS

    return [
        {"id": row["id"], "customerId": row["id"], **{name: row.get(column) for column, name in SEED_FIELDS.items()}}
        for row in CUSTOMERS
    ]


def write_seed(path):
    """Write {"customers": [...]} to `path`: json-server's db.json, and the floor's BASELINE_SEED."""
    path.write_text(json.dumps({"customers": seed_customers()}, indent=2) + "\n")
    return path


def fetch():
    """Fetch each peer into npx's cache at its exact version (what `make bench` does before the run); print
    a line for each. A peer that cannot be had is skipped by the run, so this never fails."""
    for package in (PRISM_PACKAGE, JSON_SERVER_PACKAGE):
        version, note = npx_probe(package, "--version")
        print(f"{package}: ready ({version.strip()})" if version is not None else note, flush=True)


if __name__ == "__main__":
    fetch()
