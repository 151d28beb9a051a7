# The stand-in's commands. `make run` serves the API, `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8181
WORKERS ?= 2

.PHONY: install clients run test contract-deep contract-live fuzz reliability bench openapi seed reset clean

$(VENV)/.installed: setup.cfg pyproject.toml
	@echo "Installing the stand-in and its dependencies into $(VENV): once, about a minute on a fresh machine"
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# The editable install's notice ("Editable installation ...") is information, not a warning.
	PYTHONWARNINGS=ignore::UserWarning $(PY) -m pip install --progress-bar off -e '.[test]'
	touch $@

install: $(VENV)/.installed

# The typed-client check's tools, pinned: openapi-typescript, openapi-fetch and tsc from npm;
# openapi-python-client and mypy in a venv of their own (their dependencies are not the stand-in's).
CLIENTS_VENV ?= .venv-clients
TS_CLIENT := contract/clients/typescript

$(CLIENTS_VENV)/.installed: contract/clients/python/requirements.txt
	python3 -m venv $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/python -m pip install --quiet --progress-bar off -r $<
	touch $@

$(TS_CLIENT)/node_modules/.installed: $(TS_CLIENT)/package.json $(TS_CLIENT)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } \
		|| { echo "npm is missing (apt-get install nodejs npm)"; exit 1; }
	npm ci --prefix $(TS_CLIENT) --no-audit --no-fund --loglevel=error
	touch $@

clients: $(CLIENTS_VENV)/.installed $(TS_CLIENT)/node_modules/.installed

# Seeds an empty database (or says what it keeps), then serves; "Serving ..." once /health answers.
run: install
	$(VENV)/bin/flask --app wsgi seed
	$(VENV)/bin/gunicorn --config python:openloyalty_standin.app.serving --workers $(WORKERS) \
		--bind 127.0.0.1:$(PORT) --access-logfile - wsgi:app

# Every test on SQLite, then the HTTP-level suite again on a throw-away PostgreSQL server (when
# Debian's postgresql is installed; under CI a missing one fails the run).
test: install clients
	$(VENV)/bin/flake8
	OL_CLIENTS=required $(PY) -m pytest -q -n auto
	$(PY) -m openloyalty_standin.app.testing.postgresql $(PY) -m pytest -q -n auto -m "not sqlite_only" tests

contract-deep: install
	CONTRACT_EXAMPLES=200 CONTRACT_STATEFUL_EXAMPLES=200 $(PY) -m pytest -q -n auto contract

fuzz: install
	CONTRACT_MODE=negative CONTRACT_EXAMPLES=$(or $(EXAMPLES),400) $(PY) -m pytest -q -n auto contract/test_contract.py

reliability: install
	RELIABILITY_SCALE=$(or $(SCALE),10) $(PY) -m pytest -q -s -m reliability tests/reliability
	PARALLEL_RUNS=20 $(PY) -m pytest -q tests/test_parallel_recipes.py
	CONTRACT_MODE=negative CONTRACT_EXAMPLES=$(or $(EXAMPLES),400) $(PY) -m pytest -q -n auto contract/test_contract.py

bench: install
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
		|| echo "wrk is missing (apt-get install wrk): the load figures are skipped"
	@command -v npx >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } \
		|| echo "npx is missing (apt-get install nodejs npm): Prism and json-server are skipped"
	$(PY) -m bench.peers
	@[ -n "$$OL_TEST_POSTGRESQL" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } \
		|| echo "PostgreSQL is missing (apt-get install postgresql): the scale step measures SQLite only"
	$(PY) -m bench.run $(BENCH_ARGS)

contract-live: install
	CONTRACT_URL=$(URL) $(PY) -m pytest -q -p no:cacheprovider contract/test_live.py

openapi: install
	$(VENV)/bin/flask --app wsgi openapi -o contract/openapi.json

seed: install
	$(VENV)/bin/flask --app wsgi seed

reset: install
	$(VENV)/bin/flask --app wsgi seed --reset

clean:
	rm -rf $(VENV) $(CLIENTS_VENV) $(TS_CLIENT)/node_modules instance *.egg-info
