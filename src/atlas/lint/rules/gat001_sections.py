from ...catalog import GATE_SECTIONS, gates_for
from ..context import place
from ..rule import Rule

GATE_NAMES = {"3am": "3 AM", "new-hire": "New Hire", "cfo": "CFO", "incident": "Incident"}


def missing_sections(headings: list[str], gate: str) -> list[tuple[str, ...]]:
    lowered = [h.lower() for h in headings]
    return [alts for alts in GATE_SECTIONS[gate]
            if not any(h.startswith(a.lower()) for h in lowered for a in alts)]


class GateSections(Rule):
    code = "GAT001"
    name = "gate-sections"
    summary = "A page has the sections its quality gates require (3 AM, CFO, Incident; see atlas.catalog)."
    applies_to = "catalogued"
    rationale = ("The plan's four gates are checklists. Which gates apply to which category is one table "
                 "(atlas.catalog.GATES_BY_CATEGORY); each gate names the H2 sections that carry its answers, "
                 "so a reviewer and an on-call reader find them in the same place on every page.")
    good = "## Symptoms\n## Where to look\n## Runbook\n## Recovery   (a debugging guide: 3 AM gate)"
    bad = "## Overview\n## Details   (a debugging guide without its 3 AM sections)"

    def check(self, page, ctx):
        category, kind = place(page)
        gates = gates_for(category, kind)
        h2 = [h.text for h in page.headings if h.level == 2]
        for gate in sorted(gates):
            for alts in missing_sections(h2, gate):
                yield self.at(page, page.body_line, f"{GATE_NAMES[gate]} gate: missing section '## {alts[0]}'"
                                                    + (f" (or: {', '.join(alts[1:])})" if len(alts) > 1 else ""))


RULE = GateSections()
