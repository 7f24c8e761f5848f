"""The storage interface: one suite, run on the local and the S3 backend (moto on 127.0.0.1)."""
from __future__ import annotations

import base64
import hashlib
import io
import os
import stat
from pathlib import Path

import pytest

from handhaving.config import ConfigError
from handhaving.storage import (
    BestandBeschadigd, BestandNietGevonden, OngeldigeSleutel, OpslagFout, build_opslag, get_opslag,
)
from handhaving.storage.base import shard_path
from handhaving.storage.local import LokaleOpslag
from tests.storage.conftest import make_s3, overwrite_raw, stored_keys

FIVE_MB = 5 * 1024 * 1024
BAD_KEYS = [
    "../etc/passwd",
    "../../" + "a" * 58,
    "a" * 63,
    "a" * 65,
    "A" * 64,
    hashlib.sha256(b"x").hexdigest().upper(),
    hashlib.sha256(b"x").hexdigest() + "\n",
    "g" * 64,
    "",
    None,
    64,
]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the shared suite: every test below runs on "lokaal" and "s3" ----------------------


def test_round_trip_from_bytes_and_from_a_stream(opslag):
    stored = opslag.put(b"foto van de voorgevel")
    assert stored.sha256 == stored.key == sha(b"foto van de voorgevel")
    assert stored.size == len(b"foto van de voorgevel") and stored.created
    assert opslag.get(stored.key) == b"foto van de voorgevel"
    assert opslag.exists(stored.key)
    assert opslag.size(stored.key) == stored.size

    streamed = opslag.put(io.BytesIO(b"rapport als stroom"))
    assert streamed.key == sha(b"rapport als stroom") and streamed.created
    with opslag.open(streamed.key) as f:
        assert f.read() == b"rapport als stroom"


def test_same_content_is_stored_once_under_the_same_key(opslag):
    first = opslag.put(b"dezelfde inhoud")
    again = opslag.put(io.BytesIO(b"dezelfde inhoud"))
    assert again.key == first.key
    assert first.created and not again.created
    assert stored_keys(opslag) == [shard_path(first.key)]


def test_different_content_gets_a_different_key(opslag):
    a = opslag.put(b"inhoud a")
    b = opslag.put(b"inhoud b")
    assert a.key != b.key
    assert stored_keys(opslag) == sorted([shard_path(a.key), shard_path(b.key)])
    assert opslag.get(a.key) == b"inhoud a" and opslag.get(b.key) == b"inhoud b"


def test_keys_are_sharded_sha256(opslag):
    key = opslag.put(b"sharding").key
    assert stored_keys(opslag) == [f"{key[:2]}/{key[2:4]}/{key}"]


@pytest.mark.parametrize("bad", BAD_KEYS)
def test_invalid_keys_never_reach_a_path_or_s3_key(opslag, bad):
    for call in (opslag.get, opslag.open, opslag.exists, opslag.size, opslag.delete):
        with pytest.raises(OngeldigeSleutel, match="Ongeldige bestandssleutel"):
            call(bad)
    assert stored_keys(opslag) == []


def test_a_missing_key_gives_a_clear_error(opslag):
    missing = sha(b"nooit opgeslagen")
    assert not opslag.exists(missing)
    for call in (opslag.get, opslag.open, opslag.size):
        with pytest.raises(BestandNietGevonden) as exc:
            call(missing)
        assert "bestaat niet (meer) in de opslag" in str(exc.value)
        assert missing[:12] in str(exc.value)
    assert opslag.delete(missing) is False


def test_five_megabytes_stream_in_and_out(opslag):
    data = os.urandom(FIVE_MB)
    stored = opslag.put(io.BytesIO(data))
    assert stored.size == FIVE_MB and stored.key == sha(data)
    digest, total, chunks = hashlib.sha256(), 0, 0
    with opslag.open(stored.key) as f:
        assert f.size == FIVE_MB
        while chunk := f.read(256 * 1024):
            digest.update(chunk)
            total += len(chunk)
            chunks += 1
    assert total == FIVE_MB and digest.hexdigest() == stored.key
    assert chunks >= 20  # really read piecewise, not as one blob
    assert opslag.get(stored.key) == data


def test_delete(opslag):
    keep = opslag.put(b"blijft").key
    gone = opslag.put(b"weg").key
    assert opslag.delete(gone) is True
    assert not opslag.exists(gone)
    with pytest.raises(BestandNietGevonden):
        opslag.get(gone)
    assert opslag.delete(gone) is False
    assert stored_keys(opslag) == [shard_path(keep)]
    # After a delete the same content can be stored again.
    assert opslag.put(b"weg").created


