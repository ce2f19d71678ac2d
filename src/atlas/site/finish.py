"""The site's last step, for any engine: the built HTML made light (template whitespace collapsed),
the written pages marked for search, the vendor files (Mermaid, the emoji font) in place, and Pagefind's
index built."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from ..mermaid_worker import find_node_modules
from .emoji import write_emoji_font
from .generate import MANIFEST
from .search import build_index, mark_body

# Files from node_modules (pinned by package-lock.json) that the site serves itself.
VENDOR = {"mermaid/dist/mermaid.min.js": "assets/vendor/mermaid/mermaid.min.js"}


# Comments, the elements whose whitespace is content (Material styles code, kbd and pre with
# white-space: pre-wrap; scripts and styles are not text), and tags with their attributes whole
# (quoted values may hold anything but their quote), so a value is never touched.
_KEEP = re.compile(
    r"(<!--.*?-->"
    r"|<(pre|code|kbd|textarea|script|style)(?=[\s/>])[^>]*>.*?</\2\s*>"
    r"|<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>)",
    re.S | re.I)
_BREAKS = re.compile(r"[ \t\r\f]*\n\s*")


def collapse_whitespace(page_html: str) -> str:
    """Each run of whitespace that holds a line break, in text between tags, becomes one line break.

    Material's Jinja templates indent and blank-line every nav item: a third of a page's bytes.
    In the browser a run of whitespace renders as one space wherever white-space is normal, and
    the elements where it is not (pre, code, kbd, textarea) and every tag and attribute are kept
    byte for byte, so the page renders the same."""
    parts = _KEEP.split(page_html)  # text, kept, tag name, text, kept, tag name, ..., text
    out: list[str] = []
    for i in range(0, len(parts), 3):
        text = parts[i]
        out.append(_BREAKS.sub("\n", text) if "\n" in text else text)
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def copy_vendor(node_modules: Path, site_dir: Path) -> None:
    for src, dest in VENDOR.items():
        origin = node_modules / src
        if not origin.is_file():
            raise FileNotFoundError(f"{origin} is missing: run `make setup` (npm ci)")
        target = site_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.stat().st_size != origin.stat().st_size:
            shutil.copyfile(origin, target)


def html_path(rel: str) -> str:
    """Where a page's HTML lands with directory URLs: a/b.md -> a/b/index.html, a/index.md -> a/index.html."""
    stem = rel.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def finish(site_dir: Path, build_dir: Path, node_modules: Path | None = None) -> int:
    """Post-process every HTML file of `site_dir`; returns how many pages search indexes."""
    manifest = json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
    indexed = {html_path(rel) for rel in manifest["indexed"]}
    marked = 0
    for page in site_dir.rglob("*.html"):
        rel = page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8")
        out = collapse_whitespace(text)
        if rel in indexed:
            out = mark_body(out)
            marked += 1
        if out != text:
            page.write_text(out, encoding="utf-8")
    modules = node_modules or find_node_modules(build_dir.parent)
    copy_vendor(modules, site_dir)
    write_emoji_font(modules, site_dir)
    build_index(site_dir, modules)
    return marked
