import re

from ...catalog import GATE_CFO, gates_for
from ..context import group_of, place
from ..rule import Rule

MONEY = re.compile(r"(?:US)?\$\s?\d|\d\s?(?:USD|EUR|€|£)|[€£]\s?\d")


class CfoMoney(Rule):
    code = "GAT004"
    name = "cfo-gate-money"
    summary = "CFO gate: pages that talk cost show amounts in a table."
    applies_to = "catalogued"
    rationale = ("'Costs are shown' means amounts a capacity planner can compare: a table with currency "
                 "figures (sourced, or marked est. with the derivation), not adjectives.")
    good = "| component | monthly | per 1M requests |\n|---|---|---|\n| CloudFront | est. $41,000 | $0.085 |"
    bad = "Costs are significant, especially for storage."

    def check(self, page, ctx):
        category, kind = place(page)
        if GATE_CFO not in gates_for(category, kind, group_of(page)):
            return
        if not any(MONEY.search(text) for text, _ in page.cells):
            yield self.at(page, page.body_line, "CFO gate: no cost table with currency amounts")


RULE = CfoMoney()
