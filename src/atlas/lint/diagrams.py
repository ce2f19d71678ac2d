"""Helpers for rules that read what Mermaid's parser returned for a page's diagrams."""

from __future__ import annotations

import re
from typing import Iterator

from ..pages import Diagram, Page
from .context import LintContext


def parsed(page: Page, ctx: LintContext, kind: str) -> Iterator[tuple[Diagram, dict]]:
    """(diagram, structure) for each diagram of the page that parsed as `kind` (flowchart, sequence)."""
    for diagram in page.diagrams:
        result = ctx.result(diagram.digest)
        if result is not None and result.ok and result.structure and result.structure.get("kind") == kind:
            yield diagram, result.structure


# Label text, which may mention another node's id: "quoted", [square], (round), {curly}, |edge|.
_LABELS = re.compile(r'"[^"]*"|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|\|[^|]*\|')


def _ids_only(line: str) -> str:
    for _ in range(3):  # nested shapes such as [("db")] peel one layer per pass
        line = _LABELS.sub(" ", line)
    return line.split("%%", 1)[0]


def _id_pattern(node_id: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(node_id)}(?![\w-])")


def line_of_node(source: str, node_id: str) -> int:
    """1-based line in the diagram where a node id first appears outside labels and comments.

    The parser decides *what* is wrong; this only places the message on a line."""
    pat = _id_pattern(node_id)
    for i, line in enumerate(source.splitlines(), start=1):
        if pat.search(_ids_only(line)):
            return i
    return 1


def line_of_edge(source: str, start: str, end: str, prefer=None) -> int:
    """1-based line of the first line that names both ends of an edge; among several such lines,
    the first for which `prefer(line)` holds (e.g. the one drawn without an arrow head)."""
    a, b = _id_pattern(start), _id_pattern(end)
    both = [i for i, line in enumerate(source.splitlines(), start=1)
            if a.search(_ids_only(line)) and b.search(_ids_only(line))]
    if prefer is not None:
        lines = source.splitlines()
        preferred = [i for i in both if prefer(_ids_only(lines[i - 1]))]
        if preferred:
            return preferred[0]
    return both[0] if both else line_of_node(source, start)


def line_containing(source: str, needle: str) -> int:
    for i, line in enumerate(source.splitlines(), start=1):
        if needle in line:
            return i
    return 1


def real_nodes(structure: dict) -> list[dict]:
    """Flowchart vertices that are nodes (an edge to a subgraph makes Mermaid list the subgraph too)."""
    subgraph_ids = {s["id"] for s in structure.get("subgraphs", [])}
    return [v for v in structure.get("vertices", []) if v["id"] not in subgraph_ids]


_DIRECTIVE = re.compile(r"%{2}\{.*?\}%{2}")
_COMMENT = re.compile(r"^\s*%%(?!\{).")


def source_line(source: str, mermaid_line: int | None) -> int | None:
    """Map a line in Mermaid's error (counted after Mermaid dropped the diagram's front matter,
    `%%` comment lines and the blank lines that lead the text) back to a line of the source."""
    if not mermaid_line:
        return mermaid_line
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        indent = lines[0][: len(lines[0]) - len(lines[0].lstrip())]
        closing = [i for i in range(1, len(lines)) if lines[i].rstrip() == f"{indent}---"]
        if closing:
            start = closing[-1] + 1
    kept: list[int] = []  # 1-based source lines, in the order Mermaid sees them
    for i in range(start, len(lines)):
        line = lines[i]
        if _COMMENT.match(line):
            while kept and not lines[kept[-1] - 1].strip():
                kept.pop()  # Mermaid's comment regex swallows the blank lines before a comment too
            continue
        if not kept and not _DIRECTIVE.sub("", line).strip():
            continue  # leading blank lines (and a directive alone on its line) are trimmed
        kept.append(i + 1)
    return kept[mermaid_line - 1] if 0 < mermaid_line <= len(kept) else mermaid_line
