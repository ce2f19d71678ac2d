from html.parser import HTMLParser

from ..diagrams import line_of_node, parsed
from ..rule import Rule
from ..urls import is_unsafe, scheme_of

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "meta", "link"}


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int]] = []  # (what, 1-based line within the fragment)

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.found.append((f"<{tag}>", self.getpos()[0]))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((f"{name}= handler on <{tag}>", self.getpos()[0]))
            elif name in ("href", "src", "action", "formaction") and value and is_unsafe(value):
                self.found.append((f"{name}={scheme_of(value)}: on <{tag}>", self.getpos()[0]))

    handle_startendtag = handle_starttag


def unsafe_html(text: str) -> list[tuple[str, int]]:
    if "<" not in text:
        return []
    scan = _Scan()
    scan.feed(text)
    scan.close()
    return scan.found


class RawHtml(Rule):
    code = "SEC003"
    name = "no-active-html"
    summary = "No <script>, <iframe>, <object>, <embed>, <form> or on…= handlers in Markdown or diagram labels."
    rationale = ("Every page is served from the atlas's own origin; active HTML in content would run with "
                 "that origin's rights. Labels may use <br/>, <b>, <i> and similar inert tags.")
    good = 'API["Playback API<br/>p99 120 ms"]'
    bad = 'API["<img src=x onerror=alert(1)>"]'
    needs_mermaid = True

    def check(self, page, ctx):
        for fragment, line in page.html:
            for what, offset in unsafe_html(fragment):
                yield self.at(page, line + offset - 1, f"active HTML in Markdown: {what}")
        for diagram, s in parsed(page, ctx, "flowchart"):
            labelled = [(v["id"], v.get("text", "")) for v in s.get("vertices", [])]
            labelled += [(e["start"], e.get("text", "")) for e in s.get("edges", [])]
            labelled += [(g["id"], g.get("title", "")) for g in s.get("subgraphs", [])]
            for node_id, text in labelled:
                for what, _ in unsafe_html(str(text)):
                    yield self.in_diagram(page, diagram, line_of_node(diagram.source, node_id), f"active HTML in a label of {node_id!r}: {what}")


RULE = RawHtml()
