"""Storage test set-up: an S3-compatible server (moto) on 127.0.0.1, started once
per test session, and the ``opslag`` fixture that runs a test on both backends."""
from __future__ import annotations

import socket
import uuid

import pytest

from handhaving.storage.base import shard_path
from handhaving.storage.local import LokaleOpslag

REGION = "eu-west-1"
KEY_ID, SECRET = "handhaving-test", "handhaving-test-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 in server mode: real HTTP on loopback, nothing outside this machine."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def make_s3(endpoint: str, **kwargs):
    """An S3Opslag on a new, empty bucket."""
    from handhaving.storage.s3 import S3Opslag

    bucket = f"handhaving-test-{uuid.uuid4().hex[:12]}"
    opslag = S3Opslag(bucket, endpoint_url=endpoint, region=REGION, access_key_id=KEY_ID,
                      secret_access_key=SECRET, **kwargs)
    opslag.client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    return opslag


@pytest.fixture(params=["lokaal", "s3"])
def opslag(request, tmp_path):
    """Each test with this fixture runs once per backend: the same suite for both."""
    if request.param == "lokaal":
        return LokaleOpslag(tmp_path / "bestanden")
    return make_s3(request.getfixturevalue("s3_endpoint"))


def stored_keys(opslag) -> list[str]:
    """What the backend really holds, read past the interface."""
    if isinstance(opslag, LokaleOpslag):
        if not opslag.root.exists():
            return []
        return sorted(str(p.relative_to(opslag.root)) for p in opslag.root.rglob("*") if p.is_file())
    listing = opslag.client.list_objects_v2(Bucket=opslag.bucket)
    return sorted(o["Key"] for o in listing.get("Contents", []))


def overwrite_raw(opslag, key: str, data: bytes) -> None:
    """Change a stored blob behind the interface's back (bit rot, tampering)."""
    if isinstance(opslag, LokaleOpslag):
        path = opslag.root / shard_path(key)
        path.chmod(0o600)
        path.write_bytes(data)
    else:
        opslag.client.put_object(Bucket=opslag.bucket, Key=shard_path(key), Body=data)
