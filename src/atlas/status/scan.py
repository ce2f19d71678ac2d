"""One scan of the tree: every page's derived status and priority, the catalog counts, velocity
from git history and the projected completion date. The dashboard, the /status/ page, the exports
and the data files are all views of this one Snapshot."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__
from ..catalog import CATEGORIES, SYSTEM_KINDS, SYSTEMS
from ..pages import MAX_PAGE_BYTES, PageError
from . import gitlog
from .derive import PRIORITIES, STATUSES, STATUS_ALIASES, as_date, derive_status, review_priority, version_text
from .edit import EditError, edit_front_matter, read_page
from .paths import METRICS_FILE, STATUS_FILE, category_of, page_files, system_kind_of
from ..cache import atomic_write_bytes, atomic_write_text
from .safety import writer_lock
from .specs import load_spec_map

VELOCITY_WEEKS = 8  # weeks shown
RATE_DAYS = 28  # the projection uses the pages added in the last four weeks


@dataclass
class PageRow:
    path: str  # relative to the root: docs/systems/netflix/architecture.md
    category: str
    system: str | None
    kind: str | None
    title: str
    version: str | None
    stored_status: str | None
    status: str
    reasons: list[str]
    priority: str
    priority_reason: str
    last_reviewed: str | None
    content_hash: str | None
    body_hash: str
    sources: int
    primary_sources: int
    newest_source: str | None
    added: str | None  # date of the commit that added the page; None if not committed


@dataclass
class Unreadable:
    path: str
    line: int
    message: str
    added: str | None = None

    def text(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Snapshot:
    root: Path
    today: dt.date
    generated_at: str
    tool_version: str
    pages: list[PageRow] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    spec_changes: dict[str, str | None] = field(default_factory=dict)
    in_git: bool = False

    # ---- the numbers every view shows ----
    def category_counts(self) -> list[tuple[str, str, int, int]]:
        """(category, title, pages, target) in catalog order; unreadable files count where they live."""
        counts = {c: 0 for c in CATEGORIES}
        for rel in [p.path for p in self.pages] + [u.path for u in self.unreadable]:
            c = category_of(rel.removeprefix("docs/"))
            if c in counts:
                counts[c] += 1
        return [(c, CATEGORIES[c][0], counts[c], CATEGORIES[c][1]) for c in CATEGORIES]

    @property
    def total(self) -> int:
        return sum(n for _, _, n, _ in self.category_counts())

    @property
    def target(self) -> int:
        return sum(t for _, (_, t) in CATEGORIES.items())

    @property
    def remaining(self) -> int:
        return sum(max(t - n, 0) for _, _, n, t in self.category_counts())

    def systems(self) -> dict[str, list[str]]:
        """System -> the kinds of page it has, in catalog order."""
        have: dict[str, set[str]] = {s: set() for s in SYSTEMS}
        for rel in [p.path for p in self.pages] + [u.path for u in self.unreadable]:
            system, kind = system_kind_of(rel.removeprefix("docs/"))
            if system in have and kind in SYSTEM_KINDS:
                have[system].add(kind)
        return {s: [k for k in SYSTEM_KINDS if k in have[s]] for s in SYSTEMS}

    def status_counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for p in self.pages:
            out[p.status] += 1
        return out

    def priority_counts(self) -> dict[str, int]:
        out = {p: 0 for p in PRIORITIES}
        for p in self.pages:
            out[p.priority] += 1
        return out

    def velocity(self) -> list[tuple[dt.date, int]]:
        """(Monday of the week, pages first committed that week) for the last VELOCITY_WEEKS weeks."""
        monday = self.today - dt.timedelta(days=self.today.weekday())
        weeks = [monday - dt.timedelta(weeks=i) for i in range(VELOCITY_WEEKS - 1, -1, -1)]
        counts = {w: 0 for w in weeks}
        for p in [*self.pages, *self.unreadable]:
            if p.added:
                d = dt.date.fromisoformat(p.added)
                w = d - dt.timedelta(days=d.weekday())
                if w in counts:
                    counts[w] += 1
        return [(w, counts[w]) for w in weeks]

    @property
    def rate_per_week(self) -> float:
        since = self.today - dt.timedelta(days=RATE_DAYS)
        recent = sum(1 for p in [*self.pages, *self.unreadable] if p.added and dt.date.fromisoformat(p.added) > since)
        return round(recent / (RATE_DAYS / 7), 2)

    @property
    def projected_completion(self) -> dt.date | None:
        """When the catalog's targets are met at the recent rate; None when nothing was added lately."""
        if self.remaining == 0:
            return self.today
        if self.rate_per_week <= 0:
            return None
        return self.today + dt.timedelta(days=math.ceil(self.remaining / self.rate_per_week * 7))

    def metrics(self) -> dict:
        """data/CENTRAL_METRICS.json: the numbers, stamped."""
        systems = self.systems()
        projected = self.projected_completion
        return {
            "generated_at": self.generated_at, "tool": f"atlas {self.tool_version}", "today": self.today.isoformat(),
            "pages": self.total, "target": self.target, "remaining": self.remaining,
            "categories": {c: {"title": t, "pages": n, "target": tgt} for c, t, n, tgt in self.category_counts()},
            "systems": {s: {"pages": len(k), "of": len(SYSTEM_KINDS), "missing": [x for x in SYSTEM_KINDS if x not in k]}
                        for s, k in systems.items()},
            "systems_complete": sum(1 for k in systems.values() if len(k) == len(SYSTEM_KINDS)),
            "status": self.status_counts(),
            "priority": self.priority_counts(),
            "velocity": {"weeks": [{"week_of": w.isoformat(), "pages": n} for w, n in self.velocity()],
                         "per_week": self.rate_per_week,
                         "projected_completion": projected.isoformat() if projected else None},
            "spec_changes": self.spec_changes,
            "unreadable": [asdict(u) for u in self.unreadable],
        }

    def status_document(self) -> dict:
        """data/unified_diagram_status.json: every page's row, stamped."""
        return {"generated_at": self.generated_at, "tool": f"atlas {self.tool_version}", "today": self.today.isoformat(),
                "pages": [asdict(p) for p in self.pages], "unreadable": [asdict(u) for u in self.unreadable]}


