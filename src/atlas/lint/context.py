"""What rules may know beyond the page itself: the docs tree, the nav, the parsed diagrams."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify

from ..catalog import GENERATED_PATHS, is_catalogued_rel
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
    reads: set[str] | None = None  # the pages read while checking the current page (the page cache's inputs)
    _files: set[str] | None = None
    _pages: dict[str, Page | None] = field(default_factory=dict)

    def result(self, digest: str) -> ParseResult | None:
        return self.results.get(digest)

    @property
    def files(self) -> set[str]:
        """Every file under the docs root, as posix paths relative to it, and the pages the build generates
        at fixed paths (atlas.catalog.GENERATED_PATHS), which pages may link."""
        if self._files is None:
            if self.docs_root is None:
                self._files = set()
            else:
                root = self.docs_root
                self._files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
                self._files |= GENERATED_PATHS
        return self._files

    def remember(self, page: Page) -> None:
        if page.rel:
            self._pages[page.rel] = page

    def page(self, rel: str) -> Page | None:
        """Another page of the docs tree, read once; recorded as an input of the page being checked."""
        if self.reads is not None:
            self.reads.add(rel)
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

        A link to a `.md` file is relative to the Markdown file (MkDocs rewrites it). Anything
        else -- a directory URL (`../x/y/`), an asset, a Mermaid click -- is left alone by MkDocs
        and resolved by the browser against the page's URL: with directory URLs `a/b/x.md` is
        served at `/a/b/x/`, so `../y/` from it means `a/b/y/`."""
        parts = urlsplit(target)
        fragment = unquote(parts.fragment) or None
        path = unquote(parts.path)
        if not path:
            return page.rel, fragment
        if path.startswith("/"):
            base = path.lstrip("/")
        else:
            if path.split("/")[-1].endswith(".md"):
                origin = posixpath.dirname(page.rel)
            elif page.rel.endswith("index.md") or not page.rel:
                origin = posixpath.dirname(page.rel)
            else:
                origin = page.rel.removesuffix(".md")
            base = posixpath.normpath(posixpath.join(origin, path)) if origin else posixpath.normpath(path)
        if base == "." or base == "":
            base = ""
        if base.startswith(".."):
            return None, fragment
        files = self.files
        base = base.rstrip("/")
        candidates = [base] if base.endswith(".md") else [base, f"{base}.md", f"{base}/index.md"]
        if base == "":
            candidates = ["index.md"]
        for candidate in candidates:
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


def place(page: Page) -> tuple[str, str | None]:
    """(category, kind) from where the page lives: the path decides which gates apply, whatever
    the front matter says (FM002 reports a disagreement)."""
    parts = page.rel.split("/") if page.rel else []
    category = parts[0] if parts else ""
    kind = parts[-1].removesuffix(".md") if category == "systems" and len(parts) == 3 else None
    return category, kind


def group_of(page: Page) -> str | None:
    """The group folder of a page outside systems (docs/<category>/<group>/<slug>.md), else None."""
    parts = page.rel.split("/") if page.rel else []
    return parts[1] if len(parts) == 3 and parts[0] != "systems" else None


def is_catalogued(page: Page) -> bool:
    """Pages the page contract governs (atlas.catalog.is_catalogued_rel)."""
    return bool(page.rel) and is_catalogued_rel(page.rel)