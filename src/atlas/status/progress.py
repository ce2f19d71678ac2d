"""The weekly progress report against the catalog's targets (the plan's `progress_tracker.py`)."""

from __future__ import annotations

import datetime as dt

from ..catalog import SYSTEM_KINDS, SYSTEM_NAMES
from .scan import Snapshot
from .views import bar, pct


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def progress(snap: Snapshot) -> dict:
    this_week = week_start(snap.today)
    last_week = this_week - dt.timedelta(weeks=1)

    def added_in(p, start, end) -> bool:
        return bool(p.added) and start <= dt.date.fromisoformat(p.added) < end

    rows = []
    for cat, title, n, target in snap.category_counts():
        mine = [p for p in snap.pages if p.category == cat]
        rows.append({"category": cat, "title": title, "pages": n, "target": target, "remaining": max(target - n, 0),
                     "this_week": sum(added_in(p, this_week, snap.today + dt.timedelta(days=1)) for p in mine),
                     "last_week": sum(added_in(p, last_week, this_week) for p in mine),
                     "uncommitted": sum(1 for p in mine if not p.added)})
    reviewed = [p for p in snap.pages if p.last_reviewed and dt.date.fromisoformat(p.last_reviewed) >= this_week]
    systems = snap.systems()
    projected = snap.projected_completion
    return {
        "week_of": this_week.isoformat(), "today": snap.today.isoformat(), "pages": snap.total, "target": snap.target,
        "remaining": snap.remaining, "categories": rows,
        "added_this_week": sum(r["this_week"] for r in rows), "added_last_week": sum(r["last_week"] for r in rows),
        "uncommitted": sum(r["uncommitted"] for r in rows),
        "reviewed_this_week": len(reviewed),
        "systems_complete": sum(1 for k in systems.values() if len(k) == len(SYSTEM_KINDS)),
        "systems_started": sum(1 for k in systems.values() if k),
        "systems_in_progress": {s: f"{len(k)}/{len(SYSTEM_KINDS)}" for s, k in systems.items() if 0 < len(k) < len(SYSTEM_KINDS)},
        "per_week": snap.rate_per_week,
        "projected_completion": projected.isoformat() if projected else None,
    }


def render_text(report: dict) -> str:
    lines = [f"Weekly progress — week of {report['week_of']} (today {report['today']})",
             f"Pages: {report['pages']} / {report['target']} ({pct(report['pages'], report['target'])}), "
             f"{report['remaining']} to go; +{report['added_this_week']} this week, +{report['added_last_week']} last week"
             + (f", {report['uncommitted']} not committed yet" if report["uncommitted"] else ""),
             f"Reviewed this week: {report['reviewed_this_week']}",
             f"Systems: {report['systems_complete']} complete, {report['systems_started']} started of {len(SYSTEM_NAMES)}",
             f"Velocity: {report['per_week']:g} pages/week (last 4 weeks); projected completion: "
             + (report["projected_completion"] or "not projected (no pages added in the last 4 weeks)"), ""]
    w = max(len(r["title"]) for r in report["categories"])
    lines.append(f"{'category':<{w}}  pages  target  this wk  last wk  remaining  progress")
    for r in report["categories"]:
        lines.append(f"{r['title']:<{w}}  {r['pages']:>5}  {r['target']:>6}  {r['this_week']:>7}  {r['last_week']:>7}  "
                     f"{r['remaining']:>9}  {bar(r['pages'], r['target'])}")
    if report["systems_in_progress"]:
        lines += ["", "Systems in progress: " + ", ".join(f"{SYSTEM_NAMES[s]} {v}" for s, v in report["systems_in_progress"].items())]
    return "\n".join(lines) + "\n"
