"""The Mermaid fence: a diagram's source in a container the site's own script renders (never a CDN)."""

from __future__ import annotations


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
