import re

from ..citations import DEFINITION, references
from ..citations import cites_sources
from ..rule import Rule


class References(Rule):
    code = "CIT001"
    name = "citations-resolve"
    summary = "Every `[^id]` names a source of the page, every source is cited, and the Sources list is left to the build."
    applies_to = "all"  # catalogued pages, and any other page that lists `sources` (the system overviews)
    rationale = ("A reader must be able to tell which source says which number. Each entry of `sources` has a "
                 "short `id`; a claim that rests on it carries `[^id]` right after it, and the build turns the "
                 "references into the page's numbered Sources list (title, publisher, dates, confidence) with links "
                 "both ways. A reference to no source is a broken link; a source nobody cites is padding; a "
                 "footnote definition or a '## Sources' section written by hand would be a second list to keep.")
    good = ("sources:\n  - id: docdb-blog\n    url: https://stripe.com/blog/...\n...\n"
            "DocDB served over 5 million queries per second.[^docdb-blog]")
    bad = ("sources:\n  - id: docdb-blog\n  - id: rate-limiters   (never cited)\n...\n"
           "DocDB served over 5 million queries per second.[^docdb]   (no source has id docdb)")

    def check(self, page, ctx):
        if not cites_sources(page):
            return
        sources = page.meta.get("sources") if isinstance(page.meta.get("sources"), list) else []
        ids: dict[str, int] = {}
        for i, src in enumerate(sources):
            sid = src.get("id") if isinstance(src, dict) else None
            if not isinstance(sid, str):
                continue  # FM001 reports a missing or malformed id
            if sid in ids:
                yield self.at(page, page.line_of(f"sources[{i}]"), f"source id {sid!r} is used twice on the page")
            ids.setdefault(sid, i)
        cited: set[str] = set()
        for sid, line in references(page):
            cited.add(sid)
            if sid not in ids:
                known = ", ".join(sorted(ids)) or "none"
                yield self.at(page, line, f"[^{sid}] names no source of this page (ids: {known})")
        for sid, i in ids.items():
            if sid not in cited:
                yield self.at(page, page.line_of(f"sources[{i}]"),
                              f"source {sid!r} is never cited: put [^{sid}] after the claim it supports, or drop it")
        for line in hand_definitions(page):
            yield self.at(page, line, "a footnote definition is written by hand; the Sources list is generated "
                                      "from `sources` (delete the line)")
        for h in page.headings:
            if h.level == 2 and h.text.strip().lower() in ("sources", "references"):
                yield self.at(page, h.line, f"'## {h.text}' is written by hand; the build generates the Sources "
                                            "list from `sources` (move what each source supports into its `note`)")


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def hand_definitions(page) -> list[int]:
    """Lines of footnote definitions (`[^id]: ...`) outside fenced code."""
    out, fence = [], None
    for i, text in enumerate(page.body.splitlines()):
        m = _FENCE.match(text)
        if m and (fence is None or m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)):
            fence = None if fence else m.group(1)
        elif fence is None and DEFINITION.match(text):
            out.append(page.body_line + i)
    return out


RULE = References()
