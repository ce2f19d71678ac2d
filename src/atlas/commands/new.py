"""`atlas new`: write a page skeleton with the contract's front matter and its gates' sections.

Every placeholder is written as TODO, which PH001 rejects: an unfinished skeleton cannot pass lint."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from ..cache import atomic_write_text
from ..catalog import (CATEGORIES, GROUPS, HOME_SECTIONS, ROOT_CAUSES, SYSTEM_KINDS, SYSTEMS, gate_elements_for,
                       needs_symptoms)
from ..planes import PLANES

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def page_path(docs: Path, category: str, slug: str | None, system: str | None, kind: str | None,
              group: str | None) -> Path:
    """Where the page goes, or ValueError with a one-line reason."""
    if category not in CATEGORIES and category not in HOME_SECTIONS:
        raise ValueError(f"unknown category {category!r}; one of: {', '.join([*CATEGORIES, *HOME_SECTIONS])}")
    if category == "systems":
        if system not in SYSTEMS:
            raise ValueError(f"--system must be one of: {', '.join(SYSTEMS)}")
        kind = kind or slug
        if kind not in SYSTEM_KINDS:
            raise ValueError(f"--kind must be one of: {', '.join(SYSTEM_KINDS)}")
        return docs / "systems" / system / f"{kind}.md"
    if not slug or not SLUG.match(slug):
        raise ValueError("--slug must be lowercase words joined by '-' (e.g. kafka-consumer-lag)")
    if category in GROUPS:
        if group not in GROUPS[category]:
            raise ValueError(f"--group must be one of: {', '.join(GROUPS[category])}")
        return docs / category / group / f"{slug}.md"
    if group:
        return docs / category / group / f"{slug}.md"
    return docs / category / f"{slug}.md"


def skeleton(category: str, title: str, system: str | None, kind: str | None, group: str | None = None) -> str:
    today = dt.date.today().isoformat()
    fm = [
        "---",
        f"title: {title}",
        f"category: {category}",
        *( [f"system: {system}", f"kind: {kind}"] if category == "systems" else [] ),
        "summary: TODO one sentence that tells on-call what this page answers",
        "technologies:",
        "  - TODO technology with version (e.g. PostgreSQL 16)",
    ]
    if needs_symptoms(category, kind) or category in ("incidents", "debugging"):
        fm += ["symptoms:", "  - TODO what on-call sees, in their words"]
    if category in ("incidents", "debugging"):
        fm += ["error_signatures:", "  - TODO exact string from a log, alert or CLI"]
    if category == "incidents":
        fm += [
            "incident:  # from the primary source; the incident index is generated from this block",
            f"  date: {today}  # TODO start date (UTC), the same as the file name's",
            "  duration: TODO as published",
            "  company: TODO",
            f"  root_cause: TODO  # one of: {', '.join(ROOT_CAUSES)}",
            "  blast_radius: TODO who and what was affected",
        ]
    fm += [
        "sources:  # the body cites each one as [^id] right after the claim; the build lists them",
        "  - id: todo-primary  # TODO short id, unique on the page (e.g. zuul2-blog)",
        "    url: TODO https URL of a primary source you actually read, to its end",
        "    title: TODO the source's own title",
        "    publisher: TODO",
        f"    published: {today}  # TODO the date the source shows (or 'undated' with a note saying why)",
        "    confidence: A",
        f"    accessed: {today}",
        "  - id: todo-second",
        "    url: TODO https URL of a second source",
        "    title: TODO",
        "    publisher: TODO",
        f"    published: {today}",
        "    confidence: B",
        f"    accessed: {today}",
        "version: '0.1'",
        "review:",
        "  status: needs_review",
        "---",
        "",
        f"# {title}",
        "",
        "TODO context: what this is, at what scale, and why it matters at 3 AM; each number cites its "
        "source right after it.[^todo-primary] An estimate says est. or ~ and shows its derivation.[^todo-second]",
        "",
        "```mermaid",
        "flowchart LR",
    ]
    for p in PLANES:
        fm += [f'    subgraph {p.name}Plane["{p.emoji} {p.name}"]', f'        {p.name.upper()}1["TODO {p.name.lower()} component"]', "    end"]
    fm += ["    EDGE1 --> SERVICE1", "    SERVICE1 --> STATE1", "    CONTROL1 --> SERVICE1", ""]
    fm += [f"    {p.class_def}" for p in PLANES]
    fm += [f"    class {p.name.upper()}1 {p.css_class}" for p in PLANES]
    fm += ["```", "", "| metric | value | source |", "|---|---|---|", "| TODO | TODO | [^todo-primary] |", ""]
    for _gate, _element, cues in gate_elements_for(category, kind, group):
        if cues:
            fm += [f"## {cues[0]}", "", "TODO (or, if it truly does not apply, delete the section and declare "
                   "`not_applicable: {element: reason}` in front matter)", ""]
    return "\n".join(fm)


def run(args) -> int:
    docs = Path(args.docs)
    try:
        path = page_path(docs, args.category, args.slug, args.system, args.kind, args.group)
    except ValueError as exc:
        print(f"atlas new: {exc}", file=sys.stderr)
        return 2
    if path.exists() and not args.force:
        print(f"atlas new: {path} exists (use --force to overwrite)", file=sys.stderr)
        return 1
    kind = args.kind or (args.slug if args.category == "systems" else None)
    title = args.title or (path.stem.replace("-", " ").capitalize())
    atomic_write_text(path, skeleton(args.category, title, args.system, kind, args.group))
    print(f"wrote {path}: replace every TODO, then `atlas lint {path}`")
    return 0
