"""Related pages on every written page, generated from front matter and links, never hand-kept: at most
eight, ranked by explicit links (either way), shared technologies and shared symptom words, with the
kinds of page a reader of this one needs next preferred (a debugging guide's incidents and systems, an
incident's guides and patterns, a system's incidents and guides)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from ..entries import Entry, entries
from ..technames import split
from .indexes import cell

MAX_RELATED = 8
MIN_SCORE = 2.0  # at least a link, or two shared technologies, or one with shared symptoms
NEXT = {"debugging": ("incidents", "systems"), "incidents": ("debugging", "patterns"),
        "systems": ("incidents", "debugging"), "patterns": ("incidents", "debugging", "systems"),
        "capacity": ("debugging", "systems")}
_LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)]*)?\)")
_WORD = re.compile(r"[a-z][a-z0-9_]{3,}")
_COMMON = frozenset("with from that this after when their there into over under about than then they them "
                    "every some more most each only also does have been were what which while".split())


@dataclass(frozen=True)
class Node:
    entry: Entry
    technologies: frozenset[str]
    symptom_words: frozenset[str]
    links: frozenset[str]  # rel paths this page links to

    @property
    def rel(self) -> str:
        return self.entry.rel


def _node(entry: Entry, files: set[str]) -> Node:
    techs = frozenset(split(t)[0].lower() for t in entry.meta.get("technologies") or [] if isinstance(t, str))
    text = " ".join(str(s) for s in [*(entry.meta.get("symptoms") or []), *(entry.meta.get("error_signatures") or [])])
    words = frozenset(w for w in _WORD.findall(text.lower()) if w not in _COMMON)
    base = posixpath.dirname(entry.rel)
    links = frozenset(t for m in _LINK.finditer(entry.body)
                      if (t := posixpath.normpath(posixpath.join(base, m.group(1)))) in files)
    return Node(entry, techs, words, links)


def score(a: Node, b: Node) -> float:
    s = 3.0 if (b.rel in a.links or a.rel in b.links) else 0.0
    s += min(len(a.technologies & b.technologies), 3)
    shared = len(a.symptom_words & b.symptom_words)
    if shared >= 2:
        s += min(shared / 2, 2.0)
    if s and b.rel.split("/")[0] in NEXT.get(a.rel.split("/")[0], ()):
        s += 1.0
    return s


def related_pages(docs: Path) -> dict[str, list[Entry]]:
    """rel -> the pages related to it, best first."""
    found = entries(docs)
    files = {e.rel for e in found}
    nodes = [_node(e, files) for e in found]
    out: dict[str, list[Entry]] = {}
    for a in nodes:
        folder = posixpath.dirname(a.rel)
        ranked = sorted(((score(a, b), b.rel, b) for b in nodes
                         if b.rel != a.rel and not (a.rel.startswith("systems/") and posixpath.dirname(b.rel) == folder)),
                        key=lambda t: (-t[0], t[1]))
        out[a.rel] = [b.entry for s, _, b in ranked[:MAX_RELATED] if s >= MIN_SCORE]
    return out


def related_section(rel: str, related: list[Entry]) -> str:
    if not related:
        return ""
    base = posixpath.dirname(rel)
    lines = ["", "## Related pages", ""]
    for e in related:
        kind = e.rel.split("/")[0].removesuffix("s") if e.rel.split("/")[0] != "systems" else "system"
        lines.append(f"- [{cell(e.meta['title'])}]({posixpath.relpath(e.rel, base)}) — {kind}")
    return "\n".join(lines) + "\n"
