"""What rules may know beyond the page itself: the docs tree, the nav, the parsed diagrams."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify

from ..catalog import CATEGORIES, HOME_SECTIONS, UNCATALOGUED_SECTIONS
from ..mermaid_worker import ParseResult
from ..pages import Page, PageError, load_page

_EXPLICIT_ID = re.compile(r"\{\s*#([\w-]+)[^}]*\}\s*$")


def heading_anchor(text: str) -> str:
    """The id Python-Markdown's toc extension gives a heading (or its explicit {#id})."""
    m = _EXPLICIT_ID.search(text)
    if m:
        return m.group(1)
    return slugify(text, "-")


@dataclass
class LintContext:
    docs_root: Path | None
    results: dict[str, ParseResult] = field(default_factory=dict)  # diagram digest -> parse result
    nav_reached: set[str] | None = None  # rel paths the nav reaches (None: not known)
    _files: set[str] | None = None
    _pages: dict[str, Page | None] = field(default_factory=dict)

    def result(self, digest: str) -> ParseResult | None:
        return self.results.get(digest)

    @property
    def files(self) -> set[str]:
        """Every file under the docs root, as posix paths relative to it."""
        if self._files is None:
            if self.docs_root is None:
                self._files = set()
            else:
                root = self.docs_root
                self._files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        return self._files

    def remember(self, page: Page) -> None:
        if page.rel:
            self._pages[page.rel] = page

    def page(self, rel: str) -> Page | None:
        if rel not in self._pages:
            try:
                self._pages[rel] = load_page(self.docs_root / rel, self.docs_root) if self.docs_root else None
            except (PageError, OSError):
                self._pages[rel] = None
        return self._pages[rel]

    def anchors(self, rel: str) -> set[str] | None:
        page = self.page(rel)
        if page is None:
            return None
        return _anchors(tuple(h.text for h in page.headings))

    def resolve(self, page: Page, target: str) -> tuple[str | None, str | None]:
        """Resolve an internal link to (rel path of the target file or None, fragment or None).

        Accepts Markdown links (`../x/y.md#a`) and directory URLs (`../x/y/`)."""
        parts = urlsplit(target)
        fragment = unquote(parts.fragment) or None
        if not parts.path:
            return page.rel, fragment
        if parts.path.startswith("/"):
            base = parts.path.lstrip("/")
        else:
            base = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), unquote(parts.path)))
        if base.startswith(".."):
            return None, fragment
        files = self.files
        base = base.rstrip("/")
        for candidate in (base, f"{base}.md", f"{base}/index.md", f"{base}/README.md"):
            if candidate in files:
                return candidate, fragment
        # A sibling page addressed by its URL (`../other/`) from a non-index page.
        if page.rel and not page.rel.endswith("index.md") and not parts.path.startswith("/"):
            alt = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), "..", unquote(parts.path))).rstrip("/")
            for candidate in (f"{alt}.md", f"{alt}/index.md"):
                if candidate in files:
                    return candidate, fragment
        return None, fragment


@lru_cache(maxsize=4096)
def _anchors(headings: tuple[str, ...]) -> set[str]:
    seen: dict[str, int] = {}
    out: set[str] = set()
    for text in headings:
        slug = heading_anchor(text)
        n = seen.get(slug, 0)
        out.add(slug if n == 0 else f"{slug}_{n}")
        seen[slug] = n + 1
    return out


def is_catalogued(page: Page) -> bool:
    """Pages the page contract governs: under a category or home section, not an index page."""
    if not page.rel or page.rel.endswith("index.md"):
        return False
    top = page.rel.split("/", 1)[0]
    if top in UNCATALOGUED_SECTIONS:
        return False
    return "/" in page.rel and (top in CATEGORIES or top in HOME_SECTIONS)
