#!/usr/bin/env bash
# Set up everything Handhaving needs on a fresh Debian 12 machine.
#   scripts/setup.sh run   – app: SpatiaLite, venv, npm assets
#   scripts/setup.sh test  – also PostgreSQL + PostGIS and Chromium for the tests
# Idempotent: installs only what is missing.
set -euo pipefail
MODE=${1:-run}
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# WeasyPrint (rapporten) needs Pango and a font; harfbuzz-subset keeps the PDFs small.
PKGS=(python3-venv libsqlite3-mod-spatialite nodejs npm libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "$MODE" = "test" ]; then
  # poppler-utils: the tests read generated PDFs with pdftotext.
  PKGS+=(postgresql postgresql-15-postgis-3 chromium redis-server poppler-utils)
fi
missing=()
for p in "${PKGS[@]}"; do
  # node/npm may come from elsewhere (e.g. NodeSource); accept any working binary.
  if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
  # "install ok installed" only: a removed package keeps its config and still answers dpkg -s.
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Systeempakketten installeren: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's python3 can load SQLite extensions (SpatiaLite); pyenv builds often cannot.
if [ ! -x .venv/bin/python ]; then
  echo "==> Python-omgeving maken (.venv)"
  /usr/bin/python3 -m venv .venv
fi
REQ=requirements.txt
[ "$MODE" = "test" ] && REQ=requirements-dev.txt
stamp=".venv/.installed-$(sha256sum "$REQ" requirements.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "==> Python-pakketten installeren ($REQ)"
  .venv/bin/pip install -q --disable-pip-version-check -r "$REQ"
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -e .
  touch "$stamp"
fi

lockstamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$lockstamp" ]; then
  echo "==> Front-end-pakketten installeren (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lockstamp"
fi
.venv/bin/python scripts/vendor_assets.py

mkdir -p instance
if [ ! -s instance/secret_key ]; then
  # A random key per installation; production sets SECRET_KEY instead.
  .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(48))" > instance/secret_key
  chmod 600 instance/secret_key
fi

if [ "$MODE" = "test" ]; then
  # The job queue's Redis backend is tested against a real server on 127.0.0.1.
  if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  fi
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters -h | grep -q '^15 *main' || $SUDO pg_createcluster 15 main >/dev/null
    $SUDO pg_ctlcluster 15 main status >/dev/null 2>&1 || $SUDO pg_ctlcluster --skip-systemctl-redirect 15 main start
  fi
fi
