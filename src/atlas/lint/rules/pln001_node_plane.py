from ...planes import PLANES, planes_of
from ..diagrams import line_of_node, parsed, real_nodes
from ..rule import Rule

CLASSES = "|".join(p.css_class for p in PLANES)


class NodePlane(Rule):
    code = "PLN001"
    name = "node-in-one-plane"
    summary = "Every flowchart node belongs to exactly one plane class (edgeStyle, serviceStyle, stateStyle, controlStyle)."
    rationale = ("The four colours tell a reader at a glance what a box is: entry (Edge), logic (Service), "
                 "data (State) or operations (Control). A node without a plane, or with two, breaks that "
                 "reading. In a debugging flowchart a check takes the plane it inspects.")
    good = ("flowchart LR\n  CDN[\"CloudFront\"] --> API[\"API\"]\n  classDef edgeStyle fill:#3B82F6,stroke:#2563EB,color:#fff\n"
            "  classDef serviceStyle fill:#10B981,stroke:#059669,color:#fff\n  class CDN edgeStyle\n  class API serviceStyle")
    bad = "flowchart LR\n  CDN[\"CloudFront\"] --> API[\"API\"]\n  classDef edgeStyle fill:#3B82F6,stroke:#2563EB,color:#fff\n  class CDN edgeStyle"
    needs_mermaid = True

    def check(self, page, ctx):
        for diagram, s in parsed(page, ctx, "flowchart"):
            for v in real_nodes(s):
                planes = planes_of(v.get("classes", []))
                if len(planes) == 1:
                    continue
                line = line_of_node(diagram.source, v["id"])
                if not planes:
                    yield self.in_diagram(page, diagram, line, f"node {v['id']!r} has no plane: add `class {v['id']} "
                                                               f"{CLASSES}` (one of them)")
                else:
                    names = ", ".join(p.css_class for p in planes)
                    yield self.in_diagram(page, diagram, line, f"node {v['id']!r} is in {len(planes)} planes ({names}); keep one")


RULE = NodePlane()
