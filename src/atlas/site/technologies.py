"""The technology index: one generated page per technology (/technologies/<slug>/) listing every page
that names it in `technologies`, with the version each page names, and the A-Z list of them on
/technologies/. Built from front matter at build time, like the other indexes; nothing here is committed
per technology. Both stay under the page-weight budget at any size (atlas.site.paging): a technology page
too long for one page continues in /technologies/<slug>/2/, ...; a list too long for one page is cut
into letter ranges (/technologies/a-z/a-c/, ...) with a filter over all of them on /technologies/.

A `technologies` entry is free text, versioned where the version matters: 'Apache Kafka 3.6',
'PostgreSQL 16', 'Zuul 2', 'Kafka (LinkedIn release branches)'. Its name is the text without the
parenthetical and the trailing version; a few aliases fold spellings of one product together."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import CATEGORIES
from ..entries import Entry, entries
from ..technames import split
from . import paging
from .indexes import cell, code_cell
from .paging import Part, guide_words, links_to_parts, markdown_bytes, split_rows

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


def page_link(entry: Entry, from_rel: str = "technologies/x.md") -> str:
    """Link from a generated page at `from_rel` to a docs page."""
    return f"[{cell(entry.meta['title'])}]({posixpath.relpath(entry.rel, posixpath.dirname(from_rel))})"


# The pages table on a technology page: the pages on-call opens first, then the catalog's order.
ON_CALL_FIRST = ("debugging", "incidents", "systems")
PAGE_ORDER = [*ON_CALL_FIRST, *(c for c in CATEGORIES if c not in ON_CALL_FIRST)]


@dataclass
class TechPart:
    rel: str
    markdown: str
    sections: list[str]  # the sections it holds: 'seen' (what on-call sees), 'pages'
    continued: set[str]  # the sections it continues from the part before
    ranges: list[str] = field(default_factory=list)  # guide words of its signals, when they span parts


SECTION_TITLES = {"seen": "What on-call sees", "pages": "Pages"}
SECTION_WORDS = {"seen": "what on-call sees", "pages": "pages naming it"}
TABLE_HEADS = {"seen": ["| what you see | page |", "|---|---|"],
               "pages": ["| category | page | version |", "|---|---|---|"]}


def part_rel(slug_: str, number: int) -> str:
    """Where part `number` of a technology's page is: technologies/<slug>.md, then technologies/<slug>/<n>.md."""
    return f"technologies/{slug_}.md" if number == 1 else f"technologies/{slug_}/{number}.md"


def technology_parts(name: str, slug_: str, found: list[Mention], seen: list | None = None) -> list[TechPart]:
    """A technology's page: every page naming it with the version it names, and -- when pages about it
    list them -- what on-call sees (`seen`: (kind, text, entry) rows, errors first), in as many parts as
    the page-weight budget needs (atlas.site.paging): what on-call sees first, then the pages, on-call's
    categories first."""
    rank = {c: i for i, c in enumerate(PAGE_ORDER)}
    mentioned = sorted(found, key=lambda m: (rank.get(m.entry.rel.split("/")[0], len(rank)), m.entry.rel))
    rows: list[tuple[str, object]] = [("seen", r) for r in seen or []] + [("pages", m) for m in mentioned]

    def line(row, rel: str) -> str:
        section, item = row
        if section == "seen":
            kind, text, entry = item
            return f"| {code_cell(text) if kind == 'error' else cell(text)} | {page_link(entry, rel)} |"
        category = CATEGORIES.get(item.entry.rel.split("/")[0], (item.entry.rel.split("/")[0],))[0]
        return f"| {category} | {page_link(item.entry, rel)} | {cell(item.version) or '—'} |"

    versions = sorted({m.version for m in found if m.version}, key=_version_key)
    intro = (f"Every atlas page that names {name} in its technologies, with the version it names "
             "(generated from the pages' front matter)."
             + (f" Versions named: {', '.join(versions)}." if versions else ""))
    budget = paging.PART_BUDGET - paging.PART_HEAD - markdown_bytes(intro)  # its versions can be long
    chunks = split_rows(rows, lambda r: markdown_bytes(line(r, part_rel(slug_, 2))), budget)
    parts: list[TechPart] = []
    for n, chunk in enumerate(chunks, start=1):
        rel = part_rel(slug_, n)
        sections = list(dict.fromkeys(s for s, _ in chunk))
        before = {s for c in chunks[: n - 1] for s, _ in c}
        parts.append(TechPart(rel, "", sections, before & set(sections)))
    _name_signal_ranges(parts, chunks)
    for n, (part, chunk) in enumerate(zip(parts, chunks), start=1):
        lines = [f"# {name}" + (f" (part {n} of {len(parts)})" if len(parts) > 1 else ""), "",
                 intro if n == 1 else f"Continued from [part {n - 1}]({_to(part.rel, parts[n - 2].rel)}).", ""]
        if len(parts) > 1:
            lines += [_parts_line(parts, part), ""]
        for section in part.sections:
            heading = SECTION_TITLES[section] + (" (continued)" if section in part.continued else "")
            lines += [f"## {heading}", ""]
            if section == "seen" and section not in part.continued:
                lines += ["Error strings verbatim, then symptoms; each with the page that starts from it.", ""]
            lines += [*TABLE_HEADS[section], *(line(r, part.rel) for r in chunk if r[0] == section), ""]
        if n < len(parts):
            lines += [f"Continued in [part {n + 1}]({_to(part.rel, parts[n].rel)}).", ""]
        part.markdown = "\n".join(lines).rstrip("\n") + "\n"
    return parts


