"""Pieces of the MkDocs build that are ours: the Mermaid fence and the self-hosted vendor files."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

# Files from node_modules (pinned by package-lock.json) that the site serves itself.
VENDOR = {"mermaid/dist/mermaid.min.js": "assets/vendor/mermaid/mermaid.min.js"}


def fence_mermaid(source, language, class_name, options, md, **kwargs):
    """pymdownx.superfences formatter: the diagram source in a container our script renders.

    Not Material's own `pre.mermaid` path, which would load Mermaid from a CDN. The source is
    excluded from search (data-search-exclude): node ids are noise to someone searching an error."""
    return (f'<div class="atlas-diagram" data-search-exclude><pre class="atlas-diagram__source">'
            f"{html.escape(source)}</pre></div>")


def copy_vendor(node_modules: Path, site_dir: Path) -> None:
    for src, dest in VENDOR.items():
        origin = node_modules / src
        if not origin.is_file():
            raise FileNotFoundError(f"{origin} is missing: run `make setup` (npm ci)")
        target = site_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.stat().st_size != origin.stat().st_size:
            shutil.copyfile(origin, target)
