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


def line_of_node(source: str, node_id: str) -> int:
    """1-based line in the diagram where a node id first appears (for the message's position only)."""
    pat = re.compile(rf"(?<![\w-]){re.escape(node_id)}(?![\w-])")
    for i, line in enumerate(source.splitlines(), start=1):
        if pat.search(line):
            return i
    return 1


def line_containing(source: str, needle: str) -> int:
    for i, line in enumerate(source.splitlines(), start=1):
        if needle in line:
            return i
    return 1


def real_nodes(structure: dict) -> list[dict]:
    """Flowchart vertices that are nodes (an edge to a subgraph makes Mermaid list the subgraph too)."""
    subgraph_ids = {s["id"] for s in structure.get("subgraphs", [])}
    return [v for v in structure.get("vertices", []) if v["id"] not in subgraph_ids]