def test_a_blob_that_changed_behind_our_back_is_refused(opslag):
    key = opslag.put(b"origineel bewijs").key
    overwrite_raw(opslag, key, b"vervalst bewijs!")
    with pytest.raises(BestandBeschadigd, match="beschadigd"):
        opslag.get(key)
    with opslag.open(key) as f, pytest.raises(BestandBeschadigd):
        f.read()


def test_empty_content_is_a_valid_blob(opslag):
    stored = opslag.put(b"")
    assert stored.key == sha(b"") and stored.size == 0
    assert opslag.get(stored.key) == b""


# --- local backend: files, permissions, atomic writes ---------------------------------------


def test_local_files_and_directories_are_not_world_readable(tmp_path):
    opslag = LokaleOpslag(tmp_path / "bestanden")
    key = opslag.put(b"rechten").key
    path = opslag.root / shard_path(key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    for directory in (path.parent, path.parent.parent, opslag.root):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o750
    assert list((opslag.root / ".tmp").iterdir()) == []


def test_local_write_that_fails_halfway_leaves_nothing(tmp_path):
    opslag = LokaleOpslag(tmp_path / "bestanden")

    class Breaks(io.RawIOBase):
        def __init__(self):
            self.calls = 0

        def readable(self):
            return True

        def read(self, n=-1):
            self.calls += 1
            if self.calls > 2:
                raise OSError(28, "No space left on device")
            return b"x" * 1024 * 1024

    with pytest.raises(OpslagFout, match="niets half opgeslagen"):
        opslag.put(Breaks())
    assert stored_keys(opslag) == []


def test_storage_dir_in_the_web_root_is_refused(tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    with pytest.raises(ConfigError, match="webroot"):
        build_opslag({"STORAGE_DIR": str(static / "uploads"), "INSTANCE_DIR": str(tmp_path)}, str(static))
    ok = build_opslag({"STORAGE_DIR": "", "INSTANCE_DIR": str(tmp_path / "instance")}, str(static))
    assert ok.root == (tmp_path / "instance" / "bestanden").resolve()


# --- S3 backend: checksums, encryption, errors ------------------------------------------


def test_s3_upload_carries_its_sha256(s3_endpoint):
    opslag = make_s3(s3_endpoint)
    key = opslag.put(b"met controlegetal").key
    head = opslag.client.head_object(Bucket=opslag.bucket, Key=shard_path(key), ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == base64.b64encode(bytes.fromhex(key)).decode()


def test_s3_content_md5_mode_and_server_side_encryption(s3_endpoint):
    opslag = make_s3(s3_endpoint, checksum="md5", sse="AES256")
    key = opslag.put(io.BytesIO(b"versleuteld opgeslagen")).key
    head = opslag.client.head_object(Bucket=opslag.bucket, Key=shard_path(key))
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ETag"].strip('"') == hashlib.md5(b"versleuteld opgeslagen").hexdigest()
    assert opslag.get(key) == b"versleuteld opgeslagen"


def test_s3_unreachable_gives_a_dutch_error():
    from handhaving.storage.s3 import S3Opslag

    opslag = S3Opslag("handhaving-test", endpoint_url="http://127.0.0.1:9", region="eu-west-1",
                      access_key_id="x", secret_access_key="y")
    with pytest.raises(OpslagFout, match="niet bereikbaar"):
        opslag.put(b"gaat niet")
    with pytest.raises(OpslagFout, match="niet bereikbaar"):
        opslag.exists(sha(b"gaat niet"))


# --- configuration ----------------------------------------------------------------------


def test_the_app_stores_under_the_instance_dir_by_default(app):
    with app.app_context():
        opslag = get_opslag()
    assert isinstance(opslag, LokaleOpslag)
    assert opslag.root == (Path(app.config["INSTANCE_DIR"]) / "bestanden").resolve()


def test_backend_choice_from_config(tmp_path, s3_endpoint):
    base = {"INSTANCE_DIR": str(tmp_path)}
    with pytest.raises(ConfigError, match="Onbekende STORAGE_BACKEND"):
        build_opslag({**base, "STORAGE_BACKEND": "ftp"})
    with pytest.raises(ConfigError, match="S3_BUCKET ontbreekt"):
        build_opslag({**base, "STORAGE_BACKEND": "s3"})
    with pytest.raises(ConfigError, match="S3_SSE"):
        build_opslag({**base, "STORAGE_BACKEND": "s3", "S3_BUCKET": "b-test", "S3_SSE": "rot13"})
    s3 = build_opslag({**base, "STORAGE_BACKEND": "s3", "S3_BUCKET": "handhaving-test",
                       "S3_ENDPOINT_URL": s3_endpoint, "S3_REGION": "eu-west-1"})
    assert s3.naam == "s3" and s3.bucket == "handhaving-test"
    assert build_opslag(base).naam == "lokaal"
