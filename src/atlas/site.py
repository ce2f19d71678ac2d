"""Pieces of the MkDocs build that are ours: the Mermaid fence, page whitespace, the self-hosted vendor files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

# Files from node_modules (pinned by package-lock.json) that the site serves itself.
VENDOR = {"mermaid/dist/mermaid.min.js": "assets/vendor/mermaid/mermaid.min.js"}


def fence_mermaid(source, language, class_name, options, md, **kwargs):
    """pymdownx.superfences formatter: the diagram source in a container our script renders.

    Not Material's own `pre.mermaid` path, which would load Mermaid from a CDN. The source is
    excluded from search (data-search-exclude): node ids are noise to someone searching an error."""
    return (f'<div class="atlas-diagram" data-search-exclude><pre class="atlas-diagram__source">'
            f"{escape_text(source)}</pre></div>")


def escape_text(text: str) -> str:
    """Escape text for an element's content: only `&` and `<` need it there (HTML5). A diagram's
    quoted labels and `-->` arrows would otherwise grow by 5 and 3 bytes each (html.escape);
    the browser's textContent, which our script hands to Mermaid, is the same either way."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


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
