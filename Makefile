# Two entry points: `make demo` and `make test`. Everything else is a helper.
# `make test` runs every test; `make test-fast` only the unit tier (no servers, browsers or
# subprocesses: tests not marked `live`, see tests/conftest.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= demo-out

.PHONY: demo test test-fast install browser redis clean docs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Playwright's own browser download first (works on most machines); Debian's chromium otherwise.
browser: $(STAMP)
	@bash scripts/ensure-chromium.sh $(BIN)

# Debian's redis-server for the distributed-crawl tests (installed only when missing).
redis:
	@bash scripts/ensure-redis.sh

demo: $(STAMP)
	$(BIN)/zwgk demo --out $(DEMO_OUT)

test: $(STAMP) browser redis
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not live"

docs: $(STAMP)
	$(BIN)/zwgk rules --markdown --output docs/rules.md

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache
