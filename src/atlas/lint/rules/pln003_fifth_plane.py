import re

from ...planes import PLANE_CLASSES, parse_styles
from ..diagrams import line_containing, parsed
from ..rule import Rule

STREAM = re.compile(r"stream[\s_-]*plane", re.I)


class FifthPlane(Rule):
    code = "PLN003"
    name = "four-planes-only"
    summary = "There are four planes: no 'Stream Plane', and no other classDef that paints nodes."
    rationale = ("The plan replaced the old five-plane scheme; the Stream plane is gone. Any extra fill "
                 "colour is a fifth plane in disguise and makes the colours ambiguous again.")
    good = "classDef controlStyle fill:#8B5CF6,stroke:#7C3AED,color:#fff"
    bad = "subgraph StreamPlane[\"Stream Plane\"]\n  ...\nclassDef streamStyle fill:#EF4444,stroke:#DC2626,color:#fff"
    needs_mermaid = True

    def check(self, page, ctx):
        for text, line in page.prose:
            m = STREAM.search(text)
            if m:
                yield self.at(page, line, f"'{m.group(0)}': the Stream plane was removed; use one of the four planes")
        for diagram in page.diagrams:
            for i, src_line in enumerate(diagram.source.splitlines(), start=1):
                m = STREAM.search(src_line)
                if m:
                    yield self.in_diagram(page, diagram, i, f"'{m.group(0)}': the Stream plane was removed; use one of the four planes")
        for diagram, s in parsed(page, ctx, "flowchart"):
            for name, styles in s.get("classDefs", {}).items():
                if name in PLANE_CLASSES:
                    continue
                painted = sorted(k for k in parse_styles(styles) if k in ("fill", "stroke"))
                if painted:
                    yield self.in_diagram(page, diagram, line_containing(diagram.source, f"classDef {name}"),
                                          f"classDef {name} sets {', '.join(painted)}: only the four plane classes colour nodes")


RULE = FifthPlane()
