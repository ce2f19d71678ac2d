"""A site in a temporary *git* repository for the status tools' tests: pages committed on chosen
dates (so velocity and spec impact read real history), the real specs/README.md mapping, and
helpers to build pages whose review state is known exactly.

Dates are relative to today, so the expectations (30-day reviews, last four weeks' velocity)
hold whatever day the tests run."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pagebuilder import REPO, Tree, front_matter, valid_page
from atlas.pages import split_front_matter

SPECS = ["README.md", "02-DIAGRAM-SPECIFICATIONS-V3.md", "03-GUARANTEES-SPECIFICATIONS.md",
         "04-MECHANISM-SPECIFICATIONS.md", "05-PATTERN-SPECIFICATIONS.md"]


def today() -> dt.date:
    """Today, read when asked, never at import: a run that crosses midnight compares one day with itself."""
    return dt.date.today()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


def body_md5(text: str) -> str:
    _, body, _ = split_front_matter(text)
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def reviewed_page(category: str = "debugging", *, reviewed: dt.date | None, hash_ok: bool = True,
                  status: str = "up_to_date", version: str | None = "1.0", **kw) -> str:
    """A valid page whose review block says what we want: reviewed on `reviewed` with the body's
    real MD5 (or a wrong one), or never reviewed (reviewed=None)."""
    review: dict = {"status": status}
    if reviewed is not None:
        review["last_reviewed"] = reviewed
    text = valid_page(category, review=review, version=version, **kw)
    if reviewed is not None:
        digest = body_md5(text) if hash_ok else "0" * 32
        text = valid_page(category, review={**review, "content_hash": digest}, version=version, **kw)
    return text


def git(root: Path, *args: str, when: dt.date | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when is not None:
        stamp = f"{when.isoformat()}T12:00:00+00:00"
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


class GitSite(Tree):
    """A Tree whose root is a git repository: pages are committed on chosen dates."""

    def commit(self, message: str, when: dt.date) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message, when=when)
        return git(self.root, "rev-parse", "HEAD").strip()

    def read(self, rel: str) -> bytes:
        return (self.docs / rel).read_bytes()


def new_git_site(path: Path, mkdocs_yml: str = "site_name: t\n") -> GitSite:
    path.mkdir(parents=True)
    (path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    (path / "docs").mkdir()
    (path / "specs").mkdir()
    for name in SPECS:
        shutil.copyfile(REPO / "specs" / name, path / "specs" / name)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "tests@atlas.invalid")
    git(path, "config", "user.name", "Atlas tests")
    git(path, "config", "commit.gpgsign", "false")
    return GitSite(path)


def atlas(*args, cwd: Path, timeout: float = 120, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    exe = REPO / ".venv" / "bin" / "atlas"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "atlas.cli"]
    return subprocess.run([*cmd, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          stdin=stdin)


def script(name: str, *args, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """The plan's `python scripts/<name>.py …`, run from the site root with any Python (it re-execs into .venv)."""
    return subprocess.run([sys.executable, str(REPO / "scripts" / f"{name}.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


__all__ = ["GitSite", "atlas", "body_md5", "days_ago", "front_matter", "git", "new_git_site",
           "reviewed_page", "script", "today", "valid_page"]
