#!/usr/bin/env bash
# Create a throw-away PostgreSQL + PostGIS database for the test suite.
# PostGIS must be created by a superuser; the app role owns the database.
set -euo pipefail
DB=${1:-handhaving_test}
run_psql() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "psql -v ON_ERROR_STOP=1 -q $*"; else sudo -u postgres psql -v ON_ERROR_STOP=1 -q "$@"; fi
}
run_psql <<SQL
DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='handhaving') THEN
  CREATE ROLE handhaving LOGIN PASSWORD 'handhaving'; END IF; END\$\$;
-- The runtime role: may only INSERT into audit_log (see flask db grant-app-role).
DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='handhaving_app') THEN
  CREATE ROLE handhaving_app LOGIN PASSWORD 'handhaving_app'; END IF; END\$\$;
GRANT handhaving_app TO handhaving;
DROP DATABASE IF EXISTS $DB WITH (FORCE);
CREATE DATABASE $DB OWNER handhaving;
\c $DB
CREATE EXTENSION postgis;
SQL
echo "postgresql+psycopg://handhaving:handhaving@127.0.0.1:5432/$DB"
