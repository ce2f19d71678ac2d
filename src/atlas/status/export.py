"""--export NAME: the Snapshot as a JSON, a CSV and a Markdown report, for the records."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .paths import EXPORT_DIR
from ..cache import atomic_write_text
from .scan import Snapshot
from .statuspage import render as render_markdown

CSV_FIELDS = ["path", "category", "system", "kind", "title", "version", "status", "priority", "last_reviewed",
              "content_hash", "body_hash", "sources", "primary_sources", "newest_source", "added", "reasons"]


class ExportError(Exception):
    pass


def export_paths(root: Path, name: str) -> dict[str, Path]:
    """NAME -> data/exports/NAME.{json,csv,md}; a NAME with a folder (reports/weekly) is taken as given."""
    if not name or name.strip() in (".", "..") or name.endswith("/"):
        raise ExportError(f"--export needs a report name, e.g. weekly_report (got {name!r})")
    p = Path(name)
    for suffix in (".json", ".csv", ".md"):
        if p.suffix == suffix:
            p = p.with_suffix("")
    base = p if len(p.parts) > 1 or p.is_absolute() else root / EXPORT_DIR / p
    return {ext: base.with_name(base.name + f".{ext}") for ext in ("json", "csv", "md")}


def to_csv(snap: Snapshot) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for p in snap.pages:
        row = {k: getattr(p, k) for k in CSV_FIELDS if k != "reasons"}
        row["reasons"] = "; ".join(p.reasons)
        w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return buf.getvalue()


def export(snap: Snapshot, name: str) -> dict[str, Path]:
    paths = export_paths(snap.root, name)
    doc = {**snap.metrics(), "pages_detail": snap.status_document()["pages"]}
    atomic_write_text(paths["json"], json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    atomic_write_text(paths["csv"], to_csv(snap))
    md = render_markdown(snap, report=True)
    md += "\n## Every page\n\n| Page | Status | Priority | Version | Last reviewed |\n|---|---|---|---|---|\n"
    md += "".join(f"| `{p.path}` | {p.status} | {p.priority} | {p.version or '—'} | {p.last_reviewed or '—'} |\n"
                  for p in snap.pages)
    atomic_write_text(paths["md"], md)
    return paths
