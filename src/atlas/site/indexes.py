"""Index tables generated from the pages' front matter at build time, never hand-kept (the markers
that place them are in atlas.site.markers). Pages whose front matter does not load are left out here:
`atlas lint` is where they are reported."""

from __future__ import annotations

from pathlib import Path

from ..catalog import GROUPS, folder_title
from ..entries import Entry, entries


def cell(value) -> str:
    """A value safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(value if value is not None else "").split()).replace("|", "\\|")


def link(entry: Entry, index_rel: str) -> str:
    """A Markdown link to the entry, relative to the index page's folder."""
    base = Path(index_rel).parent
    target = Path(entry.rel).relative_to(base).as_posix() if base.parts else entry.rel
    return f"[{cell(entry.meta['title'])}]({target})"


def response_patterns(docs: Path, index_rel: str = "incidents/index.md") -> str:
    """The response-pattern pages, each with its one-line summary."""
    found = [e for e in entries(docs, "incidents") if e.rel.split("/")[1] == "response-patterns"]
    if not found:
        return "*No response-pattern pages yet.*\n"
    return "\n".join(f"- {link(e, index_rel)}: {cell(e.meta.get('summary'))}" for e in found) + "\n"


def debugging_by_symptom(docs: Path, index_rel: str = "debugging/index.md") -> str:
    """Debugging guides grouped as the catalog groups them; in each group, every symptom on-call may see,
    alphabetically, with the guide that starts from it."""
    by_group: dict[str, list[Entry]] = {}
    for entry in entries(docs, "debugging"):
        by_group.setdefault(entry.rel.split("/")[1], []).append(entry)
    if not by_group:
        return "*No debugging guides yet.*\n"
    parts = []
    for group in [g for g in GROUPS["debugging"] if g in by_group] + sorted(set(by_group) - set(GROUPS["debugging"])):
        rows = sorted(((cell(symptom), link(e, index_rel)) for e in by_group[group]
                       for symptom in (e.meta.get("symptoms") or [e.meta.get("summary", "")])),
                      key=lambda r: r[0].lower())
        parts.append(f"## {folder_title(group)}\n\n| symptom | guide |\n|---|---|\n"
                     + "\n".join(f"| {s} | {g} |" for s, g in rows) + "\n")
    return "\n".join(parts)


def sortable(table: str, caption: str) -> str:
    return f'<div class="atlas-sortable" markdown="1" data-caption="{caption}">\n\n{table}\n\n</div>\n'