def _sources_summary(meta: dict) -> tuple[int, int, str | None]:
    sources = [s for s in meta.get("sources") or [] if isinstance(s, dict)] if isinstance(meta.get("sources"), list) else []
    dates = [d for d in (as_date(s.get("published")) for s in sources) if d]
    return len(sources), sum(1 for s in sources if s.get("confidence") == "A"), (max(dates).isoformat() if dates else None)


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)")


def _diagram_sources(body: str) -> list[str]:
    """The ```mermaid blocks of a body, by their fences (CommonMark's rule: a block closes on a fence
    of the same character at least as long). The priority matrix only asks whether a diagram shows
    the planes; a full Markdown parse of every page cost ~8 ms each, on every site build."""
    out: list[str] = []
    fence: str | None = None
    lines: list[str] = []
    mermaid = False
    for line in body.splitlines():
        if fence is None:
            m = _FENCE.match(line)
            if m:
                fence, mermaid, lines = m.group(2), m.group(3) == "mermaid", []
        elif line.strip().startswith(fence[0] * len(fence)) and set(line.strip()) == {fence[0]}:
            if mermaid:
                out.append("\n".join(lines) + "\n")
            fence = None
        else:
            lines.append(line)
    return out


def collect(root: Path, today: dt.date | None = None) -> Snapshot:
    root = root.resolve()
    docs = root / "docs"
    today = today or dt.date.today()
    snap = Snapshot(root=root, today=today, tool_version=__version__,
                    generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat())
    snap.in_git = gitlog.in_git(root)
    scopes = load_spec_map(root)
    changed = {s.spec: gitlog.last_changed(root, s.spec) for s in scopes}
    snap.spec_changes = {k: (v.isoformat() if v else None) for k, v in changed.items()}
    added = gitlog.first_added(root, "docs") if snap.in_git else {}

    for rel in page_files(docs):
        path = docs / rel
        shown = f"docs/{rel}"
        when = added.get(shown)
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_PAGE_BYTES:
                raise PageError(f"file is {len(raw) // 1024} KiB; pages are at most {MAX_PAGE_BYTES // 1024} KiB", 1)
            page = read_page(raw)
        except PageError as exc:
            snap.unreadable.append(Unreadable(shown, exc.line or 1, str(exc), when.isoformat() if when else None))
            continue
        except OSError as exc:
            snap.unreadable.append(Unreadable(shown, 1, f"cannot read file: {exc.strerror}", when.isoformat() if when else None))
            continue
        meta = page.meta
        governing = [(s.spec, changed[s.spec]) for s in scopes if s.governs(rel) and changed.get(s.spec)]
        body_hash = page.body_hash
        derived = derive_status(meta, body_hash, governing, today)
        priority, why = review_priority(page.body, _diagram_sources(page.body), derived.status)
        review = meta.get("review") if isinstance(meta.get("review"), dict) else {}
        stored = review.get("status")
        last = as_date(review.get("last_reviewed"))
        n_sources, n_primary, newest = _sources_summary(meta)
        system, kind = system_kind_of(rel)
        snap.pages.append(PageRow(
            path=shown, category=category_of(rel), system=system, kind=kind,
            title=str(meta.get("title") or path.stem), version=version_text(meta),
            stored_status=str(stored) if stored is not None else None, status=derived.status, reasons=derived.reasons,
            priority=priority, priority_reason=why, last_reviewed=last.isoformat() if last else None,
            content_hash=str(review["content_hash"]) if review.get("content_hash") else None, body_hash=body_hash,
            sources=n_sources, primary_sources=n_primary, newest_source=newest,
            added=when.isoformat() if when else None))
    return snap


