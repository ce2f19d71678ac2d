import re

from ..diagrams import line_of_edge, parsed
from ..rule import Rule

NUMBER = re.compile(r"\d")


STYLING = re.compile(r"^\s*(classDef|class|style|linkStyle|click)\b")


def _content(source: str) -> str:
    """A diagram without its styling lines, whose colours (#3B82F6) are not scale numbers."""
    return "\n".join(line for line in source.splitlines() if not STYLING.match(line))


def _undirected(line: str) -> bool:
    return "---" in line and ">" not in line


class NewHire(Rule):
    code = "GAT003"
    name = "new-hire-gate"
    summary = "New Hire gate: technologies listed, flowchart edges directional, scale numbers present."
    applies_to = "catalogued"
    rationale = ("A new engineer must be able to read the page without tribal knowledge: which technologies "
                 "(versioned where the version matters), which way data flows, and at what scale.")
    good = "technologies: [PostgreSQL 16, PgBouncer 1.22]\n...\n  API -->|SQL| PGB --> PG"
    bad = "technologies: []\n...\n  API --- PG"
    needs_mermaid = True

    def check(self, page, ctx):
        if not page.meta.get("technologies"):
            yield self.at(page, page.line_of("technologies"), "New Hire gate: list the page's `technologies` "
                                                              "(with versions where they matter)")
        for diagram, s in parsed(page, ctx, "flowchart"):
            for e in s.get("edges", []):
                if e.get("type") == "arrow_open":
                    yield self.in_diagram(page, diagram, line_of_edge(diagram.source, e["start"], e["end"], prefer=_undirected),
                                          f"New Hire gate: edge {e['start']} --- {e['end']} has no direction (use -->)")
        has_number = any(NUMBER.search(_content(d.source)) for d in page.diagrams) or any(
            NUMBER.search(text) for text, _ in page.cells)
        if not has_number:
            yield self.at(page, page.body_line, "New Hire gate: no scale numbers in a diagram or table")


RULE = NewHire()
