"""The storage interface: content-addressed blobs (photos, generated PDFs, attachments).

A blob's key is the SHA-256 of its content (64 lowercase hex characters). Storing
the same bytes twice stores them once and gives the same key; the database keeps
the key next to what the blob means (file name, type, owner). Keys are checked
before they reach a path or an S3 key, so ``../`` and friends never do.
"""
from __future__ import annotations

import hashlib
import io
import re
import tempfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import BinaryIO

CHUNK = 1024 * 1024
# Blobs from a stream stay in memory up to this size, above it in a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024
_KEY = re.compile(r"[0-9a-f]{64}")


class OpslagFout(Exception):
    """Storage failed (unreachable, refused, inconsistent). ``message`` is Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OngeldigeSleutel(OpslagFout, ValueError):
    """Not a SHA-256 key: refused before it reaches a path or S3 key."""


class BestandNietGevonden(OpslagFout, KeyError):
    """No blob under this key."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class BestandBeschadigd(OpslagFout):
    """The stored bytes do not hash to their key (bit rot, tampering)."""


@dataclass(frozen=True)
class StoredObject:
    sha256: str   # the key
    size: int     # bytes
    created: bool  # False when the content was already stored

    @property
    def key(self) -> str:
        return self.sha256


def check_key(key: object) -> str:
    """Return ``key`` if it is a SHA-256 hex digest, else raise OngeldigeSleutel."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise OngeldigeSleutel("Ongeldige bestandssleutel: verwacht 64 tekens 0-9/a-f.")
    return key


def shard_path(key: str) -> str:
    """``ab/cd/abcd…``: at most 65,536 directories with few files each."""
    check_key(key)
    return f"{key[:2]}/{key[2:4]}/{key}"


def not_found(key: str) -> BestandNietGevonden:
    return BestandNietGevonden(f"Bestand {key[:12]}… bestaat niet (meer) in de opslag.")


def damaged(key: str) -> BestandBeschadigd:
    return BestandBeschadigd(
        f"Bestand {key[:12]}… is beschadigd: de inhoud klopt niet met de vingerafdruk (SHA-256).")


def spool(data: bytes | BinaryIO) -> tuple[BinaryIO, str, int]:
    """Hash ``data`` in one pass; return a readable copy at position 0, the key and the size.

    Bytes are wrapped as they are; a stream is copied (memory up to SPOOL_BYTES,
    then a temporary file) because the key must be known before the upload starts.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        return io.BytesIO(data), hashlib.sha256(data).hexdigest(), len(data)
    digest = hashlib.sha256()
    size = 0
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned open)
    try:
        while chunk := data.read(CHUNK):
            digest.update(chunk)
            copy.write(chunk)
            size += len(chunk)
    except BaseException:
        copy.close()
        raise
    copy.seek(0)
    return copy, digest.hexdigest(), size


class VerifyingReader(io.RawIOBase):
    """Reads a stored blob and checks at the end that it hashes to its key.

    The check runs when the reader reaches the end: a caller that streams the
    blob can hold back its last chunk until then (``serve.py`` does), so a
    damaged blob never reaches anyone complete.
    """

    def __init__(self, raw, key: str, size: int):
        super().__init__()
        self._raw = raw
        self._key = key
        self._hash = hashlib.sha256()
        self._seen = 0
        self.size = size

    def readable(self) -> bool:
        return True

    def _take(self, n: int) -> bytes:
        data = self._raw.read(n)
        if not data:
            if self._hash.hexdigest() != self._key or self._seen != self.size:
                raise damaged(self._key)
            return b""
        self._hash.update(data)
        self._seen += len(data)
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        return self._take(size) if size else b""

    def readall(self) -> bytes:
        parts = []
        while part := self._take(CHUNK):
            parts.append(part)
        return b"".join(parts)

    def readinto(self, buffer) -> int:
        data = self._take(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            try:
                self._raw.close()
            finally:
                super().close()


class Opslag(ABC):
    """One storage backend. Every method takes or returns a SHA-256 key."""

    #: Short name for logs and the benchmark ("lokaal", "s3").
    naam: str

    @abstractmethod
    def put(self, data: bytes | BinaryIO) -> StoredObject:
        """Store ``data`` under its SHA-256; a no-op (``created=False``) if it is there."""

    @abstractmethod
    def open(self, key: str) -> VerifyingReader:
        """A stream of the blob; raises BestandBeschadigd at the end if it does not verify."""

    def get(self, key: str) -> bytes:
        """The whole blob, verified against its key."""
        with self.open(key) as stream:
            return stream.read()

    @abstractmethod
    def exists(self, key: str) -> bool:
        ...

    @abstractmethod
    def size(self, key: str) -> int:
        """Size in bytes; raises BestandNietGevonden."""

    @abstractmethod
    def delete(self, key: str) -> bool:
        """Remove the blob (retention). True if something was removed.

        Content addressing means one blob can belong to several records: the
        caller deletes only when no record refers to the key any more.
        """
