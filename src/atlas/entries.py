"""The catalogued pages with their front matter and body, read lightly (no Markdown scan): what the
generated indexes, the technology pages, the 3 AM index and `atlas find` walk. Pages whose front matter
does not load are left out: `atlas lint` is where they are reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import CATEGORIES
from .pages import PageError, read_front_matter


@dataclass(frozen=True)
class Entry:
    rel: str  # path under docs/, e.g. incidents/high-profile/aws-s3-2017-02-28.md
    meta: dict
    body: str


def entries(docs: Path, category: str | None = None) -> list[Entry]:
    """The catalogued pages of a category (or of every category, in the catalog's order; index pages
    excluded), by path, with their front matter and body."""
    out = []
    for cat in [category] if category else list(CATEGORIES):
        for path in sorted((docs / cat).rglob("*.md")):
            if path.name == "index.md":
                continue
            try:
                meta, body = read_front_matter(path)
            except (OSError, PageError):
                continue
            if isinstance(meta, dict) and meta.get("title"):
                out.append(Entry(path.relative_to(docs).as_posix(), meta, body))
    return out
