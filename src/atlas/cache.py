"""A small persistent key -> JSON cache, written atomically (temporary file, then rename)."""

from __future__ import annotations

import json
import os
import stat
import tempfile
import threading
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename (temporary file in the same folder, fsync, rename), so a
    reader never sees half a file. An existing file keeps its permission bits (mkstemp would leave
    0600); a new one gets 0644 less the umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o644 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


class JsonCache:
    """Read on first use, not when made: a run whose answers all come from elsewhere (the lint
    engine's run cache, say) never pays for decoding a large cache file."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.RLock()
        self._dirty = False
        self._loaded: dict | None = None

    @property
    def _data(self) -> dict:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = self._read()
        return self._loaded

    @_data.setter
    def _data(self, value: dict) -> None:
        self._loaded = value

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a missing or corrupt cache is just a cold one
        return data if isinstance(data, dict) else {}

    def get(self, key: str):
        return self._data.get(key)

    def put(self, key: str, value) -> None:
        data = self._data
        with self._lock:
            data[key] = value
            self._dirty = True

    def save(self) -> None:
        if self._dirty:
            with self._lock:
                text = json.dumps(self._data, separators=(",", ":"))
                self._dirty = False
            atomic_write_text(self.path, text)
