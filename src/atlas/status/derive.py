"""A page's review status and review priority, derived on every scan (EXECUTION_MASTER.md,
"Review Tracking & Version Control"; ATLAS.md §3).

Status, worst first:
- missing_version: the front matter has no `version`;
- outdated: a spec that governs the page changed (its last commit) after `review.last_reviewed`,
  or the page was marked outdated and not reviewed since;
- needs_review: the body's MD5 differs from `review.content_hash`, the review is more than
  REVIEW_MAX_DAYS old, the page was never reviewed (no date or no hash), or it was marked
  needs_review (by a scan or `--update-status`) and not reviewed since;
- up_to_date: none of the above.

A stored needs_review/outdated is kept until `--mark-reviewed`: only a review clears a flag, so a
scan that writes the derived status back is idempotent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..lint.rules.pln003_fifth_plane import STREAM
from ..model import VERSION_RE
from ..planes import PLANES

STATUSES = ("up_to_date", "needs_review", "outdated", "missing_version")
# The plan writes `--status needs_update` in one example; it means needs_review.
STATUS_ALIASES = {"needs_update": "needs_review"}
REVIEW_MAX_DAYS = 30

PRIORITIES = ("HIGH", "MEDIUM", "LOW")
# The plan's Review Priority Matrix (EXECUTION_MASTER.md), as the dashboard and /status/ show it.
PRIORITY_MATRIX = {
    "HIGH": ("🔴", "Pre-visual diagrams, Stream Plane refs", "Older than the visual-first spec",
             "Complete redesign"),
    "MEDIUM": ("🟡", "Changed, review > 30 days, spec changed", "Review status is not up to date",
               "Review, then --mark-reviewed"),
    "LOW": ("🟢", "Working diagrams", "Already production-quality", "Minor adjustments"),
}

_PLANE_CLASS = re.compile(r"\b(" + "|".join(p.css_class for p in PLANES) + r")\b")
_SEQUENCE_BOX = re.compile(r"^\s*box\b", re.M)


@dataclass
class Derived:
    status: str
    reasons: list[str] = field(default_factory=list)


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def has_version(meta: dict) -> bool:
    v = meta.get("version")
    return v is not None and str(v).strip() != ""


def version_text(meta: dict) -> str | None:
    return str(meta["version"]) if has_version(meta) else None


def derive_status(meta: dict, body_hash: str, spec_changes: list[tuple[str, dt.date]], today: dt.date) -> Derived:
    """`spec_changes`: (spec path, date of its last change) for each spec that governs this page."""
    review = meta.get("review") if isinstance(meta.get("review"), dict) else {}
    stored = STATUS_ALIASES.get(str(review.get("status")), str(review.get("status")))
    last = as_date(review.get("last_reviewed"))
    recorded_hash = review.get("content_hash")

    if not has_version(meta):
        return Derived("missing_version", ["no `version` in the front matter"])

    outdated = []
    if last is not None:
        outdated = [f"{spec} changed {changed.isoformat()}, after the review of {last.isoformat()}"
                    for spec, changed in spec_changes if changed > last]
    if stored == "outdated":
        outdated.append("marked outdated, not reviewed since")
    if outdated:
        return Derived("outdated", outdated)

    needs = []
    if last is None:
        needs.append("never reviewed (no review.last_reviewed)")
    elif (today - last).days > REVIEW_MAX_DAYS:
        needs.append(f"last reviewed {(today - last).days} days ago (more than {REVIEW_MAX_DAYS})")
    if not recorded_hash:
        needs.append("no review.content_hash recorded")
    elif str(recorded_hash) != body_hash:
        needs.append("content changed since the review (body MD5 differs from review.content_hash)")
    if stored == "needs_review":
        needs.append("marked needs_review, not reviewed since")
    if needs:
        return Derived("needs_review", needs)
    return Derived("up_to_date", [])


def is_pre_visual(diagram_sources: list[str]) -> bool:
    """Created before the visual-first spec: no diagram at all, or none that shows the four planes
    (a plane class on a flowchart node, or plane boxes in a sequence diagram)."""
    return not any(_PLANE_CLASS.search(s) or _SEQUENCE_BOX.search(s) for s in diagram_sources)


def review_priority(body: str, diagram_sources: list[str], status: str) -> tuple[str, str]:
    """(HIGH | MEDIUM | LOW, why): every page is in exactly one row of the matrix."""
    m = STREAM.search(body)
    if m:
        return "HIGH", f"'{m.group(0)}' reference: the Stream plane was removed"
    if is_pre_visual(diagram_sources):
        return "HIGH", "pre-visual: no diagram shows the four planes"
    if status != "up_to_date":
        return "MEDIUM", status
    return "LOW", "working diagram"


def bump_minor(version: str | None) -> str:
    """'1.0' -> '1.1', '1.9' -> '1.10'; no or unreadable version -> '1.0'."""
    if version is None or not VERSION_RE.match(str(version)):
        return "1.0"
    major, minor = str(version).split(".")
    return f"{int(major)}.{int(minor) + 1}"
