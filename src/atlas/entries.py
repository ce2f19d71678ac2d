"""The catalogued pages with their front matter and body, read lightly (no Markdown scan): what the
generated indexes, the technology pages, the 3 AM index and `atlas find` walk. Pages whose front matter
does not load are left out: `atlas lint` is where they are reported."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .catalog import CATEGORIES
from .pages import PageError, front_matter_of


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
                meta, body = _front_matter(path)
            except (OSError, PageError):
                continue
            if isinstance(meta, dict) and meta.get("title"):
                out.append(Entry(path.relative_to(docs).as_posix(), meta, body))
    return out


# A build reads every page's front matter for each index it generates (a dozen walks of the tree); the
# YAML is parsed once per page content. Keyed by the bytes' digest, so an edited page is read again.
_PARSED: dict[tuple[str, bytes], tuple[dict, str]] = {}
_PARSED_MAX = 8192


def _front_matter(path: Path) -> tuple[dict, str]:
    raw = path.read_bytes()
    key = (str(path), hashlib.blake2b(raw, digest_size=16).digest())
    hit = _PARSED.get(key)
    if hit is None:
        hit = front_matter_of(raw)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = hit
    return hit
