"""The few facts the status tools read from git history. Outside a git repository every answer is
empty (or a file's modification time), so the tools still run on an exported tree."""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import lru_cache
from pathlib import Path


class GitError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git {' '.join(args)}: {exc}") from None
    if proc.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'failed'}")
    return proc.stdout


@lru_cache(maxsize=32)
def _toplevel(root: Path) -> Path | None:
    try:
        return Path(_git(root, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitError:
        return None


def in_git(root: Path) -> bool:
    return _toplevel(root.resolve()) is not None


def has_history(root: Path) -> bool:
    """In a repository with at least one commit (a fresh `git init` has no log to read)."""
    if not in_git(root):
        return False
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
        return True
    except GitError:
        return False


def _utc_date(epoch: str) -> dt.date:
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()


def first_added(root: Path, folder: str = "docs") -> dict[str, dt.date]:
    """Path under `folder` (relative to root, posix) -> the date (UTC) of the first commit that added it.
    Renames count as adding the new path (--no-renames): a moved page is new where it now lives."""
    top = _toplevel(root.resolve())
    if top is None or not has_history(root):
        return {}
    prefix = root.resolve().relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    out = _git(root, "log", "--no-renames", "--diff-filter=A", "--format=%x00%ct", "--name-only", "--", folder)
    added: dict[str, dt.date] = {}
    when: dt.date | None = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            when = _utc_date(line[1:])
        elif line.strip() and when is not None:
            rel = line.strip()
            if prefix and rel.startswith(prefix):
                rel = rel[len(prefix):]
            added[rel] = when  # git log is newest first: the last assignment is the oldest add
    return added


def last_changed(root: Path, rel: str) -> dt.date | None:
    """Date (UTC) of the newest commit that changed `rel`; outside git, the file's modification date.
    Uncommitted edits do not count: a spec draft must not mark every page outdated."""
    if in_git(root):
        if not has_history(root):
            return None
        out = _git(root, "log", "-1", "--format=%ct", "--", rel).strip()
        return _utc_date(out) if out else None
    try:
        return dt.datetime.fromtimestamp((root / rel).stat().st_mtime, tz=dt.timezone.utc).date()
    except OSError:
        return None


def last_commit(root: Path, rel: str) -> str | None:
    if not has_history(root):
        return None
    out = _git(root, "log", "-1", "--format=%h", "--", rel).strip()
    return out or None


def changed_since(root: Path, rev: str, folder: str) -> list[str]:
    """Files under `folder` that differ between `rev` and the working tree (committed or not)."""
    if not in_git(root):
        raise GitError(f"{root} is not in a git repository: --since needs history")
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except GitError:
        raise GitError(f"unknown revision {rev!r}") from None
    out = _git(root, "diff", "--name-only", "--relative", rev, "--", folder)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", folder)
    return sorted({line.strip() for line in (out + untracked).splitlines() if line.strip()})
