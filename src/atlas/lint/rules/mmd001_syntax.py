from ..diagrams import source_line
from ..rule import Rule


def one_line(message: str) -> str:
    """Mermaid's message without the echoed source and caret lines it prints under a parse error."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    if not lines:
        return "unknown error"
    keep = [lines[0]] + [ln for ln in lines[1:] if ln.startswith(("Expecting", "Unrecognized", "Lexer", "Parse"))]
    return " ".join(keep)


class MermaidSyntax(Rule):
    code = "MMD001"
    name = "mermaid-valid"
    summary = "Every ```mermaid block must parse with the pinned Mermaid (the real parser, in Node)."
    rationale = ("A diagram that does not parse shows as an error box in the browser: the page loses the "
                 "one thing it exists for. The check runs Mermaid's own parser, so what passes here renders "
                 "on the site, and the message is Mermaid's.")
    good = "flowchart LR\n  LB[\"ALB\"] --> API[\"API\"]"
    bad = "flowchart LR\n  LB[\"ALB\"] -->"
    needs_mermaid = True

    def check(self, page, ctx):
        for diagram in page.diagrams:
            result = ctx.result(diagram.digest)
            if result is None or result.ok:
                continue
            message = result.error or "unknown error"
            if message.startswith("No diagram type detected"):
                first = diagram.source.strip().splitlines()[0] if diagram.source.strip() else ""
                message = f"unknown diagram type {first.split()[0] if first else '(empty diagram)'!r}"
            yield self.in_diagram(page, diagram, source_line(diagram.source, result.error_line), f"Mermaid: {one_line(message)}")


RULE = MermaidSyntax()
