from ..rule import Rule


class HasDiagram(Rule):
    code = "DIA001"
    name = "page-has-diagram"
    summary = "Every catalogued page carries at least one Mermaid diagram."
    applies_to = "catalogued"
    rationale = "The atlas is visual first: the diagram carries the page, tables hold the numbers, prose is context."
    good = "```mermaid\nflowchart LR\n  ...\n```"
    bad = "A page of prose with no ```mermaid block."

    def check(self, page, ctx):
        if not page.diagrams:
            yield self.at(page, page.body_line, "page has no ```mermaid diagram")


RULE = HasDiagram()
