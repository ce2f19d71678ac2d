from ..diagrams import line_of_node, parsed
from ..rule import Rule


class ClickCallback(Rule):
    code = "SEC001"
    name = "no-click-callback"
    summary = "No `click NODE call fn()` or `click NODE fn`: diagrams link, they never run code."
    rationale = ("A click callback runs a JavaScript function named by the page's text. The site renders "
                 "with securityLevel 'strict', where callbacks are dropped anyway; one that passes review "
                 "is either dead or, if the level were ever loosened, an injection point.")
    good = 'click DB "https://www.postgresql.org/docs/16/runtime-config-connection.html" "max_connections"'
    bad = "click DB call alert(document.cookie)"
    needs_mermaid = True

    def check(self, page, ctx):
        for diagram, s in parsed(page, ctx, "flowchart"):
            for v in s.get("vertices", []):
                if v.get("callback"):
                    yield self.in_diagram(page, diagram, line_of_node(diagram.source, v["id"]),
                                          f"node {v['id']!r} has a click callback; use a link: click {v['id']} \"https://...\"")


RULE = ClickCallback()
