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


def _guides_by_group(docs: Path) -> dict[str, list[Entry]]:
    by_group: dict[str, list[Entry]] = {}
    for entry in entries(docs, "debugging"):
        by_group.setdefault(entry.rel.split("/")[1], []).append(entry)
    order = [g for g in GROUPS["debugging"] if g in by_group] + sorted(set(by_group) - set(GROUPS["debugging"]))
    return {g: sorted(by_group[g], key=lambda e: str(e.meta["title"]).lower()) for g in order}


def symptom_table(guides: list[Entry], index_rel: str) -> str:
    """Every symptom on-call may see in these guides, alphabetically, with the guide that starts from it."""
    rows = sorted(((cell(symptom), link(e, index_rel)) for e in guides
                   for symptom in (e.meta.get("symptoms") or [e.meta.get("summary", "")])),
                  key=lambda r: r[0].lower())
    return "| symptom | guide |\n|---|---|\n" + "\n".join(f"| {s} | {g} |" for s, g in rows) + "\n"


def debugging_by_symptom(docs: Path, index_rel: str = "debugging/index.md") -> str:
    """The debugging index: each group with its guides, and a link to the group's page, where every symptom of
    its guides is listed with the guide that starts from it (one page for all of them outgrew the page-weight
    budget at 100 guides)."""
    groups = _guides_by_group(docs)
    if not groups:
        return "*No debugging guides yet.*\n"
    parts = []
    for group, guides in groups.items():
        parts.append(f"## {folder_title(group)}\n\n[Every symptom in this group, with its guide]({group}/index.md) · "
                     + " · ".join(link(e, index_rel) for e in guides) + "\n")
    return "\n".join(parts)


def debugging_group_pages(docs: Path) -> dict[str, str]:
    """src path -> Markdown of each debugging group's page: its symptoms table (generated, never in docs/)."""
    out = {}
    for group, guides in _guides_by_group(docs).items():
        rel = f"debugging/{group}/index.md"
        out[rel] = (f"# {folder_title(group)}\n\nEvery symptom on-call may see, alphabetically, with the guide "
                    f"that starts from it ({len(guides)} guides; generated from their front matter). Have an exact "
                    "error line? Paste it into the search box, or try the [3 AM index](../../incident-response-index.md)."
                    f"\n\n" + symptom_table(guides, rel))
    return out


def sortable(table: str, caption: str) -> str:
    return f'<div class="atlas-sortable" markdown="1" data-caption="{caption}">\n\n{table}\n\n</div>\n'
