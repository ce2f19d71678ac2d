"""The technology index: one generated page per technology (/technologies/<slug>/) listing every page
that names it in `technologies`, with the version each page names. Built from front matter at build
time, like the other indexes; nothing here is committed per technology.

A `technologies` entry is free text, versioned where the version matters: 'Apache Kafka 3.6',
'PostgreSQL 16', 'Zuul 2', 'Kafka (LinkedIn release branches)'. Its name is the text without the
parenthetical and the trailing version; a few aliases fold spellings of one product together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..entries import Entry, entries
from .indexes import cell
from ..catalog import CATEGORIES
from ..technames import split

INDEX_REL = "technologies/index.md"


@dataclass(frozen=True)
class Mention:
    technology: str  # the canonical name
    version: str  # as the page writes it, '' if none
    entry: Entry


def slug(name: str) -> str:
    """URL slug: 'Rest.li' -> 'rest-li'; letters outside ASCII are kept ('μDeploy' -> 'μdeploy', not 'deploy')."""
    return re.sub(r"[\W_]+", "-", name.lower()).strip("-") or "technology"


def mentions(docs: Path) -> dict[str, list[Mention]]:
    """Canonical technology name -> every page naming it, by page path."""
    out: dict[str, list[Mention]] = {}
    for entry in entries(docs):
        techs = entry.meta.get("technologies")
        for text in techs if isinstance(techs, list) else []:
            name, version = split(text)
            if name:
                out.setdefault(name, []).append(Mention(name, version, entry))
    return out


def page_link(entry: Entry) -> str:
    """Link from a generated page at technologies/<slug>.md to a docs page."""
    return f"[{cell(entry.meta['title'])}](../{entry.rel})"


def technology_page(name: str, found: list[Mention], seen: list[str] | None = None) -> str:
    """A technology's page: every page naming it with the version it names, and -- when pages about it
    list them -- what on-call sees (`seen`: table lines from the 3 AM index)."""
    rows = sorted(found, key=lambda m: (m.entry.rel.split("/")[0], m.entry.rel))
    versions = sorted({m.version for m in found if m.version}, key=_version_key)
    lines = [f"# {name}", "",
             f"Every atlas page that names {name} in its technologies, with the version it names "
             "(generated from the pages' front matter)."
             + (f" Versions named: {', '.join(versions)}." if versions else ""), ""]
    if seen:
        lines += ["## What on-call sees", "", "Error strings verbatim, then symptoms; each with the page that "
                  "starts from it.", "", *seen, ""]
    lines += ["## Pages", "", "| category | page | version |", "|---|---|---|"]
    for m in rows:
        category = m.entry.rel.split("/")[0]
        lines.append(f"| {CATEGORIES[category][0]} | {page_link(m.entry)} | {cell(m.version) or '—'} |")
    return "\n".join(lines) + "\n"


def _version_key(version: str):
    """Versions in numeric order ('9.6' before '16'); a part that is not a number sorts after numbers."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s]", version)]


def slugs(names) -> dict[str, str]:
    """A unique slug per name ('Rest.li' and 'Rest li' would share one: the second gets '-2')."""
    out: dict[str, str] = {}
    for name in sorted(names, key=str.lower):
        base = candidate = slug(name)
        n = 1
        while candidate in out.values():
            n += 1
            candidate = f"{base}-{n}"
        out[name] = candidate
    return out


def technology_pages(docs: Path, seen: dict[str, list[str]] | None = None) -> dict[str, str]:
    """src path under docs/ -> Markdown of each generated technology page (`seen`: technology -> its
    "what on-call sees" table lines)."""
    found = mentions(docs)
    return {f"technologies/{s}.md": technology_page(name, found[name], (seen or {}).get(name))
            for name, s in slugs(found).items()}


def technology_list(docs: Path, index_rel: str = INDEX_REL) -> str:
    """The list on /technologies/: each technology A-Z with how many pages name it and the versions they
    name, under a filter box. A list, not a table, keeps the page light at a thousand pages; the categories
    are on each technology's page."""
    found = mentions(docs)
    if not found:
        return "*No pages name a technology yet.*\n"
    lines = ['<div class="atlas-filterbox" data-target="#atlas-technologies"><label for="atlas-tech-filter">'
             'Filter</label> <input id="atlas-tech-filter" type="search" autocomplete="off" '
             'placeholder="e.g. Kafka, PostgreSQL 16, DNS"> <span class="atlas-filterbox__count" aria-live="polite">'
             "</span></div>", "", '<div id="atlas-technologies" class="atlas-tech-list" markdown="1">', ""]
    letter = None
    for name, s in slugs(found).items():
        first = name[:1].upper() if name[:1].isalpha() else "#"
        if first != letter:
            lines += ["", f"### {first}", ""]
            letter = first
        pages = len({m.entry.rel for m in found[name]})
        versions = sorted({m.version for m in found[name] if m.version}, key=_version_key)
        lines.append(f"- [{cell(name)}]({s}.md) — {pages} page{'s' * (pages != 1)}"
                     + (f", versions {cell(', '.join(versions))}" if versions else ""))
    return "\n".join(lines) + "\n\n</div>\n"