@dataclass
class ScanResult:
    snapshot: Snapshot
    updated: list[tuple[str, str | None, str]]  # (path, old stored status, new status)
    refused: list[str]  # pages whose status could not be written back, with why


def scan(root: Path, today: dt.date | None = None, write_back: bool = True) -> ScanResult:
    """--scan: derive every status, write it back to each page whose front matter disagrees (only
    `review.status` changes), then write the two data files. One writer at a time (the lock)."""
    root = root.resolve()
    with writer_lock(root):
        snap = collect(root, today)
        updated, refused = [], []
        if write_back:
            for row in snap.pages:
                stored = STATUS_ALIASES.get(row.stored_status or "", row.stored_status)
                if stored == row.status:
                    continue
                path = root / row.path
                try:
                    raw = path.read_bytes()
                    current = read_page(raw)
                    if current.body_hash != row.body_hash:
                        refused.append(f"{row.path}: changed while scanning; run --scan again")
                        continue
                    new = edit_front_matter(raw, review={"status": row.status})
                except (PageError, EditError) as exc:
                    refused.append(f"{row.path}:{exc.line or 1}: {exc}; review.status not written")
                    continue
                except OSError as exc:
                    refused.append(f"{row.path}: cannot read file: {exc.strerror}")
                    continue

                atomic_write_bytes(path, new)
                updated.append((row.path, row.stored_status, row.status))
                row.stored_status = row.status
        atomic_write_text(root / METRICS_FILE, json.dumps(snap.metrics(), indent=2, ensure_ascii=False) + "\n")
        atomic_write_text(root / STATUS_FILE, json.dumps(snap.status_document(), indent=2, ensure_ascii=False) + "\n")
    return ScanResult(snap, updated, refused)
