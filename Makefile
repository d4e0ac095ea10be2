# Làng Số — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

.PHONY: demo serve install install-dev test test-postgres lint bench bench-province messages clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(UV): $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==0.9.0

# Runtime dependencies only, exactly as locked.
install: $(UV)
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	@$(PY) -c "import django" >/dev/null

# Runtime plus test and lint tools, exactly as locked.
install-dev: $(UV)
	$(UV) pip sync --quiet --python $(PY) requirements-dev.lock

## demo: install, migrate SQLite under var/, load the real units, the curriculum and the demo province,
## generate read-aloud audio (when espeak-ng is installed), serve on :8000 with a background worker
## (db_worker: exports are made there), stopped together with gunicorn
demo: install
	$(PY) manage.py migrate --no-input -v 1
	$(PY) manage.py load_units
	$(PY) manage.py load_curriculum
	$(PY) manage.py load_indicators
	$(PY) manage.py load_demo
	$(PY) manage.py generate_narration
	$(PY) manage.py collectstatic --no-input -v 0
	@echo "Serving Làng Số on http://$(HOST):$(PORT) (gunicorn + WhiteNoise, db_worker). Ctrl-C to stop."
	$(PY) manage.py db_worker --queue-name '*' --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn langso.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -

## test: install what the tests need and run them all (SQLite unless DATABASE_URL is set).
## Browser tests (and the few that commit from several threads) run in their own pass: they commit
## data and flush it after, which would empty the tables under the parallel pass's other tests.
test: install-dev
	$(PY) -m pytest -n 2 --dist loadfile -q -m "not browser and not serial"
	$(PY) -m pytest -q -m "browser or serial"

test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/langso $(MAKE) test

lint: install-dev
	$(VENV)/bin/ruff check langso bench
	$(VENV)/bin/ruff format --check langso bench
	$(VENV)/bin/mypy langso

## bench: every benchmark under bench/, each writing its figures to docs/BENCHMARKS.md
bench: install-dev
	$(PY) bench/run_all.py

## bench-province: the reporting benchmark on a synthetic province of 1.5 M residents (PostgreSQL,
## about 8 minutes: build with COPY, rebuild, dashboards against a naive GROUP BY, incremental updates)
bench-province: install-dev
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/langso} $(PY) bench/province.py

messages: install-dev
	cd langso && ../$(PY) ../manage.py makemessages -l vi -l en -l id --no-obsolete --no-location && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf var/static var/*.sqlite3* var/test_*
