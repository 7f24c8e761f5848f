#!/usr/bin/env python3
"""Round-trip time of a background job, enqueue → done, with the real worker process.

    .venv/bin/python benchmarks/jobs.py [--jobs 200] [--runs 3] [--backends sqlite,redis]

Per backend: a throw-away SQLite database migrated to head, then the worker as
production runs it (``flask --app handhaving taken worker --workers 2`` in a
process of its own) and, in this process, jobs enqueued through
``handhaving.jobs.queue.enqueue`` in a ``unit_of_work`` (so the message goes to
huey at commit). The job is ``taken.ping`` (an empty body), so the figures are
the queue's own cost: commit, huey storage, the worker picking it up, the claim
and "klaar" transactions.

* sequential: one job at a time, the next after the previous is done (what a
  user waiting for one PDF sees). Time = ``klaar_op - aangemaakt_op`` of the
  row, both stamped by ``utcnow()`` on this machine, so polling adds nothing.
* idle: ``--idle`` jobs, each after a 2 s pause, when the worker's polling of
  the SQLite file has slowed down to its maximum interval (0.5 s).
* burst: ``--jobs`` jobs enqueued as fast as one process can (one transaction
  each), time until the last is done → jobs per second.

Prints a Markdown table: per backend the median over ``--runs`` runs of each
run's p50 / p95 / max and throughput. See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # runnable from any directory

REDIS_URL = "redis://127.0.0.1:6379/15"


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile: a value that was really measured."""
    k = max(0, min(len(sorted_values) - 1, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def migrate(url: str) -> None:
    from alembic import command

    from handhaving.cli import alembic_config

    command.upgrade(alembic_config(url), "head")


class Bench:
    def __init__(self, backend: str, workdir: Path, workers: int):
        self.backend = backend
        self.name = f"handhaving_bench_{uuid.uuid4().hex[:8]}"
        self.url = f"sqlite:///{workdir / 'bench.db'}"
        self.config = {"DATABASE_URL": self.url, "INSTANCE_DIR": str(workdir), "JOBS_BACKEND": backend,
                       "JOBS_NAME": self.name, "REDIS_URL": REDIS_URL}
        env = {**os.environ, "DATABASE_URL": self.url, "HANDHAVING_INSTANCE": str(workdir),
               "JOBS_BACKEND": backend, "JOBS_NAME": self.name, "REDIS_URL": REDIS_URL}
        self.log = workdir / "worker.log"
        with open(self.log, "wb") as log:  # the child keeps its own copy of the descriptor
            self.worker = subprocess.Popen(
                [str(ROOT / ".venv" / "bin" / "flask"), "--app", "handhaving", "taken", "worker",
                 "--workers", str(workers)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)

        from handhaving import create_app

        self.app = create_app(self.config)
        self.ctx = self.app.app_context()
        self.ctx.push()

    def enqueue(self) -> str:
        from handhaving.db import unit_of_work
        from handhaving.jobs.ping import ping
        from handhaving.jobs.queue import enqueue

        sleutel = f"bench:{uuid.uuid4().hex}"
        with unit_of_work() as session:
            enqueue(session, ping, sleutel=sleutel)
        return sleutel

    def wait(self, sleutels: list[str], timeout: float = 120) -> list[float]:
        """Block until every key is done; return each job's round trip in ms."""
        from sqlalchemy import select

        from handhaving.db import unit_of_work
        from handhaving.jobs.models import Achtergrondtaak, TaakStatus

        deadline = time.monotonic() + timeout
        while True:
            with unit_of_work(write=False) as session:
                rows = session.execute(
                    select(Achtergrondtaak.status, Achtergrondtaak.aangemaakt_op, Achtergrondtaak.klaar_op)
                    .where(Achtergrondtaak.taak_sleutel.in_(sleutels))).all()
            if len(rows) == len(sleutels) and all(r.status == TaakStatus.KLAAR for r in rows):
                return [(r.klaar_op - r.aangemaakt_op).total_seconds() * 1000 for r in rows]
            if any(r.status == TaakStatus.MISLUKT for r in rows):
                raise RuntimeError("een benchmarktaak is mislukt")
            if time.monotonic() > deadline or self.worker.poll() is not None:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"de worker voert de taken niet uit; laatste log:\n{tail}")
            time.sleep(0.002)

    def sequential(self, n: int) -> list[float]:
        return [self.wait([self.enqueue()])[0] for _ in range(n)]

    def idle(self, n: int, pause: float) -> list[float]:
        """Jobs that find the worker idle (its SQLite polling slowed down to max_delay)."""
        times = []
        for _ in range(n):
            time.sleep(pause)
            times.append(self.wait([self.enqueue()])[0])
        return times

    def burst(self, n: int) -> tuple[float, float]:
        """(jobs per second, ms from first enqueue to last done)."""
        start = time.perf_counter()
        sleutels = [self.enqueue() for _ in range(n)]
        self.wait(sleutels)
        total = time.perf_counter() - start
        return n / total, total * 1000

    def close(self) -> None:
        from handhaving.jobs.queue import get_queue

        self.worker.send_signal(2)  # SIGINT: huey's graceful stop
        try:
            self.worker.wait(15)
        except subprocess.TimeoutExpired:
            self.worker.kill()
        get_queue(self.app).huey.flush()  # Redis: remove this run's keys
        self.ctx.pop()
        self.app.extensions["handhaving_db"].engine.dispose()


def redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=200, help="jobs per measurement (200)")
    parser.add_argument("--runs", type=int, default=3, help="runs per backend; the table shows the median (3)")
    parser.add_argument("--warmup", type=int, default=10, help="jobs not counted, per run (10)")
    parser.add_argument("--idle", type=int, default=10, help="jobs after a 2 s pause, per run (10)")
    parser.add_argument("--workers", type=int, default=2, help="worker threads (2)")
    parser.add_argument("--backends", default="sqlite,redis")
    args = parser.parse_args()

    import logging
    logging.disable(logging.INFO)  # huey logs every job; keep the output to the table

    rows = []
    for backend in args.backends.split(","):
        if backend == "redis" and not redis_available():
            print(f"Redis niet bereikbaar op {REDIS_URL}: overgeslagen", file=sys.stderr)
            continue
        runs = []
        for run in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="hh-jobs-") as tmp:
                migrate(f"sqlite:///{Path(tmp) / 'bench.db'}")
                bench = Bench(backend, Path(tmp), args.workers)
                try:
                    bench.sequential(args.warmup)
                    seq = sorted(bench.sequential(args.jobs))
                    rate, burst_ms = bench.burst(args.jobs)
                    idle = sorted(bench.idle(args.idle, 2.0))
                finally:
                    bench.close()
            runs.append({"p50": percentile(seq, 50), "p95": percentile(seq, 95), "max": seq[-1],
                         "rate": rate, "burst_ms": burst_ms, "idle_p50": percentile(idle, 50),
                         "idle_max": idle[-1]})
            print(f"  {backend} run {run + 1}: p50 {runs[-1]['p50']:.1f} ms, p95 {runs[-1]['p95']:.1f} ms, "
                  f"burst {rate:.0f} taken/s", file=sys.stderr)
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        rows.append((backend, med))

    print(f"\n{args.jobs} taken per meting, {args.workers} worker-threads, mediaan van {args.runs} runs:\n")
    print("| Backend | p50 ms | p95 ms | max ms | na 2 s rust: p50 / max ms | burst taken/s |")
    print("|---|---:|---:|---:|---:|---:|")
    label = {"sqlite": "SQLite (`taken.db`, ingebouwd)", "redis": "Redis (127.0.0.1)",
             "postgres": "PostgreSQL"}
    for backend, m in rows:
        print(f"| {label.get(backend, backend)} | {m['p50']:.1f} | {m['p95']:.1f} | {m['max']:.1f} | "
              f"{m['idle_p50']:.0f} / {m['idle_max']:.0f} | {m['rate']:.0f} |")


if __name__ == "__main__":
    main()
