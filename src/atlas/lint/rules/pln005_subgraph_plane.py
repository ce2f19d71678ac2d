from ...planes import planes_of, plane_named_in
from ..diagrams import line_of_node, parsed
from ..rule import Rule


class SubgraphPlane(Rule):
    code = "PLN005"
    name = "subgraph-plane-agrees"
    summary = "A node inside a subgraph named for a plane ('🌐 Edge', 'State Plane') carries that plane's class."
    rationale = ("Subgraph titles and node colours say the same thing twice; when they disagree (a database "
                 "drawn amber inside the blue Edge box) the reader cannot tell which one is wrong.")
    good = 'subgraph StatePlane["💾 State"]\n  PG[("PostgreSQL 16")]\nend\nclass PG stateStyle'
    bad = 'subgraph EdgePlane["🌐 Edge"]\n  PG[("PostgreSQL 16")]\nend\nclass PG stateStyle'
    needs_mermaid = True

    def check(self, page, ctx):
        for diagram, s in parsed(page, ctx, "flowchart"):
            vertices = {v["id"]: v for v in s.get("vertices", [])}
            for sg in s.get("subgraphs", []):
                plane = plane_named_in(str(sg.get("title", ""))) or plane_named_in(str(sg.get("id", "")))
                if plane is None:
                    continue
                for node_id in sg.get("nodes", []):
                    v = vertices.get(node_id)
                    if v is None:
                        continue  # a nested subgraph: its own title is checked on its own
                    planes = planes_of(v.get("classes", []))
                    if len(planes) == 1 and planes[0] is not plane:
                        yield self.in_diagram(page, diagram, line_of_node(diagram.source, node_id),
                                              f"node {node_id!r} is {planes[0].css_class} inside the {plane.name} "
                                              f"subgraph {sg.get('title') or sg['id']!r}")


RULE = SubgraphPlane()
