"""Data safety: every write is atomic (temporary file in the same folder, fsync, rename) and every
writer holds one lock, so two runs at once never interleave a read-modify-write."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import tempfile
from pathlib import Path

from .paths import LOCK_FILE


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename. An existing file keeps its permission bits (mkstemp
    would leave 0600); a new one gets 0644 less the umask."""
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
