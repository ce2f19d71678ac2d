import re

from ..diagrams import line_of_node
from ..rule import Rule

PATTERNS = [
    (re.compile(r"\b(TODO|TBD|FIXME)\b"), "unfinished marker"),
    (re.compile(r"lorem ipsum", re.I), "filler text"),
    (re.compile(r"\b(?:Service|Microservice|Server|Component|Database|App|System) [A-Z]\b(?![\w.-])"), "generic name"),
    (re.compile(r"\b(?:[\w-]+\.)?example\.(?:com|org|net)\b", re.I), "placeholder domain"),
]
PLACEHOLDER_NODES = {"foo", "bar", "baz", "qux"}


def _find(text: str):
    for pattern, what in PATTERNS:
        m = pattern.search(text)
        if m:
            yield m, what


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


class Placeholders(Rule):
    code = "PH001"
    name = "no-placeholder-data"
    summary = "No placeholder data: 'Service A', TODO/TBD, lorem ipsum, example.com, foo/bar nodes."
    rationale = ("The plan's rule is '0 placeholder data'. A reader at 3 AM cannot act on 'Service A'; an "
                 "unfinished page must not pass as finished. Skeletons from `atlas new` fail this rule "
                 "until every placeholder is replaced.")
    good = 'flowchart LR\n  ZUUL["Zuul 2 gateway"] --> API["Playback API"]'
    bad = 'flowchart LR\n  A["Service A"] --> B["foo"]  %% TODO: real names'

    def check(self, page, ctx):
        for key, value in page.meta.items():
            if key == "sources":
                continue  # URLs are SRC001's; a title may legitimately mention example.com
            for text in _strings(value):
                for m, what in _find(text):
                    yield self.at(page, page.line_of(key), f"{what} in front matter `{key}`: {m.group(0)!r}")
        for text, line in page.prose:
            for m, what in _find(text):
                yield self.at(page, line + text[: m.start()].count("\n"), f"{what}: {m.group(0)!r}")
        for diagram in page.diagrams:
            for i, src_line in enumerate(diagram.source.splitlines(), start=1):
                for m, what in _find(src_line):
                    yield self.in_diagram(page, diagram, i, f"{what} in diagram: {m.group(0)!r}")
            result = ctx.result(diagram.digest)
            structure = (result.structure or {}) if result else {}
            for v in structure.get("vertices", []):
                if v["id"].lower() in PLACEHOLDER_NODES or str(v.get("text", "")).strip().lower() in PLACEHOLDER_NODES:
                    yield self.in_diagram(page, diagram, line_of_node(diagram.source, v["id"]),
                                          f"placeholder node {v['id']!r}: name the real component")


RULE = Placeholders()
