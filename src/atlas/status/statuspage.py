"""The site's /status/ page: the dashboard's tables as Markdown, generated at build time by
atlas.site.generate (never a file in docs/, never hand-edited, never stale)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..catalog import STATUS_REL
from .scan import Snapshot, collect
from .views import headline, top_priority, views

STATUS_PAGE = STATUS_REL


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def _table(headers: list[str], rows: list[list[str]]) -> str:
    headers = [h or " " for h in headers]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row + [""] * (len(headers) - len(row))) + " |" for row in rows]
    return "\n".join(lines)


def render(snap: Snapshot, report: bool = False) -> str:
    """The status page (report=False), or the same tables as a stand-alone report for --export."""
    if report:
        parts = [f"# Atlas status report — {snap.today.isoformat()}", "",
                 f"Exported {snap.generated_at} by atlas {snap.tool_version}: the numbers of "
                 "`atlas status --dashboard` at that time.", ""]
    else:
        parts = ["---", "title: Status", "search:", "  exclude: true", "---", "", "# Status", "",
                 "Generated when the site was built, from the pages' front matter, the specs and git history: "
                 "the same numbers as `atlas status --dashboard` "
                 "(`python scripts/unified_status_tracker.py --dashboard`).", ""]
    parts += [f"- {line}" for line in headline(snap)] + [""]
    for v in views(snap):
        parts += [f"## {v.title}", "", _table(v.headers, v.rows), ""]
        parts += [f"*{n}*" for n in v.notes] + ([""] if v.notes else [])
    first = top_priority(snap)
    if first:
        parts += ["## Review first", "", _table(["Priority", "Page", "Status", "Why"],
                                                [[p, f"`{path}`", s, why] for p, path, s, why in first]), ""]
    if snap.unreadable:
        parts += ["## Unreadable pages", ""] + [f"- `{u.text()}`" for u in snap.unreadable] + [""]
    return "\n".join(parts)


def status_page_markdown(root: Path, today: dt.date | None = None) -> str:
    """What the build serves at /status/: a fresh scan of `root`, written nowhere."""
    return render(collect(root, today))
