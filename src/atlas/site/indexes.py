"""Index tables generated from the pages' front matter at build time, never hand-kept (the markers
that place them are in atlas.site.markers). Pages whose front matter does not load are left out here:
`atlas lint` is where they are reported."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ..catalog import GROUPS, folder_title
from ..entries import Entry, entries
from .paging import guide_words, links_to_parts, markdown_bytes, split_rows


def cell(value) -> str:
    """A value safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(value if value is not None else "").split()).replace("|", "\\|")


def code_cell(text: str) -> str:
    """An error string shown verbatim (code span), safe in a table cell."""
    text = " ".join(text.split()).replace("|", "\\|")
    ticks = "``" if "`" in text else "`"
    return f"{ticks} {text} {ticks}" if ticks == "``" else f"`{text}`"


def link(entry: Entry, index_rel: str) -> str:
    """A Markdown link to the entry, relative to the index page's folder."""
    return f"[{cell(entry.meta['title'])}]({posixpath.relpath(entry.rel, posixpath.dirname(index_rel) or '.')})"


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


def _symptoms(guides: list[Entry]) -> list[tuple[str, Entry]]:
    return sorted(((cell(symptom), e) for e in guides
                   for symptom in (e.meta.get("symptoms") or [e.meta.get("summary", "")])), key=lambda r: r[0].lower())


def _symptom_line(row: tuple[str, Entry], rel: str) -> str:
    return f"| {row[0]} | {link(row[1], rel)} |"


def symptom_parts(group: str, guides: list[Entry]) -> list:
    """Every symptom on-call may see in a group's guides, alphabetically, in pages under the page-weight
    budget: debugging/<group>/index.md, and if the group outgrows it debugging/<group>/symptoms-<range>.md
    for the later letters (guide words, as atlas.site.paging names them)."""
    rows = _symptoms(guides)
    chunks = split_rows(rows, lambda r: markdown_bytes(_symptom_line(r, f"debugging/{group}/x.md")),
                        together=lambda r: r[0][:1].lower())
    parts = guide_words(chunks, key=lambda r: r[0])
    for part in parts:
        part.slug = "index" if part.number == 1 else f"symptoms-{part.slug}"
    return parts


def _symptom_rel(group: str, part) -> str:
    return f"debugging/{group}/{part.slug}.md"


def debugging_by_symptom(docs: Path, index_rel: str = "debugging/index.md") -> str:
    """The debugging index: each group with its guides, and a link to the group's page, where every symptom of
    its guides is listed with the guide that starts from it (one page for all of them outgrew the page-weight
    budget at 100 guides)."""
    groups = _guides_by_group(docs)
    if not groups:
        return "*No debugging guides yet.*\n"
    out = []
    for group, guides in groups.items():
        parts = symptom_parts(group, guides)
        where = (f"[Every symptom in this group, with its guide]({group}/index.md)" if len(parts) == 1 else
                 "Every symptom in this group, with its guide: "
                 + links_to_parts(parts, lambda p, g=group: _symptom_rel(g, p), index_rel))
        out.append(f"## {folder_title(group)}\n\n{where} · " + " · ".join(link(e, index_rel) for e in guides) + "\n")
    return "\n".join(out)


def debugging_group_pages(docs: Path) -> dict[str, str]:
    """src path -> Markdown of each debugging group's page (and of its later letters' pages): its symptoms
    table (generated, never in docs/)."""
    out = {}
    for group, guides in _guides_by_group(docs).items():
        parts = symptom_parts(group, guides)
        for part in parts:
            rel = _symptom_rel(group, part)
            pages = "" if len(parts) == 1 else (f" This page holds {part.label}: "
                                                f"{links_to_parts(parts, lambda p, g=group: _symptom_rel(g, p), rel, part)}.")
            out[rel] = (f"# {folder_title(group)}" + (f": {part.label}" if len(parts) > 1 else "") +
                        "\n\nEvery symptom on-call may see, alphabetically, with the guide "
                        f"that starts from it ({len(guides)} guides; generated from their front matter).{pages} Have an "
                        "exact error line? Paste it into the search box, or try the "
                        f"[3 AM index]({posixpath.relpath('incident-response-index.md', posixpath.dirname(rel))}).\n\n"
                        "| symptom | guide |\n|---|---|\n" + "\n".join(_symptom_line(r, rel) for r in part.rows) + "\n")
    return out


def sortable(table: str, caption: str) -> str:
    return f'<div class="atlas-sortable" markdown="1" data-caption="{caption}">\n\n{table}\n\n</div>\n'
