"""Everything the site generates from front matter at build time, in one place for the MkDocs hook.

An index page holds a marker comment (`<!-- atlas:incident-table -->`); `expand` replaces it with the
table built from every page's front matter, so a new page appears in its index on the next build and
a page that is gone disappears. `generated_pages` are whole pages with no file under docs/ (one per
technology)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from ..query import browser_data
from .incident_explorer import STATISTICS_REL, incident_group_pages, incident_overview, statistics_page
from .indexes import debugging_by_symptom, debugging_group_pages, response_patterns
from .response_index import plane_pages, response_index, signals, signals_json
from .sections import CATEGORY_MAP, category_group_pages, category_map, expand_counts, sections_table, systems_list
from .technologies import TECHNOLOGIES_JSON, mentions, technologies_json, technology_list, technology_list_pages
from .technologies import technology_pages

MARKERS: dict[str, Callable[[Path, str], str]] = {
    "<!-- atlas:incident-table -->": incident_overview,
    "<!-- atlas:response-patterns -->": response_patterns,
    "<!-- atlas:debugging-by-symptom -->": debugging_by_symptom,
    "<!-- atlas:incident-response-index -->": response_index,
    "<!-- atlas:technology-list -->": technology_list,
    "<!-- atlas:systems-list -->": systems_list,
    "<!-- atlas:sections -->": sections_table,
    CATEGORY_MAP: category_map,
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
    """src path under docs/ -> Markdown of each page that exists only in the built site: one per technology
    (and per part of a long one), the parts of the technology list, the 3 AM index's planes, each
    incident group's table, the incident statistics, each debugging group's symptoms and each group of a
    category whose index holds a category map."""
    return {**technology_pages(docs, signals(docs)), **technology_list_pages(docs), **plane_pages(docs),
            **incident_group_pages(docs), STATISTICS_REL: statistics_page(docs), **debugging_group_pages(docs),
            **category_group_pages(docs)}


SIGNALS_JSON = "assets/atlas/signals.json"
QUERY_JSON = "assets/atlas/query.json"


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def generated_files(docs: Path) -> dict[str, bytes]:
    """src path under docs/ -> bytes of each data file the site's scripts load: the 3 AM filter's signals,
    the technologies filter's list, and how the search reads a query (atlas.query's data, with the
    technologies the atlas names)."""
    return {SIGNALS_JSON: _json(signals_json(docs)), TECHNOLOGIES_JSON: _json(technologies_json(docs)),
            QUERY_JSON: _json(browser_data(list(mentions(docs))))}
