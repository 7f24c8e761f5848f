#!/usr/bin/env bash
# make run: the background-job worker (huey, SQLite queue file in instance/) in
# the background and gunicorn in the foreground. When gunicorn stops (Ctrl+C),
# the worker is stopped too, after the jobs it is running have finished.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}

# Its own session: Ctrl+C goes to gunicorn only, and the trap below sends the
# worker one SIGINT (huey's graceful stop; a second one would cut jobs short).
setsid .venv/bin/flask --app handhaving taken worker --workers "${JOB_WORKERS:-2}" &
worker=$!
stop_worker() {
  if kill -0 "$worker" 2>/dev/null; then
    kill -INT "$worker" 2>/dev/null || true
    wait "$worker" 2>/dev/null || true
  fi
}
trap stop_worker EXIT

.venv/bin/gunicorn --workers 2 --bind "$HOST:$PORT" --access-logfile - 'handhaving:create_app()'
