"""Generated pages that stay light at any size (issue 23: every page's HTML <= 60 KB, the indexes included).

An index whose rows would outgrow one page is cut into parts of consecutive rows, each under a byte
budget, and each part is named by the first and last key it holds, as a dictionary's guide words are
("A–C", "Sn–Z", "2019–2021"). A part's size is estimated from its Markdown: the site's generated
Markdown renders to 0.9-1.3 times its bytes in HTML (measured on the real site's indexes, 2026-12),
and the theme adds 13-20 KB of head, nav and footer to every page, more where the nav is long; the
budget leaves room for both."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Generic, Sequence, TypeVar

HTML_BUDGET = 61_440  # bytes of HTML one page may weigh (issue 23)
CHROME_ALLOWANCE = 26_000  # the theme's part of a page: 13-20 KB measured, with room for a longer nav
HTML_PER_MARKDOWN_BYTE = 1.4  # the most measured was 1.32 (a list of links)
PART_BUDGET = int((HTML_BUDGET - CHROME_ALLOWANCE) / HTML_PER_MARKDOWN_BYTE)  # bytes of Markdown per page
PART_HEAD = 2_000  # of which a part's title, its sentence and its line of links to the other parts take at most

T = TypeVar("T")


def markdown_bytes(line: str) -> int:
    return len(line.encode("utf-8")) + 1  # the line break


@dataclass
class Part(Generic[T]):
    rows: list[T]
    first: str = ""  # the keys (or their guide words) of the part's first and last rows
    last: str = ""
    number: int = 1
    slug: str = ""  # unique among the parts of one index

    @property
    def label(self) -> str:
        return self.first if self.first == self.last else f"{self.first}–{self.last}"


def split_rows(rows: Sequence[T], size: Callable[[T], int], budget: int | None = None,
               together: Callable[[T], object] | None = None) -> list[list[T]]:
    """Consecutive rows in as few parts as the budget allows, each part's total `size` at most `budget` (a
    row bigger than the budget gets a part of its own), and the parts as even as they can be: 40 rows that
    need two parts are cut 20 + 20, not 37 + 3. Rows with the same `together` key (a letter, a year) stay
    in one part unless that run alone is over the budget; then it is cut where the budget falls. The
    budget is, unless given, what a page leaves its rows (PART_BUDGET - PART_HEAD)."""
    budget = max(1, budget if budget is not None else PART_BUDGET - PART_HEAD)
    runs: list[list[tuple[T, int]]] = []
    for row in rows:
        if together is not None and runs and together(runs[-1][-1][0]) == together(row):
            runs[-1].append((row, size(row)))
        else:
            runs.append([(row, size(row))])
    parts = _greedy(runs, budget)
    low, high = 1, budget  # the smallest budget that still needs no more parts: the most even cut
    while low < high and len(parts) > 1:
        mid = (low + high) // 2
        if len(_greedy(runs, mid)) <= len(parts):
            high = mid
        else:
            low = mid + 1
    return _greedy(runs, high) if len(parts) > 1 else parts


def _greedy(runs: list[list[tuple[T, int]]], budget: int) -> list[list[T]]:
    parts: list[list[T]] = []
    used = 0
    for run in runs:
        run_size = sum(s for _, s in run)
        if parts and used + run_size <= budget:
            parts[-1].extend(r for r, _ in run)
            used += run_size
            continue
        if run_size <= budget:
            parts.append([r for r, _ in run])
            used = run_size
            continue
        for row, s in run:  # a run too big for any part: cut it where the budget falls
            if parts and parts[-1] and used + s <= budget:
                parts[-1].append(row)
                used += s
            else:
                parts.append([row])
                used = s
    return parts or [[]]


def guide_words(parts: list[list[T]], key: Callable[[T], str]) -> list[Part[T]]:
    """Each part with its guide words, for rows sorted by `key`: "A" to "C" when parts break between
    letters, "Sa" to "Sm" where a letter is shared by two parts; a slug from them ('a-c', 'sa-sm')."""
    out: list[Part[T]] = []
    for i, rows in enumerate(parts):
        before = key(parts[i - 1][-1]) if i > 0 and parts[i - 1] else None
        after = key(parts[i + 1][0]) if i + 1 < len(parts) and parts[i + 1] else None
        first, last = (key(rows[0]), key(rows[-1])) if rows else ("", "")
        out.append(Part(rows, _title(_prefix(first, before)), _title(_prefix(last, after)), i + 1))
    return with_slugs(out)


def with_slugs(parts: list[Part[T]]) -> list[Part[T]]:
    """Each part's slug from its label ('A–C' -> 'a-c', 'μ' kept, '#' -> '0'), unique among the parts."""
    seen: set[str] = set()
    for part in parts:
        words = [re.sub(r"[\W_]+", "", w.lower()) or "0" for w in (part.first, part.last)]
        slug = words[0] if words[0] == words[1] else f"{words[0]}-{words[1]}"
        part.slug = slug if slug not in seen else f"{slug}-{part.number}"
        seen.add(part.slug)
    return parts


def _prefix(key: str, other: str | None) -> str:
    """The shortest start of `key` (at least one character) that `other` does not start with alike."""
    if other is None:
        return key[:1]
    a, b = key.lower(), other.lower()
    n = 1
    while n < len(a) and a[:n] == b[:n]:
        n += 1
    return key[:n]


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def links_to_parts(parts: list[Part], rel_of: Callable[[Part], str], from_rel: str, current: Part | None = None) -> str:
    """'[A–F](a-f.md) · **G–M** · [N–Z](n-z.md)': each part's label linking its page (src path `rel_of(part)`)
    from the page at `from_rel`; the `current` part in bold, not a link."""
    base = posixpath.dirname(from_rel)
    return " · ".join(f"**{p.label}**" if p is current else f"[{p.label}]({posixpath.relpath(rel_of(p), base or '.')})"
                      for p in parts)