def _name_signal_ranges(parts: list[TechPart], chunks: list[list]) -> None:
    """Give each part the guide words of the error strings and symptoms it holds, when they span parts,
    so the line of parts says which one to open for a string (and the browser's find does the rest)."""
    for kind, words in (("error", "error strings"), ("symptom", "symptoms")):
        held = [(part, [r[1][1] for r in chunk if r[0] == "seen" and r[1][0] == kind])
                for part, chunk in zip(parts, chunks)]
        held = [(part, texts) for part, texts in held if texts]
        if len(held) == 1 and len(parts) > 1:
            held[0][0].ranges.append(f"every {words[:-1]}" if len(held[0][1]) == 1 else f"all {words}")
        elif len(held) > 1:
            for (part, _), gw in zip(held, guide_words([t for _, t in held], key=lambda t: " ".join(t.split()))):
                part.ranges.append(f"{words} " + (f"`{gw.first}`–`{gw.last}`" if kind == "error" else gw.label))


def _to(rel: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(rel))


def _describe(part: TechPart) -> str:
    words = [SECTION_WORDS[s] + (" (continued)" if s in part.continued else "") for s in part.sections]
    if part.ranges:
        words[0] += ": " + ", ".join(part.ranges)
    return "; ".join(words)


def _parts_line(parts: list[TechPart], current: TechPart) -> str:
    """'In 3 parts: **1: what on-call sees** · [2: ...](...) · ...' (the current part in bold, not a link)."""
    items = [f"**{n}: {_describe(p)}**" if p is current else f"[{n}: {_describe(p)}]({_to(current.rel, p.rel)})"
             for n, p in enumerate(parts, start=1)]
    return f"In {len(parts)} parts, each light enough to load at once: " + " · ".join(items)


def technology_page(name: str, found: list[Mention], seen: list | None = None) -> str:
    """A technology's page as one Markdown text (its parts one after another): for the tests' eyes."""
    return "\n".join(p.markdown for p in technology_parts(name, slug(name), found, seen))


