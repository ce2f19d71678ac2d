from ...planes import plane_named_in
from ..diagrams import line_of_node, parsed
from ..rule import Rule


class SequenceBoxes(Rule):
    code = "PLN004"
    name = "sequence-boxed-by-plane"
    summary = "In sequence diagrams every participant sits in a `box` named for its plane."
    rationale = ("Sequence diagrams cannot take classDefs; grouping participants in plane boxes keeps the "
                 "four-plane reading (who is entry, logic, state, control) on every diagram type.")
    good = "sequenceDiagram\n  box 🌐 Edge\n    participant CF as CloudFront\n  end\n  box ⚙️ Service\n    participant API\n  end\n  CF->>API: GET /play"
    bad = "sequenceDiagram\n  participant CF as CloudFront\n  CF->>API: GET /play"
    needs_mermaid = True

    def check(self, page, ctx):
        for diagram, s in parsed(page, ctx, "sequence"):
            for actor in s.get("actors", []):
                box = actor.get("box")
                line = line_of_node(diagram.source, actor["id"])
                if box is None:
                    yield self.in_diagram(page, diagram, line, f"participant {actor['id']!r} is not in a plane box "
                                                               "(`box 🌐 Edge` ... `end`)")
                elif plane_named_in(box) is None:
                    yield self.in_diagram(page, diagram, line, f"participant {actor['id']!r} is in box {box!r}, which "
                                                               "names no plane (Edge, Service, State, Control)")


RULE = SequenceBoxes()
