# Every target bootstraps .venv itself, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install run test test-live test-fast test-durability lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	PORT=$(PORT) $(BIN)/ldncare serve

test: $(STAMP)
	$(BIN)/ldncare knowledge check
	$(BIN)/pytest -n 2 --dist loadgroup -m "not durability and not live"

# Starts the real server and task worker, kill -9s them under load and checks
# nothing acknowledged was lost or doubled (about a minute; SQLite, or
# PostgreSQL when DATABASE_URL is set).
test-durability: $(STAMP)
	$(BIN)/pytest tests/durability -m durability -p no:randomly -n 0 -q

# Tests against a live gunicorn (schemathesis as every role, request limits), on
# the database of DATABASE_URL (SQLite when unset). .ci/run calls it per database.
test-live: $(STAMP)
	$(BIN)/pytest tests/live -m live -p no:randomly -n 0 -q

test-fast: $(STAMP)
	$(BIN)/pytest tests/core -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var/*.sqlite3*
