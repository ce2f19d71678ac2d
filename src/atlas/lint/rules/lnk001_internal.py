from urllib.parse import urlsplit

from ..rule import Rule


class InternalLinks(Rule):
    code = "LNK001"
    name = "internal-links-resolve"
    summary = "Links to other atlas pages, and their #anchors, resolve."
    rationale = ("A page that says 'see the consumer-lag guide' must get the reader there in one click, "
                 "offline. Broken anchors are the commonest breakage when headings are renamed.")
    good = "[consumer lag](../messaging-queuing/kafka-consumer-lag.md#mitigation)"
    bad = "[consumer lag](../messaging-queuing/kafka-lag.md#mitigate)"

    def check(self, page, ctx):
        if ctx.docs_root is None or not page.rel:
            return
        for link in page.links:
            parts = urlsplit(link.target)
            if parts.scheme or link.target.startswith("//") or not link.target.strip():
                continue
            rel, fragment = ctx.resolve(page, link.target)
            if rel is None:
                yield self.at(page, link.line, f"link target {link.target!r} does not exist")
                continue
            if fragment and rel.endswith(".md"):
                anchors = ctx.anchors(rel)
                if anchors is not None and fragment not in anchors:
                    yield self.at(page, link.line, f"anchor #{fragment} not found in {rel}")


RULE = InternalLinks()
