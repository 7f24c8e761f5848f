"""A queue per test on huey's real storage: a fresh SqliteHuey file, or a Redis
queue with a name of its own on 127.0.0.1:6379 (flushed afterwards)."""
from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from handhaving.jobs.queue import JobQueue, make_huey
from tests.jobs.voorbeeldtaken import RUNS

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def make_queue(app, backend: str, tmp_path) -> JobQueue:
    config = {"JOBS_BACKEND": backend, "INSTANCE_DIR": str(tmp_path), "DATABASE_URL": app.config["DATABASE_URL"],
              "JOBS_NAME": f"handhaving_test_{uuid.uuid4().hex[:12]}", "REDIS_URL": REDIS_URL}
    return JobQueue(app, make_huey(config))


# huey's PostgreSQL storage (tables ``taken_*`` next to the app's) when the tests run on PostgreSQL.
BACKENDS = ["sqlite", "redis"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
                                  else [])


@pytest.fixture(params=BACKENDS)
def queue(request, app, db, tmp_path):
    """The app's queue for this test, on the backend of the parameter."""
    if request.param == "redis" and not _redis_available():
        pytest.skip("Redis draait niet op 127.0.0.1:6379")
    q = make_queue(app, request.param, tmp_path)
    previous = app.extensions.get("handhaving_jobs")
    app.extensions["handhaving_jobs"] = q
    RUNS.clear()
    try:
        yield q
    finally:
        q.huey.flush()
        if previous is None:
            app.extensions.pop("handhaving_jobs", None)
        else:
            app.extensions["handhaving_jobs"] = previous


@pytest.fixture
def sqlite_queue(app, db, tmp_path):
    q = make_queue(app, "sqlite", tmp_path)
    previous = app.extensions.get("handhaving_jobs")
    app.extensions["handhaving_jobs"] = q
    RUNS.clear()
    yield q
    app.extensions["handhaving_jobs"] = previous


def drain(q: JobQueue, limit: int = 50) -> int:
    """What huey's worker does, in this thread: dequeue → execute, until the queue
    is empty. Scheduled retries are taken at once (the clock is set a day ahead)."""
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    for executed in range(limit):
        for task in q.huey.read_schedule(later):
            q.huey.enqueue(task)
        task = q.huey.dequeue() if q.huey.pending_count() else None
        if task is None:
            return executed
        q.huey.execute(task, later)
    raise AssertionError("de wachtrij raakt niet leeg")
