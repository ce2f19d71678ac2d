"""Where a page cites its sources: the `[^id]` references in its prose and tables, and which sentences
and table rows are cited or marked as estimates (CIT001-CIT003 read this; the site's build turns the
references into the numbered Sources list)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pages import Page
from .context import is_catalogued
from .quantities import CITATION, CODE_SPAN, is_cited, is_estimate, quantities, sentences

DEFINITION = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:", re.M)


@dataclass(frozen=True)
class Claim:
    """A sentence of prose or a table row: the unit that carries a number's citation."""

    text: str
    line: int
    cited: bool
    estimate: bool
    in_table: bool


def _line_in(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


def claims(page: Page) -> list[Claim]:
    """Every sentence of the page's prose (headings aside) and every table body row."""
    out: list[Claim] = []
    for text, line in page.paragraphs:
        for sentence, offset in sentences(text):
            out.append(Claim(sentence, _line_in(text, offset, line), is_cited(sentence), is_estimate(sentence), False))
    for row in page.rows:
        if row.header:
            continue
        joined = " | ".join(row.cells)
        out.append(Claim(joined, row.line, is_cited(joined), is_estimate(joined), True))
    return out


def references(page: Page) -> list[tuple[str, int]]:
    """(id, line) of every `[^id]` in the page's prose and tables, code spans aside."""
    found: list[tuple[str, int]] = []
    for text, line in page.prose:
        clean = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)
        for m in CITATION.finditer(clean):
            found.append((m.group(1), _line_in(clean, m.start(), line)))
    return found


def supported_values(page: Page) -> list[float]:
    """The values of every quantity stated in a cited or estimated sentence or row of the page."""
    return [q.value for c in claims(page) if c.cited or c.estimate for q in quantities(c.text)]


def cites_sources(page: Page) -> bool:
    """Pages the citation rules govern: catalogued ones, and any other that lists `sources`."""
    return is_catalogued(page) or isinstance(page.meta.get("sources"), list)
