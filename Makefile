# The two commands a newcomer types: `make run` and `make test`. Each installs what it
# needs (Debian packages, the virtual environment) and skips what is already there.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format system-deps venv bench bench-pdf bench-http clean

# The venv is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# unoserver (warm LibreOffice for drafter.pdf) must run under Debian's python3, the one
# with `uno`: a venv of its own over the system site-packages, made once.
UNO_VENV := .venv-uno
UNO_STAMP := $(UNO_VENV)/.installed
$(UNO_STAMP):
	test -x $(UNO_VENV)/bin/python || /usr/bin/python3 -m venv --system-site-packages $(UNO_VENV)
	$(UNO_VENV)/bin/pip install -q --disable-pip-version-check 'unoserver>=3.0,<4'
	touch $(UNO_STAMP)

system-deps:
	@tools/system-deps.sh

run: system-deps $(STAMP) $(UNO_STAMP)
	$(VENV)/bin/drafter serve

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: system-deps $(STAMP) $(UNO_STAMP) lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/render.py

bench-http: $(STAMP)
	@tools/system-deps.sh wrk
	$(PY) bench/http.py

bench-pdf: system-deps $(STAMP) $(UNO_STAMP)
	$(PY) bench/pdf.py

clean:
	rm -rf $(VENV) $(UNO_VENV) out .pytest_cache .ruff_cache .hypothesis
