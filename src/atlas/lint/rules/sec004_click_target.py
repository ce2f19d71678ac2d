from urllib.parse import urlsplit

from ..diagrams import line_of_node, parsed
from ..rule import Rule
from ..urls import is_unsafe


class ClickTarget(Rule):
    code = "SEC004"
    name = "click-targets"
    summary = "A diagram's click goes to an https URL or to an atlas page that exists."
    rationale = ("Clickable nodes are how a reader drills from a diagram into the docs. A plain-http or "
                 "dangling target breaks that at the worst moment, offline or on a hostile network.")
    good = 'click KAFKA "../../debugging/messaging-queuing/kafka-consumer-lag/" "Consumer lag guide"'
    bad = 'click KAFKA "http://kafka.apache.org/documentation"'
    needs_mermaid = True

    def check(self, page, ctx):
        for diagram, s in parsed(page, ctx, "flowchart"):
            for v in s.get("vertices", []):
                link = v.get("link")
                if not link:
                    continue
                parts = urlsplit(link.strip())
                line = line_of_node(diagram.source, v["id"])
                if parts.scheme == "https":
                    if not parts.hostname or "." not in parts.hostname:
                        yield self.in_diagram(page, diagram, line, f"click on {v['id']!r}: malformed URL {link!r}")
                elif parts.scheme or link.startswith("//"):
                    if not is_unsafe(link):  # SEC002 reports those
                        yield self.in_diagram(page, diagram, line, f"click on {v['id']!r} must use https, not {parts.scheme or 'a protocol-relative URL'}")
                elif ctx.docs_root is not None and ctx.resolve(page, link)[0] is None:
                    yield self.in_diagram(page, diagram, line, f"click on {v['id']!r} goes to {link!r}, which is not a page of the atlas")


RULE = ClickTarget()
