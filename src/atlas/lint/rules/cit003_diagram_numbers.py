import re

from ..citations import supported_values
from ..quantities import is_estimate, quantities, same_value
from ..citations import cites_sources
from ..rule import Rule

# Lines that style or configure a diagram rather than label it, and gantt/xychart syntax whose numbers
# are positions, not claims.
_NOT_LABELS = re.compile(r"^\s*(?:%%|classDef\b|class\b|style\b|linkStyle\b|click\b|dateFormat\b|axisFormat\b|"
                         r"tickInterval\b|todayMarker\b|x-axis\b|y-axis\b|excludes\b|weekday\b)")
_GANTT_TASK = re.compile(r"^(\s*[^:]+):[^:]*$")


def label_lines(source: str) -> list[tuple[int, str]]:
    """(1-based line, text) of the lines of a diagram that carry labels a reader sees."""
    lines = source.splitlines()
    gantt = bool(lines) and lines[0].strip().startswith("gantt")
    out = []
    for i, line in enumerate(lines, start=1):
        if _NOT_LABELS.match(line):
            continue
        if gantt and (m := _GANTT_TASK.match(line)):
            line = m.group(1)  # "Outage :crit, a1, 2021-01-04 14:00, 45m": only the task name is a label
        out.append((i, line))
    return out


class DiagramNumbers(Rule):
    needs_mermaid = True
    code = "CIT003"
    name = "diagram-numbers-cited"
    summary = "A number in a diagram label appears in a cited sentence or row of the same page, or is marked est./~ in the label."
    applies_to = "all"  # catalogued pages, and any other page that lists `sources` (the system overviews)
    rationale = ("A diagram cannot carry a footnote, so its numbers borrow the page's citations: each one is "
                 "stated in a sentence or table row that cites its source (or is an estimate), or the label "
                 "itself says `est.` / `~`. Values are compared after scaling (5M = 5 million = 5,000,000); "
                 "units are not converted, so write a figure the same way in the diagram and the text.")
    good = ('    DB[("MongoDB shards<br/>2,000+")]\n...\nDocDB ran on more than 2,000 shards.[^docdb-blog]')
    bad = '    DB[("MongoDB shards<br/>2,000+")]\n...   (no sentence or row of the page states 2,000)'

    def check(self, page, ctx):
        if not cites_sources(page):
            return
        if not page.diagrams:
            return
        supported = supported_values(page)
        for diagram in page.diagrams:
            result = ctx.result(diagram.digest)
            if result is None or not result.ok:
                continue  # MMD001 reports a diagram Mermaid cannot read; its "labels" may be anything
            for line, text in label_lines(diagram.source):
                if is_estimate(text.replace("~~~", "")):  # ~~~ is an invisible link, not "about"
                    continue
                for q in quantities(text):
                    if not any(same_value(q.value, v) for v in supported):
                        yield self.in_diagram(page, diagram, line,
                                              f"diagram number {q.text!r} appears in no cited sentence or row of the "
                                              "page: state it there with its [^id], or mark it est./~ in the label")


RULE = DiagramNumbers()
