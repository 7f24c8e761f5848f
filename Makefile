# The two commands of the README. Both do all set-up on a fresh Debian 12 machine.
.PHONY: run test test-sqlite test-postgres bench setup setup-test

PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000

setup:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

## make run: install, migrate, seed demo data when empty, serve on http://127.0.0.1:5000 with the job worker
run: setup
	.venv/bin/flask --app handhaving db upgrade
	.venv/bin/flask --app handhaving demo seed --if-empty
	@echo "==> Handhaving draait op http://$(HOST):$(PORT), met de worker voor achtergrondtaken  (stoppen: Ctrl+C)"
	HOST=$(HOST) PORT=$(PORT) scripts/run.sh

## make test: install test tools, throw-away PostgreSQL database, whole suite on both databases
# Both databases at once, one per core: each run is one process, so -j2 halves the wall time.
# Tests marked eigen_sqlite start their own server on their own SQLite database whatever the run,
# so the PostgreSQL run would repeat them unchanged; they run once, in the SQLite run.
test: setup-test
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite:
	@echo "==> Tests op SQLite + SpatiaLite"
	$(PY) -m pytest -q

test-postgres:
	@echo "==> Tests op PostgreSQL + PostGIS"
	@url=$$(scripts/test_db.sh handhaving_test | tail -n1); \
	burl=$$(scripts/test_db.sh handhaving_browser | tail -n1); \
	case "$$url$$burl" in postgresql*postgresql*) ;; *) echo "Kon de PostgreSQL-testdatabases niet maken"; exit 1;; esac; \
	TEST_DATABASE_URL=$$url TEST_BROWSER_DATABASE_URL=$$burl $(PY) -m pytest -q -m "not eigen_sqlite"

## make bench: speed figures (argon2, address search, BAG import at 300 000, jobs, storage, controles, permits, history, offline sync, map layers, import header checks)
bench: setup-test
	$(PY) benchmarks/run.py
	$(PY) benchmarks/bag_import.py
	$(PY) benchmarks/jobs.py
	$(PY) benchmarks/storage.py
	$(PY) benchmarks/rapport.py
	$(PY) benchmarks/controles.py
	$(PY) benchmarks/vergunningen.py
	$(PY) benchmarks/historie.py
	$(PY) benchmarks/offline.py
	$(PY) benchmarks/kaart.py
	$(PY) benchmarks/import_kopregel.py
	$(PY) benchmarks/tablet.py
