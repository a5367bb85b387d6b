# The two commands a newcomer types: `make run` and `make test` (and `make test-fast` while
# working). Each installs what it needs (Debian packages, the virtual environments) and
# skips what is already there.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := -m pip install -q --disable-pip-version-check
DEPS_STAMP := $(VENV)/.locked
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format lock system-deps venv bench bench-pdf bench-http clean

# Reproducible install. Every Python package the venv holds, runtime and dev tools and the
# build backend, is pinned with its hashes in requirements.lock (.venv-uno's in
# requirements-uno.lock). The venvs install exactly those with `pip install
# --require-hashes`, then drafter itself with --no-deps --no-build-isolation, so a fresh
# clone runs on the versions the tests passed with and nothing else is downloaded.
#
# The locks are made by `uv pip compile --generate-hashes` (`make lock`), rather than
# pip-tools' pip-compile: uv resolves once for every platform and Python from 3.11 up
# (--universal), records the hashes of every file of each pinned release (so the lock
# installs wherever the wheels exist), ignores pip's configuration (a machine's mirrors
# or find-links never leak into the lock), keeps the existing pins unless told to move
# them, and takes a second. It is one binary wheel with no dependencies, pinned in the
# lock itself (the dev extra), so the tool that writes the lock is as reproducible as
# what the lock holds, and is never a runtime dependency; its output is a plain
# requirements file that stock pip installs.
LOCK := requirements.lock
UNO_LOCK := requirements-uno.lock

# The locked packages; rebuilt when the lock changes.
$(DEPS_STAMP): $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) $(PIP_INSTALL) --require-hashes -r $(LOCK)
	touch $(DEPS_STAMP)

# drafter itself (editable), and a check that the lock satisfies pyproject.toml.
$(STAMP): $(DEPS_STAMP) pyproject.toml
	$(PY) $(PIP_INSTALL) --no-deps --no-build-isolation -e .
	@$(PY) -m pip check || { echo "$(LOCK) does not satisfy pyproject.toml: run make lock" >&2; exit 1; }
	touch $(STAMP)

venv: $(STAMP)

# unoserver (warm LibreOffice for drafter.pdf) must run under Debian's python3, the one
# with `uno`: a venv of its own over the system site-packages, made once, from its lock.
UNO_VENV := .venv-uno
UNO_STAMP := $(UNO_VENV)/.installed
UNO_REQUIREMENT := unoserver>=3.0,<4
$(UNO_STAMP): $(UNO_LOCK)
	test -x $(UNO_VENV)/bin/python || /usr/bin/python3 -m venv --system-site-packages $(UNO_VENV)
	$(UNO_VENV)/bin/python $(PIP_INSTALL) --require-hashes -r $(UNO_LOCK)
	touch $(UNO_STAMP)

# `make lock` after changing dependencies in pyproject.toml (or UNO_REQUIREMENT): the
# locks are resolved again, every pin that still fits kept. `make lock UPGRADE=1` moves
# every package to the newest release allowed. Commit the lock files with the change.
# pyproject's [build-system] requires are locked too: drafter is built without isolation.
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)
BUILD_REQUIRES := $(VENV)/build-system-requires.txt

lock: $(DEPS_STAMP)
	$(PY) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' > $(BUILD_REQUIRES)
	$(UV_COMPILE) pyproject.toml $(BUILD_REQUIRES) --extra dev -o $(LOCK)
	echo '$(UNO_REQUIREMENT)' | $(UV_COMPILE) - -o $(UNO_LOCK)

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

# The whole suite: lint, unit, browser, PDF, PostgreSQL, servers. What .ci/run calls.
test: system-deps $(STAMP) $(UNO_STAMP) lint
	$(PY) -m pytest

# The loop while working: lint and every test not marked `slow` (those start LibreOffice,
# Chromium, PostgreSQL or a server process), spread over the cores by pytest-xdist
# (`make test-fast WORKERS=0` runs them in one process). Needs neither the Debian packages
# nor .venv-uno; a test that starts one of them without the marker fails (tests/conftest.py).
WORKERS ?= auto
test-fast: $(STAMP) lint
	$(PY) -m pytest -m "not slow" -n $(WORKERS)

bench: $(STAMP)
	$(PY) bench/render.py

bench-http: $(STAMP)
	@tools/system-deps.sh wrk
	$(PY) bench/http.py

bench-pdf: system-deps $(STAMP) $(UNO_STAMP)
	$(PY) bench/pdf.py

clean:
	rm -rf $(VENV) $(UNO_VENV) out .pytest_cache .ruff_cache .hypothesis
