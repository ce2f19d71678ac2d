from ..diagrams import line_of_node, parsed
from ..rule import Rule
from ..urls import is_unsafe, scheme_of


class UnsafeUrl(Rule):
    code = "SEC002"
    name = "no-script-urls"
    summary = "No javascript:, data:, vbscript: or file: URLs in links or diagram clicks."
    rationale = "These schemes run code or read local files when clicked; nothing in the atlas needs them."
    good = "[Redis latency docs](https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/)"
    bad = "[docs](javascript:alert(1))"
    needs_mermaid = True

    def check(self, page, ctx):
        for link in page.links:
            if is_unsafe(link.target):
                yield self.at(page, link.line, f"link uses the {scheme_of(link.target)}: scheme")
        for diagram, s in parsed(page, ctx, "flowchart"):
            for v in s.get("vertices", []):
                if v.get("link") and is_unsafe(v["link"]):
                    yield self.in_diagram(page, diagram, line_of_node(diagram.source, v["id"]),
                                          f"click on {v['id']!r} uses the {scheme_of(v['link'])}: scheme")


RULE = UnsafeUrl()
