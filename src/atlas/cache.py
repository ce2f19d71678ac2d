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


class ShardedJsonCache(JsonCache):
    """A JsonCache split into 256 files by the last two characters of the key (a diagram digest's), each
    read on first use: a run that needs a handful of entries (one edited page) reads a handful of small
    files instead of the whole cache. `path` names the set (shards live in a folder beside it)."""

    SHARDS = 256

    def __init__(self, path: Path):
        super().__init__(path)
        self.folder = path.with_suffix("")
        self._shards: dict[str, dict] = {}
        self._dirty_shards: set[str] = set()

    def _shard(self, key: str) -> str:
        tail = key[-2:].lower()
        return tail if len(tail) == 2 and all(c in "0123456789abcdef" for c in tail) else "xx"

    def _load_shard(self, name: str) -> dict:
        with self._lock:
            if name not in self._shards:
                try:
                    data = json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = {}
                self._shards[name] = data if isinstance(data, dict) else {}
            return self._shards[name]

    def get(self, key: str):
        return self._load_shard(self._shard(key)).get(key)

    def put(self, key: str, value) -> None:
        name = self._shard(key)
        shard = self._load_shard(name)
        with self._lock:
            shard[key] = value
            self._dirty_shards.add(name)

    def save(self) -> None:
        with self._lock:
            todo = {name: json.dumps(self._shards[name], separators=(",", ":")) for name in self._dirty_shards}
            self._dirty_shards.clear()
        for name, text in todo.items():
            atomic_write_text(self.folder / f"{name}.json", text)
