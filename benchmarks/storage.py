#!/usr/bin/env python3
"""Speed of the file storage: writing and reading a 5 MB photo on both backends.

    .venv/bin/python benchmarks/storage.py [--runs 20] [--size-mb 5]

* lokaal: LokaleOpslag in a temporary directory (temp file, fsync, rename);
* s3: S3Opslag against moto's S3 server, started as a separate process on
  127.0.0.1 (the same server the tests use; a real store adds its network).

Per backend: ``put`` of new content (hash, checksum, write), ``put`` of content
that is already there (the no-op), and ``get`` (read everything and verify the
SHA-256). Also ``controleer_upload`` of a 12-megapixel JPEG (decode, strip EXIF,
encode again), which runs before every photo is stored. Prints a Markdown table
and writes benchmarks/results/storage.json. See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import os
import platform
import socket
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

from handhaving.storage.local import LokaleOpslag  # noqa: E402
from handhaving.storage.s3 import S3Opslag  # noqa: E402
from handhaving.storage.uploads import FOTO, controleer_upload  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
REGION = "eu-west-1"
WARMUP = 2


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest rank: a value that was really measured."""
    return sorted_values[max(1, math.ceil(q * len(sorted_values))) - 1]


def summarise(samples_ms: list[float]) -> dict:
    values = sorted(samples_ms)
    return {"count": len(values), "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 0.95), 2), "max_ms": round(values[-1], 2)}


def timed_ms(fn, *args) -> tuple[object, float]:
    t0 = time.perf_counter_ns()
    result = fn(*args)
    return result, (time.perf_counter_ns() - t0) / 1e6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("moto_server kwam niet op binnen 30 s")


def photo_like_jpeg(target_bytes: int) -> bytes:
    """A 12-megapixel JPEG of noise and gradients, about ``target_bytes`` large."""
    from PIL import Image

    w, h = 4032, 3024
    img = Image.merge("RGB", (Image.effect_noise((w // 4, h // 4), 40).resize((w, h), Image.BICUBIC),
                              Image.linear_gradient("L").resize((w, h)), Image.effect_noise((w, h), 20)))
    for quality in (85, 88, 90, 92, 94, 95, 96):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality)
        if buf.tell() >= target_bytes:
            break
    return buf.getvalue()


def bench_backend(opslag, runs: int, size: int) -> dict:
    blobs = [os.urandom(size) for _ in range(runs + WARMUP)]  # incompressible, like a JPEG
    put_new, put_again, get = [], [], []
    for i, blob in enumerate(blobs):
        stored, ms_put = timed_ms(opslag.put, blob)
        _, ms_again = timed_ms(opslag.put, blob)
        data, ms_get = timed_ms(opslag.get, stored.key)
        assert data == blob and stored.created
        if i >= WARMUP:
            put_new.append(ms_put)
            put_again.append(ms_again)
            get.append(ms_get)
    return {"put (nieuw)": summarise(put_new), "put (al aanwezig)": summarise(put_again),
            "get (lezen + SHA-256)": summarise(get)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--size-mb", type=float, default=5.0)
    args = parser.parse_args()
    size = int(args.size_mb * 1024 * 1024)

    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["lokaal"] = bench_backend(LokaleOpslag(Path(tmp) / "bestanden"), args.runs, size)

    proc, endpoint = start_moto()
    try:
        bucket = f"handhaving-bench-{uuid.uuid4().hex[:8]}"
        s3 = S3Opslag(bucket, endpoint_url=endpoint, region=REGION, access_key_id="bench",
                      secret_access_key="bench")
        s3.client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        results["s3 (moto, 127.0.0.1)"] = bench_backend(s3, args.runs, size)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    jpeg = photo_like_jpeg(size)
    checks = []
    for i in range(args.runs + WARMUP):
        _, ms = timed_ms(controleer_upload, jpeg, FOTO)
        if i >= WARMUP:
            checks.append(ms)
    results["controle"] = {f"controleer_upload foto ({len(jpeg) / 1e6:.1f} MB JPEG, 4032×3024)":
                           summarise(checks)}

    print(f"\n{args.runs} metingen per regel (na {WARMUP} opwarmrondes), blob {size / 1024 / 1024:.1f} MiB\n")
    print("| Backend | Meting | mediaan ms | p95 ms | max ms |")
    print("|---|---|---:|---:|---:|")
    for backend, rows in results.items():
        for name, s in rows.items():
            print(f"| {backend} | {name} | {s['median_ms']:.1f} | {s['p95_ms']:.1f} | {s['max_ms']:.1f} |")

    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "runs": args.runs, "blob_bytes": size}
    (RESULTS / "storage.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))


if __name__ == "__main__":
    main()
