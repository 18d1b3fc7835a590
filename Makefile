# tradeclaims: `make run` serves on SQLite, `make test` runs every test on SQLite and a throwaway PostgreSQL.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# uv installs exactly what uv.lock pins; uv itself is pinned here and kept in its own venv,
# so that `uv sync` (which removes whatever the lock does not list) never removes it
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
# the machine's Python, never one that uv would download
export UV_PYTHON_DOWNLOADS := never
PORT ?= 8000
DATABASE_URL ?= sqlite:///./data/tradeclaims.db
export DATABASE_URL

.PHONY: help install lock run test eval eval-real eval-outside bench lint format clean vendor-js screenshot

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

# --locked: refuse a uv.lock that no longer matches pyproject.toml (run `make lock`);
# --compile-bytecode: every process starts from compiled packages, even where the environment
# says PYTHONDONTWRITEBYTECODE (each CLI call, server and worker process would otherwise
# compile its ~900 modules again: about 2 s a start)
# A .venv that uv did not make (python -m venv, before the lock) keeps the setuptools and pip
# it was seeded with, which uv sync leaves alone: it is made again, by uv.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	@grep -qs '^uv = ' $(VENV)/pyvenv.cfg || rm -rf $(VENV)
	$(UV) sync --locked --compile-bytecode --extra dev --python $(PYTHON)
	touch $@

install: $(VENV)/.installed ## create .venv with exactly the versions of uv.lock, dev tools included

lock: $(UV) ## re-resolve uv.lock from pyproject.toml (after changing a dependency)
	$(UV) lock --python $(PYTHON)

run: $(VENV)/.installed ## migrate, then serve on 127.0.0.1:$(PORT) (DATABASE_URL, default SQLite in ./data)
	$(VENV)/bin/alembic upgrade head
	$(VENV)/bin/uvicorn app.main:app --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed ## all tests, on SQLite and a throwaway PostgreSQL it starts and stops; pages in headless Chromium
	scripts/ensure-chromium.sh
	$(PY) -m compileall -q app  # the servers, CLI calls and workers the tests start
	TRADECLAIMS_REQUIRE_POSTGRES=1 TRADECLAIMS_REQUIRE_BROWSER=1 scripts/with-postgres.sh $(PY) -m pytest

eval: $(VENV)/.installed ## score the extractor on the synthetic and real sets (writes benchmarks/eval.json)
	$(PY) -m app.extract.evaluate --out benchmarks/eval.json

eval-real: $(VENV)/.installed ## score the extractor on the real-article set (tests/data/real; names uncached texts)
	$(PY) -m app.extract.evaluate --set real

eval-outside: $(VENV)/.installed ## score the gazetteer on lists kept apart from the project (tests/data/outside)
	$(PY) -m app.extract.outside

bench: $(VENV)/.installed ## benchmarks against a throwaway PostgreSQL (writes benchmarks/RESULTS.md)
	scripts/with-postgres.sh $(PY) -m benchmarks.run

lint: $(VENV)/.installed ## ruff and mypy
	$(VENV)/bin/ruff check app tests benchmarks scripts migrations
	$(VENV)/bin/ruff format --check app tests benchmarks scripts migrations
	$(VENV)/bin/mypy

format: $(VENV)/.installed ## apply ruff's formatting and fixes
	$(VENV)/bin/ruff check --fix app tests benchmarks scripts migrations
	$(VENV)/bin/ruff format app tests benchmarks scripts migrations

vendor-js: ## fetch the pair page's chart library (pinned d3, Observable Plot) from npm into app/static/vendor
	scripts/vendor-js.sh

screenshot: $(VENV)/.installed ## docs/pair-page.png: the pair page of the examples, in headless Chromium
	scripts/ensure-chromium.sh
	$(PY) scripts/pair_page_screenshot.py

clean: ## remove the virtualenvs and caches
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
