"""Data safety: every write is atomic (atlas.cache.atomic_write_bytes: temporary file, fsync, rename)
and every writer holds one lock, so two runs at once never interleave a read-modify-write."""

from __future__ import annotations

import contextlib
import fcntl
from pathlib import Path

from .paths import LOCK_FILE


@contextlib.contextmanager
def writer_lock(root: Path):
    """Exclusive lock for everything that writes pages or data files (fcntl.flock on
    .cache/atlas/status.lock). Released when the process ends, even if it crashes."""
    lock_path = root / LOCK_FILE
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)
