"""Everything the site generates from front matter at build time, in one place for the MkDocs hook.

An index page holds a marker comment (`<!-- atlas:incident-table -->`); `expand` replaces it with the
table built from every page's front matter, so a new page appears in its index on the next build and
a page that is gone disappears. `generated_pages` are whole pages with no file under docs/ (one per
technology)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from .incident_explorer import STATISTICS_REL, incident_table, statistics_page
from .indexes import debugging_by_symptom, debugging_group_pages, response_patterns
from .indexes import cell
from .response_index import response_index, signal_rows, signals, signals_json
from .sections import category_map, expand_counts, sections_table, systems_list
from ..query import browser_data
from .technologies import mentions, technology_list, technology_pages

MARKERS: dict[str, Callable[[Path, str], str]] = {
    "<!-- atlas:incident-table -->": incident_table,
    "<!-- atlas:response-patterns -->": response_patterns,
    "<!-- atlas:debugging-by-symptom -->": debugging_by_symptom,
    "<!-- atlas:incident-response-index -->": response_index,
    "<!-- atlas:technology-list -->": technology_list,
    "<!-- atlas:systems-list -->": systems_list,
    "<!-- atlas:sections -->": sections_table,
    "<!-- atlas:category-map -->": category_map,
}


def has_marker(markdown: str) -> bool:
    """Whether the page is an index generated from the others (search leaves those out)."""
    return any(marker in markdown for marker in MARKERS)


def expand(markdown: str, docs: Path, page_rel: str) -> str:
    """The page's Markdown with every index marker replaced by its generated content, and every count
    marker (<!-- atlas:count:companies -->, <!-- atlas:count:pages:debugging -->) by its number."""
    for marker, generate in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, generate(docs, page_rel))
    return expand_counts(markdown, docs) if "<!-- atlas:count:" in markdown else markdown


def generated_pages(docs: Path) -> dict[str, str]:
    """src path under docs/ -> Markdown of each page that exists only in the built site."""
    seen = {tech: signal_rows(rows, lambda e: f"[{cell(e.meta['title'])}](../{e.rel})")
            for tech, rows in signals(docs).items()}
    return {**technology_pages(docs, seen), STATISTICS_REL: statistics_page(docs), **debugging_group_pages(docs)}


SIGNALS_JSON = "assets/atlas/signals.json"
QUERY_JSON = "assets/atlas/query.json"


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def generated_files(docs: Path) -> dict[str, bytes]:
    """src path under docs/ -> bytes of each data file the site's scripts load: the 3 AM filter's signals,
    and how the search reads a query (atlas.query's data, with the technologies the atlas names)."""
    return {SIGNALS_JSON: _json(signals_json(docs)), QUERY_JSON: _json(browser_data(list(mentions(docs))))}
