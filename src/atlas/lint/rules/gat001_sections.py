import re

from ...catalog import GATE_ELEMENT_IDS, gate_elements_for
from ..context import group_of, place
from ..rule import Rule

GATE_NAMES = {"3am": "3 AM", "new-hire": "New Hire", "cfo": "CFO", "incident": "Incident"}

_LEAD = re.compile(r"^[^\w$€£]+")  # emoji, bullets, emphasis marks, numbering punctuation before a label
_NUMBERING = re.compile(r"^\d+[.)]\s+")
_BOLD = re.compile(r"^\*\*([^*]+)\*\*|^__([^_]+)__")
_LABEL = re.compile(r"^([^:.]{2,60}):")  # "Rollback: none was needed ..."
_DIAGRAM_LABEL = re.compile(r'"([^"]+)"|\[([^\]"]+)\]|\|([^|]+)\||:\s*([^:]+)$')


def _normal(text: str) -> str:
    return _NUMBERING.sub("", _LEAD.sub("", text.strip())).lower()


def places(page) -> list[str]:
    """Where a page can answer a gate element, normalised: headings (any level), table header cells
    and first cells, the label of a paragraph or list item (bold lead or 'Label:'), diagram labels."""
    out = [_normal(h.text) for h in page.headings]
    for row in page.rows:
        cells = row.cells if row.header else row.cells[:1]
        out += [_normal(c) for c in cells]
    for text, _ in page.paragraphs:
        first = text.lstrip()
        bold = _BOLD.match(first)
        if bold:
            out.append(_normal(bold.group(1) or bold.group(2)))
        label = _LABEL.match(first.replace("**", ""))
        if label:
            out.append(_normal(label.group(1)))
    for diagram in page.diagrams:
        for line in diagram.source.splitlines():
            for m in _DIAGRAM_LABEL.finditer(line):
                label = next(g for g in m.groups() if g)
                out += [_normal(part) for part in re.split(r"<br\s*/?>", label)]
    return [p for p in out if p]


def missing_elements(page) -> list[tuple[str, str, tuple[str, ...]]]:
    """(gate, element id, cues) of each gate element the page neither answers nor declares not applicable."""
    category, kind = place(page)
    declared = page.meta.get("not_applicable") if isinstance(page.meta.get("not_applicable"), dict) else {}
    where = places(page)
    return [(gate, eid, cues) for gate, eid, cues in gate_elements_for(category, kind, group_of(page))
            if eid not in declared and not any(p.startswith(c.lower()) for p in where for c in cues)]


class GateElements(Rule):
    code = "GAT001"
    name = "gate-elements"
    summary = ("A page answers each element of its quality gates (3 AM, CFO, Incident) wherever the answer sits, "
               "or declares it not applicable once, with its reason.")
    applies_to = "catalogued"
    rationale = ("The plan's four gates are checklists (atlas.catalog.GATE_ELEMENTS says which elements each gate "
                 "has, GATES_BY_CATEGORY which gates apply where). A gate is met by content that answers it -- a "
                 "heading, a table row or header, a labelled list item ('**Rollback:** ...'), a diagram label -- "
                 "not by a heading per element: pages that grew one section per element repeated their facts six "
                 "to nine times. An element that truly does not apply is declared once in front matter "
                 "(`not_applicable: {rollback: 'nothing was deployed: a fibre cut'}`) and the page shows the reason.")
    good = ("| step | what | time |\n|---|---|---|\n| Rollback | config reverted fleet-wide | 14:05 UTC |\n"
            "...\nnot_applicable:\n  data-loss: 'read-only outage: no write was accepted or lost'")
    bad = "## Overview\n## Details   (a debugging guide that never says where to look, what to do or how to verify)"

    def check(self, page, ctx):
        category, kind = place(page)
        declared = page.meta.get("not_applicable")
        if isinstance(declared, dict):
            applicable = {eid for _, eid, _ in gate_elements_for(category, kind, group_of(page))}
            for eid, reason in declared.items():
                line = page.meta_lines.get(f"not_applicable.{eid}") or page.line_of("not_applicable")
                if eid not in GATE_ELEMENT_IDS:
                    yield self.at(page, line, f"not_applicable: {eid!r} is not a gate element (one of: "
                                              + ", ".join(sorted(GATE_ELEMENT_IDS)) + ")")
                elif eid not in applicable:
                    yield self.at(page, line, f"not_applicable: {eid!r} is not asked of this page's gates; delete it")
                elif not isinstance(reason, str) or len(reason.strip()) < 10 or "\n" in reason.strip():
                    yield self.at(page, line, f"not_applicable: {eid!r} needs its reason in one line "
                                              "(at least 10 characters)")
        for gate, eid, cues in missing_elements(page):
            yield self.at(page, page.body_line,
                          f"{GATE_NAMES[gate]} gate: nothing answers '{eid}' -- a heading, table row, labelled "
                          f"item or diagram label starting with {' / '.join(repr(c) for c in cues[:4])}, "
                          f"or `not_applicable: {{{eid}: reason}}` in front matter")


RULE = GateElements()
