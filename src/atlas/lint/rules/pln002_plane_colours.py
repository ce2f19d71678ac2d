from ...planes import PLANE_CLASSES, TEXT_COLOUR, parse_styles
from ..diagrams import line_containing, line_of_node, parsed
from ..rule import Rule


class PlaneColours(Rule):
    code = "PLN002"
    name = "plane-colours"
    summary = "Plane classDefs use exactly the contract's fill, stroke and white text; nodes do not override them."
    rationale = ("Readers learn the four colours once and rely on them on every page. A near-miss blue, or "
                 "a `style` line that repaints one node, silently changes what the colour means.")
    good = "classDef stateStyle fill:#F59E0B,stroke:#D97706,color:#fff"
    bad = "classDef stateStyle fill:#FFA500,stroke:#333"
    needs_mermaid = True

    def check(self, page, ctx):
        for diagram, s in parsed(page, ctx, "flowchart"):
            defs = s.get("classDefs", {})
            used = {c for v in s.get("vertices", []) for c in v.get("classes", []) if c in PLANE_CLASSES}
            for name, styles in defs.items():
                plane = PLANE_CLASSES.get(name)
                if plane is None:
                    continue
                st = parse_styles(styles)
                want = {"fill": plane.fill.lower(), "stroke": plane.stroke.lower(), "color": TEXT_COLOUR}
                wrong = [f"{k}:{st.get(k, '(none)')} (want {v})" for k, v in want.items() if st.get(k) != v]
                if wrong:
                    yield self.in_diagram(page, diagram, line_containing(diagram.source, f"classDef {name}"),
                                          f"classDef {name} must be `{plane.class_def.removeprefix('classDef ')}`: "
                                          + "; ".join(wrong))
            for name in sorted(used - set(defs)):
                yield self.in_diagram(page, diagram, 1, f"class {name} is used but not defined: add "
                                                        f"`{PLANE_CLASSES[name].class_def}`")
            for v in s.get("vertices", []):
                st = parse_styles(v.get("styles", []))
                over = sorted(k for k in ("fill", "stroke", "color") if k in st)
                if over:
                    yield self.in_diagram(page, diagram, line_containing(diagram.source, f"style {v['id']}")
                                          if f"style {v['id']}" in diagram.source else line_of_node(diagram.source, v["id"]),
                                          f"node {v['id']!r} overrides its plane colours ({', '.join(over)}); use the plane class only")


RULE = PlaneColours()
