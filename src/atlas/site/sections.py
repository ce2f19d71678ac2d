"""What the home page and the category pages say about the tree, generated so it is never stale: how many
companies and pages there are (count markers), which sections have pages (the home page's table), and the
Systems page's list of companies with their eight pages."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ..catalog import CATEGORIES, SYSTEM_KINDS, SYSTEMS, SYSTEM_NAMES, is_catalogued_rel

COUNT = re.compile(r"<!-- atlas:count:(companies|pages)(?::([a-z-]+))? -->")
KIND_TITLES = {k: k.replace("-", " ") for k in SYSTEM_KINDS}


def companies(docs: Path) -> list[str]:
    """System slugs, in the catalog's order, whose folder holds at least one written page."""
    return [s for s in SYSTEMS if any(p.name != "index.md" for p in (docs / "systems" / s).glob("*.md"))]


def page_count(docs: Path, category: str | None = None) -> int:
    folders = [category] if category else list(CATEGORIES)
    return sum(1 for c in folders for p in (docs / c).rglob("*.md")
               if is_catalogued_rel(p.relative_to(docs).as_posix()))


def expand_counts(markdown: str, docs: Path) -> str:
    def number(m: re.Match) -> str:
        what, category = m.groups()
        return f"{len(companies(docs)) if what == 'companies' else page_count(docs, category):,}"
    return COUNT.sub(number, markdown)


def systems_list(docs: Path, index_rel: str = "systems/index.md") -> str:
    """Each company with pages: its overview and each of its pages, in the eight kinds' order."""
    lines = []
    for slug in companies(docs):
        folder = docs / "systems" / slug
        name = SYSTEM_NAMES.get(slug, slug)
        head = f"[{name}]({slug}/index.md)" if (folder / "index.md").is_file() else name
        links = [f"[{KIND_TITLES[k]}]({slug}/{k}.md)" for k in SYSTEM_KINDS if (folder / f"{k}.md").is_file()]
        lines.append(f"- **{head}** ({len(links)} of {len(SYSTEM_KINDS)}): " + " · ".join(links))
    return "\n".join(lines) + "\n" if lines else "*No systems pages yet.*\n"


def sections_table(docs: Path, index_rel: str = "index.md") -> str:
    """The catalog's categories with how many pages each has; only those with pages are links."""
    rows = ["| section | pages | target |", "|---|---|---|"]
    for category, (title, target) in CATEGORIES.items():
        n = page_count(docs, category)
        label = f"[{title}]({category}/index.md)" if n and (docs / category / "index.md").is_file() else title
        rows.append(f"| {label} | {n:,} | {target:,} |" if n else f"| {label} | not written yet | {target:,} |")
    return "\n".join(rows) + "\n"


CATEGORY_MAP = "<!-- atlas:category-map -->"


def _groups(docs: Path, category: str):
    """(group, its pages A-Z by title) in the catalog's order, for the groups with pages."""
    from ..catalog import GROUPS
    from ..entries import entries

    found = entries(docs, category)
    groups = GROUPS.get(category) or sorted({e.rel.split("/")[1] for e in found if e.rel.count("/") == 2})
    for group in groups:
        pages = sorted((e for e in found if e.rel.split("/")[1:2] == [group]), key=lambda e: str(e.meta["title"]).lower())
        if pages:
            yield group, pages


def _link(entry, from_rel: str) -> str:
    return f"[{entry.meta['title']}]({posixpath.relpath(entry.rel, posixpath.dirname(from_rel))})"


def category_map(docs: Path, index_rel: str) -> str:
    """A category's index: each group (in the catalog's order) with its pages, and a link to the group's
    page, where each page has its one-line summary (category_group_pages: every summary on one page
    outgrew the page-weight budget at 90 patterns)."""
    from ..catalog import folder_title

    category = index_rel.split("/", 1)[0]
    parts = []
    for group, pages in _groups(docs, category):
        parts.append(f"## {folder_title(group)}\n\n[Each with its summary]({group}/index.md) · "
                     + " · ".join(_link(e, index_rel) for e in pages) + "\n")
    return "\n".join(parts) if parts else "*No pages yet.*\n"


def category_group_pages(docs: Path) -> dict[str, str]:
    """src path -> Markdown of each group's page of a category whose index holds the category map: the
    group's pages A-Z, each with its one-line summary."""
    from ..catalog import folder_title

    out = {}
    for category in CATEGORIES:
        index = docs / category / "index.md"
        try:
            if CATEGORY_MAP not in index.read_text(encoding="utf-8"):
                continue
        except (OSError, UnicodeDecodeError):
            continue
        for group, pages in _groups(docs, category):
            rel = f"{category}/{group}/index.md"
            back = posixpath.relpath(f"{category}/index.md", posixpath.dirname(rel))
            lines = [f"# {folder_title(group)}", "", f"The {len(pages)} pages of this group, each with its one-line "
                     f"summary (generated from their front matter). [Every group]({back}).", ""]
            lines += [f"- {_link(e, rel)}: {' '.join(str(e.meta.get('summary', '')).split())}" for e in pages]
            out[rel] = "\n".join(lines) + "\n"
    return out
