"""The dashboard's content as plain tables, so the terminal (rich) and the site's /status/ page
(Markdown) show the same numbers from the same Snapshot by construction."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import SYSTEM_KINDS, SYSTEM_NAMES
from .derive import PRIORITY_MATRIX, STATUSES
from .scan import Snapshot

SYSTEM_COLUMNS = 5


@dataclass
class View:
    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    notes: list[str]


def bar(n: int, of: int, width: int = 10) -> str:
    filled = 0 if of <= 0 else min(width, round(width * n / of))
    return "█" * filled + "░" * (width - filled)


def pct(n: int, of: int) -> str:
    return f"{(100 * n / of):.0f} %" if of else "—"


def headline(snap: Snapshot) -> list[str]:
    projected = snap.projected_completion
    systems = snap.systems()
    complete = sum(1 for k in systems.values() if len(k) == len(SYSTEM_KINDS))
    return [
        f"Pages: {snap.total} / {snap.target} ({pct(snap.total, snap.target)}), {snap.remaining} to go",
        f"Systems complete: {complete} / {len(systems)}",
        f"Velocity: {snap.rate_per_week:g} pages/week (last 4 weeks)",
        "Projected completion: " + (projected.isoformat() if projected else "not projected (no pages added in the last 4 weeks)"),
        f"Scanned {snap.today.isoformat()} by atlas {snap.tool_version}",
    ]


def views(snap: Snapshot) -> list[View]:
    out: list[View] = []
    cats = snap.category_counts()
    out.append(View("categories", "Pages per category", ["Category", "Pages", "Target", "Done", "Progress"],
                    [[title, str(n), str(t), pct(n, t), bar(n, t)] for _, title, n, t in cats]
                    + [["Total", str(snap.total), str(snap.target), pct(snap.total, snap.target), bar(snap.total, snap.target)]],
                    []))
    systems = list(snap.systems().items())
    grid: list[list[str]] = []
    for i in range(0, len(systems), SYSTEM_COLUMNS):
        grid.append([f"{SYSTEM_NAMES[s]} {len(k)}/{len(SYSTEM_KINDS)}" for s, k in systems[i:i + SYSTEM_COLUMNS]])
    complete = sum(1 for _, k in systems if len(k) == len(SYSTEM_KINDS))
    out.append(View("systems", f"Systems ({complete} of {len(systems)} complete with all {len(SYSTEM_KINDS)} pages)",
                    [""] * SYSTEM_COLUMNS, grid, []))
    counts = snap.status_counts()
    total = len(snap.pages)
    rows = [[s, str(counts[s]), pct(counts[s], total)] for s in STATUSES]
    notes = [f"{len(snap.unreadable)} page(s) could not be read: see `atlas status --scan`"] if snap.unreadable else []
    out.append(View("status", "Review status", ["Status", "Pages", "Share"], rows, notes))
    pcounts = snap.priority_counts()
    out.append(View("priority", "Review priority matrix", ["Priority", "Category", "Reason", "Action", "Pages"],
                    [[f"{PRIORITY_MATRIX[p][0]} {p}", PRIORITY_MATRIX[p][1], PRIORITY_MATRIX[p][2], PRIORITY_MATRIX[p][3],
                      str(pcounts[p])] for p in PRIORITY_MATRIX], []))
    velocity = snap.velocity()
    peak = max([n for _, n in velocity] + [1])
    vnotes = [] if snap.in_git else ["not a git repository: velocity needs history"]
    out.append(View("velocity", "Velocity (pages added per week)", ["Week of", "Pages", ""],
                    [[w.isoformat(), str(n), bar(n, peak)] for w, n in velocity], vnotes))
    return out


def top_priority(snap: Snapshot, limit: int = 10) -> list[list[str]]:
    """The pages to review first: HIGH, then MEDIUM (outdated before needs_review), oldest review first."""
    order = {"HIGH": 0, "MEDIUM": 1, "LOW": 2}
    sorder = {"missing_version": 0, "outdated": 1, "needs_review": 2, "up_to_date": 3}
    rows = sorted((p for p in snap.pages if p.priority != "LOW"),
                  key=lambda p: (order[p.priority], sorder[p.status], p.last_reviewed or "", p.path))
    return [[p.priority, p.path, p.status, p.priority_reason if p.priority == "HIGH" else "; ".join(p.reasons[:1])]
            for p in rows[:limit]]
