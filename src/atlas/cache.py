"""A small persistent key -> JSON cache, written atomically (temporary file, then rename)."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class JsonCache:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._dirty = False
        try:
            self._data: dict = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(self._data, dict):
                self._data = {}
        except (OSError, ValueError):
            self._data = {}  # a missing or corrupt cache is just a cold one

    def get(self, key: str):
        return self._data.get(key)

    def put(self, key: str, value) -> None:
        with self._lock:
            self._data[key] = value
            self._dirty = True

    def save(self) -> None:
        if self._dirty:
            atomic_write_text(self.path, json.dumps(self._data, separators=(",", ":")))
            self._dirty = False