def _version_key(version: str):
    """Versions in numeric order ('9.6' before '16'); a part that is not a number sorts after numbers."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s]", version)]


# Slugs a technology may not take: the index page, and the folder of the A-Z list's parts.
RESERVED = {"index", "a-z"}


def slugs(names) -> dict[str, str]:
    """A unique slug per name ('Rest.li' and 'Rest li' would share one: the second gets '-2'); never one of
    RESERVED (a technology named 'Index' gets 'index-2')."""
    out: dict[str, str] = {}
    taken = set(RESERVED)
    for name in sorted(names, key=str.lower):
        base = candidate = slug(name)
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        out[name] = candidate
        taken.add(candidate)
    return out


def all_technology_parts(docs: Path, seen: dict[str, list] | None = None, only=None) -> dict[str, list[TechPart]]:
    """technology -> its page's parts (`seen`: technology -> its (kind, text, entry) signal rows; `only`:
    the technologies wanted, if not all)."""
    found = mentions(docs)
    return {name: technology_parts(name, s, found[name], (seen or {}).get(name)) for name, s in slugs(found).items()
            if only is None or name in only}


def technology_pages(docs: Path, seen: dict[str, list] | None = None) -> dict[str, str]:
    """src path under docs/ -> Markdown of each generated technology page and part."""
    return {p.rel: p.markdown for parts in all_technology_parts(docs, seen).values() for p in parts}


# --- the A-Z list (/technologies/) -----------------------------------------------------------------

LIST_FOLDER = "technologies/a-z"
TECHNOLOGIES_JSON = "assets/atlas/technologies.json"


def _list_rows(docs: Path) -> list[tuple[str, str, str]]:
    """(name, slug, 'N pages, versions ...') for every technology, A-Z."""
    found = mentions(docs)
    rows = []
    for name, s in slugs(found).items():
        pages = len({m.entry.rel for m in found[name]})
        versions = sorted({m.version for m in found[name] if m.version}, key=_version_key)
        note = f"{pages} page{'s' * (pages != 1)}" + (f", versions {', '.join(versions)}" if versions else "")
        rows.append((name, s, note))
    return sorted(rows, key=lambda r: (_letter(r[0]) != "#", r[0].lower()))


def _letter(name: str) -> str:
    """The list's heading for a name: its first letter A-Z, or '#' (digits, signs, other scripts: 'μDeploy')."""
    first = name[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def _list_key(name: str) -> str:
    """Where a name sorts in the list, and the key its guide words come from: '#' names first, then A-Z."""
    return name if _letter(name) != "#" else "#" + name


def _list_item(row, from_rel: str) -> str:
    name, s, note = row
    return f"- [{cell(name)}]({_to(from_rel, f'technologies/{s}.md')}) — {cell(note)}"


def list_parts(docs: Path) -> list[Part]:
    """The A-Z list cut into parts under the page-weight budget, whole letters where they fit, each named
    by its guide words ('A–C', 'D–Sm', 'Sn–Z')."""
    rows = _list_rows(docs)
    chunks = split_rows(rows, lambda r: markdown_bytes(_list_item(r, f"{LIST_FOLDER}/x.md")) + 4,
                        together=lambda r: _letter(r[0]))
    return guide_words(chunks, key=lambda r: _list_key(r[0]))


def _list_markdown(rows, from_rel: str) -> list[str]:
    lines = [f'<div class="atlas-filterbox" data-target="#atlas-technologies"><label for="atlas-tech-filter">'
             'Filter</label> <input id="atlas-tech-filter" type="search" autocomplete="off" '
             'placeholder="e.g. Kafka, PostgreSQL 16, DNS"> <span class="atlas-filterbox__count" aria-live="polite">'
             "</span></div>", "", '<div id="atlas-technologies" class="atlas-tech-list" markdown="1">', ""]
    letter = None
    for row in rows:
        if _letter(row[0]) != letter:
            letter = _letter(row[0])
            lines += ["", f"### {letter}", ""]
        lines.append(_list_item(row, from_rel))
    return lines + ["", "</div>"]


def list_part_rel(part: Part) -> str:
    return f"{LIST_FOLDER}/{part.slug}.md"


def technology_list(docs: Path, index_rel: str = INDEX_REL) -> str:
    """/technologies/: each technology A-Z with how many pages name it and the versions they name, under a
    filter box. When the list outgrows one page (atlas.site.paging), the page holds a filter over every
    technology (technologies.json, loaded on first use), the most-named ones, and the list's parts by
    letter range, each a page with the same list and filter box."""
    parts = list_parts(docs)
    if not parts[0].rows:
        return "*No pages name a technology yet.*\n"
    if len(parts) == 1:
        return "\n".join(_list_markdown(parts[0].rows, index_rel)) + "\n"
    total = sum(len(p.rows) for p in parts)
    lines = ['<div class="atlas-index-filter" data-src="assets/atlas/technologies.json">'
             '<label for="atlas-index-filter-input">Filter every technology</label>'
             '<input id="atlas-index-filter-input" type="search" autocomplete="off" spellcheck="false" '
             'placeholder="e.g. Kafka, PostgreSQL 16, DNS">'
             '<p class="atlas-index-filter__count" aria-live="polite"></p><ol class="atlas-index-filter__results"></ol>'
             "</div>", "", f"The {total:,} technologies A–Z, in {len(parts)} pages:", ""]
    for part in parts:
        lines.append(f"- [{part.label}]({_to(index_rel, list_part_rel(part))}): {len(part.rows)} technologies, "
                     f"{cell(part.rows[0][0])} to {cell(part.rows[-1][0])}")
    found = mentions(docs)
    named = {n: len({m.entry.rel for m in found[n]}) for n in found}
    busiest = sorted((n for n in found if named[n] > 1), key=lambda n: (-named[n], n.lower()))[:MOST_NAMED]
    slug_of = slugs(found)
    if busiest:
        lines += ["", f"The {len(busiest)} most named, with how many pages name each: " + " · ".join(
            f"[{cell(n)}]({_to(index_rel, f'technologies/{slug_of[n]}.md')}) ({named[n]})" for n in busiest)]
    return "\n".join(lines) + "\n"


MOST_NAMED = 30  # on /technologies/ when its list is in parts: one click to the technologies most pages name


def technology_list_pages(docs: Path) -> dict[str, str]:
    """src path -> Markdown of each part of the A-Z list, when it has more than one (see technology_list)."""
    parts = list_parts(docs)
    if len(parts) < 2:
        return {}
    out = {}
    for part in parts:
        rel = list_part_rel(part)
        others = links_to_parts(parts, list_part_rel, rel, part)
        lines = [f"# Technologies {part.label}", "",
                 f"Part {part.number} of {len(parts)} of [the technologies]({_to(rel, INDEX_REL)}) the atlas names, "
                 "each with how many pages name it and the versions they name (generated from the pages' "
                 f"front matter): {others}.", "", *_list_markdown(part.rows, rel)]
        out[rel] = "\n".join(lines) + "\n"
    return out


def technologies_json(docs: Path) -> list[dict]:
    """Every technology for the filter on /technologies/: name, its page's URL under the site root, and
    how many pages name it with which versions."""
    return [{"text": name, "url": f"technologies/{s}/", "note": note} for name, s, note in _list_rows(docs)]
