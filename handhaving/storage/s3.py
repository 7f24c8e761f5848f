"""Blobs in S3-compatible object storage (AWS S3, MinIO, Ceph, a provider's store).

Object keys are the same sharded SHA-256 as on disk (``ab/cd/abcd…``). Every
upload carries its checksum, so the server refuses bytes that changed on the
way (``ChecksumSHA256``, or ``Content-MD5`` for stores that lack the newer
checksums); reads are verified against the key again here.
"""
from __future__ import annotations

import base64
import hashlib
import logging
from contextlib import contextmanager
from typing import BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from urllib3.exceptions import HTTPError

from handhaving.storage.base import (
    CHUNK, BestandBeschadigd, Opslag, OpslagFout, StoredObject, VerifyingReader, check_key, not_found,
    shard_path, spool,
)

log = logging.getLogger("handhaving.storage")

CHECKSUMS = ("sha256", "md5")
SSE_MODES = ("", "AES256", "aws:kms")
_MISSING = {"404", "NoSuchKey", "NotFound"}
_DIGEST_REFUSED = {"BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch"}


class _Body:
    """The response body of get_object, with network errors turned into OpslagFout."""

    def __init__(self, body):
        self._body = body

    def read(self, n: int = -1) -> bytes:
        try:
            return self._body.read(None if n < 0 else n)
        except (BotoCoreError, HTTPError, OSError) as exc:
            log.warning("S3 read broke off: %s", type(exc).__name__)
            raise OpslagFout("Het lezen uit de bestandsopslag brak af. Probeer het opnieuw.") from exc

    def close(self) -> None:
        self._body.close()


class S3Opslag(Opslag):
    naam = "s3"

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region: str | None = None,
                 access_key_id: str | None = None, secret_access_key: str | None = None,
                 sse: str = "", sse_kms_key_id: str | None = None, checksum: str = "sha256"):
        if not bucket:
            raise ValueError("S3_BUCKET ontbreekt.")
        if checksum not in CHECKSUMS:
            raise ValueError(f"S3_CHECKSUM moet een van {CHECKSUMS} zijn, niet {checksum!r}.")
        if sse not in SSE_MODES:
            raise ValueError(f"S3_SSE moet leeg, 'AES256' of 'aws:kms' zijn, niet {sse!r}.")
        self.bucket = bucket
        self.checksum = checksum
        self.sse = sse
        self.sse_kms_key_id = sse_kms_key_id or None
        config = Config(
            signature_version="s3v4",
            # Own endpoints (MinIO and the like) usually have no per-bucket host names.
            s3={"addressing_style": "path" if endpoint_url else "auto"},
            connect_timeout=5,
            read_timeout=60,
            retries={"mode": "standard", "max_attempts": 3},
            # We send our own checksum; the SDK's default CRC32 trailer is not
            # understood by every S3-compatible store.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        # A session of its own: boto3's default session is shared module state.
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, region_name=region or None,
            aws_access_key_id=access_key_id or None, aws_secret_access_key=secret_access_key or None,
            config=config,
        )

    def __repr__(self) -> str:
        return f"S3Opslag(bucket={self.bucket!r}, endpoint={self.client.meta.endpoint_url!r})"

    @contextmanager
    def _errors(self, key: str, action: str):
        try:
            yield
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in _MISSING:
                raise not_found(key) from None
            log.warning("S3 %s %s refused: %s", action, key[:12], code)
            raise OpslagFout(f"De bestandsopslag weigerde het {action} ({code}).") from exc
        except BotoCoreError as exc:
            log.warning("S3 %s %s failed: %s", action, key[:12], type(exc).__name__)
            raise OpslagFout("De bestandsopslag is niet bereikbaar. Probeer het over een minuut opnieuw.") \
                from exc

    def _head(self, key: str) -> dict | None:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=shard_path(key))
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code", "")) in _MISSING:
                return None
            raise

    def put(self, data: bytes | BinaryIO) -> StoredObject:
        stream, key, size = spool(data)
        try:
            with self._errors(key, "opslaan"):
                if self._head(key) is not None:
                    return StoredObject(key, size, created=False)
                args = {"Bucket": self.bucket, "Key": shard_path(key), "Body": stream,
                        "ContentLength": size, "ContentType": "application/octet-stream"}
                sha256_b64 = base64.b64encode(bytes.fromhex(key)).decode()
                if self.checksum == "sha256":
                    # The store recomputes it and refuses the upload on a mismatch (BadDigest).
                    args.update(ChecksumAlgorithm="SHA256", ChecksumSHA256=sha256_b64)
                else:
                    args["ContentMD5"] = self._md5_b64(stream)
                if self.sse:
                    args["ServerSideEncryption"] = self.sse
                    if self.sse == "aws:kms" and self.sse_kms_key_id:
                        args["SSEKMSKeyId"] = self.sse_kms_key_id
                try:
                    response = self.client.put_object(**args)
                except ClientError as exc:
                    code = str(exc.response.get("Error", {}).get("Code", ""))
                    if code in _DIGEST_REFUSED:
                        raise BestandBeschadigd(
                            "De opslag ontving andere bytes dan er verstuurd zijn; er is niets opgeslagen. "
                            "Probeer het opnieuw.") from exc
                    raise
                echoed = response.get("ChecksumSHA256")
                if echoed and echoed.split("-")[0] != sha256_b64:
                    # Should not happen with a store that checks; never keep a wrong blob under a key.
                    self.client.delete_object(Bucket=self.bucket, Key=shard_path(key))
                    raise BestandBeschadigd("De opslag bevestigde een andere vingerafdruk; er is niets opgeslagen.")
                return StoredObject(key, size, created=True)
        finally:
            stream.close()

    @staticmethod
    def _md5_b64(stream: BinaryIO) -> str:
        md5 = hashlib.md5(usedforsecurity=False)  # transport check only; the key is SHA-256
        while chunk := stream.read(CHUNK):
            md5.update(chunk)
        stream.seek(0)
        return base64.b64encode(md5.digest()).decode()

    def open(self, key: str) -> VerifyingReader:
        check_key(key)
        with self._errors(key, "lezen"):
            response = self.client.get_object(Bucket=self.bucket, Key=shard_path(key))
        return VerifyingReader(_Body(response["Body"]), key, response["ContentLength"])

    def exists(self, key: str) -> bool:
        check_key(key)
        with self._errors(key, "opzoeken"):
            return self._head(key) is not None

    def size(self, key: str) -> int:
        check_key(key)
        with self._errors(key, "opzoeken"):
            head = self._head(key)
        if head is None:
            raise not_found(key)
        return head["ContentLength"]

    def delete(self, key: str) -> bool:
        check_key(key)
        with self._errors(key, "verwijderen"):
            if self._head(key) is None:
                return False
            self.client.delete_object(Bucket=self.bucket, Key=shard_path(key))
        return True
