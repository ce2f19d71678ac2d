"""Spec change impact: for each spec that changed, the pages it governs (specs/README.md's table).

Without a revision: each spec's last commit against each page's last review, the rule --scan uses to
mark pages outdated. With --since REV: every spec that differs from REV, and all the pages it governs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import gitlog
from .derive import as_date
from .edit import read_page
from .paths import page_files
from .specs import load_spec_map
from ..pages import PageError


@dataclass
class SpecImpact:
    spec: str
    scope: str
    changed: str  # "2026-11-20 (abc1234)" or "since REV"
    pages: list[tuple[str, str | None]] = field(default_factory=list)  # (path, last reviewed)


def _reviews(root: Path) -> list[tuple[str, dt.date | None]]:
    out = []
    for rel in page_files(root / "docs"):
        try:
            meta = read_page((root / "docs" / rel).read_bytes()).meta
        except (PageError, OSError):
            meta = {}
        review = meta.get("review") if isinstance(meta.get("review"), dict) else {}
        out.append((rel, as_date(review.get("last_reviewed"))))
    return out


def impact(root: Path, since: str | None = None) -> list[SpecImpact]:
    root = root.resolve()
    scopes = load_spec_map(root)
    pages = _reviews(root)
    out: list[SpecImpact] = []
    if since is not None:
        changed = set(gitlog.changed_since(root, since, "specs"))
        for s in scopes:
            if s.spec in changed:
                out.append(SpecImpact(s.spec, s.label, f"since {since}",
                                      [(f"docs/{rel}", last.isoformat() if last else None)
                                       for rel, last in pages if s.governs(rel)]))
        return out
    for s in scopes:
        when = gitlog.last_changed(root, s.spec)
        if when is None:
            continue
        commit = gitlog.last_commit(root, s.spec)
        hit = [(f"docs/{rel}", last.isoformat()) for rel, last in pages if s.governs(rel) and last and last < when]
        out.append(SpecImpact(s.spec, s.label, when.isoformat() + (f" ({commit})" if commit else ""), hit))
    return out
