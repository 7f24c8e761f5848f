"""Blobs as files under a root directory (default ``<INSTANCE_DIR>/bestanden``).

The root is never under the web root (``static/``): files leave only through a
route that checks access and writes an audit row. A blob appears under its
final name only when it is complete and on disk (temporary file, fsync,
``os.replace``, fsync of the directory), so a crash or a full disk leaves no
half-written file behind under a key.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from handhaving.storage.base import (
    CHUNK, Opslag, OpslagFout, StoredObject, VerifyingReader, check_key, not_found, shard_path,
)

FILE_MODE = 0o640
DIR_MODE = 0o750
TMP_DIR = ".tmp"  # same file system as the blobs, so os.replace is atomic


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LokaleOpslag(Opslag):
    naam = "lokaal"

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()

    def __repr__(self) -> str:
        return f"LokaleOpslag({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        return self.root / shard_path(key)

    def _makedirs(self, path: Path) -> None:
        """Create ``path`` and any missing parents below the root with DIR_MODE."""
        self.root.parent.mkdir(parents=True, exist_ok=True)  # e.g. a new INSTANCE_DIR
        missing = []
        while not path.is_dir():
            missing.append(path)
            if path == self.root or path.parent == path:
                break
            path = path.parent
        for directory in reversed(missing):
            with contextlib.suppress(FileExistsError):
                directory.mkdir(mode=DIR_MODE)
            os.chmod(directory, DIR_MODE)  # the umask may have taken bits away

    def put(self, data: bytes | BinaryIO) -> StoredObject:
        if isinstance(data, (bytes, bytearray, memoryview)):
            blob = bytes(data)
            key = hashlib.sha256(blob).hexdigest()
            if self._path(key).is_file():
                return StoredObject(key, len(blob), created=False)

            def fill(f) -> tuple[str, int]:
                f.write(blob)
                return key, len(blob)

            return self._write(fill)
        return self._write(lambda f: self._copy(data, f))

    @staticmethod
    def _copy(source: BinaryIO, target) -> tuple[str, int]:
        digest = hashlib.sha256()
        size = 0
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
            size += len(chunk)
        return digest.hexdigest(), size

    def _write(self, fill) -> StoredObject:
        tmp_dir = self.root / TMP_DIR
        try:
            self._makedirs(tmp_dir)
            fd, tmp_name = tempfile.mkstemp(prefix="upload-", dir=tmp_dir)
        except OSError as exc:
            raise OpslagFout(f"De bestandsopslag ({self.root}) is niet beschrijfbaar: {exc.strerror}.") from exc
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as f:
                key, size = fill(f)
                f.flush()
                os.fsync(f.fileno())
            final = self._path(key)
            if final.is_file():
                return StoredObject(key, size, created=False)
            os.chmod(tmp, FILE_MODE)
            self._makedirs(final.parent)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
            return StoredObject(key, size, created=True)
        except OSError as exc:
            raise OpslagFout(f"Opslaan mislukt ({exc.strerror}); er is niets half opgeslagen.") from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def open(self, key: str) -> VerifyingReader:
        path = self._path(check_key(key))
        try:
            f = open(path, "rb")  # noqa: SIM115 (closed by the reader)
        except FileNotFoundError:
            raise not_found(key) from None
        return VerifyingReader(f, key, os.fstat(f.fileno()).st_size)

    def exists(self, key: str) -> bool:
        return self._path(check_key(key)).is_file()

    def size(self, key: str) -> int:
        try:
            return self._path(check_key(key)).stat().st_size
        except FileNotFoundError:
            raise not_found(key) from None

    def delete(self, key: str) -> bool:
        path = self._path(check_key(key))
        # Empty shard directories stay: removing one could race with a writer
        # that just created it, and there are at most 65,536 of them.
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True
