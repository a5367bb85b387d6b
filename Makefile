# The two commands a newcomer types: `make run` and `make test`. Each installs what it
# needs (Debian packages, the virtual environment) and skips what is already there.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format system-deps venv bench clean

# The venv is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	@tools/system-deps.sh

run: system-deps $(STAMP)
	$(VENV)/bin/drafter render-examples tests/fixtures/examples -o out

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: system-deps $(STAMP) lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/render.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
